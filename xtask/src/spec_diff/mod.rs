//! `cargo xtask spec-diff [BASE] [HEAD] [--fail-on-breaking] [--summary]`: what a change to
//! `spec/` does to the users of the generated crates.
//!
//! Both sides are read into the IR by the generator itself ([`source`]); each is turned into the
//! API surface of its generated crates ([`surface`]); the surfaces are compared ([`compare`]) and
//! reported, breaking changes first ([`report`]). A side is a git revision, a folder (a
//! repository root holding `spec/`, or the spec folder itself) or, by default for HEAD, the
//! working tree.

pub mod compare;
pub mod pairs;
pub mod report;
pub mod source;
pub mod surface;

use std::path::Path;

use anyhow::Result;
use huaweicloud_bss_codegen::ir::Domain;

pub use report::Report;
pub use source::Source;

/// Exit code of `--fail-on-breaking` when a breaking change is found.
pub const EXIT_BREAKING: i32 = 3;
/// Exit code of a command-line usage error.
pub const EXIT_USAGE: i32 = 2;

const USAGE: &str = "usage: cargo xtask spec-diff [BASE] [HEAD] [--fail-on-breaking] [--summary]

Compares the API of the crates generated from spec/*.json at BASE (default: HEAD) with HEAD
(default: the working tree) and prints a Markdown report, breaking changes first.

  BASE, HEAD          a git revision, or an existing folder: a repository root holding
                      spec/, or the spec folder itself
  --fail-on-breaking  exit with code 3 when a breaking change is found
  --summary           print the one-line summary only";

/// The report of two sides already read into the IR.
pub fn diff(base: &[Domain], head: &[Domain]) -> Report {
    let (b, h) = (surface::surface(base), surface::surface(head));
    Report {
        changes: compare::compare(&b, &h),
        endpoints: compare::endpoints(&b, &h),
    }
}

/// The report of a base and a head document of the demo domain (the spec-mutation pairs).
pub fn pair_report(base: &str, head: &str) -> Result<Report> {
    let read =
        |text: &str| huaweicloud_bss_codegen::domains_from_texts(&[("spec/demo.json".to_string(), text.to_string())]);
    Ok(diff(&read(base)?, &read(head)?))
}

/// Breaking or not, for a pair.
pub fn pair_verdict(base: &str, head: &str) -> Result<pairs::Verdict> {
    Ok(pairs::Verdict::of(pair_report(base, head)?.breaking_count() > 0))
}

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
    let report = diff(&source::load(root, &base)?, &source::load(root, &head)?);
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
/// `spec against HEAD: 3 breaking, 12 non-breaking in 2 domains`, or `spec unchanged against HEAD`.
pub fn summary_against_head(root: &Path) -> Result<String> {
    let report = diff(
        &source::load(root, &Source::Rev("HEAD".into()))?,
        &source::load(root, &Source::WorkTree)?,
    );
    Ok(if report.is_empty() {
        "API unchanged against HEAD".to_string()
    } else {
        format!("spec against HEAD: {}", report.summary())
    })
}
