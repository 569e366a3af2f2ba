use std::time::Duration;

use crate::client::Client;
use crate::credentials::{self, Credentials, ProvideCredentials, SharedCredentials};
use crate::error::BuildError;
use crate::ratelimit::RateLimit;
use crate::retry::RetryConfig;
use crate::site::{Site, SiteApi};

/// The China-site BSS endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://bss.myhuaweicloud.com";
/// Default time allowed for one attempt (connect, send, the whole response).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time allowed for a whole call: every attempt, the waits between them and pacing.
/// Above twice the attempt timeout, so that a timed-out read is tried again at least once.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(75);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit on a response body: far above the largest documented page (a 10 000-record
/// bill page is about 3.5 MiB).
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 32 * 1024 * 1024;

/// Settings shared by every call of a [`Client`].
#[derive(Clone, Debug)]
pub struct Config {
    /// Set with [`ConfigBuilder::endpoint`]; else the site's endpoint is used.
    pub(crate) endpoint: Option<url::Url>,
    /// Set with [`ConfigBuilder::site`]; else each operation's API gives its default site.
    pub(crate) site: Option<Site>,
    /// `None`: unsigned, asked for with [`ConfigBuilder::no_credentials`].
    pub(crate) credentials: Option<SharedCredentials>,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Duration,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) max_response_body: usize,
    pub(crate) user_agent: http::HeaderValue,
    pub(crate) retry: RetryConfig,
    pub(crate) rate_limit: RateLimit,
    pub(crate) language: Option<Language>,
    pub(crate) domain_id: Option<String>,
}

impl Config {
    /// The `X-Language` sent with localized operations, if set.
    pub fn language(&self) -> Option<&Language> {
        self.language.as_ref()
    }

    /// The configured account id, if set.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The retry policy of every call (see [`RetryConfig`]).
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// How calls are paced (see [`RateLimit`]).
    pub fn rate_limit(&self) -> RateLimit {
        self.rate_limit
    }

    /// The endpoint set with [`ConfigBuilder::endpoint`] (a mock, a proxy), if any.
    pub fn endpoint(&self) -> Option<&url::Url> {
        self.endpoint.as_ref()
    }

    /// The site set with [`ConfigBuilder::site`], if any.
    pub fn site(&self) -> Option<Site> {
        self.site
    }

    /// The base URL an operation of `api` is sent to: the configured endpoint, else the
    /// configured site's, else the API's default site's. An error when the configured site
    /// does not serve `api` (a China crate called with the international site, or the reverse).
    pub fn base_url(&self, api: SiteApi) -> Result<std::borrow::Cow<'_, str>, String> {
        if let Some(site) = self.site.filter(|s| s.api() != api) {
            return Err(format!(
                "the client is configured for the {} site, which does not serve the {} API this operation \
                 belongs to; use the {} crates (huaweicloud-bss-{}<domain>) for it",
                match site {
                    Site::China => "China",
                    Site::International => "international",
                    Site::Europe => "European",
                },
                api.name(),
                site.api().name(),
                if site.api() == SiteApi::International {
                    "intl-"
                } else {
                    ""
                },
            ));
        }
        Ok(match &self.endpoint {
            Some(url) => std::borrow::Cow::Borrowed(url.as_str().trim_end_matches('/')),
            None => std::borrow::Cow::Borrowed(self.site.unwrap_or(api.default_site()).endpoint()),
        })
    }

    /// The credentials every call resolves (cached, shared by every clone of the client);
    /// `None` when the client was built with [`ConfigBuilder::no_credentials`].
    pub fn credentials(&self) -> Option<&SharedCredentials> {
        self.credentials.as_ref()
    }

    /// The time allowed for one attempt.
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// The time allowed for a whole call (attempts, backoff, pacing).
    pub fn operation_timeout(&self) -> Duration {
        self.operation_timeout
    }

    /// The connect timeout of the HTTP client this crate built; `None` for an injected client
    /// (whose own setting applies).
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The largest response body read, in bytes.
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }
}

/// Builds a [`Client`]; every setting has a default except the credentials, which must be
/// given ([`credentials`](ConfigBuilder::credentials),
/// [`credentials_provider`](ConfigBuilder::credentials_provider)) or explicitly declined
/// ([`no_credentials`](ConfigBuilder::no_credentials)).
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    endpoint: Option<String>,
    auth: Auth,
    site: Option<Site>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_body: Option<usize>,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: Option<RetryConfig>,
    rate_limit: RateLimit,
    language: Option<Language>,
    domain_id: Option<String>,
}

impl ConfigBuilder {
    /// Overrides the endpoint (a mock, a proxy); wins over [`site`](ConfigBuilder::site).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Time allowed for one attempt: connecting, sending and reading the whole response
    /// (default 30 s). Each attempt also stops at the operation deadline.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time allowed for a whole call: every attempt, the waits between retries (a server's
    /// `Retry-After` included) and pacing (default 75 s).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection (default 10 s). It configures the HTTP client
    /// this builder creates, so it cannot be combined with [`http_client`](Self::http_client):
    /// set the connect timeout on the injected client instead (`build` refuses both).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BODY`],
    /// 32 MiB). A larger body fails the call with
    /// [`ResponseErrorKind::BodyTooLarge`](crate::ResponseErrorKind::BodyTooLarge), keeping only
    /// its first 64 KiB.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    /// Text appended to the `User-Agent` header, to identify your application.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Uses this `reqwest::Client` (proxies, TLS roots, connection pool) instead of building
    /// one. The attempt and operation timeouts set here still apply per request; its connect
    /// timeout is its own. Build it with `.redirect(reqwest::redirect::Policy::none())`: a
    /// client that follows redirects could send a write twice, so a call whose response came
    /// from another URL fails (after the fact) with
    /// [`ResponseErrorKind::Redirect`](crate::ResponseErrorKind::Redirect).
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

    /// Checks the settings and builds the client.
    /// The language of names and messages in answers (`X-Language`), sent with every operation
    /// the docs give that header, unless a call sets it. The service's default applies when
    /// unset.
    #[must_use = "a setter returns the changed value; the original is moved into it"]
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// The account id (`domain_id`) that fills the `{domain_id}` / `{partner_id}` path
    /// parameters of the v1.0 operations when a call does not give them; without it, the
    /// credentials' domain id (`HUAWEICLOUD_SDK_DOMAIN_ID`, the profile file's `domain_id`).
    #[must_use = "a setter returns the changed value; the original is moved into it"]
    pub fn domain_id(mut self, id: impl Into<String>) -> Self {
        self.domain_id = Some(id.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let credentials = match self.auth {
            Auth::Unset => {
                return Err(BuildError::new(
                    "no credentials: give them with .credentials(..) or .credentials_provider(..) \
                     (Client::from_env() reads the environment and the profile file), or call \
                     .no_credentials() to send unsigned requests (e.g. to a mock)",
                ))
            }
            Auth::Unsigned => None,
            Auth::Static(credentials) => {
                credentials.validate().map_err(|e| BuildError::new(e.to_string()))?;
                Some(SharedCredentials::new(credentials))
            }
            Auth::Provider(shared) => Some(shared),
        };
        let endpoint = match self.endpoint {
            None => None,
            Some(raw) => {
                let url = url::Url::parse(raw.trim_end_matches('/'))
                    .map_err(|e| BuildError::new(format!("invalid endpoint {raw:?}: {e}")))?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err(BuildError::new(format!(
                        "invalid endpoint {raw:?}: expected http(s)://host[:port]"
                    )));
                }
                Some(url)
            }
        };
        let (http, connect_timeout) = match (self.http_client, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(BuildError::new(
                    "connect_timeout configures the HTTP client this builder creates; set it on the injected \
                     http_client instead",
                ))
            }
            (Some(client), None) => (client, None),
            (None, connect_timeout) => {
                let connect_timeout = connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                let client = reqwest::Client::builder()
                    .connect_timeout(connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| BuildError::new(format!("cannot build the HTTP client: {e}")))?;
                (client, Some(connect_timeout))
            }
        };
        let mut user_agent = format!("huaweicloud-bss-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(&suffix);
        }
        let user_agent = http::HeaderValue::from_str(&user_agent)
            .map_err(|_| BuildError::new(format!("invalid user agent {user_agent:?}: not a valid header value")))?;
        let attempt_timeout = self.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT);
        let operation_timeout = self.operation_timeout.unwrap_or(DEFAULT_OPERATION_TIMEOUT);
        if attempt_timeout.is_zero() || operation_timeout.is_zero() {
            return Err(BuildError::new("timeouts must be longer than zero"));
        }
        let config = Config {
            endpoint,
            site: self.site,
            credentials,
            attempt_timeout,
            operation_timeout,
            connect_timeout,
            max_response_body: self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY),
            user_agent,
            retry: self.retry.unwrap_or_default(),
            rate_limit: self.rate_limit,
            language: self.language,
            domain_id: self.domain_id.filter(|d| !d.is_empty()),
        };
        Ok(Client::from_parts(config, http))
    }
}

/// How the client proves who it is; see the credentials block of [`ConfigBuilder`].
#[derive(Debug, Default)]
enum Auth {
    #[default]
    Unset,
    Unsigned,
    Static(Credentials),
    Provider(SharedCredentials),
}

// Credentials and site (issue 14).
impl ConfigBuilder {
    /// Static credentials: an AK/SK (optionally temporary) or an IAM token.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.auth = Auth::Static(credentials);
        self
    }

    /// Credentials from a provider (the [`DefaultChain`](crate::credentials::DefaultChain),
    /// the [`MetadataProvider`](crate::credentials::MetadataProvider), your own), cached and
    /// refreshed ahead of expiry; the cache is shared by every clone of the client.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.auth = Auth::Provider(SharedCredentials::new(provider));
        self
    }

    /// Credentials already behind a cache, shared with other clients (e.g. another
    /// `Config`'s [`Config::credentials`]).
    pub fn shared_credentials(mut self, shared: SharedCredentials) -> Self {
        self.auth = Auth::Provider(shared);
        self
    }

    /// Sends requests without any signature or token (a mock server, a signing proxy).
    /// Without this, building a client with no credentials fails.
    pub fn no_credentials(mut self) -> Self {
        self.auth = Auth::Unsigned;
        self
    }

    /// The site to call. Unset, each operation goes to its API's default site (China for the
    /// `huaweicloud-bss-<domain>` crates, international for `huaweicloud-bss-intl-<domain>`);
    /// set, an operation of an API the site does not serve fails before it is sent.
    /// [`endpoint`](ConfigBuilder::endpoint) replaces the site's URL (the check stays).
    pub fn site(mut self, site: Site) -> Self {
        self.site = Some(site);
        self
    }

    /// The site named by `HUAWEICLOUD_BSS_SITE`, if it is set (else the builder's current
    /// choice is kept); an unknown name is an error.
    pub fn site_from_env(self) -> Result<Self, BuildError> {
        match std::env::var(crate::site::ENV_SITE) {
            Ok(name) if !name.trim().is_empty() => {
                let site = name
                    .parse::<Site>()
                    .map_err(|e| BuildError::new(format!("{}: {e}", crate::site::ENV_SITE)))?;
                Ok(self.site(site))
            }
            _ => Ok(self),
        }
    }

    /// The default credentials chain read now (see [`Client::from_env`]).
    pub(crate) fn default_chain(self) -> Result<Self, BuildError> {
        let shared = credentials::resolve_for_build().map_err(|e| BuildError::new(e.to_string()))?;
        Ok(self.shared_credentials(shared))
    }
}

crate::open_enum! {
    /// The language of names and messages in answers (`X-Language`).
    pub enum Language: String {
        /// Simplified Chinese (the service's default).
        ZhCn = "zh_CN",
        /// English.
        EnUs = "en_US",
    }
    /// Another language code, sent as given.
    Other
}
