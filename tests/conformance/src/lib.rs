//! The conformance suite: every generated call checked against the spec's samples.
//!
//! `cases/` is generated: per operation, its samples (bodies verbatim), the typed call each
//! sample's request describes (written with the generated builders, as a user writes it), its
//! documented error codes, malformed bodies, and a `#[tokio::test]` named after the operation,
//! so `cargo test -p huaweicloud-bss-conformance ListCustomerOrders` runs one operation.
//! [`harness`] is the hand-written part: it serves each sample from a strict loopback mock,
//! compares what went over the wire and what came back with the sample, numbers as text.
#![deny(missing_docs)]

#[rustfmt::skip] // generated, formatted by the generator
pub mod cases;
pub mod harness;

/// The whole suite in one report: samples copied from the docs first, written ones apart.
#[cfg(test)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_operations_report() {
    let mut report = harness::Report::default();
    cases::run_all(&mut report).await;
    report.print();
    assert!(report.operations > 0, "no operations were checked");
    assert_eq!(report.failures(), 0, "conformance failures (listed above)");
}
