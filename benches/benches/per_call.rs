//! `cargo bench -p huaweicloud-bss-benches --bench per_call`
//!
//! The full per-call cost (build, sign, send, receive, decode) of generated calls on the
//! loopback mock, against a hand-written minimal `reqwest` call of the same request (the
//! floor), in the same run; and decoding of a 10 000-record bill page. Figures and how to
//! read them: docs/PERFORMANCE.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use huaweicloud_bss::core::{Client, Credentials};
use huaweicloud_bss::{bills, customers, orders};
use huaweicloud_bss_mock::{MockServer, Reply};
use serde_json::{json, Value};

/// A ListCustomerOrders answer of about 2 KB.
fn orders_body() -> Value {
    let order = |i: usize| {
        json!({"order_id": format!("CS26110112{i:05}ABCDE"), "customer_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
               "service_type_code": "hws.service.type.ebs", "service_type_name": "Elastic Volume Service",
               "source_type": 1, "status": 5, "order_type": 1, "amount_after_discount": 123.45,
               "official_amount": 150.00, "measure_id": 1, "create_time": "2026-11-01T08:00:00Z",
               "payment_time": "2026-11-01T08:05:00Z", "currency": "CNY"})
    };
    json!({"total_count": 6, "order_infos": (0..6).map(order).collect::<Vec<_>>()})
}

/// A ListSubCustomers answer of about 2 KB.
fn customers_body() -> Value {
    let c = |i: usize| {
        json!({"customer": format!("customer-{i}"), "account_name": format!("account{i}"),
               "customer_id": format!("0a1b2c3d4e5f60718293a4b5c6d7e8{i:02}"), "associated_on": "2026-01-01T00:00:00Z",
               "association_type": "1", "label": "vip", "telephone": "138****0000", "verified_status": "1",
               "country_code": "0086", "customer_type": 1, "is_frozen": 0})
    };
    json!({"count": 6, "customer_infos": (0..6).map(c).collect::<Vec<_>>()})
}

fn bill_page(n: usize) -> Vec<u8> {
    let rec = |i: usize| {
        json!({"bill_cycle": "2026-10", "customer_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "service_type_code": "hws.service.type.ebs",
               "resource_type_code": "hws.resource.type.volume", "charging_mode": 3, "trade_time": "2026-10-05T00:00:00Z",
               "trade_id": format!("T{i:08}"), "resource_id": format!("r-{i:08}"), "region_code": "cn-north-4",
               "official_amount": 1.23456789, "official_discount_amount": 0.1, "payment_amount": 1.13456789,
               "cash_amount": 1.13456789, "debt_amount": 0, "usage_amount": 24.0, "usage_measure_id": 4})
    };
    serde_json::to_vec(
        &json!({"total_count": n, "currency": "CNY", "fee_records": (0..n).map(rec).collect::<Vec<_>>()}),
    )
    .unwrap()
}

fn per_call(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mock = rt.block_on(MockServer::start()).unwrap();
    mock.on("ListCustomerOrders").always(Reply::json(200, orders_body()));
    mock.on("ListSubCustomers").always(Reply::json(200, customers_body()));
    let core = Client::builder()
        .endpoint(mock.uri())
        .credentials(Credentials::aksk("BENCHAK", "bench-secret"))
        .build()
        .unwrap();
    let orders = orders::Client::new(core.clone());
    let customers = customers::Client::new(core);
    let floor = reqwest::Client::new();
    let base = mock.uri();

    let mut group = c.benchmark_group("get_list_2kb");
    let request = orders::requests::ListCustomerOrdersRequest::new()
        .status(5)
        .limit(10)
        .offset(0)
        .order_by("-createTime");
    group.bench_function("generated", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(orders.list_customer_orders(&request).await.unwrap()) })
    });
    let url = format!("{base}/v2/orders/customer-orders?limit=10&offset=0&order_by=-createTime&status=5");
    group.bench_function("hand_written_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let r = floor
                .get(&url)
                .header("Content-Type", "application/json")
                .send()
                .await
                .unwrap();
            black_box(r.json::<Value>().await.unwrap())
        })
    });
    group.finish();

    let mut group = c.benchmark_group("post_query_2kb");
    let body = customers::models::QuerySubCustomerListReq::new()
        .limit(10)
        .offset(0)
        .label("vip");
    let request = customers::requests::ListSubCustomersRequest::new().body(body.clone());
    group.bench_function("generated", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(customers.list_sub_customers(&request).await.unwrap()) })
    });
    let url = format!("{base}/v2/partners/sub-customers/query");
    group.bench_function("hand_written_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let r = floor.post(&url).json(&body).send().await.unwrap();
            black_box(r.json::<Value>().await.unwrap())
        })
    });
    group.finish();

    let page = bill_page(10_000);
    let mut group = c.benchmark_group("decode_10k_bill_records");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.sample_size(20);
    group.bench_function("typed_model", |b| {
        b.iter(|| black_box(serde_json::from_slice::<bills::models::ListSubCustomerBillDetailResponse>(&page).unwrap()))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Value>(&page).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, per_call);
criterion_main!(benches);
