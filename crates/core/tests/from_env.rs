//! `Client::from_env()`: the default chain and the site, read from the process environment.
//! One test in its own binary, since it changes the environment.

mod support;

use huaweicloud_bss_core::{Client, Credentials};
use support::{expires_in, serve, Seen};

fn access_key(c: &Credentials) -> String {
    match c {
        Credentials::AkSk { access_key, .. } => access_key.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn from_env_reads_the_chain_and_the_site() {
    for name in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_DOMAIN_ID",
        "HUAWEICLOUD_SDK_IDP_ID",
        "HUAWEICLOUD_BSS_METADATA_URL",
        "HUAWEICLOUD_BSS_SITE",
    ] {
        std::env::remove_var(name);
    }
    let dir = std::env::temp_dir().join(format!("bss-from-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials");
    std::env::set_var("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file);

    // Nothing anywhere: refused at build time, saying what was tried.
    let err = Client::from_env().unwrap_err().to_string();
    for expected in ["HUAWEICLOUD_SDK_AK", "does not exist", "HUAWEICLOUD_BSS_METADATA_URL"] {
        assert!(err.contains(expected), "{expected} missing in: {err}");
    }

    // The profile file, and the international site.
    std::fs::write(&file, "[global]\nak = PROFILEAK\nsk = profile-secret\ndomain_id = d1\n").unwrap();
    std::env::set_var("HUAWEICLOUD_BSS_SITE", "international");
    let client = Client::from_env().unwrap();
    assert_eq!(client.config().site(), Some(huaweicloud_bss_core::Site::International));
    let creds = client.config().credentials().unwrap().resolve().await.unwrap();
    assert_eq!(access_key(&creds), "PROFILEAK");

    // The environment wins over the profile file.
    std::env::set_var("HUAWEICLOUD_SDK_AK", "ENVAK");
    std::env::set_var("HUAWEICLOUD_SDK_SK", "env-secret");
    let creds = Client::from_env()
        .unwrap()
        .config()
        .credentials()
        .unwrap()
        .resolve()
        .await
        .unwrap();
    assert_eq!(access_key(&creds), "ENVAK");

    // An unknown site is an error.
    std::env::set_var("HUAWEICLOUD_BSS_SITE", "moon");
    assert!(Client::from_env()
        .unwrap_err()
        .to_string()
        .contains("HUAWEICLOUD_BSS_SITE"));
    std::env::set_var("HUAWEICLOUD_BSS_SITE", "eu-west-101");
    assert_eq!(
        Client::from_env().unwrap().config().site(),
        Some(huaweicloud_bss_core::Site::Europe)
    );

    // Metadata only when its URL is set (a fake service on loopback here).
    std::env::remove_var("HUAWEICLOUD_SDK_AK");
    std::env::remove_var("HUAWEICLOUD_SDK_SK");
    std::fs::remove_file(&file).unwrap();
    let fake = serve(|req: &Seen| match req.method.as_str() {
        "PUT" => (200, "session".into()),
        _ => (
            200,
            format!(
                r#"{{"credential":{{"access":"MDAK","secret":"s","securitytoken":"t","expires_at":"{}"}}}}"#,
                expires_in(3600.0)
            ),
        ),
    })
    .await;
    std::env::set_var("HUAWEICLOUD_BSS_METADATA_URL", &fake.url);
    let creds = Client::from_env()
        .unwrap()
        .config()
        .credentials()
        .unwrap()
        .resolve()
        .await
        .unwrap();
    assert_eq!(access_key(&creds), "MDAK");
}
