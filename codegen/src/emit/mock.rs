//! `crates/mock/src/specs.rs`: what the mock needs from the IR, as statics of the types in
//! `crates/mock/src/spec.rs`: every operation's route, first sample reply (body verbatim), and
//! the parameters and body shape its requests are validated against. The mock embeds no spec
//! file, so it packages on its own.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Constraints, Domain, Location, Ty};

fn object_static(domain: &Domain, model: &str) -> proc_macro2::Ident {
    format_ident!("{}_{}", domain.key.to_shouty_snake_case(), model.to_shouty_snake_case())
}

fn shape(domain: &Domain, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(Shape::String),
        Ty::I32 => quote!(Shape::I32),
        Ty::I64 => quote!(Shape::I64),
        Ty::Bool => quote!(Shape::Bool),
        Ty::Decimal { string_form: false } => quote!(Shape::Number),
        Ty::Decimal { string_form: true } => quote!(Shape::DecimalString),
        Ty::Any => quote!(Shape::Any),
        Ty::Vec(inner) => {
            let inner = shape(domain, inner);
            quote!(Shape::List(&#inner))
        }
        Ty::Map(inner) => {
            let inner = shape(domain, inner);
            quote!(Shape::Map(&#inner))
        }
        Ty::Model(name) => {
            let s = object_static(domain, name);
            quote!(Shape::Object(&#s))
        }
        Ty::Enum { raw, .. } => shape(domain, &raw.ty()),
        Ty::Time(_) => quote!(Shape::String),
    }
}

fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn constraints(c: &Constraints) -> TokenStream {
    // The validated constraints (a default or a pattern is documentation here).
    let checked = Constraints {
        default: None,
        pattern: None,
        ..c.clone()
    };
    if checked == Constraints::default() {
        return quote!(Constraints::NONE);
    }
    let max_length = opt(c.max_length);
    let min_length = opt(c.min_length);
    let minimum = opt(c.minimum.as_ref().map(|n| n.to_string()));
    let maximum = opt(c.maximum.as_ref().map(|n| n.to_string()));
    let max_items = opt(c.max_items);
    let min_items = opt(c.min_items);
    let values = c.values.iter().map(|v| v.to_string());
    quote! {
        Constraints {
            max_length: #max_length,
            min_length: #min_length,
            minimum: #minimum,
            maximum: #maximum,
            max_items: #max_items,
            min_items: #min_items,
            values: &[#(#values),*],
        }
    }
}

/// The models a domain's request bodies reach.
fn sent_models(domain: &Domain) -> BTreeSet<String> {
    let mut sent = BTreeSet::new();
    let mut stack: Vec<String> = domain
        .operations
        .iter()
        .filter_map(|o| o.body.as_ref())
        .filter_map(|b| b.ty.model().map(str::to_string))
        .collect();
    while let Some(name) = stack.pop() {
        if sent.insert(name.clone()) {
            if let Some(m) = domain.models.get(&name) {
                stack.extend(m.fields.iter().filter_map(|f| f.ty.model().map(str::to_string)));
            }
        }
    }
    sent
}

/// The mock's `specs.rs`: every operation's route, parameters, shapes, constraints and samples as statics, so the mock reads no spec file.
pub fn specs_file(domains: &[Domain]) -> TokenStream {
    let mut operations = Vec::new();
    let mut intl_operations = Vec::new();
    let mut objects = BTreeMap::new();
    for d in domains {
        for name in sent_models(d) {
            let Some(m) = d.models.get(&name) else { continue };
            let fields = m.fields.iter().map(|f| {
                let wire = &f.wire;
                let sh = shape(d, &f.ty);
                // The spec's required flag: what the docs ask of a request.
                let required = f.spec_required;
                let c = constraints(&f.constraints);
                quote!(Field { wire: #wire, shape: &#sh, required: #required, constraints: #c })
            });
            let s = object_static(d, &name);
            objects.insert(
                s.to_string(),
                quote! {
                    static #s: Object = Object { name: #name, fields: &[#(#fields),*] };
                },
            );
        }
        for op in &d.operations {
            let (dn, id, method, path, status) = (&d.name, &op.id, op.method.as_str(), &op.path, op.response.status);
            let sample = op
                .samples
                .iter()
                .find_map(|s| s.response.as_ref().map(|r| (&r.status, s)));
            let sample = match sample {
                Some((st, s)) => {
                    let body = opt(s.response_json());
                    quote!(Some((#st, #body)))
                }
                None => quote!(None),
            };
            let params = op.params.iter().map(|p| {
                let wire = &p.wire;
                let loc = match p.location {
                    Location::Path => quote!(Location::Path),
                    Location::Query => quote!(Location::Query),
                    Location::Header => quote!(Location::Header),
                };
                let sh = shape(d, &p.ty);
                let required = p.required;
                let c = constraints(&p.constraints);
                quote!(Param { wire: #wire, location: #loc, shape: &#sh, required: #required, constraints: #c })
            });
            let body = match &op.body {
                Some(b) => {
                    let sh = shape(d, &b.ty);
                    let required = b.required;
                    quote!(Some(Body { required: #required, shape: &#sh }))
                }
                None => quote!(None),
            };
            let list = match d.site {
                crate::spec::SiteName::China => &mut operations,
                crate::spec::SiteName::International => &mut intl_operations,
            };
            list.push(quote! {
                Operation {
                    domain: #dn,
                    id: #id,
                    method: #method,
                    path: #path,
                    success_status: #status,
                    sample: #sample,
                    params: &[#(#params),*],
                    body: #body,
                }
            });
        }
    }
    let objects = objects.values();
    quote! {
        //! Every operation the mock serves, written from the generator's IR: its route, its
        //! first sample's reply (body exactly as the spec stores it), and what its requests must
        //! look like (parameters, body shape, documented constraints).

        use crate::spec::{Body, Constraints, Field, Location, Object, Operation, Param, Shape};

        /// Every operation of the China site's API, sorted by domain and operation id.
        pub static OPERATIONS: &[Operation] = &[#(#operations),*];

        /// Every operation of the international API, sorted by domain and operation id.
        pub static INTL_OPERATIONS: &[Operation] = &[#(#intl_operations),*];

        #(#objects)*
    }
}
