//! Partner Web UI integration for Huawei Cloud: the SAML login link, the
//! SAMLRequest that Huawei Cloud IAM sends to the partner's IdP, and the
//! signed account-binding notification.
//!
//! In the "Web UI" mode of the partner APIs, the partner's sales platform is a
//! SAML identity provider (IdP) and Huawei Cloud IAM the service provider (SP):
//!
//! 1. the platform sends the customer's browser to the login link
//!    ([`LoginRedirect`]);
//! 2. IAM redirects the browser to the platform's `SingleSignOnService` with a
//!    signed, deflated `SAMLRequest` ([`WebUiVerifier::verify_saml_redirect`]);
//! 3. the platform answers with a signed SAML response (your SAML library);
//! 4. for a customer without a bound account, Huawei Cloud shows its
//!    create/bind page, then POSTs the signed result to the platform's
//!    configured callback ([`WebUiVerifier::verify_bind_form`]), which yields
//!    the [`AccountBinding`]: platform user id, Huawei Cloud account id and name.
//!
//! Both signatures are RSA-SHA256 by Huawei Cloud's key, whose certificate is
//! in the SP metadata ([`SpMetadata`]). Everything that comes from the browser
//! is untrusted: sizes are capped ([`limits`]), XML with a DOCTYPE is refused,
//! inflation is bounded, and nothing is decoded for the caller unless its
//! signature verified. Failures are [`Error`] values, never panics.
//!
//! ```no_run
//! use huaweicloud_bss_webui::{SpMetadata, WebUiVerifier};
//!
//! # fn handler(body: &[u8], metadata_xml: &str) -> Result<(), huaweicloud_bss_webui::Error> {
//! let verifier = WebUiVerifier::new(SpMetadata::from_xml(metadata_xml)?);
//! let binding = verifier.verify_bind_form(body)?;
//! println!("platform user {} is Huawei Cloud account {} ({})",
//!          binding.x_user_id, binding.domain_id, binding.domain_name);
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod binding;
mod codec;
mod error;
pub mod limits;
mod login;
mod metadata;
mod saml;
mod sig;
mod xml;

pub use binding::{AccountBinding, BindNotification, BindSignedContent};
pub use error::{Error, Result};
pub use login::{encode_uri_component, AuthSite, LoginRedirect, LOGIN_PATH, SP_METADATA_PATH};
pub use metadata::{SpCertificate, SpMetadata};
pub use saml::{decode_saml_request_unverified, AuthnRequest, NameIdPolicy, VerifiedSamlRequest};
pub use sig::{SignatureAlgorithm, RSA_SHA256_URI};

/// Checks what Huawei Cloud sends through the browser against the SP
/// metadata's signing certificates.
///
/// Cheap to clone, `Send + Sync`: build it once at start-up and share it
/// (`Arc<WebUiVerifier>` or a framework's state).
#[derive(Debug, Clone)]
pub struct WebUiVerifier {
    metadata: SpMetadata,
    bind_signed_content: BindSignedContent,
}

impl WebUiVerifier {
    /// A verifier trusting `metadata`'s signing certificates.
    pub fn new(metadata: SpMetadata) -> Self {
        Self {
            metadata,
            bind_signed_content: BindSignedContent::default(),
        }
    }

    /// Shorthand for `WebUiVerifier::new(SpMetadata::from_xml(xml)?)`.
    pub fn from_metadata_xml(xml: &str) -> Result<Self> {
        Ok(Self::new(SpMetadata::from_xml(xml)?))
    }

    /// Chooses which octets of a binding notification the signature covers
    /// (default [`BindSignedContent::EncodedValue`]).
    pub fn with_bind_signed_content(mut self, content: BindSignedContent) -> Self {
        self.bind_signed_content = content;
        self
    }

    /// The trusted metadata.
    pub fn metadata(&self) -> &SpMetadata {
        &self.metadata
    }

    /// Verifies a SAMLRequest redirect (HTTP-Redirect binding) and returns
    /// the decoded request.
    ///
    /// `query_or_url` is the raw query string of the request that reached
    /// your `SingleSignOnService`, as received (still percent-encoded), or the
    /// whole URL. It must hold `SAMLRequest`, `SigAlg` and `Signature`, and
    /// may hold `RelayState`, each at most once; other parameters are ignored.
    /// Only after the signature verified is `SAMLRequest` URL-decoded,
    /// base64-decoded, inflated (at most
    /// [`limits::MAX_INFLATED_SAML_BYTES`]) and parsed.
    pub fn verify_saml_redirect(&self, query_or_url: &str) -> Result<VerifiedSamlRequest> {
        saml::verify_redirect(&self.metadata, query_or_url)
    }

    /// Verifies a binding notification given as its raw
    /// `application/x-www-form-urlencoded` body (see
    /// [`BindNotification::from_form_body`]) and returns the binding.
    pub fn verify_bind_form(&self, body: &[u8]) -> Result<AccountBinding> {
        self.verify_bind_notification(&BindNotification::from_form_body(body)?)
    }

    /// Verifies a binding notification whose form fields are already decoded
    /// (by a web framework's form extractor) and returns the binding.
    ///
    /// The `Signature` is checked first; only then is `bindRequest`
    /// base64-decoded (at most [`limits::MAX_BIND_REQUEST_JSON_BYTES`]) and
    /// parsed as JSON. A space in `bindRequest` or `Signature` is read as the
    /// `+` it was before a form decoder turned it into a space.
    pub fn verify_bind_notification(&self, notification: &BindNotification) -> Result<AccountBinding> {
        binding::verify(&self.metadata, self.bind_signed_content, notification)
    }
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn verifier_is_shareable() {
        assert_send_sync::<super::WebUiVerifier>();
        assert_send_sync::<super::Error>();
    }
}
