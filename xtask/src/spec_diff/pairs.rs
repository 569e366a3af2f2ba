//! The spec-mutation pairs: each `xtask/tests/fixtures/spec_diff/<case>.json` changes the
//! generator's demo fixture (`codegen/tests/fixtures/demo/spec/demo.json`) into a base and a head
//! by exact text replacements, and records the verdict cargo-semver-checks gave on the two crates
//! generated from them (`cargo xtask semver-agreement --write`). The tests check spec-diff's
//! verdict against that record, so CI needs no semver-checks.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// One pair of specs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// What the change is, in a few words.
    pub change: String,
    /// Replacements (`[from, to]`, each `from` found exactly once) turning the demo fixture into the base.
    pub base: Vec<(String, String)>,
    /// Replacements turning the demo fixture into the head.
    pub head: Vec<(String, String)>,
    /// Where cargo-semver-checks cannot see a break (it compares items, not every type): the body of
    /// a function using the base crate (`huaweicloud_bss_demo`) as a user would. The agreement
    /// command compiles it against both crates; a break is confirmed when it builds against the base
    /// and not against the head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<String>,
    /// What cargo-semver-checks said about the generated crates, `null` until it has been run.
    pub semver_checks: Option<SemverRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Breaking,
    NonBreaking,
}

impl Verdict {
    pub fn of(breaking: bool) -> Verdict {
        if breaking {
            Verdict::Breaking
        } else {
            Verdict::NonBreaking
        }
    }
}

/// A recorded cargo-semver-checks run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SemverRecord {
    /// `cargo-semver-checks 0.51.0`
    pub tool: String,
    /// Breaking: a lint that requires a new major version failed (`--release-type minor`).
    pub verdict: Verdict,
    /// The lints that failed, major and minor.
    pub lints: Vec<String>,
    /// The probe's outcome, when the pair has one: (builds against the base, builds against the head).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_builds: Option<(bool, bool)>,
}

impl SemverRecord {
    /// The verdict with the compiler's word where semver-checks is blind: a probe that builds
    /// against the base and not against the head is a break.
    pub fn confirmed_verdict(&self) -> Verdict {
        match self.probe_builds {
            Some((true, false)) => Verdict::Breaking,
            _ => self.verdict,
        }
    }
}

pub fn fixtures_dir(repo: &Path) -> PathBuf {
    repo.join("xtask/tests/fixtures/spec_diff")
}

pub fn demo_fixture(repo: &Path) -> PathBuf {
    repo.join("codegen/tests/fixtures/demo/spec/demo.json")
}

/// Every pair, by case name (the file stem), sorted.
pub fn load_pairs(repo: &Path) -> Result<Vec<(String, Pair)>> {
    let dir = fixtures_dir(repo);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = e?.path();
        if path.extension().and_then(|x| x.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path)?;
        let pair: Pair = serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?;
        out.push((name, pair));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Writes a pair back (after recording a semver-checks run).
pub fn save_pair(repo: &Path, name: &str, pair: &Pair) -> Result<()> {
    let mut text = serde_json::to_string_pretty(pair)?;
    text.push('\n');
    std::fs::write(fixtures_dir(repo).join(format!("{name}.json")), text)?;
    Ok(())
}

/// Applies replacements; each `from` must occur exactly once, so a fixture edit cannot silently
/// turn a case into a no-op.
pub fn apply(text: &str, edits: &[(String, String)]) -> Result<String> {
    let mut out = text.to_string();
    for (from, to) in edits {
        match out.matches(from.as_str()).count() {
            1 => out = out.replacen(from.as_str(), to, 1),
            n => bail!("{n} occurrences of {from:?} (expected exactly one)"),
        }
    }
    Ok(out)
}

/// The (base, head) documents of a pair.
pub fn sides(repo: &Path, pair: &Pair) -> Result<(String, String)> {
    let demo = std::fs::read_to_string(demo_fixture(repo))?;
    Ok((
        apply(&demo, &pair.base).context("base")?,
        apply(&demo, &pair.head).context("head")?,
    ))
}
