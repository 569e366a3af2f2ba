//! The intermediate representation: plain data read from one OpenAPI document, with every
//! decision the emitters need already made (Rust names, types, which fields are optional).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, bail, Context, Result};
use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    AdditionalProperties, IntegerFormat, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A domain: one spec document, one generated crate.
#[derive(Debug, Clone)]
pub struct Domain {
    /// `orders`
    pub name: String,
    /// `spec/orders.json`
    pub spec_file: String,
    pub title: String,
    pub description: String,
    pub operations: Vec<Operation>,
    pub models: BTreeMap<String, Model>,
    /// The domain's own codes (`x-bss-error-codes`).
    pub error_codes: BTreeMap<String, ErrorCodeDef>,
    /// The codes every operation can return (`spec/common.json`), shared by every domain.
    pub common_codes: BTreeMap<String, ErrorCodeDef>,
}

impl Domain {
    pub fn crate_name(&self) -> String {
        format!("huaweicloud-bss-{}", self.name)
    }
    pub fn crate_ident(&self) -> String {
        self.crate_name().replace('-', "_")
    }
    pub fn type_prefix(&self) -> String {
        self.name.to_upper_camel_case()
    }
    /// An error row's code: the domain's own, else a common one (with `true`).
    pub fn code_def(&self, code: &str) -> Option<(&ErrorCodeDef, bool)> {
        self.error_codes
            .get(code)
            .map(|d| (d, false))
            .or_else(|| self.common_codes.get(code).map(|d| (d, true)))
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `ListCustomerOrders`
    pub id: String,
    /// `list_customer_orders`
    pub fn_name: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub title_zh: String,
    pub references: Vec<(String, String)>,
    pub callers: Vec<String>,
    pub idempotent: bool,
    pub rate_limit: u32,
    pub deprecated: bool,
    pub replacement: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success_status: u16,
    pub success_type: Option<Ty>,
    /// (code, HTTP status, inferred: the docs' table was not reached for this row)
    pub errors: Vec<(String, u16, bool)>,
    pub samples: Vec<Sample>,
    /// Set for list operations that page with offset/limit (`x-bss-pagination`).
    pub pagination: Option<Pagination>,
    raw_pagination: Option<Value>,
    /// Batch operations reporting per-item failures in a 200 body (`x-bss-partial-failures`).
    pub partial_failures: Option<PartialFailures>,
    raw_partial: Option<String>,
    /// `x-bss-sources`: where the facts came from (`shape`, `errors`, `sdk_disagreement`).
    pub sources: Sources,
}

/// `x-bss-sources` of an operation, parameter, schema or field: key (`shape`, `wire_form`,
/// `errors`, `sdk_disagreement`) to text.
pub type Sources = BTreeMap<String, String>;

/// A shape `x-bss-sources` entry saying the item comes from the docs, not the official SDK.
pub fn is_docs_only(sources: &Sources) -> bool {
    sources.get("shape").is_some_and(|s| s.starts_with("docs"))
}

fn sources_of(ext: &indexmap_like::Ext) -> Sources {
    ext.get("x-bss-sources").map(sources_from_value).unwrap_or_default()
}

fn sources_from_value(v: &Value) -> Sources {
    v.as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}

/// How a list operation pages, resolved against the request and response types.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Offsets are page numbers from 1 (v1.0), not record offsets from 0.
    pub page_number: bool,
    /// The offset is a field of the JSON body rather than a query parameter.
    pub in_body: bool,
    /// The body is optional: created (empty) when the stream sets the offset.
    pub body_optional: bool,
    pub offset_ident: String,
    pub offset_ty: Ty,
    pub items_ident: String,
    pub item_ty: Ty,
    pub total_ident: Option<String>,
    pub total_ty: Option<Ty>,
    /// The page-size parameter or body field (`x-bss-pagination.limit`) and its documented
    /// maximum: a page shorter than a limit within the maximum is the last one.
    pub limit_ident: Option<String>,
    pub limit_max: Option<i64>,
}

/// Where a batch operation's response lists the items that failed.
#[derive(Debug, Clone)]
pub enum PartialFailures {
    /// A list field of the response model: its identifier and the failed item's type.
    Field { ident: String, item: Ty },
    /// The response is untyped (`RawJson`); the failures are the items of its top-level list
    /// field `wire`, when there is one.
    Untyped { wire: String },
}

impl Operation {
    pub fn request_type(&self) -> String {
        format!("{}Request", self.id)
    }
    pub fn static_name(&self) -> String {
        self.fn_name.to_uppercase()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: String,
    pub ident: String,
    pub location: Location,
    pub ty: Ty,
    pub required: bool,
    pub doc: Vec<String>,
    /// The documented `maximum` of an integer.
    pub maximum: Option<i64>,
    pub sources: Sources,
    /// Documented constraints (`maxLength`, `minimum`, `enum`, ...), checked by the mock.
    pub constraints: Constraints,
}

/// Documented constraints of a field or parameter, as the document writes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    /// Documented values (`enum`).
    pub values: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: Ty,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    I32,
    I64,
    Bool,
    /// Exact decimal; `string_form` when the wire carries it as a JSON string.
    Decimal {
        string_form: bool,
    },
    /// Any JSON value.
    Any,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Model(String),
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<Field>,
    pub sources: Sources,
}

impl Model {
    pub fn has_required(&self) -> bool {
        self.fields.iter().any(|f| f.required)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub ident: String,
    pub ty: Ty,
    /// Required in the generated type (response-only models read every field leniently).
    pub required: bool,
    /// Required as the spec documents it.
    pub spec_required: bool,
    pub doc: Vec<String>,
    /// The documented `maximum` of an integer.
    pub maximum: Option<i64>,
    pub sources: Sources,
    pub constraints: Constraints,
}

/// The documented `maximum` of an integer schema.
fn int_maximum(s: &Schema) -> Option<i64> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i.maximum,
        _ => None,
    }
}

#[derive(Debug, Clone)]
pub struct ErrorCodeDef {
    pub code: String,
    pub variant: String,
    pub status: u16,
    pub message: String,
    pub message_zh: String,
    /// What kind of failure the code stands for (`class`): the variant name of
    /// `huaweicloud_bss_core::CodeClass`.
    pub class: Option<String>,
}

/// The values `class` may take, with the `CodeClass` variant each maps to.
const CODE_CLASSES: &[(&str, &str)] = &[
    ("throttling", "Throttling"),
    ("quota_exhausted", "QuotaExhausted"),
    ("transient", "Transient"),
    ("auth", "Auth"),
    ("permission", "Permission"),
    ("not_found", "NotFound"),
    ("invalid_request", "InvalidRequest"),
];

/// Reads an `x-bss-error-codes` table (a domain's, or `spec/common.json`'s).
pub fn error_code_table(file: &str, table: Option<&Value>) -> Result<BTreeMap<String, ErrorCodeDef>> {
    let mut error_codes = BTreeMap::new();
    let Some(table) = table else {
        return Ok(error_codes);
    };
    let codes = table
        .as_object()
        .ok_or_else(|| anyhow!("{file}: x-bss-error-codes is not an object"))?;
    for (code, def) in codes {
        let text = |k: &str| def.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let class = match def.get("class") {
            None => None,
            Some(Value::String(c)) => Some(
                CODE_CLASSES
                    .iter()
                    .find(|(name, _)| name == c)
                    .map(|(_, variant)| variant.to_string())
                    .ok_or_else(|| {
                        anyhow!("{file}: x-bss-error-codes.{code}.class {c:?} is not one of {CODE_CLASSES:?}")
                    })?,
            ),
            Some(other) => bail!("{file}: x-bss-error-codes.{code}.class must be a string, found {other}"),
        };
        error_codes.insert(
            code.clone(),
            ErrorCodeDef {
                code: code.clone(),
                variant: code_variant(code),
                status: def.get("status").and_then(Value::as_u64).unwrap_or(0) as u16,
                message: text("message"),
                message_zh: text("message_zh"),
                class,
            },
        );
    }
    Ok(error_codes)
}

/// Reads `spec/common.json`: the codes every operation can return.
pub fn load_common(file: &str, text: &str) -> Result<BTreeMap<String, ErrorCodeDef>> {
    let raw: Value = serde_json::from_str(text).with_context(|| format!("{file}: not JSON"))?;
    error_code_table(file, raw.get("x-bss-error-codes"))
}

#[derive(Debug, Clone)]
pub struct Sample {
    pub source: String,
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: BTreeMap<String, String>,
    pub body: Option<Value>,
    pub response: Option<(u16, Option<Value>)>,
    pub request_written_by_us: bool,
    pub response_written_by_us: bool,
    /// Why the sample's request breaks a documented constraint (`outside_constraints`): the
    /// docs' own example contradicts the docs' table. The strict mock must reject it.
    pub outside_constraints: Option<String>,
    /// The request body exactly as the spec stores it (whitespace removed, numbers as written).
    pub body_json: Option<String>,
    /// The response body exactly as the spec stores it (whitespace removed, numbers as written).
    pub response_json: Option<String>,
}

/// JSON text without the whitespace between tokens; strings and numbers stay as written.
pub fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

/// The sample bodies of every operation, read again from the document's text: `openapiv3`
/// stores extensions as `serde_json::Value`, which re-formats numbers (`10.00` becomes `10.0`).
/// Per operation id, per sample: (request body, response body) as written.
type VerbatimBodies = BTreeMap<String, Vec<(Option<String>, Option<String>)>>;

fn verbatim_sample_bodies(text: &str) -> Result<VerbatimBodies> {
    use serde::Deserialize;
    use serde_json::value::RawValue;
    #[derive(Deserialize)]
    struct Doc {
        paths: BTreeMap<String, BTreeMap<String, Box<RawValue>>>,
    }
    #[derive(Deserialize)]
    struct Op {
        #[serde(rename = "operationId")]
        id: Option<String>,
        #[serde(rename = "x-bss-samples", default)]
        samples: Vec<RawSample>,
    }
    #[derive(Deserialize)]
    struct RawSample {
        request: Part,
        #[serde(default)]
        response: Option<Part>,
    }
    #[derive(Deserialize)]
    struct Part {
        #[serde(default)]
        body: Option<Box<RawValue>>,
    }
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let doc: Doc = serde_json::from_str(text)?;
    let mut out = BTreeMap::new();
    for item in doc.paths.values() {
        for (method, raw) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let op: Op = serde_json::from_str(raw.get())?;
            let bodies = op
                .samples
                .iter()
                .map(|s| {
                    (
                        s.request.body.as_ref().map(|b| compact_json(b.get())),
                        s.response
                            .as_ref()
                            .and_then(|r| r.body.as_ref())
                            .map(|b| compact_json(b.get())),
                    )
                })
                .collect();
            out.insert(op.id.unwrap_or_default(), bodies);
        }
    }
    Ok(out)
}

/// Rust identifier for a wire name: snake case, raw identifier for keywords.
pub fn field_ident(wire: &str) -> String {
    let snake = wire.to_snake_case();
    let snake = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("f_{snake}")
    } else {
        snake
    };
    if is_keyword(&snake) {
        format!("r#{snake}")
    } else {
        snake
    }
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// `CBC.99005010` -> `Cbc99005010`; `APIG.0308` -> `Apig0308`.
pub fn code_variant(code: &str) -> String {
    let v: String = code
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(|p| p.to_upper_camel_case())
        .collect();
    if v.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Code{v}")
    } else {
        v
    }
}

fn ext_str(ext: &indexmap_like::Ext, key: &str) -> Option<String> {
    ext.get(key).and_then(Value::as_str).map(str::to_string)
}

mod indexmap_like {
    pub type Ext = indexmap::IndexMap<String, serde_json::Value>;
}

pub fn load_domain(spec_file: &str, text: &str, common_codes: &BTreeMap<String, ErrorCodeDef>) -> Result<Domain> {
    let api: OpenAPI =
        serde_json::from_str(text).with_context(|| format!("{spec_file}: not an OpenAPI 3.0 document"))?;
    let name = ext_str(&api.info.extensions, "x-bss-domain")
        .ok_or_else(|| anyhow!("{spec_file}: info.x-bss-domain is missing"))?;
    let schemas = api.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
    // OpenAPI 3.0 drops the siblings of a `$ref`; the spec puts a field's description there
    // anyway, so read it from the raw document.
    let raw: Value = serde_json::from_str(text)?;
    let resolver = Resolver {
        schemas: &schemas,
        raw_schemas: &raw["components"]["schemas"],
    };

    let mut models = BTreeMap::new();
    for (model_name, schema) in &schemas {
        if model_name == "BssError" || is_untyped(schema) {
            continue;
        }
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { .. } => bail!("{spec_file}: schema {model_name} must not be a bare $ref"),
        };
        models.insert(
            model_name.clone(),
            resolver
                .model(model_name, schema)
                .with_context(|| format!("{spec_file}: schema {model_name}"))?,
        );
    }

    let error_codes = error_code_table(spec_file, api.extensions.get("x-bss-error-codes"))?;
    if let Some(code) = error_codes.keys().find(|c| common_codes.contains_key(*c)) {
        bail!("{spec_file}: {code} is a common code (spec/common.json); remove it from x-bss-error-codes");
    }

    let mut operations = Vec::new();
    for (path, item) in &api.paths.paths {
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { .. } => bail!("{spec_file}: path {path} must not be a $ref"),
        };
        for (method, op) in item.iter() {
            operations.push(
                resolver
                    .operation(path, method, op)
                    .with_context(|| format!("{spec_file}: {} {path}", method.to_uppercase()))?,
            );
        }
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    let verbatim = verbatim_sample_bodies(text).with_context(|| format!("{spec_file}: x-bss-samples"))?;
    for op in &mut operations {
        for (sample, (body, response)) in op.samples.iter_mut().zip(verbatim.get(&op.id).into_iter().flatten()) {
            sample.body_json = body.clone();
            sample.response_json = response.clone();
        }
    }
    // Models only ever received are read leniently: every field optional, so a server that
    // omits a field never fails a call. Models sent in request bodies keep `required`.
    let mut sent = BTreeSet::new();
    let mut stack: Vec<String> = operations
        .iter()
        .filter_map(|o| o.body.as_ref())
        .filter_map(|b| model_name(&b.ty))
        .collect();
    while let Some(name) = stack.pop() {
        if sent.insert(name.clone()) {
            if let Some(m) = models.get(&name) {
                stack.extend(m.fields.iter().filter_map(|f| model_name(&f.ty)));
            }
        }
    }
    for (name, model) in models.iter_mut() {
        if !sent.contains(name) {
            for f in &mut model.fields {
                f.required = false;
            }
        }
    }
    for op in &mut operations {
        if let Some(field) = op.raw_partial.take() {
            if op.success_type == Some(Ty::Any) {
                op.partial_failures = Some(PartialFailures::Untyped { wire: field });
            } else {
                let Some(Ty::Model(resp)) = &op.success_type else {
                    bail!("{spec_file}: {} partial failures need a model response", op.id)
                };
                let f = models[resp]
                    .fields
                    .iter()
                    .find(|f| f.wire == field)
                    .ok_or_else(|| anyhow!("{spec_file}: {} response lacks {field}", op.id))?;
                let Ty::Vec(item) = &f.ty else {
                    bail!("{spec_file}: {field} is not a list")
                };
                op.partial_failures = Some(PartialFailures::Field {
                    ident: f.ident.clone(),
                    item: (**item).clone(),
                });
            }
        }
        if let Some(raw) = op.raw_pagination.take() {
            op.pagination = Some(
                resolve_pagination(op, &raw, &models)
                    .with_context(|| format!("{spec_file}: {} x-bss-pagination", op.id))?,
            );
        }
    }
    let mut seen = BTreeSet::new();
    for op in &operations {
        if !seen.insert(op.fn_name.clone()) {
            bail!("{spec_file}: two operations map to the method name {}", op.fn_name);
        }
        for (code, _, _) in &op.errors {
            if !error_codes.contains_key(code) && !common_codes.contains_key(code) {
                bail!(
                    "{spec_file}: {} lists {code}, which neither x-bss-error-codes nor spec/common.json has",
                    op.id
                );
            }
        }
        lint_partial_failures(spec_file, op, &models)?;
        if let Some(r) = &op.replacement {
            if !operations.iter().any(|o| &o.id == r) {
                bail!("{spec_file}: {} is replaced by {r}, which this domain lacks", op.id);
            }
        }
    }
    Ok(Domain {
        name,
        spec_file: spec_file.to_string(),
        title: api.info.title.clone(),
        description: api.info.description.clone().unwrap_or_default(),
        operations,
        models,
        error_codes,
        common_codes: common_codes.clone(),
    })
}

/// Whether a response field's name says it lists failed items.
fn names_failures(wire: &str) -> bool {
    let w = wire.to_ascii_lowercase();
    w.starts_with("fail") || w.starts_with("error_detail") || w.starts_with("errordetail") || w.contains("failed")
}

/// A 2xx response that can list failed items must be annotated `x-bss-partial-failures`, so
/// the method returns a `Batch` and no partial failure reads as a plain success.
fn lint_partial_failures(spec_file: &str, op: &Operation, models: &BTreeMap<String, Model>) -> Result<()> {
    let Some(Ty::Model(resp)) = &op.success_type else {
        return Ok(());
    };
    let Some(model) = models.get(resp) else {
        return Ok(());
    };
    let lists: Vec<&str> = model
        .fields
        .iter()
        .filter(|f| matches!(f.ty, Ty::Vec(_)) && names_failures(&f.wire))
        .map(|f| f.wire.as_str())
        .collect();
    match &op.partial_failures {
        None if !lists.is_empty() => bail!(
            "{spec_file}: {}: the 2xx response {resp} has a list of failures ({}) but the operation has no \
             x-bss-partial-failures: annotate it with the field that lists failed items so the method returns a Batch",
            op.id,
            lists.join(", ")
        ),
        _ => Ok(()),
    }
}

struct Resolver<'a> {
    schemas: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    raw_schemas: &'a Value,
}

impl Resolver<'_> {
    fn ty_of_ref(&self, r: &ReferenceOr<Box<Schema>>) -> Result<Ty> {
        match r {
            ReferenceOr::Reference { reference } => self.named(reference),
            ReferenceOr::Item(s) => self.ty(s),
        }
    }

    fn named(&self, reference: &str) -> Result<Ty> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| anyhow!("unsupported $ref {reference}"))?;
        match self.schemas.get(name) {
            None => bail!("$ref to a missing schema {name}"),
            Some(s) if is_untyped(s) => Ok(Ty::Any),
            Some(_) => Ok(Ty::Model(name.to_string())),
        }
    }

    fn ty(&self, s: &Schema) -> Result<Ty> {
        Ok(match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => match &st.format {
                VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal" => Ty::Decimal { string_form: true },
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte | StringFormat::Binary) => {
                    bail!("binary strings are not supported")
                }
                _ => Ty::String,
            },
            SchemaKind::Type(Type::Number(_)) => Ty::Decimal { string_form: false },
            SchemaKind::Type(Type::Integer(it)) => match it.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Ty::I64,
                _ => Ty::I32,
            },
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                let items = a.items.as_ref().ok_or_else(|| anyhow!("array without items"))?;
                let inner = self.ty_of_ref(items)?;
                if matches!(inner, Ty::Decimal { .. }) {
                    bail!("arrays of decimals are not supported; use a model");
                }
                Ty::Vec(Box::new(inner))
            }
            SchemaKind::Type(Type::Object(o)) => {
                if !o.properties.is_empty() {
                    bail!("inline object with properties: move it to components.schemas");
                }
                match &o.additional_properties {
                    Some(AdditionalProperties::Schema(inner)) => Ty::Map(Box::new(match inner.as_ref() {
                        ReferenceOr::Reference { reference } => self.named(reference)?,
                        ReferenceOr::Item(s) => self.ty(s)?,
                    })),
                    _ => Ty::Any,
                }
            }
            SchemaKind::Any(_) => Ty::Any,
            _ => bail!("unsupported schema (oneOf/allOf/anyOf/not)"),
        })
    }

    fn model(&self, name: &str, s: &Schema) -> Result<Model> {
        let (props, required) = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            _ => bail!("a component schema must be an object"),
        };
        let mut fields = Vec::new();
        let mut idents = BTreeSet::new();
        for (wire, prop) in props {
            let ty = self.ty_of_ref(prop).with_context(|| format!("field {wire}"))?;
            let mut ident = field_ident(wire);
            while !idents.insert(ident.clone()) {
                ident.push('_');
            }
            let maximum = match prop {
                ReferenceOr::Item(ps) => int_maximum(ps),
                ReferenceOr::Reference { .. } => None,
            };
            let raw = &self.raw_schemas[name]["properties"][wire];
            let (doc, constraints) = match prop {
                ReferenceOr::Item(ps) => (schema_doc(ps), constraints_of(ps)),
                ReferenceOr::Reference { .. } => (
                    raw["description"]
                        .as_str()
                        .map(|d| vec![d.to_string()])
                        .unwrap_or_default(),
                    Constraints::default(),
                ),
            };
            fields.push(Field {
                wire: wire.clone(),
                ident,
                ty,
                required: required.contains(wire),
                spec_required: required.contains(wire),
                doc,
                maximum,
                sources: sources_from_value(&raw["x-bss-sources"]),
                constraints,
            });
        }
        let mut doc = Vec::new();
        if let Some(d) = &s.schema_data.description {
            doc.push(d.clone());
        }
        Ok(Model {
            name: name.to_string(),
            doc,
            fields,
            sources: sources_of(&s.schema_data.extensions),
        })
    }

    fn operation(&self, path: &str, method: &str, op: &openapiv3::Operation) -> Result<Operation> {
        let id = op
            .operation_id
            .clone()
            .ok_or_else(|| anyhow!("operationId is missing"))?;
        let ext = &op.extensions;
        let mut params = Vec::new();
        for p in &op.parameters {
            let p = match p {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { .. } => bail!("{id}: parameter $refs are not supported"),
            };
            let (data, location) = match p {
                Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
                Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
                Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header),
                Parameter::Cookie { .. } => bail!("{id}: cookie parameters are not supported"),
            };
            let (ty, doc, constraints, maximum) = match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                    (self.ty(s)?, schema_doc(s), constraints_of(s), int_maximum(s))
                }
                ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                    (self.named(reference)?, vec![], Constraints::default(), None)
                }
                ParameterSchemaOrContent::Content(_) => bail!("{id}: parameter content is not supported"),
            };
            if matches!(ty, Ty::Model(_) | Ty::Map(_) | Ty::Any) {
                bail!("{id}: parameter {} must be a scalar or a list", data.name);
            }
            let mut doc_lines = Vec::new();
            if let Some(d) = &data.description {
                doc_lines.push(d.clone());
            }
            doc_lines.extend(doc);
            params.push(Param {
                wire: data.name.clone(),
                ident: field_ident(&data.name),
                location,
                ty,
                required: data.required || location == Location::Path,
                doc: doc_lines,
                maximum,
                sources: sources_of(&data.extensions),
                constraints,
            });
        }
        let body = match &op.request_body {
            None => None,
            Some(ReferenceOr::Item(b)) => {
                let media = b
                    .content
                    .get("application/json")
                    .ok_or_else(|| anyhow!("{id}: body must be JSON"))?;
                let schema = media
                    .schema
                    .as_ref()
                    .ok_or_else(|| anyhow!("{id}: body without schema"))?;
                let ty = match schema {
                    ReferenceOr::Reference { reference } => self.named(reference)?,
                    ReferenceOr::Item(s) => self.ty(s)?,
                };
                Some(Body {
                    ty,
                    required: b.required,
                })
            }
            Some(ReferenceOr::Reference { .. }) => bail!("{id}: requestBody $refs are not supported"),
        };
        let mut success = None;
        for (status, resp) in &op.responses.responses {
            let code = match status {
                openapiv3::StatusCode::Code(c) => *c,
                openapiv3::StatusCode::Range(_) => continue,
            };
            if !(200..300).contains(&code) {
                continue;
            }
            let resp = match resp {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { .. } => bail!("{id}: success response must be inline"),
            };
            let ty = match resp.content.get("application/json").and_then(|m| m.schema.as_ref()) {
                Some(ReferenceOr::Reference { reference }) => Some(self.named(reference)?),
                Some(ReferenceOr::Item(s)) => Some(self.ty(s)?),
                None => None,
            };
            if success.is_some() {
                bail!("{id}: more than one success response");
            }
            success = Some((code, ty));
        }
        let (success_status, success_type) = success.ok_or_else(|| anyhow!("{id}: no success response"))?;
        let errors = ext
            .get("x-bss-errors")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e.get("code").and_then(Value::as_str).unwrap_or_default().to_string(),
                            e.get("status").and_then(Value::as_u64).unwrap_or(0) as u16,
                            e.get("inferred").and_then(Value::as_bool).unwrap_or(false),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let references = ext
            .get("x-bss-references")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|r| {
                        (
                            r.get("reference")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_string(),
                            r.get("url").and_then(Value::as_str).unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let callers = ext
            .get("x-bss-callers")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let samples = match ext.get("x-bss-samples") {
            Some(Value::Array(a)) => a.iter().map(parse_sample).collect::<Result<Vec<_>>>()?,
            _ => Vec::new(),
        };
        Ok(Operation {
            fn_name: id.to_snake_case(),
            method: method.to_uppercase(),
            path: path.to_string(),
            summary: op.summary.clone().unwrap_or_default(),
            description: op.description.clone(),
            title_zh: ext_str(ext, "x-bss-title-zh").unwrap_or_default(),
            references,
            callers,
            idempotent: ext
                .get("x-bss-idempotent")
                .and_then(Value::as_bool)
                .unwrap_or(method == "get"),
            rate_limit: ext.get("x-bss-rate-limit").and_then(Value::as_u64).unwrap_or(10) as u32,
            deprecated: op.deprecated,
            replacement: ext_str(ext, "x-bss-replacement"),
            params,
            body,
            success_status,
            success_type,
            errors,
            samples,
            pagination: None,
            raw_pagination: ext.get("x-bss-pagination").cloned(),
            partial_failures: None,
            raw_partial: ext_str(ext, "x-bss-partial-failures"),
            sources: sources_of(ext),
            id,
        })
    }
}

/// The model a type refers to, through lists and maps.
pub fn model_name(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Model(n) => Some(n.clone()),
        Ty::Vec(t) | Ty::Map(t) => model_name(t),
        _ => None,
    }
}

fn resolve_pagination(op: &Operation, raw: &Value, models: &BTreeMap<String, Model>) -> Result<Pagination> {
    let get = |k: &str| raw.get(k).and_then(Value::as_str).map(str::to_string);
    let offset = get("offset").ok_or_else(|| anyhow!("offset is missing"))?;
    let in_body = get("in").as_deref() == Some("body");
    let body_optional = in_body && op.body.as_ref().is_some_and(|b| !b.required);
    let (offset_ident, offset_ty) = if in_body {
        let body = op.body.as_ref().ok_or_else(|| anyhow!("body offset needs a body"))?;
        let Ty::Model(name) = &body.ty else {
            bail!("body is not a model")
        };
        if !body.required && models[name].has_required() {
            bail!("an optional body with required fields cannot be created by the stream");
        }
        let f = models[name]
            .fields
            .iter()
            .find(|f| f.wire == offset)
            .ok_or_else(|| anyhow!("body lacks {offset}"))?;
        (f.ident.clone(), f.ty.clone())
    } else {
        let p = op
            .params
            .iter()
            .find(|p| p.wire == offset && !p.required)
            .ok_or_else(|| anyhow!("no optional parameter {offset}"))?;
        (p.ident.clone(), p.ty.clone())
    };
    if !matches!(offset_ty, Ty::I32 | Ty::I64) {
        bail!("offset must be an integer");
    }
    let Some(Ty::Model(resp)) = &op.success_type else {
        bail!("the response is not a model")
    };
    let resp = &models[resp];
    let items = get("items").ok_or_else(|| anyhow!("items is missing"))?;
    let items_field = resp
        .fields
        .iter()
        .find(|f| f.wire == items)
        .ok_or_else(|| anyhow!("response lacks {items}"))?;
    let Ty::Vec(item_ty) = &items_field.ty else {
        bail!("{items} is not a list")
    };
    let total = get("total").and_then(|t| resp.fields.iter().find(|f| f.wire == t));
    let (limit_ident, limit_max) = match get("limit") {
        None => (None, None),
        Some(limit) => {
            let found = if in_body {
                let Some(Ty::Model(name)) = op.body.as_ref().map(|b| &b.ty) else {
                    bail!("body is not a model")
                };
                models[name]
                    .fields
                    .iter()
                    .find(|f| f.wire == limit)
                    .map(|f| (f.ident.clone(), f.ty.clone(), f.maximum))
            } else {
                op.params
                    .iter()
                    .find(|p| p.wire == limit)
                    .map(|p| (p.ident.clone(), p.ty.clone(), p.maximum))
            };
            let (ident, ty, maximum) = found.ok_or_else(|| anyhow!("no parameter or field {limit}"))?;
            if !matches!(ty, Ty::I32 | Ty::I64) {
                bail!("limit {limit} must be an integer");
            }
            (Some(ident), maximum)
        }
    };
    Ok(Pagination {
        page_number: get("style").as_deref() == Some("page-number"),
        in_body,
        body_optional,
        offset_ident,
        offset_ty,
        items_ident: items_field.ident.clone(),
        item_ty: (**item_ty).clone(),
        total_ident: total.map(|f| f.ident.clone()),
        total_ty: total.map(|f| f.ty.clone()),
        limit_ident,
        limit_max,
    })
}

/// A schema marked `x-bss-untyped`: its shape is not documented, so it stays JSON.
fn is_untyped(s: &ReferenceOr<Schema>) -> bool {
    matches!(s, ReferenceOr::Item(s) if s.schema_data.extensions.get("x-bss-untyped").and_then(Value::as_bool) == Some(true))
}

/// The documented constraints of a scalar (or of a list's items).
fn constraints_of(s: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            c.max_length = st.max_length.map(|n| n as u64);
            c.min_length = st.min_length.map(|n| n as u64);
            c.values = st
                .enumeration
                .iter()
                .flatten()
                .map(|v| Value::from(v.as_str()))
                .collect();
        }
        SchemaKind::Type(Type::Integer(it)) => {
            c.minimum = it.minimum.map(serde_json::Number::from);
            c.maximum = it.maximum.map(serde_json::Number::from);
            c.values = it.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
        }
        SchemaKind::Type(Type::Number(nt)) => {
            c.minimum = nt.minimum.and_then(serde_json::Number::from_f64);
            c.maximum = nt.maximum.and_then(serde_json::Number::from_f64);
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(ReferenceOr::Item(items)) = &a.items {
                c = constraints_of(items);
            }
            c.max_items = a.max_items.map(|n| n as u64);
            c.min_items = a.min_items.map(|n| n as u64);
        }
        _ => {}
    }
    c
}

/// Doc lines for a field or parameter: its description and its documented constraints.
fn schema_doc(s: &Schema) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(d) = &s.schema_data.description {
        doc.push(d.clone());
    }
    let mut facts = Vec::new();
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            if let Some(m) = st.max_length {
                facts.push(format!("max length {m}"));
            }
            if let Some(m) = st.min_length {
                facts.push(format!("min length {m}"));
            }
            if !st.enumeration.is_empty() {
                let vals: Vec<String> = st.enumeration.iter().flatten().map(|v| format!("`{v}`")).collect();
                facts.push(format!("documented values: {}", vals.join(", ")));
            }
        }
        SchemaKind::Type(Type::Integer(it)) => {
            if let (Some(a), Some(b)) = (it.minimum, it.maximum) {
                facts.push(format!("range {a}..={b}"));
            } else if let Some(a) = it.minimum {
                facts.push(format!("minimum {a}"));
            } else if let Some(b) = it.maximum {
                facts.push(format!("maximum {b}"));
            }
            if !it.enumeration.is_empty() {
                let vals: Vec<String> = it.enumeration.iter().flatten().map(|v| format!("`{v}`")).collect();
                facts.push(format!("documented values: {}", vals.join(", ")));
            }
        }
        _ => {}
    }
    if let Some(d) = &s.schema_data.default {
        facts.push(format!("default `{d}`"));
    }
    if s.schema_data.extensions.get("x-bss-money").and_then(Value::as_bool) == Some(true) {
        facts.push("money amount, exact decimal".into());
    }
    if !facts.is_empty() {
        let mut line = facts.join("; ");
        line[..1].make_ascii_uppercase();
        doc.push(format!("{line}."));
    }
    doc
}

fn parse_sample(v: &Value) -> Result<Sample> {
    let req = v.get("request").ok_or_else(|| anyhow!("sample without request"))?;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let query = req
        .get("query")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let headers = req
        .get("headers")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let response = v.get("response").filter(|r| !r.is_null()).map(|r| {
        (
            r.get("status").and_then(Value::as_u64).unwrap_or(200) as u16,
            r.get("body").filter(|b| !b.is_null()).cloned(),
        )
    });
    Ok(Sample {
        source: s(v, "source"),
        method: s(req, "method"),
        path: s(req, "path"),
        query,
        headers,
        body: req.get("body").filter(|b| !b.is_null()).cloned(),
        response,
        request_written_by_us: v.get("request_written_by_us").and_then(Value::as_bool).unwrap_or(false),
        response_written_by_us: v
            .get("response_written_by_us")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        outside_constraints: v.get("outside_constraints").and_then(Value::as_str).map(str::to_string),
        body_json: None,
        response_json: None,
    })
}
