//! `cargo xtask semver-agreement [--write] [CASE...]` (maintainer command, needs
//! `cargo install cargo-semver-checks --locked`): for every spec-mutation pair, generates the demo
//! crate from the base and from the head, runs cargo-semver-checks on the two, and compares its
//! verdict with spec-diff's. `--write` records the verdicts in the pair files, which the tests
//! (`cargo test -p xtask --test spec_diff`) then hold spec-diff to.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::spec_diff::pairs::{self, SemverRecord, Verdict};

/// Where the generated crates and their shared target folder go.
fn work_dir() -> PathBuf {
    std::env::temp_dir().join("bss-semver-agreement")
}

pub fn run(root: &Path, args: &[String]) -> Result<i32> {
    let write = args.iter().any(|a| a == "--write");
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let tool = semver_checks_version()?;
    let mut disagreements = 0;
    let mut ran = 0;
    for (name, mut pair) in pairs::load_pairs(root)? {
        if !only.is_empty() && !only.iter().any(|o| **o == name) {
            continue;
        }
        let (base, head) = pairs::sides(root, &pair).with_context(|| name.clone())?;
        let ours = crate::spec_diff::pair_verdict(&base, &head).with_context(|| name.clone())?;
        let dir = work_dir().join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        write_crate(root, &dir.join("base"), &base)?;
        write_crate(root, &dir.join("head"), &head)?;
        let mut record = semver_checks(&tool, &dir)?;
        if let Some(probe) = &pair.probe {
            record.probe_builds = Some((probe_builds(&dir, "base", probe)?, probe_builds(&dir, "head", probe)?));
        }
        ran += 1;
        let agree = record.confirmed_verdict() == ours;
        if !agree {
            disagreements += 1;
        }
        let probe = match record.probe_builds {
            Some((b, h)) => format!(" probe builds: base {b}, head {h}"),
            None => String::new(),
        };
        println!(
            "{name:<32} spec-diff {:<12} semver-checks {:<12} {}{probe} {}",
            format!("{ours:?}"),
            format!("{:?}", record.verdict),
            match (agree, record.verdict == ours) {
                (true, true) => "agree",
                (true, false) => "agree only by the probe (semver-checks does not see this break)",
                _ => "DISAGREE",
            },
            record.lints.join(" ")
        );
        if write {
            pair.semver_checks = Some(record);
            pairs::save_pair(root, &name, &pair)?;
        }
    }
    println!("{ran} pairs, {} agree, {disagreements} disagree", ran - disagreements);
    Ok(if disagreements > 0 { 1 } else { 0 })
}

fn semver_checks_version() -> Result<String> {
    let out = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .context("running cargo semver-checks (install: cargo install cargo-semver-checks --locked)")?;
    if !out.status.success() {
        bail!("cargo semver-checks is not installed: cargo install cargo-semver-checks --locked");
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The demo crate generated from `spec`, as a standalone package depending on this checkout's core.
fn write_crate(root: &Path, dir: &Path, spec: &str) -> Result<()> {
    let domains = huaweicloud_bss_codegen::domains_from_texts(&[("spec/demo.json".into(), spec.to_string())])?;
    let files = huaweicloud_bss_codegen::crate_files(&domains[0])?;
    for (path, text) in files {
        let rel = path.strip_prefix("generated/demo").unwrap_or(&path);
        let full = dir.join(rel);
        std::fs::create_dir_all(full.parent().expect("files have a parent"))?;
        let text = if rel == Path::new("Cargo.toml") {
            standalone_manifest(root, &text)
        } else {
            text
        };
        std::fs::write(full, text)?;
    }
    Ok(())
}

/// The generated manifest with the workspace inheritance resolved (dependencies pointed at
/// this checkout's core; inherited package metadata dropped, the edition set).
fn standalone_manifest(root: &Path, text: &str) -> String {
    let core = root.join("crates/core");
    let text = text
        .replace("edition.workspace = true", "edition = \"2021\"")
        .replace(
            "huaweicloud-bss-core.workspace = true",
            &format!("huaweicloud-bss-core = {{ path = {:?} }}", core.display().to_string()),
        )
        .replace(
            "serde.workspace = true",
            "serde = { version = \"1\", features = [\"derive\"] }",
        )
        .replace("serde_json.workspace = true", "serde_json = \"1\"");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_end().ends_with(".workspace = true"))
        .collect();
    kept.join("\n") + "\n\n[workspace]\n"
}

/// Whether the probe (a function body using `huaweicloud_bss_demo`) builds against one side.
fn probe_builds(dir: &Path, side: &str, body: &str) -> Result<bool> {
    let probe = dir.join(format!("probe-{side}"));
    std::fs::create_dir_all(probe.join("src"))?;
    std::fs::write(
        probe.join("Cargo.toml"),
        format!(
            "[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
             huaweicloud-bss-demo = {{ path = {:?} }}\n\n[workspace]\n",
            dir.join(side).display().to_string()
        ),
    )?;
    std::fs::write(
        probe.join("src/lib.rs"),
        format!("#![allow(dead_code, unused)]\nuse huaweicloud_bss_demo::*;\n\npub async fn probe(client: &Client) -> Result<(), Error> {{\n{body}\n}}\n"),
    )?;
    let status = Command::new("cargo")
        .args(["check", "--quiet", "--manifest-path"])
        .arg(probe.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work_dir().join("target"))
        .stderr(std::process::Stdio::null())
        .status()
        .context("running cargo check on the probe")?;
    Ok(status.success())
}

fn semver_checks(tool: &str, dir: &Path) -> Result<SemverRecord> {
    let out = Command::new("cargo")
        .args([
            "semver-checks",
            "check-release",
            "--release-type",
            "minor",
            "--manifest-path",
        ])
        .arg(dir.join("head/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("base"))
        .env("CARGO_TARGET_DIR", work_dir().join("target"))
        .output()
        .context("running cargo semver-checks")?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lints: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect();
    for l in text.lines().map(str::trim) {
        // Minor-level findings are warnings under `--release-type minor`.
        if let Some(rest) = l.strip_prefix("--- warning ") {
            if let Some(name) = rest.split(':').next() {
                lints.push(format!("{name} (minor)"));
            }
        }
    }
    lints.sort();
    lints.dedup();
    let breaking = !out.status.success();
    if breaking && lints.is_empty() {
        bail!("cargo semver-checks failed without a lint:\n{text}");
    }
    Ok(SemverRecord {
        tool: tool.to_string(),
        verdict: Verdict::of(breaking),
        lints,
        probe_builds: None,
    })
}
