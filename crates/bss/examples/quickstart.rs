//! `cargo run --example quickstart`: list orders, then show one order's details.
//!
//! Offline by default (an embedded mock serving the docs' samples); against the real endpoint
//! when `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` are set.

#[path = "support/mod.rs"]
mod common;

use huaweicloud_bss::orders;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (core, _mock) = common::client().await?;
    let orders = orders::Client::new(core);

    println!("ListCustomerOrders: GET /v2/orders/customer-orders?limit=10");
    let page = orders.list_customer_orders().limit(10).offset(0).send().await?;
    println!("  {} order(s) in total", page.total_count.unwrap_or(0));
    let infos = page.order_infos.unwrap_or_default();
    for o in &infos {
        println!(
            "  {} status={} amount={} {}",
            o.order_id.as_deref().unwrap_or("-"),
            o.status.as_ref().map_or("-", |s| s.name()),
            o.amount_after_discount.map_or("-".into(), |a| a.to_string()),
            o.currency.as_ref().map_or(String::new(), |c| c.to_string())
        );
    }
    let Some(id) = infos.iter().find_map(|o| o.order_id.clone()) else {
        println!("no order to show");
        return Ok(());
    };
    println!("ShowCustomerOrderDetails: GET /v2/orders/customer-orders/details/{id}");
    let details = orders
        .show_customer_order_details()
        .order_id(id.as_str())
        .send()
        .await?;
    if let Some(info) = &details.order_info {
        println!(
            "  order {} of type {}, created {}",
            info.order_id.as_deref().unwrap_or("-"),
            info.order_type.as_ref().map_or("-", |t| t.name()),
            info.create_time.as_deref().unwrap_or("-")
        );
    }
    for item in details.order_line_items.unwrap_or_default() {
        println!(
            "  line {}: {} x{}",
            item.order_line_item_id.as_deref().unwrap_or("-"),
            item.service_type_code.as_deref().unwrap_or("-"),
            item.subscription_num.unwrap_or(0)
        );
    }
    Ok(())
}
