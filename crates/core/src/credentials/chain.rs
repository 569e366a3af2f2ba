use std::sync::Arc;

use super::{
    CredentialsError, EnvironmentProvider, MetadataProvider, ProfileProvider, ProvideCredentials, ProvideFuture,
    ProvidedCredentials,
};

/// Turns the instance metadata provider on in [`DefaultChain::from_env`], at this URL (for
/// example `http://169.254.169.254`). This crate's own variable: the official SDKs always try
/// the metadata service last, this crate only when asked.
pub const ENV_METADATA_URL: &str = "HUAWEICLOUD_BSS_METADATA_URL";

/// The official SDKs' order, for a global service such as BSS: environment variables, then the
/// profile file, then the ECS instance metadata service.
///
/// One difference, deliberate: the metadata service is tried only when configured
/// ([`DefaultChain::with_metadata`], or `HUAWEICLOUD_BSS_METADATA_URL` for
/// [`DefaultChain::from_env`]). Off an ECS instance, trying `169.254.169.254` costs a timeout
/// and, on some networks, reaches a host that is not the metadata service at all.
///
/// The official chain also starts with OpenID Connect federation (`HUAWEICLOUD_OIDC_*`) and
/// ends with the CCE pod identity (`HC_CONTAINER_CREDENTIALS_FULL_URI`); neither is supported
/// here, and the environment and profile providers refuse the federation settings
/// (`idp_id` with `id_token_file`) instead of ignoring them.
///
/// A provider that has nothing (no variables, no file, no `[global]` section) passes to the
/// next; one that finds something broken stops the chain with its error. When none has
/// credentials, the error lists each one's reason.
#[derive(Clone, Debug)]
pub struct DefaultChain {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultChain {
    /// Environment, then profile file; no metadata.
    pub fn new() -> Self {
        DefaultChain {
            providers: vec![Arc::new(EnvironmentProvider::new()), Arc::new(ProfileProvider::new())],
        }
    }

    /// [`DefaultChain::new`], with the metadata service last when `HUAWEICLOUD_BSS_METADATA_URL`
    /// is set.
    pub fn from_env() -> Self {
        let chain = Self::new();
        match std::env::var(ENV_METADATA_URL) {
            Ok(url) if !url.is_empty() => chain.with_metadata(MetadataProvider::with_url(url)),
            _ => chain,
        }
    }

    /// Tries the instance metadata service last.
    pub fn with_metadata(self, metadata: MetadataProvider) -> Self {
        self.with(metadata)
    }

    /// Tries `provider` after the ones already in the chain.
    pub fn with(mut self, provider: impl ProvideCredentials) -> Self {
        self.providers.push(Arc::new(provider));
        self
    }

    /// A chain of exactly these providers, in this order.
    pub fn of(providers: Vec<Arc<dyn ProvideCredentials>>) -> Self {
        DefaultChain { providers }
    }

    async fn fetch(&self) -> Result<ProvidedCredentials, CredentialsError> {
        let mut reasons = Vec::with_capacity(self.providers.len());
        for provider in &self.providers {
            match provider.provide_credentials().await {
                Ok(found) => {
                    tracing::debug!(provider = ?provider, "credentials found");
                    return Ok(found);
                }
                Err(e) if e.is_not_configured() => reasons.push(e.to_string()),
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::NoneFound(reasons))
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// The credentials of [`Client::from_env`](crate::Client::from_env): the default chain, with
/// the environment and the profile file read now, so that a client without credentials is
/// refused when it is built rather than at its first call. The metadata service (when
/// `HUAWEICLOUD_BSS_METADATA_URL` is set) is asked at the first call, and ahead of each expiry.
pub(crate) fn resolve_for_build() -> Result<super::SharedCredentials, CredentialsError> {
    let mut reasons = Vec::new();
    let loaders: [&dyn Fn() -> Result<super::Credentials, CredentialsError>; 2] =
        [&|| EnvironmentProvider::new().load(), &|| ProfileProvider::new().load()];
    for load in loaders {
        match load() {
            Ok(credentials) => return Ok(super::SharedCredentials::new(credentials)),
            Err(e) if e.is_not_configured() => reasons.push(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    match std::env::var(ENV_METADATA_URL) {
        Ok(url) if !url.is_empty() => Ok(super::SharedCredentials::new(MetadataProvider::with_url(url))),
        _ => {
            reasons.push(format!("instance metadata: not tried ({ENV_METADATA_URL} is not set)"));
            Err(CredentialsError::NoneFound(reasons))
        }
    }
}
