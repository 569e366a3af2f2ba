//! Reading one side of the comparison: a git revision, a folder or the working tree, through the
//! generator's own reader (`codegen::domains_from_texts`), so both sides are the IR the crates
//! are generated from.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use huaweicloud_bss_codegen::{domains_from_texts_unlinted, ir::Domain, is_spec_document};

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

/// The IR of every domain document of a side.
pub fn load(root: &Path, source: &Source) -> Result<Vec<Domain>> {
    let texts = match source {
        Source::WorkTree => texts_in_dir(&root.join("spec"))?,
        Source::Dir(d) => texts_in_dir(d)?,
        Source::Rev(r) => texts_at_rev(root, r)?,
    };
    // The lints judge the spec's quality, not its API: an old revision they refuse still compares.
    domains_from_texts_unlinted(&texts).with_context(|| format!("reading the spec of {}", source.label()))
}

/// `(spec/<file>, text)` of every spec document (domains and `common.json`, and the international
/// site's `spec/intl/<file>`) in a folder: `dir/spec/` when it exists, else `dir`.
pub fn texts_in_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let dir = if dir.join("spec").is_dir() {
        dir.join("spec")
    } else {
        dir.to_path_buf()
    };
    let mut out = Vec::new();
    for (sub, prefix) in [(dir.clone(), "spec/"), (dir.join("intl"), "spec/intl/")] {
        if sub != dir && !sub.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&sub).with_context(|| format!("reading {}", sub.display()))? {
            let path = entry?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            if !path.is_file() || !is_spec_document(&name) {
                continue;
            }
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            out.push((format!("{prefix}{name}"), text));
        }
    }
    out.sort();
    Ok(out)
}

/// `(spec/<file>, text)` of every spec document (domains and `common.json`) at a git revision of the repository at `root`.
pub fn texts_at_rev(root: &Path, rev: &str) -> Result<Vec<(String, String)>> {
    git(
        root,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| anyhow!("`{rev}` is neither an existing folder nor a git revision"))?;
    let listing = git(root, &["ls-tree", "-r", "-z", "--name-only", rev, "spec/"])?;
    let mut out = Vec::new();
    for name in listing.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).to_string();
        let Some(file) = name.strip_prefix("spec/intl/").or_else(|| name.strip_prefix("spec/")) else {
            continue;
        };
        if !is_spec_document(file) {
            continue;
        }
        let text = git(root, &["show", &format!("{rev}:{name}")])?;
        out.push((
            name.clone(),
            String::from_utf8(text).with_context(|| format!("{name} at {rev}"))?,
        ));
    }
    out.sort();
    Ok(out)
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
