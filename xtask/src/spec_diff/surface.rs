//! The API surface of the generated crates, derived from the IR: every public item a user can
//! name (client methods and streams, request structs with their fields, constructors and
//! setters, models, error-code variants, operation statics) with its signature as Rust text,
//! and the behaviour the crate carries as data (retry safety, callers, documented error rows,
//! pagination, constraints). Spec-diff compares two surfaces; the rules here mirror what
//! `codegen/src/emit` generates, and the semver-agreement pairs check them against
//! cargo-semver-checks run on the generated crates.

use std::collections::BTreeMap;

use huaweicloud_bss_codegen::ir::{Constraints, Domain, Field, Model, Operation, PageStyle, ResponseKind, Ty};

/// What a change belongs to in the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The crate itself.
    Crate,
    /// An operation: its method, stream, request struct, static and behaviour.
    Operation(String),
    /// A model of `models.rs` (shared by operations).
    Model(String),
    /// The domain's error-code enum.
    ErrorCodes,
    /// An open enum of documented values (`enums.rs`).
    Enum(String),
}

/// One public item: a line of the API a user's code can depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub group: Group,
    /// The Rust signature (`fn list_items(&self, request: &ListItemsRequest) -> ...`).
    pub sig: String,
}

/// One fact about behaviour or documentation: not part of the API's types, still worth a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub group: Group,
    pub value: String,
    /// The item the fact describes (its key in `items`): when the item itself is added or
    /// removed, the fact is not listed on its own.
    pub about: Option<String>,
}

/// The surface of one generated crate.
#[derive(Debug, Clone, Default)]
pub struct CrateSurface {
    pub domain: String,
    /// By a stable key (`fn Client::list_items`, `field models::Item.amount`).
    pub items: BTreeMap<String, Item>,
    /// By a stable key (`retry safety`, `error CBC.0100`).
    pub facts: BTreeMap<String, Fact>,
    /// Operation id → `METHOD path`, to label the report.
    pub endpoints: BTreeMap<String, String>,
}

/// Every crate of a side, by crate name.
pub type Surface = BTreeMap<String, CrateSurface>;

pub fn surface(domains: &[Domain]) -> Surface {
    let mut s: Surface = domains
        .iter()
        .map(|d| (d.crate_name.clone(), crate_surface(d)))
        .collect();
    // The common codes (`spec/common.json`) are generated into the runtime crate.
    if let Some(common) = domains.first().map(|d| &d.common_codes).filter(|c| !c.is_empty()) {
        let mut core = CrateSurface {
            domain: "common".into(),
            ..Default::default()
        };
        for c in common.values() {
            core.item(
                Group::ErrorCodes,
                format!("variant CommonCode::{}", c.variant),
                format!("CommonCode::{}", c.variant),
            );
            let about = format!("variant CommonCode::{}", c.variant);
            core.fact_about(
                Group::ErrorCodes,
                format!("documented status of {}", c.code),
                format!("HTTP {}", c.status),
                about.clone(),
            );
            // The class steers retries (throttling, transient, ...).
            let class = c.class.map_or("none", |k| k.variant());
            core.fact_about(
                Group::ErrorCodes,
                format!("class of {}", c.code),
                class.to_string(),
                about,
            );
        }
        s.insert("huaweicloud-bss-core".into(), core);
    }
    s
}

fn crate_surface(d: &Domain) -> CrateSurface {
    let mut s = CrateSurface {
        domain: d.key.clone(),
        ..Default::default()
    };
    s.item(
        Group::Crate,
        format!("crate {}", d.crate_name),
        format!("crate {}", d.crate_ident),
    );
    for op in &d.operations {
        s.endpoints.insert(op.id.clone(), format!("{} {}", op.method, op.path));
        operation(&mut s, d, op);
    }
    for m in d.models.values() {
        model(&mut s, m);
    }
    for e in d.enums.values() {
        open_enum(&mut s, e);
    }
    for c in d.error_codes.values() {
        s.item(
            Group::ErrorCodes,
            format!("variant {}::{}", d.error_enum, c.variant),
            format!("{}::{}", d.error_enum, c.variant),
        );
        let about = format!("variant {}::{}", d.error_enum, c.variant);
        s.fact_about(
            Group::ErrorCodes,
            format!("documented status of {}", c.code),
            format!("HTTP {}", c.status),
            about.clone(),
        );
        if let Some(class) = c.class {
            s.fact_about(
                Group::ErrorCodes,
                format!("class of {}", c.code),
                class.variant().to_string(),
                about,
            );
        }
    }
    s
}

impl CrateSurface {
    fn item(&mut self, group: Group, key: String, sig: String) {
        self.items.insert(key, Item { group, sig });
    }
    fn fact(&mut self, group: Group, key: String, value: String) {
        self.facts.insert(
            key,
            Fact {
                group,
                value,
                about: None,
            },
        );
    }

    fn fact_about(&mut self, group: Group, key: String, value: String, about: String) {
        self.facts.insert(
            key,
            Fact {
                group,
                value,
                about: Some(about),
            },
        );
    }
}

/// A field's type as declared: `Option<T>` unless required, `Box` when self-referencing.
fn declared(ty: &Ty, required: bool, boxed: bool) -> String {
    let mut t = ty.rust();
    if boxed {
        t = format!("Box<{t}>");
    }
    if required {
        t
    } else {
        format!("Option<{t}>")
    }
}

/// The argument type of a constructor or setter: strings and open enums are `impl Into<T>`.
fn arg(ty: &Ty) -> String {
    match ty {
        Ty::String => "impl Into<String>".into(),
        Ty::Enum { .. } => format!("impl Into<{}>", ty.rust()),
        other => other.rust(),
    }
}

/// One field of a request struct or model, as the emitters declare it.
struct Member<'a> {
    ident: &'a str,
    ty: &'a Ty,
    required: bool,
    boxed: bool,
}

/// The struct, its fields, `new`, the setters and `Default`.
fn structure(s: &mut CrateSurface, group: Group, path: &str, members: &[Member]) {
    s.item(group.clone(), format!("struct {path}"), format!("pub struct {path}"));
    for m in members {
        s.item(
            group.clone(),
            format!("field {path}.{}", m.ident),
            format!("pub {}: {}", m.ident, declared(m.ty, m.required, m.boxed)),
        );
    }
    let args: Vec<String> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| format!("{}: {}", m.ident, arg(m.ty)))
        .collect();
    s.item(
        group.clone(),
        format!("fn {path}::new"),
        format!("pub fn new({}) -> Self", args.join(", ")),
    );
    for m in members.iter().filter(|m| !m.required) {
        s.item(
            group.clone(),
            format!("fn {path}::{}", m.ident),
            format!("pub fn {}(self, value: {}) -> Self", m.ident, arg(m.ty)),
        );
    }
    if members.iter().all(|m| !m.required) {
        s.item(
            group,
            format!("impl Default for {path}"),
            format!("impl Default for {path}"),
        );
    }
}

fn operation(s: &mut CrateSurface, d: &Domain, op: &Operation) {
    let g = Group::Operation(op.id.clone());
    let error = format!("Error<{}>", d.error_enum);
    let ret = match &op.response.kind {
        ResponseKind::Empty => "()".to_string(),
        ResponseKind::Json { ty } => ty.rust(),
        ResponseKind::Raw => Ty::Any.rust(),
        ResponseKind::Batch { ty, failure_ty, .. } => format!("Batch<{}, {}>", ty.rust(), failure_ty.rust()),
        ResponseKind::RawBatch { .. } => "Batch<RawJson, RawJson>".to_string(),
    };
    // A deprecated operation lives in the `legacy` module, behind the `legacy` feature: moving
    // an operation there breaks code built without the feature.
    let (module, gate) = if op.deprecated {
        ("legacy", " [feature legacy]")
    } else {
        ("builders", "")
    };
    let builder = format!("{module}::{}", huaweicloud_bss_codegen::emit::client::builder_name(op));
    s.item(
        g.clone(),
        format!("fn Client::{}", op.fn_name),
        format!("pub fn {}(&self) -> {builder}{gate}", op.fn_name),
    );
    s.item(
        g.clone(),
        format!("fn {builder}::send"),
        format!("pub async fn send(self) -> Result<{ret}, {error}>"),
    );
    // The builder's setters; a value becoming required is a behaviour change the request
    // struct's `new` already shows as breaking.
    if let Ok(shape) = huaweicloud_bss_codegen::emit::builders::shape(d, op) {
        for leaf in shape.leaves() {
            let key = format!("fn {builder}::{}", leaf.name);
            s.item(
                g.clone(),
                key.clone(),
                format!("pub fn {}(self, value: {}) -> Self", leaf.name, arg(&leaf.ty)),
            );
            s.fact_about(
                g.clone(),
                format!("required by {builder}::send: {}", leaf.name),
                leaf.required.to_string(),
                key,
            );
        }
    }
    if let Some(p) = &op.pagination {
        s.item(
            g.clone(),
            format!("fn {builder}::into_pages"),
            format!(
                "pub fn into_pages(self) -> Result<Pages<{}, {error}>, {error}>",
                p.item_ty.rust()
            ),
        );
        s.item(
            g.clone(),
            format!("fn Client::{}", p.pages_fn),
            format!(
                "pub fn {}(&self, request: &{}) -> Pages<{}, {error}>",
                p.pages_fn,
                op.request_type,
                p.item_ty.rust()
            ),
        );
        s.item(
            g.clone(),
            format!("fn Client::{}", p.items_fn),
            format!(
                "pub fn {}(&self, request: &{}) -> Items<{}, {error}>",
                p.items_fn,
                op.request_type,
                p.item_ty.rust()
            ),
        );
        let style = match p.style {
            PageStyle::RecordOffset => "record offsets from 0",
            PageStyle::PageNumber => "page numbers from 1",
        };
        let total = p
            .total
            .as_ref()
            .map_or("none (ends at an empty page)".to_string(), |t| format!("`{}`", t.wire));
        s.fact(
            g.clone(),
            format!("pagination of {}", op.id),
            format!("{style}, offset `{}`, total {total}", p.offset_ident),
        );
    }
    let mut members: Vec<Member> = op
        .params
        .iter()
        .map(|p| Member {
            ident: &p.ident,
            ty: &p.ty,
            required: p.required,
            boxed: false,
        })
        .collect();
    if let Some(b) = &op.body {
        members.push(Member {
            ident: "body",
            ty: &b.ty,
            required: b.required,
            boxed: false,
        });
    }
    let requests = if op.deprecated { "legacy" } else { "requests" };
    structure(s, g.clone(), &format!("{requests}::{}", op.request_type), &members);
    s.item(
        g.clone(),
        format!("static operations::{}", op.static_name),
        format!("pub static {}: OperationSpec", op.static_name),
    );
    let facts = [
        ("endpoint", format!("{} {}", op.method, op.path)),
        (
            "retry safety",
            if op.idempotent {
                "safe to retry (idempotent)".to_string()
            } else {
                "not retried (changes state)".to_string()
            },
        ),
        ("rate limit", format!("{} calls/s", op.rate_limit)),
        (
            "callers",
            op.callers.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
        ),
        (
            "deprecation",
            match (&op.deprecated, &op.replacement) {
                (false, _) => "current".to_string(),
                (true, Some(r)) => format!("deprecated, use `{}`", r.id),
                (true, None) => "deprecated".to_string(),
            },
        ),
        ("success status", format!("HTTP {}", op.response.status)),
        ("summary", op.summary.clone()),
        (
            "samples",
            format!(
                "{} ({} copied from the docs)",
                op.samples.len(),
                op.samples
                    .iter()
                    .filter(|s| !s.request_written_by_us && !s.response_written_by_us)
                    .count()
            ),
        ),
    ];
    for (k, v) in facts {
        s.fact(g.clone(), format!("{k} of {}", op.id), v);
    }
    if let Some(i) = &op.incomplete {
        for (side, why) in [("request", &i.request), ("response", &i.response)] {
            if let Some(why) = why {
                s.fact(g.clone(), format!("incomplete {side} of {}", op.id), why.clone());
            }
        }
    }
    for e in &op.errors {
        let inferred = if e.inferred { ", inferred" } else { "" };
        s.fact(
            g.clone(),
            format!("error {} of {}", e.code, op.id),
            format!("HTTP {}{inferred}", e.status),
        );
    }
    for p in &op.params {
        constraint_facts(
            s,
            &g,
            &format!("requests::{}.{}", op.request_type, p.ident),
            &p.constraints,
            &p.doc,
        );
    }
}

fn model(s: &mut CrateSurface, m: &Model) {
    let g = Group::Model(m.name.clone());
    let path = format!("models::{}", m.name);
    let members: Vec<Member> = m
        .fields
        .iter()
        .map(|f: &Field| Member {
            ident: &f.ident,
            ty: &f.ty,
            required: f.required,
            boxed: f.boxed,
        })
        .collect();
    structure(s, g.clone(), &path, &members);
    for f in &m.fields {
        constraint_facts(s, &g, &format!("{path}.{}", f.ident), &f.constraints, &f.doc);
        if f.spec_required != f.required {
            s.fact_about(
                g.clone(),
                format!("{path}.{} documented as required", f.ident),
                "read as Option<T>: the server may omit it".into(),
                format!("field {path}.{}", f.ident),
            );
        }
    }
}

/// An open enum: the type and its variants are API (removing a variant breaks a `match` or a
/// path to it; adding one does not, the enum is `#[non_exhaustive]`); the wire values are facts.
fn open_enum(s: &mut CrateSurface, e: &huaweicloud_bss_codegen::values::EnumDef) {
    let g = Group::Enum(e.name.clone());
    s.item(
        g.clone(),
        format!("enum enums::{}", e.name),
        format!("pub enum enums::{}", e.name),
    );
    for v in &e.variants {
        let key = format!("variant enums::{}::{}", e.name, v.name);
        s.item(g.clone(), key.clone(), format!("enums::{}::{}", e.name, v.name));
        s.fact_about(
            g.clone(),
            format!("wire value of enums::{}::{}", e.name, v.name),
            v.wire.to_string(),
            key,
        );
    }
    if let Some((yes, no)) = &e.flag {
        s.item(
            g.clone(),
            format!("impl From<bool> for enums::{}", e.name),
            format!("impl From<bool> for enums::{} (true = {yes}, false = {no})", e.name),
        );
    }
}

/// Documented constraints and values: documentation, and what the server accepts.
fn constraint_facts(s: &mut CrateSurface, g: &Group, path: &str, c: &Constraints, doc: &[String]) {
    if !c.values.is_empty() {
        let vals: Vec<String> = c
            .values
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        s.fact_about(
            g.clone(),
            format!("documented values of {path}"),
            vals.join(", "),
            format!("field {path}"),
        );
    }
    let mut other = c.clone();
    other.values.clear();
    if other != Constraints::default() {
        let text = serde_json::to_string(&other).unwrap_or_default();
        s.fact_about(
            g.clone(),
            format!("constraints of {path}"),
            text,
            format!("field {path}"),
        );
    }
    if !doc.is_empty() {
        s.fact_about(
            g.clone(),
            format!("docs of {path}"),
            doc.join(" "),
            format!("field {path}"),
        );
    }
}
