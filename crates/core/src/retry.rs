//! When to send a call again: small named classifiers over the error, fed by the spec.
//!
//! Facts about the service come from the spec, not from lists here: whether an operation is
//! safe to repeat (`x-bss-idempotent`, [`OperationSpec::idempotent`]) and what an error code
//! stands for (`x-bss-error-codes.*.class`, [`CodeClass`]). The decision:
//!
//! - [`Reason::NotSent`]: the request provably did not reach the service (connection refused,
//!   DNS, TLS): retried for every operation;
//! - [`Reason::Throttled`]: HTTP 429 or a throttling code. Retried for reads, and for writes when
//!   the answer proves the request was not executed ([`Applied::No`]: the gateway's 429 /
//!   `APIG.0308` is sent before the request reaches the service; a throttling code in a 4xx or in
//!   a 2xx body is the service refusing it);
//! - [`Reason::ServerError`] (5xx, or a code classed transient) and [`Reason::NoAnswer`]
//!   (timeout, reset after sending): retried for reads only: a write (pay, renew, unsubscribe,
//!   transfer, create) is never sent again once it may have been applied;
//! - a quota that does not refill soon ([`CodeClass::QuotaExhausted`], the daily cap
//!   `CBC.99008056`) and every other answer are final.
//!
//! Delays grow exponentially with full jitter and honour `Retry-After` (seconds); every wait
//! and every attempt stays within the operation deadline
//! ([`ConfigBuilder::operation_timeout`](crate::ConfigBuilder::operation_timeout)).

use std::time::Duration;

use crate::error::{Applied, CodeClass, Error, ErrorCode, RawResponse, TransportErrorKind};
use crate::operation::OperationSpec;

/// Retry settings; [`RetryConfig::default`] makes up to 3 attempts. The time they may take is
/// bounded by the operation deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The ceiling of the first delay; each later ceiling doubles.
    pub initial_backoff: Duration,
    /// The largest delay ceiling.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
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

    /// Attempts in total, the first included (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The ceiling of the first delay.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The largest delay ceiling.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
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
            Some(after) => jittered.max(after),
            None => jittered,
        }
    }
}

/// Why a failed attempt may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Nothing reached the service.
    NotSent,
    /// Throttled by the gateway or the service.
    Throttled,
    /// A 5xx or a transient service fault.
    ServerError,
    /// Sent, but no (complete) answer: timeout or I/O failure.
    NoAnswer,
}

/// Whether `error` of a call of `op` may be retried, and why. `None`: the error is final.
pub fn classify<C: ErrorCode>(error: &Error<C>, op: &OperationSpec) -> Option<Reason> {
    let reason = match error {
        Error::Transport(t) => match t.kind {
            TransportErrorKind::Connect => Reason::NotSent,
            TransportErrorKind::DeadlineBeforeSend => return None,
            TransportErrorKind::Timeout | TransportErrorKind::Io => Reason::NoAnswer,
        },
        Error::Service(e) => match e.code.class() {
            Some(CodeClass::Throttling) => Reason::Throttled,
            Some(CodeClass::Transient) => Reason::ServerError,
            Some(_) => return None,
            None => by_status(&e.raw)?,
        },
        Error::Response(e) => by_status(&e.raw)?,
        Error::Build(_) | Error::Paging(_) => return None,
    };
    let safe = op.idempotent || error.applied() == Applied::No;
    safe.then_some(reason)
}

fn by_status(raw: &RawResponse) -> Option<Reason> {
    match raw.status.as_u16() {
        429 => Some(Reason::Throttled),
        500..=599 => Some(Reason::ServerError),
        _ => None,
    }
}

/// The server's `Retry-After`, in seconds (an HTTP date is not honoured).
pub(crate) fn retry_after<C: ErrorCode>(error: &Error<C>) -> Option<Duration> {
    error
        .raw_response()?
        .headers
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
}
