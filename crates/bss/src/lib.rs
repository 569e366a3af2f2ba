//! Typed Rust bindings for Huawei Cloud's BSS (billing and operations) APIs.
//!
//! This facade re-exports the runtime ([`core`]) and each generated domain crate behind a
//! cargo feature of the domain's name (`orders`, ...; `full` enables all), so an application
//! compiles only the domains it calls.
//!
//! ```no_run
//! # #[cfg(feature = "orders")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use huaweicloud_bss::orders::enums::OrderStatus;
//!
//! let core = huaweicloud_bss::core::Client::from_env()?; // HUAWEICLOUD_SDK_AK / _SK
//! let orders = huaweicloud_bss::orders::Client::new(core);
//! let page = orders
//!     .list_customer_orders()
//!     .status(OrderStatus::PendingPayment)
//!     .limit(10)
//!     .send()
//!     .await?;
//! for order in page.order_infos.unwrap_or_default() {
//!     println!("{:?} {:?}", order.order_id, order.amount_after_discount);
//! }
//! # Ok(()) }
//! ```
//!
//! No domain is enabled by default. On docs.rs every domain is shown, each labelled with the
//! feature that enables it.
//!
//! # Features
//!
//! - one per domain: `accounts`, `bills`, `configs`, `customers`, `enterprises`, `orders`,
//!   `products`, `promotions`, `resources`; `full` enables all nine;
//! - `legacy`: the operations Huawei Cloud deprecated (`(旧)`), in each enabled domain's `legacy`
//!   module.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[doc(inline)]
pub use huaweicloud_bss_core as core;
pub use huaweicloud_bss_core::{Applied, Client, CommonCode, Credentials, Decimal, Error, ErrorCode, RawJson};

#[rustfmt::skip] // generated, formatted by the generator
mod domains;
#[allow(unused_imports)] // empty when no domain feature is enabled
pub use domains::*;

/// The README's Rust examples, compiled as doc tests so that they stay true.
#[cfg(all(doctest, feature = "full", feature = "intl"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// A setter whose result is dropped loses the value: the compiler says so (`#[must_use]`).
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// let request = huaweicloud_bss::orders::requests::ListCustomerOrdersRequest::new();
/// request.set_limit(10);
/// ```
///
/// ```
/// #![deny(unused_must_use)]
/// let request = huaweicloud_bss::orders::requests::ListCustomerOrdersRequest::new().set_limit(10);
/// assert_eq!(request.limit, Some(10));
/// ```
#[cfg(all(doctest, feature = "orders"))]
pub struct MustUseSetters;
