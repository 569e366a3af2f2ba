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

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// An amount whose unit is given by a `measure_id` (the v1.0 and several v2 APIs: `1` yuan,
/// `2` jiao, `3` fen), in yuan, exactly: the scale grows, no digit is lost. `None` for a unit
/// code the docs do not list (never a guess) or an amount too precise to rescale.
///
/// ```
/// use huaweicloud_bss_core::decimal::in_yuan;
/// let fen: huaweicloud_bss_core::Decimal = "1234".parse().unwrap();
/// assert_eq!(in_yuan(fen, "3").unwrap().to_string(), "12.34");
/// assert_eq!(in_yuan(fen, "2").unwrap().to_string(), "123.4");
/// assert_eq!(in_yuan(fen, "1"), Some(fen));
/// assert_eq!(in_yuan(fen, "4"), None);
/// ```
pub fn in_yuan(amount: Decimal, measure_id: &str) -> Option<Decimal> {
    let shift = match measure_id.trim() {
        "1" => 0,
        "2" => 1,
        "3" => 2,
        _ => return None,
    };
    let mut out = amount;
    out.set_scale(amount.scale() + shift).ok()?;
    Some(out)
}

/// An amount of the international site whose unit is given by a `measure_id`, in US dollars:
/// the international pages document only `1` (dollar), so any other unit code gives `None`
/// (never a guess).
///
/// ```
/// use huaweicloud_bss_core::decimal::in_usd;
/// let amount: huaweicloud_bss_core::Decimal = "12.34".parse().unwrap();
/// assert_eq!(in_usd(amount, "1"), Some(amount));
/// assert_eq!(in_usd(amount, "3"), None);
/// ```
pub fn in_usd(amount: Decimal, measure_id: &str) -> Option<Decimal> {
    (measure_id.trim() == "1").then_some(amount)
}

/// Parses a decimal from a JSON number's or string's text, exactly: a value a `Decimal` cannot
/// hold without rounding (more than 28 digits after the point, or beyond its 96-bit range) is
/// an error, never rounded; so is anything that is not a plain number (`"1_000"`, `"0x10"`).
/// Exponents are allowed (`1.5e3`).
pub fn parse(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if let Some(value) = parse_plain(t) {
        return Ok(value);
    }
    parse_general(t)
}

/// Any JSON number or numeric text: exponent, sign, missing integer part.
fn parse_general(t: &str) -> Result<Decimal, String> {
    let fail = |why: &str| format!("invalid decimal {t:?}: {why}");
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(at) => {
            let exp: i64 = t[at + 1..].parse().map_err(|_| fail("bad exponent"))?;
            (&t[..at], exp)
        }
        None => (t, 0),
    };
    let (negative, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(fail("not a number"));
    }
    // digits × 10^(exponent − fraction length), written out as plain text.
    let mut digits: String = format!("{int_part}{frac_part}");
    let mut scale = frac_part.len() as i64 - exponent;
    if scale < 0 {
        if scale < -64 {
            return Err(fail("out of range"));
        }
        digits.extend(std::iter::repeat_n('0', (-scale) as usize));
        scale = 0;
    }
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // Trailing zeros beyond what a Decimal can scale are value-neutral only if they are zeros.
    let mut digits = digits.to_string();
    while scale > 28 && digits.ends_with('0') && digits.len() > 1 {
        digits.pop();
        scale -= 1;
    }
    if scale > 28 {
        return Err(fail("more than 28 decimal places cannot be held exactly"));
    }
    let plain = if scale == 0 {
        digits
    } else {
        let scale = scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        format!("{int}.{frac}")
    };
    let value = Decimal::from_str_exact(&plain).map_err(|e| fail(&e.to_string()))?;
    Ok(if negative { -value } else { value })
}

/// The common case without an allocation: `-?digits(.digits)?`, at most 28 digits in all (so
/// it always fits), read exactly as written (`10.00` keeps its scale). Anything else takes the
/// general path above. Profiling showed the general path's text building as an eighth of a
/// 2 KB call's decoding.
fn parse_plain(t: &str) -> Option<Decimal> {
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let plain = !int_part.is_empty()
        && frac_part.is_empty() != unsigned.contains('.')
        && int_part.len() + frac_part.len() <= 28
        && int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    let value = Decimal::from_str_exact(unsigned).ok()?;
    // Negated as the general path does (`-0` stays a negative zero there too).
    Some(if unsigned.len() < t.len() { -value } else { value })
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

    /// Writes the exact decimal as a JSON number.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        raw_number(d).serialize(s)
    }

    /// Reads a JSON number or numeric string exactly; `null` or `""` is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        from_raw(&raw)?.ok_or_else(|| D::Error::custom("expected a decimal, found null or an empty string"))
    }
}

/// Written as a JSON string; read from a number or a numeric string.
pub mod string {
    use super::*;

    /// Writes the exact decimal as a JSON string.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    /// As [`number::deserialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        number::deserialize(d)
    }
}

/// Optional; `null` (and an empty string) read as `None`. Use with `#[serde(default)]`.
pub mod option_number {
    use super::*;

    /// Writes a JSON number, or `null` for `None`.
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => raw_number(d).serialize(s),
            None => s.serialize_none(),
        }
    }

    /// Reads a JSON number or numeric string exactly; `null` or `""` reads as `None`.
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

    /// Writes a JSON string, or `null` for `None`.
    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    /// As [`option_number::deserialize`].
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
    fn exact_text_or_an_error() {
        for (text, want) in [
            ("10.00", "10.00"),
            ("-0.5", "-0.5"),
            ("+3", "3"),
            ("1.5e3", "1500"),
            ("15E-1", "1.5"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            ("1.00000000000000000000000000000", "1.0000000000000000000000000000"),
            ("79228162514264337593543950335", "79228162514264337593543950335"),
            (".5", "0.5"),
        ] {
            assert_eq!(parse(text).map(|d| d.to_string()), Ok(want.to_string()), "{text}");
        }
        for bad in [
            "0.00000000000000000000000000001",
            "79228162514264337593543950336",
            "1e-29",
            "1_000",
            "",
            "e5",
            "NaN",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_one() {
        let mut checked = 0;
        for text in [
            "0",
            "-0",
            "00",
            "007.50",
            "10.00",
            "-0.5",
            "123.45",
            "150.0",
            "1",
            "-1",
            "9999999999999999999999999999",
            "0.000000000000000000000000001",
            "1.2345678901234567890123456789",
            "12345678901.12345678",
            "-12345678901234567890.12345678",
            "5.",
            ".5",
            "+3",
            "1e3",
            "--1",
            "1.2.3",
        ] {
            let Some(fast) = parse_plain(text) else { continue };
            let general = parse_general(text).unwrap();
            assert_eq!(
                (fast.to_string(), fast.scale(), fast.is_sign_negative()),
                (general.to_string(), general.scale(), general.is_sign_negative()),
                "{text}"
            );
            checked += 1;
        }
        assert_eq!(checked, 14);
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
            r#"{"amount":0.00000000000000000000000000001,"as_text":"1"}"#,
            r#"{"amount":"1_000","as_text":"1"}"#,
            r#"{"amount":"0x10","as_text":"1"}"#,
            r#"{"amount":"1.2.3","as_text":"1"}"#,
            r#"{"amount":"-","as_text":"1"}"#,
            r#"{"amount":123456789012345678901234567890,"as_text":"1"}"#,
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
