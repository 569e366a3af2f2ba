//! Per-call options: what a request builder can change for one call without touching the
//! client (timeouts, retries, extra headers). Applied once, here, for every operation.

use std::time::Duration;

use crate::{Client, Request, RetryConfig};

/// Options of one call, set on a request builder (`.attempt_timeout(..)`, `.retry(..)`,
/// `.header(..)`). Unset options keep the client's settings.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    headers: Vec<(String, String)>,
}

impl CallOptions {
    /// No option set: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt of this call.
    #[must_use = "a setter returns the changed value; the original is moved into it"]
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The deadline of this call as a whole (attempts, backoff and pacing).
    #[must_use = "a setter returns the changed value; the original is moved into it"]
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The retry settings of this call (`RetryConfig::disabled()` for a single attempt).
    #[must_use = "a setter returns the changed value; the original is moved into it"]
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// An extra header; it replaces a header of the client or the operation with the same
    /// name. A value that is not a valid header value fails the call with `Error::Build`
    /// before anything is sent.
    #[must_use = "a setter returns the changed value; the original is moved into it"]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The client to send with: `client` itself when no setting differs, else a copy with
    /// this call's settings, sharing its connections, credentials and pacing.
    pub fn client(&self, client: &Client) -> Client {
        let mut c = client.clone();
        if let Some(t) = self.attempt_timeout {
            c = c.with_attempt_timeout(t);
        }
        if let Some(t) = self.operation_timeout {
            c = c.with_operation_timeout(t);
        }
        if let Some(r) = self.retry {
            c = c.with_retry(r);
        }
        c
    }

    /// Adds the extra headers to `request`.
    pub fn apply(&self, request: &mut Request) {
        for (name, value) in &self.headers {
            request.header(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_override_only_what_is_set() {
        let base = Client::builder().no_credentials().build().unwrap();
        let same = CallOptions::new().client(&base);
        assert_eq!(same.config().attempt_timeout(), base.config().attempt_timeout());
        let c = CallOptions::new()
            .attempt_timeout(Duration::from_secs(3))
            .retry(RetryConfig::disabled())
            .client(&base);
        assert_eq!(c.config().attempt_timeout(), Duration::from_secs(3));
        assert_eq!(c.config().operation_timeout(), base.config().operation_timeout());
        assert_eq!(c.config().retry().max_attempts, 1);
    }
}
