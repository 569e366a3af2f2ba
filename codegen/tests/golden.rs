//! Golden test: a small spec that exercises every generator feature (pagination, batches,
//! deprecation, untyped responses, decimals as numbers and strings, keywords, path, query,
//! header and list parameters, self-referencing models, maps, any-JSON fields, error codes
//! including business errors in a 200 and inferred rows) against the exact output.
//!
//! After a deliberate generator change: `BLESS=1 cargo test -p huaweicloud-bss-codegen --test golden`.

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/demo")
}

#[test]
fn output_matches_the_golden_files() {
    let out = huaweicloud_bss_codegen::generate(&fixture()).unwrap();
    let golden = golden_dir();
    if std::env::var_os("BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        for (path, content) in &out.files {
            let p = golden.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
        }
    }
    let mut mismatches = Vec::new();
    for (path, content) in &out.files {
        match std::fs::read_to_string(golden.join(path)) {
            Ok(expected) if expected == *content => {}
            Ok(_) => mismatches.push(format!("differs: {}", path.display())),
            Err(_) => mismatches.push(format!("missing golden: {}", path.display())),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{mismatches:#?}\nrun with BLESS=1 after a deliberate change"
    );
    assert_eq!(out.operation_count(), 5);
    assert_eq!(out.error_code_count(), 3);
}

#[test]
fn generation_is_deterministic() {
    let a = huaweicloud_bss_codegen::generate(&fixture()).unwrap();
    let b = huaweicloud_bss_codegen::generate(&fixture()).unwrap();
    assert_eq!(a.files, b.files);
}

#[test]
fn invalid_specs_fail_with_a_clear_message() {
    let text = std::fs::read_to_string(fixture().join("spec/demo.json")).unwrap();
    let cases = [
        (
            r#""x-bss-replacement": "UpdateItems""#,
            r#""x-bss-replacement": "Nope""#,
            "replaced by Nope",
        ),
        (
            r#"{"code": "CBC.0100", "status": 400, "inferred": false}"#,
            r#"{"code": "CBC.4242", "status": 400, "inferred": false}"#,
            "CBC.4242",
        ),
        (
            r#"["ids", "a"], ["ids", "b"], "#,
            r#"["nope", "a"], "#,
            "sample query parameter \"nope\" is not in the spec",
        ),
        (
            r##""#/components/schemas/Item"}}}}"##,
            r##""#/components/schemas/Missing"}}}}"##,
            "missing schema Missing",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(text.contains(from), "fixture lacks {from}");
        let broken = text.replacen(from, to, 1);
        let err = huaweicloud_bss_codegen::ir::load_domain("spec/demo.json", &broken, &Default::default())
            .and_then(|d| huaweicloud_bss_codegen::emit::conformance::cases_file(&d).map(|_| ()));
        let message = format!("{:#}", err.expect_err(expected));
        assert!(message.contains(expected), "{message} lacks {expected}");
    }
}
