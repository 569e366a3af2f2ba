//! Evidence: each site's spec against its official SDK's facts (`spec/curation/sdk-facts.json`,
//! `spec/curation/intl/sdk-facts.json`), both ways. A failure lists every finding; fix the spec (and regen) or record the disagreement in
//! the spec (`x-bss-sources`).

use std::path::Path;

use huaweicloud_bss_codegen::spec::SiteName;
use huaweicloud_bss_codegen::{load_domains, sdk_facts};

#[test]
fn spec_agrees_with_the_official_sdk_both_ways() {
    agrees(SiteName::China, 1000);
}

#[test]
fn intl_spec_agrees_with_the_official_intl_sdk_both_ways() {
    agrees(SiteName::International, 500);
}

fn agrees(site: SiteName, at_least: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let domains = load_domains(root).unwrap();
    let text = std::fs::read_to_string(root.join(sdk_facts::facts_file(site))).unwrap();
    let facts = sdk_facts::SdkFacts::parse(&text).unwrap();
    let cmp = sdk_facts::compare(&domains, site, &facts);
    println!("{}", cmp.report(&facts.package));
    assert_eq!(cmp.sdk_operations, facts.operations.len());
    assert!(cmp.checked > at_least, "too few facts compared: {}", cmp.checked);
    assert!(
        cmp.is_clean(),
        "{} SDK facts missing or contradicted, {} spec items unexplained (listed above)",
        cmp.sdk_not_in_spec.len(),
        cmp.spec_not_in_sdk.len()
    );
}

/// The comparison can disagree: a parameter dropped from the spec, a field retyped, and a
/// field the SDK lacks without a docs-only mark are each reported.
#[test]
fn the_comparison_reports_mutations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut domains = load_domains(root).unwrap();
    let text = std::fs::read_to_string(root.join("spec/curation/sdk-facts.json")).unwrap();
    let facts = sdk_facts::SdkFacts::parse(&text).unwrap();
    let orders = domains
        .iter_mut()
        .find(|d| d.name == "orders" && d.site == SiteName::China)
        .unwrap();
    let op = orders
        .operations
        .iter_mut()
        .find(|o| o.id == "ListCustomerOrders")
        .unwrap();
    op.params.retain(|p| p.wire != "order_id");
    let model = orders.models.get_mut("CustomerOrderV2").unwrap();
    let amount = model.fields.iter_mut().find(|f| f.wire == "official_amount").unwrap();
    amount.ty = huaweicloud_bss_codegen::ir::Ty::String;
    let mut extra = model.fields[0].clone();
    extra.wire = "made_up".into();
    extra.sources.clear();
    model.fields.push(extra);
    let cmp = sdk_facts::compare(&domains, SiteName::China, &facts);
    let all = [cmp.sdk_not_in_spec.join("\n"), cmp.spec_not_in_sdk.join("\n")].join("\n");
    assert!(
        all.contains("`ListCustomerOrders` query parameter `order_id`: missing"),
        "{all}"
    );
    assert!(
        all.contains("order_infos.official_amount: SDK type float, spec string"),
        "{all}"
    );
    assert!(all.contains("order_infos.made_up (`CustomerOrderV2`)"), "{all}");
}
