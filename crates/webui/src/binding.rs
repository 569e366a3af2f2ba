//! The binding-result notification ("绑定通知接口").
//!
//! Per the partner developer guide (接入配置 > 绑定通知接口说明): after a
//! customer binds a partner-platform account to a Huawei Cloud account,
//! Huawei Cloud redirects the browser to the "通知结果绑定地址" the partner
//! configured, as `POST` with form fields:
//!
//! | field | content |
//! |---|---|
//! | `bindRequest` | the binding message, a JSON object, base64-encoded |
//! | `SigAlg` | `http://www.w3.org/2001/04/xmldsig-more#rsa-sha256` |
//! | `Signature` | Huawei Cloud's signature of `bindRequest` with its private key, base64 |
//!
//! and the partner verifies `Signature` with the public key of the SP
//! metadata's `<ds:X509Certificate>`; only a verified request may be acted on.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::codec::{decode_base64, decode_component, raw_params, restore_plus};
use crate::error::{Error, Result};
use crate::limits::{MAX_BIND_FORM_BYTES, MAX_BIND_REQUEST_JSON_BYTES, MAX_SIGNATURE_BYTES, MAX_SIG_ALG_BYTES};
use crate::metadata::SpMetadata;
use crate::sig::{verify_any, SignatureAlgorithm};

/// The three form fields of a binding notification, form-decoded but not yet
/// verified.
///
/// It derives `Deserialize` with the documented field names, so a web
/// framework's form extractor (`axum::Form<BindNotification>`, say) can
/// produce it; [`Self::from_form_body`] parses a raw body instead, refusing
/// duplicated fields.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BindNotification {
    /// `bindRequest`: base64 of the binding JSON.
    #[serde(rename = "bindRequest")]
    pub bind_request: String,
    /// `SigAlg`: the signature algorithm URI.
    #[serde(rename = "SigAlg")]
    pub sig_alg: String,
    /// `Signature`: base64 of the RSA signature.
    #[serde(rename = "Signature")]
    pub signature: String,
}

impl fmt::Debug for BindNotification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Unverified: show sizes, not content.
        f.debug_struct("BindNotification")
            .field("bind_request_len", &self.bind_request.len())
            .field("sig_alg", &crate::error::excerpt(&self.sig_alg))
            .field("signature_len", &self.signature.len())
            .finish()
    }
}

impl BindNotification {
    /// Parses an `application/x-www-form-urlencoded` body (at most
    /// [`MAX_BIND_FORM_BYTES`](crate::limits::MAX_BIND_FORM_BYTES)).
    /// Unknown fields are ignored; a missing or repeated documented field is
    /// an error.
    pub fn from_form_body(body: &[u8]) -> Result<Self> {
        if body.len() > MAX_BIND_FORM_BYTES {
            return Err(Error::TooLarge {
                what: "notification body",
                limit: MAX_BIND_FORM_BYTES,
                actual: body.len(),
            });
        }
        let body = std::str::from_utf8(body).map_err(|_| Error::InvalidUtf8("notification body"))?;
        let [bind_request, sig_alg, signature] = raw_params(body, ["bindRequest", "SigAlg", "Signature"])?;
        Ok(Self {
            bind_request: decode_component(
                "bindRequest",
                bind_request.ok_or(Error::MissingParameter("bindRequest"))?,
            )?,
            sig_alg: decode_component("SigAlg", sig_alg.ok_or(Error::MissingParameter("SigAlg"))?)?,
            signature: decode_component("Signature", signature.ok_or(Error::MissingParameter("Signature"))?)?,
        })
    }
}

/// Which octets Huawei Cloud's `Signature` covers.
///
/// The docs say "将请求中的bindRequest使用私钥签名" (the request's
/// `bindRequest` is signed with the private key) without naming the octets;
/// this crate reads that as the field value as sent, i.e. the base64 text.
/// If Huawei Cloud turns out to sign the decoded JSON instead, choose
/// [`Self::DecodedJson`] with [`crate::WebUiVerifier::with_bind_signed_content`];
/// no other reading is tried, so a signature never verifies in two ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BindSignedContent {
    /// The `bindRequest` value after form decoding (the base64 text). Default.
    #[default]
    EncodedValue,
    /// The JSON bytes that the base64 decodes to.
    DecodedJson,
}

/// A verified account binding: the decoded `bindRequest` JSON.
///
/// The fields are those of the docs' example
/// `{"domainName":"yongzhi","domainId":"yongzhiid","xUserId":"yongzhix","bindAction":1}`.
/// Any further member Huawei Cloud adds is kept in [`Self::other`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountBinding {
    /// `xUserId`: the customer's user ID on the partner sales platform.
    #[serde(rename = "xUserId")]
    pub x_user_id: String,
    /// `domainId`: the Huawei Cloud account ID (the `customer_id`/`domain_id`
    /// of the BSS APIs).
    #[serde(rename = "domainId")]
    pub domain_id: String,
    /// `domainName`: the Huawei Cloud account name.
    #[serde(rename = "domainName")]
    pub domain_name: String,
    /// `bindAction`: `1` in the docs' example; the meaning of its values is
    /// not stated in the parts of the docs this crate could read. Accepted as
    /// a JSON integer or a string of digits; absent is `None`.
    #[serde(
        rename = "bindAction",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "int_or_string"
    )]
    pub bind_action: Option<i64>,
    /// Any other members of the JSON object, as sent.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

fn int_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IntOrString {
        Int(i64),
        Str(String),
    }
    match Option::<IntOrString>::deserialize(d)? {
        None => Ok(None),
        Some(IntOrString::Int(i)) => Ok(Some(i)),
        Some(IntOrString::Str(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("bindAction is not an integer")),
    }
}

impl AccountBinding {
    fn from_json(json: &[u8]) -> Result<Self> {
        let binding: AccountBinding = serde_json::from_slice(json).map_err(|e| Error::InvalidJson(e.to_string()))?;
        if binding.x_user_id.is_empty() {
            return Err(Error::InvalidJson("xUserId is empty".into()));
        }
        if binding.domain_id.is_empty() {
            return Err(Error::InvalidJson("domainId is empty".into()));
        }
        Ok(binding)
    }
}

pub(crate) fn verify(
    metadata: &SpMetadata,
    content: BindSignedContent,
    notification: &BindNotification,
) -> Result<AccountBinding> {
    let max_b64 = MAX_BIND_REQUEST_JSON_BYTES.div_ceil(3) * 4 + 4;
    if notification.bind_request.len() > max_b64 {
        return Err(Error::TooLarge {
            what: "bindRequest",
            limit: MAX_BIND_REQUEST_JSON_BYTES,
            actual: notification.bind_request.len() / 4 * 3,
        });
    }
    if notification.sig_alg.len() > MAX_SIG_ALG_BYTES {
        return Err(Error::TooLarge {
            what: "SigAlg",
            limit: MAX_SIG_ALG_BYTES,
            actual: notification.sig_alg.len(),
        });
    }
    let sig_alg = SignatureAlgorithm::from_uri(&notification.sig_alg)?;
    let signature = decode_base64("Signature", &notification.signature, MAX_SIGNATURE_BYTES)?;
    let bind_request = restore_plus(&notification.bind_request);
    let json = match content {
        BindSignedContent::EncodedValue => {
            verify_any(
                metadata.signing_certificates(),
                sig_alg,
                bind_request.as_bytes(),
                &signature,
            )?;
            decode_base64("bindRequest", &bind_request, MAX_BIND_REQUEST_JSON_BYTES)?
        }
        BindSignedContent::DecodedJson => {
            let json = decode_base64("bindRequest", &bind_request, MAX_BIND_REQUEST_JSON_BYTES)?;
            verify_any(metadata.signing_certificates(), sig_alg, &json, &signature)?;
            json
        }
    };
    AccountBinding::from_json(&json)
}
