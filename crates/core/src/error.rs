//! The error of every call: what failed, whether the call may have taken effect, and what the
//! server sent.
//!
//! Whether a failed call may have taken effect is decided once, here: see [`Applied`].

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::operation::OperationSpec;

/// Whether a failed call may have taken effect on the server.
///
/// Every error answers [`Error::applied`] with one. The answer is decided once, in this crate,
/// from what the client saw:
///
/// | What happened | [`Applied`] |
/// |---|---|
/// | the request was refused before sending ([`Error::Build`]: bad input, bad header value, an empty or `..` path parameter) | `No` |
/// | no connection could be made (refused, DNS, TLS handshake, connect timeout) | `No` |
/// | the operation deadline passed before the request was sent (pacing, backoff) | `No` |
/// | an HTTP 4xx other than 408, with or without an error code (the gateway's throttling 429 / `APIG.0308` included) | `No` |
/// | a business error code inside a 2xx body (`error_code` other than `CBC.0000`) | `No` |
/// | an HTTP 5xx, whatever the body (`CBC.0999`, the gateway's `APIG.0201` backend timeout, a load balancer's 502/504 HTML page) | `Maybe` |
/// | HTTP 408, a redirect (3xx, never followed), any other status | `Maybe` |
/// | a timeout or a reset after the request was sent, a body cut off or over the size limit | `Maybe` |
/// | a 2xx whose complete body does not decode into the documented type | `Yes` |
///
/// When a call was tried more than once (only reads, or writes whose earlier attempts were
/// provably not applied), the answer is the least certain one over every attempt.
/// For a write, `Maybe` means: look before you act again (query the order, the balance),
/// never blindly repeat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applied {
    /// The service provably did not act: nothing was sent, or its answer says it refused.
    No,
    /// Unknown: the request may have reached the service and been carried out.
    Maybe,
    /// The service answered success, but its answer could not be read.
    Yes,
}

impl Applied {
    /// The less certain of two answers about the same call (`Maybe` over `No`; `Yes` stays).
    pub(crate) fn combine(self, other: Applied) -> Applied {
        match (self, other) {
            (Applied::Yes, _) | (_, Applied::Yes) => Applied::Yes,
            (Applied::Maybe, _) | (_, Applied::Maybe) => Applied::Maybe,
            _ => Applied::No,
        }
    }

    /// The answer an HTTP status gives when the body did not say more.
    pub(crate) fn from_status(status: StatusCode) -> Applied {
        match status.as_u16() {
            408 => Applied::Maybe,
            400..=499 => Applied::No,
            _ => Applied::Maybe,
        }
    }
}

/// What kind of failure a service error code stands for: a fact of the spec
/// (`x-bss-error-codes.*.class`), read by the retry policy and the predicates of [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeClass {
    /// Too many calls: slow down and try again.
    Throttling,
    /// A quota that does not refill soon (a daily cap): trying again today is pointless.
    QuotaExhausted,
    /// A passing fault of the service: a read may be tried again.
    Transient,
    /// The credentials, token or signature were refused.
    Auth,
    /// The caller may not do this (permissions, account state).
    Permission,
    /// The thing asked for does not exist.
    NotFound,
    /// The request itself is wrong (parameters, values).
    InvalidRequest,
}

/// A service error code, typed per domain by the generated crates.
///
/// Each generated crate has one `#[non_exhaustive]` enum with a variant per code the domain
/// documents, a `Common` variant for the codes every operation can return ([`CommonCode`]:
/// the gateway's `APIG.*` codes and the chapter-wide `CBC.0xxx` codes), and `Unknown(String)`,
/// so a code the docs never listed (or one added later) is kept as text instead of breaking
/// the call.
///
/// [`CommonCode`]: crate::CommonCode
pub trait ErrorCode: Clone + fmt::Debug + Send + Sync + 'static {
    /// Maps a wire code (`"CBC.0100"`) to its variant; unknown codes map to `Unknown`.
    fn from_code(code: &str) -> Self;
    /// The wire code.
    fn as_str(&self) -> &str;
    /// Whether the code is one the docs list (for this domain or for every operation).
    fn is_known(&self) -> bool;
    /// The HTTP status the docs give for this code, if known.
    fn documented_status(&self) -> Option<u16>;
    /// A short English meaning of the code, if known.
    fn meaning(&self) -> Option<&'static str>;
    /// What kind of failure the code stands for, where the spec says.
    fn class(&self) -> Option<CodeClass> {
        None
    }
}

/// What the server sent, kept whenever a call fails after a response arrived. The body is
/// whole unless it was over the client's size limit ([`ResponseErrorKind::BodyTooLarge`]),
/// in which case a bounded prefix is kept.
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers (a redirect's `Location` included).
    pub headers: HeaderMap,
    /// The body as received (or its prefix, see above).
    pub body: Bytes,
}

impl RawResponse {
    /// The gateway's request id (`X-Request-Id`), to quote when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The body as text (lossy for invalid UTF-8).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 512;
        let text = self.body_text();
        let mut end = text.len().min(SHOWN);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        f.debug_struct("RawResponse")
            .field("status", &self.status.as_u16())
            .field("request_id", &self.request_id())
            .field("body", &&text[..end])
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The server answered with an error code, in an error status or inside a 2xx body.
#[derive(Clone, Debug)]
pub struct ServiceError<C> {
    /// The operation that failed.
    pub operation: &'static OperationSpec,
    /// The typed code.
    pub code: C,
    /// The server's message (`error_msg`), as sent; a message that is not a JSON string is kept
    /// as its JSON text.
    pub message: String,
    /// What the server sent.
    pub raw: RawResponse,
}

impl<C: ErrorCode> ServiceError<C> {
    /// `No` for a business error in a 2xx or a 4xx other than 408; `Maybe` otherwise.
    pub fn applied(&self) -> Applied {
        if self.raw.status.is_success() {
            Applied::No
        } else {
            Applied::from_status(self.raw.status)
        }
    }
}

/// How a response failed to match what the operation documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseErrorKind {
    /// A 2xx body that does not decode into the documented type (or is empty where a body is
    /// documented).
    Undecodable,
    /// An error status whose body carries no error code (a proxy's HTML page, an empty body).
    NoErrorCode,
    /// A redirect (3xx). The client never follows one: the `Location` header is in the raw
    /// response.
    Redirect,
    /// The body was larger than the client's limit ([`ConfigBuilder::max_response_body`]);
    /// the raw response keeps a bounded prefix.
    ///
    /// [`ConfigBuilder::max_response_body`]: crate::ConfigBuilder::max_response_body
    BodyTooLarge,
}

/// A response arrived but did not match what the operation documents.
#[derive(Debug)]
pub struct ResponseError {
    /// The operation that failed.
    pub operation: &'static OperationSpec,
    /// What was wrong with it.
    pub kind: ResponseErrorKind,
    /// The details (the decoder's message, the limit), for people.
    pub reason: String,
    /// What the server sent.
    pub raw: RawResponse,
    pub(crate) applied: Applied,
}

impl ResponseError {
    pub(crate) fn new(
        operation: &'static OperationSpec,
        kind: ResponseErrorKind,
        reason: impl Into<String>,
        raw: RawResponse,
    ) -> Self {
        let applied = match kind {
            ResponseErrorKind::Undecodable if mentions_error_code(&raw.body) => Applied::Maybe,
            ResponseErrorKind::Undecodable => Applied::Yes,
            ResponseErrorKind::BodyTooLarge if raw.status.is_success() => Applied::Maybe,
            ResponseErrorKind::Redirect => Applied::Maybe,
            _ => Applied::from_status(raw.status),
        };
        ResponseError {
            operation,
            kind,
            reason: reason.into(),
            raw,
            applied,
        }
    }

    /// Whether the call may have taken effect (see [`Applied`]).
    pub fn applied(&self) -> Applied {
        self.applied
    }
}

/// A 2xx body that is not JSON but names an error-code key may be a cut-off business error:
/// never report such a call as applied.
fn mentions_error_code(body: &[u8]) -> bool {
    crate::envelope::could_hold_code(body) && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err()
}

/// Why no usable response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: nothing was sent.
    Connect,
    /// The attempt's time ran out (the attempt timeout, or the operation deadline while the
    /// attempt was under way).
    Timeout,
    /// The operation deadline passed before the request could be sent (waiting for pacing or
    /// for a retry): nothing (more) was sent.
    DeadlineBeforeSend,
    /// The connection failed after the request was (or may have been) sent, or the body was
    /// cut off.
    Io,
}

/// No usable response arrived: connection failure, timeout, or a body that could not be read.
#[derive(Debug)]
pub struct TransportError {
    /// The operation that failed.
    pub operation: &'static OperationSpec,
    /// What went wrong.
    pub kind: TransportErrorKind,
    pub(crate) applied: Applied,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// Whether the call may have taken effect (see [`Applied`]).
    pub fn applied(&self) -> Applied {
        self.applied
    }

    /// The innermost cause, such as "Connection refused (os error 111)".
    pub fn cause(&self) -> Option<String> {
        let mut cause: &(dyn std::error::Error + 'static) = self.source.as_deref()?;
        while let Some(next) = cause.source() {
            cause = next;
        }
        Some(cause.to_string())
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::DeadlineBeforeSend => "operation deadline reached before sending",
            TransportErrorKind::Io => "connection failed after sending",
        })?;
        if let Some(cause) = self.cause() {
            write!(f, ": {cause}")?;
        }
        Ok(())
    }
}

/// The request could not be built, so nothing was sent (bad configuration or input).
#[derive(Debug, Clone)]
pub struct BuildError {
    /// The operation, when the error arose while building one of its calls.
    pub operation: Option<&'static str>,
    /// What was wrong.
    pub message: String,
}

impl BuildError {
    /// A build error not tied to an operation (configuration).
    pub fn new(message: impl Into<String>) -> Self {
        BuildError {
            operation: None,
            message: message.into(),
        }
    }

    /// A request builder of `operation` lacks the required value `field`.
    pub fn missing(operation: &'static str, field: &str) -> Self {
        BuildError {
            operation: Some(operation),
            message: format!("`{field}` is required and was not set; nothing was sent"),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "request not sent: {}", self.message)
    }
}

impl std::error::Error for BuildError {}

/// A paged stream was ended by its guard: the server repeated a page (it ignored the offset) or
/// kept sending pages past every bound.
#[derive(Debug, Clone)]
pub struct PagingError {
    /// The list operation.
    pub operation: &'static OperationSpec,
    /// The offset (record offset or page number) of the page that tripped the guard.
    pub offset: i64,
    /// What tripped it.
    pub reason: String,
}

/// Every way a call can fail. The HTTP status, request id and raw body are kept in every
/// variant that saw a response; [`Error::applied`] says whether the call may have taken effect.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The server answered with an error code (typed per domain).
    Service(Box<ServiceError<C>>),
    /// The server answered, but not in a form the operation documents.
    Response(Box<ResponseError>),
    /// No usable response arrived.
    Transport(Box<TransportError>),
    /// The request could not be built; nothing was sent.
    Build(BuildError),
    /// A page stream was stopped by its guard.
    Paging(Box<PagingError>),
}

/// Which kind of failure an [`Error`] is, for matching without the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::Service`].
    Service,
    /// [`Error::Response`].
    Response,
    /// [`Error::Transport`] of kind [`TransportErrorKind::Timeout`].
    Timeout,
    /// Any other [`Error::Transport`].
    Transport,
    /// [`Error::Build`].
    Build,
    /// [`Error::Paging`].
    Paging,
}

impl<C: ErrorCode> Error<C> {
    /// Which kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Service(_) => ErrorKind::Service,
            Error::Response(_) => ErrorKind::Response,
            Error::Transport(t) if t.kind == TransportErrorKind::Timeout => ErrorKind::Timeout,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Build(_) => ErrorKind::Build,
            Error::Paging(_) => ErrorKind::Paging,
        }
    }

    /// The operation's static facts, when the error arose in a call.
    pub fn operation_spec(&self) -> Option<&'static OperationSpec> {
        match self {
            Error::Service(e) => Some(e.operation),
            Error::Response(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::Paging(e) => Some(e.operation),
            Error::Build(_) => None,
        }
    }

    /// The operation id (`PayOrders`), when the error arose in a call.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Build(e) => e.operation,
            _ => self.operation_spec().map(|op| op.id),
        }
    }

    /// The typed service error code, if the server sent one.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The server's error message, if it sent an error code.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.message),
            _ => None,
        }
    }

    /// The raw response, if one arrived.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Error::Service(e) => Some(&e.raw),
            Error::Response(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.raw_response().map(|r| r.status)
    }

    /// The gateway's request id, if a response arrived and carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.raw_response().and_then(RawResponse::request_id)
    }

    /// Whether the call may have taken effect on the server (see [`Applied`]).
    pub fn applied(&self) -> Applied {
        match self {
            Error::Service(e) => e.applied(),
            Error::Response(e) => e.applied,
            Error::Transport(e) => e.applied,
            Error::Build(_) => Applied::No,
            // A stream's earlier pages were read; the guard stops before reading more.
            Error::Paging(_) => Applied::No,
        }
    }

    /// The class the spec gives the error code, if any.
    pub fn code_class(&self) -> Option<CodeClass> {
        self.code().and_then(ErrorCode::class)
    }

    /// Throttled: HTTP 429 or a code the spec classes as throttling (`APIG.0308`,
    /// `CBC.0250`, `CBC.99008040`). A daily cap is not throttling (see [`CodeClass::QuotaExhausted`]).
    pub fn is_throttling(&self) -> bool {
        match self.code_class() {
            Some(class) => class == CodeClass::Throttling,
            None => self.status().is_some_and(|s| s.as_u16() == 429),
        }
    }

    /// A timeout (attempt timeout or operation deadline).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(t) if matches!(t.kind, TransportErrorKind::Timeout | TransportErrorKind::DeadlineBeforeSend))
    }

    /// The credentials, token or signature were refused (HTTP 401, or a code the spec classes
    /// as authentication, such as the gateway's `APIG.0301`).
    pub fn is_auth(&self) -> bool {
        self.code_class() == Some(CodeClass::Auth) || self.status().is_some_and(|s| s.as_u16() == 401)
    }

    /// The caller may not do this (a code the spec classes as a permission refusal, such as
    /// `CBC.0151`).
    pub fn is_permission(&self) -> bool {
        self.code_class() == Some(CodeClass::Permission)
    }

    /// The thing asked for does not exist, where the spec documents a code for it (or HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.code_class() == Some(CodeClass::NotFound) || self.status().is_some_and(|s| s.as_u16() == 404)
    }

    /// Whether trying the same call again later may succeed: throttling, a transient service
    /// fault (5xx, a transient code), a timeout, a connection failure. It says nothing about
    /// safety: for a write, also check [`Error::applied`] (the client itself only repeats a
    /// write whose earlier attempt was provably not applied).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => match e.code.class() {
                Some(CodeClass::Throttling | CodeClass::Transient) => true,
                Some(_) => false,
                None => e.raw.status.as_u16() == 429 || e.raw.status.is_server_error(),
            },
            Error::Response(e) => {
                e.raw.status.as_u16() == 429 || e.raw.status.is_server_error() || e.raw.status.as_u16() == 408
            }
            Error::Transport(_) => true,
            Error::Build(_) | Error::Paging(_) => false,
        }
    }
}

/// " — the request may have been applied" for writes only: a read changes nothing.
fn write_applied_note(f: &mut fmt::Formatter<'_>, op: &OperationSpec, applied: Applied) -> fmt::Result {
    if op.idempotent {
        return Ok(());
    }
    match applied {
        Applied::No => Ok(()),
        Applied::Maybe => f.write_str("; the request may have been applied"),
        Applied::Yes => f.write_str("; the request was applied, but its answer could not be read"),
    }
}

fn write_request_id(f: &mut fmt::Formatter<'_>, raw: &RawResponse) -> fmt::Result {
    match raw.request_id() {
        Some(id) => write!(f, " [request id {id}]"),
        None => Ok(()),
    }
}

impl<C: ErrorCode> fmt::Display for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: HTTP {} {}: {}",
            self.operation.id,
            self.raw.status.as_u16(),
            self.code.as_str(),
            self.message
        )?;
        if let Some(meaning) = self.code.meaning() {
            if meaning != self.message {
                write!(f, " ({meaning})")?;
            }
        }
        write_request_id(f, &self.raw)?;
        write_applied_note(f, self.operation, self.applied())
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: unexpected response, HTTP {}: {}",
            self.operation.id,
            self.raw.status.as_u16(),
            self.reason
        )?;
        write_request_id(f, &self.raw)?;
        write_applied_note(f, self.operation, self.applied)
    }
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: page stream stopped at offset {}: {}",
            self.operation.id, self.offset, self.reason
        )
    }
}

impl<C: ErrorCode> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Response(e) => e.fmt(f),
            Error::Transport(e) => {
                write!(f, "{}: {e}", e.operation.id)?;
                write_applied_note(f, e.operation, e.applied)
            }
            Error::Build(e) => e.fmt(f),
            Error::Paging(e) => e.fmt(f),
        }
    }
}

impl<C: ErrorCode> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(t) => t.source.as_deref().map(|e| e as _),
            _ => None,
        }
    }
}
