//! Shared by the examples: a client for the real endpoint when credentials are set, else
//! for the embedded mock (which serves the docs' samples).

use huaweicloud_bss::core::Client;
use huaweicloud_bss_mock::MockServer;

/// The client, and the mock it talks to when it runs offline (keep it alive).
pub async fn client() -> Result<(Client, Option<MockServer>), Box<dyn std::error::Error>> {
    if std::env::var("HUAWEICLOUD_SDK_AK").is_ok_and(|v| !v.is_empty()) {
        let client = Client::from_env()?;
        let site = client.config().site().unwrap_or_default();
        println!("sending to the {site} site (credentials from HUAWEICLOUD_SDK_AK/SK)");
        Ok((client, None))
    } else {
        let mock = MockServer::start().await?;
        let client = Client::builder().endpoint(mock.uri()).no_credentials().build()?;
        println!("no HUAWEICLOUD_SDK_AK set: sending to the offline mock at {} (it serves the spec's samples: the docs' examples, or ones written from the documented fields where the docs show none)", mock.uri());
        Ok((client, Some(mock)))
    }
}
