//! `client.rs` (one async method per operation), `operations.rs` (static facts the runtime
//! reads) and the crate's `lib.rs` and `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, type_ident};
use crate::ir::{Caller, Domain, Location, OffsetAt, Operation, PageStyle, ResponseKind, Ty};

fn caller_variant(c: Caller) -> TokenStream {
    match c {
        Caller::Customer => quote!(huaweicloud_bss_core::Caller::Customer),
        Caller::Partner => quote!(huaweicloud_bss_core::Caller::Partner),
        Caller::EnterpriseMaster => quote!(huaweicloud_bss_core::Caller::EnterpriseMaster),
        Caller::IndirectPartner => quote!(huaweicloud_bss_core::Caller::IndirectPartner),
    }
}

/// `operations.rs`: one `OperationSpec` static per operation, the facts the runtime reads (method, path, retry safety, pacing, paging).
pub fn operations_file(domain: &Domain) -> TokenStream {
    let statics = domain.operations.iter().map(|op| {
        let name = format_ident!("{}", op.static_name);
        let id = &op.id;
        let method = op.method.as_str();
        let path = &op.path;
        let idempotent = op.idempotent;
        let rate = op.rate_limit;
        let deprecated = op.deprecated;
        let localized = op.localized;
        let api = super::site_api(domain);
        let callers = op.callers.iter().map(|c| caller_variant(*c));
        let doc = format!(" `{}`: `{} {}`.", op.id, op.method, op.path);
        quote! {
            #[doc = #doc]
            pub static #name: OperationSpec = OperationSpec {
                id: #id,
                method: #method,
                path: #path,
                idempotent: #idempotent,
                rate_limit_per_second: #rate,
                callers: &[#(#callers),*],
                deprecated: #deprecated,
                localized: #localized,
                api: #api,
            };
        }
    });
    let all = domain.operations.iter().map(|op| format_ident!("{}", op.static_name));
    quote! {
        //! Static facts about each operation, read by the runtime (signing, retries, rate
        //! limits, tracing) and by tools such as the mock server.
        use huaweicloud_bss_core::OperationSpec;

        #(#statics)*

        /// Every operation of this domain, in spec order.
        pub static ALL: &[&OperationSpec] = &[#(&#all),*];
    }
}

fn method_doc(domain: &Domain, op: &Operation) -> Vec<String> {
    let code_enum = &domain.error_enum;
    let mut doc = vec![op.summary.clone()];
    if let Some(d) = &op.description {
        doc.push(d.clone());
    }
    doc.push(format!("`{}`: `{} {}` · {}", op.id, op.method, op.path, op.title_zh));
    let mut facts = Vec::new();
    if !op.callers.is_empty() {
        let callers: Vec<_> = op.callers.iter().map(|c| c.as_str().replace('_', " ")).collect();
        let unconfirmed = if op.sources.contains_key("callers") {
            " (as the China site's docs say; not confirmed on an international page)"
        } else {
            ""
        };
        facts.push(format!("**Callers:** {}{unconfirmed}.", callers.join(", ")));
    }
    facts.push(format!(
        "**Quota:** {} calls/s. **Safe to retry:** {}.",
        op.rate_limit,
        if op.idempotent {
            "yes (read-only)"
        } else {
            "no (it changes state)"
        }
    ));
    if op.response.status == 204 || op.response.kind == ResponseKind::Empty {
        facts.push(format!("Success is HTTP {} with no body.", op.response.status));
    }
    if op.response.kind == ResponseKind::Raw && op.incomplete.as_ref().is_none_or(|i| i.response.is_none()) {
        facts.push("The docs' response table could not be read: the answer is returned as raw JSON.".into());
    }
    if let Some(p) = &op.pagination {
        facts.push(format!(
            "One page per call; every page: [`Client::{}`], every item: [`Client::{}`].",
            p.pages_fn, p.items_fn
        ));
    }
    if let ResponseKind::RawBatch { failures_wire } = &op.response.kind {
        facts.push(format!(
            "A batch: items can fail inside an HTTP 200. The docs' response table was out of reach, so the \
             failed items are read from the response's top-level `{failures_wire}` list, as its successor reports them \
             (inferred); the answer is a [`Batch`](huaweicloud_bss_core::Batch)."
        ));
    } else if matches!(op.response.kind, ResponseKind::Batch { .. }) {
        facts.push(
            "A batch: items can fail inside an HTTP 200; the answer is a [`Batch`](huaweicloud_bss_core::Batch) \
             that lists them."
                .into(),
        );
    }
    doc.push(facts.join(" "));
    if let Some(i) = &op.incomplete {
        for (side, why) in [("request", &i.request), ("response", &i.response)] {
            if let Some(why) = why {
                doc.push(format!("**Warning:** the docs did not show the {side} in full. {why}"));
            }
        }
    }
    if let Some(d) = &op.site_differences {
        doc.push(site_differences(d));
    }
    if let Some(r) = &op.replacement {
        doc.push(format!(
            "**Deprecated** by Huawei Cloud (旧): use [`Client::{}`] (`{}`).",
            r.fn_name, r.id
        ));
    } else if op.deprecated {
        doc.push("**Deprecated** by Huawei Cloud (旧); the docs name no replacement.".into());
    }
    let mut errors = String::from("# Errors\n\n");
    if op.errors.is_empty() {
        errors.push_str("The docs list no error codes for this operation; any code arrives as ");
        errors.push_str(&format!(
            "[`{code_enum}::Unknown`] in [`Error::Service`](huaweicloud_bss_core::Error::Service)."
        ));
    } else {
        let from_china = op
            .sources
            .get("errors")
            .is_some_and(|e| e.contains("China site's table"));
        let all_from_china = from_china && op.errors.iter().all(|r| r.inferred);
        errors.push_str(&format!(
            "[`Error::Service`](huaweicloud_bss_core::Error::Service) with one of the documented codes ([`{code_enum}`]){}:\n",
            if all_from_china {
                " (no international page's table was reached: these are the China site's rows for the same \
                 operation)"
            } else {
                ""
            }
        ));
        for row in &op.errors {
            let (code, status) = (&row.code, row.status);
            let (def, common) = domain.code_def(code).expect("codes checked when the spec was read");
            let link = if common {
                format!("huaweicloud_bss_core::CommonCode::{}", def.variant)
            } else {
                format!("{code_enum}::{}", def.variant)
            };
            let meaning = if def.message.is_empty() {
                String::new()
            } else {
                format!(": {}", def.message)
            };
            let inferred = match (row.inferred, from_china) {
                (false, _) => "",
                _ if all_from_china => "",
                (true, false) => " *(inferred: the docs' table for this row was not reached)*",
                (true, true) => " *(inferred: from the China site's table)*",
            };
            errors.push_str(&format!("\n- [`{code}`]({link}) (HTTP {status}){meaning}{inferred}"));
        }
    }
    doc.push(errors);
    doc.push(super::builders::example(domain, op));
    if !op.references.is_empty() {
        let mut refs = String::from("# Docs\n");
        for r in &op.references {
            refs.push_str(&format!("\n- [{}]({})", r.reference.as_str(), r.url));
        }
        doc.push(refs);
    }
    doc
}

/// The "differs from the China site" section of an operation another site shares.
fn site_differences(d: &crate::spec::SiteDifferencesExt) -> String {
    use crate::spec::FieldChange;
    let mut out = String::from(
        "# Differences from the China site
",
    );
    for f in &d.fields {
        let what = match f.change {
            FieldChange::ChinaOnly => "the China site only; not sent or returned here",
            FieldChange::IntlOnly => "this site only",
            FieldChange::RequiredHere => "required here, optional on the China site",
            FieldChange::OptionalHere => "optional here, required on the China site",
        };
        out.push_str(&format!("\n- `{}` ({}): {what}.", f.field, f.location));
    }
    for n in &d.notes {
        out.push_str(&format!("\n- {n}"));
    }
    out
}

/// What a successful call returns, as the method's `Ok` type.
pub fn response_type(op: &Operation) -> TokenStream {
    match &op.response.kind {
        ResponseKind::Batch { ty, failure_ty, .. } => {
            let t = super::rust_type(ty);
            let item = super::rust_type(failure_ty);
            quote!(huaweicloud_bss_core::Batch<#t, #item>)
        }
        ResponseKind::Json { ty } => super::rust_type(ty),
        ResponseKind::Raw => super::rust_type(&Ty::Any),
        ResponseKind::RawBatch { .. } => {
            quote!(huaweicloud_bss_core::Batch<huaweicloud_bss_core::RawJson, huaweicloud_bss_core::RawJson>)
        }
        ResponseKind::Empty => quote!(()),
    }
}

/// The crate-private method that sends an operation's request struct (`send_pay_orders`).
pub fn send_fn_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("send_{}", op.fn_name.trim_start_matches("r#"))
}

/// The name of an operation's request builder (`builders::PayOrders`).
pub fn builder_name(op: &Operation) -> proc_macro2::Ident {
    use heck::ToUpperCamelCase;
    format_ident!("{}", op.fn_name.to_upper_camel_case())
}

/// The public entry point (`client.pay_orders()`, returning the builder) and the crate-private
/// method that sends a request struct with per-call options.
fn method(domain: &Domain, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let send_fn = send_fn_name(op);
    let builder = builder_name(op);
    let module = if op.deprecated {
        quote!(crate::legacy)
    } else {
        quote!(crate::builders)
    };
    let req_ty = type_ident(&op.request_type);
    let static_name = format_ident!("{}", op.static_name);
    let doc = super::doc_attrs(&method_doc(domain, op));
    let code_enum = format_ident!("{}", domain.error_enum);
    let mut steps = Vec::new();
    for p in &op.params {
        let id = ident(&p.ident);
        let wire = &p.wire;
        steps.push(match p.location {
            Location::Path if p.is_account() => quote!(r.account_path_param(#wire, &request.#id);),
            Location::Path => quote!(r.path_param(#wire, &request.#id);),
            Location::Query => quote!(r.query(#wire, &request.#id);),
            Location::Header => quote!(r.header(#wire, &request.#id);),
        });
    }
    if let Some(body) = &op.body {
        steps.push(if body.required {
            quote!(r.json_body(&request.body).map_err(Error::Build)?;)
        } else {
            quote! {
                if let Some(body) = &request.body {
                    r.json_body(body).map_err(Error::Build)?;
                }
            }
        });
    }
    let ret = response_type(op);
    let send = match &op.response.kind {
        ResponseKind::Batch { ty, failures_ident, .. } => {
            let t = super::rust_type(ty);
            let field = ident(failures_ident);
            quote! {
                let response: #t = inner.send_json(r).await?;
                let failed = response.#field.clone().unwrap_or_default();
                Ok(huaweicloud_bss_core::Batch::new(response, failed))
            }
        }
        ResponseKind::Json { .. } | ResponseKind::Raw => quote!(inner.send_json(r).await),
        ResponseKind::RawBatch { failures_wire } => quote! {
            let response: huaweicloud_bss_core::RawJson = inner.send_json(r).await?;
            let failed = response.list_field(#failures_wire);
            Ok(huaweicloud_bss_core::Batch::new(response, failed))
        },
        ResponseKind::Empty => quote!(inner.send_no_content(r).await),
    };
    let deprecated = match (&op.deprecated, &op.replacement) {
        (true, Some(r)) => {
            let note = format!("deprecated by Huawei Cloud; use `{}` instead", r.fn_name);
            quote!(#[deprecated(note = #note)])
        }
        (true, None) => quote!(#[deprecated(note = "deprecated by Huawei Cloud")]),
        _ => quote!(),
    };
    let allow = if op.params.is_empty() && op.body.is_none() {
        quote!(#[allow(unused_variables)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #deprecated
        pub fn #fn_name(&self) -> #module::#builder {
            #module::#builder::new(self.clone())
        }

        #allow
        pub(crate) async fn #send_fn(
            &self,
            request: &#req_ty,
            options: &huaweicloud_bss_core::CallOptions,
        ) -> Result<#ret, Error<#code_enum>> {
            let inner = options.client(self.inner());
            let mut r = Request::new(&operations::#static_name);
            #(#steps)*
            options.apply(&mut r);
            #send
        }
    }
}

/// `<op>_items`: a stream of every item across pages.
fn items_method(domain: &Domain, op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let fn_name = ident(&p.items_fn);
    let pages_fn = ident(&p.pages_fn);
    let send_call = send_fn_name(op);
    let pages_with = format_ident!("{}_with", p.pages_fn);
    let req_ty = type_ident(&op.request_type);
    let code_enum = format_ident!("{}", domain.error_enum);
    let item_ty = super::rust_type(&p.item_ty);
    let offset = ident(&p.offset_ident);
    let items = ident(&p.items_ident);
    let (style, first) = match p.style {
        PageStyle::PageNumber => (quote!(huaweicloud_bss_core::paginate::PageStyle::PageNumber), quote!(1)),
        PageStyle::RecordOffset => (
            quote!(huaweicloud_bss_core::paginate::PageStyle::RecordOffset),
            quote!(0),
        ),
    };
    let (read, target) = match p.offset_at {
        OffsetAt::Query => (quote!(request.#offset), quote!(request.#offset)),
        OffsetAt::Body => (quote!(request.body.#offset), quote!(request.body.#offset)),
        OffsetAt::OptionalBody => (
            quote!(request.body.as_ref().and_then(|b| b.#offset)),
            quote!(request.body.get_or_insert_with(Default::default).#offset),
        ),
    };
    let narrow = match p.offset_ty {
        Ty::I32 => quote!(i32::try_from(offset).unwrap_or(i32::MAX)),
        _ => quote!(offset),
    };
    let limit = {
        let l = ident(&p.limit_ident);
        let read = match p.offset_at {
            OffsetAt::Query => quote!(request.#l),
            OffsetAt::Body => quote!(request.body.#l),
            OffsetAt::OptionalBody => quote!(request.body.as_ref().and_then(|b| b.#l)),
        };
        quote!(#read.map(i64::from))
    };
    let max = match p.limit_max {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    };
    let static_name = format_ident!("{}", op.static_name);
    let total = match &p.total {
        Some(t) => {
            let t = ident(&t.ident);
            quote!(page.#t.map(i64::from))
        }
        None => quote!(None),
    };
    let doc = format!(
        " Every page of [`Client::{call}`], with the total the server reports, fetched one after the other from the
 request's offset.

 Stops at an empty page, at the reported total, or at a page shorter than the request's limit (when the limit is
 within the documented maximum); an error of any page ends the stream with that error, and a server that repeats a
 page is stopped with [`Error::Paging`](huaweicloud_bss_core::Error::Paging). The stream is `Unpin`: use
 [`StreamExt::next`](huaweicloud_bss_core::StreamExt::next).",
        call = op.fn_name
    );
    let doc: Vec<_> = doc.lines().map(|l| quote!(#[doc = #l])).collect();
    let items_doc = format!(
        " Every item of [`Client::{call}`] across its pages ([`Client::{pages}`]), one page in memory at a time.",
        call = op.fn_name,
        pages = p.pages_fn
    );
    let items_doc: Vec<_> = items_doc.lines().map(|l| quote!(#[doc = #l])).collect();
    let deprecated = if op.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    Some(quote! {
        #(#doc)*
        #deprecated
        pub fn #pages_fn(
            &self,
            request: &#req_ty,
        ) -> huaweicloud_bss_core::paginate::Pages<#item_ty, Error<#code_enum>> {
            self.#pages_with(request, huaweicloud_bss_core::CallOptions::default())
        }

        pub(crate) fn #pages_with(
            &self,
            request: &#req_ty,
            options: huaweicloud_bss_core::CallOptions,
        ) -> huaweicloud_bss_core::paginate::Pages<#item_ty, Error<#code_enum>> {
            let client = self.clone();
            let request = request.clone();
            let start = #read.map(i64::from).unwrap_or(#first);
            let paging = huaweicloud_bss_core::paginate::Paging::new(#style, start, #limit, #max);
            huaweicloud_bss_core::paginate::pages(&operations::#static_name, paging, move |offset| {
                let client = client.clone();
                let options = options.clone();
                let mut request = request.clone();
                #target = Some(#narrow);
                async move {
                    let page = client.#send_call(&request, &options).await?;
                    Ok(huaweicloud_bss_core::paginate::Page { items: page.#items.unwrap_or_default(), total: #total })
                }
            })
        }

        #(#items_doc)*
        #deprecated
        pub fn #fn_name(
            &self,
            request: &#req_ty,
        ) -> huaweicloud_bss_core::paginate::Items<#item_ty, Error<#code_enum>> {
            self.#pages_fn(request).items()
        }
    })
}

/// `client.rs`: the domain's `Client`, one method per operation (plus its streams).
pub fn client_file(domain: &Domain) -> TokenStream {
    let methods = domain.operations.iter().filter(|op| !op.deprecated).map(|op| {
        let m = method(domain, op);
        let items = items_method(domain, op);
        quote!(#m #items)
    });
    let doc = format!(
        " The {} client{}: one async method per operation of `{}`.",
        domain.name,
        domain.site_phrase(),
        domain.spec_file
    );
    quote! {
        //! The typed client.
        use huaweicloud_bss_core::{Error, Request};

        use crate::errors::*;
        use crate::operations;
        use crate::requests::*;

        #[doc = #doc]
        ///
        /// Cheap to clone; share one [`huaweicloud_bss_core::Client`] (connection pool,
        /// credentials) between the clients of every domain.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: huaweicloud_bss_core::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            pub fn new(inner: huaweicloud_bss_core::Client) -> Self {
                Self { inner }
            }

            /// The runtime client this one sends through.
            pub fn inner(&self) -> &huaweicloud_bss_core::Client {
                &self.inner
            }

            /// A client whose runtime settings are changed by `f`, for one call or many, e.g.
            /// `client.map_inner(|c| c.with_retry(RetryConfig::disabled()))`.
            pub fn map_inner(&self, f: impl FnOnce(&huaweicloud_bss_core::Client) -> huaweicloud_bss_core::Client) -> Self {
                Self { inner: f(&self.inner) }
            }

            #(#methods)*
        }
    }
}

/// `lib.rs`: the crate docs, its modules and re-exports.
pub fn lib_file(domain: &Domain) -> TokenStream {
    let code_enum = format_ident!("{}", domain.error_enum);
    let mut table = String::from("| Operation | Method and path | 文档标题 |\n|---|---|---|\n");
    for op in &domain.operations {
        let name = if op.deprecated {
            format!("`{}` (deprecated: `legacy` feature)", op.id)
        } else {
            format!("[`{}`](Client::{})", op.id, op.fn_name)
        };
        table.push_str(&format!("| {name} | `{} {}` | {} |\n", op.method, op.path, op.title_zh));
    }
    let legacy_ops = domain.operations.iter().filter(|o| o.deprecated).count();
    let legacy_mod = if legacy_ops == 0 {
        quote!()
    } else {
        quote! {
            #[cfg(feature = "legacy")]
            #[cfg_attr(docsrs, doc(cfg(feature = "legacy")))]
            pub mod legacy;
        }
    };
    let program = super::builders::program(domain);
    let features = if legacy_ops == 0 {
        "No optional features: every operation is always compiled.".to_string()
    } else {
        format!(
            "- `legacy` (off by default): the {legacy_ops} operations Huawei Cloud deprecated ((旧)), in the module \
             `legacy`, each with its replacement."
        )
    };
    let header = format!(
        "Typed client for the Huawei Cloud BSS **{}** APIs{}, generated from `{}`.{}{}\n\n{program}\n\n\
         Each operation is a method of [`Client`] that returns a request builder ([`builders`]); set values, then \
         `send().await`. Documented values are open enums ([`enums`]), errors carry a typed code ([`{}`]).\n\n\
         # Features\n\n{features}\n\n{} operations, {} models, {} documented error codes.\n\n{}",
        domain.name,
        domain.site_phrase(),
        domain.spec_file,
        match domain.site {
            crate::spec::SiteName::China => String::new(),
            crate::spec::SiteName::International => format!(
                "\n\nCalls go to `https://bss-intl.myhuaweicloud.com` unless the config names the European site \
                 (`core::Site::Europe`) or an endpoint; a config naming the China site is refused before anything \
                 is sent. The China site's API is in `huaweicloud-bss-{}`.",
                domain.name
            ),
        },
        if domain.description.is_empty() {
            String::new()
        } else {
            format!("\n\n{}", domain.description)
        },
        domain.error_enum,
        domain.operations.len(),
        domain.models.len(),
        domain.error_codes.len(),
        table
    );
    let docs: Vec<_> = header
        .lines()
        .map(|l| {
            let l = format!(" {l}");
            let l = l.trim_end().to_string();
            quote!(#![doc = #l])
        })
        .collect();
    quote! {
        #(#docs)*
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        pub mod builders;
        mod client;
        pub mod enums;
        pub mod errors;
        #legacy_mod
        pub mod models;
        pub mod operations;
        pub mod requests;

        pub use client::Client;
        pub use errors::#code_enum;
        pub use huaweicloud_bss_core as core;

        /// The error of every call in this domain.
        pub type Error = huaweicloud_bss_core::Error<#code_enum>;
    }
}

/// The generated crate's `Cargo.toml`.
pub fn cargo_toml(domain: &Domain) -> String {
    format!(
        "# @generated by `cargo xtask regen` from {spec}. Do not edit: change the spec or codegen/.\n\
[package]\n\
name = \"{name}\"\n\
version = \"0.1.0\"\n\
description = \"Typed client for the Huawei Cloud BSS {domain} APIs{site} (generated).\"\n\
{metadata}\
\n\
[lib]\n\
# No unit tests here: the conformance suite tests this crate; doc tests still run.\n\
test = false\n\
\n\
[features]\n\
# The operations Huawei Cloud deprecated ((旧)), in the module `legacy`.\n\
legacy = []\n\
\n\
[dependencies]\n\
huaweicloud-bss-core.workspace = true\n\
serde.workspace = true\n\
serde_json.workspace = true\n\
\n\
[dev-dependencies]\n\
# The crate docs' complete program.\n\
tokio.workspace = true\n",
        spec = domain.spec_file,
        name = domain.crate_name,
        domain = domain.name,
        site = domain.site_phrase(),
        metadata = super::package_metadata(&domain.crate_name, "README.md"),
    )
}

/// The crate's README (its crates.io page): what it is and how to reach it through the facade.
pub fn readme(domain: &Domain) -> String {
    let name = &domain.name;
    let feature = domain.feature();
    let site = domain.site_phrase();
    format!(
        "<!-- @generated by `cargo xtask regen` from {spec}. Do not edit. -->\n\
# {krate}\n\
\n\
Typed client for the Huawei Cloud BSS **{name}** APIs{site}: {ops} operations, {models} models and \
{codes} documented error codes, generated from the project's curated OpenAPI description \
(`{spec}`).\n\
\n\
Most applications use it through the facade crate [`huaweicloud-bss`](https://docs.rs/huaweicloud-bss) \
with the `{feature}` feature:\n\
\n\
```toml\n\
[dependencies]\n\
huaweicloud-bss = {{ version = \"0.1\", features = [\"{feature}\"] }}\n\
```\n\
\n\
The runtime (credentials, signing, retries, errors) is \
[`huaweicloud-bss-core`](https://docs.rs/huaweicloud-bss-core). Licensed under Apache-2.0.\n",
        spec = domain.spec_file,
        krate = domain.crate_name,
        ops = domain.operations.len(),
        models = domain.models.len(),
        codes = domain.error_codes.len(),
    )
}

/// `legacy.rs`: the operations Huawei Cloud deprecated (`(旧)`), behind the `legacy` feature:
/// their request structs, builders and client methods, each documented with its replacement.
pub fn legacy_file(domain: &Domain) -> anyhow::Result<TokenStream> {
    let ops: Vec<&Operation> = domain.operations.iter().filter(|o| o.deprecated).collect();
    let requests = ops.iter().map(|op| super::models::request_struct(op));
    let builders = ops
        .iter()
        .map(|op| super::builders::one_builder(domain, op))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let methods = ops.iter().map(|op| {
        let m = method(domain, op);
        let items = items_method(domain, op);
        quote!(#m #items)
    });
    let mut list = String::new();
    for op in &ops {
        match &op.replacement {
            Some(r) => list.push_str(&format!(
                "\n- `{}`: use [`Client::{}`](crate::Client::{}) instead",
                op.id, r.fn_name, r.fn_name
            )),
            None => list.push_str(&format!("\n- `{}`: the docs name no replacement", op.id)),
        }
    }
    let doc = format!(
        " The operations Huawei Cloud deprecated ((旧)), kept for code that still calls them: their request\n structs, request builders and [`Client`] methods. Enabled by the `legacy` feature.\n{list}"
    );
    let doc: Vec<_> = doc.lines().map(|l| quote!(#![doc = #l])).collect();
    Ok(quote! {
        #(#doc)*
        #![allow(deprecated)]
        use huaweicloud_bss_core::{CallOptions, Error, Request};

        use crate::errors::*;
        use crate::operations;
        use crate::Client;

        #(#requests)*

        #(#builders)*

        impl Client {
            #(#methods)*
        }
    })
}
