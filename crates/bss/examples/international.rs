//! `cargo run -p huaweicloud-bss --features intl --example international`: a partner on the
//! international site reads its monthly bill summary and credit quota, sets a customer's budget
//! and freezes a customer account, in US dollars.
//!
//! Offline by default (the embedded mock serving the international API's samples); against
//! `https://bss-intl.myhuaweicloud.com` when `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` are
//! set (`HUAWEICLOUD_BSS_SITE=europe` for the European site, which serves the same API).

#[path = "support/mod.rs"]
mod common;

use huaweicloud_bss::core::{Batch, SiteApi, YearMonth};
use huaweicloud_bss::intl::{accounts, bills, customers};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (core, _mock) = common::client_for(SiteApi::International).await?;

    println!("ListPostpaidBillSum: GET /v2/bills/partner-bills/postpaid-bill-summary?bill_cycle=2020-12");
    let bills = bills::Client::new(core.clone());
    let cycle: YearMonth = "2020-12".parse()?;
    let summary = bills.list_postpaid_bill_sum().bill_cycle(cycle).send().await?;
    let money = |v: Option<huaweicloud_bss::core::Decimal>| v.map_or("-".to_string(), |d| d.to_string());
    println!(
        "  {}: consumed {} {}, refunds {}, tax {}",
        summary.bill_cycle.as_deref().unwrap_or("-"),
        money(summary.consume_amount),
        summary.currency.as_ref().map_or(String::new(), |c| c.to_string()),
        money(summary.refunds),
        money(summary.tax_amount)
    );

    println!("ShowPartnerConsumptionQuota: GET /v2/partners/credit/consumption-quota");
    let quota = accounts::Client::new(core.clone())
        .show_partner_consumption_quota()
        .send()
        .await?;
    println!(
        "  quota {} (used {})",
        money(quota.consumption_quota),
        money(quota.used_consumption_quota)
    );

    let customers = customers::Client::new(core);
    println!("UpdateSubCustomerBudget: POST /v2/partners/sub-customers/budget");
    customers
        .update_sub_customer_budget()
        .customer_id("c0a1b2c3d4e5f6")
        .budget_amount("500.00".parse()?)
        .send()
        .await?;
    println!("  budget set to 500.00 USD");

    println!("FreezeSubCustomers: POST /v2/partners/sub-customers/freeze");
    let frozen = customers
        .freeze_sub_customers()
        .customer_ids(vec!["c0a1b2c3d4e5f6".into()])
        .reason("payment overdue")
        .send()
        .await?;
    match frozen {
        Batch::Complete(_) => println!("  every customer frozen"),
        Batch::Partial { failed, .. } => {
            for f in failed {
                println!(
                    "  not frozen: {} ({})",
                    f.id.as_deref().unwrap_or("-"),
                    f.error_code.as_deref().unwrap_or("-")
                );
            }
        }
    }
    Ok(())
}
