//! Batch operations that report per-item failures inside an HTTP 200 (coupon quota updates
//! and reclaims, coupon creation, conversions to pay-per-use) return a [`Batch`]: a caller
//! has to look at the failed items to get at the response.

use serde::{Serialize, Serializer};

/// The answer of a batch operation: every item succeeded, or some failed.
#[must_use = "some items of a batch may have failed; check `failed()` or match on the variants"]
#[derive(Debug, Clone, PartialEq)]
pub enum Batch<T, F> {
    /// Every item succeeded.
    Complete(T),
    /// The call succeeded but these items failed (the response's `error_details`).
    Partial {
        /// The response, as for a complete batch.
        response: T,
        /// The items the service reports as failed, never empty.
        failed: Vec<F>,
    },
}

impl<T, F> Batch<T, F> {
    /// Sorts a response by whether it lists failed items.
    pub fn new(response: T, failed: Vec<F>) -> Self {
        if failed.is_empty() {
            Batch::Complete(response)
        } else {
            Batch::Partial { response, failed }
        }
    }

    /// Whether every item succeeded.
    pub fn is_complete(&self) -> bool {
        matches!(self, Batch::Complete(_))
    }

    /// The failed items (empty when complete).
    pub fn failed(&self) -> &[F] {
        match self {
            Batch::Complete(_) => &[],
            Batch::Partial { failed, .. } => failed,
        }
    }

    /// The whole response, failed items included in it.
    pub fn response(&self) -> &T {
        match self {
            Batch::Complete(r) | Batch::Partial { response: r, .. } => r,
        }
    }

    /// The response if every item succeeded, else the failed items with the response.
    pub fn into_complete(self) -> Result<T, (T, Vec<F>)> {
        match self {
            Batch::Complete(r) => Ok(r),
            Batch::Partial { response, failed } => Err((response, failed)),
        }
    }
}

/// Serializes as the response it wraps (what the server sent).
impl<T: Serialize, F> Serialize for Batch<T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.response().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_items_decide_the_variant() {
        let ok: Batch<&str, u8> = Batch::new("r", vec![]);
        assert!(ok.is_complete());
        assert_eq!(ok.into_complete(), Ok("r"));
        let partial = Batch::new("r", vec![7u8]);
        assert_eq!(partial.failed(), &[7]);
        assert_eq!(partial.into_complete(), Err(("r", vec![7])));
    }
}
