//! `cargo xtask sdk-compare PATH/TO/huaweicloudsdkbss [--write]`: what the official Python SDK
//! has that the spec lacks (operations, parameters, body and response fields). Expected: none.
//!
//! Maintainer tool, not part of CI: it needs the SDK's sources (e.g. unpacked from
//! `pip download --no-deps huaweicloudsdkbss`) and runs `tools/sdk_facts.py` on them, which
//! reads them as data with Python's `ast`. `--write` also stores the report in
//! `spec/SDK-COVERAGE.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

pub fn run(root: &Path, args: &[String]) -> Result<i32> {
    let Some(sdk) = args.iter().find(|a| !a.starts_with("--")) else {
        bail!("usage: cargo xtask sdk-compare PATH/TO/huaweicloudsdkbss [--write]");
    };
    let output = Command::new("python3")
        .arg(root.join("tools/sdk_facts.py"))
        .arg(sdk)
        .output()
        .context("running python3 tools/sdk_facts.py")?;
    if !output.status.success() {
        bail!("tools/sdk_facts.py failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let facts: Value = serde_json::from_slice(&output.stdout).context("reading the SDK facts")?;
    let report = compare(root, &facts)?;
    print!("{report}");
    if args.iter().any(|a| a == "--write") {
        std::fs::write(root.join("spec/SDK-COVERAGE.md"), &report)?;
    }
    Ok(if report.contains("\n- ") { 1 } else { 0 })
}

/// Spec operations by id, with their domain.
type SpecOps = BTreeMap<String, (Value, String)>;
/// Each domain's `components.schemas`.
type SpecSchemas = BTreeMap<String, Value>;

/// Spec operations by id, and each spec document's schemas.
fn load_spec(root: &Path) -> Result<(SpecOps, SpecSchemas)> {
    let mut ops = BTreeMap::new();
    let mut schemas = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("spec"))? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let domain = doc["info"]["x-bss-domain"].as_str().unwrap_or_default().to_string();
        for item in doc["paths"].as_object().into_iter().flat_map(|p| p.values()) {
            for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                ops.insert(
                    op["operationId"].as_str().unwrap_or_default().to_string(),
                    (op.clone(), domain.clone()),
                );
            }
        }
        schemas.insert(domain, doc["components"]["schemas"].clone());
    }
    Ok((ops, schemas))
}

/// Field paths of an SDK model (`a`, `a.b`, `list[].c`), following nested models.
fn sdk_fields(models: &Value, name: &str, prefix: &str, out: &mut BTreeSet<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    for f in models[name]["fields"].as_array().into_iter().flatten() {
        let wire = f["wire"].as_str().unwrap_or_default();
        let path = format!("{prefix}{wire}");
        out.insert(path.clone());
        let ty = f["type"].as_str().unwrap_or_default();
        let (inner, list) = match ty.strip_prefix("list[").and_then(|t| t.strip_suffix(']')) {
            Some(t) => (t, true),
            None => (ty, false),
        };
        if models.get(inner).is_some() {
            let next = if list { format!("{path}[].") } else { format!("{path}.") };
            sdk_fields(models, inner, &next, out, depth + 1);
        }
    }
}

/// Field paths of a spec schema, resolving `$ref`s within its document.
fn spec_fields(schemas: &Value, schema: &Value, prefix: &str, out: &mut BTreeSet<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    let resolved = match schema["$ref"].as_str() {
        Some(r) => &schemas[r.rsplit('/').next().unwrap_or_default()],
        None => schema,
    };
    for (name, prop) in resolved["properties"].as_object().into_iter().flatten() {
        let path = format!("{prefix}{name}");
        out.insert(path.clone());
        if prop["type"] == "array" {
            spec_fields(schemas, &prop["items"], &format!("{path}[]."), out, depth + 1);
        } else {
            spec_fields(schemas, prop, &format!("{path}."), out, depth + 1);
        }
    }
}

fn compare(root: &Path, facts: &Value) -> Result<String> {
    let (ops, schemas) = load_spec(root)?;
    let models = &facts["models"];
    let mut missing_ops = Vec::new();
    let mut missing_fields = Vec::new();
    let sdk_ops = facts["operations"].as_array().cloned().unwrap_or_default();
    for sdk in &sdk_ops {
        let id = sdk["id"].as_str().unwrap_or_default();
        let Some((op, domain)) = ops.get(id) else {
            missing_ops.push(format!(
                "`{id}` {} {}",
                sdk["method"].as_str().unwrap_or(""),
                sdk["path"].as_str().unwrap_or("")
            ));
            continue;
        };
        let params: BTreeSet<&str> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str())
            .collect();
        for p in sdk["params"].as_array().into_iter().flatten() {
            let wire = p["wire"].as_str().unwrap_or_default();
            if !params.contains(wire) {
                missing_fields.push(format!("`{id}` parameter `{wire}`"));
            }
        }
        let doc_schemas = &schemas[domain];
        let mut pairs = Vec::new();
        if let Some(body) = sdk["body_model"].as_str() {
            pairs.push((
                "body",
                body.to_string(),
                op["requestBody"]["content"]["application/json"]["schema"].clone(),
            ));
        }
        let resp = sdk["response_model"].as_str().unwrap_or_default().to_string();
        let ok = op["responses"]
            .as_object()
            .and_then(|r| r.iter().find(|(k, _)| k.starts_with('2')))
            .map(|(_, v)| v.clone());
        if let Some(schema) = ok.and_then(|r| r["content"]["application/json"]["schema"].as_object().cloned()) {
            pairs.push(("response", resp, Value::Object(schema)));
        }
        for (side, model, schema) in pairs {
            let mut want = BTreeSet::new();
            sdk_fields(models, &model, "", &mut want, 0);
            let mut have = BTreeSet::new();
            spec_fields(doc_schemas, &schema, "", &mut have, 0);
            for f in want.difference(&have) {
                missing_fields.push(format!("`{id}` {side} field `{f}`"));
            }
        }
    }
    let mut out = String::from("# The official SDK against the spec\n\n");
    out.push_str(&format!(
        "huaweicloudsdkbss: {} operations; the spec: {} operations.\n\n## Operations the spec lacks: {}\n",
        sdk_ops.len(),
        ops.len(),
        missing_ops.len()
    ));
    for m in &missing_ops {
        out.push_str(&format!("\n- {m}"));
    }
    out.push_str(&format!(
        "\n\n## Parameters and fields the spec lacks: {}\n",
        missing_fields.len()
    ));
    for m in &missing_fields {
        out.push_str(&format!("\n- {m}"));
    }
    out.push('\n');
    Ok(out)
}
