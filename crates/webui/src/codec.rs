//! Strict decoding of untrusted text: query/form parameters, percent
//! escapes, base64, raw DEFLATE.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use flate2::{Decompress, FlushDecompress, Status};

use crate::error::{Error, Result};

/// Standard alphabet; padding optional; no trailing bits.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The raw (still percent-encoded) values of the named parameters of a
/// `a=b&c=d` string. Unknown names are skipped; a known name seen twice is an
/// error. Names are compared exactly, as sent.
pub(crate) fn raw_params<'a, const N: usize>(input: &'a str, names: [&'static str; N]) -> Result<[Option<&'a str>; N]> {
    let mut out = [None; N];
    for pair in input.split('&') {
        if pair.is_empty() {
            continue;
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if let Some(i) = names.iter().position(|n| *n == name) {
            if out[i].is_some() {
                return Err(Error::DuplicateParameter(names[i]));
            }
            out[i] = Some(value);
        }
    }
    Ok(out)
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a space,
/// `%XX` a byte; a malformed escape or non-UTF-8 result is an error.
pub(crate) fn decode_component(what: &'static str, raw: &str) -> Result<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
                    _ => return Err(Error::InvalidPercentEncoding(what)),
                }
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| Error::InvalidPercentEncoding(what))
}

/// Normalises a base64 text received through a form or query: a space can
/// only be a `+` that was not percent-encoded on the way (form decoding turned
/// it into a space), so it is turned back. Line breaks are left for
/// [`decode_base64`] to skip.
pub(crate) fn restore_plus(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(' ') {
        s.replace(' ', "+").into()
    } else {
        s.into()
    }
}

/// Decodes standard base64 (padding optional, CR/LF/tab ignored, a space read
/// as `+`), refusing before any work if the result could exceed `max` bytes.
pub(crate) fn decode_base64(what: &'static str, s: &str, max: usize) -> Result<Vec<u8>> {
    // 4 characters carry 3 bytes; allow the slack of one group.
    let max_chars = max.div_ceil(3) * 4 + 4;
    let mut clean = Vec::with_capacity(s.len().min(max_chars + 1));
    for &b in s.as_bytes() {
        match b {
            b'\r' | b'\n' | b'\t' => {}
            b' ' => clean.push(b'+'),
            _ => clean.push(b),
        }
        if clean.len() > max_chars {
            return Err(Error::TooLarge {
                what,
                limit: max,
                actual: s.len() / 4 * 3,
            });
        }
    }
    let out = B64.decode(&clean).map_err(|_| Error::InvalidBase64(what))?;
    if out.len() > max {
        return Err(Error::TooLarge {
            what,
            limit: max,
            actual: out.len(),
        });
    }
    Ok(out)
}

/// Inflates a raw DEFLATE stream (RFC 1951, no zlib header), as the SAML
/// HTTP-Redirect binding uses. The stream must end properly and be followed
/// by nothing; at most `limit` bytes are ever produced.
pub(crate) fn inflate_raw(input: &[u8], limit: usize) -> Result<Vec<u8>> {
    let mut d = Decompress::new(false);
    // Start small; grow geometrically up to one byte past the limit.
    let mut out: Vec<u8> = Vec::with_capacity((input.len() * 4).clamp(256, limit + 1));
    loop {
        if out.len() == out.capacity() {
            if out.len() > limit {
                return Err(Error::InflateLimit { limit });
            }
            let grow = out.capacity().min(limit + 1 - out.len()).max(1);
            out.reserve_exact(grow);
        }
        let consumed = d.total_in() as usize;
        let before = (d.total_in(), d.total_out());
        let status = d
            .decompress_vec(&input[consumed..], &mut out, FlushDecompress::None)
            .map_err(|_| Error::InvalidDeflate)?;
        if out.len() > limit {
            return Err(Error::InflateLimit { limit });
        }
        match status {
            Status::StreamEnd => break,
            Status::Ok | Status::BufError => {
                let stalled = (d.total_in(), d.total_out()) == before;
                let room_left = out.len() < out.capacity();
                if stalled && room_left {
                    // No progress although there is room: the input ended early.
                    return Err(Error::InvalidDeflate);
                }
            }
        }
    }
    if d.total_in() as usize != input.len() {
        return Err(Error::InvalidDeflate);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn raw_params_picks_known_names_and_refuses_duplicates() {
        let [a, b] = raw_params("x=1&a=%41&&b&zz=9", ["a", "b"]).unwrap();
        assert_eq!(a, Some("%41"));
        assert_eq!(b, Some(""));
        assert_eq!(raw_params("a=1&a=2", ["a"]), Err(Error::DuplicateParameter("a")));
    }

    #[test]
    fn decode_component_is_strict() {
        assert_eq!(decode_component("p", "a+b%2Bc%3d").unwrap(), "a b+c=");
        assert_eq!(decode_component("p", "%zz"), Err(Error::InvalidPercentEncoding("p")));
        assert_eq!(decode_component("p", "%4"), Err(Error::InvalidPercentEncoding("p")));
        assert_eq!(decode_component("p", "%ff"), Err(Error::InvalidPercentEncoding("p")));
        assert_eq!(decode_component("p", "%E4%B8%AD").unwrap(), "中");
    }

    #[test]
    fn base64_tolerates_padding_lines_and_spaces_but_not_garbage() {
        assert_eq!(decode_base64("v", "aGk=", 10).unwrap(), b"hi");
        assert_eq!(decode_base64("v", "aGk", 10).unwrap(), b"hi");
        assert_eq!(decode_base64("v", "aG\r\nk=", 10).unwrap(), b"hi");
        assert_eq!(
            decode_base64("v", "+/8=", 10).unwrap(),
            decode_base64("v", " /8=", 10).unwrap()
        );
        assert_eq!(decode_base64("v", "a", 10), Err(Error::InvalidBase64("v")));
        assert_eq!(decode_base64("v", "aG!k", 10), Err(Error::InvalidBase64("v")));
        assert!(matches!(
            decode_base64("v", &"A".repeat(100), 10),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn inflate_round_trips_and_bounds() {
        let data = b"<x>hello</x>".repeat(100);
        assert_eq!(inflate_raw(&deflate(&data), 10_000).unwrap(), data);
        assert_eq!(
            inflate_raw(&deflate(&data), 1199),
            Err(Error::InflateLimit { limit: 1199 })
        );
        assert_eq!(inflate_raw(&deflate(&data), 1200).unwrap().len(), 1200);
    }

    #[test]
    fn inflate_refuses_truncated_trailing_and_garbage() {
        let z = deflate(&b"abcdefgh".repeat(50));
        assert_eq!(inflate_raw(&z[..z.len() - 2], 10_000), Err(Error::InvalidDeflate));
        let mut trailing = z.clone();
        trailing.push(0);
        assert_eq!(inflate_raw(&trailing, 10_000), Err(Error::InvalidDeflate));
        assert_eq!(inflate_raw(&[0xff, 0xff, 0xff], 10_000), Err(Error::InvalidDeflate));
        assert_eq!(inflate_raw(&[], 10_000), Err(Error::InvalidDeflate));
    }
}
