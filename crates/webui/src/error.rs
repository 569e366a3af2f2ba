//! The one error type of this crate.

use thiserror::Error;

/// Everything that can go wrong while building a login URL, reading the SP
/// metadata, or checking a SAMLRequest redirect or a binding notification.
///
/// No variant carries a decoded value from an input that failed to verify:
/// a caller that gets an `Err` has nothing to act on by mistake. Where a
/// variant echoes part of the input (an algorithm name, an element name), the
/// echo is cut to 64 characters and escaped.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// An input is larger than the documented limit (see [`crate::limits`]).
    #[error("{what} is too large: {actual} bytes, limit {limit} bytes")]
    TooLarge {
        /// Which input.
        what: &'static str,
        /// The limit in bytes.
        limit: usize,
        /// The size seen (for streams: at least this many bytes).
        actual: usize,
    },
    /// A required query or form parameter is absent.
    #[error("required parameter `{0}` is missing")]
    MissingParameter(&'static str),
    /// A parameter appears more than once, so which value was signed is ambiguous.
    #[error("parameter `{0}` appears more than once")]
    DuplicateParameter(&'static str),
    /// A `%` escape is malformed, or the decoded bytes are not UTF-8.
    #[error("parameter `{0}` is not valid percent-encoded UTF-8")]
    InvalidPercentEncoding(&'static str),
    /// A value that must be base64 is not.
    #[error("{0} is not valid base64")]
    InvalidBase64(&'static str),
    /// `SigAlg` names an algorithm other than RSA-SHA256.
    #[error(
        "unsupported signature algorithm `{0}`: only \
         http://www.w3.org/2001/04/xmldsig-more#rsa-sha256 is accepted"
    )]
    UnsupportedSignatureAlgorithm(String),
    /// The signature does not verify with any signing certificate of the SP metadata.
    #[error("signature does not verify against any signing certificate of the SP metadata")]
    BadSignature,
    /// The (signed) SAMLRequest is not a complete raw DEFLATE stream.
    #[error("SAMLRequest is not a complete raw DEFLATE stream")]
    InvalidDeflate,
    /// Inflating the SAMLRequest would exceed the limit (a decompression bomb).
    #[error("inflated SAMLRequest exceeds {limit} bytes")]
    InflateLimit {
        /// The limit in bytes.
        limit: usize,
    },
    /// Bytes that must be UTF-8 text are not.
    #[error("{0} is not valid UTF-8")]
    InvalidUtf8(&'static str),
    /// XML that is not well-formed, or not of the expected shape.
    #[error("malformed XML in {what}: {reason}")]
    Xml {
        /// Which document.
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The XML has a DOCTYPE; refused outright, so no entity can be declared
    /// (no billion-laughs expansion, no external entities).
    #[error("{0} contains a DOCTYPE declaration, which is refused")]
    XmlDoctype(&'static str),
    /// The XML nests elements deeper than [`crate::limits::MAX_XML_DEPTH`].
    #[error("{what} nests elements deeper than {limit} levels")]
    XmlTooDeep {
        /// Which document.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The XML has more elements than [`crate::limits::MAX_XML_ELEMENTS`].
    #[error("{what} has more than {limit} elements")]
    XmlTooManyElements {
        /// Which document.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The XML's root element is not the expected one.
    #[error("{what}: expected root element {expected}, found `{found}`")]
    UnexpectedRoot {
        /// Which document.
        what: &'static str,
        /// The expected `{namespace}local` name.
        expected: &'static str,
        /// What was found (cut and escaped).
        found: String,
    },
    /// A required XML attribute is absent.
    #[error("{element} lacks required attribute `{attribute}`")]
    MissingAttribute {
        /// The element.
        element: &'static str,
        /// The attribute.
        attribute: &'static str,
    },
    /// The (signed) bindRequest is not the documented JSON object.
    #[error("bindRequest JSON is invalid: {0}")]
    InvalidJson(String),
    /// The SP metadata has no usable signing certificate.
    #[error(
        "SP metadata has no signing certificate \
         (md:SPSSODescriptor/md:KeyDescriptor/ds:KeyInfo/ds:X509Data/ds:X509Certificate)"
    )]
    NoSigningCertificate,
    /// The SP metadata lists more signing certificates than
    /// [`crate::limits::MAX_SIGNING_CERTIFICATES`].
    #[error("SP metadata has more than {limit} signing certificates")]
    TooManyCertificates {
        /// The limit.
        limit: usize,
    },
    /// A certificate is not a DER X.509 certificate.
    #[error("invalid X.509 certificate: {0}")]
    InvalidCertificate(String),
    /// The certificate's public key is not an RSA key this crate accepts.
    #[error("unsupported certificate public key: {0}")]
    UnsupportedKey(String),
    /// The certificate's RSA key is shorter than [`crate::limits::MIN_RSA_BITS`].
    #[error("RSA key of {bits} bits is below the minimum of {min} bits")]
    WeakKey {
        /// The key size found.
        bits: usize,
        /// The minimum.
        min: usize,
    },
    /// A login URL parameter is empty, too long, or malformed.
    #[error("invalid login parameter `{name}`: {reason}")]
    InvalidLoginParameter {
        /// `xAccountType`, `service` or `site`.
        name: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A short, escaped echo of untrusted text for error messages.
pub(crate) fn excerpt(s: &str) -> String {
    const MAX: usize = 64;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpt_cuts_and_escapes() {
        assert_eq!(excerpt("a\nb"), "a\\nb");
        let long = "x".repeat(100);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), 65);
        assert!(e.ends_with('…'));
    }
}
