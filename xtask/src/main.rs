//! `cargo xtask <command>`: maintainer commands.
//!
//! - `regen`: regenerate every file derived from `spec/` (offline, deterministic).
//! - `check`: fail if any derived file differs from what `regen` would write.
//! - `ir`: write the IR snapshot (`spec/ir.snapshot.json`) alone; regen writes it too.
//! - `spec-diff [BASE] [HEAD] [--fail-on-breaking]`: what a spec change does to the API.
//! - `semver-agreement [--write] [CASE...]`: spec-diff's verdict on the spec-mutation pairs
//!   against cargo-semver-checks run on the generated crates (maintainer command).
//! - `sdk-compare [PATH] [--write]`: the spec against the official Python SDK, both ways.
//! - `msrv`: no locked dependency of a published crate needs a newer Rust than it declares.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod msrv;
mod sdk_compare;
mod semver_agreement;
mod spec_diff;

/// Folders whose every file is generated: a file there that regen does not produce is stale.
const GENERATED_DIRS: &[&str] = &["generated", "tests/conformance/src/cases"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repo_root();
    let result = match args.first().map(String::as_str) {
        Some("regen") => regen(&root),
        Some("check") => check(&root),
        Some("msrv") => msrv::run(&root),
        Some("ir") => ir(&root),
        Some(cmd @ ("spec-diff" | "sdk-compare" | "semver-agreement")) => {
            let run = match cmd {
                "spec-diff" => spec_diff::run,
                "sdk-compare" => sdk_compare::run,
                _ => semver_agreement::run,
            };
            return match run(&root, &args[1..]) {
                Ok(code) => ExitCode::from(code as u8),
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {
            eprintln!("usage: cargo xtask <regen|check|ir|msrv|spec-diff [BASE] [HEAD] [--fail-on-breaking]|semver-agreement [--write] [CASE...]|sdk-compare [PATH] [--write]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_path_buf()
}

/// Files currently on disk inside the generated folders, relative to `root`.
fn existing_generated(root: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    for dir in GENERATED_DIRS {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else { continue };
            for e in entries {
                let p = e?.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.insert(p.strip_prefix(root)?.to_path_buf());
                }
            }
        }
    }
    Ok(out)
}

/// What regen would change: (added, changed, removed).
type Changes = (Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>);

fn diff(root: &Path, out: &huaweicloud_bss_codegen::Output) -> Result<Changes> {
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    for (path, content) in &out.files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(old) if old == *content => {}
            Ok(_) => changed.push(path.clone()),
            Err(_) => added.push(path.clone()),
        }
    }
    let removed = existing_generated(root)?
        .into_iter()
        .filter(|p| !out.files.contains_key(p))
        .collect();
    Ok((added, changed, removed))
}

fn regen(root: &Path) -> Result<()> {
    let out = huaweicloud_bss_codegen::generate(root)?;
    let (added, changed, removed) = diff(root, &out)?;
    for path in added.iter().chain(&changed) {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().expect("file paths have a parent"))?;
        std::fs::write(&full, &out.files[path]).with_context(|| format!("writing {}", path.display()))?;
    }
    for path in &removed {
        std::fs::remove_file(root.join(path))?;
    }
    println!(
        "regen: {} domains, {} operations, {} models, {} error codes; {} files",
        out.domains.len(),
        out.operation_count(),
        out.model_count(),
        out.error_code_count(),
        out.files.len()
    );
    for d in &out.domains {
        let samples: usize = d.operations.iter().map(|o| o.samples.len()).sum();
        println!(
            "  {:<12} {:>3} operations {:>4} models {:>4} error codes {:>3} samples",
            d.name,
            d.operations.len(),
            d.models.len(),
            d.error_codes.len(),
            samples
        );
    }
    if added.is_empty() && changed.is_empty() && removed.is_empty() {
        println!("no changes to generated files");
    }
    for p in &added {
        println!("  added   {}", p.display());
    }
    for p in &changed {
        println!("  changed {}", p.display());
    }
    for p in &removed {
        println!("  removed {}", p.display());
    }
    match spec_diff::summary_against_head(root) {
        Ok(summary) => println!("{summary} (details: cargo xtask spec-diff)"),
        Err(e) => println!("spec diff against HEAD unavailable: {e:#}"),
    }
    Ok(())
}

/// `cargo xtask ir`: the resolved IR of every domain as JSON, for a reviewer to diff.
fn ir(root: &Path) -> Result<()> {
    let domains = huaweicloud_bss_codegen::load_domains(root)?;
    let text = huaweicloud_bss_codegen::ir_snapshot(&domains)?;
    let path = root.join(huaweicloud_bss_codegen::IR_SNAPSHOT);
    std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    println!(
        "ir: {} domains, {} bytes -> {}",
        domains.len(),
        text.len(),
        huaweicloud_bss_codegen::IR_SNAPSHOT
    );
    Ok(())
}

fn check(root: &Path) -> Result<()> {
    let out = huaweicloud_bss_codegen::generate(root)?;
    let (added, changed, removed) = diff(root, &out)?;
    if added.is_empty() && changed.is_empty() && removed.is_empty() {
        println!("check: {} generated files are up to date", out.files.len());
        return Ok(());
    }
    let mut msg = String::from("generated files are stale; run `cargo xtask regen` and commit the result:\n");
    for p in &added {
        msg.push_str(&format!("  missing {}\n", p.display()));
    }
    for p in &changed {
        msg.push_str(&format!("  differs {}\n", p.display()));
        let old = std::fs::read_to_string(root.join(p)).unwrap_or_default();
        if let Some((n, (a, b))) = old
            .lines()
            .zip(out.files[p].lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            msg.push_str(&format!(
                "    line {}: on disk   {a}\n    line {}: generated {b}\n",
                n + 1,
                n + 1
            ));
        }
    }
    for p in &removed {
        msg.push_str(&format!("  stale   {}\n", p.display()));
    }
    bail!(msg)
}

#[cfg(test)]
mod tests {
    /// `cargo test` alone catches generated files that are out of date.
    #[test]
    fn generated_files_are_fresh() {
        super::check(&super::repo_root()).unwrap();
    }
}
