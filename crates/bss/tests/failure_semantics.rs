//! Every edge of failure through generated clients, on 127.0.0.1: whether a call may have been
//! applied (one test per row of the table in `huaweicloud_bss_core::error`), what is retried and
//! how often, business errors inside 2xx bodies in every shape, redirects, body limits, the two
//! deadlines, build errors, batches that report failed items, exact money.
#![cfg(all(feature = "full", feature = "legacy"))]
#![allow(deprecated)] // the deprecated (旧) batch operations are tested too

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use huaweicloud_bss::core::{
    Applied, Batch, Client, CommonCode, Credentials, Error, ErrorCode, ErrorKind, ResponseErrorKind, RetryConfig,
    TransportErrorKind,
};
use huaweicloud_bss::enterprises::legacy::UpdateSubEnterpriseAmountV1OldRequest;
use huaweicloud_bss::enterprises::{self, models::UpdateSubEnterpriseAmountV1OldBody};
use huaweicloud_bss::orders::requests::{ListCustomerOrdersRequest, PayOrdersRequest, ShowCustomerOrderDetailsRequest};
use huaweicloud_bss::orders::{self, models::PayCustomerOrderV3Req, OrdersErrorCode};
use huaweicloud_bss::resources::legacy::CancelResourcesSubscriptionV1OldRequest;
use huaweicloud_bss::resources::models::{RenewalResourcesReq, UnsubscribeResourcesReq};
use huaweicloud_bss::resources::requests::{CancelResourcesSubscriptionRequest, RenewalResourcesRequest};
use huaweicloud_bss::resources::{self};
use huaweicloud_bss_mock::{MockServer, Reply};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

fn core(endpoint: &str) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::aksk("FAILUREAK", "failure-test-secret"))
        .attempt_timeout(Duration::from_millis(300))
        .retry(fast_retry())
        .build()
        .unwrap()
}

fn orders_at(endpoint: &str) -> orders::Client {
    orders::Client::new(core(endpoint))
}

fn pay() -> PayOrdersRequest {
    PayOrdersRequest::new(PayCustomerOrderV3Req::new("CS2611011200ABCDE", "NO", "NO"))
}

/// Pays an order against the mock scripted with `reply` once; returns the error and how many
/// requests reached the mock.
async fn pay_with(reply: Reply) -> (Error<OrdersErrorCode>, usize) {
    let mock = MockServer::start().await.unwrap();
    mock.on("PayOrders").once(reply);
    let err = orders_at(&mock.uri())
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap_err();
    (err, mock.requests().len())
}

// ---- The table: was the write applied? -------------------------------------------------

#[tokio::test]
async fn build_errors_send_nothing_and_were_not_applied() {
    let mock = MockServer::start().await.unwrap();
    let client = orders_at(&mock.uri());
    for bad in ["", ".", ".."] {
        let err = client
            .show_customer_order_details()
            .with_request(ShowCustomerOrderDetailsRequest::new(bad))
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Build(_)), "{bad:?}: {err}");
        assert_eq!(
            (err.applied(), err.operation()),
            (Applied::No, Some("ShowCustomerOrderDetails"))
        );
        assert!(err.to_string().contains("order_id"), "{err}");
    }
    assert_eq!(mock.requests().len(), 0, "nothing was sent");

    // A header value that cannot be sent.
    let bills = huaweicloud_bss::bills::Client::new(core(&mock.uri()));
    let request = huaweicloud_bss::bills::requests::ListCustomerBillsFeeRecordsRequest::new("2026-11".parse().unwrap())
        .set_x_language("zh_CN\r\nX-Injected: 1");
    let err = bills
        .list_customer_bills_fee_records()
        .with_request(request.clone())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err}");
    assert!(err.to_string().contains("X-Language"), "{err}");
    assert_eq!(mock.requests().len(), 0, "nothing was sent");

    let err = Client::builder()
        .no_credentials()
        .user_agent_suffix("portal\n1.0")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("user agent"), "{err}");
}

#[tokio::test]
async fn no_connection_was_not_applied_and_is_retried_even_for_a_write() {
    // A port nobody listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = orders_at(&format!("http://127.0.0.1:{port}"))
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err}") };
    assert_eq!((t.kind, err.applied()), (TransportErrorKind::Connect, Applied::No));
    assert!(
        err.to_string().to_lowercase().contains("connection refused"),
        "the cause is shown: {err}"
    );
    assert!(!err.to_string().contains("applied"), "{err}");
}

#[tokio::test]
async fn client_errors_were_not_applied() {
    let (err, sent) = pay_with(Reply::error(400, "CBC.99005003", "Insufficient balance.")).await;
    assert_eq!((err.applied(), sent), (Applied::No, 1));
    assert_eq!(err.code(), Some(&OrdersErrorCode::Cbc99005003));
    // One line: operation, status, code, message once, request id; nothing about "applied".
    let text = err.to_string();
    assert!(
        text.starts_with("PayOrders: HTTP 400 CBC.99005003: Insufficient balance."),
        "{text}"
    );
    assert_eq!(text.matches("Insufficient balance").count(), 1, "{text}");
    assert!(text.contains("[request id "), "{text}");

    let (err, sent) = pay_with(Reply::raw(404, "<html>not here</html>")).await;
    assert!(matches!(&err, Error::Response(e) if e.kind == ResponseErrorKind::NoErrorCode));
    assert_eq!((err.applied(), sent), (Applied::No, 1));
    assert!(err.is_not_found());
}

#[tokio::test]
async fn request_timeout_408_may_have_been_applied() {
    let (err, sent) = pay_with(Reply::raw(408, "")).await;
    assert_eq!((err.applied(), sent), (Applied::Maybe, 1));
}

#[tokio::test]
async fn gateway_throttling_proves_a_write_was_not_executed_so_it_is_retried() {
    let mock = MockServer::start().await.unwrap();
    mock.on("PayOrders").once(Reply::throttled());
    orders_at(&mock.uri())
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2, "the 429 APIG.0308 attempt, then the payment");

    mock.reset();
    mock.on("PayOrders").always(Reply::throttled());
    let err = orders_at(&mock.uri())
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap_err();
    assert_eq!(mock.requests().len(), 3, "bounded by max_attempts");
    assert_eq!(err.applied(), Applied::No);
    assert!(err.is_throttling() && err.is_retryable());
    assert_eq!(err.code(), Some(&OrdersErrorCode::Common(CommonCode::Apig0308)));

    // The service's own throttling code in a 400 also refuses the request: retried.
    mock.reset();
    mock.on("PayOrders")
        .once(Reply::error(400, "CBC.99008040", "Too many requests."));
    orders_at(&mock.uri())
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2);

    // A daily cap is final.
    mock.reset();
    mock.on("PayOrders")
        .always(Reply::error(400, "CBC.99008056", "Daily limit."));
    let err = orders_at(&mock.uri())
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap_err();
    assert_eq!(mock.requests().len(), 1);
    assert!(!err.is_throttling() && !err.is_retryable());
}

#[tokio::test]
async fn a_business_error_in_a_200_was_not_applied() {
    let (err, sent) = pay_with(Reply::error(200, "CBC.99005003", "Insufficient balance.")).await;
    assert_eq!((err.applied(), sent), (Applied::No, 1));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn server_errors_may_have_been_applied_and_a_write_is_not_repeated() {
    for reply in [
        Reply::server_error(),
        Reply::error(504, "APIG.0201", "Backend timeout."),
        Reply::raw(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
        Reply::raw(504, "<html><body><h1>504 Gateway Time-out</h1></body></html>"),
        Reply::raw(503, ""),
        Reply::json(500, json!({"unexpected": true})),
    ] {
        let (err, sent) = pay_with(reply).await;
        assert_eq!((err.applied(), sent), (Applied::Maybe, 1), "{err}");
        assert!(
            err.to_string().ends_with("; the request may have been applied"),
            "{err}"
        );
        assert!(err.is_retryable(), "a later try may succeed (after checking): {err}");
    }
}

#[tokio::test]
async fn a_timed_out_write_may_have_been_applied_and_is_not_repeated() {
    let (err, sent) = pay_with(Reply::stall(Duration::from_secs(3))).await;
    assert_eq!(
        (err.kind(), err.applied(), sent),
        (ErrorKind::Timeout, Applied::Maybe, 1)
    );
    assert!(err.is_timeout());
    assert!(err.to_string().contains("may have been applied"), "{err}");
}

/// A server that reads each request, then closes the connection without answering.
async fn resetting_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        for _ in 0..16 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 64 * 1024];
            let _ = socket.read(&mut buf).await;
            drop(socket);
        }
    });
    (uri, accepted)
}

#[tokio::test]
async fn a_reset_after_sending_may_have_been_applied() {
    let (uri, accepted) = resetting_server().await;
    let err = orders_at(&uri)
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err}") };
    assert_eq!(
        (t.kind, err.applied()),
        (TransportErrorKind::Io, Applied::Maybe),
        "{err}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "a write is not sent again");

    let (uri, accepted) = resetting_server().await;
    let err = orders_at(&uri)
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(accepted.load(Ordering::SeqCst), 3, "a read is tried max_attempts times");
    assert!(!err.to_string().contains("applied"), "a read never says so: {err}");
}

#[tokio::test]
async fn a_success_whose_body_does_not_decode_was_applied() {
    let mock = MockServer::start().await.unwrap();
    mock.on("RenewalResources")
        .once(Reply::json(200, json!({"order_ids": 5})));
    let renew = RenewalResourcesRequest::new(RenewalResourcesReq::new(vec!["r1".into()], 2, 1));
    let err = resources::Client::new(core(&mock.uri()))
        .renewal_resources()
        .with_request(renew.clone())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Response(e) if e.kind == ResponseErrorKind::Undecodable));
    assert_eq!((err.applied(), mock.requests().len()), (Applied::Yes, 1));
    assert!(err.to_string().contains("was applied"), "{err}");
    assert_eq!(
        err.raw_response().unwrap().body.as_ref(),
        br#"{"order_ids":5}"#,
        "raw body kept"
    );

    // A read's undecodable body: the same kind, and no word about "applied".
    mock.on("ListCustomerOrders")
        .once(Reply::json(200, json!({"total_count": "many"})));
    let err = orders_at(&mock.uri())
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.applied(), Applied::Yes);
    assert!(!err.to_string().contains("applied"), "{err}");
}

// ---- Business errors in 2xx bodies, in every shape ---------------------------------------

const ERROR_BODIES: &[&str] = &[
    r#"{"error_code":"CBC.99005003","error_msg":5003}"#,
    r#"{"error_code":"CBC.99005003","error_msg":{"detail":"balance"}}"#,
    r#"{"error_code":"CBC.99005003","error_msg":["balance"]}"#,
    r#"{"error_code":99005003,"error_msg":"balance"}"#,
    r#"{"error_code":"CBC.0000","error_code":"CBC.99005003"}"#,
    r#"{"error_code":"CBC.0000","errorCode":"CBC.99005003","error_msg":"balance"}"#,
    r#"{"error_code":"CBC.99005003","error_msg":"a","error_message":"b"}"#,
    r#"{"\u0065rror_code":"CBC.99005003","error_msg":"balance"}"#,
    r#"{"order_ids":["CS1"],"error_code":"CBC.99005003","fail_resource_infos":[]}"#,
];

#[tokio::test]
async fn every_shape_of_a_business_error_in_a_200_fails_the_call() {
    let mock = MockServer::start().await.unwrap();
    let orders = orders_at(&mock.uri());
    let resources = resources::Client::new(core(&mock.uri()));
    for body in ERROR_BODIES {
        for op in [
            "PayOrders",
            "RenewalResources",
            "CancelResourcesSubscription",
            "ListCustomerOrders",
        ] {
            mock.reset();
            mock.on(op).always(Reply::raw(200, body.as_bytes().to_vec()));
            let code = match op {
                "PayOrders" => orders
                    .pay_orders()
                    .with_request(pay())
                    .send()
                    .await
                    .err()
                    .and_then(|e| e.code().map(|c| c.as_str().to_string())),
                "ListCustomerOrders" => orders
                    .list_customer_orders()
                    .with_request(ListCustomerOrdersRequest::new())
                    .send()
                    .await
                    .err()
                    .and_then(|e| e.code().map(|c| c.as_str().to_string())),
                "RenewalResources" => resources
                    .renewal_resources()
                    .with_request(RenewalResourcesRequest::new(RenewalResourcesReq::new(
                        vec!["r".into()],
                        2,
                        1,
                    )))
                    .send()
                    .await
                    .err()
                    .and_then(|e| e.code().map(|c| c.as_str().to_string())),
                _ => resources
                    .cancel_resources_subscription()
                    .with_request(CancelResourcesSubscriptionRequest::new(UnsubscribeResourcesReq::new(
                        vec!["r".into()],
                        1,
                    )))
                    .send()
                    .await
                    .err()
                    .and_then(|e| e.code().map(|c| c.as_str().to_string())),
            };
            let want = if body.contains("99005003,") {
                "99005003"
            } else {
                "CBC.99005003"
            };
            assert_eq!(code.as_deref(), Some(want), "{op} must fail on {body}");
            assert_eq!(mock.requests().len(), 1, "{op}: a business error is final");
        }
    }
}

// ---- Transport --------------------------------------------------------------------------

#[tokio::test]
async fn a_redirect_is_never_followed() {
    let mock = MockServer::start().await.unwrap();
    let own_url = format!("{}/v2/orders/customer-orders/pay", mock.uri());
    mock.on("PayOrders")
        .always(Reply::raw(307, "").header("Location", &own_url));
    let err = orders_at(&mock.uri())
        .pay_orders()
        .with_request(pay())
        .send()
        .await
        .unwrap_err();
    assert_eq!(mock.requests().len(), 1, "the payment reached the server once");
    let Error::Response(e) = &err else { panic!("{err}") };
    assert_eq!((e.kind, e.raw.status.as_u16()), (ResponseErrorKind::Redirect, 307));
    assert_eq!(e.raw.headers.get("location").unwrap(), own_url.as_str(), "headers kept");
    assert_eq!(err.applied(), Applied::Maybe);

    // An injected client that follows redirects is caught after the fact.
    let follows = reqwest::Client::builder().build().unwrap();
    mock.reset();
    let other = format!("{}/v2/orders/customer-orders", mock.uri());
    mock.on("ShowCustomerOrderDetails")
        .always(Reply::raw(302, "").header("Location", &other));
    let client = orders::Client::new(
        Client::builder()
            .no_credentials()
            .endpoint(mock.uri())
            .http_client(follows)
            .retry(fast_retry())
            .build()
            .unwrap(),
    );
    let err = client
        .show_customer_order_details()
        .with_request(ShowCustomerOrderDetailsRequest::new("CS1"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Response(e) if e.kind == ResponseErrorKind::Redirect),
        "{err}"
    );
}

#[tokio::test]
async fn connect_timeout_cannot_be_set_for_an_injected_client() {
    let err = Client::builder()
        .no_credentials()
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("connect_timeout"), "{err}");
}

#[tokio::test]
async fn a_body_over_the_limit_fails_with_a_bounded_prefix() {
    let mock = MockServer::start().await.unwrap();
    let big = format!(
        r#"{{"total_count":1,"order_infos":[{{"order_id":"{}"}}]}}"#,
        "x".repeat(3 << 20)
    );
    mock.on("ListCustomerOrders").always(Reply::raw(200, big));
    let client = orders::Client::new(
        Client::builder()
            .no_credentials()
            .endpoint(mock.uri())
            .max_response_body(1 << 20)
            .retry(fast_retry())
            .build()
            .unwrap(),
    );
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    let Error::Response(e) = &err else { panic!("{err}") };
    assert_eq!(e.kind, ResponseErrorKind::BodyTooLarge);
    assert!(e.raw.body.len() <= 64 * 1024, "kept {} bytes", e.raw.body.len());
    assert!(e.raw.body.starts_with(br#"{"total_count":1"#));
    assert_eq!(mock.requests().len(), 1, "not retried: the same body would come back");
}

/// A server announcing a 1 GiB body and streaming it until the client hangs up; returns how
/// many bytes it managed to write.
async fn endless_body_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicUsize::new(0));
    let count = written.clone();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut buf = vec![0u8; 64 * 1024];
        let _ = socket.read(&mut buf).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n[";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b' '; 256 * 1024];
        // At most 1 GiB, in bounded steps; stops as soon as the client is gone.
        for _ in 0..4096 {
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
            count.fetch_add(chunk.len(), Ordering::SeqCst);
        }
    });
    (uri, written)
}

#[tokio::test]
async fn an_endless_body_is_not_read_whole() {
    let (uri, written) = endless_body_server().await;
    let client = orders::Client::new(
        Client::builder()
            .no_credentials()
            .endpoint(uri)
            .max_response_body(2 << 20)
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Response(e) if e.kind == ResponseErrorKind::BodyTooLarge),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < 64 << 20,
        "the client stopped reading early; the server wrote {sent} bytes"
    );
}

// ---- Deadlines --------------------------------------------------------------------------

#[tokio::test]
async fn retry_after_never_sleeps_past_the_operation_deadline() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .always(Reply::throttled().header("Retry-After", "60"));
    let client = orders_at(&mock.uri()).map_inner(|c| c.with_operation_timeout(Duration::from_secs(1)));
    let started = Instant::now();
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(err.is_throttling());
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn the_operation_deadline_bounds_every_attempt() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders")
        .always(Reply::stall(Duration::from_secs(5)));
    let client = orders_at(&mock.uri()).map_inner(|c| {
        c.with_attempt_timeout(Duration::from_millis(400))
            .with_operation_timeout(Duration::from_millis(600))
            .with_retry(fast_retry().max_attempts(10))
    });
    let started = Instant::now();
    let err = client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(mock.requests().len(), 2, "a second attempt, cut short by the deadline");
    assert!(
        took >= Duration::from_millis(550) && took < Duration::from_millis(900),
        "{took:?}"
    );
}

#[test]
fn with_the_defaults_a_timed_out_read_is_tried_again_within_the_deadline() {
    use huaweicloud_bss::core::{DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_OPERATION_TIMEOUT};
    let retry = RetryConfig::default();
    assert!(retry.max_attempts >= 2);
    assert!(DEFAULT_OPERATION_TIMEOUT > DEFAULT_ATTEMPT_TIMEOUT + retry.max_backoff + Duration::from_secs(1));
}

#[tokio::test]
async fn a_timed_out_read_is_retried_once_within_the_deadline_at_scale() {
    // The defaults scaled down 100x: 300 ms attempts, a 750 ms deadline.
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").once(Reply::stall(Duration::from_secs(3)));
    let client = orders_at(&mock.uri()).map_inner(|c| {
        c.with_attempt_timeout(Duration::from_millis(300))
            .with_operation_timeout(Duration::from_millis(750))
    });
    client
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap();
    assert_eq!(mock.requests().len(), 2);
}

// ---- Batches ----------------------------------------------------------------------------

#[tokio::test]
async fn batches_that_list_failed_items_are_partial() {
    let mock = MockServer::start().await.unwrap();
    let resources = resources::Client::new(core(&mock.uri()));
    let failed = json!({"order_ids": ["CS1"], "fail_resource_infos": [
        {"resource_id": "r3", "error_code": "CBC.99003012", "error_msg": "Resource ID does not exist."}]});

    mock.on("RenewalResources").once(Reply::json(200, failed.clone()));
    let renew = RenewalResourcesRequest::new(RenewalResourcesReq::new(vec!["r1".into(), "r3".into()], 2, 1));
    let Batch::Partial { failed: items, .. } = resources
        .renewal_resources()
        .with_request(renew.clone())
        .send()
        .await
        .unwrap()
    else {
        panic!("three of ten failed: not a plain success")
    };
    assert_eq!(items[0].resource_id.as_deref(), Some("r3"));

    mock.on("CancelResourcesSubscription").once(Reply::json(200, failed));
    let cancel = CancelResourcesSubscriptionRequest::new(UnsubscribeResourcesReq::new(vec!["r3".into()], 1));
    assert_eq!(
        resources
            .cancel_resources_subscription()
            .with_request(cancel.clone())
            .send()
            .await
            .unwrap()
            .failed()
            .len(),
        1
    );

    // The deprecated predecessor: its response is untyped, its failures read from the same field.
    mock.on("CancelResourcesSubscriptionV1Old")
        .once(Reply::raw(200, r#"{"fail_resource_infos":["r3"],"amount":10.00}"#));
    let body = serde_json::from_value(json!({"resourceIds": ["r3"], "unSubType": 1})).unwrap();
    let batch = resources
        .cancel_resources_subscription_v1_old()
        .with_request(CancelResourcesSubscriptionV1OldRequest::new("domain", body))
        .send()
        .await
        .unwrap();
    assert_eq!(batch.failed().iter().map(|f| f.get()).collect::<Vec<_>>(), [r#""r3""#]);
    assert!(batch.response().get().contains("10.00"), "raw JSON keeps number text");

    // v1.0 enterprise transfers report failed checks.
    mock.on("UpdateSubEnterpriseAmountV1Old")
        .once(Reply::raw(200, r#"{"failCheckItems":["SUB_CUSTOMER_NO_OWN_CREDIT"]}"#));
    let body = UpdateSubEnterpriseAmountV1OldBody::new().set_sub_customer_id("sub");
    let batch = enterprises::Client::new(core(&mock.uri()))
        .update_sub_enterprise_amount_v1_old()
        .with_request(UpdateSubEnterpriseAmountV1OldRequest::new("domain", body))
        .send()
        .await
        .unwrap();
    assert_eq!(batch.failed(), ["SUB_CUSTOMER_NO_OWN_CREDIT".to_string()]);
}

// ---- Pagination through a generated stream ----------------------------------------------

#[tokio::test]
async fn a_stream_without_a_total_ends_at_a_short_page() {
    let mock = MockServer::start().await.unwrap();
    let page = |ids: std::ops::Range<usize>| json!({"order_infos": ids.map(|i| json!({"order_id": format!("CS{i}")})).collect::<Vec<_>>()});
    mock.on("ListCustomerOrders")
        .pages([page(0..10), page(10..20), page(20..23)]);
    let ids: Vec<_> = orders_at(&mock.uri())
        .list_customer_orders_items(&ListCustomerOrdersRequest::new().set_limit(10))
        .map(|r| r.unwrap().order_id.unwrap())
        .collect()
        .await;
    assert_eq!(ids.len(), 23);
    assert_eq!(mock.requests().len(), 3, "the short third page ends the stream");
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_cannot_loop_a_stream() {
    let mock = MockServer::start().await.unwrap();
    let page = json!({"order_infos": [{"order_id": "CS1"}, {"order_id": "CS2"}]});
    mock.on("ListCustomerOrders").always(Reply::json(200, page));
    let results: Vec<_> = orders_at(&mock.uri())
        .list_customer_orders_items(&ListCustomerOrdersRequest::new())
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(matches!(&results[2], Err(Error::Paging(_))), "{:?}", results[2]);
    assert_eq!(mock.requests().len(), 2);
}

// ---- Money ------------------------------------------------------------------------------

#[tokio::test]
async fn money_a_decimal_cannot_hold_is_an_error_not_zero() {
    let mock = MockServer::start().await.unwrap();
    mock.on("ListCustomerOrders").once(Reply::raw(
        200,
        r#"{"total_count":1,"order_infos":[{"order_id":"CS1","amount_after_discount":0.00000000000000000000000000001}]}"#,
    ));
    let err = orders_at(&mock.uri())
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Response(e) if e.kind == ResponseErrorKind::Undecodable),
        "{err}"
    );
    assert!(err.to_string().contains("28 decimal places"), "{err}");
}

#[tokio::test]
async fn authentication_failures_are_named() {
    let mock = MockServer::builder()
        .verify_signatures("OTHERAK", "other-secret")
        .start()
        .await
        .unwrap();
    let err = orders_at(&mock.uri())
        .list_customer_orders()
        .with_request(ListCustomerOrdersRequest::new())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err}");
    assert_eq!(err.code(), Some(&OrdersErrorCode::Common(CommonCode::Apig0301)));
    assert_eq!(err.applied(), Applied::No);
    assert!(!err.is_retryable());
}
