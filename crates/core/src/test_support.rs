//! What the unit tests of several modules share.

use crate::error::ErrorCode;
use crate::operation::OperationSpec;

/// An error code that keeps whatever the server sent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Code(pub String);

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

/// A write.
pub(crate) static PAY: OperationSpec = OperationSpec {
    id: "PayOrders",
    method: "POST",
    path: "/v2/orders/customer-orders/pay",
    idempotent: false,
    rate_limit_per_second: 10,
    callers: &[],
    deprecated: false,
    localized: false,
    api: crate::SiteApi::China,
};

/// A paged read.
pub(crate) static LIST: OperationSpec = OperationSpec {
    id: "ListThings",
    method: "GET",
    path: "/things",
    idempotent: true,
    rate_limit_per_second: 10,
    callers: &[],
    deprecated: false,
    localized: false,
    api: crate::SiteApi::China,
};
