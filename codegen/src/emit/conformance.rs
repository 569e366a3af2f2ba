//! `tests/conformance/src/cases/<domain>.rs`: for every doc sample, the typed call that the
//! sample's request describes, written as a user would write it.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context, Result};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{ident, type_ident};
use crate::ir::{Domain, Location, Operation, Param, Sample, Ty};

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

fn scalar_literal(ty: &Ty, value: &str) -> Result<TokenStream> {
    Ok(match ty {
        Ty::String => {
            let lit = Literal::string(value);
            quote!(#lit)
        }
        Ty::I32 => {
            let n: i32 = value.trim().parse().map_err(|_| anyhow!("{value:?} is not an i32"))?;
            let lit = Literal::i32_unsuffixed(n);
            quote!(#lit)
        }
        Ty::I64 => {
            let n: i64 = value.trim().parse().map_err(|_| anyhow!("{value:?} is not an i64"))?;
            let lit = Literal::i64_unsuffixed(n);
            quote!(#lit)
        }
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

fn param_literal(p: &Param, values: &[String]) -> Result<TokenStream> {
    match &p.ty {
        Ty::Vec(inner) => {
            let items = values
                .iter()
                .map(|v| scalar_literal(inner, v))
                .collect::<Result<Vec<_>>>()?;
            if **inner == Ty::String {
                Ok(quote!(vec![#(#items.to_string()),*]))
            } else {
                Ok(quote!(vec![#(#items),*]))
            }
        }
        ty => scalar_literal(ty, &values[0]),
    }
}

fn call_for_sample(op: &Operation, sample: &Sample) -> Result<TokenStream> {
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
    let mut required_args = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
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
        let lit = param_literal(p, &values).with_context(|| format!("parameter {}", p.wire))?;
        if p.required {
            required_args.push(lit);
        } else {
            let setter = ident(&p.ident);
            setters.push(quote!(.#setter(#lit)));
        }
    }
    if let Some(body) = &op.body {
        match (&sample.body, body.required) {
            (Some(json), required) => {
                let text = Literal::string(&serde_json::to_string(&json.value)?);
                let value = quote!(crate::harness::sample_body(#text)?);
                if required {
                    required_args.push(value);
                } else {
                    setters.push(quote!(.body(#value)));
                }
            }
            (None, true) => bail!("sample lacks the required body"),
            (None, false) => {}
        }
    } else if sample.body.is_some() {
        bail!("sample has a body but the operation takes none");
    }
    let req_ty = type_ident(&op.request_type);
    let fn_name = ident(&op.fn_name);
    Ok(quote! {
        Box::new(|client: Client| Box::pin(async move {
            let request = #req_ty::new(#(#required_args),*)#(#setters)*;
            client.#fn_name(&request).await.map(|v| crate::harness::to_json(&v)).map_err(CaseError::Call)
        }))
    })
}

pub fn cases_file(domain: &Domain) -> Result<TokenStream> {
    let krate = format_ident!("{}", domain.name);
    let code_enum = format_ident!("{}", domain.error_enum);
    let mut cases = Vec::new();
    for op in &domain.operations {
        for (i, sample) in op.samples.iter().enumerate() {
            let call = call_for_sample(op, sample).with_context(|| format!("{} sample {i}", op.id))?;
            let id = &op.id;
            let i = Literal::usize_unsuffixed(i);
            cases.push(quote! {
                cases.push(Case { operation: #id, sample: #i, call: #call });
            });
        }
    }
    let allow_deprecated = if domain.operations.iter().any(|o| o.deprecated) {
        quote!(#![allow(deprecated)])
    } else {
        quote!()
    };
    Ok(quote! {
        //! One typed call per doc sample.
        #allow_deprecated
        use huaweicloud_bss::#krate::requests::*;
        use huaweicloud_bss::#krate::{Client, #code_enum};

        use crate::harness::{Case, CaseError};

        /// Every sample of the domain's operations, each with its typed call.
        pub fn cases() -> Vec<Case<Client, #code_enum>> {
            let mut cases = Vec::new();
            #(#cases)*
            cases
        }
    })
}

pub fn cases_mod(domains: &[Domain]) -> TokenStream {
    let mods = domains.iter().map(|d| format_ident!("{}", d.name));
    let runs = domains.iter().map(|d| {
        let m = format_ident!("{}", d.name);
        let name = &d.name;
        let spec = &d.spec_file;
        quote! {
            crate::harness::run_domain(#name, #spec, huaweicloud_bss::#m::Client::new, #m::cases(), report).await;
        }
    });
    quote! {
        //! Every domain's cases.
        #(pub mod #mods;)*

        /// Runs every domain's samples and error codes, adding to `report`.
        pub async fn run_all(report: &mut crate::harness::Report) {
            #(#runs)*
        }
    }
}
