use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::config::{Config, ConfigBuilder};
use crate::envelope;
use crate::error::{
    Applied, BuildError, Error, ErrorCode, RawResponse, ResponseError, ResponseErrorKind, ServiceError, TransportError,
    TransportErrorKind,
};
use crate::operation::OperationSpec;
use crate::ratelimit::{Limiter, RateLimit};
use crate::request::Request;
use crate::retry::{self, RetryConfig};
use crate::signer;

/// How much of a body over the size limit is kept in the error.
const KEPT_PREFIX: usize = 64 * 1024;

/// The transport every generated client shares: configuration, credentials, signing, HTTP,
/// error decoding. Cheap to clone (one `Arc`).
#[derive(Clone, Debug)]
pub struct Client {
    config: Arc<Config>,
    shared: Arc<Shared>,
}

/// What every clone shares, whatever its settings: the connection pool and the pacing.
#[derive(Debug)]
struct Shared {
    http: reqwest::Client,
    limiter: Limiter,
}

impl Client {
    /// A builder with every setting at its default.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A client configured as the official SDKs would be from this environment: credentials
    /// from the default chain ([`DefaultChain`](crate::credentials::DefaultChain): the
    /// `HUAWEICLOUD_SDK_AK`/`_SK`/`_SECURITY_TOKEN`/`_DOMAIN_ID` variables, else the profile
    /// file `~/.huaweicloud/credentials` or `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else the ECS
    /// metadata service if `HUAWEICLOUD_BSS_METADATA_URL` is set), the site from
    /// `HUAWEICLOUD_BSS_SITE` (default China). Fails, listing what was tried, when there are no
    /// credentials.
    pub fn from_env() -> Result<Self, BuildError> {
        Self::builder().site_from_env()?.default_chain()?.build()
    }

    pub(crate) fn from_parts(config: Config, http: reqwest::Client) -> Self {
        Client {
            config: Arc::new(config),
            shared: Arc::new(Shared {
                http,
                limiter: Limiter::default(),
            }),
        }
    }

    /// The settings of this client.
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn with_config(&self, f: impl FnOnce(&mut Config)) -> Self {
        let mut config = (*self.config).clone();
        f(&mut config);
        Client {
            config: Arc::new(config),
            shared: self.shared.clone(),
        }
    }

    /// A client with other retry settings, sharing this one's connections and pacing; use it
    /// for one call or many (`orders.map_inner(|c| c.with_retry(RetryConfig::disabled()))`).
    pub fn with_retry(&self, retry: RetryConfig) -> Self {
        self.with_config(|c| c.retry = retry)
    }

    /// A client with another rate limit, sharing this one's connections and pacing slots.
    pub fn with_rate_limit(&self, rate_limit: RateLimit) -> Self {
        self.with_config(|c| c.rate_limit = rate_limit)
    }

    /// A client with another per-attempt timeout.
    pub fn with_attempt_timeout(&self, timeout: Duration) -> Self {
        self.with_config(|c| c.attempt_timeout = timeout.max(Duration::from_millis(1)))
    }

    /// A client with another operation deadline (attempts, backoff and pacing together).
    pub fn with_operation_timeout(&self, timeout: Duration) -> Self {
        self.with_config(|c| c.operation_timeout = timeout.max(Duration::from_millis(1)))
    }

    /// Sends `request` and decodes a JSON body of type `T`.
    pub async fn send_json<T: DeserializeOwned, C: ErrorCode>(&self, request: Request) -> Result<T, Error<C>> {
        let op = request.operation;
        let raw = self.execute(&request).await?;
        if raw.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Response(Box::new(ResponseError::new(
                op,
                ResponseErrorKind::Undecodable,
                "empty body where the operation documents a JSON body",
                raw,
            ))));
        }
        crate::objects_only::from_slice(&raw.body).map_err(|e| {
            Error::Response(Box::new(ResponseError::new(
                op,
                ResponseErrorKind::Undecodable,
                format!("body does not match the documented schema: {e}"),
                raw,
            )))
        })
    }

    /// Sends `request` for an operation that answers success without a body (`204`).
    pub async fn send_no_content<C: ErrorCode>(&self, request: Request) -> Result<(), Error<C>> {
        self.execute(&request).await.map(drop)
    }

    /// Sends `request`, pacing it and retrying what is safe to retry within the operation
    /// deadline, and classifies the answer: a response with an error code (in an error status,
    /// or inside a 2xx body) becomes [`Error::Service`].
    async fn execute<C: ErrorCode>(&self, request: &Request) -> Result<RawResponse, Error<C>> {
        let op = request.operation;
        if let Some(problem) = &request.invalid {
            return Err(build_error(op, problem.clone()));
        }
        let base = self
            .config
            .base_url(op.api)
            .map_err(|problem| build_error(op, problem))?;
        let filled;
        let request = match self.fill_in(request).await? {
            Some(r) => {
                filled = r;
                &filled
            }
            None => request,
        };
        let span = tracing::info_span!(
            "bss.call",
            operation = op.id,
            method = op.method,
            attempt = tracing::field::Empty,
            http.status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        async {
            let started = Instant::now();
            let deadline = started + self.config.operation_timeout;
            let retry = self.config.retry;
            // The least certain answer over the attempts so far (see `Applied`).
            let mut applied = Applied::No;
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                let wait = self.shared.limiter.reserve(self.config.rate_limit, op);
                if Instant::now() + wait >= deadline {
                    return Err(deadline_before_send(op, applied));
                }
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                let time_left = deadline.saturating_duration_since(Instant::now());
                let result = self
                    .send_once(request, &base, time_left)
                    .await
                    .and_then(|raw| classify(op, raw));
                let span = tracing::Span::current();
                span.record("attempt", attempt);
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                let mut error = match result {
                    Ok(raw) => {
                        record_response(&span, &raw);
                        return Ok(raw);
                    }
                    Err(error) => error,
                };
                if let Some(raw) = error.raw_response() {
                    record_response(&span, raw);
                }
                applied = applied.combine(error.applied());
                set_applied(&mut error, applied);
                let Some(reason) = retry::classify(&error, op) else {
                    return Err(error);
                };
                if attempt >= retry.max_attempts {
                    return Err(error);
                }
                let delay = retry.backoff(attempt, retry::retry_after(&error));
                if Instant::now().checked_add(delay).is_none_or(|at| at >= deadline) {
                    return Err(error);
                }
                tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, ?reason, "retrying");
                tokio::time::sleep(delay).await;
            }
        }
        .instrument(span)
        .await
    }

    /// What the client adds to a request from its settings, once per call: the account id of a
    /// `{domain_id}` / `{partner_id}` left empty, the language of a localized operation.
    /// `None` when nothing is added.
    async fn fill_in<C: ErrorCode>(&self, request: &Request) -> Result<Option<Request>, Error<C>> {
        let op = request.operation;
        let language = self.config.language.as_ref().filter(|_| op.localized).filter(|_| {
            !request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("X-Language"))
        });
        if request.account_param.is_none() && language.is_none() {
            return Ok(None);
        }
        let mut r = request.clone();
        if let Some(name) = r.account_param.take() {
            let id = match (&self.config.domain_id, &self.config.credentials) {
                (Some(id), _) => Some(id.clone()),
                (None, Some(shared)) => shared
                    .resolve()
                    .await
                    .map_err(|e| build_error(op, format!("credentials: {e}")))?
                    .domain_id()
                    .map(str::to_string),
                (None, None) => None,
            };
            let Some(id) = id else {
                return Err(build_error(
                    op,
                    format!(
                        "`{name}` was not given and the client has no account id: set it on the call, \
                         with ConfigBuilder::domain_id, or in the credentials (HUAWEICLOUD_SDK_DOMAIN_ID)"
                    ),
                ));
            };
            r.path_param(name, &id.as_str());
            if let Some(problem) = &r.invalid {
                return Err(build_error(op, problem.clone()));
            }
        }
        if let Some(language) = language {
            r.header("X-Language", &language.as_str());
        }
        Ok(Some(r))
    }

    /// One attempt: sign, send, read the body within the size limit. Never follows a redirect.
    async fn send_once<C: ErrorCode>(
        &self,
        request: &Request,
        base: &str,
        time_left: Duration,
    ) -> Result<RawResponse, Error<C>> {
        let op = request.operation;
        let config = &self.config;
        let query = signer::canonical_query(&request.query);
        let url = if query.is_empty() {
            format!("{base}{}", request.path)
        } else {
            format!("{base}{}?{query}", request.path)
        };
        let url = url::Url::parse(&url).map_err(|e| build_error(op, format!("invalid URL {url:?}: {e}")))?;

        // Defaults first; a header the request sets replaces the default of the same name.
        let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers.len() + 6);
        headers.push(("Content-Type".into(), "application/json".into()));
        for (name, value) in &request.headers {
            signer::set_header(&mut headers, name, value.as_str());
        }
        let body: &[u8] = request.body.as_deref().unwrap_or_default();
        if let Some(shared) = &config.credentials {
            let credentials = shared
                .resolve()
                .await
                .map_err(|e| build_error(op, format!("credentials: {e}")))?;
            let host = match url.port() {
                Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
                None => url.host_str().unwrap_or_default().to_string(),
            };
            let target = signer::RequestToSign {
                method: op.method,
                path: url.path(),
                canonical_query: &query,
                host: &host,
                headers: &mut headers,
                body,
            };
            signer::authenticate(&credentials, target, time::OffsetDateTime::now_utc());
        }
        let mut header_map = header_map(op, headers)?;
        header_map.insert(http::header::USER_AGENT, config.user_agent.clone());

        let method = http::Method::from_bytes(op.method.as_bytes())
            .map_err(|e| build_error(op, format!("invalid method: {e}")))?;
        let sent_url = url.clone();
        let mut builder = self
            .shared
            .http
            .request(method, url)
            .timeout(config.attempt_timeout.min(time_left))
            .headers(header_map);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await.map_err(|e| transport_error(op, e, false))?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        if response.url() != &sent_url {
            // An injected client followed a redirect: the answer is not the one asked for.
            let raw = RawResponse {
                status,
                headers,
                body: Bytes::new(),
            };
            let reason = format!("the HTTP client followed a redirect to {}", response.url());
            return Err(Error::Response(Box::new(ResponseError::new(
                op,
                ResponseErrorKind::Redirect,
                reason,
                raw,
            ))));
        }
        let limit = config.max_response_body;
        let announced = response.content_length().unwrap_or(0);
        let mut too_large = announced > limit as u64;
        let mut body = BytesMut::with_capacity((announced as usize).min(limit).min(1 << 20));
        // Past the limit, only a prefix is kept, and reading stops as soon as it is full.
        while !(too_large && body.len() >= KEPT_PREFIX) {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    too_large |= body.len() + chunk.len() > limit;
                    let room = if too_large {
                        KEPT_PREFIX.saturating_sub(body.len())
                    } else {
                        chunk.len()
                    };
                    body.extend_from_slice(&chunk[..room.min(chunk.len())]);
                }
                Ok(None) => break,
                Err(e) => return Err(transport_error(op, e, true)),
            }
        }
        let mut raw = RawResponse {
            status,
            headers,
            body: body.freeze(),
        };
        if too_large {
            raw.body.truncate(KEPT_PREFIX);
            let reason = format!("the body is larger than the limit of {limit} bytes (only its start is kept)");
            return Err(Error::Response(Box::new(ResponseError::new(
                op,
                ResponseErrorKind::BodyTooLarge,
                reason,
                raw,
            ))));
        }
        if status.is_redirection() {
            let reason = match raw.headers.get(http::header::LOCATION).and_then(|l| l.to_str().ok()) {
                Some(location) => format!("redirect to {location} (not followed)"),
                None => "redirect (not followed)".to_string(),
            };
            return Err(Error::Response(Box::new(ResponseError::new(
                op,
                ResponseErrorKind::Redirect,
                reason,
                raw,
            ))));
        }
        Ok(raw)
    }
}

fn record_response(span: &tracing::Span, raw: &RawResponse) {
    span.record("http.status", raw.status.as_u16());
    if let Some(id) = raw.request_id() {
        span.record("request_id", id);
    }
}

fn build_error<C>(op: &'static OperationSpec, message: String) -> Error<C> {
    Error::Build(BuildError {
        operation: Some(op.id),
        message,
    })
}

fn deadline_before_send<C>(op: &'static OperationSpec, applied: Applied) -> Error<C> {
    Error::Transport(Box::new(TransportError {
        operation: op,
        kind: TransportErrorKind::DeadlineBeforeSend,
        applied,
        source: None,
    }))
}

/// Headers to send, validated: a value that cannot be sent is a build error (nothing sent),
/// and credentials are marked sensitive so that no HTTP layer logs them.
fn header_map<C>(op: &'static OperationSpec, headers: Vec<(String, String)>) -> Result<HeaderMap, Error<C>> {
    let mut map = HeaderMap::with_capacity(headers.len() + 1);
    for (name, value) in headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| build_error(op, format!("invalid header name {name:?}")))?;
        let sensitive = matches!(header.as_str(), "authorization" | "x-auth-token" | "x-security-token");
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            let shown = if sensitive {
                "(secret)".to_string()
            } else {
                format!("{value:?}")
            };
            build_error(op, format!("invalid value {shown} for header {name}"))
        })?;
        value.set_sensitive(sensitive);
        map.append(header, value);
    }
    Ok(map)
}

/// A reqwest failure: before anything was sent (`Connect`, applied `No`), a timeout, or an I/O
/// failure after sending (applied `Maybe`). `reading_body`: the status line had arrived.
fn transport_error<C>(op: &'static OperationSpec, e: reqwest::Error, reading_body: bool) -> Error<C> {
    let (kind, applied) = if e.is_builder() {
        return build_error(op, e.to_string());
    } else if e.is_connect() && !reading_body {
        (TransportErrorKind::Connect, Applied::No)
    } else if e.is_timeout() {
        (TransportErrorKind::Timeout, Applied::Maybe)
    } else {
        (TransportErrorKind::Io, Applied::Maybe)
    };
    Error::Transport(Box::new(TransportError {
        operation: op,
        kind,
        applied,
        source: Some(Box::new(e)),
    }))
}

/// Records the least certain answer over every attempt on the error returned.
fn set_applied<C>(error: &mut Error<C>, applied: Applied) {
    match error {
        Error::Response(e) => e.applied = applied.combine(e.applied),
        Error::Transport(e) => e.applied = applied.combine(e.applied),
        // A service error's answer comes from its status; an earlier `Maybe` attempt would
        // not have been retried unless the operation is idempotent.
        Error::Service(_) | Error::Build(_) | Error::Paging(_) => {}
    }
}

/// Turns a raw response into success or a typed service error.
fn classify<C: ErrorCode>(op: &'static OperationSpec, raw: RawResponse) -> Result<RawResponse, Error<C>> {
    let probe = envelope::probe(&raw.body);
    if let Some(found) = probe.error {
        return Err(Error::Service(Box::new(ServiceError {
            operation: op,
            code: C::from_code(&found.code),
            message: found.message,
            raw,
        })));
    }
    if raw.status.is_success() {
        if probe.malformed && !raw.body.is_empty() {
            // Malformed, and it could spell an error code: never read it as a success.
            return Err(Error::Response(Box::new(ResponseError::new(
                op,
                ResponseErrorKind::Undecodable,
                "a success status with a malformed body that names an error code",
                raw,
            ))));
        }
        return Ok(raw);
    }
    let reason = if raw.body.is_empty() {
        "error status with an empty body".to_string()
    } else if probe.malformed || serde_json::from_slice::<serde::de::IgnoredAny>(&raw.body).is_err() {
        "error status with a body that is not JSON".to_string()
    } else {
        "error status without an error code".to_string()
    };
    Err(Error::Response(Box::new(ResponseError::new(
        op,
        ResponseErrorKind::NoErrorCode,
        reason,
        raw,
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{Code, PAY};
    use http::{HeaderMap, StatusCode};

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "rid-1".parse().unwrap());
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: Bytes::from(body.to_string()),
        }
    }

    fn check(status: u16, body: &str) -> Result<RawResponse, Error<Code>> {
        classify::<Code>(&PAY, raw(status, body))
    }

    #[test]
    fn credentials_are_sensitive_headers_and_bad_values_are_build_errors() {
        let headers = vec![
            ("Authorization".to_string(), "SDK-HMAC-SHA256 x".to_string()),
            ("X-Security-Token".to_string(), "token".to_string()),
            ("X-Auth-Token".to_string(), "token".to_string()),
            ("X-Language".to_string(), "zh_CN".to_string()),
        ];
        let map = header_map::<Code>(&PAY, headers).unwrap();
        let mut sensitive: Vec<_> = map
            .iter()
            .filter(|(_, v)| v.is_sensitive())
            .map(|(n, _)| n.as_str())
            .collect();
        sensitive.sort_unstable();
        assert_eq!(sensitive, ["authorization", "x-auth-token", "x-security-token"]);

        let bad = vec![("X-Auth-Token".to_string(), "secret\nvalue".to_string())];
        let Err(Error::Build(e)) = header_map::<Code>(&PAY, bad) else {
            panic!()
        };
        assert!(!e.to_string().contains("s3cr3t"), "a secret never appears: {e}");
    }

    #[test]
    fn success_bodies_with_the_success_code_are_successes() {
        assert!(check(200, r#"{"error_code":"CBC.0000","error_msg":"success"}"#).is_ok());
        assert!(
            check(200, r#"{"items":[{"error_code":"CBC.1"}]}"#).is_ok(),
            "nested codes are data"
        );
        assert!(check(204, "").is_ok());
        assert!(check(200, "not json at all").is_ok(), "decoding decides later");
    }

    #[test]
    fn a_business_error_inside_a_200_is_a_service_error() {
        let Err(Error::Service(e)) = check(200, r#"{"error_code":"CBC.99003106","error_msg":"changed"}"#) else {
            panic!("expected a service error")
        };
        assert_eq!(
            (e.code.0.as_str(), e.message.as_str(), e.raw.status.as_u16()),
            ("CBC.99003106", "changed", 200)
        );
        assert_eq!(e.applied(), Applied::No);
    }

    #[test]
    fn a_malformed_success_body_that_names_a_code_is_not_a_success() {
        let Err(Error::Response(e)) = check(200, r#"{"order_id":"1","error_code":"#) else {
            panic!("expected a response error")
        };
        assert_eq!(e.applied(), Applied::Maybe);
    }

    #[test]
    fn error_statuses_keep_status_request_id_and_raw_body() {
        let Err(Error::Service(e)) = check(400, r#"{"error_code":"CBC.0100","error_msg":"bad"}"#) else {
            panic!()
        };
        assert_eq!(e.raw.request_id(), Some("rid-1"));
        assert_eq!(e.to_string(), "PayOrders: HTTP 400 CBC.0100: bad [request id rid-1]");
        for body in ["<html>502 Bad Gateway</html>", "{}", ""] {
            let Err(Error::Response(e)) = check(502, body) else {
                panic!("{body}")
            };
            assert_eq!((e.raw.status.as_u16(), e.raw.body.as_ref()), (502, body.as_bytes()));
            assert_eq!(e.raw.request_id(), Some("rid-1"));
            assert_eq!(e.applied(), Applied::Maybe);
            assert!(e.to_string().ends_with("; the request may have been applied"), "{e}");
        }
    }
}
