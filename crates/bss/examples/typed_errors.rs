//! `cargo run --example typed_errors`: handling a typed error code.
//!
//! The mock is scripted to refuse the payment the way the service does when the balance is
//! short (`CBC.99005003`); the example matches on the code and shows what an error keeps.

use huaweicloud_bss::core::Client;
use huaweicloud_bss::orders::{self, OrdersErrorCode};
use huaweicloud_bss::Error;
use huaweicloud_bss_mock::{MockServer, Reply};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    mock.on("PayOrders")
        .once(Reply::error(400, "CBC.99005003", "Insufficient balance."));
    let orders = orders::Client::new(Client::builder().endpoint(mock.uri()).no_credentials().build()?);

    let paid = orders
        .pay_orders()
        .order_id("CS2611011200ABCDE")
        .use_coupon(false)
        .use_discount(false)
        .send()
        .await;
    match paid {
        Ok(()) => println!("paid"),
        Err(Error::Service(e)) if e.code == OrdersErrorCode::Cbc99005003 => {
            println!("not enough balance: top up, then pay again");
            println!(
                "  HTTP {} {} \"{}\", request id {:?}",
                e.raw.status,
                e.code,
                e.message,
                e.raw.request_id()
            );
        }
        Err(e) if e.code().is_some_and(|c| !huaweicloud_bss::ErrorCode::is_known(c)) => {
            println!("a code this version does not know yet: {e}");
        }
        Err(e) => {
            // For a write, `applied()` says whether to look before acting again.
            println!("failed: {e} (applied: {:?})", e.applied());
            return Err(e.into());
        }
    }
    Ok(())
}
