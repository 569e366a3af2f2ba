//! Lints run at regen on the resolved IR: facts the spec states that contradict each other or
//! leave a user guessing. Each is an error naming the file, the operation and the JSON path; a
//! legitimate exception is written into the spec as a marker (`x-bss-partial-failures`,
//! `x-bss-write-without-body`, `x-bss-incomplete`).

use crate::ir::{op_pointer, Domain, Operation, ResponseKind, Ty};
use crate::spec::{pointer_segment, Problem};

/// Misspellings carried from the upstream model, seen in its names.
const TYPOS: &[&str] = &["Infomation", "Adject", "Customerself", "Operaiion", "Realname"];

/// Longest Rust type name we accept without an `x-bss-rust-name`.
const MAX_NAME: usize = 50;

/// Why a Rust type name would read badly, if it does.
pub fn bad_name(name: &str) -> Option<String> {
    if let Some(t) = TYPOS.iter().find(|t| name.contains(*t)) {
        return Some(format!("`{name}` carries the upstream typo `{t}`"));
    }
    let mut chars = name.chars();
    if let (Some('I'), Some(c)) = (chars.next(), chars.next()) {
        if c.is_ascii_uppercase() {
            return Some(format!("`{name}` has an interface-style `I` prefix"));
        }
    }
    (name.len() > MAX_NAME).then(|| format!("`{name}` is longer than {MAX_NAME} characters"))
}

/// Every lint problem of one domain. `text` is the document, for descriptions the IR does not keep.
pub fn lint(domain: &Domain, text: &str) -> Vec<Problem> {
    let raw: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let mut out = Vec::new();
    for m in domain.models.values() {
        if let Some(why) = bad_name(&m.name) {
            out.push(Problem {
                file: domain.spec_file.clone(),
                operation: None,
                path: format!("/components/schemas/{}", pointer_segment(&m.schema)),
                message: format!("{why}: give the schema an `x-bss-rust-name`"),
            });
        }
    }
    for op in &domain.operations {
        if let Some(why) = bad_name(&op.request_type) {
            out.push(Problem {
                file: domain.spec_file.clone(),
                operation: Some(op.id.clone()),
                path: op_pointer(op),
                message: format!("{why}: give the operation an `x-bss-rust-name`"),
            });
        }
    }
    for op in &domain.operations {
        let mut problem = |path: String, message: String| {
            out.push(Problem {
                file: domain.spec_file.clone(),
                operation: Some(op.id.clone()),
                path,
                message,
            })
        };
        let at = op_pointer(op);
        if let Some((model, field)) = unannotated_failure_list(domain, op) {
            problem(
                format!(
                    "/components/schemas/{}/properties/{}",
                    pointer_segment(model),
                    pointer_segment(field)
                ),
                format!(
                    "the 2xx response has a list of failures (`{field}`) but the operation has no \
                     `x-bss-partial-failures`: a caller would read a partly failed batch as a success"
                ),
            );
        }
        if let Some(p) = &op.pagination {
            let schema = op
                .response
                .kind
                .body_ty()
                .and_then(Ty::model)
                .and_then(|m| domain.models.get(m))
                .map(|m| m.schema.as_str());
            if let (Some(total), Some(model)) = (&p.total, schema) {
                let desc = raw["components"]["schemas"][model]["properties"][&total.wire]["description"]
                    .as_str()
                    .unwrap_or_default();
                if counts_returned_items(desc) {
                    problem(
                        format!("{at}/x-bss-pagination/total"),
                        format!(
                            "`{}` counts the items returned (\"{desc}\"), not every match: as a total it \
                             would end the stream after the first page; set `total` to null",
                            total.wire
                        ),
                    );
                }
            }
        }
        let body_undocumented = op.incomplete.as_ref().is_some_and(|i| i.request.is_some());
        if !op.idempotent && op.body.is_none() && op.write_without_body.is_none() && !body_undocumented {
            problem(
                format!("{at}/requestBody"),
                "a state-changing call without a request body: document the body, mark it \
                 `x-bss-write-without-body` with the reason, or `x-bss-incomplete.request` when the \
                 docs' body was out of reach"
                    .into(),
            );
        }
        if op.body.is_some() && op.write_without_body.is_some() {
            problem(
                format!("{at}/x-bss-write-without-body"),
                "the operation has a request body".into(),
            );
        }
        let (req_untyped, resp_untyped) = untyped_sides(&raw, op);
        let incomplete = op.incomplete.as_ref();
        if req_untyped && incomplete.and_then(|i| i.request.as_ref()).is_none() {
            problem(
                format!("{at}/requestBody"),
                "the request is not shown in full by the docs (an `x-bss-untyped` part): mark it \
                 `x-bss-incomplete.request` with what is missing"
                    .into(),
            );
        }
        if resp_untyped && incomplete.and_then(|i| i.response.as_ref()).is_none() {
            problem(
                format!("{at}/responses"),
                "the response is not shown in full by the docs (an `x-bss-untyped` part): mark it \
                 `x-bss-incomplete.response` with what is missing"
                    .into(),
            );
        }
        if let Some(i) = incomplete {
            if i.request.is_none() && i.response.is_none() {
                problem(
                    format!("{at}/x-bss-incomplete"),
                    "names neither the request nor the response".into(),
                );
            }
        }
        if op.callers.is_empty() {
            problem(
                format!("{at}/x-bss-callers"),
                "no caller: who may call the operation is unknown".into(),
            );
        }
    }
    for m in domain.models.values() {
        for f in &m.fields {
            if f.money && !matches!(f.ty, Ty::Decimal { .. }) {
                out.push(Problem {
                    file: domain.spec_file.clone(),
                    operation: None,
                    path: format!(
                        "/components/schemas/{}/properties/{}",
                        pointer_segment(&m.name),
                        pointer_segment(&f.wire)
                    ),
                    message: format!(
                        "a money field typed `{}`: money is an exact decimal (`type: number`, or \
                         `type: string, format: decimal`)",
                        f.ty.rust()
                    ),
                });
            }
        }
    }
    out.sort();
    out
}

/// A wire name that lists failed items.
pub fn is_failure_list_name(wire: &str) -> bool {
    let w = wire.to_ascii_lowercase();
    w.starts_with("fail") || w.starts_with("error_detail") || w.starts_with("errordetail") || w.contains("failed")
}

/// The (model, field) of a failure list in a 2xx response with no partial-failure annotation.
fn unannotated_failure_list<'d>(domain: &'d Domain, op: &Operation) -> Option<(&'d str, &'d str)> {
    let ResponseKind::Json { ty } = &op.response.kind else {
        return None;
    };
    let model = domain.models.get(ty.model()?)?;
    model
        .fields
        .iter()
        .find(|f| matches!(f.ty, Ty::Vec(_)) && is_failure_list_name(&f.wire))
        .map(|f| (model.schema.as_str(), f.wire.as_str()))
}

/// A description saying the number counts what this response returned, not every match.
pub fn counts_returned_items(desc: &str) -> bool {
    let d = desc.to_ascii_lowercase().replace("returned on success", "");
    [
        "returned",
        "on this page",
        "in this page",
        "in this response",
        "in the response",
    ]
    .iter()
    .any(|w| d.contains(w))
}

/// Whether the request body and the 2xx response reach a schema marked `x-bss-untyped` (the
/// docs' table was out of reach), following `$ref`s in the document.
fn untyped_sides(raw: &serde_json::Value, op: &Operation) -> (bool, bool) {
    let schemas = &raw["components"]["schemas"];
    let reaches = |start: &serde_json::Value| {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            match node {
                serde_json::Value::Object(m) => {
                    if let Some(name) = m
                        .get("$ref")
                        .and_then(|r| r.as_str())
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        if seen.insert(name.to_string()) {
                            let target = &schemas[name];
                            if target.get("x-bss-untyped").is_some() {
                                return true;
                            }
                            stack.push(target);
                        }
                    }
                    stack.extend(m.values());
                }
                serde_json::Value::Array(a) => stack.extend(a.iter()),
                _ => {}
            }
        }
        false
    };
    let node = &raw["paths"][&op.path][op.method.as_str().to_ascii_lowercase()];
    let req = reaches(&node["requestBody"]);
    let resp = node["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(status, _)| status.starts_with('2'))
        .any(|(_, r)| reaches(r));
    (req, resp)
}

#[cfg(test)]
mod tests {
    use super::bad_name;

    #[test]
    fn names_with_upstream_oddities_are_refused() {
        assert!(bad_name("AmountInfomationV2").unwrap().contains("Infomation"));
        assert!(bad_name("IQueryUserCouponsResultV2").unwrap().contains("`I` prefix"));
        assert!(bad_name("ListCustomerselfResourceRecordsRequest").is_some());
        assert!(bad_name(&"A".repeat(51)).unwrap().contains("longer than 50"));
        for fine in ["AmountInformationV2", "Item", "IdentityInfo", &"A".repeat(50)] {
            assert_eq!(bad_name(fine), None, "{fine}");
        }
    }
}
