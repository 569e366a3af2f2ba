//! The spec against the official SDK's facts (`spec/curation/sdk-facts.json`, extracted from
//! `huaweicloudsdkbss` by `tools/sdk_facts.py`), both ways:
//!
//! - every SDK operation, its method and path, every parameter (location, wire name, type,
//!   required) and every body and response field (wire name, type, required) is in the spec;
//! - every parameter and field of a current (not deprecated) spec operation is in the SDK, or is
//!   marked as coming from the docs (`x-bss-sources.shape: "docs ..."`, on the field, its model
//!   or its operation).
//!
//! Not compared: whether the body itself is required (the Python SDK marks every request body
//! optional, `body_required: false`, so it carries no fact), and the fields the SDK's response
//! models add for response headers (there are none in the BSS facts; a spec without them would
//! be reported).
//!
//! Known, explained disagreements are recorded in the spec itself: `x-bss-sources.wire_form`
//! on a field whose wire type follows the docs' sample rather than the SDK. Everything else
//! is a finding. Read by `cargo test` (codegen/tests/sdk_facts.rs) and `cargo xtask sdk-compare`.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, Result};
use serde::Deserialize;

use crate::ir::{is_docs_only, Domain, Location, Model, Operation, Ty};
use crate::spec::SiteName;

/// `spec/curation/sdk-facts.json`.
#[derive(Debug, Deserialize)]
pub struct SdkFacts {
    /// The SDK package the facts were read from, with its version.
    pub package: String,
    /// Every operation of the SDK.
    pub operations: Vec<SdkOperation>,
    /// Every model of the SDK, by its class name.
    pub models: BTreeMap<String, SdkModel>,
}

/// One operation of the official SDK.
#[derive(Debug, Deserialize)]
pub struct SdkOperation {
    /// The SDK's operation id (`ListCustomerOrders`).
    pub id: String,
    /// HTTP method, as the SDK writes it.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Its path, query and header parameters.
    pub params: Vec<SdkParam>,
    /// The model of the request body, when it takes one.
    pub body_model: Option<String>,
    /// The model of the response.
    pub response_model: String,
}

/// One parameter of an SDK operation.
#[derive(Debug, Deserialize)]
pub struct SdkParam {
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// Name on the wire.
    pub wire: String,
    /// The SDK's type name (`str`, `int`, a model, `list[...]`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the SDK requires it.
    pub required: bool,
}

/// One model of the SDK.
#[derive(Debug, Deserialize)]
pub struct SdkModel {
    /// Its fields, in the SDK's order.
    pub fields: Vec<SdkField>,
}

/// One field of an SDK model.
#[derive(Debug, Deserialize)]
pub struct SdkField {
    /// Name on the wire.
    pub wire: String,
    /// The SDK's type name.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the SDK requires it.
    pub required: bool,
}

impl SdkFacts {
    /// Reads a facts file ([`facts_file`]).
    pub fn parse(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| anyhow!("SDK facts: {e}"))
    }
}

/// What the comparison found, each list a set of readable lines.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Operations in the SDK.
    pub sdk_operations: usize,
    /// Current (not deprecated) operations in the spec.
    pub spec_operations: usize,
    /// Facts checked (operations, parameters and fields matched on both sides).
    pub checked: usize,
    /// SDK facts the spec lacks or contradicts.
    pub sdk_not_in_spec: Vec<String>,
    /// Spec items of current operations neither in the SDK nor marked as docs-only.
    pub spec_not_in_sdk: Vec<String>,
    /// Spec items of current operations marked docs-only (counted, listed for the report).
    pub docs_only: Vec<String>,
    /// Disagreements the spec records on the field (`x-bss-sources.wire_form`, `sdk_disagreement`).
    pub recorded_disagreements: Vec<String>,
}

impl Comparison {
    /// Nothing missing on either side.
    pub fn is_clean(&self) -> bool {
        self.sdk_not_in_spec.is_empty() && self.spec_not_in_sdk.is_empty()
    }

    /// `spec/SDK-COVERAGE.md`-style Markdown.
    pub fn report(&self, package: &str) -> String {
        let mut out = String::from("# The official SDK against the spec\n\n");
        out.push_str(&format!(
            "{package}: {} operations; the spec: {} operations; {} facts compared.\n",
            self.sdk_operations, self.spec_operations, self.checked
        ));
        let sections = [
            ("SDK facts the spec lacks or contradicts", &self.sdk_not_in_spec),
            (
                "Spec items of current operations not in the SDK and not marked docs-only",
                &self.spec_not_in_sdk,
            ),
            ("Spec items marked as documented only by the docs", &self.docs_only),
            (
                "Disagreements the spec records (`x-bss-sources.wire_form` / `sdk_disagreement`)",
                &self.recorded_disagreements,
            ),
        ];
        for (title, lines) in sections {
            out.push_str(&format!("\n## {title}: {}\n", lines.len()));
            if !lines.is_empty() {
                out.push('\n');
            }
            for l in lines {
                out.push_str(&format!("- {l}\n"));
            }
        }
        out
    }
}

/// Does a spec type carry what the SDK type names? Models are matched by shape, not name.
fn type_matches(sdk: &str, ty: &Ty, facts: &SdkFacts) -> bool {
    // An open enum is its wire scalar to the SDK.
    if let Ty::Enum { raw, .. } = ty {
        return type_matches(sdk, &raw.ty(), facts);
    }
    if let Ty::Time(_) = ty {
        return type_matches(sdk, &Ty::String, facts);
    }
    if let Some(inner) = sdk.strip_prefix("list[").and_then(|t| t.strip_suffix(']')) {
        return matches!(ty, Ty::Vec(t) if type_matches(inner, t, facts));
    }
    match sdk {
        // A decimal the wire carries as a JSON string is a string to the SDK.
        "str" => matches!(ty, Ty::String | Ty::Decimal { string_form: true }),
        "int" => matches!(ty, Ty::I32 | Ty::I64),
        // Every non-integer number is an exact decimal in the spec (never a float).
        "float" | "decimal.Decimal" => *ty == Ty::Decimal { string_form: false },
        "bool" => *ty == Ty::Bool,
        "object" => *ty == Ty::Any,
        model if facts.models.contains_key(model) => matches!(ty, Ty::Model(_) | Ty::Any),
        _ => false,
    }
}

fn ty_name(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::I32 => "int32".into(),
        Ty::I64 => "int64".into(),
        Ty::Bool => "boolean".into(),
        Ty::Decimal { string_form: false } => "number".into(),
        Ty::Decimal { string_form: true } => "decimal string".into(),
        Ty::Any => "any JSON".into(),
        Ty::Vec(t) => format!("array of {}", ty_name(t)),
        Ty::Map(t) => format!("map of {}", ty_name(t)),
        Ty::Model(m) => format!("`{m}`"),
        Ty::Enum { raw, .. } => ty_name(&raw.ty()),
        Ty::Time(_) => "string".into(),
    }
}

fn location_name(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
    }
}

struct Ctx<'a> {
    facts: &'a SdkFacts,
    out: Comparison,
}

impl Ctx<'_> {
    /// Compares an SDK model with a spec model, field by field, both ways, then recurses
    /// into the nested models they share. `current`: the operation is not deprecated.
    #[allow(clippy::too_many_arguments)]
    fn models(
        &mut self,
        label: &str,
        sdk_model: &str,
        domain: &Domain,
        spec_model: &Model,
        current: bool,
        seen: &mut BTreeSet<(String, String)>,
    ) {
        if !seen.insert((sdk_model.to_string(), spec_model.name.clone())) {
            return;
        }
        let Some(sdk) = self.facts.models.get(sdk_model) else {
            self.out
                .sdk_not_in_spec
                .push(format!("{label}: SDK model `{sdk_model}` is not in the facts"));
            return;
        };
        let model_docs = is_docs_only(&spec_model.sources);
        for f in &sdk.fields {
            let at = format!("{label}.{}", f.wire);
            let Some(sf) = spec_model.fields.iter().find(|s| s.wire == f.wire) else {
                self.out
                    .sdk_not_in_spec
                    .push(format!("{at}: SDK field ({}) missing from `{}`", f.ty, spec_model.name));
                continue;
            };
            self.out.checked += 1;
            if !type_matches(&f.ty, &sf.ty, self.facts) {
                if let Some(why) = sf.sources.get("wire_form").or(sf.sources.get("sdk_disagreement")) {
                    self.out.recorded_disagreements.push(format!(
                        "{at}: SDK {}, spec {} ({why})",
                        f.ty,
                        ty_name(&sf.ty)
                    ));
                } else {
                    self.out
                        .sdk_not_in_spec
                        .push(format!("{at}: SDK type {}, spec {}", f.ty, ty_name(&sf.ty)));
                }
            }
            if f.required != sf.spec_required {
                let line = format!("{at}: SDK required={}, spec required={}", f.required, sf.spec_required);
                match sf.sources.get("sdk_disagreement") {
                    Some(why) => self.out.recorded_disagreements.push(format!("{line} ({why})")),
                    None => self.out.sdk_not_in_spec.push(line),
                }
            }
            let sdk_inner =
                f.ty.strip_prefix("list[")
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or(&f.ty);
            let spec_inner = match &sf.ty {
                Ty::Model(m) => Some(m),
                Ty::Vec(t) => match t.as_ref() {
                    Ty::Model(m) => Some(m),
                    _ => None,
                },
                _ => None,
            };
            if let (true, Some(m)) = (self.facts.models.contains_key(sdk_inner), spec_inner) {
                if let Some(nested) = domain.models.get(m) {
                    self.models(&at, sdk_inner, domain, nested, current, seen);
                }
            }
        }
        if !current {
            return;
        }
        for sf in &spec_model.fields {
            if sdk.fields.iter().any(|f| f.wire == sf.wire) {
                continue;
            }
            let at = format!("{label}.{} (`{}`)", sf.wire, spec_model.name);
            if is_docs_only(&sf.sources) || model_docs {
                let src = sf.sources.get("shape").or(spec_model.sources.get("shape"));
                self.out
                    .docs_only
                    .push(format!("{at}: {}", src.map(String::as_str).unwrap_or("docs")));
            } else {
                self.out
                    .spec_not_in_sdk
                    .push(format!("{at}: not in SDK model `{sdk_model}` and not marked docs-only"));
            }
        }
    }

    fn operation(&mut self, domain: &Domain, op: &Operation, sdk: &SdkOperation) {
        let label = format!("`{}`", op.id);
        let current = !op.deprecated;
        self.out.checked += 1;
        if !sdk.method.eq_ignore_ascii_case(op.method.as_str()) || sdk.path != op.path {
            self.out.sdk_not_in_spec.push(format!(
                "{label}: SDK {} {}, spec {} {}",
                sdk.method, sdk.path, op.method, op.path
            ));
        }
        for p in &sdk.params {
            let at = format!("{label} {} parameter `{}`", p.location, p.wire);
            let Some(sp) = op.params.iter().find(|s| s.wire == p.wire) else {
                self.out.sdk_not_in_spec.push(format!("{at}: missing"));
                continue;
            };
            self.out.checked += 1;
            if location_name(sp.location) != p.location {
                self.out
                    .sdk_not_in_spec
                    .push(format!("{at}: spec has it in {}", location_name(sp.location)));
            }
            if !type_matches(&p.ty, &sp.ty, self.facts) {
                self.out
                    .sdk_not_in_spec
                    .push(format!("{at}: SDK type {}, spec {}", p.ty, ty_name(&sp.ty)));
            }
            if p.required != sp.required {
                self.out.sdk_not_in_spec.push(format!(
                    "{at}: SDK required={}, spec required={}",
                    p.required, sp.required
                ));
            }
        }
        if current {
            for sp in &op.params {
                if sdk.params.iter().any(|p| p.wire == sp.wire) {
                    continue;
                }
                let at = format!("{label} {} parameter `{}`", location_name(sp.location), sp.wire);
                if is_docs_only(&sp.sources) {
                    self.out.docs_only.push(format!("{at}: {}", sp.sources["shape"]));
                } else {
                    self.out.spec_not_in_sdk.push(format!("{at}: not in the SDK"));
                }
            }
        }
        let mut seen = BTreeSet::new();
        match (&sdk.body_model, op.body.as_ref().map(|b| &b.ty)) {
            (None, None) => {}
            (Some(m), Some(Ty::Model(spec))) => {
                self.out.checked += 1;
                self.models(
                    &format!("{label} body"),
                    m,
                    domain,
                    &domain.models[spec],
                    current,
                    &mut seen,
                );
            }
            (Some(m), other) => self.out.sdk_not_in_spec.push(format!(
                "{label}: SDK body `{m}`, spec body {}",
                other.map(ty_name).unwrap_or_else(|| "none".into())
            )),
            (None, Some(_)) if current => self
                .out
                .spec_not_in_sdk
                .push(format!("{label}: spec has a body, the SDK has none")),
            (None, Some(_)) => {}
        }
        // The SDK's response model also lists response headers (`X-Request-Id`, ...) as
        // fields; the spec describes only the body.
        let success = match &op.response.kind {
            crate::ir::ResponseKind::Raw | crate::ir::ResponseKind::RawBatch { .. } => Some(&Ty::Any),
            kind => kind.body_ty(),
        };
        match success {
            Some(Ty::Model(spec)) => {
                self.out.checked += 1;
                self.models(
                    &format!("{label} response"),
                    &sdk.response_model,
                    domain,
                    &domain.models[spec],
                    current,
                    &mut seen,
                );
            }
            other => {
                let sdk_fields = self
                    .facts
                    .models
                    .get(&sdk.response_model)
                    .map(|m| m.fields.len())
                    .unwrap_or(0);
                if sdk_fields > 0 {
                    self.out.sdk_not_in_spec.push(format!(
                        "{label}: SDK response `{}` has {sdk_fields} fields, spec response {}",
                        sdk.response_model,
                        other.map(ty_name).unwrap_or_else(|| "none".into())
                    ));
                }
            }
        }
    }
}

/// Where each site's SDK facts are kept: the China site's SDK (`huaweicloudsdkbss`) and the
/// international one (`huaweicloudsdkbssintl`).
pub fn facts_file(site: SiteName) -> &'static str {
    match site {
        SiteName::China => "spec/curation/sdk-facts.json",
        SiteName::International => "spec/curation/intl/sdk-facts.json",
    }
}

/// Compares every domain of one site's spec (as the IR reads it) with that site's SDK facts;
/// the other site's domains are left out.
pub fn compare(domains: &[Domain], site: SiteName, facts: &SdkFacts) -> Comparison {
    let domains: Vec<&Domain> = domains.iter().filter(|d| d.site == site).collect();
    let mut ctx = Ctx {
        facts,
        out: Comparison::default(),
    };
    let ops: BTreeMap<&str, (&Domain, &Operation)> = domains
        .iter()
        .flat_map(|d| d.operations.iter().map(move |o| (o.id.as_str(), (*d, o))))
        .collect();
    ctx.out.sdk_operations = facts.operations.len();
    ctx.out.spec_operations = ops.len();
    for sdk in &facts.operations {
        match ops.get(sdk.id.as_str()) {
            Some((d, op)) => ctx.operation(d, op, sdk),
            None => ctx
                .out
                .sdk_not_in_spec
                .push(format!("`{}` {} {}: operation missing", sdk.id, sdk.method, sdk.path)),
        }
    }
    for (id, (_, op)) in &ops {
        if op.deprecated || facts.operations.iter().any(|s| s.id == *id) {
            continue;
        }
        if is_docs_only(&op.sources) {
            ctx.out
                .docs_only
                .push(format!("`{id}` (operation): {}", op.sources["shape"]));
        } else {
            ctx.out.spec_not_in_sdk.push(format!(
                "`{id}`: a current operation the SDK lacks, not marked docs-only"
            ));
        }
    }
    ctx.out
}
