//! `cargo xtask spec-diff`: one fixture pair per kind of change, each with its exact report, and
//! the real spec against itself.
//!
//! A fixture is `tests/fixtures/spec_diff/<case>/{base,head}/*.json` plus `expected.md`, the
//! report of `base` → `head`. After a deliberate change to the report's wording, rewrite the
//! expected files with `SPEC_DIFF_BLESS=1 cargo test -p xtask --test spec_diff` and review them.

// xtask is a binary crate: compile the module into this test directly.
#[path = "../src/spec_diff.rs"]
#[allow(dead_code)]
mod spec_diff;

use std::path::{Path, PathBuf};

use spec_diff::{diff, load, load_dir, load_rev, run, summary_against_head, Source, EXIT_BREAKING, EXIT_USAGE};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec_diff")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The report of a fixture, compared with its `expected.md`.
fn check(case: &str) -> spec_diff::Report {
    let dir = fixtures().join(case);
    let report = diff(
        &load_dir(&dir.join("base")).unwrap(),
        &load_dir(&dir.join("head")).unwrap(),
    );
    let actual = report.to_markdown("base", "head");
    let expected_path = dir.join("expected.md");
    if std::env::var_os("SPEC_DIFF_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert!(
        actual == expected,
        "{case}: the report differs from expected.md\n--- actual ---\n{actual}--- expected ---\n{expected}"
    );
    report
}

/// (breaking, additive) counts of a fixture's report.
fn counts(case: &str) -> (usize, usize) {
    let r = check(case);
    (r.breaking_count(), r.additive_count())
}

#[test]
fn operation_added() {
    assert_eq!(counts("operation_added"), (0, 1));
}

#[test]
fn operation_removed() {
    assert_eq!(counts("operation_removed"), (1, 0));
}

#[test]
fn parameter_added_optional() {
    assert_eq!(counts("parameter_added_optional"), (0, 1));
}

#[test]
fn parameter_added_required() {
    assert_eq!(counts("parameter_added_required"), (1, 0));
}

#[test]
fn parameter_required_changed() {
    assert_eq!(counts("parameter_required_changed"), (2, 0));
}

#[test]
fn parameter_removed() {
    assert_eq!(counts("parameter_removed"), (1, 0));
}

#[test]
fn field_added() {
    // Optional request and response fields are additive; a required request field is not.
    let (breaking, additive) = counts("field_added");
    assert_eq!(breaking, 2, "operator_id, in both operations sharing CancelOrderReq");
    assert!(additive >= 3);
}

#[test]
fn field_removed() {
    let (breaking, additive) = counts("field_removed");
    assert!(breaking >= 2);
    assert_eq!(additive, 0);
}

#[test]
fn type_changed() {
    let (breaking, additive) = counts("type_changed");
    assert!(breaking >= 4);
    assert!(additive >= 1, "the constraint changes that come with it");
}

#[test]
fn constraint_changed() {
    let (breaking, additive) = counts("constraint_changed");
    assert_eq!(breaking, 0);
    assert!(additive >= 4);
}

#[test]
fn enum_value_added() {
    assert_eq!(counts("enum_value_added"), (0, 2));
}

#[test]
fn enum_value_removed() {
    assert_eq!(counts("enum_value_removed"), (1, 0));
}

#[test]
fn error_code_added() {
    assert_eq!(counts("error_code_added").0, 0);
}

#[test]
fn error_code_removed() {
    // The domain's code is breaking (an enum variant goes); the operation's list is documentation.
    assert_eq!(counts("error_code_removed").0, 1);
}

#[test]
fn deprecation() {
    assert_eq!(counts("deprecation").0, 0);
}

#[test]
fn sample_changed() {
    assert_eq!(counts("sample_changed"), (0, 2));
}

#[test]
fn domain_added() {
    assert_eq!(counts("domain_added"), (0, 1));
}

#[test]
fn domain_removed() {
    assert_eq!(counts("domain_removed"), (1, 0));
}

#[test]
fn metadata_changed() {
    assert_eq!(counts("metadata_changed").0, 0);
}

#[test]
fn schema_unused() {
    assert_eq!(counts("schema_unused"), (2, 0));
}

#[test]
fn several_domains() {
    let r = check("several_domains");
    assert_eq!(r.summary(), "2 breaking, 2 additive in 2 domains");
}

#[test]
fn every_fixture_has_a_test() {
    let source = include_str!("spec_diff.rs");
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().to_string();
            assert!(
                source.contains(&format!("check(\"{name}\")")) || source.contains(&format!("counts(\"{name}\")")),
                "{name}"
            );
        }
    }
}

#[test]
fn fail_on_breaking_sets_the_exit_code() {
    let arg = |case: &str, side: &str| fixtures().join(case).join(side).to_string_lossy().to_string();
    let args = |case: &str, flag: bool| {
        let mut a = vec![arg(case, "base"), arg(case, "head")];
        if flag {
            a.push("--fail-on-breaking".to_string());
        }
        a
    };
    let root = repo_root();
    assert_eq!(run(&root, &args("operation_removed", true)).unwrap(), EXIT_BREAKING);
    assert_eq!(EXIT_BREAKING, 3);
    assert_eq!(run(&root, &args("operation_removed", false)).unwrap(), 0);
    assert_eq!(run(&root, &args("operation_added", true)).unwrap(), 0);
    assert_eq!(run(&root, &["--bogus".to_string()]).unwrap(), EXIT_USAGE);
    assert_eq!(run(&root, &["a".into(), "b".into(), "c".into()]).unwrap(), EXIT_USAGE);
    assert!(run(
        &root,
        &["no-such-revision-or-folder".into(), arg("operation_added", "base")]
    )
    .is_err());
}

#[test]
fn a_folder_is_a_repository_root_or_its_spec_folder() {
    let root = repo_root();
    assert_eq!(Source::parse(&root.to_string_lossy()), Source::Dir(root.clone()));
    assert_eq!(Source::parse("HEAD~1"), Source::Rev("HEAD~1".into()));
    let from_root = load_dir(&root).unwrap();
    assert!(from_root.len() >= 9, "the nine domains");
    assert_eq!(from_root, load_dir(&root.join("spec")).unwrap());
}

#[test]
fn real_spec_against_itself_is_unchanged() {
    let root = repo_root();
    let specs = load(&root, &Source::WorkTree).unwrap();
    let report = diff(&specs, &specs);
    assert!(report.is_empty(), "{:?}", report.changes);
    assert_eq!(report.summary(), "spec unchanged");
    assert_eq!(
        report.to_markdown("`HEAD`", "working tree"),
        "# Spec diff: `HEAD` → working tree\n\n**spec unchanged**\n"
    );
}

#[test]
fn real_spec_at_head_against_itself_is_unchanged() {
    let root = repo_root();
    let at_head = load_rev(&root, "HEAD").unwrap();
    assert!(at_head.len() >= 9, "the nine domains");
    assert!(diff(&at_head, &at_head).is_empty());
    assert_eq!(
        run(&root, &["HEAD".into(), "HEAD".into(), "--fail-on-breaking".into()]).unwrap(),
        0
    );
}

#[test]
fn summary_against_head_is_one_line() {
    let s = summary_against_head(&repo_root()).unwrap();
    assert!(
        s == "spec unchanged against HEAD" || s.starts_with("spec against HEAD: "),
        "{s}"
    );
    assert!(!s.contains('\n'));
}
