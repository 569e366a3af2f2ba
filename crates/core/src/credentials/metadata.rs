use std::fmt;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::{
    parse_utc_timestamp, Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProvidedCredentials,
};
use crate::secret::SecretString;

/// The ECS instance metadata service, as the official SDKs address it.
pub const DEFAULT_METADATA_URL: &str = "http://169.254.169.254";

const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
const HEADER_TOKEN: &str = "X-Metadata-Token";
const HEADER_TOKEN_TTL: &str = "X-Metadata-Token-Ttl-Seconds";
/// The lifetime the official SDKs ask for a session token (6 h).
const TOKEN_TTL: Duration = Duration::from_secs(6 * 60 * 60);
/// A service without session tokens is asked again after this long (the official SDKs: 24 h).
const TOKEN_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// The service's answer when the instance has no agency.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";
/// The official SDKs allow 3 s to connect and 3 s to read.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Temporary credentials of the ECS instance's agency, from the instance metadata service.
///
/// Like the official SDKs: a session token first (`PUT /meta-data/latest/api/token`, asking
/// for 6 hours), then the temporary security key (`GET /openstack/latest/securitykey` with
/// `X-Metadata-Token`), whose `expires_at` the client's cache uses to fetch a new one ahead of
/// time. A service that has no session tokens (404, 405 or 503 to the `PUT`) is asked without
/// one; a 401 to the `GET` fetches a new token and tries once more.
///
/// The URL can be overridden (tests serve a fake metadata service on 127.0.0.1). The requests
/// never go through a proxy.
pub struct MetadataProvider {
    url: String,
    domain_id: Option<String>,
    http: reqwest::Client,
    token: tokio::sync::Mutex<TokenState>,
}

#[derive(Default)]
struct TokenState {
    token: Option<(SecretString, Instant)>,
    last_attempt: Option<Instant>,
}

impl fmt::Debug for MetadataProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataProvider")
            .field("url", &self.url)
            .field("domain_id", &self.domain_id)
            .finish_non_exhaustive()
    }
}

impl Default for MetadataProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl MetadataProvider {
    /// The real service, `http://169.254.169.254`: only reachable from an ECS instance.
    pub fn new() -> Self {
        Self::with_url(DEFAULT_METADATA_URL)
    }

    /// Another address for the service (a fake one in tests, a relay).
    pub fn with_url(url: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT * 2)
            .build()
            .unwrap_or_default();
        MetadataProvider {
            url: url.into().trim_end_matches('/').to_string(),
            domain_id: None,
            http,
            token: tokio::sync::Mutex::new(TokenState::default()),
        }
    }

    /// The account id to send as `X-Domain-Id` with the temporary credentials.
    pub fn domain_id(mut self, id: impl Into<String>) -> Self {
        self.domain_id = Some(id.into());
        self
    }

    /// The metadata service's base URL it asks.
    pub fn url(&self) -> &str {
        &self.url
    }

    async fn fetch(&self) -> Result<ProvidedCredentials, CredentialsError> {
        let mut state = self.token.lock().await;
        let stale = state
            .token
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() + Duration::from_secs(300) > TOKEN_TTL);
        if stale {
            state.token = None;
            state.last_attempt = None;
        }
        if state.token.is_none() && state.last_attempt.is_none_or(|at| at.elapsed() > TOKEN_RETRY_AFTER) {
            self.update_token(&mut state, false).await?;
        }
        let (status, body) = self.get_security_key(&state).await?;
        let (status, body) = if status == 401 && !body.contains(NO_AGENCY) {
            self.update_token(&mut state, true).await?;
            self.get_security_key(&state).await?
        } else {
            (status, body)
        };
        drop(state);
        if status >= 400 {
            return Err(failure("GET", SECURITY_KEY_PATH, status, &body));
        }
        parse_security_key(&body, self.domain_id.clone())
    }

    async fn update_token(&self, state: &mut TokenState, required: bool) -> Result<(), CredentialsError> {
        state.last_attempt = Some(Instant::now());
        let response = self
            .http
            .put(format!("{}{TOKEN_PATH}", self.url))
            .header(HEADER_TOKEN_TTL, TOKEN_TTL.as_secs().to_string())
            .send()
            .await
            .map_err(|e| unreachable_error(TOKEN_PATH, &e))?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| unreachable_error(TOKEN_PATH, &e))?;
        match status {
            200 => {
                state.token = Some((SecretString::new(body), Instant::now()));
                Ok(())
            }
            404 | 405 | 503 if !required => {
                state.token = None;
                Ok(())
            }
            _ => Err(failure("PUT", TOKEN_PATH, status, &body)),
        }
    }

    async fn get_security_key(&self, state: &TokenState) -> Result<(u16, String), CredentialsError> {
        let mut request = self.http.get(format!("{}{SECURITY_KEY_PATH}", self.url));
        if let Some((token, _)) = &state.token {
            request = request.header(HEADER_TOKEN, token.expose());
        }
        let response = request
            .send()
            .await
            .map_err(|e| unreachable_error(SECURITY_KEY_PATH, &e))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|e| unreachable_error(SECURITY_KEY_PATH, &e))?;
        Ok((status, body))
    }
}

fn unreachable_error(path: &str, e: &reqwest::Error) -> CredentialsError {
    // reqwest's message names the URL, never a header value.
    CredentialsError::Metadata(format!("{path}: {e}"))
}

/// An error answer. Its body is shown (briefly) only for error statuses: a success body may
/// hold the secret key.
fn failure(method: &str, path: &str, status: u16, body: &str) -> CredentialsError {
    let mut shown: String = body.chars().take(200).collect();
    if shown.len() < body.len() {
        shown.push('…');
    }
    CredentialsError::Metadata(format!("{method} {path} answered HTTP {status}: {shown}"))
}

#[derive(Deserialize)]
struct Envelope {
    credential: Option<Key>,
    credentials: Option<Key>,
}

/// The names the official SDKs accept for each field.
#[derive(Deserialize, Default)]
struct Key {
    access: Option<String>,
    #[serde(rename = "accessKeyId")]
    access_key_id_camel: Option<String>,
    access_key_id: Option<String>,
    secret: Option<String>,
    #[serde(rename = "secretAccessKey")]
    secret_access_key_camel: Option<String>,
    secret_access_key: Option<String>,
    securitytoken: Option<String>,
    #[serde(rename = "securityToken")]
    security_token_camel: Option<String>,
    security_token: Option<String>,
    expires_at: Option<String>,
    expiration: Option<String>,
}

fn first(values: [Option<String>; 3]) -> Option<String> {
    values.into_iter().flatten().find(|v| !v.is_empty())
}

fn parse_security_key(body: &str, domain_id: Option<String>) -> Result<ProvidedCredentials, CredentialsError> {
    // Never quote this body in an error: it holds the secret key.
    let unusable = |what: &str| CredentialsError::Metadata(format!("{SECURITY_KEY_PATH}: {what}"));
    let value: serde_json::Value = serde_json::from_str(body).map_err(|_| unusable("the answer is not JSON"))?;
    let key: Key = if value.get("credential").is_some() || value.get("credentials").is_some() {
        let envelope: Envelope =
            serde_json::from_value(value).map_err(|_| unusable("unexpected shape of the answer"))?;
        envelope
            .credential
            .or(envelope.credentials)
            .ok_or_else(|| unusable("no credential in the answer"))?
    } else {
        serde_json::from_value(value).map_err(|_| unusable("unexpected shape of the answer"))?
    };
    let access_key = first([key.access, key.access_key_id_camel, key.access_key_id])
        .ok_or_else(|| unusable("no access key in the answer"))?;
    let secret_key = first([key.secret, key.secret_access_key_camel, key.secret_access_key])
        .ok_or_else(|| unusable("no secret key in the answer"))?;
    let security_token = first([key.securitytoken, key.security_token_camel, key.security_token]);
    let expiry =
        first([key.expires_at, key.expiration, None]).ok_or_else(|| unusable("no expires_at in the answer"))?;
    let expires_at =
        parse_utc_timestamp(&expiry).ok_or_else(|| unusable(&format!("expires_at {expiry:?} is not a UTC time")))?;
    Ok(ProvidedCredentials::expiring(
        Credentials::AkSk {
            access_key,
            secret_key: secret_key.into(),
            security_token: security_token.map(Into::into),
            domain_id,
        },
        expires_at,
    ))
}

impl ProvideCredentials for MetadataProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_spelling_the_official_sdk_reads() {
        let bodies = [
            r#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2030-01-01T00:00:00.000000Z"}}"#,
            r#"{"credentials":{"accessKeyId":"A","secretAccessKey":"S","securityToken":"T","expiration":"2030-01-01T00:00:00Z"}}"#,
            r#"{"access_key_id":"A","secret_access_key":"S","security_token":"T","expires_at":"2030-01-01T00:00:00.5Z"}"#,
        ];
        for body in bodies {
            let got = parse_security_key(body, Some("dom".into())).unwrap();
            let Credentials::AkSk {
                access_key,
                secret_key,
                security_token,
                domain_id,
            } = got.credentials
            else {
                panic!()
            };
            assert_eq!(
                (
                    access_key.as_str(),
                    secret_key.expose(),
                    security_token.unwrap().expose()
                ),
                ("A", "S", "T")
            );
            assert_eq!(domain_id.as_deref(), Some("dom"));
            assert!(got.expires_at.is_some());
        }
    }

    #[test]
    fn unusable_answers_never_quote_the_body() {
        for body in [
            r#"{"credential":{"access":"A","secret":"top-secret-sk"}}"#,
            r#"{"credential":{"access":"A","secret":"top-secret-sk","expires_at":"soon"}}"#,
            r#"{"credential":{"secret":"top-secret-sk","expires_at":"2030-01-01T00:00:00Z"}}"#,
            "top-secret-sk",
        ] {
            let err = parse_security_key(body, None).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("top-secret-sk"), "{shown}");
        }
    }
}
