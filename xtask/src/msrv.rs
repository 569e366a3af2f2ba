//! `cargo xtask msrv`: the declared `rust-version` holds for what `Cargo.lock` resolves.
//!
//! Only the stable toolchain is on the build machines, so the MSRV is not checked by compiling
//! with that old compiler. What can drift without anyone noticing is the lock: a `cargo update`
//! that pulls in a dependency needing a newer compiler than we declare. This check walks the
//! normal and build dependencies (never dev-dependencies, which users do not build) of every
//! publishable workspace package and fails on any locked package whose own `rust-version` is
//! newer than the package's. Our own code's use of newer standard library items is caught by
//! clippy's `incompatible_msrv` lint, which reads the same `rust-version`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// A `rust-version` as comparable numbers: `1.88` and `1.88.0` are equal.
fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let mut parts = v.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    if parts.next().is_some() {
        return None;
    }
    Some((major, minor, patch))
}

/// Every locked package reached from a publishable workspace package that needs a newer
/// compiler than that package declares, as `name@version needs X (declared Y by root[ and N more])`.
pub fn offenders(metadata: &Value) -> Result<Vec<String>> {
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .context("metadata has no packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .context("metadata has no resolve graph (run without --no-deps)")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let members: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .context("metadata has no workspace members")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // (offender, declared) -> roots that reach it
    let mut out: BTreeMap<(String, String), BTreeSet<&str>> = BTreeMap::new();
    for root in &members {
        let pkg = packages.get(root).context("workspace member missing from packages")?;
        // `publish = false` appears as an empty list of registries.
        if pkg["publish"].as_array().is_some_and(|r| r.is_empty()) {
            continue;
        }
        let Some(declared) = pkg["rust_version"].as_str() else {
            bail!("{} is published but declares no rust-version", pkg["name"]);
        };
        let msrv = parse_version(declared).with_context(|| format!("bad rust-version {declared}"))?;
        let mut seen = BTreeSet::new();
        let mut stack = vec![*root];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let p = packages
                .get(id)
                .with_context(|| format!("{id} missing from packages"))?;
            if let Some(needed) = p["rust_version"].as_str() {
                let v = parse_version(needed).with_context(|| format!("bad rust-version {needed} of {id}"))?;
                if v > msrv {
                    let offender = format!(
                        "{}@{} needs Rust {needed}",
                        p["name"].as_str().unwrap_or("?"),
                        p["version"].as_str().unwrap_or("?"),
                    );
                    out.entry((offender, declared.to_string()))
                        .or_default()
                        .insert(pkg["name"].as_str().unwrap_or("?"));
                }
            }
            let Some(node) = nodes.get(id) else { continue };
            for dep in node["deps"].as_array().into_iter().flatten() {
                let user_facing = dep["dep_kinds"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| k["kind"].as_str() != Some("dev"));
                if user_facing {
                    if let Some(d) = dep["pkg"].as_str() {
                        stack.push(d);
                    }
                }
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|((offender, declared), roots)| {
            let first = roots.first().copied().unwrap_or("?");
            match roots.len() {
                1 => format!("{offender} (declared {declared} by {first})"),
                n => format!("{offender} (declared {declared} by {first} and {} more)", n - 1),
            }
        })
        .collect())
}

/// Runs `cargo metadata` on the locked graph (offline) and reports.
pub fn run(root: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--all-features"])
        .current_dir(root)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout).context("parsing cargo metadata")?;
    let bad = offenders(&metadata)?;
    if bad.is_empty() {
        println!("msrv: every locked dependency of the published crates builds with their declared rust-version");
        return Ok(());
    }
    bail!(
        "the lock needs a newer compiler than declared; raise rust-version or pin these:\n  {}",
        bad.join("\n  ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A workspace `app` (rust-version 1.80) -> `a` (1.75) -> `b` (1.82, build dependency);
    /// `app` -dev-> `c` (1.90); an unpublished member `tool` -> `d` (1.95).
    fn metadata(b_version: &str) -> Value {
        let pkg = |id: &str, rv: Option<&str>, publish: Value| json!({"id": id, "name": id, "version": "1.0.0", "rust_version": rv, "publish": publish});
        let dep = |id: &str, kind: Option<&str>| json!({"pkg": id, "dep_kinds": [{"kind": kind}]});
        json!({
            "packages": [
                pkg("app", Some("1.80"), Value::Null),
                pkg("tool", Some("1.80"), json!([])),
                pkg("a", Some("1.75"), Value::Null),
                pkg("b", Some(b_version), Value::Null),
                pkg("c", Some("1.90"), Value::Null),
                pkg("d", Some("1.95"), Value::Null),
            ],
            "workspace_members": ["app", "tool"],
            "resolve": {"nodes": [
                {"id": "app", "deps": [dep("a", None), dep("c", Some("dev"))]},
                {"id": "a", "deps": [dep("b", Some("build"))]},
                {"id": "b", "deps": []},
                {"id": "c", "deps": []},
                {"id": "tool", "deps": [dep("d", None)]},
                {"id": "d", "deps": []},
            ]}
        })
    }

    #[test]
    fn a_transitive_build_dependency_newer_than_declared_fails() {
        assert_eq!(
            offenders(&metadata("1.82")).unwrap(),
            ["b@1.0.0 needs Rust 1.82 (declared 1.80 by app)"]
        );
    }

    #[test]
    fn dev_dependencies_and_unpublished_members_do_not_count() {
        assert!(offenders(&metadata("1.80.0")).unwrap().is_empty());
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(parse_version("1.88"), parse_version("1.88.0"));
        assert!(parse_version("1.100") > parse_version("1.99.9"));
        assert_eq!(parse_version("1.x"), None);
    }
}
