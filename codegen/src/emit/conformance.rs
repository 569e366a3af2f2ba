//! `tests/conformance/src/cases/<domain>.rs`: per operation, its samples as the spec stores them
//! (bodies verbatim), the typed call each sample's request describes (written with the
//! generated builders, as a user writes it), the documented error codes, malformed bodies,
//! and one `#[tokio::test]` named after the operation.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context, Result};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::value::RawValue;

use super::{ident, type_ident};
use crate::ir::{Domain, Location, Operation, Param, Sample, Ty};

/// JSON with numbers kept as written (`10.00` stays `10.00`).
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    fn parse(text: &str) -> Result<Json> {
        let raw: Box<RawValue> = serde_json::from_str(text)?;
        Self::from_raw(&raw)
    }

    fn from_raw(raw: &RawValue) -> Result<Json> {
        let text = raw.get().trim();
        Ok(match text.as_bytes().first() {
            Some(b'{') => {
                let m: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text)?;
                Json::Obj(
                    m.into_iter()
                        .map(|(k, v)| Ok((k, Self::from_raw(&v)?)))
                        .collect::<Result<_>>()?,
                )
            }
            Some(b'[') => {
                let a: Vec<Box<RawValue>> = serde_json::from_str(text)?;
                Json::Arr(a.iter().map(|v| Self::from_raw(v)).collect::<Result<_>>()?)
            }
            Some(b'"') => Json::Str(serde_json::from_str(text)?),
            _ => match text {
                "null" => Json::Null,
                "true" => Json::Bool(true),
                "false" => Json::Bool(false),
                n => Json::Num(n.to_string()),
            },
        })
    }

    fn text(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Num(n) => n.clone(),
            Json::Str(s) => serde_json::to_string(s).expect("strings serialize"),
            Json::Arr(a) => format!("[{}]", a.iter().map(Json::text).collect::<Vec<_>>().join(",")),
            Json::Obj(m) => format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).expect("strings serialize"), v.text()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "a list",
            Json::Obj(_) => "an object",
        }
    }
}

/// Matches a sample's path against the operation's template, returning the path parameters.
fn match_path(template: &str, path: &str) -> Result<BTreeMap<String, String>> {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if t.len() != p.len() {
        bail!("sample path {path} does not match {template}");
    }
    let mut out = BTreeMap::new();
    for (ts, ps) in t.iter().zip(&p) {
        if let Some(name) = ts.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            out.insert(name.to_string(), ps.to_string());
        } else if ts != ps {
            bail!("sample path {path} does not match {template}");
        }
    }
    Ok(out)
}

fn integer_literal(ty: &Ty, text: &str) -> Result<TokenStream> {
    let lit = match ty {
        Ty::I32 => Literal::i32_unsuffixed(text.trim().parse().map_err(|_| anyhow!("{text:?} is not an i32"))?),
        _ => Literal::i64_unsuffixed(text.trim().parse().map_err(|_| anyhow!("{text:?} is not an i64"))?),
    };
    Ok(quote!(#lit))
}

/// A documented value as its named variant (`enums::OrderStatus::PendingPayment`), any other
/// through `From` of the wire value, as a user with a raw value writes it.
fn enum_literal(domain: &Domain, name: &str, value: &str) -> Result<TokenStream> {
    let def = domain
        .enums
        .get(name)
        .ok_or_else(|| anyhow!("enum {name} is missing"))?;
    let ty = type_ident(name);
    let wire_text = |w: &serde_json::Value| match w {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(v) = def.variants.iter().find(|v| wire_text(&v.wire) == value) {
        let variant = type_ident(&v.name);
        return Ok(quote!(enums::#ty::#variant));
    }
    let raw = match def.raw {
        crate::values::EnumRaw::String => {
            let lit = Literal::string(value);
            quote!(#lit)
        }
        raw => integer_literal(&raw.ty(), value)?,
    };
    Ok(quote!(enums::#ty::from(#raw)))
}

/// A time as a user writes one: the sample's text parsed into the runtime's type. The wire
/// check then compares what the type writes back with the sample's text.
fn time_literal(kind: crate::spec::TimeKind, text: &str) -> TokenStream {
    let ty = type_ident(kind.rust());
    quote!(#text.parse::<huaweicloud_bss::core::#ty>().expect("the sample's time"))
}

fn scalar_literal(domain: &Domain, ty: &Ty, value: &str) -> Result<TokenStream> {
    Ok(match ty {
        Ty::Time(kind) => time_literal(*kind, value),
        Ty::Enum { name, .. } => enum_literal(domain, name, value)?,
        Ty::String => {
            let lit = Literal::string(value);
            quote!(#lit)
        }
        Ty::I32 | Ty::I64 => integer_literal(ty, value)?,
        Ty::Bool => match value {
            "true" => quote!(true),
            "false" => quote!(false),
            _ => bail!("{value:?} is not a boolean"),
        },
        Ty::Decimal { .. } => {
            let lit = Literal::string(value);
            quote!(crate::harness::decimal(#lit))
        }
        other => bail!("no literal for a parameter of type {other:?}"),
    })
}

fn param_literal(domain: &Domain, p: &Param, values: &[String]) -> Result<TokenStream> {
    match &p.ty {
        Ty::Vec(inner) => {
            let items = values
                .iter()
                .map(|v| scalar_literal(domain, inner, v))
                .collect::<Result<Vec<_>>>()?;
            if **inner == Ty::String {
                Ok(quote!(vec![#(#items.to_string()),*]))
            } else {
                Ok(quote!(vec![#(#items),*]))
            }
        }
        ty => scalar_literal(domain, ty, &values[0]),
    }
}

/// The expression a user writes for `value` of type `ty`: builders for models, literals for
/// scalars. `owned`: the position needs a `String` (list items, map values), not `impl Into`.
fn value_expr(domain: &Domain, ty: &Ty, value: &Json, at: &str, owned: bool) -> Result<TokenStream> {
    let mismatch = || anyhow!("{at}: the sample has {}, the spec documents {ty:?}", value.kind());
    Ok(match (ty, value) {
        (Ty::String, Json::Str(s)) => {
            let lit = Literal::string(s);
            if owned {
                quote!(#lit.to_string())
            } else {
                quote!(#lit)
            }
        }
        (Ty::I32 | Ty::I64, Json::Num(n)) => integer_literal(ty, n).with_context(|| at.to_string())?,
        (Ty::Bool, Json::Bool(b)) => quote!(#b),
        (Ty::Time(kind), Json::Str(v)) => time_literal(*kind, v),
        (Ty::Enum { name, .. }, Json::Str(v) | Json::Num(v)) => {
            enum_literal(domain, name, v).with_context(|| at.to_string())?
        }
        // Read from a number or a string, as the runtime does; the wire check then compares
        // what is sent with the sample's text.
        (Ty::Decimal { .. }, Json::Num(n) | Json::Str(n)) => {
            let lit = Literal::string(n);
            quote!(crate::harness::decimal(#lit))
        }
        (Ty::Any, v) => {
            let lit = Literal::string(&v.text());
            quote!(crate::harness::any_json(#lit))
        }
        (Ty::Vec(inner), Json::Arr(items)) => {
            let items = items
                .iter()
                .enumerate()
                .map(|(i, v)| value_expr(domain, inner, v, &format!("{at}/{i}"), true))
                .collect::<Result<Vec<_>>>()?;
            quote!(vec![#(#items),*])
        }
        (Ty::Map(inner), Json::Obj(m)) => {
            let entries = m
                .iter()
                .map(|(k, v)| {
                    let v = value_expr(domain, inner, v, &format!("{at}/{k}"), true)?;
                    Ok(quote!((#k.to_string(), #v)))
                })
                .collect::<Result<Vec<_>>>()?;
            quote!([#(#entries),*].into_iter().collect::<std::collections::BTreeMap<_, _>>())
        }
        (Ty::Model(name), Json::Obj(members)) => {
            let model = domain
                .models
                .get(name)
                .ok_or_else(|| anyhow!("{at}: model {name} is missing"))?;
            for k in members.keys() {
                if !model.fields.iter().any(|f| &f.wire == k) {
                    bail!("{at}/{k}: the sample sends a field that `{name}` lacks");
                }
            }
            let mut args = Vec::new();
            let mut setters = Vec::new();
            for f in &model.fields {
                let v = members.get(&f.wire).filter(|v| !matches!(v, Json::Null));
                let field_at = format!("{at}/{}", f.wire);
                match (v, f.required) {
                    (Some(v), true) => args.push(value_expr(domain, &f.ty, v, &field_at, false)?),
                    (Some(v), false) => {
                        let setter = quote::format_ident!("set_{}", f.ident.trim_start_matches("r#"));
                        let v = value_expr(domain, &f.ty, v, &field_at, false)?;
                        setters.push(quote!(.#setter(#v)));
                    }
                    (None, true) => bail!("{field_at}: the sample lacks this required field"),
                    (None, false) => {}
                }
            }
            let ty = type_ident(name);
            quote!(models::#ty::new(#(#args),*)#(#setters)*)
        }
        _ => return Err(mismatch()),
    })
}

/// The typed call a sample's request describes.
fn call_for_sample(domain: &Domain, op: &Operation, sample: &Sample) -> Result<TokenStream> {
    if sample.method != op.method {
        bail!("sample method {} differs from {}", sample.method, op.method);
    }
    let path_values = match_path(&op.path, &sample.path)?;
    let mut query: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (k, v) in &sample.query {
        query.entry(k.as_str()).or_default().push(v.clone());
    }
    for k in query.keys() {
        if !op.params.iter().any(|p| p.location == Location::Query && p.wire == *k) {
            bail!("sample query parameter {k:?} is not in the spec");
        }
    }
    let shape = super::builders::shape(domain, op)?;
    let mut setters = Vec::new();
    for (p, leaf) in op.params.iter().zip(&shape.params) {
        let values: Vec<String> = match p.location {
            Location::Path => path_values.get(&p.wire).cloned().into_iter().collect(),
            Location::Query => query.get(p.wire.as_str()).cloned().unwrap_or_default(),
            Location::Header => sample
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&p.wire))
                .map(|(_, v)| v.clone())
                .into_iter()
                .collect(),
        };
        if values.is_empty() {
            if p.required {
                bail!("sample lacks the required parameter {}", p.wire);
            }
            continue;
        }
        let lit = param_literal(domain, p, &values).with_context(|| format!("parameter {}", p.wire))?;
        let setter = ident(&leaf.name);
        setters.push(quote!(.#setter(#lit)));
    }
    let sample_body = sample.body_json().map(Json::parse).transpose()?;
    match (&op.body, sample_body, &shape.body) {
        // The body's fields go through the builder's flattened setters, as a user sets them.
        (Some(body), Some(json), super::builders::Body::Fields { model, fields, .. }) => {
            let Json::Obj(members) = &json else {
                bail!("body: the sample has {}, the spec documents `{model}`", json.kind());
            };
            let m = &domain.models[model];
            for k in members.keys() {
                if !m.fields.iter().any(|f| &f.wire == k) {
                    bail!("body/{k}: the sample sends a field that `{model}` lacks");
                }
            }
            for (f, leaf) in m.fields.iter().zip(fields) {
                match members.get(&f.wire).filter(|v| !matches!(v, Json::Null)) {
                    Some(v) => {
                        let v = value_expr(domain, &f.ty, v, &format!("body/{}", f.wire), false)?;
                        let setter = ident(&leaf.name);
                        setters.push(quote!(.#setter(#v)));
                    }
                    None if f.required && body.required => {
                        bail!("body/{}: the sample lacks this required field", f.wire)
                    }
                    None => {}
                }
            }
        }
        (Some(body), Some(json), _) => {
            let value = value_expr(domain, &body.ty, &json, "body", false)?;
            setters.push(quote!(.body(#value)));
        }
        (Some(body), None, _) if body.required => bail!("sample lacks the required body"),
        (Some(_), None, _) => {}
        (None, Some(_), _) => bail!("sample has a body but the operation takes none"),
        (None, None, _) => {}
    }
    let fn_name = ident(&op.fn_name);
    Ok(quote! {
        Box::new(|client: Client| Box::pin(async move {
            client.#fn_name()#(#setters)*.send().await.map(|v| crate::harness::to_json(&v)).map_err(CaseError::Call)
        }))
    })
}

/// Bodies a server must not get away with: cut off, and valid JSON of the wrong shape (a
/// string where a number is documented, an object where a list is, a list where an object
/// is). Each must come back as a response error keeping the status and the raw bytes.
fn malformed_bodies(domain: &Domain, op: &Operation, sample_response: Option<&str>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let ty = match &op.response.kind {
        crate::ir::ResponseKind::Empty => return out,
        crate::ir::ResponseKind::Raw | crate::ir::ResponseKind::RawBatch { .. } => &Ty::Any,
        kind => kind.body_ty().expect("typed kinds have a body type"),
    };
    let cut = match sample_response {
        Some(text) if text.len() > 2 => {
            let mut n = text.len() / 2;
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            text[..n].to_string()
        }
        _ => "{\"".to_string(),
    };
    out.push(("truncated JSON".to_string(), cut));
    let Ty::Model(name) = ty else {
        if matches!(ty, Ty::Vec(_)) {
            out.push(("an object where a list is documented".into(), "{}".into()));
        }
        return out;
    };
    out.push(("a list where an object is documented".into(), "[]".into()));
    let fields = &domain.models[name].fields;
    if let Some(f) = fields
        .iter()
        .find(|f| matches!(f.ty, Ty::I32 | Ty::I64 | Ty::Decimal { string_form: false }))
    {
        out.push((
            format!("a string where a number is documented (`{}`)", f.wire),
            format!("{{\"{}\":\"not a number\"}}", f.wire),
        ));
    }
    if let Some(f) = fields.iter().find(|f| matches!(f.ty, Ty::Vec(_))) {
        out.push((
            format!("an object where a list is documented (`{}`)", f.wire),
            format!("{{\"{}\":{{}}}}", f.wire),
        ));
    }
    // The error envelope (`error_code`, `error_msg`) is read by the runtime before the model.
    let envelope = |wire: &str| matches!(wire, "error_code" | "error_msg");
    if let Some(f) = fields.iter().find(|f| f.ty == Ty::String && !envelope(&f.wire)) {
        out.push((
            format!("a number where a string is documented (`{}`)", f.wire),
            format!("{{\"{}\":12}}", f.wire),
        ));
    }
    out
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn sample_case(domain: &Domain, op: &Operation, index: usize, sample: &Sample) -> Result<TokenStream> {
    // A sample the typed builders cannot express is a spec error, reported at regen.
    let call = call_for_sample(domain, op, sample)?;
    let method = sample.method.as_str();
    let path = &sample.path;
    let query = sample.query.iter().map(|(k, v)| quote!((#k, #v)));
    let headers = sample.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let body = opt_str(sample.body_json());
    let response = match &sample.response {
        Some(crate::ir::SampleResponse { status, .. }) => {
            let text = opt_str(sample.response_json());
            quote!(Some((#status, #text)))
        }
        None => quote!(None),
    };
    let (rq, rs) = (sample.request_written_by_us, sample.response_written_by_us);
    let china = sample.from_china_site;
    let outside = opt_str(sample.outside_constraints.as_deref());
    let index = Literal::usize_unsuffixed(index);
    Ok(quote! {
        Sample {
            index: #index,
            request_written_by_us: #rq,
            response_written_by_us: #rs,
            from_china_site: #china,
            outside_constraints: #outside,
            method: #method,
            path: #path,
            query: &[#(#query),*],
            headers: &[#(#headers),*],
            body: #body,
            response: #response,
            call: #call,
        }
    })
}

/// One domain's conformance cases: a test per operation, driving its samples, error rows and malformed bodies through the mock.
pub fn cases_file(domain: &Domain) -> Result<TokenStream> {
    let m = format_ident!("{}", domain.name);
    let krate = match domain.site {
        crate::spec::SiteName::China => quote!(#m),
        crate::spec::SiteName::International => quote!(intl::#m),
    };
    let api = super::site_api(domain);
    let code_enum = format_ident!("{}", domain.error_enum);
    let dname = &domain.key;
    let mut fns = Vec::new();
    let mut tests = Vec::new();
    let mut all = Vec::new();
    for op in &domain.operations {
        let samples: Vec<_> = op
            .samples
            .iter()
            .enumerate()
            .map(|(i, s)| sample_case(domain, op, i, s).with_context(|| format!("{} sample {i}", op.id)))
            .collect::<Result<_>>()?;
        let errors = op.errors.iter().map(|e| {
            let (code, status) = (&e.code, e.status);
            quote!((#code, #status))
        });
        let first_response = op.samples.iter().find_map(|s| s.response_json());
        let malformed = malformed_bodies(domain, op, first_response)
            .into_iter()
            .map(|(what, body)| quote!((#what, #body)));
        let id = &op.id;
        let f = ident(&op.fn_name);
        let doc = format!(" `{id}`: {} samples.", op.samples.len());
        fns.push(quote! {
            #[doc = #doc]
            pub fn #f() -> Op {
                Operation {
                    domain: #dname,
                    api: #api,
                    id: #id,
                    make_client: Client::new,
                    errors: &[#(#errors),*],
                    malformed: &[#(#malformed),*],
                    samples: vec![#(#samples),*],
                }
            }
        });
        let test = format_ident!("{}", id);
        tests.push(quote! {
            #[tokio::test]
            async fn #test() {
                crate::harness::check(super::#f()).await;
            }
        });
        all.push(quote!(#f()));
    }
    let allow_deprecated = if domain.operations.iter().any(|o| o.deprecated) {
        quote!(#![allow(deprecated)])
    } else {
        quote!()
    };
    Ok(quote! {
        //! Per operation: its samples (bodies verbatim), the typed call each sample's request
        //! describes, its documented error codes, malformed bodies, and a test named after it.
        #allow_deprecated
        #![allow(unused_imports)]
        use huaweicloud_bss::#krate::requests::*;
        use huaweicloud_bss::#krate::{enums, models, Client, #code_enum};

        use crate::harness::{CaseError, Operation, Sample};

        type Op = Operation<Client, #code_enum>;

        #(#fns)*

        /// Every operation of the domain.
        pub fn operations() -> Vec<Op> {
            vec![#(#all),*]
        }

        #[cfg(test)]
        #[allow(non_snake_case)]
        mod tests {
            #(#tests)*
        }
    })
}

/// The `cases/mod.rs` that lists every domain's case module.
pub fn cases_mod(domains: &[Domain]) -> TokenStream {
    let mods = domains.iter().map(|d| format_ident!("{}", d.key));
    let runs = domains.iter().map(|d| {
        let m = format_ident!("{}", d.key);
        quote! {
            for op in #m::operations() {
                crate::harness::run_operation(op, report).await;
            }
        }
    });
    quote! {
        //! Every domain's cases.
        #(pub mod #mods;)*

        /// Runs every operation of every domain, adding to `report`.
        pub async fn run_all(report: &mut crate::harness::Report) {
            #(#runs)*
        }
    }
}
