//! `cargo run --example partner --features full`: a partner lists its sub-customers, reads
//! their balances, and pages through one customer's bill records of a month as a stream.

#[path = "support/mod.rs"]
mod common;

use huaweicloud_bss::core::StreamExt;
use huaweicloud_bss::{accounts, bills, customers};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (core, _mock) = common::client().await?;

    let customers = customers::Client::new(core.clone());
    let list = customers.list_sub_customers().limit(10).send().await?;
    let infos = list.customer_infos.unwrap_or_default();
    println!("{} sub-customer(s)", list.count.unwrap_or(0));
    for c in &infos {
        println!(
            "  {} {}",
            c.customer_id.as_deref().unwrap_or("-"),
            c.account_name.as_deref().unwrap_or("-")
        );
    }
    let customer_id = infos
        .iter()
        .find_map(|c| c.customer_id.clone())
        .unwrap_or_else(|| "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into());

    let accounts = accounts::Client::new(core.clone());
    let balances = accounts
        .list_customers_balances_detail()
        .customer_infos(vec![accounts::models::CustomerInfoV2::new(customer_id.as_str())])
        .send()
        .await?;
    for b in balances.customer_balances.unwrap_or_default() {
        println!(
            "balance of {}: {} {} (debt {})",
            b.customer_id.as_deref().unwrap_or("-"),
            b.amount.map_or("-".into(), |a| a.to_string()),
            b.currency.as_ref().map_or(String::new(), |c| c.to_string()),
            b.debt_amount.map_or("-".into(), |a| a.to_string())
        );
    }

    let bills = bills::Client::new(core);
    let mut records = bills
        .list_sub_customer_bill_detail()
        .bill_cycle("2026-10".parse()?)
        .customer_id(customer_id.as_str())
        .limit(100)
        .into_items()?;
    let (mut count, mut total) = (0usize, huaweicloud_bss::Decimal::ZERO);
    while let Some(record) = records.next().await {
        let record = record?;
        count += 1;
        total += record.official_amount.unwrap_or_default();
    }
    println!("2026-10: {count} bill record(s) of {customer_id}, {total} at list price");
    Ok(())
}
