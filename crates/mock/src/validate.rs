//! Strict mode: every request checked against its operation's spec before it is answered.
//!
//! Query parameters: unknown ones, missing required ones, a scalar sent twice, values that are
//! not of the documented type. Path and header parameters: type and constraints (required
//! headers must be present). The JSON body: present when required, absent when the operation
//! takes none, valid JSON, and of the documented shape: no unknown fields, every required field,
//! each value of its documented type. Documented constraints: length, range, item count and
//! enumerated values. The first violation is returned, naming the parameter or field by its
//! wire path (`body.order_infos[0].amount`); the server answers it as the service does a
//! parameter error: HTTP 400 with `CBC.0100`.

use serde_json::Value;

use crate::routes::Route;
use crate::spec::{Constraints, Location, Shape};

/// Checks one request; `Err` names the first violation.
pub fn request(
    route: &Route,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
) -> Result<(), String> {
    let op = route.spec;
    for (name, value) in route.path_params(path) {
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == Location::Path && p.wire == name)
        {
            let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
            text_value(&format!("path parameter `{name}`"), p.shape, &p.constraints, &value)?;
        }
    }
    for (name, _) in query {
        if !op
            .params
            .iter()
            .any(|p| p.location == Location::Query && p.wire == name)
        {
            return Err(format!("query parameter `{name}` is not documented for {}", op.id));
        }
    }
    for p in op.params.iter().filter(|p| p.location != Location::Path) {
        let at = match p.location {
            Location::Query => format!("query parameter `{}`", p.wire),
            _ => format!("header `{}`", p.wire),
        };
        let values: Vec<&str> = match p.location {
            Location::Query => query
                .iter()
                .filter(|(k, _)| k == p.wire)
                .map(|(_, v)| v.as_str())
                .collect(),
            _ => headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(p.wire))
                .map(|(_, v)| v.as_str())
                .collect(),
        };
        if values.is_empty() {
            if p.required {
                return Err(format!("{at} is required"));
            }
            continue;
        }
        match p.shape {
            Shape::List(item) => {
                count(&at, &p.constraints, values.len())?;
                for v in values {
                    text_value(&at, item, &p.constraints, v)?;
                }
            }
            shape => {
                if values.len() > 1 {
                    return Err(format!("{at} is sent {} times; it takes one value", values.len()));
                }
                text_value(&at, shape, &p.constraints, values[0])?;
            }
        }
    }
    let empty = body.iter().all(u8::is_ascii_whitespace);
    match (&op.body, empty) {
        (None, true) => Ok(()),
        (None, false) => Err(format!("{} takes no request body", op.id)),
        (Some(b), true) if b.required => Err("the request body is required".into()),
        (Some(_), true) => Ok(()),
        (Some(b), false) => {
            let json: Value = serde_json::from_slice(body).map_err(|e| format!("the request body is not JSON: {e}"))?;
            json_value("body", b.shape, &Constraints::NONE, &json)
        }
    }
}

/// A parameter's text, read as its documented type.
fn text_value(at: &str, shape: &Shape, c: &Constraints, text: &str) -> Result<(), String> {
    let bad = |what: &str| Err(format!("{at}: {text:?} is not {what}"));
    match shape {
        Shape::String => string(at, c, text),
        Shape::I32 => match text.parse::<i32>() {
            Ok(_) => number(at, c, text),
            Err(_) => bad("a 32-bit integer"),
        },
        Shape::I64 => match text.parse::<i64>() {
            Ok(_) => number(at, c, text),
            Err(_) => bad("a 64-bit integer"),
        },
        Shape::Number | Shape::DecimalString => match huaweicloud_bss_core::decimal::parse(text) {
            Ok(_) => number(at, c, text),
            Err(_) => bad("a decimal number"),
        },
        Shape::Bool => match text {
            "true" | "false" => Ok(()),
            _ => bad("a boolean"),
        },
        _ => Ok(()),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A body value, checked against its documented shape.
fn json_value(at: &str, shape: &Shape, c: &Constraints, v: &Value) -> Result<(), String> {
    let wrong = |want: &str| Err(format!("{at}: {} where {want} is documented", kind(v)));
    match (shape, v) {
        (Shape::Any, _) => Ok(()),
        (Shape::String, Value::String(s)) => string(at, c, s),
        (Shape::String, _) => wrong("a string"),
        (Shape::I32, Value::Number(n)) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {
            number(at, c, &n.to_string())
        }
        (Shape::I32, _) => wrong("a 32-bit integer"),
        (Shape::I64, Value::Number(n)) if n.as_i64().is_some() => number(at, c, &n.to_string()),
        (Shape::I64, _) => wrong("a 64-bit integer"),
        (Shape::Number, Value::Number(n)) => number(at, c, &n.to_string()),
        (Shape::Number, _) => wrong("a number"),
        (Shape::DecimalString, Value::String(s)) => match huaweicloud_bss_core::decimal::parse(s) {
            Ok(_) => number(at, c, s),
            Err(_) => Err(format!("{at}: {s:?} is not a decimal number")),
        },
        (Shape::DecimalString, _) => wrong("a decimal in a string"),
        (Shape::Bool, Value::Bool(_)) => Ok(()),
        (Shape::Bool, _) => wrong("a boolean"),
        (Shape::List(item), Value::Array(items)) => {
            count(at, c, items.len())?;
            items
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| json_value(&format!("{at}[{i}]"), item, c, v))
        }
        (Shape::List(_), _) => wrong("a list"),
        (Shape::Map(item), Value::Object(m)) => m
            .iter()
            .try_for_each(|(k, v)| json_value(&format!("{at}.{k}"), item, &Constraints::NONE, v)),
        (Shape::Map(_), _) => wrong("an object"),
        (Shape::Object(o), Value::Object(m)) => {
            for k in m.keys() {
                if !o.fields.iter().any(|f| f.wire == k) {
                    return Err(format!("{at}.{k}: not a field of `{}`", o.name));
                }
            }
            for f in o.fields {
                let fat = format!("{at}.{}", f.wire);
                match m.get(f.wire).filter(|v| !v.is_null()) {
                    Some(v) => json_value(&fat, f.shape, &f.constraints, v)?,
                    None if f.required => return Err(format!("{fat} is required")),
                    None => {}
                }
            }
            Ok(())
        }
        (Shape::Object(o), _) => wrong(&format!("an object (`{}`)", o.name)),
    }
}

fn count(at: &str, c: &Constraints, n: usize) -> Result<(), String> {
    if let Some(max) = c.max_items.filter(|m| n as u64 > *m) {
        return Err(format!("{at}: {n} items, more than the documented {max}"));
    }
    if let Some(min) = c.min_items.filter(|m| (n as u64) < *m) {
        return Err(format!("{at}: {n} items, fewer than the documented {min}"));
    }
    Ok(())
}

fn string(at: &str, c: &Constraints, s: &str) -> Result<(), String> {
    let len = s.chars().count() as u64;
    if let Some(max) = c.max_length.filter(|m| len > *m) {
        return Err(format!("{at}: {len} characters, longer than the documented {max}"));
    }
    if let Some(min) = c.min_length.filter(|m| len < *m) {
        return Err(format!("{at}: {len} characters, shorter than the documented {min}"));
    }
    let quoted = Value::from(s).to_string();
    if !c.values.is_empty() && !c.values.contains(&quoted.as_str()) {
        return Err(format!(
            "{at}: {quoted} is not a documented value ({})",
            c.values.join(", ")
        ));
    }
    Ok(())
}

/// A number's text against the documented range and values (compared as decimals).
fn number(at: &str, c: &Constraints, text: &str) -> Result<(), String> {
    let parse = huaweicloud_bss_core::decimal::parse;
    let Ok(n) = parse(text) else {
        return Err(format!("{at}: {text:?} is not a number"));
    };
    if let Some(min) = c.minimum.and_then(|m| parse(m).ok().map(|d| (m, d))) {
        if n < min.1 {
            return Err(format!("{at}: {text} is below the documented minimum {}", min.0));
        }
    }
    if let Some(max) = c.maximum.and_then(|m| parse(m).ok().map(|d| (m, d))) {
        if n > max.1 {
            return Err(format!("{at}: {text} is above the documented maximum {}", max.0));
        }
    }
    if !c.values.is_empty() && !c.values.iter().any(|v| parse(v).is_ok_and(|d| d == n)) {
        return Err(format!(
            "{at}: {text} is not a documented value ({})",
            c.values.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::request;
    use crate::routes::Routes;
    use crate::spec::{Body, Constraints, Field, Location, Object, Operation, Param, Shape};

    static LINE: Object = Object {
        name: "Line",
        fields: &[
            Field {
                wire: "amount",
                shape: &Shape::DecimalString,
                required: true,
                constraints: Constraints {
                    minimum: Some("0"),
                    ..Constraints::NONE
                },
            },
            Field {
                wire: "lang",
                shape: &Shape::String,
                required: false,
                constraints: Constraints {
                    min_length: Some(2),
                    values: &["\"zh-cn\"", "\"en-us\""],
                    ..Constraints::NONE
                },
            },
        ],
    };
    static BODY: Object = Object {
        name: "Req",
        fields: &[Field {
            wire: "lines",
            shape: &Shape::List(&Shape::Object(&LINE)),
            required: true,
            constraints: Constraints {
                min_items: Some(1),
                max_items: Some(2),
                ..Constraints::NONE
            },
        }],
    };
    static OPS: &[Operation] = &[Operation {
        domain: "d",
        id: "PayX",
        method: "POST",
        path: "/v2/x/{id}/pay",
        success_status: 200,
        sample: None,
        params: &[
            Param {
                wire: "id",
                location: Location::Path,
                shape: &Shape::String,
                required: true,
                constraints: Constraints {
                    max_length: Some(4),
                    ..Constraints::NONE
                },
            },
            Param {
                wire: "mode",
                location: Location::Query,
                shape: &Shape::I32,
                required: true,
                constraints: Constraints::NONE,
            },
            Param {
                wire: "X-Language",
                location: Location::Header,
                shape: &Shape::String,
                required: true,
                constraints: Constraints::NONE,
            },
        ],
        body: Some(Body {
            required: true,
            shape: &Shape::Object(&BODY),
        }),
    }];

    fn check(path: &str, query: &[(&str, &str)], header: bool, body: &str) -> Result<(), String> {
        let routes = Routes::new(OPS);
        let route = routes.find("POST", path).expect("routed");
        let query: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let headers = if header {
            vec![("x-language".to_string(), "en-us".to_string())]
        } else {
            vec![]
        };
        request(route, path, &query, &headers, body.as_bytes())
    }

    #[test]
    fn a_valid_request_passes() {
        let ok = r#"{"lines": [{"amount": "10.00", "lang": "zh-cn"}, {"amount": "0"}]}"#;
        assert_eq!(check("/v2/x/ab/pay", &[("mode", "1")], true, ok), Ok(()));
    }

    #[test]
    fn each_violation_names_its_place() {
        let ok = r#"{"lines": [{"amount": "1"}]}"#;
        /// (path, query, X-Language sent, body, expected message part)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], bool, &'a str, &'a str);
        let cases: &[Case] = &[
            (
                "/v2/x/abcde/pay",
                &[("mode", "1")],
                true,
                ok,
                "path parameter `id`: 5 characters",
            ),
            ("/v2/x/ab/pay", &[], true, ok, "query parameter `mode` is required"),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                false,
                ok,
                "header `X-Language` is required",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": []}"#,
                "body.lines: 0 items",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": [{"amount": "1"}, {"amount": "1"}, {"amount": "1"}]}"#,
                "body.lines: 3 items",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": [{"amount": 1}]}"#,
                "body.lines[0].amount: a number where a decimal in a string is documented",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": [{"amount": "-1"}]}"#,
                "body.lines[0].amount: -1 is below the documented minimum 0",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": [{"amount": "1", "lang": "fr"}]}"#,
                "body.lines[0].lang: \"fr\" is not a documented value",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": [{}]}"#,
                "body.lines[0].amount is required",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "1")],
                true,
                r#"{"lines": {}}"#,
                "body.lines: an object where a list",
            ),
            (
                "/v2/x/ab/pay",
                &[("mode", "3000000000")],
                true,
                ok,
                "not a 32-bit integer",
            ),
        ];
        for (path, query, header, body, want) in cases {
            let got = check(path, query, *header, body).expect_err(want);
            assert!(got.contains(want), "{got:?} lacks {want:?}");
        }
    }
}
