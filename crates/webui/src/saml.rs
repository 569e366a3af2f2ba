//! The SAMLRequest that Huawei Cloud IAM sends to the partner's IdP with the
//! SAML HTTP-Redirect binding.
//!
//! Per the docs (API reference, "Web UI方式" and "跳转到华为云页面绑定华为云账号"):
//! IAM looks up the partner's IdP metadata by `xAccountType`, and redirects the
//! browser to its `SingleSignOnService` with `SAMLRequest`, `RelayState`,
//! `SigAlg` and `Signature` in the query. `SAMLRequest` is the XML
//! "compressed > base64 > URL-encoded" (decode: URL > base64 > raw inflate);
//! `SigAlg` is RSA-SHA256; the signature is made with Huawei Cloud's private
//! key and verified with the certificate in the SP metadata.
//!
//! The signed octets are those of SAML 2.0 Bindings §3.4.4.1:
//! `SAMLRequest=<v>&RelayState=<v>&SigAlg=<v>` (RelayState only if present)
//! with each value exactly as it appears, still URL-encoded, in the query.

use crate::codec::{decode_base64, decode_component, inflate_raw, raw_params};
use crate::error::{excerpt, Error, Result};
use crate::limits::{MAX_INFLATED_SAML_BYTES, MAX_REDIRECT_QUERY_BYTES, MAX_SIGNATURE_BYTES};
use crate::metadata::SpMetadata;
use crate::sig::{verify_any, SignatureAlgorithm};
use crate::xml::{Node, Ns, XmlReader};

/// A SAMLRequest whose redirect signature verified, decoded and parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedSamlRequest {
    /// The inflated XML, as signed.
    pub xml: String,
    /// The parsed `samlp:AuthnRequest`.
    pub authn_request: AuthnRequest,
    /// `RelayState`, URL-decoded; return it unchanged with the SAML response.
    pub relay_state: Option<String>,
    /// The algorithm that verified.
    pub sig_alg: SignatureAlgorithm,
}

/// The fields of a `samlp:AuthnRequest` that an IdP needs to answer it.
///
/// Times are kept as the XML's `xs:dateTime` text. Checking `destination`
/// against your own SSO URL and `issue_instant` for freshness (and `id`
/// against replays) is left to the caller, who knows the clock and the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthnRequest {
    /// `ID`; the response's `InResponseTo`.
    pub id: String,
    /// `Version`; always `2.0`.
    pub version: String,
    /// `IssueInstant`.
    pub issue_instant: String,
    /// `Destination`: the IdP URL it was sent to.
    pub destination: Option<String>,
    /// `AssertionConsumerServiceURL`: where to POST the SAML response.
    pub assertion_consumer_service_url: Option<String>,
    /// `ProtocolBinding` of that response.
    pub protocol_binding: Option<String>,
    /// `ForceAuthn`.
    pub force_authn: Option<bool>,
    /// `IsPassive`.
    pub is_passive: Option<bool>,
    /// `saml:Issuer`: Huawei Cloud's entity ID.
    pub issuer: Option<String>,
    /// `samlp:NameIDPolicy`.
    pub name_id_policy: Option<NameIdPolicy>,
}

/// The `samlp:NameIDPolicy` of an [`AuthnRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NameIdPolicy {
    /// `Format`.
    pub format: Option<String>,
    /// `AllowCreate`.
    pub allow_create: Option<bool>,
    /// `SPNameQualifier`.
    pub sp_name_qualifier: Option<String>,
}

const WHAT: &str = "SAMLRequest";

fn xml_bool(element: &'static str, value: Option<&str>) -> Result<Option<bool>> {
    match value.map(str::trim) {
        None => Ok(None),
        Some("true" | "1") => Ok(Some(true)),
        Some("false" | "0") => Ok(Some(false)),
        Some(other) => Err(Error::Xml {
            what: WHAT,
            reason: format!("{element}: `{}` is not an xs:boolean", excerpt(other)),
        }),
    }
}

impl AuthnRequest {
    /// Parses AuthnRequest XML. The input is untrusted: no DOCTYPE, limited
    /// depth and size, UTF-8 only. This parses; it does not verify anything.
    pub fn from_xml(xml: &str) -> Result<Self> {
        let (mut reader, root) = XmlReader::open_root(
            xml,
            WHAT,
            MAX_INFLATED_SAML_BYTES,
            Ns::Samlp,
            "AuthnRequest",
            "{urn:oasis:names:tc:SAML:2.0:protocol}AuthnRequest",
        )?;
        let required = |attribute: &'static str| {
            root.attr(attribute).map(str::to_owned).ok_or(Error::MissingAttribute {
                element: "samlp:AuthnRequest",
                attribute,
            })
        };
        let id = required("ID")?;
        let version = required("Version")?;
        if version != "2.0" {
            return Err(Error::Xml {
                what: WHAT,
                reason: format!("SAML version `{}` is not 2.0", excerpt(&version)),
            });
        }
        let issue_instant = required("IssueInstant")?;
        let mut request = AuthnRequest {
            id,
            version,
            issue_instant,
            destination: root.attr("Destination").map(str::to_owned),
            assertion_consumer_service_url: root.attr("AssertionConsumerServiceURL").map(str::to_owned),
            protocol_binding: root.attr("ProtocolBinding").map(str::to_owned),
            force_authn: xml_bool("ForceAuthn", root.attr("ForceAuthn"))?,
            is_passive: xml_bool("IsPassive", root.attr("IsPassive"))?,
            issuer: None,
            name_id_policy: None,
        };
        loop {
            match reader.next()? {
                Node::Open(e) if e.is(Ns::Saml, "Issuer") && request.issuer.is_none() => {
                    request.issuer = Some(reader.text()?.trim().to_owned());
                }
                Node::Open(e) if e.is(Ns::Samlp, "NameIDPolicy") && request.name_id_policy.is_none() => {
                    request.name_id_policy = Some(NameIdPolicy {
                        format: e.attr("Format").map(str::to_owned),
                        allow_create: xml_bool("AllowCreate", e.attr("AllowCreate"))?,
                        sp_name_qualifier: e.attr("SPNameQualifier").map(str::to_owned),
                    });
                    reader.skip()?;
                }
                Node::Open(_) => reader.skip()?,
                Node::Text(_) => {}
                Node::Close => break,
            }
        }
        reader.finish()?;
        Ok(request)
    }
}

/// Decodes a `SAMLRequest` value as it appears in the redirect URL
/// (URL-decode, base64-decode, raw inflate) to its XML, **without verifying
/// anything**: for logging and debugging only. Bounded like the verified
/// path ([`MAX_INFLATED_SAML_BYTES`](crate::limits::MAX_INFLATED_SAML_BYTES)).
pub fn decode_saml_request_unverified(url_encoded: &str) -> Result<String> {
    if url_encoded.len() > MAX_REDIRECT_QUERY_BYTES {
        return Err(Error::TooLarge {
            what: WHAT,
            limit: MAX_REDIRECT_QUERY_BYTES,
            actual: url_encoded.len(),
        });
    }
    let b64 = decode_component(WHAT, url_encoded)?;
    // A deflated document is never larger than its inflated limit.
    let deflated = decode_base64(WHAT, &b64, MAX_INFLATED_SAML_BYTES)?;
    let xml = inflate_raw(&deflated, MAX_INFLATED_SAML_BYTES)?;
    String::from_utf8(xml).map_err(|_| Error::InvalidUtf8(WHAT))
}

/// Verifies a redirect's query (or the whole URL) and returns the request.
pub(crate) fn verify_redirect(metadata: &SpMetadata, query_or_url: &str) -> Result<VerifiedSamlRequest> {
    if query_or_url.len() > MAX_REDIRECT_QUERY_BYTES {
        return Err(Error::TooLarge {
            what: "redirect query",
            limit: MAX_REDIRECT_QUERY_BYTES,
            actual: query_or_url.len(),
        });
    }
    // A URL (or path) is cut at its first `?`; a bare query string, which may
    // itself hold a `?` in a value, is taken whole.
    let query = match query_or_url.split_once('?') {
        Some((head, tail)) if !head.contains(['=', '&']) => tail,
        _ => query_or_url,
    };
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let [request, relay_state, sig_alg, signature] =
        raw_params(query, ["SAMLRequest", "RelayState", "SigAlg", "Signature"])?;
    let request = request.ok_or(Error::MissingParameter("SAMLRequest"))?;
    let sig_alg_raw = sig_alg.ok_or(Error::MissingParameter("SigAlg"))?;
    let signature = signature.ok_or(Error::MissingParameter("Signature"))?;

    let sig_alg = SignatureAlgorithm::from_uri(&decode_component("SigAlg", sig_alg_raw)?)?;
    let signature = decode_base64(
        "Signature",
        &decode_component("Signature", signature)?,
        MAX_SIGNATURE_BYTES,
    )?;

    let mut signed = String::with_capacity(query.len());
    signed.push_str("SAMLRequest=");
    signed.push_str(request);
    if let Some(relay_state) = relay_state {
        signed.push_str("&RelayState=");
        signed.push_str(relay_state);
    }
    signed.push_str("&SigAlg=");
    signed.push_str(sig_alg_raw);
    verify_any(metadata.signing_certificates(), sig_alg, signed.as_bytes(), &signature)?;

    // Verified: now it is worth decoding.
    let relay_state = relay_state.map(|r| decode_component("RelayState", r)).transpose()?;
    let xml = decode_saml_request_unverified(request)?;
    let authn_request = AuthnRequest::from_xml(&xml)?;
    Ok(VerifiedSamlRequest {
        xml,
        authn_request,
        relay_state,
        sig_alg,
    })
}
