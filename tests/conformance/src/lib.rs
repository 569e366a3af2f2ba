//! The conformance suite: every generated call checked against the docs' samples.
//!
//! `cases/` is generated (one typed call per sample, written as a user would write it);
//! [`harness`] is the hand-written part that serves each sample from a loopback mock,
//! compares what went over the wire with the sample, and what came back with the sample.
#![deny(missing_docs)]

#[rustfmt::skip] // generated, formatted by the generator
pub mod cases;
pub mod harness;
