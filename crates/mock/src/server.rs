//! The HTTP server: routing, signature checks, recording, scripted replies.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::routes::Routes;

/// Bodies larger than this are refused (413).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// What the mock answers to one request.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    body: Option<Bytes>,
    headers: Vec<(String, String)>,
    delay: Duration,
}

impl Reply {
    /// A JSON body with this status.
    pub fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            body: Some(Bytes::from(body.to_string())),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// Raw bytes (for malformed bodies).
    pub fn raw(status: u16, body: impl Into<Bytes>) -> Self {
        Reply {
            status,
            body: Some(body.into()),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// No body (`204` and the like).
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            body: None,
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// The service's error body: `{"error_code": code, "error_msg": message}`.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(status, json!({ "error_code": code, "error_msg": message }))
    }

    /// The API gateway's flow-control answer: 429 `APIG.0308`.
    pub fn throttled() -> Self {
        Self::json(
            429,
            json!({"error_code": "APIG.0308", "error_msg": "The throttling threshold has been reached: policy ip over ratelimit"}),
        )
    }

    /// A server-side failure: 500 `CBC.0999`.
    pub fn server_error() -> Self {
        Self::error(500, "CBC.0999", "Other error.")
    }

    /// The default sample answer, after `delay` (longer than the client's timeout: a stall).
    pub fn stall(delay: Duration) -> Self {
        Reply {
            status: 0,
            body: None,
            headers: Vec::new(),
            delay,
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// One request the mock received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The operation it matched, if any.
    pub operation: Option<String>,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path as sent (percent-encoded).
    pub raw_path: String,
    /// The path, percent-decoded.
    pub path: String,
    /// Query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Headers, in order, names lower case.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

#[derive(Default)]
struct OpScript {
    queue: VecDeque<Reply>,
    always: Option<Reply>,
}

struct State {
    routes: Routes,
    credentials: Option<(String, String)>,
    strict: bool,
    scripts: Mutex<HashMap<String, OpScript>>,
    requests: Mutex<Vec<RecordedRequest>>,
    counter: AtomicU64,
}

/// Configures a [`MockServer`].
pub struct MockBuilder {
    addr: SocketAddr,
    api: huaweicloud_bss_core::SiteApi,
    credentials: Option<(String, String)>,
    strict: bool,
}

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            api: huaweicloud_bss_core::SiteApi::China,
            credentials: None,
            strict: true,
        }
    }
}

impl MockBuilder {
    /// Listens on `addr` instead of `127.0.0.1:<ephemeral>`.
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Serves the operations of `api` (the international site's and the China site's share many
    /// paths, with different fields, so one mock serves one API; default China). The
    /// international API is also the European site's.
    pub fn site(mut self, api: huaweicloud_bss_core::SiteApi) -> Self {
        self.api = api;
        self
    }

    /// Checks every request's `SDK-HMAC-SHA256` signature against these credentials; a request
    /// that is unsigned or wrongly signed gets the gateway's 401 (`APIG.0301`).
    pub fn verify_signatures(mut self, access_key: &str, secret_key: &str) -> Self {
        self.credentials = Some((access_key.to_string(), secret_key.to_string()));
        self
    }

    /// Validates every request against its operation's spec (on by default): an unknown or
    /// missing required query parameter or body field, a value of the wrong type, or one
    /// outside its documented constraints (length, range, item count, enumerated values) gets
    /// the service's parameter error, HTTP 400 `CBC.0100`, with a message naming the
    /// parameter or field. So a test catches a wrong request offline, the way the service
    /// would reject it. On by default because that is what a test double is for: the typed
    /// builders already get names and types right, so what it catches is a value the docs rule
    /// out, the mistake a test would otherwise only meet in production. `strict(false)` serves
    /// any request that matches a route (to explore what the spec does not document).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Binds the address and starts serving in a background task (which stops when the
    /// [`MockServer`] is dropped). Fails if a spec document does not parse or the address is taken.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let routes = Routes::new(crate::spec::operations_of(self.api));
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            routes,
            credentials: self.credentials,
            strict: self.strict,
            scripts: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            counter: AtomicU64::new(0),
        });
        let accept_state = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = accept_state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(MockServer { addr, state, task })
    }
}

/// A running mock; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts on `127.0.0.1` with an ephemeral port, serving the embedded spec, strict, without
    /// signature checks.
    pub async fn start() -> std::io::Result<Self> {
        MockBuilder::default().start().await
    }

    /// A builder, to bind another address, check signatures or serve other spec documents.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// `http://127.0.0.1:<port>`: the endpoint to give a client.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The operations it serves.
    pub fn routes(&self) -> &Routes {
        &self.state.routes
    }

    /// Scripts the answers of one operation (by `operationId`).
    pub fn on(&self, operation: &str) -> Script<'_> {
        Script {
            server: self,
            operation: operation.to_string(),
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests.lock().expect("lock").clone()
    }

    /// Forgets received requests and every script.
    pub fn reset(&self) {
        self.state.requests.lock().expect("lock").clear();
        self.state.scripts.lock().expect("lock").clear();
    }
}

/// The scripted answers of one operation. Queued replies are used first, one per request;
/// then the `always` reply, if set; then the docs' sample.
pub struct Script<'a> {
    server: &'a MockServer,
    operation: String,
}

impl Script<'_> {
    fn with(&self, f: impl FnOnce(&mut OpScript)) {
        let mut scripts = self.server.state.scripts.lock().expect("lock");
        f(scripts.entry(self.operation.clone()).or_default());
    }

    /// Answers the next request with `reply`.
    pub fn once(self, reply: Reply) -> Self {
        self.with(|s| s.queue.push_back(reply));
        self
    }

    /// Answers the next `n` requests with `reply`.
    pub fn times(self, n: usize, reply: Reply) -> Self {
        self.with(|s| s.queue.extend(std::iter::repeat_n(reply, n)));
        self
    }

    /// Answers every request (after the queued ones) with `reply`.
    pub fn always(self, reply: Reply) -> Self {
        self.with(|s| s.always = Some(reply));
        self
    }

    /// Answers successive requests with these JSON bodies (HTTP 200), one page each.
    pub fn pages(self, pages: impl IntoIterator<Item = Value>) -> Self {
        self.with(|s| s.queue.extend(pages.into_iter().map(|p| Reply::json(200, p))));
        self
    }

    /// Drops this operation's script.
    pub fn clear(self) -> Self {
        self.with(|s| *s = OpScript::default());
        self
    }
}

type Response = hyper::Response<Full<Bytes>>;

fn respond(status: u16, body: Option<Bytes>, headers: &[(String, String)], request_id: &str) -> Response {
    let mut b = hyper::Response::builder()
        .status(status)
        .header("X-Request-Id", request_id);
    if body.is_some() {
        b = b.header("Content-Type", "application/json;charset=UTF-8");
    }
    for (k, v) in headers {
        b = b.header(k.as_str(), v.as_str());
    }
    b.body(Full::new(body.unwrap_or_default())).unwrap_or_else(|_| {
        let mut r = hyper::Response::new(Full::new(Bytes::from_static(b"invalid scripted reply")));
        *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

fn gateway_error(status: u16, code: &str, message: &str, request_id: &str) -> Response {
    let body = json!({"error_code": code, "error_msg": message, "request_id": request_id});
    respond(status, Some(Bytes::from(body.to_string())), &[], request_id)
}

async fn handle(state: Arc<State>, req: hyper::Request<Incoming>) -> Result<Response, Infallible> {
    let n = state.counter.fetch_add(1, Ordering::Relaxed) + 1;
    let request_id = format!("mock-{n:08}");
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(gateway_error(
                413,
                "APIG.0201",
                "Request entity too large.",
                &request_id,
            ))
        }
    };
    let raw_path = parts.uri.path().to_string();
    let path = percent_encoding::percent_decode_str(&raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let route = state.routes.find(parts.method.as_str(), &raw_path).cloned();
    state.requests.lock().expect("lock").push(RecordedRequest {
        operation: route.as_ref().map(|r| r.operation().to_string()),
        method: parts.method.as_str().to_string(),
        raw_path: raw_path.clone(),
        path,
        query: query.clone(),
        headers: headers.clone(),
        body: body.clone(),
    });
    let Some(route) = route else {
        return Ok(gateway_error(
            404,
            "APIG.0101",
            "The API does not exist or has not been published.",
            &request_id,
        ));
    };
    if let Some((ak, sk)) = &state.credentials {
        let received = crate::verify::Received {
            method: parts.method.as_str(),
            raw_path: &raw_path,
            raw_query: parts.uri.query().unwrap_or_default(),
            headers: &headers,
            body: &body,
        };
        if let Err(reason) = crate::verify::check(ak, sk, &received) {
            return Ok(gateway_error(
                401,
                "APIG.0301",
                &format!("Incorrect IAM authentication information: {reason}"),
                &request_id,
            ));
        }
    }
    if state.strict {
        if let Err(reason) = crate::validate::request(&route, &raw_path, &query, &headers, &body) {
            return Ok(gateway_error(
                400,
                "CBC.0100",
                &format!("Invalid parameter: {reason}"),
                &request_id,
            ));
        }
    }
    let scripted = {
        let mut scripts = state.scripts.lock().expect("lock");
        scripts
            .get_mut(route.operation())
            .and_then(|s| s.queue.pop_front().or_else(|| s.always.clone()))
    };
    let reply = scripted.unwrap_or_else(|| Reply::stall(Duration::ZERO));
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    if reply.status == 0 {
        // The spec's first sample, body verbatim.
        let (status, body) = route.spec.sample.unwrap_or((route.spec.success_status, None));
        return Ok(respond(
            status,
            body.map(|b| Bytes::from_static(b.as_bytes())),
            &reply.headers,
            &request_id,
        ));
    }
    Ok(respond(reply.status, reply.body, &reply.headers, &request_id))
}
