//! The typed model of our `x-bss-*` extensions, and its validation.
//!
//! OpenAPI itself is read by `openapiv3`; every extension we define is read here, into structures
//! that reject unknown keys and wrong types and have no defaults: a misspelt key or a missing
//! provenance flag is an error, never a silent fallback. [`read`] walks every place an extension
//! may appear, collects every problem (file, operation, JSON path, what is wrong) and fails with
//! all of them at once.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

/// One thing wrong with a spec document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `spec/orders.json`
    pub file: String,
    /// The `operationId` when the problem is inside an operation.
    pub operation: Option<String>,
    /// A JSON pointer into the document (`/paths/~1v2~1orders/get/x-bss-samples/0`).
    pub path: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(op) = &self.operation {
            write!(f, ": {op}")?;
        }
        write!(
            f,
            ": {}: {}",
            if self.path.is_empty() { "/" } else { &self.path },
            self.message
        )
    }
}

/// Every problem found, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the spec:", self.0.len())?;
        for p in &self.0 {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Escapes one JSON-pointer segment (`/` → `~1`, `~` → `~0`).
pub fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------------
// The extensions

/// `info.x-bss-domain` and the document-level `x-bss-error-codes`.
#[derive(Debug, Clone)]
pub struct DocExt {
    /// `info.x-bss-domain`: the domain's name (crate `huaweicloud-bss-<domain>`).
    pub domain: String,
    /// `info.x-bss-site`: the site whose API the document describes (China when absent).
    pub site: SiteName,
    /// The domain's own error codes.
    pub error_codes: BTreeMap<String, ErrorCodeExt>,
}

/// A Huawei Cloud site with its own BSS API: `info.x-bss-site`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteName {
    /// `https://bss.myhuaweicloud.com` (the default).
    #[default]
    China,
    /// `https://bss-intl.myhuaweicloud.com`, whose API the European site shares.
    International,
}

impl SiteName {
    /// Every site, China first.
    pub const ALL: [SiteName; 2] = [SiteName::China, SiteName::International];

    /// The folder of its spec documents: `spec`, `spec/intl`.
    pub fn folder(self) -> &'static str {
        match self {
            SiteName::China => "spec",
            SiteName::International => "spec/intl",
        }
    }

    /// What its crate names, features and folders start with: ``, `intl-`.
    pub fn crate_prefix(self) -> &'static str {
        match self {
            SiteName::China => "",
            SiteName::International => "intl-",
        }
    }

    /// The variant of `huaweicloud_bss_core::SiteApi` its operations belong to.
    pub fn runtime_api(self) -> &'static str {
        match self {
            SiteName::China => "China",
            SiteName::International => "International",
        }
    }
}

/// One entry of `x-bss-error-codes` (a domain's, or `spec/common.json`'s).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCodeExt {
    /// The HTTP status the code usually comes with.
    pub status: u16,
    /// Our English meaning.
    pub message: String,
    /// The docs' Chinese text.
    pub message_zh: String,
    /// What kind of failure the code stands for, where known.
    #[serde(default)]
    pub class: Option<CodeClass>,
    /// The page the code was read from, where it is not the operation's own.
    #[serde(default)]
    pub source: Option<String>,
}

/// The kind of failure a code stands for: `huaweicloud_bss_core::CodeClass`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeClass {
    /// Flow control: wait and retry.
    Throttling,
    /// A quota is used up: retrying does not help.
    QuotaExhausted,
    /// A passing failure on the service's side: may be retried where that is safe.
    Transient,
    /// Authentication failed.
    Auth,
    /// Authenticated, but not allowed.
    Permission,
    /// The thing asked for does not exist.
    NotFound,
    /// The request itself is wrong.
    InvalidRequest,
}

impl CodeClass {
    /// The variant name of `huaweicloud_bss_core::CodeClass`.
    pub fn variant(self) -> &'static str {
        match self {
            CodeClass::Throttling => "Throttling",
            CodeClass::QuotaExhausted => "QuotaExhausted",
            CodeClass::Transient => "Transient",
            CodeClass::Auth => "Auth",
            CodeClass::Permission => "Permission",
            CodeClass::NotFound => "NotFound",
            CodeClass::InvalidRequest => "InvalidRequest",
        }
    }
}

/// `spec/common.json`: the codes every operation can return (not an OpenAPI document).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonDoc {
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(rename = "x-bss-error-codes")]
    error_codes: serde_json::Map<String, Value>,
}

/// Reads and validates `spec/common.json`; every bad entry is a problem.
pub fn read_common(file: &str, text: &str) -> Result<BTreeMap<String, ErrorCodeExt>, Vec<Problem>> {
    let mut r = Reader {
        file,
        problems: Vec::new(),
    };
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            r.problem(None, String::new(), format!("not JSON: {e}"));
            return Err(r.problems);
        }
    };
    let mut out = BTreeMap::new();
    if let Some(doc) = r.typed::<CommonDoc>(&root, "", None) {
        for (code, v) in &doc.error_codes {
            let at = format!("/x-bss-error-codes/{}", pointer_segment(code));
            if let Some(def) = r.typed::<ErrorCodeExt>(v, &at, None) {
                out.insert(code.clone(), def);
            }
        }
    }
    if r.problems.is_empty() {
        Ok(out)
    } else {
        Err(r.problems)
    }
}

/// Who may call an operation (`x-bss-callers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Caller {
    /// A customer account (`api-oce`).
    Customer,
    /// A partner (`api-bpconsole`).
    Partner,
    /// The master account of an enterprise multi-account set-up.
    EnterpriseMaster,
    /// An indirect (second-tier) partner.
    IndirectPartner,
}

impl Caller {
    /// The spec's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Caller::Customer => "customer",
            Caller::Partner => "partner",
            Caller::EnterpriseMaster => "enterprise_master",
            Caller::IndirectPartner => "indirect_partner",
        }
    }
}

/// Which of the two API references documents an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocReference {
    /// The customer reference (客户运营能力).
    #[serde(rename = "api-oce")]
    ApiOce,
    /// The partner reference (合作伙伴运营能力).
    #[serde(rename = "api-bpconsole")]
    ApiBpconsole,
}

impl DocReference {
    /// The reference's path segment on support.huaweicloud.com.
    pub fn as_str(self) -> &'static str {
        match self {
            DocReference::ApiOce => "api-oce",
            DocReference::ApiBpconsole => "api-bpconsole",
        }
    }
}

/// One entry of `x-bss-references`: a doc page of the operation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceExt {
    /// Which reference the page belongs to.
    pub reference: DocReference,
    /// The page's address.
    pub url: String,
}

/// One row of `x-bss-errors`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRowExt {
    /// The documented code.
    pub code: String,
    /// The HTTP status it comes with (200 for a business error in a 200 body).
    pub status: u16,
    /// Provenance: true when the page's own table was not reached for this row.
    pub inferred: bool,
}

/// How a list counts its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageStyle {
    /// Offsets count records from 0 (v2 APIs).
    RecordOffset,
    /// Offsets are page numbers from 1 (v1.0 APIs).
    PageNumber,
}

/// Where the offset and limit go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageIn {
    /// Query parameters.
    Query,
    /// Fields of the JSON body.
    Body,
}

/// `x-bss-pagination`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationExt {
    /// Record offsets or page numbers.
    pub style: PageStyle,
    /// Where the offset and limit go.
    #[serde(rename = "in")]
    pub location: PageIn,
    /// Wire name of the offset.
    pub offset: String,
    /// Wire name of the limit.
    pub limit: String,
    /// Response field holding the page's items.
    pub items: String,
    /// The response field with the total count of matching items; `null` when the response has
    /// none (the stream then ends at an empty page).
    #[serde(deserialize_with = "nullable")]
    pub total: Option<String>,
}

/// `x-bss-sources`: where the facts of an operation, schema, field or parameter came from.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesExt {
    /// Where the shape came from: the SDK version, or `docs ...` for what the SDK lacks.
    pub shape: Option<String>,
    /// Where the error rows came from.
    pub errors: Option<String>,
    /// Why the spec differs from the SDK here.
    pub sdk_disagreement: Option<String>,
    /// Why the wire type differs from the SDK's.
    pub wire_form: Option<String>,
    /// Where the doc pages came from, when not the site's own.
    pub references: Option<String>,
    /// Where the callers came from, when not the site's own page.
    pub callers: Option<String>,
    /// Where the quota came from, when not the site's own page.
    pub rate_limit: Option<String>,
}

impl SourcesExt {
    /// As a map (`shape`, `errors`, ...), the keys present only.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        [
            ("shape", &self.shape),
            ("errors", &self.errors),
            ("sdk_disagreement", &self.sdk_disagreement),
            ("wire_form", &self.wire_form),
            ("references", &self.references),
            ("callers", &self.callers),
            ("rate_limit", &self.rate_limit),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v.clone()?)))
        .collect()
    }
}

/// `x-bss-incomplete`: the docs did not show this side of the operation in full; why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncompleteExt {
    /// Why the request side is incomplete, if it is.
    pub request: Option<String>,
    /// Why the response side is incomplete, if it is.
    pub response: Option<String>,
}

/// `x-bss-site-differences`: how an operation both sites have differs on this site from the
/// China site's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDifferencesExt {
    /// Fields and parameters that differ.
    pub fields: Vec<FieldDifference>,
    /// What the site's pages say differs, in our words.
    pub notes: Vec<String>,
}

/// One field or parameter that differs between the sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDifference {
    /// `query`, `path`, `header`, `body` or `response`.
    #[serde(rename = "in")]
    pub location: String,
    /// The wire name, with its parents (`data[].next_operation_policy`).
    pub field: String,
    /// How it differs.
    pub change: FieldChange,
}

/// How a field differs between the sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldChange {
    /// Only the China site has it.
    ChinaOnly,
    /// Only this site has it.
    IntlOnly,
    /// Required here, optional on the China site.
    RequiredHere,
    /// Optional here, required on the China site.
    OptionalHere,
}

/// One entry of `x-bss-samples`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleExt {
    /// The page the sample was copied from, `null` when we wrote it.
    #[serde(deserialize_with = "nullable")]
    pub source: Option<String>,
    /// The request as the docs (or we) wrote it.
    pub request: SampleRequestExt,
    /// The response, when the sample shows one.
    #[serde(deserialize_with = "nullable")]
    pub response: Option<SampleResponseExt>,
    /// The request was written by us from the documented fields.
    pub request_written_by_us: bool,
    /// The response was written by us from the documented fields.
    pub response_written_by_us: bool,
    /// Parameters we added to a truncated doc request.
    #[serde(default)]
    pub completed_by_us: Option<Vec<String>>,
    /// Why a doc example breaks the docs' own constraints (the field first): the strict mock
    /// must reject it.
    #[serde(default)]
    pub outside_constraints: Option<String>,
}

/// The request of a sample.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleRequestExt {
    /// HTTP method.
    pub method: String,
    /// Path with the parameters filled in.
    pub path: String,
    /// Query pairs in the order written.
    pub query: Vec<(String, String)>,
    /// Headers the sample shows.
    pub headers: BTreeMap<String, String>,
    /// JSON body, `null` when there is none.
    #[serde(deserialize_with = "nullable")]
    pub body: Option<Value>,
}

/// The response of a sample.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleResponseExt {
    /// HTTP status.
    pub status: u16,
    /// JSON body, `null` when there is none.
    #[serde(deserialize_with = "nullable")]
    pub body: Option<Value>,
}

/// Every extension of one operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationExt {
    /// `x-bss-title-zh`: the docs' Chinese title.
    #[serde(rename = "x-bss-title-zh")]
    pub title_zh: String,
    /// `x-bss-references`: the doc pages.
    #[serde(rename = "x-bss-references")]
    pub references: Vec<ReferenceExt>,
    /// `x-bss-callers`: who may call it.
    #[serde(rename = "x-bss-callers")]
    pub callers: Vec<Caller>,
    /// `x-bss-idempotent`: safe to send twice.
    #[serde(rename = "x-bss-idempotent")]
    pub idempotent: bool,
    /// `x-bss-rate-limit`: calls per second.
    #[serde(rename = "x-bss-rate-limit")]
    pub rate_limit: u32,
    /// `x-bss-errors`: the documented codes.
    #[serde(rename = "x-bss-errors")]
    pub errors: Vec<ErrorRowExt>,
    /// `x-bss-samples`: request/response examples.
    #[serde(rename = "x-bss-samples")]
    pub samples: Vec<SampleExt>,
    /// `x-bss-sources`: provenance.
    #[serde(rename = "x-bss-sources")]
    pub sources: SourcesExt,
    /// `x-bss-replacement`: the operation that replaces a deprecated one.
    #[serde(rename = "x-bss-replacement", default)]
    pub replacement: Option<String>,
    /// `x-bss-doc-path`: the path as the docs print it.
    #[serde(rename = "x-bss-doc-path", default)]
    pub doc_path: Option<String>,
    /// `x-bss-pagination`: how the list pages.
    #[serde(rename = "x-bss-pagination", default)]
    pub pagination: Option<PaginationExt>,
    /// `x-bss-partial-failures`: the response field listing failed items.
    #[serde(rename = "x-bss-partial-failures", default)]
    pub partial_failures: Option<String>,
    /// `x-bss-incomplete`: what the docs did not show in full.
    #[serde(rename = "x-bss-incomplete", default)]
    pub incomplete: Option<IncompleteExt>,
    /// A state-changing call that sends no body, and why that is right.
    #[serde(rename = "x-bss-write-without-body", default)]
    pub write_without_body: Option<String>,
    /// `x-bss-site-differences`: how the operation differs from the China site's (another
    /// site's documents only).
    #[serde(rename = "x-bss-site-differences", default)]
    pub site_differences: Option<SiteDifferencesExt>,
    /// `x-bss-rust-name`: the Rust name (UpperCamelCase, as an `operationId`) where the official
    /// id carries a typo; the docs' id stays in the rustdoc.
    #[serde(rename = "x-bss-rust-name", default)]
    pub rust_name: Option<String>,
}

/// The extensions of a component schema.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaExt {
    /// `x-bss-sources`: provenance of the schema.
    #[serde(rename = "x-bss-sources", default)]
    pub sources: Option<SourcesExt>,
    /// The docs' table was out of reach: the value stays JSON.
    #[serde(rename = "x-bss-untyped", default)]
    pub untyped: Option<True>,
    /// `x-bss-rust-name`: the Rust name, where the schema's name carries a typo or an oddity of
    /// the upstream model; the wire and the docs keep the schema's.
    #[serde(rename = "x-bss-rust-name", default)]
    pub rust_name: Option<String>,
}

/// The extensions of a field (a property of a component schema) or a parameter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldExt {
    /// `x-bss-sources`: provenance of the field.
    #[serde(rename = "x-bss-sources", default)]
    pub sources: Option<SourcesExt>,
    /// `x-bss-money`: an amount of money (exact decimal).
    #[serde(rename = "x-bss-money", default)]
    pub money: Option<True>,
    /// `x-bss-values`: the documented values, named: the field becomes an open enum.
    #[serde(rename = "x-bss-values", default)]
    pub values: Option<ValuesExt>,
    /// `x-bss-time`: a time in one of the documented text forms.
    #[serde(rename = "x-bss-time", default)]
    pub time: Option<TimeKind>,
}

/// The documented text forms of a time (`x-bss-time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// `yyyy-MM-ddTHH:mm:ssZ`, UTC, whole seconds (`huaweicloud_bss_core::Timestamp`).
    Timestamp,
    /// `yyyy-MM-dd` (`huaweicloud_bss_core::Date`).
    Date,
    /// `yyyy-MM` (`huaweicloud_bss_core::YearMonth`).
    YearMonth,
}

impl TimeKind {
    /// The runtime's type.
    pub fn rust(self) -> &'static str {
        match self {
            TimeKind::Timestamp => "Timestamp",
            TimeKind::Date => "Date",
            TimeKind::YearMonth => "YearMonth",
        }
    }
}

/// `x-bss-values`: the values the docs list for a field or parameter, with Rust names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesExt {
    /// The open enum's Rust name; fields sharing a value table share it.
    #[serde(rename = "enum")]
    pub name: String,
    /// The documented values, in the docs' order.
    pub values: Vec<ValueExt>,
    /// On a two-valued switch: the wire value meaning `true`.
    #[serde(default)]
    pub flag_true: Option<Value>,
}

/// One documented value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueExt {
    /// The wire value (a number or a string, as the field's type).
    pub value: Value,
    /// The variant's name (UpperCamelCase).
    pub name: String,
    /// One line of English.
    pub doc: String,
}

/// A key that must be present, `null` allowed (serde would read a missing `Option` as `None`).
fn nullable<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// A marker that can only be `true` (`"x-bss-money": false` is a mistake, not a statement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct True;

impl<'de> Deserialize<'de> for True {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match bool::deserialize(d)? {
            true => Ok(True),
            false => Err(serde::de::Error::custom("a marker is `true` or absent, never `false`")),
        }
    }
}

/// A sample's (request body, response body) as the document writes them.
pub type VerbatimBodies = (Option<String>, Option<String>);

/// Every extension of one document, by location.
#[derive(Debug, Clone)]
pub struct SpecExt {
    /// The document-level extensions.
    pub doc: DocExt,
    /// By (path, lower-case method).
    pub operations: BTreeMap<(String, String), OperationExt>,
    /// By schema name.
    pub schemas: BTreeMap<String, SchemaExt>,
    /// By (schema, property).
    pub fields: BTreeMap<(String, String), FieldExt>,
    /// By (path, lower-case method, parameter name).
    pub parameters: BTreeMap<(String, String, String), FieldExt>,
    /// Sample bodies as written in the document (numbers keep their text), by (path, method),
    /// then sample index: (request body, response body).
    pub verbatim: BTreeMap<(String, String), Vec<VerbatimBodies>>,
}

/// The extensions every operation carries.
const OPERATION_REQUIRED: &[&str] = &[
    "x-bss-title-zh",
    "x-bss-references",
    "x-bss-callers",
    "x-bss-idempotent",
    "x-bss-rate-limit",
    "x-bss-errors",
    "x-bss-samples",
    "x-bss-sources",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

struct Reader<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, operation: Option<&str>, path: String, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            operation: operation.map(str::to_string),
            path,
            message: message.into(),
        });
    }

    /// Deserializes the `x-bss-*` keys of `node` into `T`; problems are recorded with their path.
    fn extensions<T: for<'de> Deserialize<'de>>(&mut self, node: &Value, at: &str, op: Option<&str>) -> Option<T> {
        let ext: serde_json::Map<String, Value> = node
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| k.starts_with("x-bss-"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        self.typed(&Value::Object(ext), at, op)
    }

    fn typed<T: for<'de> Deserialize<'de>>(&mut self, value: &Value, at: &str, op: Option<&str>) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(t) => Some(t),
            Err(e) => {
                let inner = e.path().to_string();
                let mut path = at.to_string();
                if inner != "." {
                    for seg in inner.split('.') {
                        // serde_path_to_error prints sequence indices as `[3]`.
                        for part in seg.split(['[', ']']).filter(|s| !s.is_empty()) {
                            path.push('/');
                            path.push_str(&pointer_segment(part));
                        }
                    }
                }
                self.problem(op, path, e.into_inner().to_string());
                None
            }
        }
    }

    /// Each array element on its own, so every bad element is reported.
    fn each<T: for<'de> Deserialize<'de>>(&mut self, value: &Value, at: &str, op: Option<&str>) {
        match value.as_array() {
            Some(a) => {
                for (i, v) in a.iter().enumerate() {
                    self.typed::<T>(v, &format!("{at}/{i}"), op);
                }
            }
            None => self.problem(op, at.to_string(), "must be a list"),
        }
    }

    /// An operation's extensions, every key checked on its own (so all problems are listed),
    /// then read as one [`OperationExt`].
    fn operation(&mut self, node: &Value, at: &str, op: Option<&str>) -> Option<OperationExt> {
        let before = self.problems.len();
        let empty = serde_json::Map::new();
        let obj = node.as_object().unwrap_or(&empty);
        for (k, v) in obj.iter().filter(|(k, _)| k.starts_with("x-bss-")) {
            let p = format!("{at}/{k}");
            match k.as_str() {
                "x-bss-title-zh"
                | "x-bss-replacement"
                | "x-bss-doc-path"
                | "x-bss-partial-failures"
                | "x-bss-write-without-body"
                | "x-bss-rust-name" => {
                    self.typed::<String>(v, &p, op);
                }
                "x-bss-references" => self.each::<ReferenceExt>(v, &p, op),
                "x-bss-callers" => self.each::<Caller>(v, &p, op),
                "x-bss-errors" => self.each::<ErrorRowExt>(v, &p, op),
                "x-bss-samples" => self.each::<SampleExt>(v, &p, op),
                "x-bss-idempotent" => {
                    self.typed::<bool>(v, &p, op);
                }
                "x-bss-rate-limit" => {
                    self.typed::<u32>(v, &p, op);
                }
                "x-bss-sources" => {
                    self.typed::<SourcesExt>(v, &p, op);
                }
                "x-bss-pagination" => {
                    self.typed::<PaginationExt>(v, &p, op);
                }
                "x-bss-incomplete" => {
                    self.typed::<IncompleteExt>(v, &p, op);
                }
                "x-bss-site-differences" => {
                    self.typed::<SiteDifferencesExt>(v, &p, op);
                }
                _ => self.problem(op, p, format!("unknown extension `{k}`")),
            }
        }
        for k in OPERATION_REQUIRED {
            if !obj.contains_key(*k) {
                self.problem(op, format!("{at}/{k}"), "missing: every operation states it");
            }
        }
        if self.problems.len() > before {
            return None;
        }
        self.extensions(node, at, op)
    }

    /// `x-bss-*` keys anywhere below `node` that no typed structure reads.
    fn stray(&mut self, node: &Value, at: &str, op: Option<&str>) {
        match node {
            Value::Object(m) => {
                for (k, v) in m {
                    let p = format!("{at}/{}", pointer_segment(k));
                    if k.starts_with("x-bss-") {
                        self.problem(op, p, format!("`{k}` is not allowed here"));
                    } else {
                        self.stray(v, &p, op);
                    }
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    self.stray(v, &format!("{at}/{i}"), op);
                }
            }
            _ => {}
        }
    }

    /// A schema used inline (a property, a parameter's schema, array items): no extensions below.
    fn inline_schema(&mut self, node: &Value, at: &str, op: Option<&str>) {
        if let Some(m) = node.as_object() {
            for (k, v) in m {
                let p = format!("{at}/{}", pointer_segment(k));
                if k.starts_with("x-bss-") {
                    continue;
                }
                self.stray(v, &p, op);
            }
        }
    }
}

/// Reads and validates every extension of one document (`text`, named `file` in problems).
pub fn read(file: &str, text: &str) -> Result<SpecExt, Vec<Problem>> {
    let mut r = Reader {
        file,
        problems: Vec::new(),
    };
    // The document's folder: `spec/intl/x.json` is international, `spec/x.json` China.
    let folder = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let expected_site = SiteName::ALL
        .into_iter()
        .find(|s| s.folder() == folder)
        .unwrap_or_default();
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            r.problem(None, String::new(), format!("not JSON: {e}"));
            return Err(r.problems);
        }
    };
    let domain = match root.pointer("/info/x-bss-domain") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => {
            r.problem(None, "/info/x-bss-domain".into(), "must be a non-empty string");
            String::new()
        }
        None => {
            r.problem(None, "/info/x-bss-domain".into(), "missing: the domain name");
            String::new()
        }
    };
    if let Some(info) = root.get("info").and_then(Value::as_object) {
        for k in info
            .keys()
            .filter(|k| k.starts_with("x-bss-") && !matches!(k.as_str(), "x-bss-domain" | "x-bss-site"))
        {
            r.problem(None, format!("/info/{k}"), format!("`{k}` is not allowed here"));
        }
    }
    let site = match root.pointer("/info/x-bss-site") {
        None => SiteName::China,
        Some(v) => r.typed::<SiteName>(v, "/info/x-bss-site", None).unwrap_or_default(),
    };
    if site != expected_site {
        r.problem(
            None,
            "/info/x-bss-site".into(),
            format!("{site:?} does not match the document's folder (spec/ is China, spec/intl/ international)"),
        );
    }
    let error_codes = match root.get("x-bss-error-codes") {
        Some(Value::Object(m)) => m
            .iter()
            .filter_map(|(code, v)| {
                let at = format!("/x-bss-error-codes/{}", pointer_segment(code));
                r.typed::<ErrorCodeExt>(v, &at, None).map(|d| (code.clone(), d))
            })
            .collect(),
        Some(_) => {
            r.problem(None, "/x-bss-error-codes".into(), "must be an object of codes");
            BTreeMap::new()
        }
        None => {
            r.problem(None, "/x-bss-error-codes".into(), "missing: the domain's error codes");
            BTreeMap::new()
        }
    };
    if let Some(m) = root.as_object() {
        for (k, v) in m {
            match k.as_str() {
                "x-bss-error-codes" | "info" | "paths" | "components" => {}
                _ if k.starts_with("x-bss-") => r.problem(None, format!("/{k}"), format!("`{k}` is not allowed here")),
                _ => r.stray(v, &format!("/{}", pointer_segment(k)), None),
            }
        }
    }

    let mut operations = BTreeMap::new();
    let mut parameters = BTreeMap::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            let item_at = format!("/paths/{}", pointer_segment(path));
            for (method, op) in item {
                let at = format!("{item_at}/{method}");
                if !METHODS.contains(&method.as_str()) {
                    r.stray(op, &at, None);
                    if method.starts_with("x-bss-") {
                        r.problem(None, at, format!("`{method}` is not allowed here"));
                    }
                    continue;
                }
                let id = op.get("operationId").and_then(Value::as_str);
                if let Some(ext) = r.operation(op, &at, id) {
                    operations.insert((path.clone(), method.clone()), ext);
                }
                let Some(fields) = op.as_object() else { continue };
                for (k, v) in fields {
                    let p = format!("{at}/{k}");
                    match k.as_str() {
                        _ if k.starts_with("x-bss-") => {}
                        "parameters" => {
                            for (i, param) in v.as_array().into_iter().flatten().enumerate() {
                                let pp = format!("{p}/{i}");
                                let name = param.get("name").and_then(Value::as_str).unwrap_or_default();
                                if let Some(ext) = r.extensions::<FieldExt>(param, &pp, id) {
                                    parameters.insert((path.clone(), method.clone(), name.to_string()), ext);
                                }
                                if let Some(s) = param.get("schema") {
                                    r.inline_schema(s, &format!("{pp}/schema"), id);
                                    if let Some(m) = s.as_object() {
                                        for k in m.keys().filter(|k| k.starts_with("x-bss-")) {
                                            r.problem(
                                                id,
                                                format!("{pp}/schema/{k}"),
                                                format!("`{k}` belongs on the parameter, not its schema"),
                                            );
                                        }
                                    }
                                }
                            }
                        }
                        _ => r.stray(v, &p, id),
                    }
                }
            }
        }
    }

    let mut schemas = BTreeMap::new();
    let mut fields = BTreeMap::new();
    if let Some(comp) = root.get("components").and_then(Value::as_object) {
        for (k, v) in comp {
            if k != "schemas" {
                r.stray(v, &format!("/components/{k}"), None);
            }
        }
        for (name, schema) in comp.get("schemas").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("/components/schemas/{}", pointer_segment(name));
            if let Some(ext) = r.extensions::<SchemaExt>(schema, &at, None) {
                schemas.insert(name.clone(), ext);
            }
            let Some(m) = schema.as_object() else { continue };
            for (k, v) in m {
                let p = format!("{at}/{}", pointer_segment(k));
                if k.starts_with("x-bss-") {
                    continue;
                }
                if k != "properties" {
                    r.stray(v, &p, None);
                    continue;
                }
                for (prop, pv) in v.as_object().into_iter().flatten() {
                    let pp = format!("{p}/{}", pointer_segment(prop));
                    if let Some(ext) = r.extensions::<FieldExt>(pv, &pp, None) {
                        fields.insert((name.clone(), prop.clone()), ext);
                    }
                    r.inline_schema(pv, &pp, None);
                }
            }
        }
    }

    let verbatim = verbatim_samples(text).unwrap_or_default();
    if r.problems.is_empty() {
        Ok(SpecExt {
            doc: DocExt {
                domain,
                site,
                error_codes,
            },
            operations,
            schemas,
            fields,
            parameters,
            verbatim,
        })
    } else {
        r.problems.sort();
        Err(r.problems)
    }
}

/// The sample bodies exactly as the document writes them (a number keeps `10.00`), read from
/// the text a second time with `RawValue` since `Value` re-formats numbers.
fn verbatim_samples(text: &str) -> serde_json::Result<BTreeMap<(String, String), Vec<VerbatimBodies>>> {
    #[derive(Deserialize)]
    struct Doc<'a> {
        #[serde(borrow)]
        paths: BTreeMap<String, BTreeMap<String, &'a RawValue>>,
    }
    #[derive(Deserialize)]
    struct Op<'a> {
        #[serde(rename = "x-bss-samples", borrow, default)]
        samples: Vec<S<'a>>,
    }
    #[derive(Deserialize)]
    struct S<'a> {
        #[serde(borrow)]
        request: Option<Body<'a>>,
        #[serde(borrow)]
        response: Option<Body<'a>>,
    }
    #[derive(Deserialize)]
    struct Body<'a> {
        #[serde(borrow)]
        body: Option<&'a RawValue>,
    }
    let doc: Doc = serde_json::from_str(text)?;
    let mut out = BTreeMap::new();
    for (path, item) in doc.paths {
        for (method, raw) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let op: Op = serde_json::from_str(raw.get())?;
            let body = |b: Option<Body>| b.and_then(|b| b.body).map(|r| minify(r.get())).filter(|t| t != "null");
            let samples = op
                .samples
                .into_iter()
                .map(|s| (body(s.request), body(s.response)))
                .collect();
            out.insert((path.clone(), method), samples);
        }
    }
    Ok(out)
}

/// JSON text without the whitespace between tokens; strings and numbers untouched.
pub fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
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
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_number_text_and_strings() {
        assert_eq!(
            minify("{ \"a\" : 10.00, \"b\": \"x y \\\" z\" ,\n \"c\": [1 , 2E3]}"),
            "{\"a\":10.00,\"b\":\"x y \\\" z\",\"c\":[1,2E3]}"
        );
    }
}
