//! The service's error envelope (`error_code` / `error_msg`), found by reading the body as
//! JSON: in error statuses, and inside 2xx bodies where BSS reports business failures.
//!
//! The probe reads the top-level object's keys as JSON (escapes such as `"\u0065rror_code"`
//! decode to the key they spell), accepts every spelling the service uses (`error_code`,
//! `errorCode`; `error_msg`, `errorMsg`, `error_message`) and every type of value, and fails
//! closed: any code other than the success code `CBC.0000`, in any occurrence of any spelling,
//! makes the answer an error, even when the rest of the body is malformed.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The success code that v1.0 operations put in successful bodies.
pub(crate) const SUCCESS_CODE: &str = "CBC.0000";

/// An error code and message found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub code: String,
    pub message: String,
}

/// What the probe found.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    /// The first code other than the success code, with the message found anywhere at the
    /// top level.
    pub error: Option<Envelope>,
    /// The body is not a well-formed JSON object.
    pub malformed: bool,
}

/// Reads `body` for an error code. Cheap for ordinary successes: a body in which no key can
/// spell an error-code key (no `error_code`, no `errorCode`, no `\u` escape) is not parsed.
pub(crate) fn probe(body: &[u8]) -> Probe {
    if !could_hold_code(body) {
        return Probe::default();
    }
    let mut state = State::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = TopLevel(&mut state).deserialize(&mut de).and_then(|()| de.end());
    let error = state.code.map(|code| Envelope {
        code,
        message: state.message.unwrap_or_default(),
    });
    Probe {
        error,
        malformed: parsed.is_err(),
    }
}

/// Whether some key of `body` could spell an error-code key: it holds `error_code` or
/// `errorCode` (their tails), or a `\u` escape that could spell any key.
pub(crate) fn could_hold_code(body: &[u8]) -> bool {
    memchr::memmem::find(body, b"rror_code").is_some()
        || memchr::memmem::find(body, b"rrorCode").is_some()
        || memchr::memmem::find(body, b"\\u").is_some()
}

#[derive(Default)]
struct State {
    code: Option<String>,
    message: Option<String>,
}

enum Key {
    Code,
    Message,
    Other,
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "error_code" | "errorCode" => Key::Code,
                    "error_msg" | "errorMsg" | "error_message" => Key::Message,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A value of any type as text: a string's content, or the JSON text of anything else;
/// `None` for `null`.
fn text_of(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    if text == "null" {
        return None;
    }
    match serde_json::from_str::<String>(text) {
        Ok(s) => Some(s),
        Err(_) => Some(text.to_string()),
    }
}

struct TopLevel<'a>(&'a mut State);

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Code => {
                    let raw: Box<RawValue> = map.next_value()?;
                    if let Some(code) = text_of(&raw) {
                        if self.0.code.is_none() && !code.trim().is_empty() && code != SUCCESS_CODE {
                            self.0.code = Some(code);
                        }
                    }
                }
                Key::Message => {
                    let raw: Box<RawValue> = map.next_value()?;
                    if self.0.message.is_none() {
                        self.0.message = text_of(&raw);
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> Option<(String, String)> {
        probe(body.as_bytes()).error.map(|e| (e.code, e.message))
    }

    #[test]
    fn every_spelling_and_type_is_an_error() {
        let cases = [
            (
                r#"{"error_code":"CBC.99005003","error_msg":5003}"#,
                "CBC.99005003",
                "5003",
            ),
            (r#"{"error_code":"CBC.1","error_msg":{"a":1}}"#, "CBC.1", r#"{"a":1}"#),
            (r#"{"error_code":"CBC.1","error_msg":["x"]}"#, "CBC.1", r#"["x"]"#),
            (r#"{"error_code":99005003,"error_msg":"m"}"#, "99005003", "m"),
            (
                r#"{"error_code":"CBC.0000","error_code":"CBC.2","error_msg":"m"}"#,
                "CBC.2",
                "m",
            ),
            (r#"{"error_code":"CBC.3","error_code":"CBC.0000"}"#, "CBC.3", ""),
            (
                r#"{"error_code":"CBC.0000","errorCode":"CBC.4","error_msg":"m"}"#,
                "CBC.4",
                "m",
            ),
            (
                r#"{"errorCode":"CBC.5","error_message":"m","error_msg":"n"}"#,
                "CBC.5",
                "m",
            ),
            (r#"{"\u0065rror_code":"CBC.6","error_msg":"m"}"#, "CBC.6", "m"),
            (r#"{"e\u0072ror\u005fcode":"CBC.7"}"#, "CBC.7", ""),
            (r#"{"order_id":"x","error_code":"CBC.8","data":[1,2,"#, "CBC.8", ""),
        ];
        for (body, want_code, want_msg) in cases {
            assert_eq!(code(body), Some((want_code.into(), want_msg.into())), "{body}");
        }
    }

    #[test]
    fn successes_and_nested_codes_are_not_errors() {
        for body in [
            r#"{"error_code":"CBC.0000","error_msg":"success"}"#,
            r#"{"items":[{"error_code":"CBC.1"}]}"#,
            r#"{"error_code":null}"#,
            r#"{"error_code":""}"#,
            r#"{"order_id":"x"}"#,
            "",
            "[]",
        ] {
            assert_eq!(code(body), None, "{body}");
        }
        assert!(probe(br#"{"error_code":"CBC.1""#).malformed);
        assert!(!probe(br#"{"error_code":"CBC.0000"}"#).malformed);
    }
}
