//! Typed values of the wire: open enums for documented value lists, and times in the exact
//! formats BSS accepts.
//!
//! These are the building blocks of the typed surface: the generator declares one open enum per
//! documented value table with [`open_enum!`](crate::open_enum), so the code it emits per enum is a
//! list of variants, and everything else (serde, display, conversions) is shared here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value type with named, documented values and a variant that keeps any other value as sent,
/// so that a value the docs do not list (or one added later) never breaks decoding and is
/// written back unchanged.
pub trait OpenEnum: Sized + Clone {
    /// The wire type (`i32`, `i64` or `String`).
    type Raw;
    /// The variant for a wire value (the catch-all variant for values without a name).
    fn from_raw(raw: Self::Raw) -> Self;
    /// The wire value.
    fn to_raw(&self) -> Self::Raw;
    /// Whether the value is one the docs name.
    fn is_documented(&self) -> bool;
}

/// Declares an open enum: named variants with their wire values, plus a catch-all variant that
/// keeps any other value.
///
/// ```
/// huaweicloud_bss_core::open_enum! {
///     /// Status of an order.
///     pub enum OrderStatus: i32 {
///         /// Waiting for payment.
///         PendingPayment = 6,
///         /// Completed.
///         Completed = 5,
///     }
///     /// A status the docs do not list, as sent.
///     Unlisted
/// }
/// let s: OrderStatus = serde_json::from_str("6").unwrap();
/// assert_eq!(s, OrderStatus::PendingPayment);
/// let other: OrderStatus = serde_json::from_str("99").unwrap();
/// assert_eq!(other, OrderStatus::Unlisted(99));
/// assert_eq!(serde_json::to_string(&other).unwrap(), "99");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : String {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
        $(#[$ometa:meta])*
        $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            $(#[$ometa])*
            $other(String),
        }

        impl $crate::values::OpenEnum for $name {
            type Raw = String;
            fn from_raw(raw: String) -> Self {
                match raw.as_str() {
                    $( $value => Self::$variant, )+
                    _ => Self::$other(raw),
                }
            }
            fn to_raw(&self) -> String {
                self.as_str().to_string()
            }
            fn is_documented(&self) -> bool {
                !matches!(self, Self::$other(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(raw: &str) -> Self {
                $crate::values::OpenEnum::from_raw(raw.to_string())
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(raw: String) -> Self {
                $crate::values::OpenEnum::from_raw(raw)
            }
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::$other(raw) => raw,
                }
            }

            /// The variant's name, for people (`PendingPayment`); the catch-all's for a value
            /// the docs do not list.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Self::$variant => stringify!($variant), )+
                    Self::$other(_) => stringify!($other),
                }
            }
        }

        $crate::__open_enum_common!($name);
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $raw:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
        $(#[$ometa:meta])*
        $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            $(#[$ometa])*
            $other($raw),
        }

        impl $crate::values::OpenEnum for $name {
            type Raw = $raw;
            fn from_raw(raw: $raw) -> Self {
                match raw {
                    $( $value => Self::$variant, )+
                    _ => Self::$other(raw),
                }
            }
            fn to_raw(&self) -> $raw {
                match *self {
                    $( Self::$variant => $value, )+
                    Self::$other(raw) => raw,
                }
            }
            fn is_documented(&self) -> bool {
                !matches!(self, Self::$other(_))
            }
        }

        impl $name {
            /// The variant's name, for people (`PendingPayment`); the catch-all's for a value
            /// the docs do not list.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Self::$variant => stringify!($variant), )+
                    Self::$other(_) => stringify!($other),
                }
            }
        }

        impl ::std::convert::From<$raw> for $name {
            fn from(raw: $raw) -> Self {
                $crate::values::OpenEnum::from_raw(raw)
            }
        }

        $crate::__open_enum_common!($name);
    };
}

/// Makes a two-valued open enum a switch: `From<bool>` (so a setter taking `impl Into<E>`
/// accepts `true`) and `as_bool`.
///
/// ```
/// huaweicloud_bss_core::open_enum! {
///     /// Whether to apply coupons.
///     pub enum UseCoupon: String {
///         /// Apply them.
///         Yes = "YES",
///         /// Do not.
///         No = "NO",
///     }
///     /// A value the docs do not list, as sent.
///     Unlisted
/// }
/// huaweicloud_bss_core::open_flag!(UseCoupon, true = Yes, false = No);
/// assert_eq!(UseCoupon::from(false), UseCoupon::No);
/// assert_eq!(serde_json::to_string(&UseCoupon::from(true)).unwrap(), "\"YES\"");
/// assert_eq!(UseCoupon::from("maybe").as_bool(), None);
/// ```
#[macro_export]
macro_rules! open_flag {
    ($name:ident, true = $yes:ident, false = $no:ident) => {
        impl ::std::convert::From<bool> for $name {
            fn from(value: bool) -> Self {
                if value {
                    Self::$yes
                } else {
                    Self::$no
                }
            }
        }

        impl $name {
            /// `true` or `false` for the two documented values, `None` for any other.
            pub fn as_bool(&self) -> Option<bool> {
                match self {
                    Self::$yes => Some(true),
                    Self::$no => Some(false),
                    _ => None,
                }
            }
        }
    };
}

/// The impls every open enum shares; they call the generic helpers below.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum_common {
    ($name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::values::serialize_open(self, s)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::values::deserialize_open(d)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$crate::values::OpenEnum::to_raw(self), f)
            }
        }

        impl $crate::QueryValue for $name {
            fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_string(), self.to_string()));
            }
        }
    };
}

/// Serializes an open enum as its wire value.
pub fn serialize_open<T, S>(value: &T, s: S) -> Result<S::Ok, S::Error>
where
    T: OpenEnum,
    T::Raw: Serialize,
    S: Serializer,
{
    value.to_raw().serialize(s)
}

/// Reads an open enum from its wire value; any value of the wire type is accepted.
pub fn deserialize_open<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: OpenEnum,
    T::Raw: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::Raw::deserialize(d).map(T::from_raw)
}

/// A time could not be read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    text: String,
    expected: &'static str,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a time of the form {}", self.text, self.expected)
    }
}

impl std::error::Error for TimeError {}

/// An instant, written as BSS requires: UTC, whole seconds, `YYYY-MM-DDThh:mm:ssZ` (BSS rejects
/// milliseconds). Read from that form, with or without fractions or an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(time::OffsetDateTime);

const TIMESTAMP: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

impl Timestamp {
    /// The instant, truncated to whole seconds and moved to UTC.
    pub fn new(at: time::OffsetDateTime) -> Self {
        let utc = at.to_offset(time::UtcOffset::UTC);
        Timestamp(utc.replace_nanosecond(0).expect("0 ns is valid"))
    }

    /// From seconds since the Unix epoch, if in range.
    pub fn from_unix(seconds: i64) -> Option<Self> {
        time::OffsetDateTime::from_unix_timestamp(seconds).ok().map(Timestamp)
    }

    /// The instant.
    pub fn get(&self) -> time::OffsetDateTime {
        self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.format(TIMESTAMP).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl FromStr for Timestamp {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, TimeError> {
        time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339)
            .map(Timestamp::new)
            .map_err(|_| TimeError {
                text: s.to_string(),
                expected: "YYYY-MM-DDThh:mm:ssZ",
            })
    }
}

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(DATE).map_err(|_| fmt::Error)?)
    }
}

impl FromStr for Date {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, TimeError> {
        time::Date::parse(s.trim(), DATE).map(Date).map_err(|_| TimeError {
            text: s.to_string(),
            expected: "YYYY-MM-DD",
        })
    }
}

/// A month, `YYYY-MM` (bill cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: time::Month,
}

impl YearMonth {
    /// The month `month` of `year`, if the year has four digits.
    pub fn new(year: i32, month: time::Month) -> Option<Self> {
        (1000..=9999).contains(&year).then_some(YearMonth { year, month })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month.
    pub fn month(&self) -> time::Month {
        self.month
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, u8::from(self.month))
    }
}

impl FromStr for YearMonth {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, TimeError> {
        let err = || TimeError {
            text: s.to_string(),
            expected: "YYYY-MM",
        };
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let month = time::Month::try_from(m.parse::<u8>().map_err(|_| err())?).map_err(|_| err())?;
        YearMonth::new(y.parse().map_err(|_| err())?, month).ok_or_else(err)
    }
}

macro_rules! text_value {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl crate::QueryValue for $t {
            fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_string(), self.to_string()));
            }
        }
    )*};
}
text_value!(Timestamp, Date, YearMonth);

#[cfg(test)]
mod tests {
    use super::*;

    crate::open_enum! {
        /// Test.
        pub enum Kind: String {
            /// A.
            Alpha = "ALPHA",
            /// B.
            Beta = "BETA",
        }
        /// Other.
        Unlisted
    }

    #[test]
    fn unknown_values_decode_and_round_trip() {
        let k: Kind = serde_json::from_str(r#""BETA""#).unwrap();
        assert_eq!(k, Kind::Beta);
        let k: Kind = serde_json::from_str(r#""GAMMA""#).unwrap();
        assert_eq!(k, Kind::Unlisted("GAMMA".into()));
        assert!(!k.is_documented());
        assert_eq!(serde_json::to_string(&k).unwrap(), r#""GAMMA""#);
        assert_eq!(Kind::Alpha.to_string(), "ALPHA");
        assert_eq!((Kind::Alpha.name(), k.name()), ("Alpha", "Unlisted"));
    }

    crate::open_enum! {
        /// Test.
        pub enum Switch: i32 {
            /// On.
            On = 1,
            /// Off.
            Off = 0,
        }
        /// Other.
        Unlisted
    }
    crate::open_flag!(Switch, true = On, false = Off);

    #[test]
    fn integer_flags_convert_from_bool_and_keep_other_values() {
        assert_eq!(Switch::from(true), Switch::On);
        assert_eq!(serde_json::to_string(&Switch::from(false)).unwrap(), "0");
        let other: Switch = serde_json::from_str("7").unwrap();
        assert_eq!((other, other.as_bool()), (Switch::Unlisted(7), None));
        assert_eq!(serde_json::to_string(&other).unwrap(), "7");
        assert_eq!(Switch::from(1).as_bool(), Some(true));
        let mut q = Vec::new();
        crate::QueryValue::push_to(&Switch::On, "flag", &mut q);
        assert_eq!(q, [("flag".to_string(), "1".to_string())]);
        assert_eq!(Kind::from("ALPHA"), Kind::Alpha);
        assert_eq!((Switch::On.name(), Switch::Unlisted(7).name()), ("On", "Unlisted"));
    }

    #[test]
    fn times_use_the_exact_wire_forms() {
        let t: Timestamp = "2026-12-03T08:15:30.123+08:00".parse().unwrap();
        assert_eq!(t.to_string(), "2026-12-03T00:15:30Z", "UTC, no milliseconds");
        assert_eq!("2026-12-03".parse::<Date>().unwrap().to_string(), "2026-12-03");
        assert_eq!("2026-02".parse::<YearMonth>().unwrap().to_string(), "2026-02");
        for bad in ["2026-2", "26-02", "2026-13", "2026/02", "2026-02-01"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
        assert!("yesterday".parse::<Timestamp>().is_err());
        let mut q = Vec::new();
        crate::QueryValue::push_to(&t, "begin_time", &mut q);
        assert_eq!(q, [("begin_time".to_string(), "2026-12-03T00:15:30Z".to_string())]);
    }
}
