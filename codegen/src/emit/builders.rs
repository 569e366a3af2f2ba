//! `builders.rs`: one fluent request builder per operation (`client.pay_orders().order_id(id)
//! .send().await`), in the shape aws-sdk-rust users know. The parameters and the body's fields
//! are flattened into the builder; a missing required value is an `Error::Build` before anything
//! is sent; per-call options (timeouts, retries, headers) ride along. Sending goes through the
//! client's one crate-private method per operation, so the request structs stay the single
//! description of a call.

use std::collections::BTreeSet;

use anyhow::{bail, Result};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::{builder_name, response_type};
use super::{doc_attrs, ident, rust_type, setter_arg, type_ident};
use crate::ir::{Domain, Operation, Ty};

/// Names the builder's own methods take; a field with one of them gets a `_value` suffix.
const RESERVED: &[&str] = &[
    "new",
    "send",
    "build",
    "with_request",
    "options",
    "header",
    "retry",
    "attempt_timeout",
    "operation_timeout",
    "into_pages",
    "into_items",
    "into_parts",
];

/// One value the builder collects: a parameter, a body field, or the whole body.
pub struct Leaf {
    /// The builder's field and setter name.
    pub name: String,
    /// The field's name in the request struct or body model.
    pub ident: String,
    /// Its type.
    pub ty: Ty,
    /// `send` fails without it.
    pub required: bool,
    /// The caller's account id (`domain_id`, `partner_id`): the client fills it in when unset.
    pub account: bool,
    /// Held in a `Box` in the body model.
    boxed: bool,
    /// The setter's doc: the field's first paragraph.
    doc: String,
}

/// Where the builder's leaves go: the request struct's parameters, and its body.
pub struct Shape {
    /// One per parameter, in the operation's order.
    pub params: Vec<Leaf>,
    /// The body's values.
    pub body: Body,
}

impl Shape {
    /// Every value of the builder: parameters, then the body's.
    pub fn leaves(&self) -> Vec<&Leaf> {
        let mut all: Vec<&Leaf> = self.params.iter().collect();
        match &self.body {
            Body::None => {}
            Body::Fields { fields, .. } => all.extend(fields),
            Body::Whole(l) => all.push(l),
        }
        all
    }
}

/// How the builder holds the body.
pub enum Body {
    /// The operation takes no body.
    None,
    /// The body's fields are flattened into the builder.
    Fields {
        /// The body's model.
        model: String,
        /// The body itself is required.
        required: bool,
        /// One per field of the model.
        fields: Vec<Leaf>,
    },
    /// A body that is not a model (a list, raw JSON): one `body` setter.
    Whole(Leaf),
}

/// The setter's doc: the value's first paragraph, else what it is on the wire.
fn first_paragraph(doc: &[String], wire: &str, what: &str) -> String {
    match doc.first().filter(|d| !d.trim().is_empty()) {
        Some(d) => d.clone(),
        None => format!("`{wire}` ({what})."),
    }
}

/// The builder's values for `op`, named once for the builder and the conformance cases.
pub fn shape(domain: &Domain, op: &Operation) -> Result<Shape> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut unique = |ident: &str| {
        let bare = ident.trim_start_matches("r#");
        let mut name = if taken.contains(bare) {
            format!("{bare}_value")
        } else {
            ident.to_string()
        };
        while !taken.insert(name.trim_start_matches("r#").to_string()) {
            name.push('_');
        }
        name
    };
    let params = op
        .params
        .iter()
        .map(|p| Leaf {
            name: unique(&p.ident),
            ident: p.ident.clone(),
            ty: p.ty.clone(),
            required: p.required && !p.is_account(),
            account: p.is_account(),
            boxed: false,
            doc: first_paragraph(&p.doc, &p.wire, &format!("{} parameter", p.location.as_str())),
        })
        .collect();
    let body = match &op.body {
        None => Body::None,
        Some(b) => match &b.ty {
            Ty::Model(name) => {
                let Some(model) = domain.models.get(name) else {
                    bail!("{}: body model {name} is missing", op.id);
                };
                let fields = model
                    .fields
                    .iter()
                    .map(|f| Leaf {
                        name: unique(&f.ident),
                        ident: f.ident.clone(),
                        ty: f.ty.clone(),
                        required: f.required,
                        account: false,
                        boxed: f.boxed,
                        doc: first_paragraph(&f.doc, &f.wire, "body field"),
                    })
                    .collect();
                Body::Fields {
                    model: name.clone(),
                    required: b.required,
                    fields,
                }
            }
            other => Body::Whole(Leaf {
                name: unique("body"),
                ident: "body".into(),
                ty: other.clone(),
                required: b.required,
                account: false,
                boxed: false,
                doc: "The JSON request body.".into(),
            }),
        },
    };
    Ok(Shape { params, body })
}

/// `self.x` for an optional value; the value or a build error for a required one.
fn take(leaf: &Leaf) -> TokenStream {
    let name = ident(&leaf.name);
    if leaf.account {
        // Empty: the client fills in its account id when the call is sent.
        quote!(self.#name.unwrap_or_default())
    } else if leaf.required {
        let wire = leaf.ident.trim_start_matches("r#");
        quote!(self.#name.ok_or_else(|| missing(#wire))?)
    } else {
        quote!(self.#name)
    }
}

/// One operation's request builder.
pub fn one_builder(domain: &Domain, op: &Operation) -> Result<TokenStream> {
    let shape = shape(domain, op)?;
    let builder = builder_name(op);
    let req_ty = type_ident(&op.request_type);
    let code_enum = format_ident!("{}", domain.error_enum);
    let send_fn = super::client::send_fn_name(op);
    let id = &op.id;
    let fn_name = &op.fn_name;
    let leaves = shape.leaves();

    let fields = leaves.iter().map(|l| {
        let name = ident(&l.name);
        let ty = rust_type(&l.ty);
        quote!(#name: Option<#ty>)
    });
    let nones = leaves.iter().map(|l| {
        let name = ident(&l.name);
        quote!(#name: None)
    });
    let setters = leaves.iter().map(|l| {
        let name = ident(&l.name);
        let (arg, store) = setter_arg(&l.ty);
        let mut doc = vec![l.doc.clone()];
        if l.required {
            doc.push("Required: `send` fails with `Error::Build` without it.".into());
        }
        if l.account {
            doc.push(
                "Optional here: when unset, the client's account id is used (`ConfigBuilder::domain_id`, else the \
                 credentials' domain id)."
                    .into(),
            );
        }
        let doc = doc_attrs(&doc);
        quote! {
            #doc
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = Some(#store);
                self
            }
        }
    });

    // The request struct from the leaves, and the leaves from a request struct.
    let param_inits = shape.params.iter().map(|l| {
        let field = ident(&l.ident);
        let value = take(l);
        quote!(#field: #value)
    });
    let param_sets = shape.params.iter().map(|l| {
        let name = ident(&l.name);
        let field = ident(&l.ident);
        if l.required || l.account {
            quote!(self.#name = Some(request.#field);)
        } else {
            quote!(self.#name = request.#field;)
        }
    });
    let (body_init, body_sets) = match &shape.body {
        Body::None => (quote!(), quote!()),
        Body::Whole(l) => {
            let name = ident(&l.name);
            let value = take(l);
            let set = if l.required {
                quote!(self.#name = Some(request.body);)
            } else {
                quote!(self.#name = request.body;)
            };
            (quote!(body: #value,), set)
        }
        Body::Fields {
            model,
            required,
            fields,
        } => {
            let model = type_ident(model);
            let inits = fields.iter().map(|l| {
                let field = ident(&l.ident);
                let value = take(l);
                if l.boxed {
                    if l.required {
                        quote!(#field: Box::new(#value))
                    } else {
                        quote!(#field: #value.map(Box::new))
                    }
                } else {
                    quote!(#field: #value)
                }
            });
            let sets: Vec<_> = fields
                .iter()
                .map(|l| {
                    let name = ident(&l.name);
                    let field = ident(&l.ident);
                    let value = match (l.boxed, l.required) {
                        (true, true) => quote!(Some(*body.#field)),
                        (true, false) => quote!(body.#field.map(|b| *b)),
                        (false, true) => quote!(Some(body.#field)),
                        (false, false) => quote!(body.#field),
                    };
                    quote!(self.#name = #value;)
                })
                .collect();
            if *required {
                (
                    quote!(body: crate::models::#model { #(#inits),* },),
                    quote! {
                        let body = request.body;
                        #(#sets)*
                    },
                )
            } else {
                let present: Vec<_> = fields
                    .iter()
                    .map(|l| {
                        let name = ident(&l.name);
                        quote!(self.#name.is_some())
                    })
                    .collect();
                let present = if present.is_empty() {
                    quote!(false)
                } else {
                    quote!(#(#present)||*)
                };
                (
                    quote! {
                        body: if #present {
                            Some(crate::models::#model { #(#inits),* })
                        } else {
                            None
                        },
                    },
                    quote! {
                        if let Some(body) = request.body {
                            #(#sets)*
                        }
                    },
                )
            }
        }
    };
    let needs_missing = leaves.iter().any(|l| l.required);
    let missing = if needs_missing {
        quote! {
            let missing = |field: &str| {
                huaweicloud_bss_core::BuildError::missing(#id, field)
            };
        }
    } else {
        quote!()
    };
    let ret = response_type(op);
    let paging = op.pagination.as_ref().map(|p| {
        let item_ty = rust_type(&p.item_ty);
        let pages_with = format_ident!("{}_with", p.pages_fn);
        let doc = format!(
            " Every page from the request's offset, as [`Client::{}`] streams them (see there when the stream ends).",
            p.pages_fn
        );
        quote! {
            #[doc = #doc]
            ///
            /// # Errors
            ///
            /// `Error::Build` when a required value is missing (nothing is sent).
            pub fn into_pages(self) -> Result<huaweicloud_bss_core::paginate::Pages<#item_ty, Error<#code_enum>>, Error<#code_enum>> {
                let (client, options, request) = self.into_parts().map_err(Error::Build)?;
                Ok(client.#pages_with(&request, options))
            }

            /// Every item across the pages, one page in memory at a time.
            ///
            /// # Errors
            ///
            /// `Error::Build` when a required value is missing (nothing is sent).
            pub fn into_items(self) -> Result<huaweicloud_bss_core::paginate::Items<#item_ty, Error<#code_enum>>, Error<#code_enum>> {
                self.into_pages().map(|pages| pages.items())
            }
        }
    });
    let send_errors =
        format!(" As [`Client::{fn_name}`] documents; `Error::Build` (nothing sent) when a required value is missing.");
    let struct_doc =
        format!(" The request builder of [`Client::{fn_name}`] (`{id}`): set values, then `send().await`.");
    let deprecated = if op.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let unused_request = if shape.params.is_empty() && matches!(shape.body, Body::None) {
        quote!(let _ = request;)
    } else {
        quote!()
    };
    let mut_self = if leaves.is_empty() {
        quote!(self)
    } else {
        quote!(mut self)
    };
    Ok(quote! {
        #[doc = #struct_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until `send().await`"]
        pub struct #builder {
            client: Client,
            options: CallOptions,
            #(#fields,)*
        }

        #deprecated
        impl #builder {
            pub(crate) fn new(client: Client) -> Self {
                Self { client, options: CallOptions::default(), #(#nones,)* }
            }

            #(#setters)*

            /// Takes every value from a request struct (replacing what was set), e.g. to resend
            /// or page a request built elsewhere.
            pub fn with_request(#mut_self, request: #req_ty) -> Self {
                #unused_request
                #(#param_sets)*
                #body_sets
                self
            }

            /// Sets this call's options at once (see [`CallOptions`]).
            pub fn options(mut self, options: CallOptions) -> Self {
                self.options = options;
                self
            }

            /// The timeout of each attempt of this call.
            pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options = self.options.attempt_timeout(timeout);
                self
            }

            /// The deadline of this call as a whole (attempts, backoff and pacing).
            pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options = self.options.operation_timeout(timeout);
                self
            }

            /// The retry settings of this call.
            pub fn retry(mut self, retry: huaweicloud_bss_core::RetryConfig) -> Self {
                self.options = self.options.retry(retry);
                self
            }

            /// An extra header for this call (it replaces one of the same name).
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options = self.options.header(name, value);
                self
            }

            /// The request struct these values make.
            ///
            /// # Errors
            ///
            /// A [`BuildError`](huaweicloud_bss_core::BuildError) naming a missing required value.
            pub fn build(self) -> Result<#req_ty, huaweicloud_bss_core::BuildError> {
                self.into_parts().map(|(_, _, request)| request)
            }

            fn into_parts(self) -> Result<(Client, CallOptions, #req_ty), huaweicloud_bss_core::BuildError> {
                #missing
                let request = #req_ty {
                    #(#param_inits,)*
                    #body_init
                };
                Ok((self.client, self.options, request))
            }

            /// Sends the call.
            ///
            /// # Errors
            ///
            #[doc = #send_errors]
            pub async fn send(self) -> Result<#ret, Error<#code_enum>> {
                let (client, options, request) = self.into_parts().map_err(Error::Build)?;
                client.#send_fn(&request, &options).await
            }

            #paging
        }
    })
}

/// The domain's `builders.rs`.
pub fn builders_file(domain: &Domain) -> Result<TokenStream> {
    let builders = domain
        .operations
        .iter()
        .filter(|op| !op.deprecated)
        .map(|op| one_builder(domain, op))
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        //! Request builders: one per operation, returned by the client's method of the same name.
        //! Set values with the chained setters, then `send().await`.
        use huaweicloud_bss_core::{CallOptions, Error};

        use crate::errors::*;
        use crate::requests::*;
        use crate::Client;

        #(#builders)*
    })
}

/// A value of `ty` for an example: a placeholder that compiles.
fn example_value(domain: &Domain, ty: &Ty) -> String {
    match ty {
        Ty::String => "\"...\"".into(),
        Ty::I32 | Ty::I64 => "1".into(),
        Ty::Bool => "true".into(),
        Ty::Decimal { .. } => "huaweicloud_bss_core::Decimal::ONE".into(),
        Ty::Vec(_) => "vec![]".into(),
        Ty::Map(_) => "Default::default()".into(),
        Ty::Enum { name, .. } => match domain.enums.get(name).and_then(|e| e.variants.first()) {
            Some(v) => format!("{}::enums::{name}::{}", domain.crate_ident, v.name),
            None => "todo!()".into(),
        },
        Ty::Time(kind) => {
            let text = match kind {
                crate::spec::TimeKind::Timestamp => "2026-11-01T00:00:00Z",
                crate::spec::TimeKind::Date => "2026-11-01",
                crate::spec::TimeKind::YearMonth => "2026-11",
            };
            format!("\"{text}\".parse::<huaweicloud_bss_core::{}>()?", kind.rust())
        }
        Ty::Model(_) | Ty::Any => "todo!()".into(),
    }
}

/// The `# Example` section of an operation's docs: the builder with its required values, sent
/// (a doc test, compiled, not run).
pub fn example(domain: &Domain, op: &Operation) -> String {
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!(
            "# async fn example(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{",
            krate = domain.crate_ident
        ),
    ];
    lines.push(format!("let response = client\n    .{}()", op.fn_name));
    if let Ok(shape) = shape(domain, op) {
        for leaf in shape.leaves().into_iter().filter(|l| l.required) {
            lines.push(format!("    .{}({})", leaf.name, example_value(domain, &leaf.ty)));
        }
    }
    lines.push("    .send()\n    .await?;".to_string());
    lines.push("# let _ = response;\n# Ok(()) }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}

/// The crate docs' complete program: build a client from the environment, call the domain's
/// first current operation (a list where there is one) with its required values.
pub fn program(domain: &Domain) -> String {
    let current: Vec<&Operation> = domain.operations.iter().filter(|o| !o.deprecated).collect();
    let Some(op) = current
        .iter()
        .find(|o| o.pagination.is_some())
        .or_else(|| current.first())
    else {
        return String::new();
    };
    let krate = &domain.crate_ident;
    let mut lines = vec![
        "```no_run".to_string(),
        format!("use {krate}::{{core, Client}};"),
        String::new(),
        "#[tokio::main]".to_string(),
        "async fn main() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        "    // Credentials as the official SDKs find them: environment, profile file, ...".to_string(),
        "    let client = Client::new(core::Client::from_env()?);".to_string(),
        format!("    let response = client\n        .{}()", op.fn_name),
    ];
    if let Ok(shape) = shape(domain, op) {
        for leaf in shape.leaves().into_iter().filter(|l| l.required) {
            lines.push(format!("        .{}({})", leaf.name, example_value(domain, &leaf.ty)));
        }
    }
    lines.push("        .send()\n        .await?;".to_string());
    lines.push("    println!(\"{response:?}\");\n    Ok(())\n}\n```".to_string());
    lines.join("\n")
}
