//! The production runtime through generated clients, on the loopback mock: retries and what
//! is never retried, throttling, pacing, pagination, forward compatibility, exact money,
//! tracing without secrets.
#![cfg(feature = "full")]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use huaweicloud_bss::core::{Client, CommonCode, Credentials, Error, ErrorCode, RateLimit, RetryConfig};
use huaweicloud_bss::orders::requests::ListCustomerOrdersRequest;
use huaweicloud_bss::orders::{self, OrdersErrorCode};
use huaweicloud_bss_mock::{MockServer, Reply};
use serde_json::{json, Value};

const SK: &str = "runtime-test-secret-key";

fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

fn orders_client(mock: &MockServer) -> orders::Client {
    let core = Client::builder()
        .endpoint(mock.uri())
        .credentials(Credentials::aksk("RUNTIMEAK", SK))
        .attempt_timeout(Duration::from_millis(300))
        .retry(fast_retry())
        .build()
        .unwrap();
    orders::Client::new(core)
}

#[tokio::test]
async fn reads_are_retried_through_throttling_and_server_errors() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .once(Reply::throttled())
        .once(Reply::server_error());
    let page = orders_client(&mock)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    assert!(page.total_count.is_some());
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn business_throttling_in_a_200_body_is_retried_but_a_daily_cap_is_not() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .once(Reply::error(200, "CBC.99008040", "too frequent"));
    orders_client(&mock)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2);

    mock.reset();
    mock.on("ListCustomerOrders")
        .always(Reply::error(400, "CBC.99008056", "daily cap"));
    let err = orders_client(&mock)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&OrdersErrorCode::Cbc99008056));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").always(Reply::throttled());
    let client = orders_client(&mock).map_inner(|c| c.with_retry(fast_retry().max_attempts(4)));
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.code().map(|c| c.as_str().to_string()),
        Some("APIG.0308".to_string())
    );
    assert_eq!(mock.requests().len(), 4);
}

#[tokio::test]
async fn a_stalled_read_times_out_and_is_retried() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").once(Reply::stall(Duration::from_secs(3)));
    orders_client(&mock)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .once(Reply::throttled().header("Retry-After", "1"));
    let started = Instant::now();
    orders_client(&mock)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn the_rate_limiter_spaces_calls_of_one_operation() {
    let mock = MockServer::start().await.unwrap();
    let client = orders_client(&mock).map_inner(|c| c.with_rate_limit(RateLimit::PerSecond(50.0)));
    let started = Instant::now();
    for _ in 0..6 {
        client
            .list_customer_orders()
            .with_request(ListCustomerOrdersRequest::new())
            .send()
            .await
            .unwrap();
    }
    // Five intervals of 20 ms at least between the first and the sixth call.
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "{:?}",
        started.elapsed()
    );
}

fn order_page(start: usize, count: usize, total: usize) -> Value {
    let infos: Vec<Value> = (start..start + count)
        .map(|i| json!({"order_id": format!("CS{i:05}"), "amount_after_discount": 1.5}))
        .collect();
    json!({"total_count": total, "order_infos": infos})
}

#[tokio::test]
async fn pagination_streams_ten_thousand_records_in_order() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .pages((0..100).map(|p| order_page(p * 100, 100, 10_000)));
    let ids: Vec<String> = orders_client(&mock)
        .list_customer_orders_items(&ListCustomerOrdersRequest::new().set_limit(100))
        .map(|r| r.unwrap().order_id.unwrap())
        .collect()
        .await;
    assert_eq!(ids.len(), 10_000);
    assert_eq!(ids[0], "CS00000");
    assert_eq!(ids[9_999], "CS09999");
    let requests = mock.requests();
    assert_eq!(requests.len(), 100, "stops at the total");
    assert!(requests[1].query.contains(&("offset".to_string(), "100".to_string())));
}

#[tokio::test]
async fn a_page_failing_midway_ends_the_stream_with_its_error() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .pages((0..3).map(|p| order_page(p * 100, 100, 10_000)))
        .once(Reply::error(400, "CBC.0100", "bad offset"));
    let results: Vec<Result<_, _>> = orders_client(&mock)
        .list_customer_orders_items(&ListCustomerOrdersRequest::new().set_limit(100))
        .collect()
        .await;
    assert_eq!(results.len(), 301);
    assert!(results[..300].iter().all(Result::is_ok));
    let Err(Error::Service(e)) = &results[300] else {
        panic!("expected the page error")
    };
    assert_eq!(e.code, OrdersErrorCode::Common(CommonCode::Cbc0100));
}

#[tokio::test]
async fn unknown_fields_enum_values_and_codes_never_break_a_call() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .once(Reply::json(
            200,
            json!({"total_count": 1, "brand_new_field": {"x": [1]},
            "order_infos": [{"order_id": "CS1", "status": 987, "order_type": 4242, "newer": true}]}),
        ))
        .once(Reply::error(400, "CBC.12345678", "a code from the future"));
    let client = orders_client(&mock);
    let page = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    // Values the docs do not list decode into the catch-all and are kept as sent.
    let order = &page.order_infos.unwrap()[0];
    assert_eq!(
        order.status,
        Some(huaweicloud_bss::orders::enums::OrderStatus::Unlisted(987))
    );
    assert_eq!(
        order.order_type,
        Some(huaweicloud_bss::orders::enums::OrderType::Unlisted(4242))
    );
    assert_eq!(serde_json::to_value(order).unwrap()["status"], 987);
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&OrdersErrorCode::Unknown("CBC.12345678".into())));
    assert!(err.to_string().contains("CBC.12345678"), "{err}");
}

#[tokio::test]
async fn money_is_exact_to_the_byte_whether_sent_as_number_or_string() {
    let mock = MockServer::start().await.unwrap();
    let body = r#"{"total_count":1,"order_infos":[{"order_id":"CS1","amount_after_discount":12345678.12345678,"official_amount":"0.00000001"}]}"#;
    mock.on("ListCustomerOrders").once(Reply::raw(200, body));
    let page = orders_client(&mock)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    let order = &page.order_infos.as_ref().unwrap()[0];
    assert_eq!(order.amount_after_discount.unwrap().to_string(), "12345678.12345678");
    assert_eq!(order.official_amount.unwrap().to_string(), "0.00000001");
    let back = serde_json::to_string(&page).unwrap();
    assert!(back.contains("\"amount_after_discount\":12345678.12345678"), "{back}");
}

/// A `tracing` writer that keeps everything written, to inspect the logs.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_call_has_a_span_and_no_secret_is_ever_logged() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests of this binary run at the same time without a subscriber: a call site they
    // reach first is cached as disabled for every thread. Recompute with this one in place.
    tracing::callsite::rebuild_interest_cache();
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").once(Reply::throttled());
    let core = Client::builder()
        .endpoint(mock.uri())
        .credentials(Credentials::temporary("RUNTIMEAK", SK, "security-token-value").with_domain_id("dom"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let client = orders::Client::new(core.clone());
    client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    tracing::debug!(client = ?core, "client state");
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("bss.call"), "{logs}");
    assert!(
        logs.contains("operation=\"ListCustomerOrders\"") || logs.contains("operation=ListCustomerOrders"),
        "{logs}"
    );
    assert!(logs.contains("attempt=2"), "{logs}");
    assert!(logs.contains("http.status=200"), "{logs}");
    assert!(logs.contains("request_id="), "{logs}");
    for secret in [SK, "security-token-value"] {
        assert!(!logs.contains(secret), "secret leaked: {logs}");
    }
    // Debug and Display of errors and clients never show them either.
    mock.on("ListCustomerOrders")
        .always(Reply::error(403, "CBC.0151", "denied"));
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?} {core:?} {client:?}");
    assert!(
        !shown.contains(SK) && !shown.contains("security-token-value"),
        "{shown}"
    );
}

#[tokio::test]
async fn body_paged_lists_stream_too() {
    use huaweicloud_bss::customers;
    let mock = MockServer::start().await.unwrap();
    let page = |ids: &[&str]| json!({"count": 3, "customer_infos": ids.iter().map(|i| json!({"customer_id": i, "account_name": i})).collect::<Vec<_>>()});
    mock.on("ListSubCustomers").pages([page(&["a", "b"]), page(&["c"])]);
    let core = Client::builder()
        .endpoint(mock.uri())
        .no_credentials()
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let ids: Vec<String> = customers::Client::new(core)
        .list_sub_customers_items(&customers::requests::ListSubCustomersRequest::new())
        .map(|r| r.unwrap().customer_id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c"]);
    let offsets: Vec<Value> = mock
        .requests()
        .iter()
        .map(|r| r.json().unwrap()["offset"].clone())
        .collect();
    assert_eq!(offsets, [json!(0), json!(2)]);
}

/// The client's language goes to the operations the docs give an `X-Language` header, and only
/// there; a call's own header wins.
#[tokio::test]
async fn the_language_setting_reaches_localized_operations_only() {
    let mock = MockServer::start().await.unwrap();
    let core = Client::builder()
        .endpoint(mock.uri())
        .no_credentials()
        .language(huaweicloud_bss::core::Language::EnUs)
        .build()
        .unwrap();
    let client = orders::Client::new(core);
    client
        .show_customer_order_details()
        .order_id("CS1")
        .send()
        .await
        .unwrap();
    client.list_customer_orders().send().await.unwrap();
    client
        .show_customer_order_details()
        .order_id("CS1")
        .x_language("zh_CN")
        .send()
        .await
        .unwrap();
    let sent: Vec<Option<String>> = mock
        .requests()
        .iter()
        .map(|r| r.header("x-language").map(str::to_string))
        .collect();
    assert_eq!(sent, [Some("en_US".to_string()), None, Some("zh_CN".to_string())]);
}

/// Builders: a missing required value is a build error and nothing reaches the server; per-call
/// options apply to that call only.
#[tokio::test]
async fn builders_refuse_missing_values_and_carry_call_options() {
    let mock = MockServer::start().await.unwrap();
    let client = orders_client(&mock);
    let err = client.show_customer_order_details().send().await.unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err}");
    assert!(err.to_string().contains("`order_id` is required"), "{err}");
    assert!(mock.requests().is_empty(), "nothing may be sent");
    client
        .list_customer_orders()
        .limit(5)
        .header("X-Trace", "call-1")
        .attempt_timeout(Duration::from_secs(2))
        .send()
        .await
        .unwrap();
    client.list_customer_orders().send().await.unwrap();
    let requests = mock.requests();
    assert_eq!(requests[0].header("x-trace"), Some("call-1"));
    assert_eq!(requests[0].query, [("limit".to_string(), "5".to_string())]);
    assert_eq!(requests[1].header("x-trace"), None);
    // A bad header value is a build error too, before sending.
    let err = client
        .list_customer_orders()
        .header("X-Bad", "a\r\nb")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err}");
    assert_eq!(mock.requests().len(), 2);
}

/// The v1.0 `{domain_id}` is filled from the client's account id unless the call gives it;
/// without one anywhere, the call fails before sending.
#[cfg(feature = "legacy")]
#[tokio::test]
#[allow(deprecated)]
async fn the_account_id_fills_v1_paths() {
    let mock = MockServer::start().await.unwrap();
    let with_id = |id: Option<&str>| {
        let mut b = Client::builder().endpoint(mock.uri()).no_credentials();
        if let Some(id) = id {
            b = b.domain_id(id);
        }
        orders::Client::new(b.build().unwrap())
    };
    with_id(Some("dom-config"))
        .list_order_resources_v1_old()
        .order_id("CS1")
        .offset(1)
        .limit(10)
        .send()
        .await
        .unwrap();
    with_id(Some("dom-config"))
        .list_order_resources_v1_old()
        .domain_id("dom-call")
        .order_id("CS1")
        .offset(1)
        .limit(10)
        .send()
        .await
        .unwrap();
    let err = with_id(None)
        .list_order_resources_v1_old()
        .order_id("CS1")
        .offset(1)
        .limit(10)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err}");
    assert!(err.to_string().contains("`domain_id` was not given"), "{err}");
    let paths: Vec<String> = mock.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/v1.0/dom-config/common/order-mgr/orders-resource/CS1",
            "/v1.0/dom-call/common/order-mgr/orders-resource/CS1"
        ]
    );
    assert_eq!(
        mock.requests()[0].query,
        [
            ("limit".to_string(), "10".to_string()),
            ("offset".to_string(), "1".to_string())
        ]
    );
}

/// A response time in another form than the documented one never fails the call: the text is
/// kept and the typed accessor says what is wrong; a good one reads as UTC whole seconds.
#[tokio::test]
async fn response_times_are_read_by_accessors_without_failing_the_call() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").once(Reply::json(
        200,
        json!({"total_count": 2, "order_infos": [
            {"order_id": "A", "create_time": "2026-11-01T08:00:00Z"},
            {"order_id": "B", "create_time": "yesterday"}
        ]}),
    ));
    let page = orders_client(&mock).list_customer_orders().send().await.unwrap();
    let [a, b] = page.order_infos() else {
        panic!("two orders")
    };
    let at = a.create_time_parsed().unwrap().unwrap();
    assert_eq!(at.to_string(), "2026-11-01T08:00:00Z");
    assert_eq!(b.create_time(), Some("yesterday"));
    assert!(b.create_time_parsed().unwrap().is_err());
    assert!(orders::models::CustomerOrderV2::default()
        .create_time_parsed()
        .is_none());
}

/// An amount whose unit is its sibling `measure_id` reads in yuan exactly; an unlisted unit is
/// no answer rather than a guess.
#[test]
fn amounts_in_fen_or_jiao_read_in_yuan_exactly() {
    let order: orders::models::CustomerOrderV2 =
        serde_json::from_value(json!({"amount_after_discount": 1234, "measure_id": 3})).unwrap();
    assert_eq!(order.amount_after_discount_yuan().unwrap().to_string(), "12.34");
    let order: orders::models::CustomerOrderV2 =
        serde_json::from_value(json!({"amount_after_discount": 1234, "measure_id": 7})).unwrap();
    assert_eq!(order.amount_after_discount_yuan(), None);
    assert_eq!(order.amount_after_discount().unwrap().to_string(), "1234");
}
