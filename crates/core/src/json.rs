//! [`RawJson`]: a JSON value kept as the exact text the server sent.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value whose shape the docs do not give, kept as its exact text.
///
/// Numbers are never rounded through `f64`: read an amount with
/// `raw.parse::<MyShape>()` into a type whose money fields are [`Decimal`](crate::Decimal)
/// (with [`decimal`](crate::decimal)'s adapters), or look at [`RawJson::get`]'s text.
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The exact JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Decodes the value into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// The items of the top-level list field `key` of an object (empty when there is no such
    /// list): how an untyped batch response's failed items are read.
    pub fn list_field(&self, key: &str) -> Vec<RawJson> {
        #[derive(Deserialize)]
        struct Lists<'a>(#[serde(borrow)] std::collections::HashMap<std::borrow::Cow<'a, str>, &'a RawValue>);
        let Ok(Lists(map)) = serde_json::from_str::<Lists<'_>>(self.0.get()) else {
            return Vec::new();
        };
        map.get(key)
            .and_then(|v| serde_json::from_str::<Vec<RawJson>>(v.get()).ok())
            .unwrap_or_default()
    }

    /// Wraps JSON text after checking it is one JSON value.
    pub fn from_text(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        RawValue::from_string(text.into()).map(RawJson)
    }

    /// The JSON text of a serializable value (for requests built in code).
    pub fn from_value<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(RawJson)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

/// Equal when the texts are equal (`1.0` and `1.00` differ: the text is what is kept).
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(RawJson)
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        RawJson::from_value(&value).expect("a serde_json::Value always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_number_text_exactly() {
        let text = r#"{"amount":12345678901234567890.123456789,"scale":10.00,"tiny":1e-30}"#;
        let raw: RawJson = serde_json::from_str(text).unwrap();
        assert_eq!(raw.get(), text);
        assert_eq!(serde_json::to_string(&raw).unwrap(), text);
        #[derive(Deserialize)]
        struct Shape {
            #[serde(with = "crate::decimal::number")]
            scale: rust_decimal::Decimal,
        }
        assert_eq!(raw.parse::<Shape>().unwrap().scale.to_string(), "10.00");
    }

    #[test]
    fn reads_a_top_level_list_field() {
        let raw = RawJson::from_text(r#"{"fail_resource_infos":["r1",{"id":2.50}],"other":1}"#).unwrap();
        let got: Vec<String> = raw
            .list_field("fail_resource_infos")
            .iter()
            .map(|v| v.get().to_string())
            .collect();
        assert_eq!(got, [r#""r1""#, r#"{"id":2.50}"#]);
        assert!(raw.list_field("other").is_empty());
        assert!(raw.list_field("missing").is_empty());
        assert!(RawJson::from_text("[1]").unwrap().list_field("x").is_empty());
    }
}
