//! The golden output of the demo fixture is a crate (`huaweicloud-bss-demo`, a dev-dependency):
//! it must build, and the features that exist only there work as a user would use them:
//! self-referencing models (boxed), map fields, exact decimals from numbers and strings, raw JSON
//! kept as its exact text.
//! Evidence: values come from the fixture's sample text; the checks are on the compiled types.

use std::collections::BTreeMap;

use huaweicloud_bss_demo::models::{Item, ListItemsResponse, UpdateItemsReq};
use huaweicloud_bss_demo::requests::{ListItemsRequest, UpdateItemsRequest};

#[test]
fn a_self_referencing_model_nests_through_a_box() {
    let child = Item::new().set_id("child").set_parent(Item::new().set_id("root"));
    let tree = Item::new().set_id("root").set_children(vec![child.clone()]);
    let parent: &Item = child.parent().unwrap();
    assert_eq!(parent.id.as_deref(), Some("root"));
    let json = serde_json::to_value(&tree).unwrap();
    assert_eq!(json["children"][0]["parent"]["id"], "root");
    let back: Item = serde_json::from_value(json).unwrap();
    assert_eq!(back, tree);
}

#[test]
fn map_fields_and_exact_decimals_read_the_sample() {
    // The fixture's ListItems sample, plus a map and any-JSON field.
    let text = r#"{"total_count": 1, "items": [{"id": "a", "type": "disk", "amount": 0.12345678,
        "price": "10.00", "tags": {"env": "prod", "team": "billing"}, "extra": [1, {"x": null}]}]}"#;
    let page: ListItemsResponse = serde_json::from_str(text).unwrap();
    let item = &page.items()[0];
    assert_eq!((page.total_count(), item.id()), (Some(1), Some("a")));
    assert_eq!(item.amount.unwrap().to_string(), "0.12345678");
    assert_eq!(item.price.unwrap().to_string(), "10.00");
    let tags: &BTreeMap<String, String> = item.tags.as_ref().unwrap();
    assert_eq!(tags["team"], "billing");
    // Any-JSON keeps the exact text.
    assert_eq!(item.extra.as_ref().unwrap().get(), r#"[1, {"x": null}]"#);
    // Written back, the string-form decimal stays a string and keeps its scale.
    let out = serde_json::to_value(item).unwrap();
    assert_eq!(out["price"], "10.00");
}

#[test]
fn request_builders_take_required_fields_in_new() {
    let amount: huaweicloud_bss_core::Decimal = "1.50".parse().unwrap();
    let body = UpdateItemsReq::new(vec!["a".into()], amount).set_note("n");
    let req = UpdateItemsRequest::new(body);
    assert_eq!(serde_json::to_value(&req.body).unwrap()["amount"], "1.50");
    let list = ListItemsRequest::new()
        .set_limit(10)
        .set_ids(vec!["a".into(), "b".into()]);
    assert_eq!((list.limit, list.offset), (Some(10), None));
}

#[test]
fn accessors_read_absent_values_without_unwrapping() {
    let empty = ListItemsResponse::default();
    assert!(empty.items().is_empty());
    assert_eq!(empty.total_count(), None);
    let item = Item::new().set_id("x");
    assert_eq!((item.id(), item.parent(), item.children().len()), (Some("x"), None, 0));
}

#[test]
fn a_request_builder_names_a_missing_required_value_and_sends_nothing() {
    let core = huaweicloud_bss_core::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .no_credentials()
        .build()
        .unwrap();
    let client = huaweicloud_bss_demo::Client::new(core);
    let amount: huaweicloud_bss_core::Decimal = "1.50".parse().unwrap();
    let err = client.update_items().amount(amount).build().unwrap_err();
    assert_eq!(err.operation, Some("UpdateItems"));
    assert!(err.message.contains("`ids` is required"), "{}", err.message);
    let request = client
        .update_items()
        .amount(amount)
        .ids(vec!["a".into()])
        .note("n")
        .build()
        .unwrap();
    assert_eq!(request.body.note.as_deref(), Some("n"));
    // A request struct goes back into a builder unchanged.
    let again = client.update_items().with_request(request.clone()).build().unwrap();
    assert_eq!(again, request);
}
