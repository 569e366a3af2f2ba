//! Documented values (`x-bss-values`) resolved into open enums: one Rust type per value table,
//! shared by every field and parameter that uses it, its variants the union of theirs.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Result};
use serde::Serialize;
use serde_json::Value;

use crate::ir::Ty;
use crate::spec::ValuesExt;

/// The wire type behind an open enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRaw {
    /// A 32-bit integer code.
    I32,
    /// A 64-bit integer code.
    I64,
    /// A text code.
    String,
}

impl EnumRaw {
    /// The scalar type on the wire.
    pub fn ty(self) -> Ty {
        match self {
            EnumRaw::I32 => Ty::I32,
            EnumRaw::I64 => Ty::I64,
            EnumRaw::String => Ty::String,
        }
    }

    fn of(ty: &Ty) -> Option<EnumRaw> {
        match ty {
            Ty::I32 => Some(EnumRaw::I32),
            Ty::I64 => Some(EnumRaw::I64),
            Ty::String => Some(EnumRaw::String),
            _ => None,
        }
    }

    /// Whether a documented value has this wire type.
    fn accepts(self, v: &Value) -> bool {
        match self {
            EnumRaw::I32 => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            EnumRaw::I64 => v.as_i64().is_some(),
            EnumRaw::String => v.is_string(),
        }
    }
}

/// One named value of an open enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    /// Rust name (UpperCamelCase).
    pub name: String,
    /// The wire value.
    pub wire: Value,
    /// One line of English.
    pub doc: String,
}

/// An open enum: named documented values plus a variant that keeps any other value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// The wire type.
    pub raw: EnumRaw,
    /// Named values, in first-documented order.
    pub variants: Vec<EnumVariant>,
    /// On a two-valued switch: the variants meaning `true` and `false`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<(String, String)>,
    /// The fields and parameters that use it (`Model.field`, `Operation(param)`), for its docs.
    pub used_by: Vec<String>,
}

/// The name of the catch-all variant that keeps an undocumented value.
pub const UNLISTED: &str = "Unlisted";

/// The open enums of one domain, collected while the IR resolves fields and parameters.
#[derive(Debug, Default)]
pub struct EnumTable {
    enums: BTreeMap<String, EnumDef>,
}

impl EnumTable {
    /// The type of a field or parameter documented with `ext`: its scalar (or the items of its
    /// list) becomes the open enum `ext.name`, which is created or extended.
    pub fn resolve(&mut self, ty: Ty, ext: &ValuesExt, used_by: &str) -> Result<Ty> {
        match ty {
            Ty::Vec(inner) => Ok(Ty::Vec(Box::new(self.resolve(*inner, ext, used_by)?))),
            scalar => {
                let raw =
                    EnumRaw::of(&scalar).ok_or_else(|| anyhow!("x-bss-values on a field of type {}", scalar.rust()))?;
                self.add(raw, ext, used_by)?;
                Ok(Ty::Enum {
                    name: ext.name.clone(),
                    raw,
                })
            }
        }
    }

    fn add(&mut self, raw: EnumRaw, ext: &ValuesExt, used_by: &str) -> Result<()> {
        if !is_camel(&ext.name) {
            bail!("x-bss-values: enum name {:?} is not UpperCamelCase", ext.name);
        }
        if ext.values.is_empty() {
            bail!("x-bss-values: no values");
        }
        let def = self.enums.entry(ext.name.clone()).or_insert_with(|| EnumDef {
            name: ext.name.clone(),
            raw,
            variants: Vec::new(),
            flag: None,
            used_by: Vec::new(),
        });
        if def.raw != raw {
            bail!(
                "x-bss-values: enum {} is used with wire types {:?} and {:?}; give one of them another name",
                ext.name,
                def.raw,
                raw
            );
        }
        def.used_by.push(used_by.to_string());
        for v in &ext.values {
            if !raw.accepts(&v.value) {
                bail!(
                    "x-bss-values: value {} of {} is not of the field's wire type {raw:?}",
                    v.value,
                    ext.name
                );
            }
            if !is_camel(&v.name) || v.name == UNLISTED {
                bail!(
                    "x-bss-values: variant name {:?} of {} is not a usable UpperCamelCase name",
                    v.name,
                    ext.name
                );
            }
            match def.variants.iter().find(|e| e.wire == v.value || e.name == v.name) {
                Some(e) if e.wire == v.value && e.name == v.name => {}
                Some(e) => bail!(
                    "x-bss-values: {} names {} `{}` here and {} `{}` elsewhere",
                    ext.name,
                    v.value,
                    v.name,
                    e.wire,
                    e.name
                ),
                None => def.variants.push(EnumVariant {
                    name: v.name.clone(),
                    wire: v.value.clone(),
                    doc: v.doc.clone(),
                }),
            }
        }
        if let Some(t) = &ext.flag_true {
            let [a, b] = ext.values.as_slice() else {
                bail!("x-bss-values: a flag ({}) has exactly two values", ext.name);
            };
            let (yes, no) = if &a.value == t {
                (a, b)
            } else if &b.value == t {
                (b, a)
            } else {
                bail!("x-bss-values: flag_true {t} of {} is not one of its values", ext.name);
            };
            let flag = (yes.name.clone(), no.name.clone());
            match &def.flag {
                Some(f) if f != &flag => bail!("x-bss-values: {} is a flag with two meanings of true", ext.name),
                _ => def.flag = Some(flag),
            }
        } else if def.flag.is_some() {
            bail!("x-bss-values: {} is a flag on one field and not on another", ext.name);
        }
        if def.flag.is_some() && def.variants.len() != 2 {
            bail!("x-bss-values: flag {} has more than two values", ext.name);
        }
        Ok(())
    }

    /// The enums, by name; checked against the model names.
    pub fn finish(self, models: &BTreeMap<String, crate::ir::Model>) -> Result<BTreeMap<String, EnumDef>> {
        for name in self.enums.keys() {
            if models.contains_key(name) {
                bail!("x-bss-values: enum {name} has the name of a model");
            }
        }
        Ok(self.enums)
    }
}

fn is_camel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ValueExt;
    use serde_json::json;

    fn ext(name: &str, values: &[(Value, &str)], flag_true: Option<Value>) -> ValuesExt {
        ValuesExt {
            name: name.into(),
            values: values
                .iter()
                .map(|(v, n)| ValueExt {
                    value: v.clone(),
                    name: n.to_string(),
                    doc: format!("{n}."),
                })
                .collect(),
            flag_true,
        }
    }

    #[test]
    fn fields_of_one_table_share_a_type_with_the_union_of_their_values() {
        let mut t = EnumTable::default();
        let a = ext("OrderStatus", &[(json!(6), "PendingPayment")], None);
        let b = ext(
            "OrderStatus",
            &[(json!(5), "Completed"), (json!(6), "PendingPayment")],
            None,
        );
        assert_eq!(
            t.resolve(Ty::I32, &a, "A.status").unwrap(),
            Ty::Enum {
                name: "OrderStatus".into(),
                raw: EnumRaw::I32
            }
        );
        assert_eq!(
            t.resolve(Ty::Vec(Box::new(Ty::I32)), &b, "B.status").unwrap(),
            Ty::Vec(Box::new(Ty::Enum {
                name: "OrderStatus".into(),
                raw: EnumRaw::I32
            }))
        );
        let enums = t.finish(&BTreeMap::new()).unwrap();
        let names: Vec<_> = enums["OrderStatus"].variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["PendingPayment", "Completed"]);
        assert_eq!(enums["OrderStatus"].used_by, ["A.status", "B.status"]);
    }

    #[test]
    fn contradictions_are_errors() {
        let mut t = EnumTable::default();
        t.resolve(Ty::I32, &ext("S", &[(json!(1), "One")], None), "a").unwrap();
        // Same value, another name.
        assert!(t.resolve(Ty::I32, &ext("S", &[(json!(1), "Uno")], None), "b").is_err());
        // Another wire type.
        assert!(t
            .resolve(Ty::String, &ext("S", &[(json!("1"), "One")], None), "c")
            .is_err());
        // A value of the wrong type.
        assert!(t.resolve(Ty::I32, &ext("T", &[(json!("x"), "X")], None), "d").is_err());
        // The catch-all's name, or not a type name.
        assert!(t
            .resolve(Ty::I32, &ext("U", &[(json!(1), "Unlisted")], None), "e")
            .is_err());
        assert!(t
            .resolve(Ty::I32, &ext("bad_name", &[(json!(1), "One")], None), "f")
            .is_err());
        // Not a scalar.
        assert!(t.resolve(Ty::Bool, &ext("V", &[(json!(1), "One")], None), "g").is_err());
    }

    #[test]
    fn flags_know_their_true_variant() {
        let mut t = EnumTable::default();
        let yes_no = [(json!("YES"), "Yes"), (json!("NO"), "No")];
        t.resolve(Ty::String, &ext("UseCoupon", &yes_no, Some(json!("YES"))), "a")
            .unwrap();
        let enums = t.finish(&BTreeMap::new()).unwrap();
        assert_eq!(enums["UseCoupon"].flag, Some(("Yes".into(), "No".into())));
        let mut t = EnumTable::default();
        assert!(t
            .resolve(Ty::String, &ext("F", &yes_no, Some(json!("Y"))), "a")
            .is_err());
    }
}
