//! The intermediate representation: plain, fully resolved data read from one OpenAPI document
//! and its validated extensions ([`crate::spec`]). Every decision is made here, once: Rust
//! names, types, which fields are optional or boxed, how a response is returned, how a list
//! pages, which error rows an operation documents. The emitters, the snapshot (`cargo xtask
//! ir`), spec-diff and the tools read this and re-derive nothing.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, bail, Context, Result};
use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    AdditionalProperties, IntegerFormat, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde::{Serialize, Serializer};
use serde_json::Value;

pub use crate::spec::{Caller, CodeClass, DocReference, IncompleteExt as Incomplete, PageStyle};
use crate::spec::{OperationExt, Problem, SpecExt};

/// Where the facts of an operation, model, field or parameter came from (`x-bss-sources`).
pub type Sources = BTreeMap<String, String>;

/// Marked as documented by the docs only (`x-bss-sources.shape: "docs ..."`): not in the SDK.
pub fn is_docs_only(sources: &Sources) -> bool {
    sources.get("shape").is_some_and(|s| s.starts_with("docs"))
}

/// JSON text without the whitespace between tokens; strings and numbers untouched.
pub fn compact_json(text: &str) -> String {
    crate::spec::minify(text)
}

/// A domain: one spec document, one generated crate.
#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    /// `orders`
    pub name: String,
    /// The site whose API it is: China (`spec/`) or international (`spec/intl/`).
    pub site: crate::spec::SiteName,
    /// Unique over every site: `orders`, `intl_orders` (file and module names).
    pub key: String,
    /// `spec/orders.json`
    pub spec_file: String,
    /// `huaweicloud-bss-orders`
    pub crate_name: String,
    /// `huaweicloud_bss_orders`
    pub crate_ident: String,
    /// `OrdersErrorCode`
    pub error_enum: String,
    /// The spec's `info.title`.
    pub title: String,
    /// The spec's `info.description`, the generated crate's introduction.
    pub description: String,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Every model, by name.
    pub models: BTreeMap<String, Model>,
    /// Every open enum of documented values, by name.
    pub enums: BTreeMap<String, crate::values::EnumDef>,
    /// The domain's own codes (`x-bss-error-codes`).
    pub error_codes: BTreeMap<String, ErrorCodeDef>,
    /// The codes every operation can return (`spec/common.json`), shared by every domain; not in
    /// the snapshot (listed once, not per domain).
    #[serde(skip)]
    pub common_codes: BTreeMap<String, ErrorCodeDef>,
}

impl Domain {
    /// Where its crate is generated: `generated/orders`, `generated/intl-orders`.
    pub fn crate_dir(&self) -> std::path::PathBuf {
        std::path::PathBuf::from("generated").join(self.feature())
    }

    /// How the site's amounts are converted from a `measure_id` unit: the accessor suffix, the
    /// runtime function, and the unit line of a money field's docs.
    pub fn money_units(&self) -> MoneyUnits {
        match self.site {
            crate::spec::SiteName::China => MoneyUnits {
                suffix: "yuan",
                convert: "in_yuan",
                measured: "Unit: given by `measure_id` (1 yuan, 2 jiao, 3 fen); [`Self::{}_yuan`] converts to yuan.",
                plain: "Unit: the main unit of the account's currency (yuan for CNY).",
                accessor: " `{}` in yuan, exactly, its unit read from `measure_id` (1 yuan, 2 jiao, 3 fen): `None` when either is absent or the unit is not one the docs list.",
            },
            crate::spec::SiteName::International => MoneyUnits {
                suffix: "usd",
                convert: "in_usd",
                measured: "Unit: given by `measure_id` (1 = US dollar, the one unit the international pages list); [`Self::{}_usd`] checks it and gives dollars.",
                plain: "Unit: the main unit of the account's currency (US dollars on the international site).",
                accessor: " `{}` in US dollars, exactly, when `measure_id` says dollars (1): `None` when either is absent or the unit is another (the international pages list only 1).",
            },
        }
    }

    /// Words that follow "the BSS orders APIs": empty for China, the site otherwise.
    pub fn site_phrase(&self) -> &'static str {
        match self.site {
            crate::spec::SiteName::China => "",
            crate::spec::SiteName::International => {
                " of the international site, whose API the European site also serves"
            }
        }
    }

    /// The facade's cargo feature (and module path) for it: `orders`, `intl-orders`.
    pub fn feature(&self) -> String {
        self.key.replace('_', "-")
    }

    /// An error row's code: the domain's own, else a common one (with `true`).
    pub fn code_def(&self, code: &str) -> Option<(&ErrorCodeDef, bool)> {
        self.error_codes
            .get(code)
            .map(|d| (d, false))
            .or_else(|| self.common_codes.get(code).map(|d| (d, true)))
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
}

impl HttpMethod {
    /// Reads a method in any case.
    pub fn parse(s: &str) -> Option<HttpMethod> {
        Some(match s.to_ascii_lowercase().as_str() {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "delete" => HttpMethod::Delete,
            "patch" => HttpMethod::Patch,
            _ => return None,
        })
    }
    /// The method in upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation, resolved: names, parameters, body, response, errors, paging.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `ListCustomerOrders`
    pub id: String,
    /// `list_customer_orders`
    pub fn_name: String,
    /// `ListCustomerOrdersRequest`
    pub request_type: String,
    /// `LIST_CUSTOMER_ORDERS`, the static in `operations.rs`
    pub static_name: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template (`/v2/orders/customer-orders/details/{order_id}`).
    pub path: String,
    /// The path the docs print when it differs from `path`.
    pub doc_path: Option<String>,
    /// One line: what the call does.
    pub summary: String,
    /// More about the call, when there is more to say.
    pub description: Option<String>,
    /// The docs' Chinese title, the key into the docs.
    pub title_zh: String,
    /// Its doc pages.
    pub references: Vec<Reference>,
    /// Who may call it.
    pub callers: Vec<Caller>,
    /// Safe to send twice; retries use it.
    pub idempotent: bool,
    /// Documented quota, calls per second.
    pub rate_limit: u32,
    /// Deprecated (`(旧)`) by Huawei Cloud.
    pub deprecated: bool,
    /// The docs give it an `X-Language` header: the client's language setting applies.
    pub localized: bool,
    /// What replaces it, when deprecated.
    pub replacement: Option<Replacement>,
    /// Path, query and header parameters.
    pub params: Vec<Param>,
    /// The JSON body, when it takes one.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub response: Response,
    /// The documented error codes.
    pub errors: Vec<ErrorRow>,
    /// Request/response samples.
    pub samples: Vec<Sample>,
    /// How it pages, when it is a paged list.
    pub pagination: Option<Pagination>,
    /// What the docs did not show in full (`x-bss-incomplete`).
    pub incomplete: Option<Incomplete>,
    /// Why a state-changing call sends no body (`x-bss-write-without-body`).
    pub write_without_body: Option<String>,
    /// How it differs from the China site's operation of the same id (another site only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_differences: Option<crate::spec::SiteDifferencesExt>,
    /// Where the facts came from.
    pub sources: Sources,
}

/// How a site's amounts read with their `measure_id` unit ([`Domain::money_units`]); `{}`
/// in the texts stands for the field name.
#[derive(Debug, Clone, Copy)]
pub struct MoneyUnits {
    /// The accessor's suffix: `amount_yuan()`, `amount_usd()`.
    pub suffix: &'static str,
    /// The function of `huaweicloud_bss_core::decimal` that converts.
    pub convert: &'static str,
    /// The unit line of a money field with a `measure_id` sibling.
    pub measured: &'static str,
    /// The unit line of a money field without one.
    pub plain: &'static str,
    /// The accessor's doc.
    pub accessor: &'static str,
}

/// A doc page of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Which API reference.
    pub reference: DocReference,
    /// The page's address.
    pub url: String,
}

/// The operation that replaces a deprecated one.
#[derive(Debug, Clone, Serialize)]
pub struct Replacement {
    /// Its `operationId`.
    pub id: String,
    /// Its method name.
    pub fn_name: String,
}

/// One documented error row of an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorRow {
    /// The code as the service writes it (`CBC.0100`).
    pub code: String,
    /// The variant of the domain's error enum.
    pub variant: String,
    /// The HTTP status it comes with (200 for a business error in a 200 body).
    pub status: u16,
    /// The docs' table was not reached for this row.
    pub inferred: bool,
}

/// What a successful call returns.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The documented 2xx status.
    pub status: u16,
    /// What the body is.
    #[serde(flatten)]
    pub kind: ResponseKind,
}

/// What the body of a successful call is, and how the method returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseKind {
    /// No body: the method returns `()`.
    Empty,
    /// A typed body.
    Json {
        /// The body's type.
        ty: Ty,
    },
    /// The docs' response table was out of reach: the body is returned as raw JSON.
    Raw,
    /// An untyped batch: `Batch<RawJson, RawJson>`, the failures read from the raw response's
    /// top-level list field `failures_wire` (inferred from its successor).
    RawBatch {
        /// Wire name of the top-level list of failures.
        failures_wire: String,
    },
    /// A batch reporting per-item failures in a 200 body (`x-bss-partial-failures`):
    /// `Batch<ty, failure_ty>`, the failures read from the response field `failures_ident`.
    Batch {
        /// The response body's type.
        ty: Ty,
        /// Wire name of the list of failures.
        failures_wire: String,
        /// Field identifier of the list of failures.
        failures_ident: String,
        /// Type of one failure.
        failure_ty: Ty,
    },
}

impl ResponseKind {
    /// The response body's type, when there is one.
    pub fn body_ty(&self) -> Option<&Ty> {
        match self {
            ResponseKind::Json { ty } | ResponseKind::Batch { ty, .. } => Some(ty),
            ResponseKind::Empty | ResponseKind::Raw | ResponseKind::RawBatch { .. } => None,
        }
    }
}

/// Where a list's offset is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetAt {
    /// A query parameter.
    Query,
    /// A field of the required body.
    Body,
    /// A field of the optional body, created (empty) when the stream sets the offset.
    OptionalBody,
}

/// How a list operation pages, resolved against the request and response types.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// `list_customer_orders_pages`, the stream of pages.
    pub pages_fn: String,
    /// `list_customer_orders_items`, the stream of items.
    pub items_fn: String,
    /// Record offsets or page numbers.
    pub style: PageStyle,
    /// Where the offset is written.
    pub offset_at: OffsetAt,
    /// Identifier of the offset parameter or field.
    pub offset_ident: String,
    /// Type of the offset.
    pub offset_ty: Ty,
    /// The limit parameter or body field: wire name, identifier and documented maximum (a page
    /// shorter than a limit within the maximum is the last one).
    pub limit_wire: String,
    /// Identifier of the limit parameter or field.
    pub limit_ident: String,
    /// The documented largest limit.
    pub limit_max: Option<i64>,
    /// Identifier of the response field holding the items.
    pub items_ident: String,
    /// Type of one item.
    pub item_ty: Ty,
    /// The response field counting every match, when there is one.
    pub total: Option<PageTotal>,
}

/// The response field counting every match of a paged list.
#[derive(Debug, Clone, Serialize)]
pub struct PageTotal {
    /// Wire name.
    pub wire: String,
    /// Field identifier.
    pub ident: String,
    /// Its type.
    pub ty: Ty,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// Path parameters naming the caller's own account (v1.0 APIs): filled from the client's
/// account id when a call leaves them out.
pub const ACCOUNT_PARAMS: &[&str] = &["domain_id", "partner_id"];

impl Param {
    /// A path parameter the client can fill from its account id.
    pub fn is_account(&self) -> bool {
        self.location == Location::Path && ACCOUNT_PARAMS.contains(&self.wire.as_str()) && self.ty == Ty::String
    }
}

impl Location {
    /// The OpenAPI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Field identifier in the request struct.
    pub ident: String,
    /// Where it is sent.
    pub location: Location,
    /// Its type.
    pub ty: Ty,
    /// Required: a `new` argument, else an `Option`.
    pub required: bool,
    /// Documented constraints.
    pub constraints: Constraints,
    /// Doc paragraphs.
    pub doc: Vec<String>,
    /// Where the facts came from.
    pub sources: Sources,
}

/// The JSON body of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Its type (a model).
    pub ty: Ty,
    /// Required: the request struct holds it without `Option`.
    pub required: bool,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// Text.
    String,
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// Boolean.
    Bool,
    /// Exact decimal; `string_form` when the wire carries it as a JSON string.
    Decimal {
        /// The wire writes the amount as a JSON string.
        string_form: bool,
    },
    /// Any JSON value.
    Any,
    /// A list.
    Vec(Box<Ty>),
    /// A JSON object with string keys.
    Map(Box<Ty>),
    /// A generated model, by name.
    Model(String),
    /// A time sent in a request, in its documented text form (`x-bss-time`).
    Time(crate::spec::TimeKind),
    /// An open enum of documented values (`x-bss-values`): its name and wire type.
    Enum {
        /// Rust name.
        name: String,
        /// The scalar on the wire.
        raw: crate::values::EnumRaw,
    },
}

/// In the snapshot a type reads as Rust: `Vec<models::Item>`, `Decimal(string)` for a decimal
/// the wire carries as a string.
impl Serialize for Ty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.wire_rust())
    }
}

impl Ty {
    /// [`Ty::rust`] that also tells the two wire forms of a decimal apart.
    pub fn wire_rust(&self) -> String {
        match self {
            Ty::Decimal { string_form: true } => "Decimal(string)".into(),
            Ty::Vec(t) => format!("Vec<{}>", t.wire_rust()),
            Ty::Map(t) => format!("BTreeMap<String, {}>", t.wire_rust()),
            other => other.rust(),
        }
    }

    /// The Rust type as a user reads it (`Vec<models::Item>`), for reports and docs.
    pub fn rust(&self) -> String {
        match self {
            Ty::String => "String".into(),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::Bool => "bool".into(),
            Ty::Decimal { .. } => "Decimal".into(),
            Ty::Any => "RawJson".into(),
            Ty::Vec(t) => format!("Vec<{}>", t.rust()),
            Ty::Map(t) => format!("BTreeMap<String, {}>", t.rust()),
            Ty::Model(m) => format!("models::{m}"),
            Ty::Enum { name, .. } => format!("enums::{name}"),
            Ty::Time(kind) => kind.rust().to_string(),
        }
    }

    /// The type as the wire carries it: open enums as their scalar, through lists and maps.
    pub fn wire(&self) -> Ty {
        match self {
            Ty::Enum { raw, .. } => raw.ty(),
            Ty::Time(_) => Ty::String,
            Ty::Vec(t) => Ty::Vec(Box::new(t.wire())),
            Ty::Map(t) => Ty::Map(Box::new(t.wire())),
            other => other.clone(),
        }
    }

    /// The model this type refers to, through lists and maps.
    pub fn model(&self) -> Option<&str> {
        match self {
            Ty::Model(n) => Some(n),
            Ty::Vec(t) | Ty::Map(t) => t.model(),
            _ => None,
        }
    }
}

/// Documented constraints of a field or parameter, as the document writes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// `maxLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `minLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// `minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<serde_json::Number>,
    /// `maximum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<serde_json::Number>,
    /// `maxItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// `minItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// The documented values (`enum`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Value>,
    /// `pattern`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
}

/// A component schema, as a struct.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Rust name.
    pub name: String,
    /// The schema's name in the spec and the docs (`name` differs where `x-bss-rust-name` fixes
    /// a typo).
    pub schema: String,
    /// Doc paragraphs.
    pub doc: Vec<String>,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Sent in a request body (directly or nested): keeps the spec's `required`. Models only
    /// ever received have every field optional.
    pub sent: bool,
    /// Some field is required: `new` takes arguments and there is no `Default`.
    pub has_required: bool,
    /// Where the facts came from.
    pub sources: Sources,
}

/// A field of a model.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust identifier.
    pub ident: String,
    /// Its type (without the `Option`).
    pub ty: Ty,
    /// Required in the generated type (`T`, an argument of `new`), else `Option<T>`.
    pub required: bool,
    /// What the spec says, whether or not the generated type honours it (responses are lenient).
    pub spec_required: bool,
    /// Held in a `Box` (the field refers to its own model).
    pub boxed: bool,
    /// `#[serde(rename)]`: the wire name when it differs from the identifier.
    pub rename: Option<String>,
    /// `#[serde(with)]`: the decimal (de)serializer for exact amounts.
    pub serde_with: Option<String>,
    /// `x-bss-money`.
    pub money: bool,
    /// `x-bss-time`: the documented form of a time; a field of a model that is only sent
    /// becomes `Ty::Time`, one that is received stays text with a typed accessor.
    pub time: Option<crate::spec::TimeKind>,
    /// Documented constraints.
    pub constraints: Constraints,
    /// Doc paragraphs.
    pub doc: Vec<String>,
    /// Where the facts came from.
    pub sources: Sources,
}

/// An error code of the domain or a common one, as the error enum shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorCodeDef {
    /// The code (`CBC.0100`).
    pub code: String,
    /// The enum variant (`Cbc0100`).
    pub variant: String,
    /// Its usual HTTP status.
    pub status: u16,
    /// Our English meaning.
    pub message: String,
    /// The docs' Chinese text.
    pub message_zh: String,
    /// What kind of failure the code stands for (`huaweicloud_bss_core::CodeClass`).
    pub class: Option<CodeClass>,
}

fn code_def(code: &str, def: &crate::spec::ErrorCodeExt) -> ErrorCodeDef {
    ErrorCodeDef {
        code: code.to_string(),
        variant: code_variant(code),
        status: def.status,
        message: def.message.clone(),
        message_zh: def.message_zh.clone(),
        class: def.class,
    }
}

/// Reads `spec/common.json`: the codes every operation can return.
pub fn load_common(file: &str, text: &str) -> Result<BTreeMap<String, ErrorCodeDef>> {
    let codes = crate::spec::read_common(file, text).map_err(|p| anyhow!(crate::spec::Problems(p)))?;
    Ok(codes.iter().map(|(c, d)| (c.clone(), code_def(c, d))).collect())
}

/// JSON text exactly as the spec writes it (numbers keep their text), with its parsed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// The text as written.
    pub text: String,
    /// The parsed value.
    pub value: Value,
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match serde_json::value::RawValue::from_string(self.text.clone()) {
            Ok(raw) => raw.serialize(s),
            Err(_) => self.value.serialize(s),
        }
    }
}

/// A request/response sample of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// The page it was copied from; `None` when we wrote it.
    pub source: Option<String>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path with parameters filled in.
    pub path: String,
    /// Query pairs as written.
    pub query: Vec<(String, String)>,
    /// Headers the sample shows.
    pub headers: BTreeMap<String, String>,
    /// JSON body.
    pub body: Option<Json>,
    /// The response, when shown.
    pub response: Option<SampleResponse>,
    /// The request was written by us.
    pub request_written_by_us: bool,
    /// The response was written by us.
    pub response_written_by_us: bool,
    /// Parameters we added to a truncated doc request.
    pub completed_by_us: Vec<String>,
    /// Why a doc example breaks the docs' own constraints (the strict mock must reject it).
    pub outside_constraints: Option<String>,
    /// Copied from the China site's page of an operation another site shares unchanged: a doc
    /// sample, but not this site's (counted apart).
    pub from_china_site: bool,
}

/// Where a sample came from, as the reports count it (apart from each other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SampleOrigin {
    /// Request and response copied from this site's docs.
    Docs,
    /// Copied from the China site's page of an operation another site has unchanged.
    ChinaSiteDocs,
    /// One side copied, the other written by us.
    PartlyWritten,
    /// Both sides written by us.
    Written,
}

impl Sample {
    /// Where it came from.
    pub fn origin(&self) -> SampleOrigin {
        match (self.request_written_by_us, self.response_written_by_us) {
            (false, false) if self.from_china_site => SampleOrigin::ChinaSiteDocs,
            (false, false) => SampleOrigin::Docs,
            (true, true) => SampleOrigin::Written,
            _ => SampleOrigin::PartlyWritten,
        }
    }

    /// The request body as the spec writes it (compact, numbers verbatim).
    pub fn body_json(&self) -> Option<&str> {
        self.body.as_ref().map(|j| j.text.as_str())
    }
    /// The response body as the spec writes it (compact, numbers verbatim).
    pub fn response_json(&self) -> Option<&str> {
        self.response.as_ref()?.body.as_ref().map(|j| j.text.as_str())
    }
}

/// The response of a sample.
#[derive(Debug, Clone, Serialize)]
pub struct SampleResponse {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Option<Json>,
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

/// Reads one document: validates its extensions ([`crate::spec::read`]), builds the IR, runs the
/// lints ([`crate::lint`]). Every problem found is returned, not only the first.
pub fn load_domain(spec_file: &str, text: &str, common: &BTreeMap<String, ErrorCodeDef>) -> Result<Domain> {
    build(spec_file, text, common).map_err(|problems| anyhow!(crate::spec::Problems(problems)))
}

/// [`load_domain`] with the problems as data.
pub fn build(
    spec_file: &str,
    text: &str,
    common: &BTreeMap<String, ErrorCodeDef>,
) -> std::result::Result<Domain, Vec<Problem>> {
    build_with(spec_file, text, common, true)
}

/// [`build`], the lints optional: spec-diff reads an old revision that today's lints may refuse.
pub fn build_with(
    spec_file: &str,
    text: &str,
    common: &BTreeMap<String, ErrorCodeDef>,
    lints: bool,
) -> std::result::Result<Domain, Vec<Problem>> {
    let ext = crate::spec::read(spec_file, text)?;
    let problem = |operation: Option<&str>, path: &str, e: anyhow::Error| Problem {
        file: spec_file.to_string(),
        operation: operation.map(str::to_string),
        path: path.to_string(),
        message: format!("{e:#}"),
    };
    let domain = resolve(spec_file, text, &ext, common).map_err(|errs| {
        let mut problems: Vec<Problem> = errs
            .into_iter()
            .map(|(op, path, e)| problem(op.as_deref(), &path, e))
            .collect();
        problems.sort();
        problems
    })?;
    let problems = if lints {
        crate::lint::lint(&domain, text)
    } else {
        Vec::new()
    };
    if problems.is_empty() {
        Ok(domain)
    } else {
        Err(problems)
    }
}

type Located = (Option<String>, String, anyhow::Error);

fn at(op: Option<&str>, path: impl Into<String>) -> impl FnOnce(anyhow::Error) -> Located {
    let op = op.map(str::to_string);
    let path = path.into();
    move |e| (op, path, e)
}

fn resolve(
    spec_file: &str,
    text: &str,
    ext: &SpecExt,
    common_codes: &BTreeMap<String, ErrorCodeDef>,
) -> std::result::Result<Domain, Vec<Located>> {
    let one = |e: Located| vec![e];
    let api: OpenAPI = serde_json::from_str(text)
        .with_context(|| "not an OpenAPI 3.0 document".to_string())
        .map_err(at(None, ""))
        .map_err(one)?;
    let name = ext.doc.domain.clone();
    let schemas = api.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
    // OpenAPI 3.0 drops the siblings of a `$ref`; the spec puts a field's description there
    // anyway, so read it (and every constraint, with its exact number text) from the raw document.
    let raw: Value = serde_json::from_str(text).map_err(|e| vec![at(None, "")(e.into())])?;
    // Every problem is collected; a phase whose input is broken is not run.
    let mut errs: Vec<Located> = Vec::new();
    let resolver = Resolver {
        enums: Default::default(),
        schemas: &schemas,
        raw_schemas: &raw["components"]["schemas"],
        raw_paths: &raw["paths"],
        ext,
    };

    let mut models = BTreeMap::new();
    for (model_name, schema) in &schemas {
        let schema_at = format!("/components/schemas/{}", crate::spec::pointer_segment(model_name));
        if model_name == "BssError" || resolver.is_untyped(model_name) {
            continue;
        }
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { .. } => {
                errs.push(at(None, schema_at)(anyhow!(
                    "a component schema must not be a bare $ref"
                )));
                continue;
            }
        };
        match resolver.model(model_name, schema) {
            Ok(mut m) => {
                let rust = resolver.model_name(model_name);
                if rust != *model_name {
                    m.doc.push(format!("The API reference's schema `{model_name}`."));
                }
                m.schema = model_name.clone();
                m.name = rust.clone();
                if models.insert(rust.clone(), m).is_some() {
                    errs.push(at(None, schema_at)(anyhow!("two schemas have the Rust name {rust}")));
                }
            }
            Err(e) => errs.push(at(None, schema_at)(e)),
        }
    }

    let error_codes: BTreeMap<String, ErrorCodeDef> = ext
        .doc
        .error_codes
        .iter()
        .map(|(code, def)| (code.clone(), code_def(code, def)))
        .collect();
    for code in error_codes.keys().filter(|c| common_codes.contains_key(*c)) {
        errs.push(at(
            None,
            format!("/x-bss-error-codes/{}", crate::spec::pointer_segment(code)),
        )(anyhow!(
            "{code} is a common code (spec/common.json); remove it from x-bss-error-codes"
        )));
    }

    let mut operations = Vec::new();
    for (path, item) in &api.paths.paths {
        let item_at = format!("/paths/{}", crate::spec::pointer_segment(path));
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { .. } => {
                errs.push(at(None, item_at)(anyhow!("a path must not be a $ref")));
                continue;
            }
        };
        for (method, op) in item.iter() {
            let op_at = format!("{item_at}/{method}");
            let id = op.operation_id.as_deref();
            let Some(op_ext) = ext.operations.get(&(path.clone(), method.to_string())) else {
                errs.push(at(id, op_at)(anyhow!("extensions were not read")));
                continue;
            };
            let verbatim = ext
                .verbatim
                .get(&(path.clone(), method.to_string()))
                .map(Vec::as_slice)
                .unwrap_or_default();
            match resolver.operation(path, method, op, op_ext, verbatim) {
                Ok(o) => operations.push(o),
                Err(e) => errs.push(at(id, op_at)(e)),
            }
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));

    // Models only ever received are read leniently: every field optional, so a server that
    // omits a field never fails a call. Models sent in request bodies keep `required`.
    let sent = reachable(
        &models,
        operations.iter().filter_map(|o| o.body.as_ref()).map(|b| &b.ty),
    );
    // Models some response holds: their times stay text (decoding never fails on one).
    let received = reachable(&models, operations.iter().filter_map(|o| o.response.kind.body_ty()));
    for (name, model) in models.iter_mut() {
        model.sent = sent.contains(name);
        for f in &mut model.fields {
            if let (Some(kind), true, false) = (f.time, model.sent, received.contains(name)) {
                f.ty = Ty::Time(kind);
            }
            f.required = f.spec_required && model.sent;
            f.serde_with = decimal_with(&f.ty, f.required);
        }
        model.has_required = model.fields.iter().any(|f| f.required);
    }

    let fn_names: BTreeMap<String, String> = operations.iter().map(|o| (o.id.clone(), o.fn_name.clone())).collect();
    for op in &mut operations {
        let op_at = op_pointer(op);
        let op_ext = &ext.operations[&(op.path.clone(), op.method.as_str().to_ascii_lowercase())];
        if let Some(field) = &op_ext.partial_failures {
            match resolve_batch(&op.response.kind, field, &models) {
                Ok(kind) => op.response.kind = kind,
                Err(e) => errs.push(at(Some(&op.id), format!("{op_at}/x-bss-partial-failures"))(e)),
            }
        }
        if let Some(p) = &op_ext.pagination {
            match resolve_pagination(op, p, &models) {
                Ok(p) => op.pagination = Some(p),
                Err(e) => errs.push(at(Some(&op.id), format!("{op_at}/x-bss-pagination"))(e)),
            }
        }
        if let Some(r) = &op_ext.replacement {
            match fn_names.get(r) {
                Some(fn_name) => {
                    op.replacement = Some(Replacement {
                        id: r.clone(),
                        fn_name: fn_name.clone(),
                    })
                }
                None => errs.push(at(Some(&op.id), format!("{op_at}/x-bss-replacement"))(anyhow!(
                    "{} is replaced by {r}, which this domain lacks",
                    op.id
                ))),
            }
        }
        for (i, row) in op.errors.iter().enumerate() {
            if !error_codes.contains_key(&row.code) && !common_codes.contains_key(&row.code) {
                errs.push(at(Some(&op.id), format!("{op_at}/x-bss-errors/{i}/code"))(anyhow!(
                    "{} lists {}, which neither x-bss-error-codes nor spec/common.json has",
                    op.id,
                    row.code
                )));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for op in &operations {
        if !seen.insert(op.fn_name.clone()) {
            errs.push(at(Some(&op.id), op_pointer(op))(anyhow!(
                "two operations map to the method name {}",
                op.fn_name
            )));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let _ = spec_file;
    let enums = match resolver.enums.into_inner().finish(&models) {
        Ok(e) => e,
        Err(e) => return Err(vec![at(None, "")(e)]),
    };
    let site = ext.doc.site;
    let prefix = site.crate_prefix();
    let mut domain = Domain {
        enums,
        site,
        key: format!("{prefix}{name}").replace('-', "_"),
        crate_name: format!("huaweicloud-bss-{prefix}{name}"),
        crate_ident: format!("huaweicloud_bss_{prefix}{name}").replace('-', "_"),
        error_enum: format!("{}ErrorCode", name.to_upper_camel_case()),
        name,
        spec_file: spec_file.to_string(),
        title: api.info.title.clone(),
        description: api.info.description.clone().unwrap_or_default(),
        operations,
        models,
        error_codes,
        common_codes: common_codes.clone(),
    };
    let usage: Vec<(String, String)> = domain
        .models
        .values()
        .map(|m| (m.name.clone(), usage_doc(&domain, m)))
        .collect();
    for (name, line) in usage {
        domain.models.get_mut(&name).expect("listed above").doc.push(line);
    }
    Ok(domain)
}

/// The models reachable from `roots` through fields, lists and maps.
fn reachable<'t>(models: &BTreeMap<String, Model>, roots: impl Iterator<Item = &'t Ty>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.filter_map(|t| t.model().map(str::to_string)).collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if let Some(m) = models.get(&name) {
                stack.extend(m.fields.iter().filter_map(|f| f.ty.model().map(str::to_string)));
            }
        }
    }
    seen
}

/// The JSON pointer of an operation in its document.
pub fn op_pointer(op: &Operation) -> String {
    format!(
        "/paths/{}/{}",
        crate::spec::pointer_segment(&op.path),
        op.method.as_str().to_ascii_lowercase()
    )
}

fn decimal_with(ty: &Ty, required: bool) -> Option<String> {
    let Ty::Decimal { string_form } = ty else { return None };
    Some(
        match (required, string_form) {
            (true, false) => "huaweicloud_bss_core::decimal::number",
            (true, true) => "huaweicloud_bss_core::decimal::string",
            (false, false) => "huaweicloud_bss_core::decimal::option_number",
            (false, true) => "huaweicloud_bss_core::decimal::option_string",
        }
        .to_string(),
    )
}

/// Where a model is used: the operations it is the body or the response of, else the fields
/// that hold it. Gives every model a doc line that helps a reader navigate.
fn usage_doc(domain: &Domain, m: &Model) -> String {
    let is = |ty: Option<&Ty>| ty.and_then(Ty::model) == Some(m.name.as_str());
    let mut uses: Vec<String> = Vec::new();
    for op in &domain.operations {
        if is(op.response.kind.body_ty()) {
            uses.push(format!(
                "the response of [`Client::{0}`](crate::Client::{0})",
                op.fn_name
            ));
        }
        if is(op.body.as_ref().map(|b| &b.ty)) {
            uses.push(format!(
                "the request body of [`Client::{0}`](crate::Client::{0})",
                op.fn_name
            ));
        }
    }
    if uses.is_empty() {
        for parent in domain.models.values() {
            for f in &parent.fields {
                if f.ty.model() == Some(m.name.as_str()) && uses.len() < 3 {
                    uses.push(format!("[`{}`]`.{}`", parent.name, f.wire));
                }
            }
        }
        return if uses.is_empty() {
            format!("The `{}` object.", m.name)
        } else {
            format!("Held by {}.", uses.join(", "))
        };
    }
    let mut text = uses[0].clone();
    text[..1].make_ascii_uppercase();
    if uses.len() > 1 {
        text = format!("{text}; also {}", uses[1..].join(", "));
    }
    format!("{text}.")
}

struct Resolver<'a> {
    enums: std::cell::RefCell<crate::values::EnumTable>,
    schemas: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    raw_schemas: &'a Value,
    raw_paths: &'a Value,
    ext: &'a SpecExt,
}

impl Resolver<'_> {
    /// The Rust name of a schema: its `x-bss-rust-name`, else the schema's own.
    fn model_name(&self, schema: &str) -> String {
        self.ext
            .schemas
            .get(schema)
            .and_then(|s| s.rust_name.clone())
            .unwrap_or_else(|| schema.to_string())
    }

    fn is_untyped(&self, name: &str) -> bool {
        self.ext.schemas.get(name).is_some_and(|s| s.untyped.is_some())
    }

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
            Some(_) if self.is_untyped(name) => Ok(Ty::Any),
            Some(_) => Ok(Ty::Model(self.model_name(name))),
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
            let raw = &self.raw_schemas[name]["properties"][wire];
            let field_ext = self.ext.fields.get(&(name.to_string(), wire.clone()));
            let ty = match field_ext.and_then(|f| f.values.as_ref()) {
                Some(values) => self
                    .enums
                    .borrow_mut()
                    .resolve(ty, values, &format!("{name}.{wire}"))
                    .with_context(|| format!("field {wire}"))?,
                None => ty,
            };
            let money = field_ext.is_some_and(|f| f.money.is_some());
            let time = field_ext.and_then(|f| f.time);
            if time.is_some() && ty != Ty::String {
                bail!("field {wire}: x-bss-time on a field of type {}", ty.rust());
            }
            let sources = field_ext
                .and_then(|f| f.sources.as_ref())
                .map(crate::spec::SourcesExt::to_map)
                .unwrap_or_default();
            let constraints = constraints(raw);
            let doc = match prop {
                ReferenceOr::Item(_) => field_doc(raw, &constraints, money),
                ReferenceOr::Reference { .. } => raw["description"]
                    .as_str()
                    .map(|d| vec![d.to_string()])
                    .unwrap_or_default(),
            };
            let bare = ident.trim_start_matches("r#");
            fields.push(Field {
                wire: wire.clone(),
                rename: (bare != wire).then(|| wire.clone()),
                boxed: ty == Ty::Model(self.model_name(name)),
                ident,
                ty,
                required: required.contains(wire),
                spec_required: required.contains(wire),
                serde_with: None,
                money,
                time,
                constraints,
                doc,
                sources,
            });
        }
        let mut doc = Vec::new();
        if let Some(d) = &s.schema_data.description {
            doc.push(d.clone());
        }
        Ok(Model {
            name: name.to_string(),
            schema: name.to_string(),
            doc,
            fields,
            sent: false,
            has_required: false,
            sources: self
                .ext
                .schemas
                .get(name)
                .and_then(|s| s.sources.as_ref())
                .map(crate::spec::SourcesExt::to_map)
                .unwrap_or_default(),
        })
    }

    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        ext: &OperationExt,
        verbatim: &[crate::spec::VerbatimBodies],
    ) -> Result<Operation> {
        let id = op
            .operation_id
            .clone()
            .ok_or_else(|| anyhow!("operationId is missing"))?;
        let http = HttpMethod::parse(method).ok_or_else(|| anyhow!("unsupported method {method}"))?;
        let raw_op = self.raw_op(path, method);
        let mut params = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let p = match p {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { .. } => bail!("parameter $refs are not supported"),
            };
            let (data, location) = match p {
                Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
                Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
                Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header),
                Parameter::Cookie { .. } => bail!("cookie parameters are not supported"),
            };
            let raw_schema = &raw_op["parameters"][i]["schema"];
            let constraints = constraints(raw_schema);
            let (ty, doc) = match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                    (self.ty(s)?, field_doc(raw_schema, &constraints, false))
                }
                ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                    (self.named(reference)?, vec![])
                }
                ParameterSchemaOrContent::Content(_) => bail!("parameter content is not supported"),
            };
            if matches!(ty, Ty::Model(_) | Ty::Map(_) | Ty::Any) {
                bail!("parameter {} must be a scalar or a list", data.name);
            }
            let param_ext = self
                .ext
                .parameters
                .get(&(path.to_string(), method.to_string(), data.name.clone()));
            let ty = match param_ext.and_then(|p| p.time) {
                Some(_) if ty != Ty::String => bail!("parameter {}: x-bss-time on a non-string", data.name),
                Some(kind) => Ty::Time(kind),
                None => ty,
            };
            let ty = match param_ext.and_then(|p| p.values.as_ref()) {
                Some(values) => self
                    .enums
                    .borrow_mut()
                    .resolve(
                        ty,
                        values,
                        &format!("{}({})", op.operation_id.as_deref().unwrap_or(path), data.name),
                    )
                    .with_context(|| format!("parameter {}", data.name))?,
                None => ty,
            };
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
                constraints,
                doc: doc_lines,
                sources: param_ext
                    .and_then(|p| p.sources.as_ref())
                    .map(crate::spec::SourcesExt::to_map)
                    .unwrap_or_default(),
            });
        }
        let body = match &op.request_body {
            None => None,
            Some(ReferenceOr::Item(b)) => {
                let media = b
                    .content
                    .get("application/json")
                    .ok_or_else(|| anyhow!("body must be JSON"))?;
                let schema = media.schema.as_ref().ok_or_else(|| anyhow!("body without schema"))?;
                let ty = match schema {
                    ReferenceOr::Reference { reference } => self.named(reference)?,
                    ReferenceOr::Item(s) => self.ty(s)?,
                };
                Some(Body {
                    ty,
                    required: b.required,
                })
            }
            Some(ReferenceOr::Reference { .. }) => bail!("requestBody $refs are not supported"),
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
                ReferenceOr::Reference { .. } => bail!("the success response must be inline"),
            };
            let ty = match resp.content.get("application/json").and_then(|m| m.schema.as_ref()) {
                Some(ReferenceOr::Reference { reference }) => Some(self.named(reference)?),
                Some(ReferenceOr::Item(s)) => Some(self.ty(s)?),
                None => None,
            };
            if success.is_some() {
                bail!("more than one success response");
            }
            success = Some(Response {
                status: code,
                kind: match ty {
                    None => ResponseKind::Empty,
                    Some(Ty::Any) => ResponseKind::Raw,
                    Some(ty) => ResponseKind::Json { ty },
                },
            });
        }
        let response = success.ok_or_else(|| anyhow!("no success response"))?;
        let errors = ext
            .errors
            .iter()
            .map(|e| ErrorRow {
                code: e.code.clone(),
                variant: code_variant(&e.code),
                status: e.status,
                inferred: e.inferred,
            })
            .collect();
        let mut samples = Vec::new();
        for (i, s) in ext.samples.iter().enumerate() {
            let (req_text, resp_text) = verbatim.get(i).cloned().unwrap_or_default();
            let json = |value: &Option<Value>, text: Option<String>| {
                value.as_ref().map(|v| Json {
                    text: text.unwrap_or_else(|| v.to_string()),
                    value: v.clone(),
                })
            };
            samples.push(Sample {
                source: s.source.clone(),
                method: HttpMethod::parse(&s.request.method)
                    .ok_or_else(|| anyhow!("x-bss-samples/{i}: unknown method {}", s.request.method))?,
                path: s.request.path.clone(),
                query: s.request.query.clone(),
                headers: s.request.headers.clone(),
                body: json(&s.request.body, req_text),
                response: s.response.as_ref().map(|r| SampleResponse {
                    status: r.status,
                    body: json(&r.body, resp_text),
                }),
                request_written_by_us: s.request_written_by_us,
                response_written_by_us: s.response_written_by_us,
                completed_by_us: s.completed_by_us.clone().unwrap_or_default(),
                outside_constraints: s.outside_constraints.clone(),
                from_china_site: self.ext.doc.site != crate::spec::SiteName::China
                    && s.source
                        .as_deref()
                        .is_some_and(|u| !u.contains("/intl/") && !u.contains("/eu/")),
            });
        }
        let rust = ext.rust_name.clone().unwrap_or_else(|| id.clone());
        let fn_name = rust.to_snake_case();
        Ok(Operation {
            request_type: format!("{rust}Request"),
            static_name: fn_name.to_uppercase(),
            fn_name,
            method: http,
            path: path.to_string(),
            doc_path: ext.doc_path.clone(),
            summary: op.summary.clone().unwrap_or_default(),
            description: op.description.clone(),
            title_zh: ext.title_zh.clone(),
            references: ext
                .references
                .iter()
                .map(|r| Reference {
                    reference: r.reference,
                    url: r.url.clone(),
                })
                .collect(),
            callers: ext.callers.clone(),
            idempotent: ext.idempotent,
            rate_limit: ext.rate_limit,
            deprecated: op.deprecated,
            replacement: None,
            localized: params
                .iter()
                .any(|p| p.location == Location::Header && p.wire.eq_ignore_ascii_case("X-Language")),
            params,
            body,
            response,
            errors,
            samples,
            pagination: None,
            incomplete: ext.incomplete.clone(),
            write_without_body: ext.write_without_body.clone(),
            site_differences: ext.site_differences.clone(),
            sources: ext.sources.to_map(),
            id,
        })
    }

    fn raw_op(&self, path: &str, method: &str) -> &Value {
        &self.raw_paths[path][method]
    }
}

fn resolve_batch(kind: &ResponseKind, field: &str, models: &BTreeMap<String, Model>) -> Result<ResponseKind> {
    if *kind == ResponseKind::Raw {
        return Ok(ResponseKind::RawBatch {
            failures_wire: field.to_string(),
        });
    }
    let ResponseKind::Json {
        ty: ty @ Ty::Model(resp),
    } = kind
    else {
        bail!("partial failures need a model response")
    };
    let f = models[resp]
        .fields
        .iter()
        .find(|f| f.wire == field)
        .ok_or_else(|| anyhow!("the response lacks {field}"))?;
    let Ty::Vec(item) = &f.ty else {
        bail!("{field} is not a list")
    };
    Ok(ResponseKind::Batch {
        ty: ty.clone(),
        failures_wire: f.wire.clone(),
        failures_ident: f.ident.clone(),
        failure_ty: (**item).clone(),
    })
}

fn resolve_pagination(
    op: &Operation,
    raw: &crate::spec::PaginationExt,
    models: &BTreeMap<String, Model>,
) -> Result<Pagination> {
    let offset = &raw.offset;
    let (offset_at, offset_ident, offset_ty, (limit_ident, limit_ty, limit_max)) = match raw.location {
        crate::spec::PageIn::Body => {
            let body = op.body.as_ref().ok_or_else(|| anyhow!("a body offset needs a body"))?;
            let Ty::Model(name) = &body.ty else {
                bail!("the body is not a model")
            };
            if !body.required && models[name].has_required {
                bail!("an optional body with required fields cannot be created by the stream");
            }
            let f = models[name]
                .fields
                .iter()
                .find(|f| f.wire == *offset)
                .ok_or_else(|| anyhow!("the body lacks {offset}"))?;
            let limit = models[name]
                .fields
                .iter()
                .find(|f| f.wire == raw.limit)
                .ok_or_else(|| anyhow!("the body lacks the limit {}", raw.limit))?;
            let at = if body.required {
                OffsetAt::Body
            } else {
                OffsetAt::OptionalBody
            };
            (
                at,
                f.ident.clone(),
                f.ty.clone(),
                (limit.ident.clone(), limit.ty.clone(), limit.constraints.maximum.clone()),
            )
        }
        crate::spec::PageIn::Query => {
            let p = op
                .params
                .iter()
                .find(|p| p.wire == *offset && !p.required)
                .ok_or_else(|| anyhow!("no optional parameter {offset}"))?;
            let limit = op
                .params
                .iter()
                .find(|p| p.wire == raw.limit)
                .ok_or_else(|| anyhow!("no parameter {} (the limit)", raw.limit))?;
            (
                OffsetAt::Query,
                p.ident.clone(),
                p.ty.clone(),
                (limit.ident.clone(), limit.ty.clone(), limit.constraints.maximum.clone()),
            )
        }
    };
    if !matches!(offset_ty, Ty::I32 | Ty::I64) {
        bail!("the offset must be an integer");
    }
    if !matches!(limit_ty, Ty::I32 | Ty::I64) {
        bail!("the limit {} must be an integer", raw.limit);
    }
    let Some(Ty::Model(resp)) = op.response.kind.body_ty() else {
        bail!("the response is not a model")
    };
    let resp = &models[resp];
    let items_field = resp
        .fields
        .iter()
        .find(|f| f.wire == raw.items)
        .ok_or_else(|| anyhow!("the response lacks {}", raw.items))?;
    let Ty::Vec(item_ty) = &items_field.ty else {
        bail!("{} is not a list", raw.items)
    };
    let total = match &raw.total {
        None => None,
        Some(t) => {
            let f = resp
                .fields
                .iter()
                .find(|f| f.wire == *t)
                .ok_or_else(|| anyhow!("the response lacks the total {t}"))?;
            if !matches!(f.ty, Ty::I32 | Ty::I64) {
                bail!("the total {t} must be an integer");
            }
            Some(PageTotal {
                wire: f.wire.clone(),
                ident: f.ident.clone(),
                ty: f.ty.clone(),
            })
        }
    };
    Ok(Pagination {
        pages_fn: format!("{}_pages", op.fn_name),
        items_fn: format!("{}_items", op.fn_name),
        style: raw.style,
        offset_at,
        offset_ident,
        offset_ty,
        limit_wire: raw.limit.clone(),
        limit_ident,
        limit_max: limit_max.and_then(|m| m.as_i64()),
        items_ident: items_field.ident.clone(),
        item_ty: (**item_ty).clone(),
        total,
    })
}

/// The documented constraints of a schema node, numbers as written.
fn constraints(raw: &Value) -> Constraints {
    let num = |k: &str| match raw.get(k) {
        Some(Value::Number(n)) => Some(n.clone()),
        _ => None,
    };
    let u = |k: &str| raw.get(k).and_then(Value::as_u64);
    let values = || -> Vec<Value> {
        raw.get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|v| !v.is_null()).cloned().collect())
            .unwrap_or_default()
    };
    let mut c = Constraints {
        pattern: raw.get("pattern").and_then(Value::as_str).map(str::to_string),
        default: raw.get("default").cloned(),
        ..Constraints::default()
    };
    // Each constraint where it applies; a list's items carry theirs up to the list.
    match raw.get("type").and_then(Value::as_str) {
        Some("string") => {
            c.max_length = u("maxLength");
            c.min_length = u("minLength");
            c.values = values();
        }
        Some("integer") => {
            c.minimum = num("minimum");
            c.maximum = num("maximum");
            c.values = values();
        }
        Some("number") => {
            c.minimum = num("minimum");
            c.maximum = num("maximum");
        }
        Some("array") => {
            let items = &raw["items"];
            if items.get("$ref").is_none() {
                let inner = constraints(items);
                c.max_length = inner.max_length;
                c.min_length = inner.min_length;
                c.minimum = inner.minimum;
                c.maximum = inner.maximum;
                c.values = inner.values;
            }
            c.max_items = u("maxItems");
            c.min_items = u("minItems");
        }
        _ => {}
    }
    c
}

/// Doc lines for a field or parameter: its description and its documented constraints.
fn field_doc(raw: &Value, c: &Constraints, money: bool) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(d) = raw.get("description").and_then(Value::as_str) {
        doc.push(d.to_string());
    }
    let ty = raw.get("type").and_then(Value::as_str);
    let mut facts = Vec::new();
    let values = || {
        let vals: Vec<String> = c
            .values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            })
            .collect();
        format!("documented values: {}", vals.join(", "))
    };
    match ty {
        Some("string") => {
            if let Some(m) = c.max_length {
                facts.push(format!("max length {m}"));
            }
            if let Some(m) = c.min_length {
                facts.push(format!("min length {m}"));
            }
            if !c.values.is_empty() {
                facts.push(values());
            }
        }
        Some("integer") => {
            match (&c.minimum, &c.maximum) {
                (Some(a), Some(b)) => facts.push(format!("range {a}..={b}")),
                (Some(a), None) => facts.push(format!("minimum {a}")),
                (None, Some(b)) => facts.push(format!("maximum {b}")),
                (None, None) => {}
            }
            if !c.values.is_empty() {
                facts.push(values());
            }
        }
        _ => {}
    }
    if let Some(d) = &c.default {
        facts.push(format!("default `{}`", default_text(d)));
    }
    if money {
        facts.push("money amount, exact decimal".into());
    }
    if !facts.is_empty() {
        let mut line = facts.join("; ");
        line[..1].make_ascii_uppercase();
        doc.push(format!("{line}."));
    }
    doc
}

/// A default as openapiv3 printed it before (`serde_json::Value`'s `Display`).
fn default_text(v: &Value) -> String {
    v.to_string()
}
