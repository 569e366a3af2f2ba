use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::BuildError;
use crate::operation::OperationSpec;
use crate::signer;

/// A value that can stand in a query string, a path segment or a header.
pub trait QueryValue {
    /// Appends `name=value` pairs (none for `None`, one per item for lists).
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_string(), self.to_string()));
            }
        }
    )*};
}
display_query_value!(String, str, i32, i64, u32, u64, bool, Decimal);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).push_to(name, out)
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            v.push_to(name, out)
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        for v in self {
            v.push_to(name, out)
        }
    }
}

/// One call being assembled by a generated client method: the operation's static facts plus
/// this call's path parameters, query, headers and JSON body.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static OperationSpec,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// The first problem found while filling the request in; the call fails with it before
    /// anything is sent.
    pub(crate) invalid: Option<String>,
    /// A `{domain_id}` / `{partner_id}` path parameter left for the client to fill from its
    /// configured account id.
    pub(crate) account_param: Option<&'static str>,
}

impl Request {
    /// A request for `operation`, its path still a template.
    pub fn new(operation: &'static OperationSpec) -> Self {
        Request {
            operation,
            path: operation.path.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            invalid: None,
            account_param: None,
        }
    }

    /// A path parameter naming the caller's own account (`{domain_id}`, `{partner_id}` of the
    /// v1.0 APIs): an empty value leaves it to the client, which fills in the account id of its
    /// configuration or credentials when the call is sent (and fails with `Error::Build`,
    /// nothing sent, when it has none).
    pub fn account_path_param(&mut self, name: &'static str, value: &str) -> &mut Self {
        if value.is_empty() {
            self.account_param = Some(name);
            self
        } else {
            self.path_param(name, &value)
        }
    }

    /// Replaces `{name}` in the path with the percent-encoded value. An empty value, `.` or
    /// `..` would address another resource than the one meant: the call then fails with
    /// [`Error::Build`](crate::Error::Build) and nothing is sent.
    pub fn path_param(&mut self, name: &str, value: &impl QueryValue) -> &mut Self {
        let mut parts = Vec::new();
        value.push_to(name, &mut parts);
        let text = parts.into_iter().map(|(_, v)| v).collect::<Vec<_>>().join(",");
        if matches!(text.as_str(), "" | "." | "..") && self.invalid.is_none() {
            self.invalid = Some(format!("path parameter `{name}` is {text:?}: it must name a resource"));
        }
        self.path = self.path.replace(&format!("{{{name}}}"), &signer::encode(&text));
        self
    }

    /// Adds `name=value` query pairs (none for `None`, one per item of a list).
    pub fn query(&mut self, name: &str, value: &impl QueryValue) -> &mut Self {
        value.push_to(name, &mut self.query);
        self
    }

    /// Sets a header; it replaces a default of the client with the same name.
    pub fn header(&mut self, name: &str, value: &impl QueryValue) -> &mut Self {
        value.push_to(name, &mut self.headers);
        self
    }

    /// Serializes the JSON body.
    pub fn json_body(&mut self, body: &impl Serialize) -> Result<&mut Self, BuildError> {
        let bytes = serde_json::to_vec(body).map_err(|e| BuildError::new(format!("body not serializable: {e}")))?;
        self.body = Some(bytes);
        Ok(self)
    }

    /// The operation's static facts.
    pub fn operation(&self) -> &'static OperationSpec {
        self.operation
    }

    /// The path with parameters filled in, as sent.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query pairs, in the order they were added.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_dot_and_dot_dot_path_values_are_refused() {
        for bad in ["", ".", ".."] {
            let mut r = Request::new(&OP);
            r.path_param("order_id", &bad.to_string());
            assert!(r.invalid.as_deref().unwrap().contains("order_id"), "{bad:?}");
        }
        let mut r = Request::new(&OP);
        r.path_param("order_id", &"...".to_string());
        assert!(r.invalid.is_none(), "three dots are a name");
    }

    static OP: OperationSpec = OperationSpec {
        id: "ShowX",
        method: "GET",
        path: "/v2/x/{order_id}/y",
        idempotent: true,
        rate_limit_per_second: 10,
        callers: &[],
        deprecated: false,
        localized: false,
        api: crate::SiteApi::China,
    };

    #[test]
    fn fills_path_and_query_skipping_none_and_repeating_lists() {
        let mut r = Request::new(&OP);
        r.path_param("order_id", &"CS 1/2".to_string())
            .query("limit", &Some(10))
            .query("offset", &None::<i32>)
            .query("ids", &vec!["a".to_string(), "b".to_string()]);
        assert_eq!(r.path(), "/v2/x/CS%201%2F2/y");
        assert!(r.invalid.is_none());
        assert_eq!(
            r.query_pairs(),
            [
                ("limit".into(), "10".into()),
                ("ids".into(), "a".into()),
                ("ids".into(), "b".into())
            ]
        );
    }
}
