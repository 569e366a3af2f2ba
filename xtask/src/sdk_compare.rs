//! `cargo xtask sdk-compare [--intl] [PATH/TO/huaweicloudsdkbss] [--write]`: one site's spec (as
//! the IR reads it) against its official Python SDK, both ways, with `codegen::sdk_facts` (the
//! same comparison `cargo test` runs on the committed facts). Expected: no findings.
//!
//! Without a path it compares the committed facts (`spec/curation/sdk-facts.json`, or with
//! `--intl` `spec/curation/intl/sdk-facts.json` against `spec/intl/`). With a path (the SDK's
//! sources, e.g. unpacked from `pip download --no-deps huaweicloudsdkbss` or
//! `huaweicloudsdkbssintl`) it first runs `tools/sdk_facts.py` on them, which reads them as data
//! with Python's `ast`: the way to see what a new SDK release changes. `--write` also stores the
//! report in `spec/SDK-COVERAGE.md` (`spec/intl/SDK-COVERAGE.md`).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use huaweicloud_bss_codegen::sdk_facts::{compare, facts_file, SdkFacts};
use huaweicloud_bss_codegen::spec::SiteName;

pub fn run(root: &Path, args: &[String]) -> Result<i32> {
    let site = if args.iter().any(|a| a == "--intl") {
        SiteName::International
    } else {
        SiteName::China
    };
    let text = match args.iter().find(|a| !a.starts_with("--")) {
        None => std::fs::read_to_string(root.join(facts_file(site)))
            .with_context(|| format!("reading {}", facts_file(site)))?,
        Some(sdk) => {
            let output = Command::new("python3")
                .arg(root.join("tools/sdk_facts.py"))
                .arg(sdk)
                .output()
                .context("running python3 tools/sdk_facts.py")?;
            if !output.status.success() {
                bail!("tools/sdk_facts.py failed: {}", String::from_utf8_lossy(&output.stderr));
            }
            String::from_utf8(output.stdout).context("the SDK facts are not UTF-8")?
        }
    };
    let facts = SdkFacts::parse(&text)?;
    let domains = huaweicloud_bss_codegen::load_domains(root)?;
    let comparison = compare(&domains, site, &facts);
    let report = comparison.report(&facts.package);
    print!("{report}");
    if args.iter().any(|a| a == "--write") {
        std::fs::write(root.join(site.folder()).join("SDK-COVERAGE.md"), &report)?;
    }
    Ok(if comparison.is_clean() { 0 } else { 1 })
}
