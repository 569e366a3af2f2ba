//! The generator: `spec/*.json` (OpenAPI 3.0.3 with `x-bss-*` extensions) to Rust.
//!
//! `spec` → [`ir`] (plain data, every naming and typing decision made) → [`emit`] (tokens
//! with `quote`, formatted with `prettyplease`). [`generate`] returns every file it would
//! write, so `cargo xtask regen` writes them and `cargo xtask check` compares them.

#![deny(missing_docs)]

pub mod emit;
pub mod ir;
pub mod lint;
pub mod sdk_facts;
pub mod spec;
pub mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Where `cargo xtask ir` (and regen) write the IR of every domain, for reviewers to diff.
pub const IR_SNAPSHOT: &str = "spec/ir.snapshot.json";

/// The IR of every domain as deterministic JSON (sorted maps, 2-space indent, final newline).
pub fn ir_snapshot(domains: &[ir::Domain]) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Snapshot<'a> {
        /// `spec/common.json`, once (every domain holds the same table).
        common_codes: Option<&'a BTreeMap<String, ir::ErrorCodeDef>>,
        domains: &'a [ir::Domain],
    }
    let snapshot = Snapshot {
        common_codes: domains.first().map(|d| &d.common_codes),
        domains,
    };
    let mut text = serde_json::to_string_pretty(&snapshot)?;
    text.push('\n');
    Ok(text)
}

/// What a regeneration produces: file contents by path relative to the repository root.
#[derive(Debug, Default)]
pub struct Output {
    /// File contents by path relative to the repository root.
    pub files: BTreeMap<PathBuf, String>,
    /// The resolved domains the files were generated from.
    pub domains: Vec<ir::Domain>,
}

impl Output {
    /// Operations over every domain.
    pub fn operation_count(&self) -> usize {
        self.domains.iter().map(|d| d.operations.len()).sum()
    }
    /// Models over every domain.
    pub fn model_count(&self) -> usize {
        self.domains.iter().map(|d| d.models.len()).sum()
    }
    /// Domain-specific error codes over every domain (the common codes are counted once elsewhere).
    pub fn error_code_count(&self) -> usize {
        self.domains.iter().map(|d| d.error_codes.len()).sum()
    }
}

/// The file of the codes every operation can return (not a domain).
pub const COMMON_SPEC: &str = "common.json";

/// Reads `spec/common.json` below `root` (no common codes when it is absent).
pub fn load_common(root: &Path) -> Result<BTreeMap<String, ir::ErrorCodeDef>> {
    let path = root.join("spec").join(COMMON_SPEC);
    match std::fs::read_to_string(&path) {
        Ok(text) => ir::load_common(&format!("spec/{COMMON_SPEC}"), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// A domain document's file name: `<domain>.json` (not `common.json`; `ir.snapshot.json` and other
/// dotted names are not documents).
pub fn is_domain_document(file_name: &str) -> bool {
    file_name != COMMON_SPEC && is_spec_document(file_name)
}

/// A file regen reads: a domain document or `common.json`.
pub fn is_spec_document(file_name: &str) -> bool {
    file_name
        .strip_suffix(".json")
        .is_some_and(|stem| !stem.is_empty() && !stem.contains('.') && !stem.contains('/'))
}

/// Reads every `spec/<domain>.json` and `spec/intl/<domain>.json` below `root`.
pub fn load_domains(root: &Path) -> Result<Vec<ir::Domain>> {
    let mut texts = Vec::new();
    for site in spec::SiteName::ALL {
        let folder = site.folder();
        let dir = root.join(folder);
        if !dir.exists() && site != spec::SiteName::China {
            continue;
        }
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| is_spec_document(n))
            .collect();
        names.sort();
        for n in &names {
            let rel = format!("{folder}/{n}");
            let text = std::fs::read_to_string(dir.join(n)).with_context(|| format!("reading {rel}"))?;
            texts.push((rel, text));
        }
    }
    domains_from_texts(&texts)
}

/// The IR of documents given as (`spec/<file>.json`, text): the domain documents, and
/// `spec/common.json` when present; every problem of every document is reported together.
pub fn domains_from_texts(texts: &[(String, String)]) -> Result<Vec<ir::Domain>> {
    read_texts(texts, true)
}

/// [`domains_from_texts`] without the lints (for spec-diff, which may read an old revision).
pub fn domains_from_texts_unlinted(texts: &[(String, String)]) -> Result<Vec<ir::Domain>> {
    read_texts(texts, false)
}

fn read_texts(texts: &[(String, String)], lints: bool) -> Result<Vec<ir::Domain>> {
    let common_file = format!("spec/{COMMON_SPEC}");
    let common = match texts.iter().find(|(rel, _)| *rel == common_file) {
        Some((rel, text)) => ir::load_common(rel, text)?,
        None => BTreeMap::new(),
    };
    let mut domains = Vec::new();
    let mut problems = Vec::new();
    for (rel, text) in texts.iter().filter(|(rel, _)| *rel != common_file) {
        match ir::build_with(rel, text, &common, lints) {
            Ok(d) => domains.push(d),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(domains)
    } else {
        Err(anyhow::anyhow!(spec::Problems(problems)))
    }
}

/// Every generated file for the specs below `root`.
pub fn generate(root: &Path) -> Result<Output> {
    let domains = load_domains(root)?;
    let mut files = BTreeMap::new();
    if root.join("spec").join(COMMON_SPEC).exists() {
        files.insert(
            PathBuf::from("crates/core/src/codes.rs"),
            emit::render(
                &format!("spec/{COMMON_SPEC}"),
                emit::errors::common_codes_file(&load_common(root)?),
            )?,
        );
    }
    for d in &domains {
        files.extend(crate_files(d)?);
        let spec = &d.spec_file;
        let cases = emit::conformance::cases_file(d).with_context(|| format!("{spec}: conformance cases"))?;
        files.insert(
            PathBuf::from("tests/conformance/src/cases").join(format!("{}.rs", d.key)),
            emit::render(spec, cases)?,
        );
    }
    files.insert(
        PathBuf::from("tests/conformance/src/cases/mod.rs"),
        emit::render("spec/*.json", emit::conformance::cases_mod(&domains))?,
    );
    files.insert(PathBuf::from("spec/COVERAGE.md"), coverage(&domains));
    files.insert(PathBuf::from(IR_SNAPSHOT), ir_snapshot(&domains)?);
    files.insert(
        PathBuf::from("crates/mock/src/specs.rs"),
        emit::render("spec/*.json", emit::mock::specs_file(&domains))?,
    );
    files.insert(PathBuf::from("crates/bss/Cargo.toml"), facade_cargo_toml(&domains));
    files.insert(
        PathBuf::from("crates/bss/src/domains.rs"),
        emit::render("spec/*.json", facade_domains(&domains))?,
    );
    Ok(Output { files, domains })
}

/// The repository's license text, shipped inside every generated (published) crate.
const LICENSE: &str = include_str!("../../LICENSE");

/// The files of one domain's generated crate (`generated/<domain>/...`).
pub fn crate_files(d: &ir::Domain) -> Result<BTreeMap<PathBuf, String>> {
    let mut files = BTreeMap::new();
    let dir = d.crate_dir();
    let src = dir.join("src");
    let spec = &d.spec_file;
    files.insert(dir.join("Cargo.toml"), emit::client::cargo_toml(d));
    files.insert(dir.join("README.md"), emit::client::readme(d));
    files.insert(dir.join("LICENSE"), LICENSE.to_string());
    files.insert(src.join("lib.rs"), emit::render(spec, emit::client::lib_file(d))?);
    files.insert(src.join("client.rs"), emit::render(spec, emit::client::client_file(d))?);
    files.insert(
        src.join("builders.rs"),
        emit::render(spec, emit::builders::builders_file(d)?)?,
    );
    if d.operations.iter().any(|o| o.deprecated) {
        files.insert(
            src.join("legacy.rs"),
            emit::render(spec, emit::client::legacy_file(d)?)?,
        );
    }
    files.insert(
        src.join("operations.rs"),
        emit::render(spec, emit::client::operations_file(d))?,
    );
    files.insert(src.join("errors.rs"), emit::render(spec, emit::errors::errors_file(d))?);
    files.insert(
        src.join("enums.rs"),
        format!("{}\n{}", emit::stamp(spec), emit::enums::enums_file(d)),
    );
    files.insert(src.join("models.rs"), emit::render(spec, emit::models::models_file(d))?);
    files.insert(
        src.join("requests.rs"),
        emit::render(spec, emit::models::requests_file(d))?,
    );
    Ok(files)
}

/// The facade's tests and examples (hand-maintained list, emitted with the manifest).
///
/// Path-only dev-dependencies are dropped by `cargo publish`, so the published facade does not
/// depend on the mock. The dev-dependency on the facade itself turns on `orders` for tests and
/// examples only, so that `cargo run --example quickstart` works without `--features` while
/// the library's default features stay empty. Benchmarks live in the unpublished `benches/`
/// crate, so that criterion is never built for an example.
const FACADE_DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
futures-util = { version = "0.3", default-features = false }
huaweicloud-bss = { path = ".", features = ["orders"] }
huaweicloud-bss-mock = { path = "../mock" }
reqwest.workspace = true
serde_json.workspace = true
tokio.workspace = true
tracing.workspace = true
tracing-subscriber = { version = "0.3", default-features = false, features = ["fmt", "std"] }

[[example]]
name = "quickstart"
required-features = ["orders"]

[[example]]
name = "partner"
required-features = ["customers", "accounts", "bills"]

[[example]]
name = "customer"
required-features = ["bills", "resources"]

[[example]]
name = "typed_errors"
required-features = ["orders"]

[[example]]
name = "tracing"
required-features = ["orders"]

[[example]]
name = "international"
required-features = ["intl-accounts", "intl-bills", "intl-customers"]
"#;

fn facade_cargo_toml(domains: &[ir::Domain]) -> String {
    let mut s = String::from(
        "# @generated by `cargo xtask regen` from spec/*.json. Do not edit: change the spec or codegen/.\n\
[package]\n\
name = \"huaweicloud-bss\"\n\
version = \"0.1.0\"\n\
description = \"Typed Rust bindings for Huawei Cloud BSS (billing) APIs; one feature per domain.\"\n",
    );
    s.push_str(&emit::package_metadata("huaweicloud-bss", "../../README.md"));
    s.push_str("\n[features]\n# No domain by default: enable the ones you call (`full` for all).\n");
    let names = |site: spec::SiteName| -> String {
        let names: Vec<_> = domains
            .iter()
            .filter(|d| d.site == site)
            .map(|d| format!("\"{}\"", d.feature()))
            .collect();
        names.join(", ")
    };
    s.push_str(&format!(
        "default = []\n# Every domain of the China site's API.\nfull = [{}]\n\
         # Every domain of the international API (international and European sites).\nintl = [{}]\n",
        names(spec::SiteName::China),
        names(spec::SiteName::International)
    ));
    let legacy: Vec<_> = domains
        .iter()
        .filter(|d| d.operations.iter().any(|o| o.deprecated))
        .map(|d| format!("\"{}?/legacy\"", d.crate_name))
        .collect();
    s.push_str(&format!(
        "# The operations Huawei Cloud deprecated ((旧)), in each enabled domain's `legacy` module.\nlegacy = [{}]\n",
        legacy.join(", ")
    ));
    for d in domains {
        s.push_str(&format!("{} = [\"dep:{}\"]\n", d.feature(), d.crate_name));
    }
    s.push_str("\n[dependencies]\nhuaweicloud-bss-core.workspace = true\n");
    for d in domains {
        s.push_str(&format!(
            "{} = {{ path = \"../../{}\", version = \"0.1.0\", optional = true }}\n",
            d.crate_name,
            d.crate_dir().display()
        ));
    }
    s.push_str(FACADE_DEV_DEPENDENCIES);
    s
}

/// `spec/COVERAGE.md`: every operation of both sites with its references, samples and error codes.
fn coverage(domains: &[ir::Domain]) -> String {
    let mut out = String::from(
        "<!-- @generated by `cargo xtask regen` from spec/*.json and spec/intl/*.json. Do not edit. -->\n# Coverage\n",
    );
    for (site, title) in [
        (spec::SiteName::China, "China site (`spec/`)"),
        (spec::SiteName::International, "International site (`spec/intl/`)"),
    ] {
        let of_site: Vec<&ir::Domain> = domains.iter().filter(|d| d.site == site).collect();
        if !of_site.is_empty() {
            out.push_str(&format!("\n## {title}\n\n"));
            coverage_of_site(&mut out, &of_site);
        }
    }
    out
}

fn coverage_of_site(out: &mut String, domains: &[&ir::Domain]) {
    let ops: Vec<(&ir::Domain, &ir::Operation)> = domains
        .iter()
        .flat_map(|d| d.operations.iter().map(move |o| (*d, o)))
        .collect();
    use ir::SampleOrigin::{ChinaSiteDocs, Docs, PartlyWritten, Written};
    let count = |origin: ir::SampleOrigin| {
        ops.iter()
            .flat_map(|(_, o)| &o.samples)
            .filter(|s| s.origin() == origin)
            .count()
    };
    let (doc, china, partly, written) = (count(Docs), count(ChinaSiteDocs), count(PartlyWritten), count(Written));
    let codes: usize = ops.iter().map(|(_, o)| o.errors.len()).sum();
    let inferred: usize = ops
        .iter()
        .map(|(_, o)| o.errors.iter().filter(|e| e.inferred).count())
        .sum();
    let deprecated = ops.iter().filter(|(_, o)| o.deprecated).count();
    let china_text = if china > 0 {
        format!(
            ", {china} copied from the China site's page of an operation this site has unchanged (counted apart: \
             not this site's docs)"
        )
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{} operations ({} current, {} deprecated) in {} domains. Samples: {doc} copied from the docs{china_text}, \
         {partly} partly written by us (the docs' example was cut off or absent for one side, or changed to this \
         site's fields), {written} written by us from the documented fields. Error codes: {codes} documented per \
         operation, {inferred} of them inferred (the page's table was out of reach; the chapter's common codes, or \
         on the international site the China site's rows, are listed instead).\n\n",
        ops.len(),
        ops.len() - deprecated,
        deprecated,
        domains.len()
    ));
    let china_column = china > 0;
    if china_column {
        out.push_str(
            "Samples column: docs / China site's docs / partly written / written. Errors column: documented (inferred).\n\n",
        );
    } else {
        out.push_str("Samples column: docs / partly written / written. Errors column: documented (inferred).\n\n");
    }
    out.push_str("| Domain | Operation | 标题 | Method | Path | References | Deprecated | Samples | Errors |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for (d, o) in &ops {
        let refs: Vec<String> = o
            .references
            .iter()
            .map(|r| format!("[{}]({})", r.reference.as_str(), r.url))
            .collect();
        let dep = match (&o.deprecated, &o.replacement) {
            (true, Some(r)) => format!("yes → `{}`", r.id),
            (true, None) => "yes".to_string(),
            _ => String::new(),
        };
        let s = |origin: ir::SampleOrigin| o.samples.iter().filter(|x| x.origin() == origin).count();
        let samples = if china_column {
            format!(
                "{} / {} / {} / {}",
                s(Docs),
                s(ChinaSiteDocs),
                s(PartlyWritten),
                s(Written)
            )
        } else {
            format!("{} / {} / {}", s(Docs), s(PartlyWritten), s(Written))
        };
        let inferred = o.errors.iter().filter(|e| e.inferred).count();
        let errors = if inferred > 0 {
            format!("{} ({inferred})", o.errors.len())
        } else {
            o.errors.len().to_string()
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | `{}` | {} | {dep} | {samples} | {errors} |\n",
            d.name,
            o.id,
            o.title_zh,
            o.method,
            o.path,
            refs.join(" ")
        ));
    }
}

fn facade_domains(domains: &[ir::Domain]) -> proc_macro2::TokenStream {
    let item = |d: &ir::Domain| {
        let name = &d.name;
        let feature = d.feature();
        let m = quote::format_ident!("{}", d.name);
        let krate = quote::format_ident!("{}", d.crate_ident);
        let doc = match d.site {
            spec::SiteName::China => format!(" The {name} domain (feature `{feature}`)."),
            spec::SiteName::International => {
                format!(" The {name} domain of the international API (feature `{feature}`).")
            }
        };
        quote::quote! {
            #[cfg(feature = #feature)]
            #[doc = #doc]
            #[doc(inline)]
            pub use #krate as #m;
        }
    };
    let china = domains.iter().filter(|d| d.site == spec::SiteName::China).map(item);
    let intl = domains
        .iter()
        .filter(|d| d.site == spec::SiteName::International)
        .map(item);
    quote::quote! {
        //! One re-export per domain crate, each behind the cargo feature of the domain's name,
        //! inlined so that the facade's documentation shows every domain as a module.
        #(#china)*

        /// The international site's API (also served by the European site): one module per
        /// domain, each behind the feature `intl-<domain>`. Clients of these modules call
        /// `https://bss-intl.myhuaweicloud.com` unless the config names another site or endpoint.
        pub mod intl {
            #(#intl)*
        }
    }
}
