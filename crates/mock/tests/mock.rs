//! The mock as a user's test would use it.

use std::time::Duration;

use huaweicloud_bss::core::{Client, Credentials, Error, ErrorCode, RetryConfig};
use huaweicloud_bss::orders::requests::{ListCustomerOrdersRequest, ShowCustomerOrderDetailsRequest};
use huaweicloud_bss::orders::{self, OrdersErrorCode};
use huaweicloud_bss_mock::{MockServer, Reply};
use serde_json::json;

const AK: &str = "MOCKTESTAK";
const SK: &str = "mock-test-sk";

fn client(mock: &MockServer, sk: &str) -> orders::Client {
    let core = Client::builder()
        .endpoint(mock.uri())
        .credentials(Credentials::aksk(AK, sk))
        .attempt_timeout(Duration::from_millis(500))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    orders::Client::new(core)
}

#[tokio::test]
async fn listens_on_loopback_and_serves_the_docs_sample_in_three_lines() {
    let mock = MockServer::start().await.unwrap();
    assert!(mock.addr().ip().is_loopback());
    let orders = client(&mock, SK);
    let page = orders
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new().set_limit(10))
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(1));
    let recorded = mock.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].operation.as_deref(), Some("ListCustomerOrders"));
    assert_eq!(recorded[0].query, vec![("limit".to_string(), "10".to_string())]);
    assert!(recorded[0]
        .header("authorization")
        .unwrap()
        .starts_with("SDK-HMAC-SHA256 Access=MOCKTESTAK"));
}

#[tokio::test]
async fn a_wrong_signature_gets_the_gateway_401() {
    let mock = MockServer::builder().verify_signatures(AK, SK).start().await.unwrap();
    let err = client(&mock, "not-the-secret")
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    let Error::Service(e) = &err else { panic!("{err}") };
    assert_eq!(e.raw.status.as_u16(), 401);
    assert_eq!(
        e.code,
        OrdersErrorCode::Common(huaweicloud_bss::core::CommonCode::Apig0301)
    );
    assert!(err.is_auth());
    // The right key passes.
    client(&mock, SK)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn scripts_replies_in_order_then_falls_back_to_the_sample() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ShowCustomerOrderDetails")
        .once(Reply::throttled())
        .once(Reply::error(400, "CBC.99000037", "no permission"))
        .once(Reply::server_error());
    let orders = client(&mock, SK);
    let req = ShowCustomerOrderDetailsRequest::new("CS1");
    let codes: Vec<String> = [
        orders
            .show_customer_order_details()
            .with_request(req.clone())
            .send()
            .await
            .unwrap_err(),
        orders
            .show_customer_order_details()
            .with_request(req.clone())
            .send()
            .await
            .unwrap_err(),
        orders
            .show_customer_order_details()
            .with_request(req.clone())
            .send()
            .await
            .unwrap_err(),
    ]
    .iter()
    .map(|e| format!("{} {}", e.status().unwrap().as_u16(), e.code().unwrap().as_str()))
    .collect();
    assert_eq!(codes, ["429 APIG.0308", "400 CBC.99000037", "500 CBC.0999"]);
    assert!(orders
        .show_customer_order_details()
        .with_request(req.clone())
        .send()
        .await
        .is_ok());
    assert_eq!(mock.requests()[0].path, "/v2/orders/customer-orders/details/CS1");
}

#[tokio::test]
async fn pages_and_always() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .pages([
            json!({"total_count": 3, "order_infos": [{"order_id": "A"}, {"order_id": "B"}]}),
            json!({"total_count": 3, "order_infos": [{"order_id": "C"}]}),
        ])
        .always(Reply::json(200, json!({"total_count": 3, "order_infos": []})));
    let orders = client(&mock, SK);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let page = orders
            .list_customer_orders()
            .with_request(ListCustomerOrdersRequest::new())
            .send()
            .await
            .unwrap();
        seen.extend(
            page.order_infos
                .unwrap_or_default()
                .into_iter()
                .filter_map(|o| o.order_id),
        );
    }
    assert_eq!(seen, ["A", "B", "C"]);
}

#[tokio::test]
async fn a_stall_times_the_client_out() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").once(Reply::stall(Duration::from_secs(5)));
    let err = client(&mock, SK)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), huaweicloud_bss::core::ErrorKind::Timeout, "{err}");
    assert_eq!(err.applied(), huaweicloud_bss::core::Applied::Maybe);
    assert!(
        !err.to_string().contains("applied"),
        "a read never says it may have been applied: {err}"
    );
}

#[tokio::test]
async fn unknown_paths_get_the_gateway_404() {
    let mock = MockServer::start().await.unwrap();
    let response = reqwest::get(format!("{}/v9/nothing", mock.uri())).await.unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "APIG.0101");
    assert_eq!(mock.requests()[0].operation, None);
}

/// A raw request, as a hand-written client (or a wrong one) would send it.
async fn raw(
    mock: &MockServer,
    method: reqwest::Method,
    path_and_query: &str,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut req = reqwest::Client::new().request(method, format!("{}{path_and_query}", mock.uri()));
    if let Some(b) = body {
        req = req.header("Content-Type", "application/json").body(b.to_string());
    }
    let response = req.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

fn assert_parameter_error(answer: &(u16, serde_json::Value), names: &str) {
    assert_eq!(answer.0, 400, "{answer:?}");
    assert_eq!(answer.1["error_code"], "CBC.0100", "{answer:?}");
    let msg = answer.1["error_msg"].as_str().unwrap();
    assert!(msg.contains(names), "{msg:?} should name {names}");
}

#[tokio::test]
async fn strict_by_default_a_typed_call_outside_the_documented_range_gets_cbc_0100() {
    let mock = MockServer::start().await.unwrap();
    let err = client(&mock, SK)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new().set_limit(1000))
        .send()
        .await
        .unwrap_err();
    let Error::Service(e) = &err else { panic!("{err}") };
    assert_eq!(e.raw.status.as_u16(), 400);
    assert_eq!(e.code.as_str(), "CBC.0100");
    assert!(
        e.message.contains("`limit`") && e.message.contains("100"),
        "{}",
        e.message
    );
    // Within the range, and a documented value: served.
    client(&mock, SK)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new().set_limit(100).set_status(5))
        .send()
        .await
        .unwrap();
    let err = client(&mock, SK)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new().set_status(2))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code().unwrap().as_str(), "CBC.0100", "an undocumented status value");
}

#[tokio::test]
async fn strict_mode_checks_query_parameters_and_body_fields_by_name() {
    use reqwest::Method;
    let mock = MockServer::start().await.unwrap();
    let list = "/v2/orders/customer-orders";
    assert_parameter_error(
        &raw(&mock, Method::GET, &format!("{list}?nope=1"), None).await,
        "`nope`",
    );
    assert_parameter_error(
        &raw(&mock, Method::GET, &format!("{list}?limit=ten"), None).await,
        "`limit`",
    );
    assert_parameter_error(
        &raw(&mock, Method::GET, &format!("{list}?limit=1&limit=2"), None).await,
        "`limit`",
    );
    let long = "x".repeat(65);
    assert_parameter_error(
        &raw(&mock, Method::GET, &format!("{list}?order_type={long}"), None).await,
        "`order_type`",
    );
    let cancel = "/v2/orders/customer-orders/cancel";
    assert_parameter_error(&raw(&mock, Method::PUT, cancel, None).await, "body is required");
    assert_parameter_error(
        &raw(&mock, Method::PUT, cancel, Some("{}")).await,
        "body.order_id is required",
    );
    assert_parameter_error(
        &raw(&mock, Method::PUT, cancel, Some(r#"{"order_id": 5}"#)).await,
        "body.order_id",
    );
    assert_parameter_error(
        &raw(&mock, Method::PUT, cancel, Some(r#"{"order_id": "A", "extra": 1}"#)).await,
        "body.extra",
    );
    assert_parameter_error(
        &raw(&mock, Method::PUT, cancel, Some("{\"order_id\"")).await,
        "not JSON",
    );
    assert_parameter_error(
        &raw(&mock, Method::GET, list, Some("{}")).await,
        "takes no request body",
    );
    // The valid request is served (the operation answers 204).
    assert_eq!(
        raw(&mock, Method::PUT, cancel, Some(r#"{"order_id": "A"}"#)).await.0,
        204
    );
}

#[tokio::test]
async fn strict_false_serves_what_matches_a_route() {
    let mock = MockServer::builder().strict(false).start().await.unwrap();
    let answer = raw(
        &mock,
        reqwest::Method::GET,
        "/v2/orders/customer-orders?nope=1&limit=1000",
        None,
    )
    .await;
    assert_eq!(answer.0, 200, "{answer:?}");
}

/// A caller's header replaces the client's default (one `Content-Type` on the wire), and a
/// body that is not JSON is signed as `UNSIGNED-PAYLOAD`, as the official signer does; the
/// mock's own verifier (not the client's signer) accepts the result.
#[tokio::test]
async fn a_callers_content_type_replaces_the_default_and_is_signed_as_the_official_sdk_does() {
    use huaweicloud_bss::core::{OperationSpec, Request};
    static OP: OperationSpec = OperationSpec {
        id: "ListSubCustomers",
        method: "POST",
        path: "/v2/partners/sub-customers/query",
        idempotent: true,
        rate_limit_per_second: 10,
        callers: &[],
        deprecated: false,
        localized: false,
        api: huaweicloud_bss_core::SiteApi::China,
    };
    let mock = MockServer::builder().verify_signatures(AK, SK).start().await.unwrap();
    let core = client(&mock, SK).inner().clone();
    for (content_type, unsigned) in [("text/plain", true), ("application/json;charset=UTF-8", false)] {
        let mut request = Request::new(&OP);
        request
            .header("content-type", &content_type.to_string())
            .header("X-Custom", &"  padded  ".to_string())
            .json_body(&json!({"limit": 1}))
            .unwrap();
        core.send_json::<serde_json::Value, OrdersErrorCode>(request)
            .await
            .unwrap();
        let sent = mock.requests().pop().unwrap();
        let types: Vec<&str> = sent
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(types, [content_type]);
        assert_eq!(
            sent.header("x-custom"),
            Some("padded"),
            "values are trimmed on the wire too"
        );
        assert_eq!(
            sent.header("x-sdk-content-sha256").is_some(),
            unsigned,
            "{content_type}"
        );
        let auth = sent.header("authorization").unwrap();
        assert_eq!(auth.contains("x-sdk-content-sha256"), unsigned, "{auth}");
    }
}
