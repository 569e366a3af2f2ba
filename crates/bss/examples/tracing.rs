//! `cargo run --example tracing`: one `bss.call` span per call (operation, HTTP status,
//! request id, attempt, duration), printed by `tracing-subscriber`. No secret or body is logged.

use huaweicloud_bss::core::{Client, Credentials, RetryConfig};
use huaweicloud_bss::orders;
use huaweicloud_bss_mock::{MockServer, Reply};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_target(false)
        .init();
    let mock = MockServer::start().await?;
    mock.on("ListCustomerOrders").once(Reply::throttled());
    let core = Client::builder()
        .endpoint(mock.uri())
        .credentials(Credentials::aksk("EXAMPLEAK", "example-secret-never-logged"))
        .retry(RetryConfig::default().initial_backoff(std::time::Duration::from_millis(50)))
        .build()?;
    let page = orders::Client::new(core)
        .list_customer_orders()
        .limit(10)
        .send()
        .await?;
    println!(
        "{} order(s); the first attempt was throttled and retried",
        page.total_count.unwrap_or(0)
    );
    Ok(())
}
