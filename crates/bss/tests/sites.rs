//! The two APIs on the loopback mock: each crate calls its own site's API, a site that does not
//! serve it is refused before anything is sent, the European site serves the international
//! API, and the international amounts read in US dollars.
#![cfg(all(feature = "full", feature = "intl"))]

use huaweicloud_bss::core::{Applied, Client, Error, Site, SiteApi};
use huaweicloud_bss::intl;
use huaweicloud_bss::orders;
use huaweicloud_bss_mock::{MockServer, Reply};
use serde_json::json;

fn core(mock: &MockServer, site: Option<Site>) -> Client {
    let b = Client::builder().endpoint(mock.uri()).no_credentials();
    match site {
        Some(site) => b.site(site),
        None => b,
    }
    .build()
    .unwrap()
}

async fn intl_mock() -> MockServer {
    MockServer::builder()
        .site(SiteApi::International)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn each_mock_serves_its_own_api() {
    let china = MockServer::start().await.unwrap();
    let intl = intl_mock().await;
    // Operations only the international API has.
    for id in ["FreezeSubCustomers", "ListSubCustomerBudget", "ListPostpaidBillSum"] {
        assert!(intl.routes().by_operation(id).is_some(), "{id}");
        assert!(china.routes().by_operation(id).is_none(), "{id}");
    }
    assert_eq!(intl.routes().len(), 58); // 55 current, 3 deprecated
    assert_eq!(china.routes().len(), 134);
}

#[tokio::test]
async fn an_intl_call_goes_through_and_reads_dollars() {
    let mock = intl_mock().await;
    mock.on("ShowCustomerAccountBalances").once(Reply::json(
        200,
        json!({"account_balances": [{"account_id": "a1", "account_type": 1, "amount": 1234.5,
               "currency": "USD", "measure_id": 1}], "measure_id": 3, "debt_amount": 7}),
    ));
    for site in [None, Some(Site::International), Some(Site::Europe)] {
        let client = intl::accounts::Client::new(core(&mock, site));
        let r = client.show_customer_account_balances().send().await.unwrap();
        let balance = &r.account_balances()[0];
        assert_eq!(balance.amount_usd().unwrap().to_string(), "1234.5");
        // The international pages list only `1` (dollar): another unit is not guessed.
        assert_eq!(r.debt_amount_usd(), None);
        mock.on("ShowCustomerAccountBalances").once(Reply::json(
            200,
            json!({"account_balances": [{"account_id": "a1", "account_type": 1, "amount": 1234.5,
                   "currency": "USD", "measure_id": 1}], "measure_id": 3, "debt_amount": 7}),
        ));
    }
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_site_that_does_not_serve_the_api_is_refused_before_sending() {
    let mock = intl_mock().await;
    let client = intl::accounts::Client::new(core(&mock, Some(Site::China)));
    let err = client.show_customer_account_balances().send().await.unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert_eq!(err.applied(), Applied::No);
    assert!(err.to_string().contains("international API"), "{err}");

    let china = MockServer::start().await.unwrap();
    let client = orders::Client::new(core(&china, Some(Site::Europe)));
    let err = client.cancel_customer_order().order_id("CS1").send().await.unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert!(err.to_string().contains("huaweicloud-bss-intl-<domain>"), "{err}");
    assert!(mock.requests().is_empty() && china.requests().is_empty());
}

#[tokio::test]
async fn a_shared_operation_takes_each_sites_fields() {
    // The international CreateSubCustomer takes `domain_area` and `email` (and no mobile
    // number); the strict mock checks the body against the international spec.
    let mock = intl_mock().await;
    let client = intl::customers::Client::new(core(&mock, None));
    client
        .create_sub_customer()
        .domain_name("newcustomer01")
        .domain_area("SG")
        .email("a@example.com")
        .xaccount_id("x-1")
        .xaccount_type("example_IDP")
        .send()
        .await
        .unwrap();
    let body = mock.requests()[0].json().unwrap();
    assert_eq!(body["domain_area"], "SG");
    assert!(body.get("mobile_phone").is_none());
}
