//! The login link that sends a partner's customer to Huawei Cloud.
//!
//! From the docs (API reference, "Web UI方式" / "跳转到华为云页面绑定华为云账号"):
//!
//! ```text
//! https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true&service=https%3a%2f%2fconsole.huaweicloud.com%2fiam%2f
//! ```
//!
//! * `xAccountType`: the partner sales platform's identifier, assigned by
//!   Huawei once the access configuration (接入配置) is done in Partner Center.
//! * `isFirstLogin`: `true` when the customer has no bound Huawei Cloud
//!   account yet (then it is required); otherwise omit it or send `false`.
//! * `service`: where to go after login, encoded with JavaScript's
//!   `encodeURIComponent`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};
use crate::limits::MAX_LOGIN_PARAM_BYTES;

/// The characters `encodeURIComponent` escapes: everything but
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Encodes like JavaScript's `encodeURIComponent` (upper-case hex; the docs'
/// example uses lower case, which is equivalent).
pub fn encode_uri_component(s: &str) -> String {
    utf8_percent_encode(s, URI_COMPONENT).to_string()
}

/// The path of the SAML login link on the IAM login address.
pub const LOGIN_PATH: &str = "/authui/saml/login";

/// The path of the SP metadata file (unsigned form) on the IAM login address.
pub const SP_METADATA_PATH: &str = "/authui/saml/metadata.xml?unsigned=true";

/// Which Huawei Cloud IAM login address ("IAM登录服务地址") to use.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthSite {
    /// Chinese mainland: `https://auth.huaweicloud.com`.
    China,
    /// International: `https://auth-intl.huaweicloud.com`.
    International,
    /// Europe: `https://auth.eu.huaweicloud.com`.
    Europe,
    /// Any other base (a test server, a new region): `http(s)://host[:port][/path]`,
    /// without query or fragment.
    Custom(String),
}

impl AuthSite {
    /// The base address, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        match self {
            Self::China => "https://auth.huaweicloud.com",
            Self::International => "https://auth-intl.huaweicloud.com",
            Self::Europe => "https://auth.eu.huaweicloud.com",
            Self::Custom(base) => base.trim_end_matches('/'),
        }
    }

    /// Where the SP metadata is published (the docs' "获取SP Metadata文件的地址").
    pub fn sp_metadata_url(&self) -> String {
        format!("{}{SP_METADATA_PATH}", self.base_url())
    }

    /// The IAM console address the docs' examples use as `service` for this
    /// site (`None` for [`Self::Custom`]).
    pub fn console_iam_url(&self) -> Option<&'static str> {
        match self {
            Self::China => Some("https://console.huaweicloud.com/iam/"),
            Self::International => Some("https://console-intl.huaweicloud.com/iam/"),
            Self::Europe => Some("https://console.eu.huaweicloud.com/iam/"),
            Self::Custom(_) => None,
        }
    }

    fn validated_base(&self) -> Result<&str> {
        let base = self.base_url();
        let invalid = |reason| Error::InvalidLoginParameter { name: "site", reason };
        if !is_http_url(base) {
            return Err(invalid("must start with http:// or https://"));
        }
        if base.contains(['?', '#']) || base.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(invalid(
                "must not contain a query, fragment, space or control character",
            ));
        }
        Ok(base)
    }
}

fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("https://") && s.len() > 8) || (lower.starts_with("http://") && s.len() > 7)
}

/// The parameters of a Huawei Cloud SAML login link.
///
/// ```
/// use huaweicloud_bss_webui::{AuthSite, LoginRedirect};
///
/// let url = LoginRedirect::new("ZXT", "https://console.huaweicloud.com/iam/")
///     .first_login(true)
///     .url(&AuthSite::China)
///     .unwrap();
/// assert_eq!(
///     url,
///     "https://auth.huaweicloud.com/authui/saml/login?xAccountType=ZXT&isFirstLogin=true\
///      &service=https%3A%2F%2Fconsole.huaweicloud.com%2Fiam%2F"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRedirect {
    x_account_type: String,
    is_first_login: Option<bool>,
    service: String,
}

impl LoginRedirect {
    /// A link for the platform `x_account_type` that lands on `service`
    /// (an absolute `http(s)` URL) after login.
    pub fn new(x_account_type: impl Into<String>, service: impl Into<String>) -> Self {
        Self {
            x_account_type: x_account_type.into(),
            is_first_login: None,
            service: service.into(),
        }
    }

    /// Sets `isFirstLogin`: `true` for a customer without a bound Huawei
    /// Cloud account (binding flow), `false` otherwise. Unset, it is omitted.
    pub fn first_login(mut self, first: bool) -> Self {
        self.is_first_login = Some(first);
        self
    }

    /// The link on `site`. Every value is encoded with
    /// [`encode_uri_component`]. Fails if `xAccountType` or `service` is
    /// empty, longer than [`MAX_LOGIN_PARAM_BYTES`](crate::limits::MAX_LOGIN_PARAM_BYTES),
    /// or has control characters, if `service` is not an absolute `http(s)`
    /// URL, or if a custom site is malformed.
    pub fn url(&self, site: &AuthSite) -> Result<String> {
        let base = site.validated_base()?;
        check_param("xAccountType", &self.x_account_type)?;
        check_param("service", &self.service)?;
        if !is_http_url(&self.service) {
            return Err(Error::InvalidLoginParameter {
                name: "service",
                reason: "must be an absolute http:// or https:// URL",
            });
        }
        let mut url = format!(
            "{base}{LOGIN_PATH}?xAccountType={}",
            encode_uri_component(&self.x_account_type)
        );
        if let Some(first) = self.is_first_login {
            url.push_str(if first {
                "&isFirstLogin=true"
            } else {
                "&isFirstLogin=false"
            });
        }
        url.push_str("&service=");
        url.push_str(&encode_uri_component(&self.service));
        Ok(url)
    }
}

fn check_param(name: &'static str, value: &str) -> Result<()> {
    let invalid = |reason| Error::InvalidLoginParameter { name, reason };
    if value.is_empty() {
        return Err(invalid("is empty"));
    }
    if value.len() > MAX_LOGIN_PARAM_BYTES {
        return Err(invalid("is too long"));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid("contains a control character"));
    }
    Ok(())
}
