//! Runtime shared by every generated `huaweicloud-bss-*` crate.
//!
//! The generated crates hold only what differs per operation (paths, parameters, models,
//! error codes). Everything that is the same for every call lives here, once:
//!
//! - [`Config`] and [`Client`]: endpoint, timeouts, user agent, an injectable `reqwest::Client`;
//! - [`Credentials`] and their [`credentials`] providers: AK/SK (optionally temporary, with a
//!   security token) or an IAM token, from code, the environment variables and the profile
//!   file the official SDKs read, or the ECS instance metadata service; cached and refreshed
//!   ahead of expiry;
//! - [`Site`]: China (the default), international, Europe;
//! - [`signer`]: the `SDK-HMAC-SHA256` request signature;
//! - [`Error`]: the error envelope that always keeps the HTTP status, the request id and the
//!   raw body, with the service's error code typed per domain ([`ErrorCode`]);
//! - [`decimal`]: exact money amounts, whether the server sends them as numbers or strings;
//! - [`retry`] and [`RateLimit`]: retries of what is safe to repeat, and optional pacing at the
//!   documented quota; [`paginate`]: streams of items across pages.
// A warning here (an error in CI, which runs clippy with `-D warnings`), so that work in
// progress still builds.
#![warn(missing_docs)]

mod batch;
mod call;
mod client;
#[rustfmt::skip] // generated, formatted by the generator
mod codes;
mod config;
pub mod credentials;
pub mod decimal;
mod envelope;
mod error;
mod json;
mod objects_only;
mod operation;
pub mod paginate;
mod ratelimit;
mod request;
pub mod retry;
mod secret;
pub mod signer;
mod site;
#[cfg(test)]
mod test_support;
pub mod values;

pub use batch::Batch;
pub use call::CallOptions;
pub use client::Client;
pub use codes::CommonCode;
pub use config::{
    Config, ConfigBuilder, Language, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_ENDPOINT, DEFAULT_MAX_RESPONSE_BODY,
    DEFAULT_OPERATION_TIMEOUT,
};
pub use credentials::{Credentials, CredentialsError, ProvideCredentials, SharedCredentials};
pub use error::{
    Applied, BuildError, CodeClass, Error, ErrorCode, ErrorKind, PagingError, RawResponse, ResponseError,
    ResponseErrorKind, ServiceError, TransportError, TransportErrorKind,
};
pub use futures_core::Stream;
/// `.next()`, `.collect()`, ... on the page and item streams, without another dependency.
pub use futures_util::StreamExt;
pub use json::RawJson;
pub use operation::{Caller, OperationSpec};
pub use ratelimit::RateLimit;
pub use request::{QueryValue, Request};
pub use retry::RetryConfig;
pub use rust_decimal::Decimal;
pub use secret::SecretString;
pub use site::{Site, SiteApi, UnknownSite, ENV_SITE};
pub use values::{Date, OpenEnum, TimeError, Timestamp, YearMonth};

/// What the macros of this crate expand to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
