//! Test support: a stand-in for Huawei Cloud's side of the Web UI flow.
//!
//! It generates an RSA-2048 key and a self-signed certificate at run time
//! (once per process; nothing private is checked in), publishes them as SP
//! metadata shaped like Huawei Cloud's, and signs SAMLRequest redirects and
//! binding notifications the way the docs describe. Shared by the
//! integration tests and by `examples/binding_callback.rs`.
#![allow(dead_code)]

use std::io::Write as _;
use std::str::FromStr as _;
use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine as _;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::RsaPrivateKey;
use sha2::Sha256;
use x509_cert::builder::{Builder as _, CertificateBuilder, Profile};
use x509_cert::der::Encode as _;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::Validity;

pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const RSA_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";

/// The example SAMLRequest of the developer guide's appendix
/// "解出SAMLRequest的代码示例" (appendix_00002), as printed (URL-encoded).
pub const DOC_SAML_REQUEST: &str = "hZJBb9swDIX%2Fiqa77dho0kyIU2QNigboNq9xd9hlkGWm1ipLsSjF7b%2Bv7KRbhwHZlSK%2FR73HxdVzq8gBLEqjc5rGE0pAC1NL%2FZjTh%2FImmtOr5QJ5q7I9W3nX6HvoPKAjYVAjO77k1FvNDEeJTPMWkDnBtqvPdyyLJ2xvjTPCKEpWiGBdkLo2Gn0Ldgv2IAU83N%2FltHFujyxJeFCJG897kEIZX8fCtGPRy2SQSwbwPyRK1mErqbkbfzLAAqvpXajG07SHauT4MJaEhWovXDLiEwHaefuSgMAPyjxKfdvHXAwYSm6MFTB%2BO6c7rhAo2axz%2BtM12ZOqZ7rreDdT1aHqU9F1T5Wqs%2FYSm19TefkcWrHgiPIAf4YRPWw0Oq5dTrNJOo%2FSNMpm5eQjS1M2nccXF7MflBQnyz5JfYzinL%2FVsQnZbVkWUfF1W1Ly%2FS3S0EBPAbJR3b5P7jyYv5lMl2fDWSTv%2Bb%2FP5UsAbtaFUVK8kJVSpr%2B2wF1ww1kPo7ktd%2BdXGCqyjnZjK3OWa5QhL0q2xYD%2F5rmSOwn2P%2BdDk%2BVpyb%2BvePkK";

/// The example `bindRequest` of "绑定通知接口说明" exactly as the page prints
/// it: the page shows examples in upper case, so the base64 lost its case.
pub const DOC_BIND_REQUEST_AS_PRINTED: &str =
    "EYJKB21HAW5OYW1LIJOIEW9UZ3POASISIMRVBWFPBKLKIJOIEW9UZ3POAWLKIIWIEFVZZXJJZCI6INLVBMD6AGL4IIWIYMLUZEFJDGLVBII6MX0%3D";

/// The only JSON whose base64 prints as [`DOC_BIND_REQUEST_AS_PRINTED`]
/// (each 4-character group has one case variant that decodes to JSON text).
pub const DOC_BIND_REQUEST_JSON: &str =
    r#"{"domainName":"yongzhi","domainId":"yongzhiid","xUserId":"yongzhix","bindAction":1}"#;

/// The example `SigAlg` of "绑定通知接口说明", as printed (upper case).
pub const DOC_SIG_ALG_AS_PRINTED: &str = "HTTP://WWW.W3.ORG/2001/04/XMLDSIG-MORE#RSA-SHA256";

/// A Huawei-Cloud-shaped AuthnRequest (same attributes as the docs' example).
pub const AUTHN_REQUEST_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" AssertionConsumerServiceURL="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer" Destination="https://idp.partner.example/saml/login" ForceAuthn="false" ID="_test0123456789abcdef" IsPassive="false" IssueInstant="2024-05-06T07:08:09.123Z" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">https://auth.huaweicloud.com/</saml2:Issuer><saml2p:NameIDPolicy AllowCreate="true" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" SPNameQualifier="https://auth.huaweicloud.com/"/></saml2p:AuthnRequest>"#;

/// One signer: key, certificate and the SP metadata that publishes it.
pub struct TestSp {
    pub key: SigningKey<Sha256>,
    pub cert_der: Vec<u8>,
    pub metadata_xml: String,
}

fn make_sp(cn: &str) -> TestSp {
    let mut rng = rand::thread_rng();
    let private = RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation");
    let key = SigningKey::<Sha256>::new(private.clone());
    let cert_der = self_signed_cert(&key, &private, cn);
    let metadata_xml = sp_metadata_xml(&[&cert_der]);
    TestSp {
        key,
        cert_der,
        metadata_xml,
    }
}

/// The SP (Huawei Cloud stand-in) of this process.
pub fn sp() -> &'static TestSp {
    static SP: OnceLock<TestSp> = OnceLock::new();
    SP.get_or_init(|| make_sp("auth.huaweicloud.test"))
}

/// A second, unrelated key: signatures by it must not verify against [`sp`].
pub fn other_sp() -> &'static TestSp {
    static OTHER: OnceLock<TestSp> = OnceLock::new();
    OTHER.get_or_init(|| make_sp("attacker.test"))
}

fn self_signed_cert(key: &SigningKey<Sha256>, private: &RsaPrivateKey, cn: &str) -> Vec<u8> {
    let spki = SubjectPublicKeyInfoOwned::from_key(private.to_public_key()).expect("SPKI");
    let subject = Name::from_str(&format!("CN={cn},O=huaweicloud-bss-webui tests")).expect("name");
    let validity = Validity::from_now(Duration::from_secs(365 * 24 * 3600)).expect("validity");
    let builder = CertificateBuilder::new(Profile::Root, SerialNumber::from(7u32), validity, subject, spki, key)
        .expect("certificate builder");
    let cert = builder.build::<rsa::pkcs1v15::Signature>().expect("certificate");
    cert.to_der().expect("DER")
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Base64 wrapped at 64 columns, as in PEM and most metadata files.
pub fn b64_wrapped(bytes: &[u8]) -> String {
    let text = b64(bytes);
    text.as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// SP metadata shaped like Huawei Cloud IAM's: one signing `KeyDescriptor`
/// per certificate inside `md:SPSSODescriptor`.
pub fn sp_metadata_xml(certs: &[&[u8]]) -> String {
    let mut keys = String::new();
    for der in certs {
        keys.push_str(&format!(
            r#"
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>
{}
          </ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>"#,
            b64_wrapped(der)
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://auth.huaweicloud.com/">
  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{keys}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://auth.huaweicloud.com/authui/saml/SAMLAssertionConsumer" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"#
    )
}

/// RSASSA-PKCS1-v1_5 / SHA-256.
pub fn sign(sp: &TestSp, message: &[u8]) -> Vec<u8> {
    sp.key.sign(message).to_vec()
}

/// `application/x-www-form-urlencoded` / Java `URLEncoder` encoding of one
/// value: `A-Z a-z 0-9 - _ . *` stay, space is `+`, the rest `%XX`.
pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Raw DEFLATE, base64: a SAMLRequest before URL encoding.
pub fn deflate_b64(xml: &[u8]) -> String {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(xml).unwrap();
    b64(&e.finish().unwrap())
}

/// A signed redirect query from already URL-encoded values, signing
/// `SAMLRequest=..&RelayState=..&SigAlg=..` (SAML Bindings §3.4.4.1).
pub fn signed_redirect_query(sp: &TestSp, request_enc: &str, relay_enc: Option<&str>, sig_alg: &str) -> String {
    let mut signed = format!("SAMLRequest={request_enc}");
    if let Some(relay) = relay_enc {
        signed.push_str(&format!("&RelayState={relay}"));
    }
    signed.push_str(&format!("&SigAlg={}", form_encode(sig_alg)));
    let signature = b64(&sign(sp, signed.as_bytes()));
    format!("{signed}&Signature={}", form_encode(&signature))
}

/// What Huawei Cloud IAM sends to the IdP for `xml`, signed by `sp`.
pub fn saml_redirect_query(sp: &TestSp, xml: &str, relay_state: Option<&str>) -> String {
    let request = form_encode(&deflate_b64(xml.as_bytes()));
    let relay = relay_state.map(form_encode);
    signed_redirect_query(sp, &request, relay.as_deref(), RSA_SHA256)
}

/// A binding notification form body: `bindRequest` (base64 of `json`),
/// `SigAlg`, `Signature` (over the base64 text), form-encoded.
pub fn bind_form(sp: &TestSp, json: &str) -> String {
    bind_form_with(sp, &b64(json.as_bytes()), RSA_SHA256)
}

/// A binding notification whose signature covers `bind_request` as given.
pub fn bind_form_with(sp: &TestSp, bind_request: &str, sig_alg: &str) -> String {
    let signature = b64(&sign(sp, bind_request.as_bytes()));
    format!(
        "bindRequest={}&SigAlg={}&Signature={}",
        form_encode(bind_request),
        form_encode(sig_alg),
        form_encode(&signature)
    )
}
