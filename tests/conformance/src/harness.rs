//! Runs the generated cases against the project's mock server (`huaweicloud-bss-mock`, on
//! 127.0.0.1), which routes each request to its operation by method and path and checks its
//! `SDK-HMAC-SHA256` signature.
//!
//! For each sample: serve the sample's response, make the typed call, then assert
//! - the request on the wire matches the sample: method, path, query (as a multiset), JSON
//!   body (compared as JSON), and a valid `SDK-HMAC-SHA256` signature;
//! - the typed response, serialized back, equals the sample body (lossless: a field the
//!   model lacks makes the comparison fail; `null` members count as absent).
//!
//! For each documented error code of an operation: serve that code's error body with its
//! HTTP status and assert the typed variant, the status and the request id come back. For
//! each operation with a JSON response: serve a malformed body and assert a response error
//! that keeps the status and the raw body.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use huaweicloud_bss_core::{signer, Client as CoreClient, Credentials, Decimal, Error, ErrorCode, RetryConfig};
use huaweicloud_bss_mock::{MockServer, RecordedRequest, Reply};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

const AK: &str = "CONFORMANCEAK0000000";
const SK: &str = "conformance-secret-key-not-real";

/// What a case's call returns: the typed response serialized back to JSON, or why it failed.
pub type CallFuture<C> = Pin<Box<dyn Future<Output = Result<Value, CaseError<C>>> + Send>>;

/// One doc sample of one operation, with the typed call that its request describes.
pub struct Case<Cl, C> {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The sample's index in the operation's `x-bss-samples`.
    pub sample: usize,
    /// Makes the typed call the sample's request describes, with the given domain client.
    pub call: Box<dyn Fn(Cl) -> CallFuture<C> + Send + Sync>,
}

/// Why a case's call produced no typed response.
#[derive(Debug)]
pub enum CaseError<C> {
    /// The call itself failed.
    Call(Error<C>),
    /// The sample could not be turned into typed input.
    Sample(String),
}

/// Parses a sample's JSON body into the operation's body model.
pub fn sample_body<T: DeserializeOwned, C>(json: &str) -> Result<T, CaseError<C>> {
    serde_json::from_str(json).map_err(|e| CaseError::Sample(format!("sample body does not fit the model: {e}")))
}

/// A decimal literal of a sample (the generator emits only valid ones).
pub fn decimal(text: &str) -> Decimal {
    huaweicloud_bss_core::decimal::parse(text).expect("the generator only emits valid decimals")
}

/// A typed value serialized back to JSON, for comparison with the sample.
pub fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("models always serialize")
}

/// What the suite checked, per kind.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations seen.
    pub operations: usize,
    /// Operations that have no sample at all (reported, never counted as passed).
    pub operations_without_samples: Vec<String>,
    /// Request and response both copied from the docs.
    pub doc_samples: usize,
    /// Request copied from the docs, response (or missing parameters) written by us.
    pub partly_written_samples: usize,
    /// Request and response written by us.
    pub written_samples: usize,
    /// Documented error codes served and decoded to their typed variant.
    pub error_codes_checked: usize,
    /// Operations served a malformed body and checked for a response error.
    pub malformed_checked: usize,
    /// What went wrong, one line per failed check.
    pub failures: Vec<String>,
}

impl Report {
    /// Prints the counts, the operations without samples and every failure.
    pub fn print(&self) {
        println!(
            "conformance: {} operations; samples: {} from the docs, {} partly written by us, {} written by us; \
             {} error codes checked; {} malformed responses checked; {} failures",
            self.operations,
            self.doc_samples,
            self.partly_written_samples,
            self.written_samples,
            self.error_codes_checked,
            self.malformed_checked,
            self.failures.len()
        );
        for op in &self.operations_without_samples {
            println!("  no sample: {op}");
        }
        for f in &self.failures {
            println!("  FAILED {f}");
        }
    }
}

/// The spec facts the harness needs for one operation.
struct SpecOp {
    samples: Vec<Value>,
    errors: Vec<(String, u16)>,
    has_json_response: bool,
}

fn load_spec(spec_file: &str) -> BTreeMap<String, SpecOp> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(spec_file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("spec is JSON");
    let mut ops = BTreeMap::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let id = op["operationId"].as_str().expect("operationId").to_string();
            let errors = op["x-bss-errors"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|e| {
                            (
                                e["code"].as_str().unwrap().to_string(),
                                e["status"].as_u64().unwrap() as u16,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let has_json_response = op["responses"]
                .as_object()
                .map(|r| r.iter().any(|(k, v)| k.starts_with('2') && v.get("content").is_some()))
                .unwrap_or(false);
            let samples = op["x-bss-samples"].as_array().cloned().unwrap_or_default();
            ops.insert(
                id,
                SpecOp {
                    samples,
                    errors,
                    has_json_response,
                },
            );
        }
    }
    ops
}

/// Drops `null` members, so that an absent optional field and an explicit `null` compare equal.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        other => other.clone(),
    }
}

/// The first place where two JSON values differ, as a JSON pointer with both sides.
fn first_difference(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    None => return Some(format!("{path}/{k}: missing after the round trip (model lacks it?)")),
                    Some(vb) => {
                        if let Some(d) = first_difference(&format!("{path}/{k}"), va, vb) {
                            return Some(d);
                        }
                    }
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map(|k| format!("{path}/{k}: not in the sample"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(&format!("{path}/{i}"), x, y)),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        _ if expected == actual => None,
        _ => Some(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn core_client(server: &MockServer) -> CoreClient {
    CoreClient::builder()
        .endpoint(server.uri())
        .credentials(Credentials::aksk(AK, SK).with_domain_id("conformance-domain"))
        // One exchange per check: retries are tested on their own (crates/bss/tests/runtime.rs).
        .retry(RetryConfig::disabled())
        .build()
        .expect("a loopback endpoint is valid")
}

/// Checks the one request the server received against the sample's request.
fn check_wire(received: &RecordedRequest, operation: &str, sample: &Value) -> Result<(), String> {
    if received.operation.as_deref() != Some(operation) {
        return Err(format!("routed to {:?}, expected {operation}", received.operation));
    }
    let req = &sample["request"];
    let method = req["method"].as_str().unwrap_or_default();
    if received.method != method {
        return Err(format!("method {} != {method}", received.method));
    }
    let expected_path = req["path"].as_str().unwrap_or_default();
    if received.path != expected_path {
        return Err(format!("path {} != {expected_path}", received.path));
    }
    let mut got = received.query.clone();
    let mut want: Vec<(String, String)> = req["query"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    got.sort();
    want.sort();
    if got != want {
        return Err(format!("query {got:?} != {want:?}"));
    }
    let want_body = normalize(&req["body"]);
    if want_body.is_null() {
        if !received.body.is_empty() {
            return Err(format!("unexpected body {}", String::from_utf8_lossy(&received.body)));
        }
    } else {
        let got_body = received.json().ok_or("body is not JSON")?;
        if let Some(d) = first_difference("body", &want_body, &normalize(&got_body)) {
            return Err(format!("request {d}"));
        }
    }
    if let Some(headers) = req["headers"].as_object() {
        for (name, value) in headers {
            if received.header(name) != value.as_str() {
                return Err(format!("header {name}: {:?} != {value}", received.header(name)));
            }
        }
    }
    // The mock verified the signature itself; check that what matters is covered by it.
    let parsed = received
        .header("authorization")
        .and_then(signer::ParsedAuthorization::parse)
        .ok_or("no SDK-HMAC-SHA256 Authorization header")?;
    for required in ["host", "x-sdk-date", "x-domain-id", "content-type"] {
        if !parsed.signed_header_names().any(|n| n == required) {
            return Err(format!("{required} is not signed"));
        }
    }
    Ok(())
}

fn sample_reply(status: u16, body: &Value) -> Reply {
    if body.is_null() {
        Reply::empty(status)
    } else {
        Reply::json(status, body.clone())
    }
}

async fn serve(server: &MockServer, operation: &str, reply: Reply) {
    server.reset();
    server.on(operation).once(reply);
}

fn only_request(server: &MockServer) -> Result<RecordedRequest, String> {
    let mut received = server.requests();
    match received.len() {
        1 => Ok(received.remove(0)),
        n => Err(format!("expected one request on the wire, got {n}")),
    }
}

/// Runs one domain: every sample, every documented error code, one malformed response each.
pub async fn run_domain<Cl: Clone, C: ErrorCode>(
    domain: &str,
    spec_file: &str,
    make_client: fn(CoreClient) -> Cl,
    cases: Vec<Case<Cl, C>>,
    report: &mut Report,
) {
    let spec = load_spec(spec_file);
    let server = MockServer::builder()
        .verify_signatures(AK, SK)
        .start()
        .await
        .expect("the mock starts on loopback");
    let client = make_client(core_client(&server));
    report.operations += spec.len();
    for id in spec.keys() {
        if !cases.iter().any(|c| c.operation == id) {
            report.operations_without_samples.push(format!("{domain}::{id}"));
        }
    }
    for case in &cases {
        let label = format!("{domain}::{} sample {}", case.operation, case.sample);
        let Some(op) = spec.get(case.operation) else {
            report
                .failures
                .push(format!("{label}: operation missing from {spec_file}"));
            continue;
        };
        let sample = &op.samples[case.sample];
        let req_written = sample["request_written_by_us"].as_bool().unwrap_or(false);
        let resp_written = sample["response_written_by_us"].as_bool().unwrap_or(false);
        match (req_written, resp_written) {
            (false, false) => report.doc_samples += 1,
            (true, true) => report.written_samples += 1,
            _ => report.partly_written_samples += 1,
        }
        let status = sample["response"]["status"].as_u64().unwrap_or(200) as u16;
        let body = normalize(&sample["response"]["body"]);
        serve(
            &server,
            case.operation,
            sample_reply(status, &sample["response"]["body"]),
        )
        .await;
        let outcome = (case.call)(client.clone()).await;
        if let Err(e) = only_request(&server).and_then(|r| check_wire(&r, case.operation, sample)) {
            report.failures.push(format!("{label}: wire: {e}"));
        }
        match outcome {
            Ok(value) if (200..300).contains(&status) => {
                if let Some(d) = first_difference("response", &body, &normalize(&value)) {
                    report.failures.push(format!("{label}: {d}"));
                }
            }
            Err(CaseError::Call(Error::Service(e))) if !(200..300).contains(&status) => {
                let code = sample["response"]["body"]["error_code"].as_str().unwrap_or_default();
                if e.code.as_str() != code {
                    report
                        .failures
                        .push(format!("{label}: code {} != {code}", e.code.as_str()));
                }
            }
            Ok(_) => report
                .failures
                .push(format!("{label}: success where the sample answers HTTP {status}")),
            Err(CaseError::Call(e)) => report.failures.push(format!("{label}: call failed: {e}")),
            Err(CaseError::Sample(e)) => report.failures.push(format!("{label}: {e}")),
        }
    }
    // Error codes and malformed bodies, driven through each operation's first sample.
    for (id, op) in &spec {
        let Some(case) = cases.iter().find(|c| c.operation == id) else {
            continue;
        };
        for (code, status) in &op.errors {
            let label = format!("{domain}::{id} error {code}");
            serve(
                &server,
                id,
                Reply::error(*status, code, &format!("conformance: {code}")),
            )
            .await;
            report.error_codes_checked += 1;
            match (case.call)(client.clone()).await {
                Err(CaseError::Call(Error::Service(e))) => {
                    let mut problems = Vec::new();
                    if e.code.as_str() != code || !e.code.is_known() {
                        problems.push(format!("typed as {:?}", e.code));
                    }
                    if e.raw.status.as_u16() != *status {
                        problems.push(format!("status {}", e.raw.status));
                    }
                    if !e.raw.request_id().is_some_and(|r| r.starts_with("mock-")) {
                        problems.push("request id lost".to_string());
                    }
                    if e.message != format!("conformance: {code}") {
                        problems.push(format!("message {:?}", e.message));
                    }
                    if !problems.is_empty() {
                        report.failures.push(format!("{label}: {}", problems.join(", ")));
                    }
                }
                Ok(_) => report.failures.push(format!("{label}: call succeeded")),
                Err(CaseError::Call(e)) => report.failures.push(format!("{label}: wrong error kind: {e}")),
                Err(CaseError::Sample(e)) => report.failures.push(format!("{label}: {e}")),
            }
        }
        if op.has_json_response {
            let label = format!("{domain}::{id} malformed body");
            serve(&server, id, Reply::raw(200, &b"{\"total_count\": \"not a number\""[..])).await;
            report.malformed_checked += 1;
            match (case.call)(client.clone()).await {
                Err(CaseError::Call(Error::Response(e))) => {
                    if e.raw.status.as_u16() != 200 || e.raw.body.as_ref() != b"{\"total_count\": \"not a number\"" {
                        report.failures.push(format!("{label}: status or raw body lost"));
                    }
                    if !e.raw.request_id().is_some_and(|r| r.starts_with("mock-")) {
                        report.failures.push(format!("{label}: request id lost"));
                    }
                }
                other => report
                    .failures
                    .push(format!("{label}: expected a response error, got {}", describe(&other))),
            }
        }
    }
}

fn describe<C: ErrorCode>(outcome: &Result<Value, CaseError<C>>) -> String {
    match outcome {
        Ok(v) => format!("Ok({v})"),
        Err(CaseError::Call(e)) => format!("{e}"),
        Err(CaseError::Sample(e)) => e.clone(),
    }
}
