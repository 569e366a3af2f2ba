//! A hand-written HTTP/1.1 server on 127.0.0.1 for the credentials tests: it plays the ECS
//! metadata service and a BSS endpoint. Nothing here ever addresses 169.254.169.254.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use huaweicloud_bss_core::{ErrorCode, OperationSpec};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// Path and query as received.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

pub type Handler = Arc<dyn Fn(&Seen) -> (u16, String) + Send + Sync>;

pub struct Fake {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self, method: &str, path: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.method == method && s.path() == path)
            .count()
    }
}

pub async fn serve(handler: impl Fn(&Seen) -> (u16, String) + Send + Sync + 'static) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handler: Handler = Arc::new(handler);
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let handler = handler.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                let mut lines = head.split("\r\n");
                let mut first = lines.next().unwrap_or_default().split(' ');
                let method = first.next().unwrap_or_default().to_string();
                let target = first.next().unwrap_or_default().to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect();
                let length: usize = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let mut body = buf[head_end + 4..].to_vec();
                while body.len() < length {
                    let n = match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    body.extend_from_slice(&chunk[..n]);
                }
                let request = Seen {
                    method,
                    target,
                    headers,
                    body,
                };
                log.lock().unwrap().push(request.clone());
                let (status, body) = handler(&request);
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    Fake { url, seen }
}

/// An RFC 3339 UTC time `secs` from now, as the metadata service writes `expires_at`.
pub fn expires_in(secs: f64) -> String {
    let at = std::time::SystemTime::now() + std::time::Duration::from_secs_f64(secs);
    let since = at.duration_since(std::time::UNIX_EPOCH).unwrap();
    let t = time_from_unix(since.as_secs() as i64);
    format!("{t}.{:06}Z", since.subsec_micros())
}

fn time_from_unix(secs: i64) -> String {
    // Civil-from-days (Howard Hinnant), enough for a test clock.
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

pub static OP: OperationSpec = OperationSpec {
    id: "ListCustomerOrders",
    method: "GET",
    path: "/v2/orders/customer-orders",
    idempotent: true,
    rate_limit_per_second: 10,
    callers: &[],
    deprecated: false,
    localized: false,
    api: huaweicloud_bss_core::SiteApi::China,
};

#[derive(Clone, Debug, PartialEq)]
pub struct Code(pub String);

impl ErrorCode for Code {
    fn from_code(code: &str) -> Self {
        Code(code.to_string())
    }
    fn as_str(&self) -> &str {
        &self.0
    }
    fn is_known(&self) -> bool {
        false
    }
    fn documented_status(&self) -> Option<u16> {
        None
    }
    fn meaning(&self) -> Option<&'static str> {
        None
    }
}
