//! Two surfaces compared. A change is **breaking** when code that compiled against the old crate
//! may not compile against the new one: a public item removed or its signature changed (a crate,
//! a method or stream, a request struct, field, constructor, setter or `Default`, a model, an
//! error-code variant, an operation static). Everything else is **non-breaking**: items added
//! (structs are `#[non_exhaustive]`, the error enum too) and behaviour or documentation facts
//! changed (retry safety, callers, documented error rows, pagination totals, constraints, values).

use std::collections::{BTreeMap, BTreeSet};

use super::surface::{CrateSurface, Group, Surface};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub crate_name: String,
    pub group: Group,
    pub breaking: bool,
    pub text: String,
}

pub fn compare(base: &Surface, head: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
    for name in names {
        match (base.get(name), head.get(name)) {
            (Some(b), None) => out.push(Change {
                crate_name: name.clone(),
                group: Group::Crate,
                breaking: true,
                text: format!(
                    "crate removed (domain `{}`, {} operations)",
                    b.domain,
                    b.endpoints.len()
                ),
            }),
            (None, Some(h)) => out.push(Change {
                crate_name: name.clone(),
                group: Group::Crate,
                breaking: false,
                text: format!("crate added (domain `{}`, {} operations)", h.domain, h.endpoints.len()),
            }),
            (Some(b), Some(h)) => compare_crate(&mut out, name, b, h),
            (None, None) => unreachable!("the name comes from one side"),
        }
    }
    out
}

/// Groups present on one side only: reported as one line, not item by item.
fn groups(s: &CrateSurface) -> BTreeSet<Group> {
    s.items.values().map(|i| i.group.clone()).collect()
}

fn describe(group: &Group) -> &'static str {
    match group {
        Group::Operation(_) => "operation",
        Group::Model(_) => "model",
        Group::Enum(_) => "enum",
        Group::ErrorCodes | Group::Crate => "item",
    }
}

fn compare_crate(out: &mut Vec<Change>, name: &str, b: &CrateSurface, h: &CrateSurface) {
    let (gb, gh) = (groups(b), groups(h));
    let mut push = |group: &Group, breaking: bool, text: String| {
        out.push(Change {
            crate_name: name.to_string(),
            group: group.clone(),
            breaking,
            text,
        })
    };
    for g in gb.difference(&gh) {
        push(g, true, format!("{} removed", describe(g)));
    }
    for g in gh.difference(&gb) {
        push(g, false, format!("{} added", describe(g)));
    }
    let whole = |g: &Group| gb.contains(g) != gh.contains(g);
    let keys: BTreeSet<&String> = b.items.keys().chain(h.items.keys()).collect();
    for key in keys {
        match (b.items.get(key), h.items.get(key)) {
            (Some(i), None) if !whole(&i.group) => push(&i.group, true, format!("removed `{}`", i.sig)),
            (None, Some(i)) if !whole(&i.group) => push(&i.group, false, format!("added `{}`", i.sig)),
            (Some(x), Some(y)) if x.sig != y.sig => {
                push(&y.group, true, format!("changed `{key}`: `{}` → `{}`", x.sig, y.sig))
            }
            _ => {}
        }
    }
    // A fact about an item added or removed is said by that item's line.
    let one_sided = |f: &super::surface::Fact| {
        f.about
            .as_ref()
            .is_some_and(|k| b.items.contains_key(k) != h.items.contains_key(k))
    };
    let facts: BTreeSet<&String> = b.facts.keys().chain(h.facts.keys()).collect();
    for key in facts {
        if b.facts.get(key).or(h.facts.get(key)).is_some_and(one_sided) {
            continue;
        }
        match (b.facts.get(key), h.facts.get(key)) {
            (Some(f), None) if !whole(&f.group) => push(&f.group, false, format!("{key}: removed ({})", f.value)),
            (None, Some(f)) if !whole(&f.group) => push(&f.group, false, format!("{key}: added ({})", f.value)),
            (Some(x), Some(y)) if x.value != y.value => {
                push(&y.group, false, format!("{key}: {} → {}", x.value, y.value))
            }
            _ => {}
        }
    }
}

/// The endpoints of both sides, to label operations in the report.
pub fn endpoints(base: &Surface, head: &Surface) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for s in [base, head] {
        for (name, c) in s {
            for (id, e) in &c.endpoints {
                out.insert((name.clone(), id.clone()), e.clone());
            }
        }
    }
    out
}
