//! Operations of the spec, matched by method and path template.

use crate::spec::Operation;

/// One operation the mock serves.
#[derive(Debug, Clone)]
pub struct Route {
    /// What the spec says about the operation.
    pub spec: &'static Operation,
    segments: Vec<Segment>,
}

impl Route {
    /// The operation's id (`ListCustomerOrders`).
    pub fn operation(&self) -> &'static str {
        self.spec.id
    }

    /// The path parameters of a path this route matches: (name, raw segment).
    pub fn path_params<'p>(&self, path: &'p str) -> Vec<(&'static str, &'p str)> {
        self.segments
            .iter()
            .zip(path.trim_end_matches('/').split('/'))
            .filter_map(|(s, p)| match s {
                Segment::Param(name) => Some((*name, p)),
                Segment::Literal(_) => None,
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

/// Every operation of every domain.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
}

impl Routes {
    /// Routes for these operations (the embedded ones: [`crate::spec::operations`]).
    pub fn new(operations: &'static [Operation]) -> Self {
        let mut routes: Vec<Route> = operations
            .iter()
            .map(|spec| Route {
                spec,
                segments: parse_template(spec.path),
            })
            .collect();
        // Literal segments win over parameters: `/a/b` before `/a/{x}`.
        routes.sort_by_key(|r| r.segments.iter().filter(|s| matches!(s, Segment::Param(_))).count());
        Routes { routes }
    }

    /// The operation a request is for, if any.
    pub fn find(&self, method: &str, path: &str) -> Option<&Route> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        self.routes.iter().find(|r| {
            r.spec.method.eq_ignore_ascii_case(method)
                && r.segments.len() == parts.len()
                && r.segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Param(_) => !p.is_empty(),
                })
        })
    }

    /// The route of an operation, by `operationId`.
    pub fn by_operation(&self, operation: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.spec.id == operation)
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

fn parse_template(path: &'static str) -> Vec<Segment> {
    path.trim_end_matches('/')
        .split('/')
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => Segment::Param(name),
            None => Segment::Literal(s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Operation;

    static OPS: &[Operation] = &[
        Operation {
            domain: "d",
            id: "ShowX",
            method: "GET",
            path: "/v2/x/{id}",
            success_status: 200,
            sample: None,
            params: &[],
            body: None,
        },
        Operation {
            domain: "d",
            id: "ListX",
            method: "GET",
            path: "/v2/x/list",
            success_status: 204,
            sample: None,
            params: &[],
            body: None,
        },
    ];

    #[test]
    fn literal_paths_win_over_templates() {
        let routes = Routes::new(OPS);
        assert_eq!(routes.find("GET", "/v2/x/list").unwrap().operation(), "ListX");
        let show = routes.find("GET", "/v2/x/abc").unwrap();
        assert_eq!(show.operation(), "ShowX");
        assert_eq!(show.path_params("/v2/x/abc"), [("id", "abc")]);
        assert_eq!(routes.find("get", "/v2/x/abc/").unwrap().operation(), "ShowX");
        assert!(routes.find("POST", "/v2/x/abc").is_none());
        assert!(routes.find("GET", "/v2/y").is_none());
        assert_eq!(routes.by_operation("ListX").unwrap().spec.success_status, 204);
    }

    #[test]
    fn every_embedded_operation_is_routable_by_its_own_path() {
        let routes = Routes::new(crate::spec::operations());
        assert!(routes.len() > 100);
        for op in crate::spec::operations() {
            let path = op.path.replace('{', "x").replace('}', "");
            let found = routes.find(op.method, &path).unwrap();
            assert_eq!(found.spec.id, op.id);
        }
    }
}
