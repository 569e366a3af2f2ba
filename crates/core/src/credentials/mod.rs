//! Credentials, and the providers that find them the way the official SDKs do.
//!
//! A [`Client`](crate::Client) holds one [`SharedCredentials`]: a cache in front of a
//! [`ProvideCredentials`] implementation, shared by every clone of the client and by every
//! domain client built from it. Credentials with an expiry are fetched again ahead of it; when
//! many calls need fresh credentials at once, one of them fetches and the others wait for it.
//!
//! Providers (the official `huaweicloudsdkcore` chain, in its order):
//!
//! | Provider | Source |
//! |---|---|
//! | [`Credentials`] itself | static, from code |
//! | [`EnvironmentProvider`] | `HUAWEICLOUD_SDK_AK`, `_SK`, `_SECURITY_TOKEN`, `_DOMAIN_ID` |
//! | [`ProfileProvider`] | `~/.huaweicloud/credentials` (INI, section `[global]`), or `HUAWEICLOUD_SDK_CREDENTIALS_FILE` |
//! | [`MetadataProvider`] | the ECS instance metadata service (the instance's agency), temporary keys refreshed ahead of expiry |
//! | [`DefaultChain`] | environment, then profile file, then (only when configured) instance metadata |

mod cache;
mod chain;
mod env;
mod metadata;
mod profile;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use crate::secret::SecretString;

pub use cache::SharedCredentials;
pub(crate) use chain::resolve_for_build;
pub use chain::{DefaultChain, ENV_METADATA_URL};
pub use env::EnvironmentProvider;
pub use metadata::{MetadataProvider, DEFAULT_METADATA_URL};
pub use profile::{ProfileProvider, ENV_CREDENTIALS_FILE};

/// Environment variables read by [`EnvironmentProvider`]; the same names the official
/// Huawei Cloud SDKs use.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// The secret key (see [`ENV_AK`]).
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// The security token of temporary credentials (see [`ENV_AK`]).
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// The account (domain) id, sent as `X-Domain-Id` (see [`ENV_AK`]).
pub const ENV_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";

/// How a request proves who sends it.
///
/// `Debug` never shows the secret key or a token.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// Access key / secret key: every request is signed with `SDK-HMAC-SHA256`.
    ///
    /// `security_token` is set for temporary credentials (sent as `X-Security-Token`);
    /// `domain_id` is the account id, sent as `X-Domain-Id` (global services such as BSS
    /// accept it to skip an account look-up).
    AkSk {
        /// The access key id (AK), sent in the `Authorization` header.
        access_key: String,
        /// The secret access key (SK); it signs and is never sent.
        secret_key: SecretString,
        /// The security token of temporary credentials.
        security_token: Option<SecretString>,
        /// The account id.
        domain_id: Option<String>,
    },
    /// An IAM token, sent as `X-Auth-Token`; requests are not signed.
    Token {
        /// The token (`X-Subject-Token` of IAM's token API).
        token: SecretString,
    },
}

/// Why credentials could not be found or built.
///
/// No variant ever holds a secret.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A required environment variable is not set, or is empty (its name).
    #[error("environment variable {0} is not set or is empty")]
    MissingEnv(&'static str),
    /// AK/SK credentials with an empty access key.
    #[error("the access key is empty")]
    EmptyAccessKey,
    /// AK/SK credentials with an empty secret key.
    #[error("the secret key is empty")]
    EmptySecretKey,
    /// This provider has nothing to offer here (a chain goes on to the next one).
    #[error("{0}")]
    NotConfigured(String),
    /// The profile file exists but cannot be used.
    #[error("credentials file {path}: {reason}")]
    Profile {
        /// The file's path.
        path: String,
        /// What is wrong with it (never a secret).
        reason: String,
    },
    /// The instance metadata service failed or answered something unusable.
    #[error("instance metadata: {0}")]
    Metadata(String),
    /// A way of signing in that the official SDKs have and this crate does not.
    #[error("{0}")]
    Unsupported(String),
    /// Every provider of a chain was tried; each one's reason, in order.
    #[error("no credentials found: {}", .0.join("; "))]
    NoneFound(Vec<String>),
}

impl CredentialsError {
    /// Whether the provider simply had nothing (a chain tries the next one) rather than
    /// something broken (a chain stops there).
    pub fn is_not_configured(&self) -> bool {
        matches!(
            self,
            CredentialsError::MissingEnv(_) | CredentialsError::NotConfigured(_)
        )
    }
}

impl Credentials {
    /// Permanent AK/SK credentials.
    pub fn aksk(access_key: impl Into<String>, secret_key: impl Into<SecretString>) -> Self {
        Credentials::AkSk {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
            domain_id: None,
        }
    }

    /// Temporary AK/SK credentials with their security token.
    pub fn temporary(
        access_key: impl Into<String>,
        secret_key: impl Into<SecretString>,
        security_token: impl Into<SecretString>,
    ) -> Self {
        Credentials::AkSk {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: Some(security_token.into()),
            domain_id: None,
        }
    }

    /// An IAM token (`X-Auth-Token`).
    pub fn token(token: impl Into<SecretString>) -> Self {
        Credentials::Token { token: token.into() }
    }

    /// The account id, when given (AK/SK credentials only).
    pub fn domain_id(&self) -> Option<&str> {
        match self {
            Credentials::AkSk { domain_id, .. } => domain_id.as_deref().filter(|d| !d.is_empty()),
            _ => None,
        }
    }

    /// Sets the account (domain) id sent as `X-Domain-Id`; no effect on token credentials.
    pub fn with_domain_id(mut self, id: impl Into<String>) -> Self {
        if let Credentials::AkSk { domain_id, .. } = &mut self {
            *domain_id = Some(id.into());
        }
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_DOMAIN_ID`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        EnvironmentProvider::new().load()
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (testable without
    /// touching the process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        env::load(&lookup)
    }

    pub(crate) fn validate(&self) -> Result<(), CredentialsError> {
        if let Credentials::AkSk {
            access_key, secret_key, ..
        } = self
        {
            if access_key.is_empty() {
                return Err(CredentialsError::EmptyAccessKey);
            }
            if secret_key.expose().is_empty() {
                return Err(CredentialsError::EmptySecretKey);
            }
        }
        Ok(())
    }
}

/// Credentials as a provider hands them out: with their expiry, if they have one.
#[derive(Clone, Debug)]
pub struct ProvidedCredentials {
    /// The credentials themselves.
    pub credentials: Credentials,
    /// When the service stops accepting them; `None` for permanent credentials.
    pub expires_at: Option<SystemTime>,
}

impl ProvidedCredentials {
    /// Credentials that do not expire (permanent AK/SK, or whose expiry is unknown).
    pub fn permanent(credentials: Credentials) -> Self {
        ProvidedCredentials {
            credentials,
            expires_at: None,
        }
    }

    /// Credentials the service stops accepting at `expires_at` (temporary AK/SK, tokens).
    pub fn expiring(credentials: Credentials, expires_at: SystemTime) -> Self {
        ProvidedCredentials {
            credentials,
            expires_at: Some(expires_at),
        }
    }
}

/// What [`ProvideCredentials::provide_credentials`] returns.
pub type ProvideFuture<'a> = Pin<Box<dyn Future<Output = Result<ProvidedCredentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. The client caches what it returns (see [`SharedCredentials`]), so
/// an implementation fetches every time it is asked and keeps no cache of its own.
///
/// `Debug` of an implementation must not show a secret.
pub trait ProvideCredentials: fmt::Debug + Send + Sync + 'static {
    /// Fetches credentials now; an error says why there are none (a chain tries the next
    /// provider on [`CredentialsError::NotConfigured`]).
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}

/// Static credentials are their own provider.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let provided = self.validate().map(|()| ProvidedCredentials::permanent(self.clone()));
        Box::pin(std::future::ready(provided))
    }
}

/// Parses the expiry of a temporary key as the official SDK reads it
/// (`%Y-%m-%dT%H:%M:%S.%fZ`, UTC); fractional seconds are optional here.
pub(crate) fn parse_utc_timestamp(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let rest = text.strip_suffix('Z')?;
    let (date, clock) = rest.split_once('T')?;
    let mut d = date.splitn(3, '-');
    let year: i32 = d.next()?.parse().ok()?;
    let month: u8 = d.next()?.parse().ok()?;
    let day: u8 = d.next()?.parse().ok()?;
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => (hms, f),
        Some(_) => return None,
        None => (clock, ""),
    };
    let mut t = hms.splitn(3, ':');
    let hour: u8 = t.next()?.parse().ok()?;
    let minute: u8 = t.next()?.parse().ok()?;
    let second: u8 = t.next()?.parse().ok()?;
    let nanos: u32 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<9}").parse().ok()?
    };
    let date = time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()?;
    let clock = time::Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    let at = time::PrimitiveDateTime::new(date, clock).assume_utc();
    let since_epoch = at - time::OffsetDateTime::UNIX_EPOCH;
    let since_epoch: std::time::Duration = since_epoch.try_into().ok()?;
    SystemTime::UNIX_EPOCH.checked_add(since_epoch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::time::Duration;

    #[test]
    fn reads_the_official_sdk_variables() {
        let env: HashMap<&str, &str> = [
            (ENV_AK, "AK1"),
            (ENV_SK, "SK1"),
            (ENV_SECURITY_TOKEN, "TOKEN1"),
            (ENV_DOMAIN_ID, "dom1"),
        ]
        .into();
        let creds = Credentials::from_lookup(|k| env.get(k).map(|v| v.to_string())).unwrap();
        match creds {
            Credentials::AkSk {
                access_key,
                secret_key,
                security_token,
                domain_id,
            } => {
                assert_eq!(access_key, "AK1");
                assert_eq!(secret_key.expose(), "SK1");
                assert_eq!(security_token.unwrap().expose(), "TOKEN1");
                assert_eq!(domain_id.as_deref(), Some("dom1"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn missing_secret_key_is_named() {
        let err = Credentials::from_lookup(|k| (k == ENV_AK).then(|| "AK".to_string())).unwrap_err();
        assert_eq!(err, CredentialsError::MissingEnv(ENV_SK));
        assert!(err.to_string().contains("HUAWEICLOUD_SDK_SK"));
        assert!(err.is_not_configured());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let creds = Credentials::temporary("AKVISIBLE", "sk-very-secret", "token-very-secret").with_domain_id("dom");
        let provided = ProvidedCredentials::expiring(creds.clone(), SystemTime::UNIX_EPOCH);
        let shown = format!("{creds:?} {:#?} {provided:?}", Credentials::token("iam-token-secret"));
        assert!(shown.contains("AKVISIBLE"));
        for secret in ["sk-very-secret", "token-very-secret", "iam-token-secret"] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
    }

    #[test]
    fn parses_the_metadata_expiry_format() {
        let t = parse_utc_timestamp("2026-12-03T08:00:01.123456Z").unwrap();
        let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(secs, Duration::new(1_796_284_801, 123_456_000));
        assert_eq!(
            parse_utc_timestamp("1970-01-01T00:00:10Z"),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(10))
        );
        for bad in [
            "",
            "2026-12-03 08:00:01Z",
            "2026-12-03T08:00:01",
            "2026-13-03T08:00:01.0Z",
            "2026-12-03T08:00:01.Z",
            "x",
        ] {
            assert_eq!(parse_utc_timestamp(bad), None, "{bad}");
        }
    }
}
