//! When to send a call again: small named classifiers fed by the spec's `idempotent` flag.
//!
//! - a connection that failed before anything was sent is retried for every operation;
//! - throttling (HTTP 429, `APIG.0308`, `CBC.0250`, `CBC.99008040`), server errors (5xx) and
//!   timeouts are retried only for operations marked idempotent (reads and read-only POST
//!   queries): a write (pay, renew, unsubscribe, transfer, create) is never sent twice once it
//!   may have reached the server;
//! - a daily cap (`CBC.99008056`) and every other client error are final.
//!
//! Delays grow exponentially with full jitter, honour `Retry-After`, and are bounded both in
//! attempts and in total time.

use std::time::Duration;

use crate::error::{Error, ErrorCode, RawResponse};

/// Codes that mean "too many calls, slow down".
pub const THROTTLING_CODES: &[&str] = &["APIG.0308", "APIGW.0308", "CBC.0250", "CBC.99008040"];
/// Codes that mean "no more calls of this kind today": not worth retrying.
pub const DAILY_CAP_CODES: &[&str] = &["CBC.99008056"];

/// Retry settings; [`RetryConfig::default`] makes up to 3 attempts within 20 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, the first included (1 disables retries).
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// No new attempt starts after this much time since the first one.
    pub max_elapsed: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// One attempt only.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::default()
        }
    }

    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    pub fn max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }

    /// The delay before attempt `attempt + 1` (full jitter over an exponential ceiling),
    /// never shorter than the server's `Retry-After`.
    pub fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let jittered = ceiling.mul_f64(fastrand::f64());
        match retry_after {
            Some(after) => jittered.max(after.min(self.max_elapsed)),
            None => jittered,
        }
    }
}

/// What a finished attempt was, for the retry decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Throttled by the gateway or the service.
    Throttled {
        retry_after: Option<Duration>,
    },
    /// A daily cap: final.
    DailyCap,
    /// HTTP 5xx.
    ServerError {
        retry_after: Option<Duration>,
    },
    /// Nothing was sent: the connection failed.
    ConnectFailed,
    /// Sent, but no (complete) answer: timeout or I/O failure.
    NoAnswer,
    /// Anything else: a final answer.
    Final,
}

impl Outcome {
    /// Classifies an attempt's result.
    pub fn of<C: ErrorCode>(result: &Result<RawResponse, Error<C>>) -> Outcome {
        match result {
            Ok(_) => Outcome::Success,
            Err(Error::Service(e)) => {
                let code = e.code.as_str();
                let retry_after = retry_after(&e.raw);
                if DAILY_CAP_CODES.contains(&code) {
                    Outcome::DailyCap
                } else if e.raw.status.as_u16() == 429 || THROTTLING_CODES.contains(&code) {
                    Outcome::Throttled { retry_after }
                } else if e.raw.status.is_server_error() {
                    Outcome::ServerError { retry_after }
                } else {
                    Outcome::Final
                }
            }
            Err(Error::Response(e)) if e.raw.status.as_u16() == 429 => Outcome::Throttled {
                retry_after: retry_after(&e.raw),
            },
            Err(Error::Response(e)) if e.raw.status.is_server_error() => Outcome::ServerError {
                retry_after: retry_after(&e.raw),
            },
            Err(Error::Transport(t)) if !t.may_have_been_applied => Outcome::ConnectFailed,
            Err(Error::Transport(_)) => Outcome::NoAnswer,
            Err(_) => Outcome::Final,
        }
    }

    /// Whether another attempt is safe and useful, and the server's requested delay.
    pub fn retry(&self, idempotent: bool) -> Option<Option<Duration>> {
        match *self {
            Outcome::ConnectFailed => Some(None),
            Outcome::Throttled { retry_after } | Outcome::ServerError { retry_after } if idempotent => {
                Some(retry_after)
            }
            Outcome::NoAnswer if idempotent => Some(None),
            _ => None,
        }
    }
}

fn retry_after(raw: &RawResponse) -> Option<Duration> {
    raw.headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let c = RetryConfig::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(400));
        for attempt in 1..10 {
            let d = c.backoff(attempt, None);
            let ceiling = Duration::from_millis(100 * (1 << (attempt - 1).min(2)));
            assert!(d <= ceiling, "attempt {attempt}: {d:?} > {ceiling:?}");
        }
        assert!(c.backoff(1, Some(Duration::from_secs(2))) >= Duration::from_secs(2));
    }

    #[test]
    fn writes_are_retried_only_when_nothing_was_sent() {
        let throttled = Outcome::Throttled { retry_after: None };
        assert_eq!(throttled.retry(true), Some(None));
        assert_eq!(throttled.retry(false), None);
        assert_eq!(Outcome::NoAnswer.retry(false), None);
        assert_eq!(Outcome::ConnectFailed.retry(false), Some(None));
        assert_eq!(Outcome::DailyCap.retry(true), None);
        assert_eq!(Outcome::Final.retry(true), None);
    }
}
