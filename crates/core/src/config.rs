use std::time::Duration;

use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::BuildError;
use crate::ratelimit::RateLimit;
use crate::retry::RetryConfig;

/// The China-site BSS endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://bss.myhuaweicloud.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings shared by every call of a [`Client`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) endpoint: url::Url,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) retry: RetryConfig,
    pub(crate) rate_limit: RateLimit,
}

impl Config {
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    pub fn rate_limit(&self) -> RateLimit {
        self.rate_limit
    }

    pub fn endpoint(&self) -> &url::Url {
        &self.endpoint
    }

    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
}

/// Builds a [`Client`]; every setting has a default except the credentials.
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: Option<RetryConfig>,
    rate_limit: RateLimit,
}

impl ConfigBuilder {
    /// Overrides the endpoint (a mock, another site such as `https://bss-intl.myhuaweicloud.com`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Total time allowed for one HTTP attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Text appended to the `User-Agent` header, to identify your application.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Uses this `reqwest::Client` (proxies, TLS roots, connection pool) instead of building
    /// one; the timeouts set here are still applied per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Retry settings (default: [`RetryConfig::default`], 3 attempts within 20 s).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Client-side pacing per operation (default: off).
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    pub fn build(self) -> Result<Client, BuildError> {
        let raw = self.endpoint.unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        let endpoint = url::Url::parse(raw.trim_end_matches('/'))
            .map_err(|e| BuildError(format!("invalid endpoint {raw:?}: {e}")))?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host_str().is_none() {
            return Err(BuildError(format!(
                "invalid endpoint {raw:?}: expected http(s)://host[:port]"
            )));
        }
        if let Some(credentials) = &self.credentials {
            credentials.validate().map_err(|e| BuildError(e.to_string()))?;
        }
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .build()
                .map_err(|e| BuildError(format!("cannot build the HTTP client: {e}")))?,
        };
        let mut user_agent = format!("huaweicloud-bss-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(&suffix);
        }
        let config = Config {
            endpoint,
            credentials: self.credentials,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            connect_timeout,
            user_agent,
            retry: self.retry.unwrap_or_default(),
            rate_limit: self.rate_limit,
        };
        Ok(Client::from_parts(config, http))
    }
}
