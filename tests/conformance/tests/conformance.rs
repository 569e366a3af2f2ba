//! `cargo test -p huaweicloud-bss-conformance`: every operation of every domain against its
//! doc samples, documented error codes and a malformed response.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_conforms_to_its_samples_and_error_codes() {
    let mut report = huaweicloud_bss_conformance::harness::Report::default();
    huaweicloud_bss_conformance::cases::run_all(&mut report).await;
    report.print();
    assert!(report.operations > 0, "no operations were checked");
    assert!(
        report.operations_without_samples.is_empty(),
        "operations without any sample"
    );
    assert!(
        report.failures.is_empty(),
        "{} conformance failures (listed above)",
        report.failures.len()
    );
}
