//! Huawei Cloud's SP metadata and the signing certificates in it.
//!
//! Huawei Cloud IAM publishes its SAML service-provider metadata at
//! `https://auth.huaweicloud.com/authui/saml/metadata.xml?unsigned=true`
//! (see [`crate::AuthSite::sp_metadata_url`]). The docs say the partner
//! verifies what Huawei Cloud sends with the public key in that file's
//! `<ds:X509Certificate>`, both the SAMLRequest redirect and the binding
//! notification.

use std::fmt;

use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey as _;
use rsa::signature::Verifier as _;
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPublicKey;
use sha2::{Digest as _, Sha256};
use x509_cert::der::{Decode as _, Encode as _};
use x509_cert::Certificate;

use crate::codec::decode_base64;
use crate::error::{Error, Result};
use crate::limits::{MAX_CERTIFICATE_BYTES, MAX_METADATA_BYTES, MAX_SIGNING_CERTIFICATES, MIN_RSA_BITS};
use crate::sig::SignatureAlgorithm;
use crate::xml::{Node, Ns, XmlReader};

/// OID of `rsaEncryption` (PKCS #1).
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";

/// One SP signing certificate: an X.509 certificate with an RSA key of
/// [`MIN_RSA_BITS`](crate::limits::MIN_RSA_BITS) to
/// [`MAX_RSA_BITS`](crate::limits::MAX_RSA_BITS) bits.
///
/// Only the key is used. The certificate's validity dates, issuer and own
/// signature are not checked: the trust comes from where the metadata was
/// obtained (Huawei Cloud's HTTPS address), as usual for SAML metadata.
#[derive(Clone)]
pub struct SpCertificate {
    der: Vec<u8>,
    key: VerifyingKey<Sha256>,
    bits: usize,
    subject: String,
}

impl SpCertificate {
    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self> {
        if der.len() > MAX_CERTIFICATE_BYTES {
            return Err(Error::TooLarge {
                what: "certificate",
                limit: MAX_CERTIFICATE_BYTES,
                actual: der.len(),
            });
        }
        let cert = Certificate::from_der(der).map_err(|e| Error::InvalidCertificate(e.to_string()))?;
        let spki = &cert.tbs_certificate.subject_public_key_info;
        let oid = spki.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION {
            return Err(Error::UnsupportedKey(format!(
                "key algorithm {oid} is not rsaEncryption"
            )));
        }
        let spki_der = spki.to_der().map_err(|e| Error::InvalidCertificate(e.to_string()))?;
        let key = RsaPublicKey::from_public_key_der(&spki_der).map_err(|e| Error::UnsupportedKey(e.to_string()))?;
        let bits = key.n().bits();
        if bits < MIN_RSA_BITS {
            return Err(Error::WeakKey {
                bits,
                min: MIN_RSA_BITS,
            });
        }
        Ok(Self {
            der: der.to_vec(),
            key: VerifyingKey::new(key),
            bits,
            subject: cert.tbs_certificate.subject.to_string(),
        })
    }

    /// Reads the base64 text of a `<ds:X509Certificate>` element (line breaks allowed).
    pub fn from_base64(text: &str) -> Result<Self> {
        let der = decode_base64("X509Certificate", text.trim(), MAX_CERTIFICATE_BYTES)?;
        Self::from_der(&der)
    }

    /// The certificate, DER-encoded.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The subject name (RFC 4514 form), for logs.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The RSA modulus size in bits.
    pub fn key_bits(&self) -> usize {
        self.bits
    }

    /// SHA-256 of the DER certificate, lower-case hex: for pinning and logs.
    pub fn sha256_fingerprint(&self) -> String {
        Sha256::digest(&self.der).iter().map(|b| format!("{b:02x}")).collect()
    }

    pub(crate) fn verify(&self, alg: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        match alg {
            SignatureAlgorithm::RsaSha256 => Signature::try_from(signature)
                .map(|sig| self.key.verify(message, &sig).is_ok())
                .unwrap_or(false),
        }
    }
}

impl fmt::Debug for SpCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpCertificate")
            .field("subject", &self.subject)
            .field("key_bits", &self.bits)
            .field("sha256", &self.sha256_fingerprint())
            .finish()
    }
}

/// The parts of Huawei Cloud's SP metadata this crate uses: the entity ID and
/// the signing certificates.
///
/// Certificates are read only from
/// `md:EntityDescriptor/md:SPSSODescriptor/md:KeyDescriptor/ds:KeyInfo/ds:X509Data/ds:X509Certificate`
/// where the `KeyDescriptor` has `use="signing"` or no `use`. A certificate
/// anywhere else, notably inside the metadata's own `<ds:Signature>` or in an
/// `IDPSSODescriptor` (the partner's own IdP metadata), is ignored, so
/// passing the wrong file fails with [`Error::NoSigningCertificate`] instead
/// of trusting the wrong key. The metadata's own XML signature is not
/// checked (that needs XML canonicalisation); fetch the file over HTTPS from
/// Huawei Cloud, or use the documented `?unsigned=true` form.
#[derive(Debug, Clone)]
pub struct SpMetadata {
    entity_id: Option<String>,
    certificates: Vec<SpCertificate>,
}

impl SpMetadata {
    /// Parses SP metadata XML (at most
    /// [`MAX_METADATA_BYTES`](crate::limits::MAX_METADATA_BYTES), no DOCTYPE).
    pub fn from_xml(xml: &str) -> Result<Self> {
        const WHAT: &str = "SP metadata";
        let (mut reader, root) = XmlReader::open_root(
            xml,
            WHAT,
            MAX_METADATA_BYTES,
            Ns::Md,
            "EntityDescriptor",
            "{urn:oasis:names:tc:SAML:2.0:metadata}EntityDescriptor",
        )?;
        let entity_id = root.attr("entityID").map(str::to_owned);
        let mut certificates = Vec::new();
        // How many of SPSSODescriptor > KeyDescriptor > KeyInfo > X509Data are open.
        let mut depth = 0usize;
        loop {
            match reader.next()? {
                Node::Open(e) => {
                    let wanted = match depth {
                        0 => e.is(Ns::Md, "SPSSODescriptor"),
                        1 => e.is(Ns::Md, "KeyDescriptor") && matches!(e.attr("use"), None | Some("signing")),
                        2 => e.is(Ns::Ds, "KeyInfo"),
                        3 => e.is(Ns::Ds, "X509Data"),
                        _ => e.is(Ns::Ds, "X509Certificate"),
                    };
                    if !wanted {
                        reader.skip()?;
                    } else if depth == 4 {
                        let text = reader.text()?;
                        if certificates.len() == MAX_SIGNING_CERTIFICATES {
                            return Err(Error::TooManyCertificates {
                                limit: MAX_SIGNING_CERTIFICATES,
                            });
                        }
                        certificates.push(SpCertificate::from_base64(&text)?);
                    } else {
                        depth += 1;
                    }
                }
                Node::Close if depth == 0 => break,
                Node::Close => depth -= 1,
                Node::Text(_) => {}
            }
        }
        reader.finish()?;
        Self::from_certificates(entity_id, certificates)
    }

    /// [`Self::from_xml`] on bytes, which must be UTF-8.
    pub fn from_xml_bytes(xml: &[u8]) -> Result<Self> {
        if xml.len() > MAX_METADATA_BYTES {
            return Err(Error::TooLarge {
                what: "SP metadata",
                limit: MAX_METADATA_BYTES,
                actual: xml.len(),
            });
        }
        let xml = std::str::from_utf8(xml).map_err(|_| Error::InvalidUtf8("SP metadata"))?;
        Self::from_xml(xml.strip_prefix('\u{feff}').unwrap_or(xml))
    }

    /// Metadata made of certificates obtained some other way (pinned in
    /// configuration, say). At least one is required.
    pub fn from_certificates(entity_id: Option<String>, certificates: Vec<SpCertificate>) -> Result<Self> {
        if certificates.is_empty() {
            return Err(Error::NoSigningCertificate);
        }
        if certificates.len() > MAX_SIGNING_CERTIFICATES {
            return Err(Error::TooManyCertificates {
                limit: MAX_SIGNING_CERTIFICATES,
            });
        }
        Ok(Self {
            entity_id,
            certificates,
        })
    }

    /// The `entityID` of the `md:EntityDescriptor`, if present.
    pub fn entity_id(&self) -> Option<&str> {
        self.entity_id.as_deref()
    }

    /// The signing certificates, in document order. A signature is accepted
    /// if any of them verifies it.
    pub fn signing_certificates(&self) -> &[SpCertificate] {
        &self.certificates
    }
}
