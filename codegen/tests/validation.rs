//! The typed spec model and the lints: each case breaks the demo fixture in one way and checks
//! that regen fails naming the file, the operation, the JSON path and what is wrong. Evidence:
//! every expected message is written by hand from the rule, not produced by the code under test.

use std::path::Path;

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo/spec/demo.json")).unwrap()
}

/// The problems of a mutated fixture, one per line.
fn problems(from: &str, to: &str) -> Vec<String> {
    let text = fixture();
    assert!(text.contains(from), "fixture lacks {from}");
    let broken = text.replacen(from, to, 1);
    match huaweicloud_bss_codegen::ir::build("spec/demo.json", &broken, &Default::default()) {
        Ok(_) => vec![],
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

fn assert_problem(from: &str, to: &str, expected: &[&str]) {
    let found = problems(from, to);
    assert!(
        found.iter().any(|p| expected.iter().all(|e| p.contains(e))),
        "no problem contains all of {expected:?}; found {found:#?}"
    );
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(problems("", ""), Vec::<String>::new());
}

#[test]
fn a_missing_provenance_flag_is_an_error_not_a_default() {
    assert_problem(
        r#""request_written_by_us": false, "response_written_by_us": false
        }]
      }
    },
    "/v2/demo/items/{item_id}""#,
        r#""request_written_by_us": false
        }]
      }
    },
    "/v2/demo/items/{item_id}""#,
        &[
            "spec/demo.json: ListItems: /paths/~1v2~1demo~1items/get/x-bss-samples/0",
            "missing field `response_written_by_us`",
        ],
    );
    assert_problem(
        r#"{"code": "CBC.0100", "status": 400, "inferred": false}"#,
        r#"{"code": "CBC.0100", "status": 400}"#,
        &[
            "ListItems: /paths/~1v2~1demo~1items/get/x-bss-errors/0",
            "missing field `inferred`",
        ],
    );
}

#[test]
fn misspelt_and_mistyped_extensions_are_errors() {
    assert_problem(
        r#""x-bss-rate-limit": 20"#,
        r#""x-bss-rate-limt": 20"#,
        &[
            "ListItems: /paths/~1v2~1demo~1items/get/x-bss-rate-limt",
            "unknown extension",
        ],
    );
    assert_problem(
        r#""x-bss-idempotent": true,
        "x-bss-rate-limit": 20"#,
        r#""x-bss-idempotent": "yes",
        "x-bss-rate-limit": 20"#,
        &[
            "ListItems: /paths/~1v2~1demo~1items/get/x-bss-idempotent",
            "expected a boolean",
        ],
    );
    assert_problem(
        r#""x-bss-callers": ["customer", "partner"]"#,
        r#""x-bss-callers": ["customer", "reseller"]"#,
        &[
            "ListItems: /paths/~1v2~1demo~1items/get/x-bss-callers/1",
            "unknown variant `reseller`",
        ],
    );
    assert_problem(
        r#""style": "record-offset""#,
        r#""style": "record-offset", "size": "limit""#,
        &["/paths/~1v2~1demo~1items/get/x-bss-pagination", "unknown field `size`"],
    );
    assert_problem(
        r#""amount": {"type": "number", "x-bss-money": true}"#,
        r#""amount": {"type": "number", "x-bss-money": false}"#,
        &[
            "/components/schemas/Item/properties/amount/x-bss-money",
            "never `false`",
        ],
    );
    assert_problem(
        r#""amount": {"type": "number", "x-bss-money": true}"#,
        r#""amount": {"type": "number", "x-bss-mony": true}"#,
        &[
            "/components/schemas/Item/properties/amount",
            "unknown field `x-bss-mony`",
        ],
    );
    assert_problem(
        r#""type": {"type": "string", "enum": ["disk", "vm"]}"#,
        r#""type": {"type": "string", "enum": ["disk", "vm"], "items": {"x-bss-money": true}}"#,
        &[
            "/components/schemas/Item/properties/type/items/x-bss-money",
            "not allowed here",
        ],
    );
}

#[test]
fn documented_values_are_checked() {
    assert_problem(
        r#"{"enum": "ItemStatus", "values""#,
        r#"{"enum": "ItemStatus", "valus""#,
        &["/paths/~1v2~1demo~1items/get/parameters/1", "unknown field `valus`"],
    );
    assert_problem(
        r#"{"value": 1, "name": "Active""#,
        r#"{"value": 1, "name": "active""#,
        &[
            "ListItems",
            "\"active\" of ItemStatus is not a usable UpperCamelCase name",
        ],
    );
    assert_problem(
        r#"{"value": 2, "name": "Retired""#,
        r#"{"value": "2", "name": "Retired""#,
        &["ListItems", "value \"2\" of ItemStatus is not of the field's wire type"],
    );
    assert_problem(
        r#"{"value": 2, "name": "Retired""#,
        r#"{"value": 2, "name": "Active""#,
        &["ListItems", "ItemStatus names 2 `Active` here and 1 `Active` elsewhere"],
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = fixture()
        .replacen(r#""x-bss-rate-limit": 20"#, r#""x-bss-rate-limit": -1"#, 1)
        .replacen(
            r#""request_written_by_us": true, "response_written_by_us": true"#,
            r#""request_written_by_us": true"#,
            1,
        )
        .replacen(r#""x-bss-title-zh": "批量更新条目","#, "", 1);
    let found: Vec<String> = huaweicloud_bss_codegen::ir::build("spec/demo.json", &text, &Default::default())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "ListItems: /paths/~1v2~1demo~1items/get/x-bss-rate-limit",
        "ShowItem: /paths/~1v2~1demo~1items~1{item_id}/get/x-bss-samples/0",
        "UpdateItems: /paths/~1v2~1demo~1batch/post/x-bss-title-zh: missing",
    ] {
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{expected} not in {found:#?}"
        );
    }
    let err = huaweicloud_bss_codegen::ir::load_domain("spec/demo.json", &text, &Default::default()).unwrap_err();
    assert!(format!("{err}").starts_with("3 problem(s) in the spec:"), "{err}");
}

#[test]
fn a_failure_list_without_the_partial_failure_annotation_is_an_error() {
    assert_problem(
        r#""x-bss-partial-failures": "error_details","#,
        "",
        &[
            "UpdateItems: /components/schemas/UpdateItemsResponse/properties/error_details",
            "x-bss-partial-failures",
        ],
    );
}

#[test]
fn a_total_that_counts_the_returned_items_is_an_error() {
    assert_problem(
        r#""total_count": {"type": "integer", "format": "int32"}"#,
        r#""total_count": {"type": "integer", "format": "int32", "description": "Number of items returned."}"#,
        &[
            "ListItems: /paths/~1v2~1demo~1items/get/x-bss-pagination/total",
            "counts the items returned",
        ],
    );
    // "returned on success" says when the field is present, not what it counts.
    assert_eq!(
        problems(
            r#""total_count": {"type": "integer", "format": "int32"}"#,
            r#""total_count": {"type": "integer", "format": "int32", "description": "Total number of matches; returned on success."}"#,
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_write_without_a_body_must_be_marked() {
    assert_problem(
        r#""x-bss-write-without-body": "The items are named by the path.","#,
        "",
        &[
            "DeleteItemsV1Old: /paths/~1v1.0~1{domain_id}~1demo/delete/requestBody",
            "x-bss-write-without-body",
        ],
    );
}

#[test]
fn an_undocumented_response_must_be_marked_incomplete() {
    assert_problem(
        r#""x-bss-incomplete": {"request": null, "response": "The page's response table was out of reach."},"#,
        "",
        &[
            "ShowDemoV1Old: /paths/~1v1.0~1{domain_id}~1demo/get/responses",
            "x-bss-incomplete.response",
        ],
    );
}

#[test]
fn an_unknown_caller_is_an_error() {
    assert_problem(
        r#""x-bss-callers": ["partner"]"#,
        r#""x-bss-callers": ["Partner"]"#,
        &[
            "UpdateItems: /paths/~1v2~1demo~1batch/post/x-bss-callers/0",
            "unknown variant `Partner`",
        ],
    );
    assert_problem(
        r#""x-bss-callers": ["partner"]"#,
        r#""x-bss-callers": []"#,
        &["UpdateItems: /paths/~1v2~1demo~1batch/post/x-bss-callers", "no caller"],
    );
}

#[test]
fn money_must_be_an_exact_decimal() {
    assert_problem(
        r#""price": {"type": "string", "format": "decimal", "x-bss-money": true}"#,
        r#""price": {"type": "string", "x-bss-money": true}"#,
        &[
            "spec/demo.json: /components/schemas/Item/properties/price",
            "money is an exact decimal",
        ],
    );
}

#[test]
fn structural_problems_are_all_reported_too() {
    // A replacement that does not exist, an error row with an unknown code and a pagination
    // naming a missing field: three operations, three problems, one run.
    let text = fixture()
        .replacen(
            r#""x-bss-replacement": "UpdateItems""#,
            r#""x-bss-replacement": "Nope""#,
            1,
        )
        .replacen(
            r#"{"code": "CBC.99003106", "status": 200, "inferred": false}"#,
            r#"{"code": "CBC.4242", "status": 200, "inferred": false}"#,
            1,
        )
        .replacen(
            r#""items": "items", "total": "total_count""#,
            r#""items": "entries", "total": "total_count""#,
            1,
        );
    let found: Vec<String> = huaweicloud_bss_codegen::ir::build("spec/demo.json", &text, &Default::default())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "DeleteItemsV1Old: /paths/~1v1.0~1{domain_id}~1demo/delete/x-bss-replacement: DeleteItemsV1Old is replaced by Nope",
        "ListItems: /paths/~1v2~1demo~1items/get/x-bss-pagination: the response lacks entries",
        "UpdateItems: /paths/~1v2~1demo~1batch/post/x-bss-errors/0/code: UpdateItems lists CBC.4242",
    ] {
        assert!(found.iter().any(|p| p.contains(expected)), "{expected} not in {found:#?}");
    }
}

#[test]
fn problems_of_every_document_are_reported_together() {
    let broken = |t: &str| t.replacen(r#""x-bss-rate-limit": 20"#, r#""x-bss-rate-limit": "fast""#, 1);
    let other = fixture().replacen(r#""x-bss-domain": "demo""#, r#""x-bss-domain": "other""#, 1);
    let err = huaweicloud_bss_codegen::domains_from_texts(&[
        ("spec/demo.json".into(), broken(&fixture())),
        ("spec/other.json".into(), broken(&other)),
    ])
    .unwrap_err();
    let text = format!("{err}");
    assert!(text.starts_with("2 problem(s) in the spec:"), "{text}");
    assert!(
        text.contains("spec/demo.json: ListItems: /paths/~1v2~1demo~1items/get/x-bss-rate-limit"),
        "{text}"
    );
    assert!(
        text.contains("spec/other.json: ListItems: /paths/~1v2~1demo~1items/get/x-bss-rate-limit"),
        "{text}"
    );
}

#[test]
fn the_site_must_match_the_documents_folder() {
    let intl = r#""x-bss-domain": "demo", "x-bss-site": "international","#;
    // An international document in the China folder, and a China one in spec/intl/.
    assert_problem(
        r#""x-bss-domain": "demo","#,
        intl,
        &[
            "spec/demo.json",
            "/info/x-bss-site",
            "does not match the document's folder",
        ],
    );
    let text = fixture();
    let err = huaweicloud_bss_codegen::ir::build("spec/intl/demo.json", &text, &Default::default()).unwrap_err();
    let found: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert!(
        found
            .iter()
            .any(|p| p.contains("spec/intl/demo.json") && p.contains("/info/x-bss-site")),
        "{found:#?}"
    );
    assert_problem(
        r#""x-bss-domain": "demo","#,
        r#""x-bss-domain": "demo", "x-bss-site": "mars","#,
        &["/info/x-bss-site", "unknown variant `mars`"],
    );
}

#[test]
fn an_international_document_makes_the_intl_crate() {
    let text = fixture().replacen(
        r#""x-bss-domain": "demo","#,
        r#""x-bss-domain": "demo", "x-bss-site": "international","#,
        1,
    );
    let d = huaweicloud_bss_codegen::ir::build("spec/intl/demo.json", &text, &Default::default()).unwrap();
    assert_eq!(d.crate_name, "huaweicloud-bss-intl-demo");
    assert_eq!(d.crate_ident, "huaweicloud_bss_intl_demo");
    assert_eq!(d.key, "intl_demo");
    assert_eq!(d.feature(), "intl-demo");
    assert_eq!(d.crate_dir(), Path::new("generated/intl-demo"));
    assert_eq!(d.money_units().suffix, "usd");
    let files = huaweicloud_bss_codegen::crate_files(&d).unwrap();
    let ops = &files[Path::new("generated/intl-demo/src/operations.rs")];
    assert!(
        ops.contains("api: huaweicloud_bss_core::SiteApi::International"),
        "{ops}"
    );
    let client = &files[Path::new("generated/intl-demo/src/client.rs")];
    assert!(!client.contains("_yuan"), "dollars on the international site");
}
