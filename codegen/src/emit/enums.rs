//! `enums.rs`: one open enum per table of documented values (`x-bss-values`), declared with the
//! runtime's `open_enum!`, so per enum only the variants are emitted.

use serde_json::Value;

use crate::ir::Domain;
use crate::values::{EnumDef, EnumRaw, UNLISTED};

/// The literal of a wire value in the enum's raw type.
/// A wire value as Rust source in the enum's raw type.
fn wire_literal(raw: EnumRaw, v: &Value) -> String {
    match (raw, v) {
        (EnumRaw::String, Value::String(s)) => format!("{s:?}"),
        (_, v) => v.as_i64().expect("checked in the IR").to_string(),
    }
}

/// Words of an UpperCamelCase name, lower-cased: `OrderStatusText` → "order status text".
fn words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn enum_doc(e: &EnumDef) -> Vec<String> {
    let what = words(&e.name);
    let mut what = what
        .strip_suffix(" text")
        .map(|w| format!("{w}, as text"))
        .unwrap_or(what);
    what[..1].make_ascii_uppercase();
    let kind = match (e.flag.is_some(), e.raw) {
        (true, _) => "a switch; `From<bool>` and `as_bool` convert it",
        (false, EnumRaw::String) => "a text code on the wire",
        (false, _) => "a number on the wire",
    };
    let mut used: Vec<String> = e.used_by.iter().map(|u| format!("`{u}`")).collect();
    used.dedup();
    let used = if used.len() > 6 {
        format!("{}, and {} more", used[..6].join(", "), used.len() - 6)
    } else {
        used.join(", ")
    };
    vec![
        format!("{what}: the documented values ({kind})."),
        format!("A value the docs do not list decodes to [`{UNLISTED}`](Self::{UNLISTED}) and is sent back unchanged. Used by {used}."),
    ]
}

/// `/// line` comments at an indent.
fn doc_comments(out: &mut String, indent: &str, paragraphs: &[String]) {
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{indent}///\n"));
        }
        for line in p.lines() {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
}

/// One `open_enum!` (and `open_flag!`) invocation, formatted as a person would: rustfmt and
/// prettyplease leave macro bodies alone.
fn one_enum(out: &mut String, e: &EnumDef) {
    let raw = match e.raw {
        EnumRaw::I32 => "i32",
        EnumRaw::I64 => "i64",
        EnumRaw::String => "String",
    };
    out.push_str("\nhuaweicloud_bss_core::open_enum! {\n");
    doc_comments(out, "    ", &enum_doc(e));
    out.push_str(&format!("    pub enum {}: {raw} {{\n", e.name));
    for v in &e.variants {
        doc_comments(out, "        ", std::slice::from_ref(&v.doc));
        out.push_str(&format!("        {} = {},\n", v.name, wire_literal(e.raw, &v.wire)));
    }
    out.push_str("    }\n    /// A value the docs do not list, kept as sent.\n");
    out.push_str(&format!("    {UNLISTED}\n}}\n"));
    if let Some((yes, no)) = &e.flag {
        out.push_str(&format!(
            "\nhuaweicloud_bss_core::open_flag!({}, true = {yes}, false = {no});\n",
            e.name
        ));
    }
}

/// The domain's `enums.rs`, without the stamp.
pub fn enums_file(domain: &Domain) -> String {
    let mut out = String::from(
        "//! Open enums for the values the docs list: a named variant per documented value, and\n\
         //! `Unlisted` for any other, so that a value the service adds later never breaks decoding.\n",
    );
    for e in domain.enums.values() {
        one_enum(&mut out, e);
    }
    out
}
