//! Every vector of `signer_vectors.json`, written by the official signer (`huaweicloudsdkcore`,
//! run by `tools/signer_vectors.py`), must come out of this crate's signer to the byte:
//! canonical request, string to sign, Authorization, the headers as sent and the URI.
//! Evidence: the expected values come from the official package, not from this code.

use huaweicloud_bss_core::{signer, Credentials, Site};
use serde::Deserialize;

#[derive(Deserialize)]
struct Document {
    package: String,
    bss_endpoints: std::collections::BTreeMap<String, String>,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    method: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body_hex: String,
    access_key: String,
    secret_key: String,
    security_token: Option<String>,
    domain_id: Option<String>,
    now: String,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
    authorization: Option<String>,
    headers: Vec<(String, String)>,
    uri: String,
}

fn load() -> Document {
    let text = include_str!("signer_vectors.json");
    serde_json::from_str(text).expect("signer_vectors.json parses")
}

fn parse_now(s: &str) -> time::OffsetDateTime {
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap();
    let date = time::Date::from_calendar_date(
        n(0..4) as i32,
        time::Month::try_from(n(4..6) as u8).unwrap(),
        n(6..8) as u8,
    )
    .unwrap();
    let clock = time::Time::from_hms(n(9..11) as u8, n(11..13) as u8, n(13..15) as u8).unwrap();
    time::PrimitiveDateTime::new(date, clock).assume_utc()
}

fn sorted(mut headers: Vec<(String, String)>) -> Vec<(String, String)> {
    headers.sort();
    headers
}

#[test]
fn every_official_vector_is_reproduced() {
    let doc = load();
    assert!(doc.vectors.len() >= 200, "{} vectors", doc.vectors.len());
    let mut failures = Vec::new();
    let mut unsigned_payload = 0;
    for v in &doc.vectors {
        let mut credentials = match &v.security_token {
            Some(token) => Credentials::temporary(v.access_key.clone(), v.secret_key.as_str(), token.as_str()),
            None => Credentials::aksk(v.access_key.clone(), v.secret_key.as_str()),
        };
        if let Some(domain) = &v.domain_id {
            credentials = credentials.with_domain_id(domain.clone());
        }
        let body = hex::decode(&v.body_hex).unwrap();
        let canonical_query = signer::canonical_query(&v.query);
        let mut headers = v.headers.clone();
        let signature = signer::authenticate(
            &credentials,
            signer::RequestToSign {
                method: &v.method,
                path: &v.path,
                canonical_query: &canonical_query,
                host: &v.host,
                headers: &mut headers,
                body: &body,
            },
            parse_now(&v.now),
        );
        let uri = if canonical_query.is_empty() {
            v.path.clone()
        } else {
            format!("{}?{canonical_query}", v.path)
        };
        let got = (
            signature.as_ref().map(|s| s.canonical_request.clone()),
            signature.as_ref().map(|s| s.string_to_sign.clone()),
            signer::header(&headers, "Authorization").map(str::to_string),
            sorted(headers.clone()),
            uri,
        );
        let want = (
            v.expected.canonical_request.clone(),
            v.expected.string_to_sign.clone(),
            v.expected.authorization.clone(),
            sorted(v.expected.headers.clone()),
            v.expected.uri.clone(),
        );
        if v.expected
            .canonical_request
            .as_deref()
            .is_some_and(|c| c.ends_with("\nUNSIGNED-PAYLOAD"))
        {
            unsigned_payload += 1;
        }
        if got != want {
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}", v.name));
        }
    }
    assert!(unsigned_payload > 0, "the vectors cover UNSIGNED-PAYLOAD");
    assert!(
        failures.is_empty(),
        "{} of {} vectors of {} differ:\n{}",
        failures.len(),
        doc.vectors.len(),
        doc.package,
        failures.join("\n")
    );
}

#[test]
fn the_sites_are_the_official_region_lists_endpoints() {
    let doc = load();
    for site in Site::ALL {
        assert_eq!(
            doc.bss_endpoints.get(site.region_id()).map(String::as_str),
            Some(site.endpoint()),
            "{site}"
        );
    }
    assert_eq!(
        doc.bss_endpoints.len(),
        Site::ALL.len(),
        "a site the official SDKs list is missing"
    );
}
