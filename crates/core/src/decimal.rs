//! Exact decimals on the wire.
//!
//! Money (amounts, balances, prices) and every other non-integer number is a
//! [`rust_decimal::Decimal`], never a float. The docs send some as JSON numbers and some
//! as strings; every adapter here accepts both and writes the form the spec documents.
//! Numbers are read from their exact text (through `serde_json`'s `RawValue`), so an
//! 8-decimal amount such as `0.00000001` or a scale such as `10.00` survives a round trip.
//!
//! Used by generated code as `#[serde(with = "huaweicloud_bss_core::decimal::number")]`
//! (or `string`, `option_number`, `option_string`).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Parses a decimal from a JSON number's or string's text (exponents allowed).
pub fn parse(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let parsed = if t.contains(['e', 'E']) {
        Decimal::from_scientific(t)
    } else {
        Decimal::from_str(t)
    };
    parsed.map_err(|e| format!("invalid decimal {t:?}: {e}"))
}

fn from_raw<E: serde::de::Error>(raw: &RawValue) -> Result<Option<Decimal>, E> {
    let text = raw.get().trim();
    if text == "null" {
        return Ok(None);
    }
    if text.starts_with('"') {
        let s: String = serde_json::from_str(text).map_err(E::custom)?;
        if s.trim().is_empty() {
            return Ok(None);
        }
        return parse(&s).map(Some).map_err(E::custom);
    }
    parse(text).map(Some).map_err(E::custom)
}

fn raw_number(d: &Decimal) -> Box<RawValue> {
    RawValue::from_string(d.to_string()).expect("a decimal's text is a JSON number")
}

/// Written as a JSON number; read from a number or a numeric string.
pub mod number {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        raw_number(d).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        from_raw(&raw)?.ok_or_else(|| D::Error::custom("expected a decimal, found null or an empty string"))
    }
}

/// Written as a JSON string; read from a number or a numeric string.
pub mod string {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        number::deserialize(d)
    }
}

/// Optional; `null` (and an empty string) read as `None`. Use with `#[serde(default)]`.
pub mod option_number {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => raw_number(d).serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        match Option::<Box<RawValue>>::deserialize(d)? {
            Some(raw) => from_raw(&raw),
            None => Ok(None),
        }
    }
}

/// Optional, written as a string; `null` (and an empty string) read as `None`.
pub mod option_string {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        option_number::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Amounts {
        #[serde(with = "number")]
        amount: Decimal,
        #[serde(with = "string")]
        as_text: Decimal,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "option_number")]
        optional: Option<Decimal>,
    }

    #[test]
    fn eight_decimal_amounts_survive_a_round_trip_to_the_byte() {
        let json = r#"{"amount":12345678901.12345678,"as_text":"0.00000001","optional":10.00}"#;
        let v: Amounts = serde_json::from_str(json).unwrap();
        assert_eq!(v.amount.to_string(), "12345678901.12345678");
        assert_eq!(serde_json::to_string(&v).unwrap(), json);
    }

    #[test]
    fn numbers_and_strings_are_both_accepted() {
        let v: Amounts = serde_json::from_str(r#"{"amount":"1.5","as_text":2,"optional":"1e-3"}"#).unwrap();
        assert_eq!(v.amount, Decimal::new(15, 1));
        assert_eq!(v.as_text, Decimal::new(2, 0));
        assert_eq!(v.optional, Some(Decimal::new(1, 3)));
        let v: Amounts = serde_json::from_str(r#"{"amount":0,"as_text":"0","optional":null}"#).unwrap();
        assert_eq!(v.optional, None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in [
            r#"{"amount":"abc","as_text":"1"}"#,
            r#"{"amount":true,"as_text":"1"}"#,
            r#"{"amount":1e400,"as_text":"1"}"#,
            r#"{"amount":null,"as_text":"1"}"#,
        ] {
            assert!(serde_json::from_str::<Amounts>(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[derive(Deserialize, Serialize, Debug)]
    struct A {
        #[serde(with = "number")]
        amount: Decimal,
        #[serde(default, with = "option_string")]
        other: Option<Decimal>,
    }

    /// Models also come from `serde_json::Value` (tests, mocks, config files).
    #[test]
    fn reads_from_a_json_value_too() {
        let a: A = serde_json::from_value(serde_json::json!({"amount": 1.25, "other": "0.10"})).unwrap();
        assert_eq!(
            (a.amount.to_string(), a.other.unwrap().to_string()),
            ("1.25".into(), "0.10".into())
        );
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["amount"], serde_json::json!(1.25));
        assert_eq!(v["other"], serde_json::json!("0.10"));
    }
}
