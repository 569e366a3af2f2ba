use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tracing::Instrument;

use crate::config::{Config, ConfigBuilder};
use crate::credentials::Credentials;
use crate::error::{BuildError, Error, ErrorCode, RawResponse, ResponseError, ServiceError, TransportError};
use crate::ratelimit::{Limiter, RateLimit};
use crate::request::Request;
use crate::retry::{Outcome, RetryConfig};
use crate::signer;

/// The success code that v1.0 operations put in successful bodies.
const SUCCESS_CODE: &str = "CBC.0000";

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

/// The error envelope the service uses, in error statuses and (for business failures) in
/// HTTP 200 bodies.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default, alias = "errorCode")]
    error_code: Option<String>,
    #[serde(default, alias = "errorMsg", alias = "error_message")]
    error_msg: Option<String>,
}

impl Client {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A client for the default endpoint with credentials from the environment
    /// (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, ...).
    pub fn from_env() -> Result<Self, BuildError> {
        let credentials = Credentials::from_env().map_err(|e| BuildError(e.to_string()))?;
        Self::builder().credentials(credentials).build()
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
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        self.with_config(|c| c.timeout = timeout)
    }

    /// Sends `request` and decodes a JSON body of type `T`.
    pub async fn send_json<T: DeserializeOwned, C: ErrorCode>(&self, request: Request) -> Result<T, Error<C>> {
        let raw = self.execute(&request).await?;
        if raw.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Response(Box::new(ResponseError {
                reason: "empty body where the operation documents a JSON body".into(),
                raw,
            })));
        }
        serde_json::from_slice(&raw.body).map_err(|e| {
            Error::Response(Box::new(ResponseError {
                reason: format!("body does not match the documented schema: {e}"),
                raw,
            }))
        })
    }

    /// Sends `request` for an operation that answers success without a body (`204`).
    pub async fn send_no_content<C: ErrorCode>(&self, request: Request) -> Result<(), Error<C>> {
        self.execute(&request).await.map(drop)
    }

    /// Sends `request`, pacing it and retrying what is safe to retry, and classifies the
    /// answer: a response with an error code (in an error status, or inside a 2xx body)
    /// becomes [`Error::Service`].
    async fn execute<C: ErrorCode>(&self, request: &Request) -> Result<RawResponse, Error<C>> {
        let op = request.operation;
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
            let retry = self.config.retry;
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                let wait = self.shared.limiter.reserve(self.config.rate_limit, op);
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                let result = self.send_once(request).await.and_then(classify);
                let span = tracing::Span::current();
                span.record("attempt", attempt);
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                if let Some(raw) = match &result {
                    Ok(raw) => Some(raw),
                    Err(e) => e.raw_response(),
                } {
                    span.record("http.status", raw.status.as_u16());
                    if let Some(id) = raw.request_id() {
                        span.record("request_id", id);
                    }
                }
                let outcome = Outcome::of(&result);
                let Some(retry_after) = outcome.retry(op.idempotent) else {
                    return result;
                };
                if attempt >= retry.max_attempts {
                    return result;
                }
                let delay = retry.backoff(attempt, retry_after);
                if started.elapsed() + delay > retry.max_elapsed {
                    return result;
                }
                tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, ?outcome, "retrying");
                tokio::time::sleep(delay).await;
            }
        }
        .instrument(span)
        .await
    }

    async fn send_once<C: ErrorCode>(&self, request: &Request) -> Result<RawResponse, Error<C>> {
        let config = &self.config;
        let endpoint = &config.endpoint;
        let query = signer::canonical_query(&request.query);
        let base = endpoint.as_str().trim_end_matches('/');
        let url = if query.is_empty() {
            format!("{base}{}", request.path)
        } else {
            format!("{base}{}?{query}", request.path)
        };
        let url = url::Url::parse(&url).map_err(|e| Error::Build(BuildError(format!("invalid URL {url:?}: {e}"))))?;

        let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers.len() + 6);
        headers.push(("Content-Type".into(), "application/json".into()));
        headers.push(("User-Agent".into(), config.user_agent.clone()));
        headers.extend(request.headers.iter().cloned());
        let body: &[u8] = request.body.as_deref().unwrap_or_default();
        match &config.credentials {
            Some(Credentials::AkSk {
                access_key,
                secret_key,
                security_token,
                domain_id,
            }) => {
                let host = match url.port() {
                    Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
                    None => url.host_str().unwrap_or_default().to_string(),
                };
                let date = signer::sdk_date(time::OffsetDateTime::now_utc());
                headers.push(("Host".into(), host));
                headers.push((signer::HEADER_DATE.into(), date.clone()));
                if let Some(domain_id) = domain_id {
                    headers.push(("X-Domain-Id".into(), domain_id.clone()));
                }
                if let Some(token) = security_token {
                    headers.push(("X-Security-Token".into(), token.expose().to_string()));
                }
                let signable = signer::SignableRequest {
                    method: request.operation.method,
                    path: url.path(),
                    query: &request.query,
                    headers: &headers,
                    body,
                };
                let authorization =
                    signer::authorization_with_query(access_key, secret_key.expose(), &signable, &query, &date);
                headers.push(("Authorization".into(), authorization));
            }
            Some(Credentials::Token { token }) => {
                headers.push(("X-Auth-Token".into(), token.expose().to_string()));
            }
            None => {}
        }

        let method = http::Method::from_bytes(request.operation.method.as_bytes())
            .map_err(|e| Error::Build(BuildError(format!("invalid method: {e}"))))?;
        let mut builder = self.shared.http.request(method, url).timeout(config.timeout);
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.map_err(|source| {
            let may_have_been_applied = !(source.is_connect() || source.is_builder());
            Error::Transport(TransportError {
                source,
                may_have_been_applied,
            })
        })?;
        let status = response.status();
        let headers = response.headers().clone();
        let body: Bytes = response.bytes().await.map_err(|source| {
            Error::Transport(TransportError {
                source,
                may_have_been_applied: true,
            })
        })?;
        Ok(RawResponse { status, headers, body })
    }
}

/// Turns a raw response into success or a typed service error.
fn classify<C: ErrorCode>(raw: RawResponse) -> Result<RawResponse, Error<C>> {
    if raw.status.is_success() {
        // A business failure inside a 2xx body: only look when the key is there at all, so
        // that ordinary successes are not parsed twice.
        if !contains(&raw.body, b"\"error_code\"") && !contains(&raw.body, b"\"errorCode\"") {
            return Ok(raw);
        }
        return match serde_json::from_slice::<ErrorBody>(&raw.body) {
            Ok(ErrorBody {
                error_code: Some(code),
                error_msg,
            }) if !code.is_empty() && code != SUCCESS_CODE => Err(Error::Service(Box::new(ServiceError {
                code: C::from_code(&code),
                message: error_msg.unwrap_or_default(),
                raw,
            }))),
            _ => Ok(raw),
        };
    }
    match serde_json::from_slice::<ErrorBody>(&raw.body) {
        Ok(ErrorBody {
            error_code: Some(code),
            error_msg,
        }) if !code.is_empty() => Err(Error::Service(Box::new(ServiceError {
            code: C::from_code(&code),
            message: error_msg.unwrap_or_default(),
            raw,
        }))),
        Ok(_) => Err(Error::Response(Box::new(ResponseError {
            reason: "error status without an error code".into(),
            raw,
        }))),
        Err(e) => Err(Error::Response(Box::new(ResponseError {
            reason: format!("error status with an undecodable body: {e}"),
            raw,
        }))),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, StatusCode};

    #[derive(Clone, Debug, PartialEq)]
    struct Code(String);

    impl ErrorCode for Code {
        fn from_code(code: &str) -> Self {
            Code(code.to_string())
        }
        fn as_str(&self) -> &str {
            &self.0
        }
        fn is_known(&self) -> bool {
            false
        }
        fn documented_status(&self) -> Option<u16> {
            None
        }
        fn meaning(&self) -> Option<&'static str> {
            None
        }
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "rid-1".parse().unwrap());
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn success_bodies_with_the_success_code_are_successes() {
        assert!(classify::<Code>(raw(200, r#"{"error_code":"CBC.0000","error_msg":"success"}"#)).is_ok());
        assert!(
            classify::<Code>(raw(200, r#"{"items":[{"error_code":"CBC.1"}]}"#)).is_ok(),
            "nested codes are data"
        );
        assert!(classify::<Code>(raw(204, "")).is_ok());
    }

    #[test]
    fn a_business_error_inside_a_200_is_a_service_error() {
        let Err(Error::Service(e)) =
            classify::<Code>(raw(200, r#"{"error_code":"CBC.99003106","error_msg":"changed"}"#))
        else {
            panic!("expected a service error")
        };
        assert_eq!(
            (e.code.0.as_str(), e.message.as_str(), e.raw.status.as_u16()),
            ("CBC.99003106", "changed", 200)
        );
    }

    #[test]
    fn error_statuses_keep_status_request_id_and_raw_body() {
        let Err(Error::Service(e)) = classify::<Code>(raw(400, r#"{"error_code":"CBC.0100","error_msg":"bad"}"#))
        else {
            panic!()
        };
        assert_eq!(e.raw.request_id(), Some("rid-1"));
        assert_eq!(e.to_string(), "HTTP 400 CBC.0100: bad [request id rid-1]");
        for body in ["<html>502 Bad Gateway</html>", "{}", ""] {
            let Err(Error::Response(e)) = classify::<Code>(raw(502, body)) else {
                panic!("{body}")
            };
            assert_eq!((e.raw.status.as_u16(), e.raw.body.as_ref()), (502, body.as_bytes()));
            assert_eq!(e.raw.request_id(), Some("rid-1"));
        }
    }
}
