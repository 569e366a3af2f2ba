use crate::secret::SecretString;

/// Environment variables read by [`Credentials::from_env`]; the same names the official
/// Huawei Cloud SDKs use.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
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
        access_key: String,
        secret_key: SecretString,
        security_token: Option<SecretString>,
        domain_id: Option<String>,
    },
    /// An IAM token, sent as `X-Auth-Token`; requests are not signed.
    Token { token: SecretString },
}

/// Why credentials could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    #[error("environment variable {0} is not set or is empty")]
    MissingEnv(&'static str),
    #[error("the access key is empty")]
    EmptyAccessKey,
    #[error("the secret key is empty")]
    EmptySecretKey,
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
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (testable without
    /// touching the process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let get = |name| lookup(name).filter(|v| !v.is_empty());
        let access_key = get(ENV_AK).ok_or(CredentialsError::MissingEnv(ENV_AK))?;
        let secret_key = get(ENV_SK).ok_or(CredentialsError::MissingEnv(ENV_SK))?;
        Ok(Credentials::AkSk {
            access_key,
            secret_key: secret_key.into(),
            security_token: get(ENV_SECURITY_TOKEN).map(Into::into),
            domain_id: get(ENV_DOMAIN_ID),
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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
    }

    #[test]
    fn debug_never_shows_secrets() {
        let creds = Credentials::temporary("AKVISIBLE", "sk-very-secret", "token-very-secret").with_domain_id("dom");
        let shown = format!("{creds:?} {:#?}", Credentials::token("iam-token-secret"));
        assert!(shown.contains("AKVISIBLE"));
        for secret in ["sk-very-secret", "token-very-secret", "iam-token-secret"] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
    }
}
