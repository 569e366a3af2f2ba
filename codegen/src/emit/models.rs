//! `models.rs`: request bodies and responses, one struct per schema; and `requests.rs`: one
//! parameter struct per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, rust_type, setter_arg, type_ident};
use crate::ir::{Domain, Field, Model, Operation, Ty};

/// serde attributes for one field: rename, optional handling, exact decimals (decided in the IR).
fn serde_attrs(field: &Field) -> TokenStream {
    let mut parts = Vec::new();
    if let Some(wire) = &field.rename {
        parts.push(quote!(rename = #wire));
    }
    if !field.required {
        parts.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if let Some(with) = &field.serde_with {
        parts.push(quote!(with = #with));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// `new(required...)` plus a chained setter per optional field.
fn constructor_and_setters(name: &str, fields: &[(&str, &Ty, bool, TokenStream)]) -> TokenStream {
    let required: Vec<_> = fields.iter().filter(|f| f.2).collect();
    let args = required.iter().map(|(id, ty, _, _)| {
        let id = ident(id);
        let (arg, _) = setter_arg(ty);
        quote!(#id: #arg)
    });
    let inits = fields.iter().map(|(id, ty, req, _)| {
        let id = ident(id);
        if *req {
            match ty {
                Ty::String | Ty::Enum { .. } => quote!(#id: #id.into()),
                _ => quote!(#id),
            }
        } else {
            quote!(#id: None)
        }
    });
    let setters = fields.iter().filter(|f| !f.2).map(|(id, ty, _, wrapped)| {
        let fid = ident(id);
        let set = quote::format_ident!("set_{}", id.trim_start_matches("r#"));
        let (arg, store) = setter_arg(ty);
        let doc = format!(" Sets `{}`.", id.trim_start_matches("r#"));
        let store = if wrapped.is_empty() {
            store
        } else {
            quote!(Box::new(#store))
        };
        quote! {
            #[doc = #doc]
            #[must_use = "a setter returns the changed value; the original is moved into it"]
            pub fn #set(mut self, value: #arg) -> Self {
                self.#fid = Some(#store);
                self
            }
        }
    });
    let new_doc = if required.is_empty() {
        " Creates an empty value; set optional fields with the chained setters.".to_string()
    } else {
        " Creates a value from its required fields; set optional ones with the chained setters.".to_string()
    };
    let ty = type_ident(name);
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        impl #ty {
            #[doc = #new_doc]
            #allow
            #[must_use]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

fn model(domain: &Domain, m: &Model) -> TokenStream {
    let name = type_ident(&m.name);
    let doc = doc_attrs(&m.doc);
    let fields = m.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let ty = field_type(f);
        let attrs = serde_attrs(f);
        let mut lines = f.doc.clone();
        if lines.is_empty() {
            lines.push(format!("Wire name `{}`.", f.wire));
        }
        if f.money {
            let units = domain.money_units();
            lines.push(if m.fields.iter().any(|g| g.wire == "measure_id") {
                units.measured.replace("{}", f.ident.trim_start_matches("r#"))
            } else {
                units.plain.to_string()
            });
        }
        let doc = doc_attrs(&lines);
        quote! { #doc #attrs pub #id: #ty }
    });
    let derive_default = if m.has_required { quote!() } else { quote!(Default,) };
    let setters: Vec<_> = m
        .fields
        .iter()
        .map(|f| {
            let boxed = if f.boxed { quote!(box) } else { quote!() };
            (f.ident.as_str(), &f.ty, f.required, boxed)
        })
        .collect();
    let ctor = constructor_and_setters(&m.name, &setters);
    let getters = super::accessors::accessors(domain, m);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields),* }
        #ctor
        #getters
    }
}

/// `models.rs`: one struct per schema, with its constructor and chained setters.
pub fn models_file(domain: &Domain) -> TokenStream {
    let models = domain.models.values().map(|m| model(domain, m));
    let doc = format!(
        " Request bodies and responses of the {} domain, one struct per schema of `{}`.\n\n Every response field is optional: the server may omit any of them, and an absent field\n never fails a call. Unknown fields are ignored. Money is an exact decimal.",
        domain.name, domain.spec_file
    );
    let doc_lines: Vec<_> = doc.lines().map(|l| quote!(#![doc = #l])).collect();
    quote! {
        #(#doc_lines)*
        #(#models)*
    }
}

/// One operation's request struct.
pub fn request_struct(op: &Operation) -> TokenStream {
    let name = &op.request_type;
    let ty = type_ident(name);
    let fn_name = &op.fn_name;
    let doc = format!(" Parameters of [`crate::Client::{fn_name}`] (`{}`).", op.id);
    let mut fields: Vec<TokenStream> = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let id = ident(&p.ident);
        let mut t = rust_type(&p.ty);
        if !p.required {
            t = quote!(Option<#t>);
        }
        let mut lines = p.doc.clone();
        let loc = p.location.as_str();
        lines.insert(
            0,
            format!(
                "`{}` ({loc} parameter{}).",
                p.wire,
                if p.required { ", required" } else { "" }
            ),
        );
        let doc = doc_attrs(&lines);
        fields.push(quote! { #doc pub #id: #t });
        setters.push((p.ident.as_str(), &p.ty, p.required, quote!()));
    }
    if let Some(body) = &op.body {
        let mut t = rust_type(&body.ty);
        if !body.required {
            t = quote!(Option<#t>);
        }
        fields.push(quote! { #[doc = " The JSON request body."] pub body: #t });
        setters.push(("body", &body.ty, body.required, quote!()));
    }
    let derive_default = if setters.iter().any(|s| s.2) {
        quote!()
    } else {
        quote!(Default,)
    };
    let ctor = constructor_and_setters(name, &setters);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #ty { #(#fields),* }
        #ctor
    }
}

/// `requests.rs`: one request struct per operation (its parameters and body).
pub fn requests_file(domain: &Domain) -> TokenStream {
    let structs = domain.operations.iter().filter(|o| !o.deprecated).map(request_struct);
    quote! {
        //! One parameter struct per operation: path, query and header parameters and the body.
        //! Required ones are arguments of `new`, so they cannot be forgotten.
        #(#structs)*
    }
}
