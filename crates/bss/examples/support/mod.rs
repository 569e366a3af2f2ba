//! Shared by the examples: a client for the real endpoint when credentials are set, else
//! for the embedded mock (which serves the docs' samples).

use huaweicloud_bss::core::{Client, SiteApi};
use huaweicloud_bss_mock::MockServer;

/// The client, and the mock it talks to when it runs offline (keep it alive): China site.
#[allow(dead_code)] // not every example uses both
pub async fn client() -> Result<(Client, Option<MockServer>), Box<dyn std::error::Error>> {
    client_for(SiteApi::China).await
}

/// As [`client`], for the operations of `api` (the offline mock serves that API).
pub async fn client_for(api: SiteApi) -> Result<(Client, Option<MockServer>), Box<dyn std::error::Error>> {
    if std::env::var("HUAWEICLOUD_SDK_AK").is_ok_and(|v| !v.is_empty()) {
        let client = Client::from_env()?;
        let site = client.config().site().unwrap_or(api.default_site());
        println!("sending to the {site} site (credentials from HUAWEICLOUD_SDK_AK/SK)");
        Ok((client, None))
    } else {
        let mock = MockServer::builder().site(api).start().await?;
        let client = Client::builder().endpoint(mock.uri()).no_credentials().build()?;
        println!("no HUAWEICLOUD_SDK_AK set: sending to the offline mock at {} (it serves the spec's samples: the docs' examples, or ones written from the documented fields where the docs show none)", mock.uri());
        Ok((client, Some(mock)))
    }
}
