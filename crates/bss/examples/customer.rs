//! `cargo run --example customer --features full`: a customer reads its monthly cost summary
//! and the yearly/monthly resources that expire within a month.

#[path = "support/mod.rs"]
mod common;

use huaweicloud_bss::{bills, resources};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (core, _mock) = common::client().await?;

    let bills = bills::Client::new(core.clone());
    let sum = bills
        .show_customer_monthly_sum()
        .bill_cycle("2026-10".parse()?)
        .send()
        .await?;
    println!(
        "2026-10 consumption: {} {} (cash {}, coupons {}, debt {})",
        sum.consume_amount.unwrap_or_default(),
        sum.currency.as_ref().map_or(String::new(), |c| c.to_string()),
        sum.cash_amount.unwrap_or_default(),
        sum.coupon_amount.unwrap_or_default(),
        sum.debt_amount.unwrap_or_default()
    );
    for s in sum.bill_sums.unwrap_or_default() {
        println!(
            "  {:<40} {}",
            s.service_type_name.as_deref().unwrap_or("-"),
            s.consume_amount.unwrap_or_default()
        );
    }

    let resources = resources::Client::new(core);
    let expiring = resources
        .list_pay_per_use_customer_resources()
        .only_main_resource(1)
        .expire_time_begin("2026-11-23T00:00:00Z".parse()?)
        .expire_time_end("2026-12-23T00:00:00Z".parse()?)
        .send()
        .await?;
    println!(
        "{} resource(s) expiring before 2026-12-23:",
        expiring.total_count.unwrap_or(0)
    );
    for r in expiring.data.unwrap_or_default() {
        println!(
            "  {} {} expires {}",
            r.resource_id.as_deref().unwrap_or("-"),
            r.resource_name.as_deref().unwrap_or("-"),
            r.expire_time.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
