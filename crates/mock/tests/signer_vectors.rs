//! The mock's own signature check (`verify`, written apart from the client's signer) against
//! every vector of the official signer: it must accept each signed request as the official SDK
//! sends it, rebuild the same canonical request, and refuse the request once anything signed
//! is changed. Evidence: the vectors come from `huaweicloudsdkcore`.

use huaweicloud_bss_mock::verify::{check, expected, Received};
use serde::Deserialize;

#[derive(Deserialize)]
struct Document {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    method: String,
    body_hex: String,
    access_key: String,
    secret_key: String,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
    headers: Vec<(String, String)>,
    uri: String,
}

#[test]
fn the_mock_accepts_every_official_signature_and_rebuilds_its_steps() {
    let doc: Document = serde_json::from_str(include_str!("../../core/tests/signer_vectors.json")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for v in &doc.vectors {
        let (Some(canonical), Some(to_sign)) = (&v.expected.canonical_request, &v.expected.string_to_sign) else {
            continue; // the caller's own Authorization: nothing was signed
        };
        let body = hex::decode(&v.body_hex).unwrap();
        let (raw_path, raw_query) = v.expected.uri.split_once('?').unwrap_or((&v.expected.uri, ""));
        let received = Received {
            method: &v.method,
            raw_path,
            raw_query,
            headers: &v.expected.headers,
            body: &body,
        };
        let auth = &v.expected.headers.iter().find(|(k, _)| k == "Authorization").unwrap().1;
        let names: Vec<&str> = auth
            .split("SignedHeaders=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .split(';')
            .collect();
        let date = &v
            .expected
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-sdk-date"))
            .unwrap()
            .1;
        let steps = expected(&v.secret_key, &received, &names, date.trim()).unwrap();
        if (&steps.canonical_request, &steps.string_to_sign) != (canonical, to_sign) {
            failures.push(format!(
                "{}: canonical {:?} want {:?}",
                v.name, steps.canonical_request, canonical
            ));
            continue;
        }
        if let Err(e) = check(&v.access_key, &v.secret_key, &received) {
            failures.push(format!("{}: refused: {e}", v.name));
            continue;
        }
        // Tampering with the body (when its hash is signed) or a signed header is caught.
        let body_hash_signed = body.is_empty() || canonical.ends_with(&format!("\n{}", sha256_hex(&body)));
        if body_hash_signed {
            let mut other = body.clone();
            other.push(b'!');
            let tampered = Received {
                body: &other,
                ..received
            };
            assert!(check(&v.access_key, &v.secret_key, &tampered).is_err(), "{}", v.name);
        }
        let mut headers = v.expected.headers.clone();
        let host = headers
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))
            .unwrap();
        host.1.push('x');
        let tampered = Received {
            headers: &headers,
            ..received
        };
        assert!(check(&v.access_key, &v.secret_key, &tampered).is_err(), "{}", v.name);
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 200, "{checked} vectors checked");
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}
