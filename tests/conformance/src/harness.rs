//! Runs the generated cases against the project's mock server (`huaweicloud-bss-mock`, on
//! 127.0.0.1), strict: it routes each request to its operation by method and path, checks its
//! `SDK-HMAC-SHA256` signature and validates it against the operation's spec (a violation
//! answers 400 `CBC.0100` and fails the case).
//!
//! For each sample: serve the sample's response body verbatim, make the typed call (built with
//! the generated builders), then assert
//! - the request on the wire matches the sample: method, path, query (as a multiset), headers,
//!   and the JSON body compared token by token with numbers compared as text;
//! - the typed response, serialized back, equals the sample body, numbers compared as text
//!   (`10.00` against `10` fails, so does a lost digit); a field the model lacks fails;
//!   `null` members count as absent.
//!
//! For each documented error code: serve that code's error body with its HTTP status and
//! assert the typed variant, the status, the message and the request id come back. For each
//! malformed body (cut off, or valid JSON of the wrong shape): assert a response error that
//! keeps the status and the raw body.
//!
//! Evidence and smoke: samples copied from the docs (both `*_written_by_us` flags false) are
//! evidence and reported first; samples we wrote are counted and reported apart.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use huaweicloud_bss_core::{
    signer, Client as CoreClient, Credentials, Decimal, Error, ErrorCode, RetryConfig, SiteApi,
};
use huaweicloud_bss_mock::{MockServer, RecordedRequest, Reply};
use serde::Serialize;
use serde_json::value::RawValue;

const AK: &str = "CONFORMANCEAK0000000";
const SK: &str = "conformance-secret-key-not-real";

/// What a typed call returns: the response serialized back to JSON text.
pub type CallFuture<C> = Pin<Box<dyn Future<Output = Result<String, CaseError<C>>> + Send>>;

/// One operation: its samples, documented error codes and malformed bodies.
pub struct Operation<Cl, C> {
    /// The domain, e.g. `orders` (`intl_orders` for the international API).
    pub domain: &'static str,
    /// The API the operation belongs to: the mock serves it and the client names its site.
    pub api: SiteApi,
    /// The `operationId`.
    pub id: &'static str,
    /// The domain client's constructor.
    pub make_client: fn(CoreClient) -> Cl,
    /// (code, HTTP status) of every documented error.
    pub errors: &'static [(&'static str, u16)],
    /// (what is wrong, body) for each malformed response.
    pub malformed: &'static [(&'static str, &'static str)],
    /// Every sample of the operation, in spec order.
    pub samples: Vec<Sample<Cl, C>>,
}

/// One sample of the spec, bodies verbatim, with the typed call its request describes.
pub struct Sample<Cl, C> {
    /// The sample's index in `x-bss-samples`.
    pub index: usize,
    /// The request was written by us, not copied from the docs.
    pub request_written_by_us: bool,
    /// The response was written by us, not copied from the docs.
    pub response_written_by_us: bool,
    /// Copied from the China site's page of an operation the international API has unchanged:
    /// the docs' example, but not this site's (counted apart).
    pub from_china_site: bool,
    /// The docs' example breaks the docs' own constraints (why, naming the field): the strict
    /// mock must reject it with `CBC.0100`; the rest is checked on a lenient mock.
    pub outside_constraints: Option<&'static str>,
    /// The request's method.
    pub method: &'static str,
    /// The request's path, parameters filled in.
    pub path: &'static str,
    /// The request's query pairs.
    pub query: &'static [(&'static str, &'static str)],
    /// The request's headers that the sample shows.
    pub headers: &'static [(&'static str, &'static str)],
    /// The request body exactly as the spec stores it.
    pub body: Option<&'static str>,
    /// (status, body) the server answers.
    pub response: Option<(u16, Option<&'static str>)>,
    /// Makes the typed call the sample's request describes, with the given domain client.
    pub call: Box<dyn Fn(Cl) -> CallFuture<C> + Send + Sync>,
}

impl<Cl, C> Sample<Cl, C> {
    fn provenance(&self) -> Provenance {
        match (self.request_written_by_us, self.response_written_by_us) {
            (false, false) if self.from_china_site => Provenance::ChinaSiteDocs,
            (false, false) => Provenance::Docs,
            (true, true) => Provenance::Written,
            _ => Provenance::PartlyWritten,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provenance {
    Docs,
    ChinaSiteDocs,
    PartlyWritten,
    Written,
}

#[derive(Debug)]
/// Why a case's call produced no typed response.
pub enum CaseError<C> {
    /// The call itself failed.
    Call(Error<C>),
    /// The sample could not be written as a typed call (the reason is the finding).
    Sample(String),
}

/// An exact decimal from a sample's text.
pub fn decimal(text: &str) -> Decimal {
    huaweicloud_bss_core::decimal::parse(text).expect("the generator only emits valid decimals")
}

/// An untyped JSON value from a sample's text.
pub fn any_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("the generator only emits valid JSON")
}

/// A typed response as JSON text (decimals keep their scale).
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("models always serialize")
}

/// Checks and failures of one kind.
#[derive(Debug, Default)]
pub struct Tally {
    /// How many were checked.
    pub checked: usize,
    /// One line per failure.
    pub failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, label: &str, result: Result<(), String>) {
        self.checked += 1;
        if let Err(e) = result {
            self.failures.push(format!("{label}: {e}"));
        }
    }
}

/// What the suite checked, per kind.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations seen.
    pub operations: usize,
    /// Operations that have no sample at all (reported, never counted as passed).
    pub operations_without_samples: Vec<String>,
    /// Operations without a sample copied whole from the docs.
    pub operations_without_doc_samples: Vec<String>,
    /// Operations whose every sample we wrote, request and response: smoke only.
    pub operations_with_written_samples_only: Vec<String>,
    /// Request and response both copied from the docs: the evidence.
    pub doc_samples: Tally,
    /// International API: copied from the China site's page of an identical operation.
    pub china_site_doc_samples: Tally,
    /// Request copied from the docs, response (or missing parameters) written by us.
    pub partly_written_samples: Tally,
    /// Request and response written by us.
    pub written_samples: Tally,
    /// Documented error codes served and decoded.
    pub error_codes: Tally,
    /// Malformed responses served and refused.
    pub malformed: Tally,
}

impl Report {
    /// Every failure, of every kind (operations without samples included).
    pub fn failures(&self) -> usize {
        [
            &self.doc_samples,
            &self.china_site_doc_samples,
            &self.partly_written_samples,
            &self.written_samples,
            &self.error_codes,
            &self.malformed,
        ]
        .iter()
        .map(|t| t.failures.len())
        .sum::<usize>()
            + self.operations_without_samples.len()
    }

    /// Prints the report: samples copied from the docs first, written ones apart.
    pub fn print(&self) {
        let line = |name: &str, t: &Tally| {
            println!("{name}: {} checked, {} failed", t.checked, t.failures.len());
            for f in &t.failures {
                println!("  FAILED {f}");
            }
        };
        println!(
            "conformance: {} operations, {} of them with a sample copied from the docs",
            self.operations,
            self.operations - self.operations_without_samples.len() - self.operations_without_doc_samples.len()
        );
        line("samples copied from the docs (evidence)", &self.doc_samples);
        line(
            "international API: samples copied from the China site's page of the same, unchanged operation",
            &self.china_site_doc_samples,
        );
        line(
            "samples partly written by us (the docs' example was cut off or absent for one side)",
            &self.partly_written_samples,
        );
        line("samples written by us (smoke)", &self.written_samples);
        line("documented error codes", &self.error_codes);
        line("malformed responses (cut off or of the wrong shape)", &self.malformed);
        println!(
            "operations with part of a sample from the docs only: {}; with samples we wrote only (smoke): {}",
            self.operations_without_doc_samples.len() - self.operations_with_written_samples_only.len(),
            self.operations_with_written_samples_only.len()
        );
        for op in &self.operations_without_samples {
            println!("  FAILED no sample: {op}");
        }
    }
}

/// Runs one operation on its own strict mock and fails the test on any finding.
pub async fn check<Cl: Clone, C: ErrorCode>(op: Operation<Cl, C>) {
    let mut report = Report::default();
    run_operation(op, &mut report).await;
    report.print();
    assert_eq!(report.failures(), 0, "conformance failures (listed above)");
}

/// The first difference between two JSON texts, numbers compared as written. Members whose
/// value is `null` count as absent on both sides.
pub fn json_difference(at: &str, expected: &str, actual: &str) -> Option<String> {
    let parse = |t: &str| serde_json::from_str::<Box<RawValue>>(t).map_err(|e| e.to_string());
    let (e, a) = match (parse(expected), parse(actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (Err(e), _) => return Some(format!("{at}: the expected text is not JSON: {e}")),
        (_, Err(e)) => return Some(format!("{at}: not JSON: {e}")),
    };
    raw_difference(at, &e, &a)
}

fn raw_difference(at: &str, expected: &RawValue, actual: &RawValue) -> Option<String> {
    let (e, a) = (expected.get().trim(), actual.get().trim());
    let first = |t: &str| t.as_bytes().first().copied();
    match (first(e), first(a)) {
        (Some(b'{'), Some(b'{')) => {
            let members = |t: &str| -> BTreeMap<String, Box<RawValue>> {
                serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(t)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(_, v)| v.get().trim() != "null")
                    .collect()
            };
            let (em, am) = (members(e), members(a));
            for (k, ev) in &em {
                match am.get(k) {
                    None => return Some(format!("{at}/{k}: missing after the round trip (the model lacks it?)")),
                    Some(av) => {
                        if let Some(d) = raw_difference(&format!("{at}/{k}"), ev, av) {
                            return Some(d);
                        }
                    }
                }
            }
            am.keys()
                .find(|k| !em.contains_key(*k))
                .map(|k| format!("{at}/{k}: not in the sample"))
        }
        (Some(b'['), Some(b'[')) => {
            let items = |t: &str| serde_json::from_str::<Vec<Box<RawValue>>>(t).unwrap_or_default();
            let (ei, ai) = (items(e), items(a));
            if ei.len() != ai.len() {
                return Some(format!("{at}: {} items expected, {} got", ei.len(), ai.len()));
            }
            ei.iter()
                .zip(&ai)
                .enumerate()
                .find_map(|(i, (x, y))| raw_difference(&format!("{at}/{i}"), x, y))
        }
        (Some(b'"'), Some(b'"')) => {
            let s = |t: &str| serde_json::from_str::<String>(t).ok();
            (s(e) != s(a)).then(|| format!("{at}: expected {e}, got {a}"))
        }
        // Numbers, booleans and null: the text itself (`10.00` is not `10`).
        _ => (e != a).then(|| format!("{at}: expected {e}, got {a}")),
    }
}

fn core_client(server: &MockServer, api: SiteApi) -> CoreClient {
    CoreClient::builder()
        .endpoint(server.uri())
        .site(api.default_site())
        .credentials(Credentials::aksk(AK, SK).with_domain_id("conformance-domain"))
        // One exchange per check: retries are tested on their own (crates/bss/tests/runtime.rs).
        .retry(RetryConfig::disabled())
        .build()
        .expect("a loopback endpoint is valid")
}

/// Checks the one request the server received against the sample's request.
fn check_wire<Cl, C>(received: &RecordedRequest, operation: &str, sample: &Sample<Cl, C>) -> Result<(), String> {
    if received.operation.as_deref() != Some(operation) {
        return Err(format!("routed to {:?}, expected {operation}", received.operation));
    }
    if received.method != sample.method {
        return Err(format!("method {} != {}", received.method, sample.method));
    }
    if received.path != sample.path {
        return Err(format!("path {} != {}", received.path, sample.path));
    }
    let mut got = received.query.clone();
    let mut want: Vec<(String, String)> = sample
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    got.sort();
    want.sort();
    if got != want {
        return Err(format!("query {got:?} != {want:?}"));
    }
    match sample.body {
        None if !received.body.is_empty() => {
            return Err(format!("unexpected body {}", String::from_utf8_lossy(&received.body)));
        }
        None => {}
        Some(want) => {
            let got = std::str::from_utf8(&received.body).map_err(|_| "body is not UTF-8")?;
            if let Some(d) = json_difference("request body", want, got) {
                return Err(d);
            }
        }
    }
    for (name, value) in sample.headers {
        if received.header(name) != Some(*value) {
            return Err(format!("header {name}: {:?} != {value}", received.header(name)));
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

fn serve(server: &MockServer, operation: &str, reply: Reply) {
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

fn describe<C: ErrorCode>(outcome: &Result<String, CaseError<C>>) -> String {
    match outcome {
        Ok(v) => format!("Ok({v})"),
        Err(CaseError::Call(Error::Service(e))) if e.code.as_str() == "CBC.0100" && e.raw.status == 400 => {
            format!("the strict mock rejected the request: {}", e.message)
        }
        Err(CaseError::Call(e)) => format!("{e}"),
        Err(CaseError::Sample(e)) => e.clone(),
    }
}

async fn check_sample<Cl: Clone, C: ErrorCode>(
    server: &MockServer,
    client: &Cl,
    id: &str,
    sample: &Sample<Cl, C>,
) -> Result<(), String> {
    let (status, body) = sample.response.unwrap_or((200, None));
    serve(
        server,
        id,
        match body {
            Some(text) => Reply::raw(status, text.as_bytes().to_vec()),
            None => Reply::empty(status),
        },
    );
    let outcome = (sample.call)(client.clone()).await;
    if let Err(CaseError::Sample(e)) = &outcome {
        return Err(e.clone());
    }
    only_request(server)
        .and_then(|r| check_wire(&r, id, sample))
        .map_err(|e| format!("wire: {e}"))?;
    match outcome {
        Ok(value) if (200..300).contains(&status) => match body {
            Some(want) => json_difference("response", want, &value).map_or(Ok(()), Err),
            None => Ok(()),
        },
        Err(CaseError::Call(Error::Service(e))) if !(200..300).contains(&status) => {
            let want = body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v["error_code"].as_str().map(str::to_string))
                .unwrap_or_default();
            if e.code.as_str() == want {
                Ok(())
            } else {
                Err(format!("code {} != {want}", e.code.as_str()))
            }
        }
        Ok(_) => Err(format!("success where the sample answers HTTP {status}")),
        other => Err(format!("call failed: {}", describe(&other))),
    }
}

/// A sample recorded as breaking a documented constraint must get `CBC.0100` from the strict
/// mock, naming the field the record names.
async fn rejected_by_strict_mock<Cl: Clone, C: ErrorCode>(
    server: &MockServer,
    client: &Cl,
    sample: &Sample<Cl, C>,
    why: &str,
) -> Result<(), String> {
    server.reset();
    let field = why.split(':').next().unwrap_or(why).trim();
    let field = field.rsplit([' ', '.']).next().unwrap_or(field);
    match (sample.call)(client.clone()).await {
        Err(CaseError::Call(Error::Service(e)))
            if e.code.as_str() == "CBC.0100" && e.raw.status == 400 && e.message.contains(field) =>
        {
            Ok(())
        }
        other => Err(format!(
            "recorded as outside the constraints ({why}), but the strict mock answered {}",
            describe(&other)
        )),
    }
}

/// Runs one operation: every sample, every documented error code, every malformed body.
pub async fn run_operation<Cl: Clone, C: ErrorCode>(op: Operation<Cl, C>, report: &mut Report) {
    let server = MockServer::builder()
        .site(op.api)
        .verify_signatures(AK, SK)
        .strict(true)
        .start()
        .await
        .expect("the mock starts on loopback");
    let client = (op.make_client)(core_client(&server, op.api));
    let name = format!("{}::{}", op.domain, op.id);
    report.operations += 1;
    if op.samples.is_empty() {
        report.operations_without_samples.push(name.clone());
        return;
    }
    if !op.samples.iter().any(|s| s.provenance() == Provenance::Docs) {
        report.operations_without_doc_samples.push(name.clone());
    }
    if op.samples.iter().all(|s| s.provenance() == Provenance::Written) && !op.samples.is_empty() {
        report.operations_with_written_samples_only.push(name.clone());
    }
    let lenient = MockServer::builder()
        .site(op.api)
        .verify_signatures(AK, SK)
        .strict(false)
        .start()
        .await
        .expect("the mock starts on loopback");
    let lenient_client = (op.make_client)(core_client(&lenient, op.api));
    for sample in &op.samples {
        let label = format!("{name} sample {}", sample.index);
        let result = match sample.outside_constraints {
            None => check_sample(&server, &client, op.id, sample).await,
            Some(why) => match rejected_by_strict_mock(&server, &client, sample, why).await {
                Ok(()) => check_sample(&lenient, &lenient_client, op.id, sample).await,
                Err(e) => Err(e),
            },
        };
        match sample.provenance() {
            Provenance::Docs => report.doc_samples.record(&label, result),
            Provenance::ChinaSiteDocs => report.china_site_doc_samples.record(&label, result),
            Provenance::PartlyWritten => report.partly_written_samples.record(&label, result),
            Provenance::Written => report.written_samples.record(&label, result),
        }
    }
    // Error codes and malformed bodies, driven through a doc sample's call when there is one.
    // A sample within the documented constraints drives the strict mock; otherwise the lenient one.
    let within = |s: &&Sample<Cl, C>| s.outside_constraints.is_none();
    let case = op
        .samples
        .iter()
        .filter(within)
        .find(|s| !s.request_written_by_us)
        .or_else(|| op.samples.iter().find(within));
    let (case, server, client) = match case {
        Some(case) => (case, &server, &client),
        None => (&op.samples[0], &lenient, &lenient_client),
    };
    for (code, status) in op.errors {
        let label = format!("{name} error {code}");
        let message = format!("conformance: {code}");
        serve(server, op.id, Reply::error(*status, code, &message));
        let result = match (case.call)(client.clone()).await {
            Err(CaseError::Call(Error::Service(e))) => {
                let mut problems = Vec::new();
                if e.code.as_str() != *code || !e.code.is_known() {
                    problems.push(format!("typed as {:?}", e.code));
                }
                if e.raw.status.as_u16() != *status {
                    problems.push(format!("status {}", e.raw.status));
                }
                if !e.raw.request_id().is_some_and(|r| r.starts_with("mock-")) {
                    problems.push("request id lost".to_string());
                }
                if e.message != message {
                    problems.push(format!("message {:?}", e.message));
                }
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(problems.join(", "))
                }
            }
            other => Err(format!("expected the service error, got {}", describe(&other))),
        };
        report.error_codes.record(&label, result);
    }
    for (what, body) in op.malformed {
        let label = format!("{name} malformed body: {what}");
        serve(server, op.id, Reply::raw(200, body.as_bytes().to_vec()));
        let result = match (case.call)(client.clone()).await {
            Err(CaseError::Call(Error::Response(e))) => {
                if e.raw.status.as_u16() != 200 || e.raw.body.as_ref() != body.as_bytes() {
                    Err("status or raw body lost".to_string())
                } else if !e.raw.request_id().is_some_and(|r| r.starts_with("mock-")) {
                    Err("request id lost".to_string())
                } else {
                    Ok(())
                }
            }
            other => Err(format!("expected a response error, got {}", describe(&other))),
        };
        report.malformed.record(&label, result);
    }
}

#[cfg(test)]
mod tests {
    use super::json_difference;

    #[test]
    fn numbers_are_compared_as_written() {
        assert_eq!(json_difference("r", r#"{"a": 10.00}"#, r#"{"a":10.00}"#), None);
        assert!(json_difference("r", r#"{"a": 10.00}"#, r#"{"a":10}"#).is_some());
        assert!(json_difference("r", r#"{"a": 1234567.891}"#, r#"{"a":1234567.89}"#).is_some());
        assert!(json_difference("r", r#"{"a": "10.00"}"#, r#"{"a":10.00}"#).is_some());
        assert!(json_difference("r", r#"[1, 2]"#, r#"[1]"#).is_some());
        assert!(json_difference("r", r#"{"a": 1}"#, r#"{"a": 1, "b": 2}"#).is_some());
        assert_eq!(json_difference("r", r#"{"a": 1, "b": null}"#, r#"{"a":1}"#), None);
        assert_eq!(json_difference("r", r#"{"a": "\u00e9"}"#, r#"{"a":"é"}"#), None);
    }
}
