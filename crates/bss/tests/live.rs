//! Read-only calls against the real endpoint. Ignored by default (reported as ignored, never
//! counted as passed); run with real credentials:
//!
//! ```sh
//! HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... \
//!   cargo test -p huaweicloud-bss --features full --test live -- --ignored
//! ```
#![cfg(feature = "full")]

use huaweicloud_bss::core::Client;
use huaweicloud_bss::{accounts, products};

#[tokio::test]
#[ignore = "live: needs HUAWEICLOUD_SDK_AK/SK and the network; run with --ignored"]
async fn live_read_only_calls() {
    let core = Client::from_env().expect("set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
    let units = products::Client::new(core.clone())
        .list_measure_units()
        .with_request(products::requests::ListMeasureUnitsRequest::new())
        .send()
        .await
        .expect("ListMeasureUnits");
    assert!(!units.measure_units.unwrap_or_default().is_empty());
    let balances = accounts::Client::new(core)
        .show_customer_account_balances()
        .with_request(accounts::requests::ShowCustomerAccountBalancesRequest::new())
        .send()
        .await
        .expect("ShowCustomerAccountBalances");
    println!("balances: {balances:?}");
}
