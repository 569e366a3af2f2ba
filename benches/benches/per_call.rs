//! `cargo bench -p huaweicloud-bss-benches --bench per_call`
//!
//! The full per-call cost (build, sign, send, receive, decode) of generated calls on the
//! loopback mock, against a hand-written minimal `reqwest` call of the same request (the
//! floor), in the same run; the same against a raw loopback server that answers a fixed body
//! at once (so the server's own cost does not hide the client's): latency, client CPU per call
//! and throughput with 64 calls in flight, interleaved; and decoding of a 10 000-record bill
//! page. Figures and how to read them: docs/PERFORMANCE.md.

use std::hint::black_box;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

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
        .set_status(5)
        .set_limit(10)
        .set_offset(0)
        .set_order_by("-createTime");
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            black_box(
                orders
                    .list_customer_orders()
                    .with_request(request.clone())
                    .send()
                    .await
                    .unwrap(),
            )
        })
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
        .set_limit(10)
        .set_offset(0)
        .set_label("vip");
    let request = customers::requests::ListSubCustomersRequest::new().set_body(body.clone());
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            black_box(
                customers
                    .list_sub_customers()
                    .with_request(request.clone())
                    .send()
                    .await
                    .unwrap(),
            )
        })
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

/// Connections the raw server accepted (a client that stops reusing its connections shows here).
static ACCEPTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A raw HTTP/1.1 keep-alive server on 127.0.0.1 (one thread per connection, threads named
/// `raw-srv` so that their CPU time can be told apart): every request gets `body`, at once.
fn raw_server(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: raw-0001\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: &'static [u8] = Box::leak(response.into_boxed_slice());
    std::thread::Builder::new()
        .name("raw-srv".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                ACCEPTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                std::thread::Builder::new()
                    .name("raw-srv".into())
                    .spawn(move || {
                        stream.set_nodelay(true).ok();
                        let mut buf = vec![0u8; 16 * 1024];
                        let mut filled = 0;
                        loop {
                            // One request: its head, then Content-Length bytes of body.
                            let head_end = loop {
                                if let Some(at) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                                    break at + 4;
                                }
                                match stream.read(&mut buf[filled..]) {
                                    Ok(0) | Err(_) => return,
                                    Ok(n) => filled += n,
                                }
                            };
                            let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
                            let length: usize = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse().ok())
                                .unwrap_or(0);
                            while filled < head_end + length {
                                match stream.read(&mut buf[filled..]) {
                                    Ok(0) | Err(_) => return,
                                    Ok(n) => filled += n,
                                }
                            }
                            buf.copy_within(head_end + length..filled, 0);
                            filled -= head_end + length;
                            if stream.write_all(response).is_err() {
                                return;
                            }
                        }
                    })
                    .unwrap();
            }
        })
        .unwrap();
    format!("http://{addr}")
}

/// CPU time of this process's threads other than the raw server's (Linux, from
/// `/proc/self/task/*/schedstat`, nanoseconds); `None` elsewhere.
fn client_cpu() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let dir = task.ok()?.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if comm.trim() == "raw-srv" {
            continue;
        }
        let stat = std::fs::read_to_string(dir.join("schedstat")).unwrap_or_default();
        total += stat
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
    }
    Some(Duration::from_nanos(total))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn raw_loopback(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let body = serde_json::to_vec(&orders_body()).unwrap();
    let base = raw_server(body.clone());
    let core = Client::builder()
        .endpoint(&base)
        .credentials(Credentials::aksk("BENCHAK", "bench-secret"))
        .build()
        .unwrap();
    let orders = orders::Client::new(core);
    let floor = reqwest::Client::new();
    let request = orders::requests::ListCustomerOrdersRequest::new()
        .set_status(5)
        .set_limit(10)
        .set_offset(0)
        .set_order_by("-createTime");
    let url = format!("{base}/v2/orders/customer-orders?limit=10&offset=0&order_by=-createTime&status=5");
    // RAW_DEBUG=1 reports every call slower than 5 ms (a retry, a new connection, a stall).
    let raw_debug = std::env::var_os("RAW_DEBUG").is_some();
    let generated_call = || async {
        let t = Instant::now();
        black_box(
            orders
                .list_customer_orders()
                .with_request(request.clone())
                .send()
                .await
                .unwrap(),
        );
        if raw_debug && t.elapsed() > Duration::from_millis(5) {
            eprintln!("slow generated call: {:?}", t.elapsed());
        }
    };
    // RAW_FLOOR_TIMEOUT=1 gives the floor a per-request timeout like the client's (to see what
    // the timer costs).
    let floor_timeout = std::env::var_os("RAW_FLOOR_TIMEOUT").is_some();
    let floor_call = || async {
        let mut r = floor.get(&url);
        if floor_timeout {
            r = r.timeout(Duration::from_secs(30));
        }
        let t = Instant::now();
        let r = r.send().await.unwrap();
        black_box(r.json::<Value>().await.unwrap());
        if raw_debug && t.elapsed() > Duration::from_millis(5) {
            eprintln!("slow floor call: {:?}", t.elapsed());
        }
    };

    let mut group = c.benchmark_group(format!("raw_loopback_get_{}b", body.len()));
    group.bench_function("floor_reqwest_value", |b| b.to_async(&rt).iter(floor_call));
    group.bench_function("generated_signed_typed", |b| b.to_async(&rt).iter(generated_call));
    group.bench_function("floor_reqwest_value_64_in_flight", |b| {
        b.to_async(&rt)
            .iter(|| futures_util::future::join_all((0..64).map(|_| floor_call())))
    });
    group.bench_function("generated_signed_typed_64_in_flight", |b| {
        b.to_async(&rt)
            .iter(|| futures_util::future::join_all((0..64).map(|_| generated_call())))
    });
    group.finish();

    // Interleaved pairs outside criterion: a batch of the floor, then a batch of the generated
    // client (or the other way round, alternately), many times; each pair gives a ratio, and
    // the median of those ratios is reported, so that the machine's drift hits both alike.
    // RAW_ROUNDS=0 skips them (e.g. under a profiler).
    let pairs: usize = std::env::var("RAW_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    if pairs == 0 {
        return;
    }
    const SEQUENTIAL: usize = 100;
    const IN_FLIGHT: usize = 64;
    const WAVES: usize = 4;
    // (seconds per call, client CPU seconds per call, calls per second with 64 in flight)
    let measure = |variant: usize| {
        rt.block_on(async {
            let cpu0 = client_cpu();
            let t0 = Instant::now();
            for _ in 0..SEQUENTIAL {
                if variant == 0 {
                    floor_call().await
                } else {
                    generated_call().await
                }
            }
            let latency = t0.elapsed().as_secs_f64() / SEQUENTIAL as f64;
            let cpu = match (cpu0, client_cpu()) {
                (Some(a), Some(b)) => (b - a).as_secs_f64() / SEQUENTIAL as f64,
                _ => f64::NAN,
            };
            let t1 = Instant::now();
            for _ in 0..WAVES {
                if variant == 0 {
                    futures_util::future::join_all((0..IN_FLIGHT).map(|_| floor_call())).await;
                } else {
                    futures_util::future::join_all((0..IN_FLIGHT).map(|_| generated_call())).await;
                }
            }
            let throughput = (IN_FLIGHT * WAVES) as f64 / t1.elapsed().as_secs_f64();
            [latency, cpu, throughput]
        })
    };
    let mut floor_runs = Vec::new();
    let mut generated_runs = Vec::new();
    for pair in 0..pairs {
        let (f, g) = if pair % 2 == 0 {
            let f = measure(0);
            (f, measure(1))
        } else {
            let g = measure(1);
            (measure(0), g)
        };
        floor_runs.push(f);
        generated_runs.push(g);
    }
    let med = |runs: &[[f64; 3]], k: usize| median(runs.iter().map(|r| r[k]).collect());
    let ratio = |k: usize| {
        median(
            floor_runs
                .iter()
                .zip(&generated_runs)
                .map(|(f, g)| g[k] / f[k])
                .collect(),
        )
    };
    println!(
        "raw loopback, {pairs} interleaved pairs (medians; ratio = median of per-pair generated/floor):\n  \
         sequential latency: floor {:.1} µs, generated {:.1} µs, ratio {:.2}x\n  \
         client CPU per call: floor {:.1} µs, generated {:.1} µs, ratio {:.2}x\n  \
         64 in flight: floor {:.0} calls/s, generated {:.0} calls/s, ratio {:.2}x\n  \
         raw-server connections accepted: {}",
        med(&floor_runs, 0) * 1e6,
        med(&generated_runs, 0) * 1e6,
        ratio(0),
        med(&floor_runs, 1) * 1e6,
        med(&generated_runs, 1) * 1e6,
        ratio(1),
        med(&floor_runs, 2),
        med(&generated_runs, 2),
        ratio(2),
        ACCEPTED.load(std::sync::atomic::Ordering::Relaxed)
    );
}

criterion_group!(benches, per_call);
criterion_group!(raw, raw_loopback);
criterion_main!(raw, benches);
