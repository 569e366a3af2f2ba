//! The `SigAlg` algorithm and RSA signature verification.

use std::fmt;
use std::str::FromStr;

use crate::error::{excerpt, Error, Result};

/// `SigAlg` URI of RSASSA-PKCS1-v1_5 with SHA-256 (RFC 4051), the algorithm
/// the Huawei Cloud docs name for both the SAMLRequest redirect and the
/// binding notification.
pub const RSA_SHA256_URI: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

/// A signature algorithm accepted in `SigAlg`.
///
/// Only RSA-SHA256 exists: anything else, notably RSA-SHA1
/// (`http://www.w3.org/2000/09/xmldsig#rsa-sha1`), is refused with
/// [`Error::UnsupportedSignatureAlgorithm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RsaSha256,
}

impl SignatureAlgorithm {
    /// Reads a `SigAlg` value (already percent-decoded).
    ///
    /// The URI must match exactly, as algorithm identifiers do in XML
    /// Signature. (The Huawei Cloud docs print it in upper case,
    /// `HTTP://WWW.W3.ORG/2001/04/XMLDSIG-MORE#RSA-SHA256`, but that page
    /// upper-cases every example, its base64 too, which then no longer
    /// decodes: a display artefact, not what is sent.) In a binding
    /// notification `SigAlg` is not covered by the signature, so accepting
    /// one spelling only also means no byte of it can be altered unnoticed.
    pub fn from_uri(uri: &str) -> Result<Self> {
        if uri.len() > crate::limits::MAX_SIG_ALG_BYTES {
            return Err(Error::TooLarge {
                what: "SigAlg",
                limit: crate::limits::MAX_SIG_ALG_BYTES,
                actual: uri.len(),
            });
        }
        if uri == RSA_SHA256_URI {
            Ok(Self::RsaSha256)
        } else {
            Err(Error::UnsupportedSignatureAlgorithm(excerpt(uri)))
        }
    }

    /// The canonical URI.
    pub fn uri(self) -> &'static str {
        match self {
            Self::RsaSha256 => RSA_SHA256_URI,
        }
    }
}

impl FromStr for SignatureAlgorithm {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::from_uri(s)
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.uri())
    }
}

/// Checks `signature` over `message` against every signing certificate;
/// one match is enough (metadata may list a new and an old key during a
/// rollover).
pub(crate) fn verify_any(
    certs: &[crate::metadata::SpCertificate],
    alg: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<()> {
    if certs.iter().any(|c| c.verify(alg, message, signature)) {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_alg_accepts_exactly_rsa_sha256() {
        assert_eq!(
            SignatureAlgorithm::from_uri(RSA_SHA256_URI),
            Ok(SignatureAlgorithm::RsaSha256)
        );
        assert_eq!(
            RSA_SHA256_URI.parse::<SignatureAlgorithm>(),
            Ok(SignatureAlgorithm::RsaSha256)
        );
        for bad in [
            "HTTP://WWW.W3.ORG/2001/04/XMLDSIG-MORE#RSA-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-SHA256",
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            " http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "rsa-sha256",
            "",
        ] {
            assert!(
                matches!(
                    SignatureAlgorithm::from_uri(bad),
                    Err(Error::UnsupportedSignatureAlgorithm(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            SignatureAlgorithm::from_uri(&"x".repeat(300)),
            Err(Error::TooLarge { what: "SigAlg", .. })
        ));
        assert_eq!(SignatureAlgorithm::RsaSha256.to_string(), RSA_SHA256_URI);
    }
}
