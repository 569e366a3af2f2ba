//! Operations of the spec, matched by method and path template.

use serde_json::Value;

/// One operation the mock serves.
#[derive(Debug, Clone)]
pub struct Route {
    /// The spec's `operationId`, e.g. `ListCustomerOrders`.
    pub operation: String,
    /// The domain (spec file name) the operation belongs to, e.g. `orders`.
    pub domain: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template as the spec writes it, e.g. `/v2/orders/customer-orders/details/{order_id}`.
    pub template: String,
    segments: Vec<Segment>,
    /// The docs' (or our written) sample response: status and body.
    pub sample_status: u16,
    /// The sample's JSON body; `None` when the operation answers without one.
    pub sample_body: Option<Value>,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Wildcard,
}

/// Every operation of every spec document.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
}

impl Routes {
    /// Reads the operations of spec documents given as (domain, JSON text).
    pub fn from_specs<'a>(specs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
        let mut routes = Vec::new();
        for (domain, text) in specs {
            let doc: Value = serde_json::from_str(text).map_err(|e| format!("spec {domain}: {e}"))?;
            let paths = doc["paths"]
                .as_object()
                .ok_or_else(|| format!("spec {domain}: no paths"))?;
            for (path, item) in paths {
                for (method, op) in item.as_object().into_iter().flatten() {
                    let operation = op["operationId"].as_str().unwrap_or_default().to_string();
                    let sample = op["x-bss-samples"]
                        .as_array()
                        .and_then(|s| s.iter().find(|s| s["response"].is_object()))
                        .map(|s| s["response"].clone());
                    let success = op["responses"]
                        .as_object()
                        .and_then(|r| r.keys().find(|k| k.starts_with('2')))
                        .and_then(|k| k.parse().ok())
                        .unwrap_or(200);
                    let (sample_status, sample_body) = match sample {
                        Some(r) => (
                            r["status"].as_u64().unwrap_or(success as u64) as u16,
                            Some(r["body"].clone()).filter(|b| !b.is_null()),
                        ),
                        None => (success, None),
                    };
                    routes.push(Route {
                        operation,
                        domain: domain.to_string(),
                        method: method.to_uppercase(),
                        segments: parse_template(path),
                        template: path.clone(),
                        sample_status,
                        sample_body,
                    });
                }
            }
        }
        // Literal segments win over wildcards: `/a/b` before `/a/{x}`.
        routes.sort_by_key(|r| r.segments.iter().filter(|s| matches!(s, Segment::Wildcard)).count());
        Ok(Routes { routes })
    }

    /// The operation a request is for, if any.
    pub fn find(&self, method: &str, path: &str) -> Option<&Route> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        self.routes.iter().find(|r| {
            r.method.eq_ignore_ascii_case(method)
                && r.segments.len() == parts.len()
                && r.segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Wildcard => !p.is_empty(),
                })
        })
    }

    /// The route of an operation, by `operationId`.
    pub fn by_operation(&self, operation: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.operation == operation)
    }

    /// Every route, literal paths before templated ones.
    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// How many operations are served.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether no operation is served.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

fn parse_template(path: &str) -> Vec<Segment> {
    path.trim_end_matches('/')
        .split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Segment::Wildcard
            } else {
                Segment::Literal(s.to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_paths_win_over_templates() {
        let spec = r#"{"paths": {
            "/v2/x/{id}": {"get": {"operationId": "ShowX", "responses": {"200": {}}}},
            "/v2/x/list": {"get": {"operationId": "ListX", "responses": {"204": {}}}}
        }}"#;
        let routes = Routes::from_specs([("d", spec)]).unwrap();
        assert_eq!(routes.find("GET", "/v2/x/list").unwrap().operation, "ListX");
        assert_eq!(routes.find("GET", "/v2/x/abc").unwrap().operation, "ShowX");
        assert_eq!(routes.find("get", "/v2/x/abc/").unwrap().operation, "ShowX");
        assert!(routes.find("POST", "/v2/x/abc").is_none());
        assert!(routes.find("GET", "/v2/y").is_none());
        assert_eq!(routes.by_operation("ListX").unwrap().sample_status, 204);
    }
}
