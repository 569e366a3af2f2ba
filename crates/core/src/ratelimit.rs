//! An optional client-side rate limiter per operation, so a batch job stays under the
//! documented flow-control quota instead of bouncing off it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::operation::OperationSpec;

/// How a client paces its calls.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum RateLimit {
    /// No pacing (the default): throttling answers are handled by retries.
    #[default]
    Off,
    /// Each operation at most at its documented quota (`x-bss-rate-limit`, usually 10/s).
    Documented,
    /// Each operation at most this many calls per second.
    PerSecond(f64),
}

impl RateLimit {
    fn per_second(&self, op: &OperationSpec) -> Option<f64> {
        match *self {
            RateLimit::Off => None,
            RateLimit::Documented => Some(f64::from(op.rate_limit_per_second.max(1))),
            RateLimit::PerSecond(n) if n > 0.0 => Some(n),
            RateLimit::PerSecond(_) => None,
        }
    }
}

/// Evenly spaced slots per operation, shared by every clone of a client.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    next_slot: Mutex<HashMap<&'static str, Instant>>,
}

impl Limiter {
    /// How long the caller must wait before sending `op` under `limit`; reserves the slot.
    pub(crate) fn reserve(&self, limit: RateLimit, op: &OperationSpec) -> Duration {
        let Some(rate) = limit.per_second(op) else {
            return Duration::ZERO;
        };
        let interval = Duration::from_secs_f64(1.0 / rate);
        let now = Instant::now();
        let mut slots = self.next_slot.lock().expect("limiter lock");
        let slot = slots.entry(op.id).or_insert(now);
        let start = (*slot).max(now);
        *slot = start + interval;
        start - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: OperationSpec = OperationSpec {
        id: "X",
        method: "GET",
        path: "/x",
        idempotent: true,
        rate_limit_per_second: 10,
        callers: &[],
        deprecated: false,
        localized: false,
        api: crate::SiteApi::China,
    };

    #[test]
    fn spaces_calls_at_the_documented_quota() {
        let l = Limiter::default();
        let waits: Vec<Duration> = (0..5).map(|_| l.reserve(RateLimit::Documented, &OP)).collect();
        assert_eq!(waits[0], Duration::ZERO);
        for (i, w) in waits.iter().enumerate().skip(1) {
            let expected = Duration::from_millis(100 * i as u64);
            assert!(w.abs_diff(expected) < Duration::from_millis(20), "call {i}: {w:?}");
        }
        assert_eq!(l.reserve(RateLimit::Off, &OP), Duration::ZERO);
    }
}
