//! The mock's own check of `SDK-HMAC-SHA256` signatures, written apart from the client's signer
//! (`huaweicloud_bss_core::signer`) on purpose: a canonicalisation bug in one cannot make both
//! agree. It works from the request as received (raw path, raw query string, headers), as the
//! gateway does. Both are checked against the official signer's vectors
//! (`crates/core/tests/signer_vectors.json`).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// A request as the server received it.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path as on the wire (percent-encoded or not).
    pub raw_path: &'a str,
    /// The query string as on the wire, without `?`.
    pub raw_query: &'a str,
    /// The headers, as received.
    pub headers: &'a [(String, String)],
    /// The body, as received.
    pub body: &'a [u8],
}

/// What the signature should be, step by step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The canonical request the signature covers.
    pub canonical_request: String,
    /// The string the HMAC is computed over.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
}

/// Checks the request's `Authorization` against `access_key`/`secret_key`; the reason on failure.
pub fn check(access_key: &str, secret_key: &str, request: &Received<'_>) -> Result<(), String> {
    let auth = header(request.headers, "authorization").ok_or("the request is not signed")?;
    let date = header(request.headers, "x-sdk-date").ok_or("X-Sdk-Date is missing")?;
    let rest = auth
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or("not an SDK-HMAC-SHA256 Authorization")?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        match part.split_once('=') {
            Some(("Access", v)) => access = Some(v),
            Some(("SignedHeaders", v)) => signed = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err("malformed Authorization header".into()),
        }
    }
    let (Some(access), Some(signed), Some(signature)) = (access, signed, signature) else {
        return Err("malformed Authorization header".into());
    };
    if access != access_key {
        return Err("unknown access key".into());
    }
    let names: Vec<&str> = signed.split(';').collect();
    for must in ["host", "x-sdk-date"] {
        if !names.contains(&must) {
            return Err(format!("{must} is not signed"));
        }
    }
    let expected = expected(secret_key, request, &names, date)?;
    if expected.signature != signature {
        return Err("verify aksk signature fail".into());
    }
    Ok(())
}

/// The signature a request should carry, given the names of the headers it signs.
pub fn expected(
    secret_key: &str,
    request: &Received<'_>,
    signed_names: &[&str],
    date: &str,
) -> Result<Expected, String> {
    let mut lines = String::new();
    for name in signed_names {
        let value = header(request.headers, name).ok_or_else(|| format!("signed header {name} is missing"))?;
        lines += &format!("{name}:{}\n", strip(value));
    }
    let payload = if request.body.is_empty() {
        hex::encode(Sha256::digest(b""))
    } else {
        match header(request.headers, "x-sdk-content-sha256").map(strip) {
            Some(declared) if !declared.is_empty() => declared.to_string(),
            _ => hex::encode(Sha256::digest(request.body)),
        }
    };
    let canonical_request = [
        request.method.to_uppercase(),
        path(request.raw_path),
        query(request.raw_query),
        lines,
        signed_names.join(";"),
        payload,
    ]
    .join("\n");
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes()).map_err(|_| "bad key")?;
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    Ok(Expected {
        canonical_request,
        string_to_sign,
        signature,
    })
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    // The last one, as the official signer's dictionary keeps it.
    headers
        .iter()
        .rev()
        .find(|(k, _)| k.to_lowercase() == name)
        .map(|(_, v)| v.as_str())
}

/// Python's `str.strip()`.
fn strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{1f}'))
}

/// `%XX` sequences to bytes, then UTF-8 with replacement characters (Python's `unquote`).
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_pair = bytes.get(i + 1..i + 3).and_then(|h| {
            let h = std::str::from_utf8(h).ok()?;
            u8::from_str_radix(h, 16)
                .ok()
                .filter(|_| h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        match (bytes[i], hex_pair) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Python's `quote(s, safe='~')`: everything but `A-Z a-z 0-9 _ . - ~` as `%XX`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') {
            out.push(b as char);
        } else {
            out += &format!("%{b:02X}");
        }
    }
    out
}

fn path(raw: &str) -> String {
    let decoded = unescape(raw);
    let mut out: Vec<String> = decoded.split('/').map(escape).collect();
    if out.last().is_some_and(|last| !last.is_empty()) {
        out.push(String::new());
    }
    out.join("/")
}

fn query(raw: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (unescape(k), unescape(v)),
            None => (unescape(p), String::new()),
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}
