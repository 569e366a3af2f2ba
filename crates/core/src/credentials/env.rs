use std::fmt;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProvidedCredentials, ENV_AK, ENV_DOMAIN_ID,
    ENV_SECURITY_TOKEN, ENV_SK,
};

/// Set with `HUAWEICLOUD_SDK_ID_TOKEN_FILE`, the official SDKs sign in through an identity
/// provider (federation); this crate does not.
const ENV_IDP_ID: &str = "HUAWEICLOUD_SDK_IDP_ID";
const ENV_ID_TOKEN_FILE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Credentials from the environment variables of the official SDKs: `HUAWEICLOUD_SDK_AK` and
/// `HUAWEICLOUD_SDK_SK` (both required, empty counts as unset), `HUAWEICLOUD_SDK_SECURITY_TOKEN`
/// and `HUAWEICLOUD_SDK_DOMAIN_ID` (optional). Read on every fetch, so a changed environment
/// is seen at the next refresh.
#[derive(Clone)]
pub struct EnvironmentProvider {
    lookup: Lookup,
}

impl fmt::Debug for EnvironmentProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvironmentProvider")
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` instead (tests, or a configuration system).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvironmentProvider {
            lookup: Arc::new(lookup),
        }
    }

    /// The credentials, now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        load(&*self.lookup)
    }
}

pub(super) fn load(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Credentials, CredentialsError> {
    let get = |name| lookup(name).filter(|v: &String| !v.is_empty());
    if get(ENV_IDP_ID).is_some() && get(ENV_ID_TOKEN_FILE).is_some() {
        // The official provider prefers federation over an AK/SK when both are set; using
        // the AK/SK instead would sign in as someone else.
        return Err(CredentialsError::Unsupported(format!(
            "{ENV_IDP_ID} and {ENV_ID_TOKEN_FILE} are set: federated sign-in is not supported by this crate"
        )));
    }
    let access_key = get(ENV_AK).ok_or(CredentialsError::MissingEnv(ENV_AK))?;
    let secret_key = get(ENV_SK).ok_or(CredentialsError::MissingEnv(ENV_SK))?;
    Ok(Credentials::AkSk {
        access_key,
        secret_key: secret_key.into(),
        security_token: get(ENV_SECURITY_TOKEN).map(Into::into),
        domain_id: get(ENV_DOMAIN_ID),
    })
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.load().map(ProvidedCredentials::permanent)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(vars: &'static [(&'static str, &'static str)]) -> EnvironmentProvider {
        EnvironmentProvider::with_lookup(move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn both_keys_are_required_and_empty_is_unset() {
        let err = provider(&[(ENV_AK, "AK"), (ENV_SK, "")]).load().unwrap_err();
        assert_eq!(err, CredentialsError::MissingEnv(ENV_SK));
        let err = provider(&[(ENV_SK, "SK")]).load().unwrap_err();
        assert_eq!(err, CredentialsError::MissingEnv(ENV_AK));
    }

    #[test]
    fn federation_variables_are_refused_not_ignored() {
        let err = provider(&[
            (ENV_AK, "AK"),
            (ENV_SK, "SK"),
            (ENV_IDP_ID, "idp"),
            (ENV_ID_TOKEN_FILE, "/tmp/t"),
        ])
        .load()
        .unwrap_err();
        assert!(matches!(err, CredentialsError::Unsupported(_)), "{err}");
        assert!(!err.is_not_configured());
    }

    #[tokio::test]
    async fn provides_permanent_credentials() {
        let p = provider(&[
            (ENV_AK, "AK"),
            (ENV_SK, "env-secret"),
            (ENV_SECURITY_TOKEN, "env-token"),
        ]);
        let got = p.provide_credentials().await.unwrap();
        assert!(got.expires_at.is_none());
        let shown = format!("{got:?} {p:?}");
        assert!(!shown.contains("env-secret") && !shown.contains("env-token"), "{shown}");
    }
}
