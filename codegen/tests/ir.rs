//! Unit tests on the IR itself: what the demo fixture resolves to. Evidence: the expected values
//! are read off the fixture by hand (its pagination block, its `required` lists, its sample text).

use std::path::Path;

use huaweicloud_bss_codegen::ir::{self, Caller, HttpMethod, Location, OffsetAt, PageStyle, ResponseKind, Ty};

fn fixture_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo/spec/demo.json")).unwrap()
}

fn demo() -> ir::Domain {
    ir::load_domain("spec/demo.json", &fixture_text(), &Default::default()).unwrap()
}

fn op<'d>(d: &'d ir::Domain, id: &str) -> &'d ir::Operation {
    d.operations.iter().find(|o| o.id == id).unwrap()
}

#[test]
fn names_are_decided_once() {
    let d = demo();
    assert_eq!(d.crate_name, "huaweicloud-bss-demo");
    assert_eq!(d.crate_ident, "huaweicloud_bss_demo");
    assert_eq!(d.error_enum, "DemoErrorCode");
    let ids: Vec<_> = d.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "DeleteItemsV1Old",
            "ListItems",
            "ShowDemoV1Old",
            "ShowItem",
            "UpdateItems"
        ]
    );
    let o = op(&d, "DeleteItemsV1Old");
    assert_eq!(o.fn_name, "delete_items_v1_old");
    assert_eq!(o.request_type, "DeleteItemsV1OldRequest");
    assert_eq!(o.static_name, "DELETE_ITEMS_V1_OLD");
    assert_eq!(o.method, HttpMethod::Delete);
    let r = o.replacement.as_ref().unwrap();
    assert_eq!((r.id.as_str(), r.fn_name.as_str()), ("UpdateItems", "update_items"));
}

#[test]
fn pagination_is_resolved_against_the_request_and_response() {
    let d = demo();
    let p = op(&d, "ListItems").pagination.as_ref().unwrap();
    assert_eq!(p.items_fn, "list_items_items");
    assert_eq!(p.style, PageStyle::RecordOffset);
    assert_eq!(p.offset_at, OffsetAt::Query);
    assert_eq!(p.offset_ident, "offset");
    assert_eq!(p.offset_ty, Ty::I32);
    assert_eq!((p.limit_wire.as_str(), p.limit_ident.as_str()), ("limit", "limit"));
    // The limit's documented `maximum: 100`: a shorter page under it ends the stream.
    assert_eq!(p.limit_max, Some(100));
    assert_eq!(p.items_ident, "items");
    assert_eq!(p.item_ty, Ty::Model("Item".into()));
    let t = p.total.as_ref().unwrap();
    assert_eq!((t.wire.as_str(), &t.ty), ("total_count", &Ty::I32));
    assert!(op(&d, "ShowItem").pagination.is_none());
}

#[test]
fn responses_are_one_enum() {
    let d = demo();
    assert_eq!(op(&d, "DeleteItemsV1Old").response.kind, ResponseKind::Empty);
    assert_eq!(op(&d, "DeleteItemsV1Old").response.status, 204);
    assert_eq!(op(&d, "ShowDemoV1Old").response.kind, ResponseKind::Raw);
    assert_eq!(
        op(&d, "ShowItem").response.kind,
        ResponseKind::Json {
            ty: Ty::Model("Item".into())
        }
    );
    assert_eq!(
        op(&d, "UpdateItems").response.kind,
        ResponseKind::Batch {
            ty: Ty::Model("UpdateItemsResponse".into()),
            failures_wire: "error_details".into(),
            failures_ident: "error_details".into(),
            failure_ty: Ty::Model("ErrorDetail".into()),
        }
    );
}

#[test]
fn an_untyped_batch_reads_its_failures_from_the_raw_list() {
    let text = fixture_text().replacen(
        r#""x-bss-title-zh": "查询汇总(旧)","#,
        r#""x-bss-title-zh": "查询汇总(旧)",
        "x-bss-partial-failures": "failed","#,
        1,
    );
    let d = ir::load_domain("spec/demo.json", &text, &Default::default()).unwrap();
    assert_eq!(
        op(&d, "ShowDemoV1Old").response.kind,
        ResponseKind::RawBatch {
            failures_wire: "failed".into()
        }
    );
}

#[test]
fn common_codes_resolve_error_rows_and_may_not_be_redefined() {
    let common = ir::load_common(
        "spec/common.json",
        r#"{"x-bss-error-codes": {"APIG.0308": {"status": 429, "message": "Throttled.", "message_zh": "流控", "class": "throttling"}}}"#,
    )
    .unwrap();
    assert_eq!(common["APIG.0308"].class, Some(ir::CodeClass::Throttling));
    let text = fixture_text().replacen(
        r#"{"code": "CBC.0999", "status": 500, "inferred": true}"#,
        r#"{"code": "CBC.0999", "status": 500, "inferred": true}, {"code": "APIG.0308", "status": 429, "inferred": false}"#,
        1,
    );
    let d = ir::load_domain("spec/demo.json", &text, &common).unwrap();
    let (def, is_common) = d.code_def("APIG.0308").unwrap();
    assert!(is_common && def.variant == "Apig0308");
    // Without the common table the row is an error; a misspelt class is one too.
    let err = ir::load_domain("spec/demo.json", &text, &Default::default()).unwrap_err();
    assert!(
        format!("{err}").contains("APIG.0308, which neither x-bss-error-codes nor spec/common.json has"),
        "{err}"
    );
    let err = ir::load_common(
        "spec/common.json",
        r#"{"x-bss-error-codes": {"APIG.0308": {"status": 429, "message": "", "message_zh": "", "class": "throttled"}}}"#,
    )
    .unwrap_err();
    assert!(
        format!("{err}").contains("spec/common.json: /x-bss-error-codes/APIG.0308/class: unknown variant `throttled`"),
        "{err}"
    );
}

#[test]
fn callers_errors_and_params_are_typed() {
    let d = demo();
    let o = op(&d, "ListItems");
    assert_eq!(o.callers, [Caller::Customer, Caller::Partner]);
    let rows: Vec<_> = o
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.variant.as_str(), e.status, e.inferred))
        .collect();
    assert_eq!(
        rows,
        [("CBC.0100", "Cbc0100", 400, false), ("CBC.0999", "Cbc0999", 500, true)]
    );
    let header = o.params.iter().find(|p| p.wire == "X-Language").unwrap();
    assert_eq!(
        (header.location, header.ident.as_str(), header.required),
        (Location::Header, "x_language", false)
    );
    let limit = o.params.iter().find(|p| p.wire == "limit").unwrap();
    assert_eq!(
        limit.constraints.minimum.as_ref().map(ToString::to_string).as_deref(),
        Some("1")
    );
    assert_eq!(
        limit.constraints.maximum.as_ref().map(ToString::to_string).as_deref(),
        Some("100")
    );
    let ids = o.params.iter().find(|p| p.wire == "ids").unwrap();
    assert_eq!(ids.ty, Ty::Vec(Box::new(Ty::String)));
}

#[test]
fn field_representation_is_decided_in_the_ir() {
    let d = demo();
    let item = &d.models["Item"];
    let f = |w: &str| item.fields.iter().find(|f| f.wire == w).unwrap();
    // Item is only received: `required: ["id"]` is kept as a fact but the field is optional.
    assert!(f("id").spec_required && !f("id").required);
    assert!(!item.sent && !item.has_required);
    assert!(f("parent").boxed && !f("children").boxed);
    assert_eq!(f("children").ty, Ty::Vec(Box::new(Ty::Model("Item".into()))));
    assert_eq!(f("tags").ty, Ty::Map(Box::new(Ty::String)));
    assert_eq!(f("extra").ty, Ty::Any);
    assert_eq!(f("type").ident, "r#type");
    assert_eq!(f("type").rename, None);
    assert!(f("amount").money);
    assert_eq!(
        f("amount").serde_with.as_deref(),
        Some("huaweicloud_bss_core::decimal::option_number")
    );
    assert_eq!(
        f("price").serde_with.as_deref(),
        Some("huaweicloud_bss_core::decimal::option_string")
    );
    // UpdateItemsReq is sent: its required fields are arguments of `new`.
    let req = &d.models["UpdateItemsReq"];
    assert!(req.sent && req.has_required);
    let amount = req.fields.iter().find(|f| f.wire == "amount").unwrap();
    assert!(amount.required);
    assert_eq!(
        amount.serde_with.as_deref(),
        Some("huaweicloud_bss_core::decimal::string")
    );
}

#[test]
fn samples_keep_their_provenance_and_exact_number_text() {
    let text = fixture_text().replace(r#""amount": 0.12345678"#, r#""amount": 10.10"#);
    let d = ir::load_domain("spec/demo.json", &text, &Default::default()).unwrap();
    let s = &op(&d, "ListItems").samples[0];
    assert!(!s.request_written_by_us && !s.response_written_by_us);
    assert_eq!(s.method, HttpMethod::Get);
    let body = s.response.as_ref().unwrap().body.as_ref().unwrap();
    assert!(body.text.contains(r#""amount":10.10"#), "{}", body.text);
    // The parsed value alone would have lost the trailing zero.
    assert!(!body.value.to_string().contains("10.10"));
    let show = &op(&d, "ShowItem").samples[0];
    assert!(show.request_written_by_us && show.response_written_by_us && show.source.is_none());
}

#[test]
fn the_snapshot_is_deterministic_json() {
    let a = huaweicloud_bss_codegen::ir_snapshot(&[demo()]).unwrap();
    let b = huaweicloud_bss_codegen::ir_snapshot(&[demo()]).unwrap();
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(
        v["domains"][0]["operations"][1]["pagination"]["item_ty"],
        "models::Item"
    );
    assert_eq!(v["domains"][0]["operations"][4]["response"]["kind"], "batch");
    assert_eq!(
        v["domains"][0]["models"]["UpdateItemsReq"]["fields"][1]["ty"],
        "Decimal(string)"
    );
}
