//! `cargo xtask spec-diff [BASE] [HEAD] [--fail-on-breaking] [--summary]`: what a change to
//! `spec/` does to the API and to the users of the generated crates.
//!
//! Both sides are read as JSON (`serde_json::Value`) and compared semantically, never line by
//! line: per domain (one `spec/<domain>.json`), per operation (by `operationId`), per parameter
//! (by name), per request and response field (a path such as `order_infos[].amount`, following
//! `$ref`s into `components.schemas`), per error code and per sample. Every change is classified
//! for a user of the generated Rust crates:
//!
//! - **breaking**: a removed domain, operation, parameter, field, body, schema or error code
//!   (domain enum variant); a changed Rust type; a new required parameter, field or body; a
//!   parameter or field becoming required or no longer required (`T` ↔ `Option<T>`, and the
//!   arguments of `new`); a removed enum value; a renamed crate (`info.x-bss-domain`);
//! - **additive**: everything else (new operations, optional parameters and fields, new enum
//!   values and error codes, constraints, deprecations, samples, documentation and metadata).
//!
//! A side is a git revision (`git show REV:spec/<file>`), a folder (a repository root holding
//! `spec/`, or the spec folder itself) or, by default for HEAD, the working tree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{Map, Value};

/// Exit code of `--fail-on-breaking` when a breaking change is found.
pub const EXIT_BREAKING: i32 = 3;
/// Exit code of a command-line usage error.
pub const EXIT_USAGE: i32 = 2;

const USAGE: &str = "usage: cargo xtask spec-diff [BASE] [HEAD] [--fail-on-breaking] [--summary]

Compares spec/*.json at BASE (default: HEAD) with HEAD (default: the working tree) and
prints a Markdown report, breaking changes first.

  BASE, HEAD          a git revision, or an existing folder: a repository root holding
                      spec/, or the spec folder itself
  --fail-on-breaking  exit with code 3 when a breaking change is found
  --summary           print the one-line summary only";

/// `cargo xtask spec-diff ARGS...` (the arguments after `spec-diff`); returns the exit code.
pub fn run(root: &Path, args: &[String]) -> Result<i32> {
    let mut fail_on_breaking = false;
    let mut summary_only = false;
    let mut sides = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--fail-on-breaking" => fail_on_breaking = true,
            "--summary" => summary_only = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(0);
            }
            a if a.starts_with('-') && !Path::new(a).is_dir() => {
                eprintln!("unknown option {a}\n{USAGE}");
                return Ok(EXIT_USAGE);
            }
            a => sides.push(a.to_string()),
        }
    }
    let (base, head) = match sides.as_slice() {
        [] => (Source::Rev("HEAD".into()), Source::WorkTree),
        [b] => (Source::parse(b), Source::WorkTree),
        [b, h] => (Source::parse(b), Source::parse(h)),
        _ => {
            eprintln!("at most two revisions or folders\n{USAGE}");
            return Ok(EXIT_USAGE);
        }
    };
    let report = diff(&load(root, &base)?, &load(root, &head)?);
    if summary_only {
        println!("{}", report.summary());
    } else {
        print!("{}", report.to_markdown(&base.label(), &head.label()));
    }
    Ok(if fail_on_breaking && report.breaking_count() > 0 {
        EXIT_BREAKING
    } else {
        0
    })
}

/// The one-line summary of the working tree's spec against `HEAD`, for `cargo xtask regen`:
/// `spec against HEAD: 3 breaking, 12 additive in 2 domains`, or `spec unchanged against HEAD`.
pub fn summary_against_head(root: &Path) -> Result<String> {
    let report = diff(
        &load(root, &Source::Rev("HEAD".into()))?,
        &load(root, &Source::WorkTree)?,
    );
    Ok(if report.is_empty() {
        "spec unchanged against HEAD".to_string()
    } else {
        format!("spec against HEAD: {}", report.summary())
    })
}

// ---------------------------------------------------------------------------------------------
// Reading the two sides

/// Where one side of the comparison comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `spec/` in the working tree below the repository root.
    WorkTree,
    /// A git revision of the repository.
    Rev(String),
    /// A folder: a repository root holding `spec/`, or the spec folder itself.
    Dir(PathBuf),
}

impl Source {
    /// An existing directory is a folder; anything else is a git revision.
    pub fn parse(arg: &str) -> Source {
        if Path::new(arg).is_dir() {
            Source::Dir(PathBuf::from(arg))
        } else {
            Source::Rev(arg.to_string())
        }
    }

    /// How the report's title names this side.
    pub fn label(&self) -> String {
        match self {
            Source::WorkTree => "working tree".to_string(),
            Source::Rev(r) => format!("`{r}`"),
            Source::Dir(d) => format!("`{}`", d.display()),
        }
    }
}

/// The spec documents of one side, by domain (the file name without `.json`).
pub type Specs = BTreeMap<String, Value>;

/// Reads every `spec/*.json` of a side.
pub fn load(root: &Path, source: &Source) -> Result<Specs> {
    match source {
        Source::WorkTree => load_dir(&root.join("spec")),
        Source::Dir(d) => load_dir(d),
        Source::Rev(r) => load_rev(root, r),
    }
}

/// Reads `*.json` from a folder: `dir/spec/` when it exists, else `dir` itself.
pub fn load_dir(dir: &Path) -> Result<Specs> {
    let dir = if dir.join("spec").is_dir() {
        dir.join("spec")
    } else {
        dir.to_path_buf()
    };
    let mut specs = Specs::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(domain) = json_stem(&path.file_name().unwrap_or_default().to_string_lossy()) else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        specs.insert(domain, parse(&text).with_context(|| format!("{}", path.display()))?);
    }
    Ok(specs)
}

/// Reads `spec/*.json` at a git revision of the repository at `root`.
pub fn load_rev(root: &Path, rev: &str) -> Result<Specs> {
    git(
        root,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| anyhow!("`{rev}` is neither an existing folder nor a git revision"))?;
    let listing = git(root, &["ls-tree", "-z", "--name-only", rev, "spec/"])?;
    let mut specs = Specs::new();
    for name in listing.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).to_string();
        let Some(file) = name.strip_prefix("spec/") else {
            continue;
        };
        let Some(domain) = json_stem(file) else { continue };
        let text = git(root, &["show", &format!("{rev}:{name}")])?;
        specs.insert(domain, parse(&text).with_context(|| format!("{name} at {rev}"))?);
    }
    Ok(specs)
}

fn json_stem(file: &str) -> Option<String> {
    file.strip_suffix(".json")
        .filter(|s| !s.is_empty() && !s.contains('/') && !s.contains('.'))
        .map(str::to_string)
}

fn parse(text: &[u8]) -> Result<Value> {
    let v: Value = serde_json::from_slice(text).context("not JSON")?;
    if !v.is_object() {
        bail!("not a JSON object");
    }
    Ok(v)
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("running git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

// ---------------------------------------------------------------------------------------------
// The report

/// What a change is about, in report order within a domain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// The domain as a whole: added, removed, `info`, `servers`.
    Domain,
    /// The domain's error codes (`x-bss-error-codes`: the error-code enum).
    ErrorCodes,
    /// An operation, by `operationId`.
    Operation(String),
    /// A schema no operation uses (it is still generated as a model).
    Schema(String),
}

/// One change, as one line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub domain: String,
    pub subject: Subject,
    pub breaking: bool,
    pub text: String,
    /// (kind of change, parameter name or field path): the order within a subject.
    order: (u8, String),
}

/// Every change between two sides, sorted.
#[derive(Debug, Default)]
pub struct Report {
    pub changes: Vec<Change>,
    /// (domain, operationId) → `METHOD /path`, for the operation lines.
    endpoints: BTreeMap<(String, String), String>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    pub fn additive_count(&self) -> usize {
        self.changes.len() - self.breaking_count()
    }

    /// Domains with at least one change.
    pub fn domains(&self) -> BTreeSet<&str> {
        self.changes.iter().map(|c| c.domain.as_str()).collect()
    }

    /// `3 breaking, 12 additive in 2 domains`, or `spec unchanged`.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "spec unchanged".to_string();
        }
        let n = self.domains().len();
        format!(
            "{} breaking, {} additive in {n} domain{}",
            self.breaking_count(),
            self.additive_count(),
            if n == 1 { "" } else { "s" }
        )
    }

    /// The Markdown report: title, summary, then breaking and additive changes by domain and
    /// operation.
    pub fn to_markdown(&self, base: &str, head: &str) -> String {
        let mut s = format!("# Spec diff: {base} → {head}\n\n**{}**\n", self.summary());
        for (title, breaking) in [("Breaking changes", true), ("Additive (non-breaking) changes", false)] {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.breaking == breaking).collect();
            if changes.is_empty() {
                continue;
            }
            s.push_str(&format!("\n## {title}\n"));
            let mut domain = None;
            let mut subject = None;
            for c in changes {
                if domain != Some(&c.domain) {
                    s.push_str(&format!("\n### {}\n\n", c.domain));
                    domain = Some(&c.domain);
                    subject = None;
                }
                if c.subject == Subject::Domain {
                    s.push_str(&format!("- {}\n", c.text));
                    continue;
                }
                if subject != Some(&c.subject) {
                    s.push_str(&format!("- {}\n", self.subject_line(&c.domain, &c.subject)));
                    subject = Some(&c.subject);
                }
                s.push_str(&format!("  - {}\n", c.text));
            }
        }
        s
    }

    fn subject_line(&self, domain: &str, subject: &Subject) -> String {
        match subject {
            Subject::Domain => "domain".to_string(),
            Subject::ErrorCodes => "error codes (`x-bss-error-codes`)".to_string(),
            Subject::Operation(id) => match self.endpoints.get(&(domain.to_string(), id.clone())) {
                Some(e) => format!("`{id}` (`{e}`)"),
                None => format!("`{id}`"),
            },
            Subject::Schema(name) => format!("schema `{name}` (not used by an operation)"),
        }
    }

    fn sort(&mut self) {
        // Stable: changes of the same parameter or field keep the order they were found in.
        self.changes.sort_by(|a, b| {
            b.breaking
                .cmp(&a.breaking)
                .then_with(|| (&a.domain, &a.subject, &a.order).cmp(&(&b.domain, &b.subject, &b.order)))
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing

/// Compares two sides.
pub fn diff(base: &Specs, head: &Specs) -> Report {
    let mut report = Report::default();
    let names: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
    for name in names {
        let mut out = Out {
            changes: &mut report.changes,
            domain: name.clone(),
            subject: Subject::Domain,
        };
        match (base.get(name), head.get(name)) {
            (Some(b), None) => {
                let text = format!("domain removed: crate `{}` ({})", crate_name(name, b), count_ops(b));
                out.push(true, 0, "", text);
            }
            (None, Some(h)) => {
                let text = format!("domain added: crate `{}` ({})", crate_name(name, h), count_ops(h));
                out.push(false, 0, "", text);
            }
            (Some(b), Some(h)) => diff_domain(&mut out, &mut report.endpoints, b, h),
            (None, None) => unreachable!(),
        }
    }
    report.sort();
    report
}

/// Where changes go while one domain is compared.
struct Out<'r> {
    changes: &'r mut Vec<Change>,
    domain: String,
    subject: Subject,
}

impl Out<'_> {
    fn push(&mut self, breaking: bool, rank: u8, key: &str, text: String) {
        self.changes.push(Change {
            domain: self.domain.clone(),
            subject: self.subject.clone(),
            breaking,
            text,
            order: (rank, key.to_string()),
        });
    }
}

// Kinds of change within an operation, in report order.
const R_OPERATION: u8 = 0;
const R_PARAM: u8 = 1;
const R_REQUEST: u8 = 2;
const R_RESPONSE: u8 = 3;
const R_ERROR_RESPONSE: u8 = 4;
const R_ERRORS: u8 = 5;
const R_SAMPLES: u8 = 6;
const R_META: u8 = 7;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn crate_name(file_stem: &str, doc: &Value) -> String {
    let name = doc
        .pointer("/info/x-bss-domain")
        .and_then(Value::as_str)
        .unwrap_or(file_stem);
    format!("huaweicloud-bss-{name}")
}

fn count_ops(doc: &Value) -> String {
    let n = operations(doc).len();
    format!("{n} operation{}", if n == 1 { "" } else { "s" })
}

fn obj(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object)
}

/// Sorted union of the keys of two optional objects.
fn keys<'a>(b: Option<&'a Map<String, Value>>, h: Option<&'a Map<String, Value>>) -> BTreeSet<&'a str> {
    b.into_iter()
        .chain(h)
        .flat_map(|m| m.keys().map(String::as_str))
        .collect()
}

fn diff_domain(out: &mut Out, endpoints: &mut BTreeMap<(String, String), String>, b: &Value, h: &Value) {
    let docs = Docs { base: b, head: h };

    // Root: everything but paths, schemas and error codes, key by key.
    for key in keys(b.as_object(), h.as_object()) {
        match key {
            "paths" | "x-bss-error-codes" => {}
            "info" | "components" => {
                for sub in keys(obj(b.get(key)), obj(h.get(key))) {
                    if key == "components" && sub == "schemas" {
                        continue;
                    }
                    let (bv, hv) = (b.get(key).and_then(|v| v.get(sub)), h.get(key).and_then(|v| v.get(sub)));
                    let name = format!("{key}.{sub}");
                    if let Some(text) = generic(&name, bv, hv) {
                        if name == "info.x-bss-domain" {
                            out.push(true, 0, &name, format!("{text}: the crate is renamed"));
                        } else {
                            out.push(false, R_META, &name, text);
                        }
                    }
                }
            }
            _ => {
                if let Some(text) = generic(key, b.get(key), h.get(key)) {
                    out.push(false, R_META, key, text);
                }
            }
        }
    }

    // The domain's error codes: the error-code enum.
    out.subject = Subject::ErrorCodes;
    let (cb, ch) = (obj(b.get("x-bss-error-codes")), obj(h.get("x-bss-error-codes")));
    for code in keys(cb, ch) {
        let (eb, eh) = (cb.and_then(|m| m.get(code)), ch.and_then(|m| m.get(code)));
        match (eb, eh) {
            (Some(_), None) => out.push(true, 0, code, format!("`{code}` removed")),
            (None, Some(e)) => out.push(false, 0, code, format!("`{code}` added{}", http_status(e))),
            (Some(eb), Some(eh)) => {
                for k in keys(eb.as_object(), eh.as_object()) {
                    if let Some(text) = generic(k, eb.get(k), eh.get(k)) {
                        out.push(false, 0, code, format!("`{code}`: {text}"));
                    }
                }
            }
            (None, None) => {}
        }
    }

    // Operations, by operationId.
    let (ob, oh) = (operations(b), operations(h));
    for (id, op) in ob.iter().chain(&oh) {
        endpoints.insert(
            (out.domain.clone(), id.clone()),
            format!("{} {}", op.method.to_uppercase(), op.path),
        );
    }
    let ids: BTreeSet<&String> = ob.keys().chain(oh.keys()).collect();
    for id in ids {
        out.subject = Subject::Operation(id.clone());
        match (ob.get(id), oh.get(id)) {
            (Some(_), None) => out.push(true, R_OPERATION, "", "operation removed".to_string()),
            (None, Some(o)) => {
                let dep = if o.node.get("deprecated") == Some(&Value::Bool(true)) {
                    " (deprecated)"
                } else {
                    ""
                };
                out.push(false, R_OPERATION, "", format!("operation added{dep}"));
            }
            (Some(ob), Some(oh)) => diff_operation(out, docs, ob, oh),
            (None, None) => {}
        }
    }

    // Schemas no operation uses: still generated as models.
    let (rb, rh) = (reachable(b), reachable(h));
    let (sb, sh) = (
        obj(b.pointer("/components/schemas")),
        obj(h.pointer("/components/schemas")),
    );
    for name in keys(sb, sh) {
        if rb.contains(name) || rh.contains(name) {
            continue;
        }
        out.subject = Subject::Schema(name.to_string());
        match (sb.and_then(|m| m.get(name)), sh.and_then(|m| m.get(name))) {
            (Some(_), None) => out.push(true, 0, "", "schema removed".to_string()),
            (None, Some(_)) => out.push(false, 0, "", "schema added".to_string()),
            (Some(_), Some(_)) => {
                let node = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
                diff_schema(
                    out,
                    docs,
                    Where::Schema,
                    "",
                    &node,
                    &node,
                    true,
                    &mut (Vec::new(), Vec::new()),
                );
            }
            (None, None) => {}
        }
    }
}

fn http_status(e: &Value) -> String {
    e.get("status").map(|s| format!(" (HTTP {s})")).unwrap_or_default()
}

#[derive(Clone, Copy)]
struct Docs<'a> {
    base: &'a Value,
    head: &'a Value,
}

struct Op<'a> {
    method: String,
    path: String,
    node: &'a Value,
}

/// Operations by `operationId` (or `METHOD path` without one); the first wins on duplicates.
fn operations(doc: &Value) -> BTreeMap<String, Op<'_>> {
    let mut ops = BTreeMap::new();
    let Some(paths) = obj(doc.get("paths")) else { return ops };
    let mut sorted: Vec<_> = paths.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    for (path, item) in sorted {
        for method in METHODS {
            let Some(node) = item.get(*method).filter(|n| n.is_object()) else {
                continue;
            };
            let id = match node.get("operationId").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => format!("{} {path}", method.to_uppercase()),
            };
            ops.entry(id).or_insert(Op {
                method: method.to_string(),
                path: path.clone(),
                node,
            });
        }
    }
    ops
}

/// Names of the schemas an operation reaches (parameters, request body, responses), transitively.
fn reachable(doc: &Value) -> BTreeSet<String> {
    fn refs<'a>(v: &'a Value, acc: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("$ref", Value::String(r)) => acc.extend(r.strip_prefix("#/components/schemas/")),
                        _ => refs(x, acc),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, acc)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for op in operations(doc).values() {
        for k in ["parameters", "requestBody", "responses"] {
            if let Some(v) = op.node.get(k) {
                refs(v, &mut todo);
            }
        }
    }
    let schemas = obj(doc.pointer("/components/schemas"));
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.to_string()) {
            if let Some(s) = schemas.and_then(|m| m.get(name)) {
                refs(s, &mut todo);
            }
        }
    }
    seen
}

fn diff_operation(out: &mut Out, docs: Docs, ob: &Op, oh: &Op) {
    let (b, h) = (ob.node, oh.node);
    if (ob.method.as_str(), ob.path.as_str()) != (oh.method.as_str(), oh.path.as_str()) {
        let text = format!(
            "endpoint `{} {}` → `{} {}`",
            ob.method.to_uppercase(),
            ob.path,
            oh.method.to_uppercase(),
            oh.path
        );
        out.push(false, R_OPERATION, "", text);
    }

    // Deprecation and replacement.
    let dep = |v: &Value| v.get("deprecated") == Some(&Value::Bool(true));
    let (rb, rh) = (b.get("x-bss-replacement"), h.get("x-bss-replacement"));
    let mut replacement_told = false;
    match (dep(b), dep(h)) {
        (false, true) => {
            let mut text = "deprecated".to_string();
            if let (None, Some(r)) = (rb, rh) {
                text.push_str(&format!(", replaced by `{}`", r.as_str().unwrap_or_default()));
                replacement_told = true;
            }
            out.push(false, R_OPERATION, "", text);
        }
        (true, false) => {
            out.push(false, R_OPERATION, "", "no longer deprecated".to_string());
            replacement_told = rh.is_none();
        }
        _ => {}
    }
    if !replacement_told {
        if let Some(text) = generic("x-bss-replacement", rb, rh) {
            out.push(false, R_OPERATION, "", text);
        }
    }

    diff_parameters(out, docs, b.get("parameters"), h.get("parameters"));
    diff_request_body(out, docs, b.get("requestBody"), h.get("requestBody"));
    diff_responses(out, docs, obj(b.get("responses")), obj(h.get("responses")));
    diff_errors(out, b.get("x-bss-errors"), h.get("x-bss-errors"));
    diff_samples(out, b.get("x-bss-samples"), h.get("x-bss-samples"));

    const HANDLED: &[&str] = &[
        "operationId",
        "parameters",
        "requestBody",
        "responses",
        "deprecated",
        "x-bss-replacement",
        "x-bss-errors",
        "x-bss-samples",
    ];
    for key in keys(b.as_object(), h.as_object()) {
        if HANDLED.contains(&key) {
            continue;
        }
        if let Some(text) = generic(key, b.get(key), h.get(key)) {
            out.push(false, R_META, key, text);
        }
    }
}

/// Parameters by name (by `name (in)` when a name repeats).
fn parameters<'a>(doc: &'a Value, list: Option<&'a Value>) -> BTreeMap<String, &'a Value> {
    let mut out = BTreeMap::new();
    for p in list.and_then(Value::as_array).into_iter().flatten() {
        let p = match p
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/parameters/"))
        {
            Some(name) => match doc.pointer(&format!("/components/parameters/{name}")) {
                Some(t) => t,
                None => p,
            },
            None => p,
        };
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        if out.contains_key(&name) {
            let loc = p.get("in").and_then(Value::as_str).unwrap_or_default();
            out.insert(format!("{name} ({loc})"), p);
        } else {
            out.insert(name, p);
        }
    }
    out
}

fn param_required(p: &Value) -> bool {
    p.get("required") == Some(&Value::Bool(true)) || p.get("in").and_then(Value::as_str) == Some("path")
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn diff_parameters(out: &mut Out, docs: Docs, b: Option<&Value>, h: Option<&Value>) {
    let (pb, ph) = (parameters(docs.base, b), parameters(docs.head, h));
    let names: BTreeSet<&String> = pb.keys().chain(ph.keys()).collect();
    for name in names {
        let (b, h) = (pb.get(name).copied(), ph.get(name).copied());
        let loc = h.or(b).and_then(|p| p.get("in")).and_then(Value::as_str).unwrap_or("?");
        let wire = h
            .or(b)
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .unwrap_or(name);
        let at = Where::Param { name: wire, loc };
        let null = Value::Null;
        match (b, h) {
            (Some(_), None) => emit(out, at, "", true, "removed".to_string()),
            (None, Some(p)) => {
                let req = param_required(p);
                let ty = rust_type(docs.head, p.get("schema").unwrap_or(&null));
                emit(out, at, "", req, format!("added: `{ty}`, {}", required_word(req)));
            }
            (Some(b), Some(h)) => {
                let (lb, lh) = (b.get("in").and_then(Value::as_str), h.get("in").and_then(Value::as_str));
                if lb != lh {
                    let text = format!("moved from {} to {}", lb.unwrap_or("?"), lh.unwrap_or("?"));
                    emit(out, at, "", false, text);
                }
                required_change(
                    out,
                    at,
                    "",
                    param_required(b),
                    param_required(h),
                    docs.head,
                    h.get("schema"),
                );
                let (sb, sh) = (b.get("schema").unwrap_or(&null), h.get("schema").unwrap_or(&null));
                diff_schema(out, docs, at, "", sb, sh, true, &mut (Vec::new(), Vec::new()));
                for key in keys(b.as_object(), h.as_object()) {
                    if ["name", "in", "required", "schema"].contains(&key) {
                        continue;
                    }
                    if let Some(text) = meta_change(key, b.get(key), h.get(key)) {
                        emit(out, at, "", false, text);
                    }
                }
            }
            (None, None) => {}
        }
    }
}

/// A parameter, body or field that became required or optional: breaking either way, since the
/// generated field changes between `T` and `Option<T>` and `new` gains or loses an argument.
fn required_change(out: &mut Out, at: Where, path: &str, b: bool, h: bool, doc: &Value, schema: Option<&Value>) {
    match (b, h) {
        (false, true) => emit(out, at, path, true, "now required".to_string()),
        (true, false) => {
            let ty = rust_type(doc, schema.unwrap_or(&Value::Null));
            emit(
                out,
                at,
                path,
                true,
                format!("no longer required (becomes `Option<{ty}>`)"),
            );
        }
        _ => {}
    }
}

/// The JSON schema of a request body or response: `application/json`, else the first media type.
fn media_schema(v: &Value) -> Option<&Value> {
    let content = obj(v.get("content"))?;
    let media = content.get("application/json").or_else(|| {
        let first = content.keys().min()?;
        content.get(first)
    })?;
    media.get("schema")
}

fn media_types(v: &Value) -> Vec<&str> {
    let mut m: Vec<&str> = obj(v.get("content"))
        .into_iter()
        .flat_map(|c| c.keys().map(String::as_str))
        .collect();
    m.sort();
    m
}

fn diff_request_body(out: &mut Out, docs: Docs, b: Option<&Value>, h: Option<&Value>) {
    let at = Where::Request;
    let req = |v: &Value| v.get("required") == Some(&Value::Bool(true));
    let schema = |v: &Value| media_schema(v).cloned().unwrap_or(Value::Null);
    match (b, h) {
        (None, None) => {}
        (Some(_), None) => emit(out, at, "", true, "removed".to_string()),
        (None, Some(h)) => {
            let ty = rust_type(docs.head, &schema(h));
            emit(out, at, "", req(h), format!("added: `{ty}`, {}", required_word(req(h))));
        }
        (Some(b), Some(h)) => {
            let (mb, mh) = (media_types(b), media_types(h));
            if mb != mh {
                emit(
                    out,
                    at,
                    "",
                    false,
                    format!("media type `{}` → `{}`", mb.join(", "), mh.join(", ")),
                );
            }
            required_change(out, at, "", req(b), req(h), docs.head, media_schema(h));
            diff_schema(
                out,
                docs,
                at,
                "",
                &schema(b),
                &schema(h),
                true,
                &mut (Vec::new(), Vec::new()),
            );
            for key in keys(b.as_object(), h.as_object()) {
                if key == "content" || key == "required" {
                    continue;
                }
                if let Some(text) = meta_change(key, b.get(key), h.get(key)) {
                    emit(out, at, "", false, text);
                }
            }
        }
    }
}

fn diff_responses(out: &mut Out, docs: Docs, b: Option<&Map<String, Value>>, h: Option<&Map<String, Value>>) {
    let success = |m: Option<&Map<String, Value>>| -> Option<(String, Value)> {
        let m = m?;
        let status = m.keys().filter(|k| k.starts_with('2')).min()?;
        Some((status.clone(), m[status].clone()))
    };
    let at = Where::Response;
    match (success(b), success(h)) {
        (None, None) => {}
        (Some((status, _)), None) => out.push(true, R_RESPONSE, "", format!("success response `{status}` removed")),
        (None, Some((status, _))) => out.push(false, R_RESPONSE, "", format!("success response `{status}` added")),
        (Some((sb, rb)), Some((sh, rh))) => {
            if sb != sh {
                out.push(false, R_RESPONSE, "", format!("success status `{sb}` → `{sh}`"));
            }
            match (media_schema(&rb), media_schema(&rh)) {
                (None, None) => {}
                (Some(_), None) => emit(out, at, "", true, "removed".to_string()),
                (None, Some(s)) => emit(out, at, "", false, format!("added: `{}`", rust_type(docs.head, s))),
                (Some(b), Some(h)) => diff_schema(out, docs, at, "", b, h, true, &mut (Vec::new(), Vec::new())),
            }
            for key in keys(rb.as_object(), rh.as_object()) {
                if key == "content" {
                    continue;
                }
                if let Some(text) = meta_change(key, rb.get(key), rh.get(key)) {
                    out.push(false, R_RESPONSE, "", format!("success response: {text}"));
                }
            }
        }
    }
    for status in keys(b, h) {
        if status.starts_with('2') {
            continue;
        }
        let text = match (b.and_then(|m| m.get(status)), h.and_then(|m| m.get(status))) {
            (Some(_), None) => format!("error response `{status}` removed"),
            (None, Some(_)) => format!("error response `{status}` added"),
            (Some(x), Some(y)) if x != y => format!("error response `{status}` changed"),
            _ => continue,
        };
        out.push(false, R_ERROR_RESPONSE, status, text);
    }
}

/// `x-bss-errors` of an operation: the codes documented for it. Removing one is not breaking:
/// the domain's error-code enum keeps its variant (see `x-bss-error-codes`).
fn diff_errors(out: &mut Out, b: Option<&Value>, h: Option<&Value>) {
    let by_code = |v: Option<&Value>| -> BTreeMap<String, Value> {
        let mut m = BTreeMap::new();
        for e in v.and_then(Value::as_array).into_iter().flatten() {
            let code = e.get("code").and_then(Value::as_str).unwrap_or_default().to_string();
            m.entry(code).or_insert_with(|| e.clone());
        }
        m
    };
    let (eb, eh) = (by_code(b), by_code(h));
    let codes: BTreeSet<&String> = eb.keys().chain(eh.keys()).collect();
    for code in codes {
        match (eb.get(code), eh.get(code)) {
            (Some(_), None) => out.push(false, R_ERRORS, code, format!("error `{code}` removed")),
            (None, Some(e)) => out.push(false, R_ERRORS, code, format!("error `{code}` added{}", http_status(e))),
            (Some(x), Some(y)) => {
                for k in keys(x.as_object(), y.as_object()) {
                    if let Some(text) = generic(k, x.get(k), y.get(k)) {
                        out.push(false, R_ERRORS, code, format!("error `{code}`: {text}"));
                    }
                }
            }
            (None, None) => {}
        }
    }
}

fn diff_samples(out: &mut Out, b: Option<&Value>, h: Option<&Value>) {
    let empty = Vec::new();
    let sb = b.and_then(Value::as_array).unwrap_or(&empty);
    let sh = h.and_then(Value::as_array).unwrap_or(&empty);
    for i in 0..sb.len().max(sh.len()) {
        let key = format!("{i:06}");
        let n = i + 1;
        match (sb.get(i), sh.get(i)) {
            (Some(_), None) => out.push(false, R_SAMPLES, &key, format!("sample {n} removed")),
            (None, Some(_)) => out.push(false, R_SAMPLES, &key, format!("sample {n} added")),
            (Some(x), Some(y)) if x != y => {
                let mut parts = Vec::new();
                for k in keys(x.as_object(), y.as_object()) {
                    let (xv, yv) = (x.get(k), y.get(k));
                    if xv == yv {
                        continue;
                    }
                    match (obj(xv), obj(yv)) {
                        (Some(xo), Some(yo)) => {
                            for sub in keys(Some(xo), Some(yo)) {
                                if xo.get(sub) != yo.get(sub) {
                                    parts.push(format!("`{k}.{sub}`"));
                                }
                            }
                        }
                        _ => parts.push(format!("`{k}`")),
                    }
                }
                if parts.is_empty() {
                    parts.push("the document".to_string());
                }
                out.push(
                    false,
                    R_SAMPLES,
                    &key,
                    format!("sample {n} changed: {}", parts.join(", ")),
                );
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Schemas: types, constraints, fields

/// What a schema belongs to, for the report's wording.
#[derive(Clone, Copy)]
enum Where<'a> {
    Param { name: &'a str, loc: &'a str },
    Request,
    Response,
    Schema,
}

impl Where<'_> {
    fn rank(&self) -> u8 {
        match self {
            Where::Param { .. } => R_PARAM,
            Where::Request | Where::Schema => R_REQUEST,
            Where::Response => R_RESPONSE,
        }
    }

    fn key(&self, path: &str) -> String {
        match self {
            Where::Param { name, .. } => format!("{name}{path}"),
            _ => path.to_string(),
        }
    }

    fn label(&self, path: &str) -> String {
        match (self, path) {
            (Where::Param { name, loc }, _) => format!("parameter `{name}{path}` ({loc})"),
            (Where::Request, "") => "request body".to_string(),
            (Where::Request, _) => format!("request field `{path}`"),
            (Where::Response, "") => "response body".to_string(),
            (Where::Response, _) => format!("response field `{path}`"),
            (Where::Schema, "") => "schema".to_string(),
            (Where::Schema, _) => format!("field `{path}`"),
        }
    }
}

fn emit(out: &mut Out, at: Where, path: &str, breaking: bool, text: String) {
    let label = at.label(path);
    let line = if text.starts_with("added") || text.starts_with("removed") {
        format!("{label} {text}")
    } else {
        format!("{label}: {text}")
    };
    out.push(breaking, at.rank(), &at.key(path), line);
}

/// `#/components/schemas/Name` → (`Name`, the schema), when the schema exists.
fn deref<'a>(doc: &'a Value, node: &'a Value) -> (Option<&'a str>, &'a Value) {
    match node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        Some(name) => (
            Some(name),
            doc.pointer("/components/schemas")
                .and_then(|s| s.get(name))
                .unwrap_or(&Value::Null),
        ),
        None => (None, node),
    }
}

/// The Rust type the generator gives a schema, as the report names it.
fn rust_type(doc: &Value, node: &Value) -> String {
    let (name, target) = deref(doc, node);
    if let Some(name) = name {
        return if target.get("x-bss-untyped") == Some(&Value::Bool(true)) {
            "Value".into()
        } else {
            name.into()
        };
    }
    let format = node.get("format").and_then(Value::as_str);
    match node.get("type").and_then(Value::as_str) {
        Some("string") if format == Some("decimal") => "Decimal(string)".into(),
        Some("string") => "String".into(),
        Some("number") => "Decimal".into(),
        Some("integer") if format == Some("int64") => "i64".into(),
        Some("integer") => "i32".into(),
        Some("boolean") => "bool".into(),
        Some("array") => format!("Vec<{}>", rust_type(doc, node.get("items").unwrap_or(&Value::Null))),
        _ => match node.get("additionalProperties") {
            Some(inner @ Value::Object(_)) => format!("Map<String, {}>", rust_type(doc, inner)),
            _ if node.get("properties").is_some() => "object".into(),
            _ => "Value".into(),
        },
    }
}

/// Constraints copied into rustdoc (and `format` when it does not change the Rust type).
const CONSTRAINTS: &[&str] = &[
    "format",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "pattern",
    "default",
    "maxItems",
    "minItems",
    "uniqueItems",
    "nullable",
];

/// Keys walked structurally rather than compared as values.
const STRUCTURE: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "enum",
];

type Stacks = (Vec<String>, Vec<String>);

/// Compares one schema node (a parameter's schema, a body, a field) and everything below it.
#[allow(clippy::too_many_arguments)]
fn diff_schema(
    out: &mut Out,
    docs: Docs,
    at: Where,
    path: &str,
    b: &Value,
    h: &Value,
    check_type: bool,
    stacks: &mut Stacks,
) {
    let (tb, th) = (rust_type(docs.base, b), rust_type(docs.head, h));
    if check_type && tb != th {
        emit(out, at, path, true, format!("type `{tb}` → `{th}`"));
    }
    let (nb, mb) = deref(docs.base, b);
    let (nh, mh) = deref(docs.head, h);
    // A recursive model: its fields were compared higher up.
    if nb.is_some_and(|n| stacks.0.iter().any(|s| s == n)) || nh.is_some_and(|n| stacks.1.iter().any(|s| s == n)) {
        return;
    }
    if stacks.0.len() > 32 {
        return;
    }

    for key in CONSTRAINTS {
        if *key == "format" && tb != th {
            continue;
        }
        if let Some(text) = generic(key, mb.get(*key), mh.get(*key)) {
            emit(out, at, path, false, text);
        }
    }

    // Enum values: documented values, not a closed set; removing one is still breaking.
    let values = |m: &Value| -> Option<Vec<Value>> { m.get("enum").and_then(Value::as_array).cloned() };
    match (values(mb), values(mh)) {
        (Some(vb), Some(vh)) => {
            let mut changes: Vec<(String, bool)> = Vec::new();
            for v in &vb {
                if !vh.contains(v) {
                    changes.push((format!("enum value `{}` removed", short(v)), true));
                }
            }
            for v in &vh {
                if !vb.contains(v) {
                    changes.push((format!("enum value `{}` added", short(v)), false));
                }
            }
            changes.sort();
            for (text, breaking) in changes {
                emit(out, at, path, breaking, text);
            }
        }
        (None, Some(vh)) => emit(out, at, path, false, format!("enum {} added", list(&vh))),
        (Some(vb), None) => emit(out, at, path, false, format!("enum {} removed (any value)", list(&vb))),
        (None, None) => {}
    }

    for key in keys(mb.as_object(), mh.as_object()) {
        if STRUCTURE.contains(&key) || CONSTRAINTS.contains(&key) {
            continue;
        }
        if let Some(text) = meta_change(key, mb.get(key), mh.get(key)) {
            emit(out, at, path, false, text);
        }
    }

    stacks.0.extend(nb.map(str::to_string));
    stacks.1.extend(nh.map(str::to_string));

    // Fields.
    let (pb, ph) = (obj(mb.get("properties")), obj(mh.get("properties")));
    let required = |m: &Value| -> BTreeSet<String> {
        m.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let (qb, qh) = (required(mb), required(mh));
    for name in keys(pb, ph) {
        let child = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        match (pb.and_then(|m| m.get(name)), ph.and_then(|m| m.get(name))) {
            (Some(_), None) => emit(out, at, &child, true, "removed".to_string()),
            (None, Some(f)) => {
                let req = qh.contains(name);
                let text = format!("added: `{}`, {}", rust_type(docs.head, f), required_word(req));
                emit(out, at, &child, req, text);
            }
            (Some(fb), Some(fh)) => {
                required_change(
                    out,
                    at,
                    &child,
                    qb.contains(name),
                    qh.contains(name),
                    docs.head,
                    Some(fh),
                );
                diff_schema(out, docs, at, &child, fb, fh, true, stacks);
            }
            (None, None) => {}
        }
    }

    // Array items and map values: their type is part of the parent's.
    if let (Some(ib), Some(ih)) = (mb.get("items"), mh.get("items")) {
        diff_schema(out, docs, at, &format!("{path}[]"), ib, ih, false, stacks);
    }
    if let (Some(ab @ Value::Object(_)), Some(ah @ Value::Object(_))) =
        (mb.get("additionalProperties"), mh.get("additionalProperties"))
    {
        diff_schema(out, docs, at, &format!("{path}{{}}"), ab, ah, false, stacks);
    }

    if nb.is_some() {
        stacks.0.pop();
    }
    if nh.is_some() {
        stacks.1.pop();
    }
}

// ---------------------------------------------------------------------------------------------
// Values

/// Compact JSON, cut at 60 characters.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() <= 60 {
        s
    } else {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    }
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| format!("`{}`", short(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `deprecated` in words; any other key as [`generic`].
fn meta_change(key: &str, b: Option<&Value>, h: Option<&Value>) -> Option<String> {
    if key == "deprecated" {
        let on = |v: Option<&Value>| v == Some(&Value::Bool(true));
        return match (on(b), on(h)) {
            (false, true) => Some("deprecated".to_string()),
            (true, false) => Some("no longer deprecated".to_string()),
            _ => None,
        };
    }
    generic(key, b, h)
}

/// One key's change, or `None` when equal: `` `key` `old` → `new` ``, `` `key` `v` added ``,
/// `` `key` `v` removed ``; lists of scalars by element, objects by key.
fn generic(key: &str, b: Option<&Value>, h: Option<&Value>) -> Option<String> {
    let scalar = |v: &Value| !v.is_array() && !v.is_object();
    Some(match (b, h) {
        (None, None) => return None,
        (Some(b), Some(h)) if b == h => return None,
        (None, Some(h)) => format!("`{key}` `{}` added", short(h)),
        (Some(b), None) => format!("`{key}` `{}` removed", short(b)),
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.iter().chain(y).all(scalar) => {
            let added: Vec<Value> = y.iter().filter(|v| !x.contains(v)).cloned().collect();
            let removed: Vec<Value> = x.iter().filter(|v| !y.contains(v)).cloned().collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", list(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", list(&removed)));
            }
            if parts.is_empty() {
                parts.push("reordered".to_string());
            }
            format!("`{key}`: {}", parts.join("; "))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let changed: Vec<String> = keys(Some(x), Some(y))
                .into_iter()
                .filter(|k| x.get(*k) != y.get(*k))
                .map(|k| format!("`{k}`"))
                .collect();
            format!("`{key}` changed: {}", changed.join(", "))
        }
        (Some(b), Some(h)) => {
            let (sb, sh) = (short(b), short(h));
            if sb.ends_with('…') || sh.ends_with('…') {
                format!("`{key}` changed")
            } else {
                format!("`{key}` `{sb}` → `{sh}`")
            }
        }
    })
}
