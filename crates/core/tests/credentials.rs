//! Credentials providers against a fake ECS metadata service on 127.0.0.1, and the client's
//! use of them: caching shared by clones, one fetch for many concurrent calls, refresh ahead of
//! expiry, unsigned requests only when asked for, secrets kept out of Debug, errors and logs.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use huaweicloud_bss_core::credentials::{
    DefaultChain, EnvironmentProvider, MetadataProvider, ProfileProvider, ProvideCredentials,
};
use huaweicloud_bss_core::{signer, Client, Credentials, CredentialsError, Error, Request, SharedCredentials, Site};
use support::{expires_in, serve, Code, Fake, Seen, OP};

const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const KEY_PATH: &str = "/openstack/latest/securitykey";
const MD_SECRET: &str = "metadata-secret-key";
const MD_TOKEN: &str = "metadata-security-token";
const SESSION: &str = "metadata-session-token";

/// A metadata service whose n-th security key is `MDAK<n>`, valid for `lifetime` seconds; the
/// `GET` needs the session token. Also answers the BSS path with an empty order list.
async fn metadata(lifetime: f64) -> Fake {
    let keys = AtomicUsize::new(0);
    serve(move |req: &Seen| match (req.method.as_str(), req.path()) {
        ("PUT", TOKEN_PATH) => (200, SESSION.to_string()),
        ("GET", KEY_PATH) if req.header("X-Metadata-Token") == Some(SESSION) => {
            let n = keys.fetch_add(1, Ordering::SeqCst) + 1;
            (
                200,
                format!(
                    r#"{{"credential":{{"access":"MDAK{n}","secret":"{MD_SECRET}","securitytoken":"{MD_TOKEN}","expires_at":"{}"}}}}"#,
                    expires_in(lifetime)
                ),
            )
        }
        ("GET", KEY_PATH) => (401, "token required".into()),
        ("GET", "/v2/orders/customer-orders") => (200, r#"{"total_count":0,"order_infos":[]}"#.into()),
        _ => (404, "{}".into()),
    })
    .await
}

fn access_key(c: &Credentials) -> String {
    match c {
        Credentials::AkSk { access_key, .. } => access_key.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn metadata_token_then_key_then_refresh_ahead_of_expiry() {
    // Valid 2 s: fetched again from 1 s on (half the lifetime, under the 40 minutes).
    let fake = metadata(2.0).await;
    let shared = SharedCredentials::new(MetadataProvider::with_url(&fake.url));
    let first = shared.resolve().await.unwrap();
    assert_eq!(access_key(&first), "MDAK1");
    let Credentials::AkSk {
        secret_key,
        security_token,
        ..
    } = &*first
    else {
        panic!()
    };
    assert_eq!(
        (secret_key.expose(), security_token.as_ref().unwrap().expose()),
        (MD_SECRET, MD_TOKEN)
    );
    let seen = fake.seen();
    assert_eq!((seen[0].method.as_str(), seen[0].path()), ("PUT", TOKEN_PATH));
    assert_eq!(seen[0].header("X-Metadata-Token-Ttl-Seconds"), Some("21600"));
    assert_eq!(seen[1].header("X-Metadata-Token"), Some(SESSION));

    assert_eq!(access_key(&shared.resolve().await.unwrap()), "MDAK1");
    assert_eq!(fake.count("GET", KEY_PATH), 1, "fresh credentials come from the cache");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        access_key(&shared.resolve().await.unwrap()),
        "MDAK2",
        "refreshed before expiry"
    );
    assert_eq!(fake.count("GET", KEY_PATH), 2);
    assert_eq!(fake.count("PUT", TOKEN_PATH), 1, "the session token is reused");
}

#[tokio::test]
async fn a_service_without_session_tokens_and_a_401_that_asks_for_one() {
    // The PUT is unknown (404): ask without a token; the GET says 401: get a token, ask again.
    let puts = Arc::new(AtomicUsize::new(0));
    let counter = puts.clone();
    let fake = serve(move |req: &Seen| match (req.method.as_str(), req.path()) {
        ("PUT", TOKEN_PATH) if counter.fetch_add(1, Ordering::SeqCst) == 0 => (404, "no".into()),
        ("PUT", TOKEN_PATH) => (200, SESSION.into()),
        ("GET", KEY_PATH) if req.header("X-Metadata-Token").is_none() => (401, "Unauthorized".into()),
        ("GET", KEY_PATH) => (
            200,
            format!(
                r#"{{"credential":{{"access":"A","secret":"S","securitytoken":"T","expires_at":"{}"}}}}"#,
                expires_in(3600.0)
            ),
        ),
        _ => (404, "{}".into()),
    })
    .await;
    let provided = MetadataProvider::with_url(&fake.url)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(access_key(&provided.credentials), "A");
    let order: Vec<(String, bool)> = fake
        .seen()
        .iter()
        .map(|s| {
            (
                format!("{} {}", s.method, s.path()),
                s.header("X-Metadata-Token").is_some(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (format!("PUT {TOKEN_PATH}"), false),
            (format!("GET {KEY_PATH}"), false),
            (format!("PUT {TOKEN_PATH}"), false),
            (format!("GET {KEY_PATH}"), true),
        ]
    );
}

#[tokio::test]
async fn an_instance_without_agency_gets_a_clear_error_and_no_retry() {
    let fake = serve(|req: &Seen| match req.method.as_str() {
        "PUT" => (200, SESSION.into()),
        _ => (401, r#"{"error":"Please configure Cloud Service Agency first"}"#.into()),
    })
    .await;
    let err = MetadataProvider::with_url(&fake.url)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(matches!(err, CredentialsError::Metadata(_)), "{err}");
    assert!(
        err.to_string().contains("Cloud Service Agency") && err.to_string().contains("401"),
        "{err}"
    );
    assert_eq!(fake.count("PUT", TOKEN_PATH), 1);
    assert_eq!(fake.count("GET", KEY_PATH), 1);
}

#[tokio::test]
async fn an_unreachable_metadata_service_is_an_error_not_a_hang() {
    // A port nobody listens on, on loopback.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = MetadataProvider::with_url(url).provide_credentials().await.unwrap_err();
    assert!(matches!(err, CredentialsError::Metadata(_)), "{err}");
}

#[tokio::test]
async fn the_chain_goes_env_then_profile_then_metadata_and_says_why_when_empty() {
    let fake = metadata(3600.0).await;
    let dir = std::env::temp_dir().join(format!("bss-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let no_env = || EnvironmentProvider::with_lookup(|_| None);
    let no_file = || ProfileProvider::with_path(dir.join("absent"));

    let chain = DefaultChain::of(vec![
        Arc::new(no_env()),
        Arc::new(no_file()),
        Arc::new(MetadataProvider::with_url(&fake.url)),
    ]);
    let got = chain.provide_credentials().await.unwrap();
    assert_eq!(access_key(&got.credentials), "MDAK1");
    assert!(got.expires_at.is_some());

    // The profile wins over metadata; the environment over the profile.
    let file = dir.join("credentials");
    std::fs::write(&file, "[global]\nak = PROFILEAK\nsk = profile-sk\n").unwrap();
    let chain = DefaultChain::of(vec![
        Arc::new(no_env()),
        Arc::new(ProfileProvider::with_path(&file)),
        Arc::new(MetadataProvider::with_url(&fake.url)),
    ]);
    assert_eq!(
        access_key(&chain.provide_credentials().await.unwrap().credentials),
        "PROFILEAK"
    );
    let env = EnvironmentProvider::with_lookup(|k| match k {
        "HUAWEICLOUD_SDK_AK" => Some("ENVAK".into()),
        "HUAWEICLOUD_SDK_SK" => Some("env-sk".into()),
        _ => None,
    });
    let chain = DefaultChain::of(vec![Arc::new(env), Arc::new(ProfileProvider::with_path(&file))]);
    assert_eq!(
        access_key(&chain.provide_credentials().await.unwrap().credentials),
        "ENVAK"
    );

    // A broken profile file stops the chain (as in the official SDK).
    std::fs::write(&file, "ak = before-any-section\n").unwrap();
    let chain = DefaultChain::of(vec![
        Arc::new(no_env()),
        Arc::new(ProfileProvider::with_path(&file)),
        Arc::new(MetadataProvider::with_url(&fake.url)),
    ]);
    assert!(matches!(
        chain.provide_credentials().await.unwrap_err(),
        CredentialsError::Profile { .. }
    ));

    let err = DefaultChain::of(vec![Arc::new(no_env()), Arc::new(no_file())])
        .provide_credentials()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("HUAWEICLOUD_SDK_AK") && text.contains("does not exist"),
        "{text}"
    );
}

#[test]
fn building_a_client_without_credentials_fails_unless_unsigned_is_asked_for() {
    let err = Client::builder().build().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("no credentials") && text.contains(".no_credentials()"),
        "{text}"
    );
    assert!(Client::builder()
        .no_credentials()
        .build()
        .unwrap()
        .config()
        .credentials()
        .is_none());
    // The last choice wins.
    let c = Client::builder()
        .no_credentials()
        .credentials(Credentials::aksk("AK", "SK"))
        .build()
        .unwrap();
    assert!(c.config().credentials().is_some());
    let err = Client::builder()
        .credentials(Credentials::aksk("AK", ""))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("secret key is empty"), "{err}");
}

#[test]
fn sites_choose_the_endpoint_and_an_explicit_endpoint_wins() {
    use huaweicloud_bss_core::SiteApi;
    let at = |b: huaweicloud_bss_core::ConfigBuilder, api: SiteApi| {
        b.no_credentials()
            .build()
            .unwrap()
            .config()
            .base_url(api)
            .map(|u| u.to_string())
    };
    // No site: each API's own default site.
    assert_eq!(
        at(Client::builder(), SiteApi::China).unwrap(),
        "https://bss.myhuaweicloud.com"
    );
    assert_eq!(
        at(Client::builder(), SiteApi::International).unwrap(),
        "https://bss-intl.myhuaweicloud.com"
    );
    assert_eq!(
        at(Client::builder().site(Site::International), SiteApi::International).unwrap(),
        "https://bss-intl.myhuaweicloud.com"
    );
    assert_eq!(
        at(Client::builder().site(Site::Europe), SiteApi::International).unwrap(),
        "https://bss.myhuaweicloud.eu"
    );
    assert_eq!(
        at(
            Client::builder().site(Site::Europe).endpoint("http://127.0.0.1:9"),
            SiteApi::International
        )
        .unwrap(),
        "http://127.0.0.1:9"
    );
    // A site that does not serve the operation's API: refused, whatever the endpoint.
    let err = at(Client::builder().site(Site::China), SiteApi::International).unwrap_err();
    assert!(err.contains("China site") && err.contains("international API"), "{err}");
    let err = at(
        Client::builder().site(Site::Europe).endpoint("http://127.0.0.1:9"),
        SiteApi::China,
    )
    .unwrap_err();
    assert!(err.contains("huaweicloud-bss-intl-<domain>"), "{err}");
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_signs_with_metadata_credentials_shares_them_and_never_shows_them() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_global_default(subscriber);

    let fake = metadata(3600.0).await;
    let core = Client::builder()
        .endpoint(&fake.url)
        .credentials_provider(MetadataProvider::with_url(&fake.url).domain_id("dom-1"))
        .build()
        .unwrap();
    // 64 calls at once from clones of the client: one metadata fetch.
    let calls: Vec<_> = (0..64)
        .map(|_| {
            let c = core.clone();
            tokio::spawn(async move { c.send_json::<serde_json::Value, Code>(Request::new(&OP)).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(fake.count("GET", KEY_PATH), 1);
    let api: Vec<Seen> = fake
        .seen()
        .into_iter()
        .filter(|s| s.path().starts_with("/v2/"))
        .collect();
    assert_eq!(api.len(), 64);
    for req in &api {
        assert_eq!(req.header("X-Security-Token"), Some(MD_TOKEN));
        assert_eq!(req.header("X-Domain-Id"), Some("dom-1"));
        let auth = req.header("Authorization").unwrap();
        let parsed = signer::ParsedAuthorization::parse(auth).unwrap();
        assert_eq!(parsed.access_key, "MDAK1");
        // Recomputed with the core signer (smoke: same code as the client's).
        let headers: Vec<(String, String)> = parsed
            .signed_header_names()
            .map(|n| (n.to_string(), req.header(n).unwrap().to_string()))
            .collect();
        let signable = signer::SignableRequest {
            method: "GET",
            path: req.path(),
            query: &[],
            headers: &headers,
            body: b"",
        };
        let date = req.header("X-Sdk-Date").unwrap();
        assert_eq!(signer::authorization("MDAK1", MD_SECRET, &signable, date), auth);
        assert_eq!(
            req.headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .count(),
            1
        );
    }

    // An unreachable provider: the call fails with a credentials error, no request is sent.
    let broken = Client::builder()
        .endpoint(&fake.url)
        .credentials_provider(DefaultChain::of(vec![Arc::new(EnvironmentProvider::with_lookup(
            |_| None,
        ))]))
        .build()
        .unwrap();
    let sent = fake.seen().len();
    let err = broken
        .send_json::<serde_json::Value, Code>(Request::new(&OP))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Build(e) if e.to_string().contains("HUAWEICLOUD_SDK_AK")),
        "{err}"
    );
    assert_eq!(fake.seen().len(), sent);

    tracing::debug!(client = ?core, credentials = ?core.config().credentials(), "state");
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let shown = format!("{logs} {core:?} {:?} {err} {err:?}", core.config());
    for secret in [MD_SECRET, MD_TOKEN, SESSION] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}

#[tokio::test]
async fn unsigned_clients_send_no_credentials() {
    let fake = metadata(3600.0).await;
    let core = Client::builder().endpoint(&fake.url).no_credentials().build().unwrap();
    core.send_json::<serde_json::Value, Code>(Request::new(&OP))
        .await
        .unwrap();
    let req = &fake.seen()[0];
    for name in ["Authorization", "X-Sdk-Date", "X-Security-Token", "X-Auth-Token"] {
        assert!(req.header(name).is_none(), "{name}");
    }
}
