//! `cargo xtask spec-diff` on the spec-mutation pairs (`tests/fixtures/spec_diff/<case>.json`).
//!
//! Evidence: each pair records the verdict cargo-semver-checks gave on the two crates generated
//! from it (`cargo xtask semver-agreement --write`); spec-diff must agree. A pair without a
//! record fails the test: it has not been checked. Each pair's report is also compared with its
//! `<case>.md` (smoke: the wording; rewrite with `SPEC_DIFF_BLESS=1 cargo test -p xtask --test
//! spec_diff` and review).

// xtask is a binary crate: compile the module tree into this test directly.
#[path = "../src/spec_diff/mod.rs"]
#[allow(dead_code)]
mod spec_diff;

use std::path::{Path, PathBuf};

use spec_diff::pairs::{self, Verdict};
use spec_diff::{pair_report, run, summary_against_head, EXIT_BREAKING, EXIT_USAGE};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn spec_diff_agrees_with_cargo_semver_checks_on_every_pair() {
    let root = repo_root();
    let all = pairs::load_pairs(&root).unwrap();
    assert!(all.len() >= 12, "only {} pairs", all.len());
    let mut unrecorded = Vec::new();
    let mut disagree = Vec::new();
    let (mut breaking, mut non_breaking) = (0, 0);
    for (name, pair) in &all {
        let (base, head) = pairs::sides(&root, pair).unwrap();
        let report = pair_report(&base, &head).unwrap();
        let ours = Verdict::of(report.breaking_count() > 0);
        match &pair.semver_checks {
            None => unrecorded.push(name.clone()),
            // Where semver-checks is blind (a changed return or field type), the recorded probe —
            // user code that builds against the base and not the head — is the compiler's verdict.
            Some(r) if r.confirmed_verdict() != ours => disagree.push(format!(
                "{name}: spec-diff {ours:?}, cargo-semver-checks {:?} ({})",
                r.verdict,
                r.lints.join(", ")
            )),
            Some(_) => {}
        }
        match ours {
            Verdict::Breaking => breaking += 1,
            Verdict::NonBreaking => non_breaking += 1,
        }
    }
    assert!(disagree.is_empty(), "{disagree:#?}");
    assert!(
        unrecorded.is_empty(),
        "no cargo-semver-checks verdict recorded for {unrecorded:?}: run `cargo xtask semver-agreement --write`"
    );
    // Both verdicts are exercised.
    assert!(
        breaking >= 5 && non_breaking >= 5,
        "{breaking} breaking, {non_breaking} not"
    );
}

#[test]
fn every_pair_has_its_expected_report() {
    let root = repo_root();
    let mut mismatches = Vec::new();
    for (name, pair) in pairs::load_pairs(&root).unwrap() {
        let (base, head) = pairs::sides(&root, &pair).unwrap();
        let actual = pair_report(&base, &head).unwrap().to_markdown("base", "head");
        let path = pairs::fixtures_dir(&root).join(format!("{name}.md"));
        if std::env::var_os("SPEC_DIFF_BLESS").is_some() {
            std::fs::write(&path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!("{name}\n--- actual ---\n{actual}--- expected ---\n{expected}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Facts the old JSON-level diff got wrong, stated directly.
#[test]
fn the_verdicts_follow_the_generated_api() {
    let root = repo_root();
    let verdict = |case: &str| {
        let pair = pairs::load_pairs(&root)
            .unwrap()
            .into_iter()
            .find(|(n, _)| n == case)
            .unwrap()
            .1;
        let (base, head) = pairs::sides(&root, &pair).unwrap();
        let r = pair_report(&base, &head).unwrap();
        (r.breaking_count() > 0, r.to_markdown("b", "h"))
    };
    // A response field becoming required does not change the generated type.
    assert!(!verdict("response_field_made_required").0);
    // T -> Batch<T, F> and a removed `_items` stream break callers.
    let (b, md) = verdict("partial_failures_added");
    assert!(
        b && md.contains("Batch<models::UpdateItemsResponse, models::ErrorDetail>"),
        "{md}"
    );
    let (b, md) = verdict("pagination_removed");
    assert!(b && md.contains("removed `pub fn list_items_items"), "{md}");
    assert!(md.contains("removed `pub fn list_items_pages"), "{md}");
    // Retry safety is behaviour, reported, not breaking.
    let (b, md) = verdict("retry_safety_changed");
    assert!(!b && md.contains("retry safety of UpdateItems"), "{md}");
}

#[test]
fn the_real_spec_against_itself_has_no_change() {
    let root = repo_root();
    let domains = huaweicloud_bss_codegen::load_domains(&root).unwrap();
    let report = spec_diff::diff(&domains, &domains);
    assert!(report.is_empty());
    assert_eq!(
        report.to_markdown("a", "b").lines().nth(2),
        Some("No change to the generated API or its documented behaviour.")
    );
}

#[test]
fn both_sites_are_read_and_an_intl_change_is_reported_in_its_intl_crate() {
    let root = repo_root();
    let texts = spec_diff::source::texts_in_dir(&root).unwrap();
    assert!(texts.iter().any(|(n, _)| n == "spec/orders.json"));
    assert!(texts.iter().any(|(n, _)| n == "spec/intl/orders.json"));
    let base = huaweicloud_bss_codegen::domains_from_texts_unlinted(&texts).unwrap();
    // The international CreateSubCustomer loses `domain_area`: breaking there, and only there.
    let head_texts: Vec<(String, String)> = texts
        .iter()
        .map(|(n, t)| {
            let t = if n == "spec/intl/customers.json" {
                t.replace(r#""domain_area""#, r#""domain_area_renamed""#)
            } else {
                t.clone()
            };
            (n.clone(), t)
        })
        .collect();
    let head = huaweicloud_bss_codegen::domains_from_texts_unlinted(&head_texts).unwrap();
    let report = spec_diff::diff(&base, &head);
    assert!(report.breaking_count() > 0);
    let md = report.to_markdown("a", "b");
    assert!(md.contains("huaweicloud-bss-intl-customers"), "{md}");
    assert!(!md.contains("`huaweicloud-bss-customers`"), "{md}");
}

#[test]
fn a_renamed_domain_is_a_removed_crate_and_an_added_one() {
    let root = repo_root();
    let demo = std::fs::read_to_string(pairs::demo_fixture(&root)).unwrap();
    let renamed = demo.replacen(r#""x-bss-domain": "demo""#, r#""x-bss-domain": "sample""#, 1);
    let read =
        |t: &str| huaweicloud_bss_codegen::domains_from_texts(&[("spec/demo.json".into(), t.to_string())]).unwrap();
    let r = spec_diff::diff(&read(&demo), &read(&renamed));
    assert_eq!((r.breaking_count(), r.non_breaking_count()), (1, 1));
    assert_eq!(r.summary(), "1 breaking, 1 non-breaking in 2 domains");
}

/// A folder per side, as `cargo xtask spec-diff DIR DIR` reads them.
fn side_dirs(case: &str) -> (tempdir::Dir, tempdir::Dir) {
    let root = repo_root();
    let pair = pairs::load_pairs(&root)
        .unwrap()
        .into_iter()
        .find(|(n, _)| n == case)
        .unwrap()
        .1;
    let (base, head) = pairs::sides(&root, &pair).unwrap();
    (tempdir::Dir::with("base", &base), tempdir::Dir::with("head", &head))
}

mod tempdir {
    use std::path::PathBuf;

    /// A folder holding `spec/demo.json`, removed on drop.
    pub struct Dir(pub PathBuf);

    impl Dir {
        pub fn with(tag: &str, spec: &str) -> Dir {
            let dir = std::env::temp_dir().join(format!("spec-diff-test-{}-{tag}-{}", std::process::id(), rand()));
            std::fs::create_dir_all(dir.join("spec")).unwrap();
            std::fs::write(dir.join("spec/demo.json"), spec).unwrap();
            Dir(dir)
        }
        pub fn arg(&self) -> String {
            self.0.display().to_string()
        }
    }

    fn rand() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn the_command_line_reads_folders_and_sets_the_exit_code() {
    let root = repo_root();
    let (base, head) = side_dirs("operation_removed");
    assert_eq!(run(&root, &[base.arg(), head.arg()]).unwrap(), 0);
    assert_eq!(
        run(&root, &[base.arg(), head.arg(), "--fail-on-breaking".into()]).unwrap(),
        EXIT_BREAKING
    );
    assert_eq!(
        run(&root, &[head.arg(), base.arg(), "--fail-on-breaking".into()]).unwrap(),
        0
    );
    assert_eq!(run(&root, &[base.arg(), head.arg(), "--summary".into()]).unwrap(), 0);
    assert_eq!(run(&root, &["--bogus".into()]).unwrap(), EXIT_USAGE);
    assert_eq!(run(&root, &["a".into(), "b".into(), "c".into()]).unwrap(), EXIT_USAGE);
    let err = run(&root, &["no-such-revision-xyz".into(), head.arg()]).unwrap_err();
    assert!(
        format!("{err:#}").contains("neither an existing folder nor a git revision"),
        "{err:#}"
    );
}

#[test]
fn the_regen_summary_reads_head_and_the_working_tree() {
    let s = summary_against_head(&repo_root()).unwrap();
    assert!(
        s == "API unchanged against HEAD" || s.starts_with("spec against HEAD: "),
        "{s}"
    );
}

#[test]
fn common_codes_are_the_runtime_crates_surface() {
    let root = repo_root();
    let demo = std::fs::read_to_string(pairs::demo_fixture(&root)).unwrap();
    let common = |codes: &str| format!(r#"{{"x-bss-error-codes": {{{codes}}}}}"#);
    let throttled =
        r#""APIG.0308": {"status": 429, "message": "Throttled.", "message_zh": "流控", "class": "throttling"}"#;
    let missing =
        r#""APIG.0101": {"status": 404, "message": "No such API.", "message_zh": "API不存在", "class": "not_found"}"#;
    let read = |common: String| {
        huaweicloud_bss_codegen::domains_from_texts(&[
            ("spec/common.json".into(), common),
            ("spec/demo.json".into(), demo.clone()),
        ])
        .unwrap()
    };
    let base = read(common(&format!("{throttled}, {missing}")));
    let head = read(common(&throttled.replace("throttling", "transient")));
    let r = spec_diff::diff(&base, &head);
    let md = r.to_markdown("b", "h");
    assert_eq!((r.breaking_count(), r.non_breaking_count()), (1, 1), "{md}");
    assert!(md.contains("removed `CommonCode::Apig0101`"), "{md}");
    assert!(md.contains("class of APIG.0308: Throttling → Transient"), "{md}");
}
