//! The report: a one-line summary, then the breaking changes, then the others, grouped by crate
//! and by operation, model or error codes. Markdown, to paste into a pull request.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::Change;
use super::surface::Group;

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub changes: Vec<Change>,
    /// (crate, operation id) → `METHOD path`.
    pub endpoints: BTreeMap<(String, String), String>,
}

impl Report {
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    pub fn non_breaking_count(&self) -> usize {
        self.changes.len() - self.breaking_count()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// `2 breaking, 5 non-breaking in 1 domain`.
    pub fn summary(&self) -> String {
        let crates: BTreeSet<&str> = self.changes.iter().map(|c| c.crate_name.as_str()).collect();
        format!(
            "{} breaking, {} non-breaking in {} domain{}",
            self.breaking_count(),
            self.non_breaking_count(),
            crates.len(),
            if crates.len() == 1 { "" } else { "s" }
        )
    }

    fn subject(&self, krate: &str, group: &Group) -> String {
        match group {
            Group::Crate => "the crate".to_string(),
            Group::Operation(id) => match self.endpoints.get(&(krate.to_string(), id.clone())) {
                Some(e) => format!("`{id}` (`{e}`)"),
                None => format!("`{id}`"),
            },
            Group::Model(m) => format!("model `{m}`"),
            Group::Enum(e) => format!("enum `{e}`"),
            Group::ErrorCodes => "error codes".to_string(),
        }
    }

    fn section(&self, out: &mut String, title: &str, breaking: bool) {
        let mut by_crate: BTreeMap<&str, BTreeMap<&Group, Vec<&str>>> = BTreeMap::new();
        for c in self.changes.iter().filter(|c| c.breaking == breaking) {
            by_crate
                .entry(&c.crate_name)
                .or_default()
                .entry(&c.group)
                .or_default()
                .push(&c.text);
        }
        if by_crate.is_empty() {
            return;
        }
        out.push_str(&format!("\n## {title}\n"));
        for (krate, groups) in by_crate {
            out.push_str(&format!("\n### `{krate}`\n\n"));
            for (group, texts) in groups {
                out.push_str(&format!("- {}\n", self.subject(krate, group)));
                for t in texts {
                    out.push_str(&format!("  - {t}\n"));
                }
            }
        }
    }

    pub fn to_markdown(&self, base: &str, head: &str) -> String {
        let mut out = format!("# Spec diff: {base} → {head}\n\n");
        if self.is_empty() {
            out.push_str("No change to the generated API or its documented behaviour.\n");
            return out;
        }
        out.push_str(&format!("**{}**\n", self.summary()));
        self.section(&mut out, "Breaking changes", true);
        self.section(&mut out, "Non-breaking changes", false);
        out
    }
}
