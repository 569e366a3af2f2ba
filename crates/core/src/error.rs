use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// A service error code, typed per domain by the generated crates.
///
/// Each generated crate has one `#[non_exhaustive]` enum with a variant per documented
/// `CBC.*` code and an `Unknown(String)` variant, so a code the docs never listed (or one
/// added later) is kept as text instead of breaking the call.
pub trait ErrorCode: Clone + fmt::Debug + Send + Sync + 'static {
    /// Maps a wire code (`"CBC.0100"`) to its variant; unknown codes map to `Unknown`.
    fn from_code(code: &str) -> Self;
    /// The wire code.
    fn as_str(&self) -> &str;
    /// Whether the code is one the docs list for this domain.
    fn is_known(&self) -> bool;
    /// The HTTP status the docs give for this code, if known.
    fn documented_status(&self) -> Option<u16>;
    /// A short English meaning of the code, if known.
    fn meaning(&self) -> Option<&'static str>;
}

/// What the server sent, kept whole whenever a call fails after a response arrived.
#[derive(Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
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

/// The server answered with an error code, in an error status or inside an HTTP 200 body.
#[derive(Clone, Debug)]
pub struct ServiceError<C> {
    pub code: C,
    /// The server's `error_msg`, as sent.
    pub message: String,
    pub raw: RawResponse,
}

impl<C: ErrorCode> fmt::Display for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} {}: {}",
            self.raw.status.as_u16(),
            self.code.as_str(),
            self.message
        )?;
        if let Some(meaning) = self.code.meaning() {
            write!(f, " ({meaning})")?;
        }
        if let Some(id) = self.raw.request_id() {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// A response arrived but did not match what the operation documents.
#[derive(Debug)]
pub struct ResponseError {
    pub reason: String,
    pub raw: RawResponse,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected response, HTTP {}: {}",
            self.raw.status.as_u16(),
            self.reason
        )?;
        if let Some(id) = self.raw.request_id() {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// No response arrived: connection failure, timeout, or the body could not be read.
#[derive(Debug)]
pub struct TransportError {
    pub source: reqwest::Error,
    /// Whether the request may have reached the server and been applied. Always false for
    /// a failure before any byte was sent (connect), true otherwise.
    pub may_have_been_applied: bool,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.source.is_timeout() {
            "timed out"
        } else {
            "transport failure"
        };
        write!(f, "{what}: {}", self.source)?;
        if self.may_have_been_applied {
            f.write_str(" (the request may have been applied)")?;
        }
        Ok(())
    }
}

/// The request could not be built or sent at all (bad configuration or input).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct BuildError(pub String);

/// Every way a call can fail. The HTTP status, request id and raw body are kept in every
/// variant that saw a response.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The server answered with an error code (typed per domain).
    Service(Box<ServiceError<C>>),
    /// The server answered, but not in a form the operation documents.
    Response(Box<ResponseError>),
    /// No usable response arrived.
    Transport(TransportError),
    /// The request could not be built.
    Build(BuildError),
}

/// Which kind of failure an [`Error`] is, for matching without the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    Service,
    Response,
    Timeout,
    Transport,
    Build,
}

impl<C: ErrorCode> Error<C> {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Service(_) => ErrorKind::Service,
            Error::Response(_) => ErrorKind::Response,
            Error::Transport(t) if t.source.is_timeout() => ErrorKind::Timeout,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Build(_) => ErrorKind::Build,
        }
    }

    /// The typed service error code, if the server sent one.
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Service(e) => Some(&e.code),
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

    /// Whether the operation may have taken effect on the server. Service errors and
    /// build errors did not; a transport failure after sending might have.
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Transport(t) => t.may_have_been_applied,
            Error::Response(r) => r.raw.status.is_success(),
            Error::Service(_) | Error::Build(_) => false,
        }
    }
}

impl<C: ErrorCode> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Response(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Build(e) => write!(f, "request not sent: {e}"),
        }
    }
}

impl<C: ErrorCode> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(t) => Some(&t.source),
            _ => None,
        }
    }
}
