//! An offline mock of the Huawei Cloud BSS API, built from `spec/`, for trying the bindings and
//! testing billing code without an account or the network.
//!
//! For every operation in the spec it answers the docs' sample response when a request matches
//! the operation's method and path (path parameters as wildcards). It is strict by default:
//! each request is validated against the operation's spec, and a violation gets the service's
//! parameter error (400 `CBC.0100`) naming the parameter or field ([`MockBuilder::strict`]).
//! What it knows about the API is generated from the spec into static data ([`spec`]). It records every request,
//! checks the `SDK-HMAC-SHA256` signature when given the credentials (a bad signature gets the
//! gateway's 401 body), and can be scripted per operation: any status, body, headers or delay,
//! throttling (429 `APIG.0308`), server errors, stalls, and sequences of pages.
//!
//! ```no_run
//! # async fn t() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = huaweicloud_bss_mock::MockServer::start().await?;       // 127.0.0.1, ephemeral port
//! let core = huaweicloud_bss_core::Client::builder().endpoint(mock.uri()).no_credentials().build()?;
//! // ... call any generated client with `core`, then:
//! assert_eq!(mock.requests().len(), 0);
//! # Ok(()) }
//! ```
//!
//! It listens on loopback only unless [`MockBuilder::bind`] is given another address.

#![deny(missing_docs)]

mod routes;
mod server;
pub mod spec;
#[rustfmt::skip] // generated, formatted by the generator
mod specs;
pub mod validate;
pub mod verify;

pub use routes::{Route, Routes};
pub use server::{MockBuilder, MockServer, RecordedRequest, Reply, Script};
