//! OAuth token endpoint flows: client credentials and refresh token, with the access token
//! cached and refreshed ahead of its expiry.

use std::{
    fmt,
    sync::Mutex,
    time::{Duration, Instant},
};

use reqwest::header::ACCEPT;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;
use tracing::Instrument as _;

use crate::{
    AuthError,
    http::{redact, request_id, transport_error},
};

/// How long before expiry an access token is refreshed, unless told otherwise.
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// An OAuth client registered with the authorization server: its token endpoint, id, secret
/// and the scope to ask for. The client id and secret go in HTTP basic authentication.
///
/// ```
/// use snowapi_auth::{OAuthAuthenticator, OAuthClient};
/// let client = OAuthClient::new("https://idp.example.com/oauth2/token", "my-client", "s3cret")
///     .with_scope("session:role:ANALYST");
/// let authenticator = OAuthAuthenticator::client_credentials(client);
/// assert!(!format!("{authenticator:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
pub struct OAuthClient {
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    scope: Option<String>,
    refresh_margin: Duration,
    http: Option<reqwest::Client>,
}

impl OAuthClient {
    /// A client of the token endpoint `token_url`.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        Self {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            http: None,
        }
    }

    /// The `scope` to ask for.
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// How long before an access token's expiry (`expires_in`) a new one is fetched; at most
    /// half its lifetime is used. One minute by default.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The HTTP client to call the token endpoint with (proxies, TLS roots, timeouts).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scope", &self.scope)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

/// Which grant the flow asks the token endpoint for.
pub(crate) enum Grant {
    /// `grant_type=client_credentials`.
    ClientCredentials,
    /// `grant_type=refresh_token`, with the current refresh token (rotated when the endpoint
    /// returns a new one).
    RefreshToken(Mutex<SecretString>),
}

/// An access token and when to fetch the next one.
struct Current {
    access_token: SecretString,
    refresh_at: Option<Instant>,
}

/// A token endpoint flow with its cached access token. Fetches are single-flight: callers
/// arriving during a fetch wait for it and share its token.
pub(crate) struct TokenFlow {
    client: OAuthClient,
    http: reqwest::Client,
    grant: Grant,
    current: tokio::sync::Mutex<Option<Current>>,
}

/// A token endpoint's success answer (RFC 6749 section 5.1).
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// A token endpoint's error answer (RFC 6749 section 5.2).
#[derive(Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl TokenFlow {
    pub(crate) fn new(client: OAuthClient, grant: Grant) -> Self {
        let http = client.http.clone().unwrap_or_default();
        Self {
            client,
            http,
            grant,
            current: tokio::sync::Mutex::new(None),
        }
    }

    pub(crate) fn is_client_credentials(&self) -> bool {
        matches!(self.grant, Grant::ClientCredentials)
    }

    /// The cached access token, or a new one when there is none or it is due for refresh.
    pub(crate) async fn access_token(&self) -> Result<SecretString, AuthError> {
        let mut current = self.current.lock().await;
        let now = Instant::now();
        if let Some(token) = current
            .as_ref()
            .filter(|c| c.refresh_at.is_none_or(|at| now < at))
        {
            return Ok(token.access_token.clone());
        }
        let fetched = self.fetch().await?;
        let token = fetched.access_token.clone();
        *current = Some(fetched);
        Ok(token)
    }

    /// Forgets `rejected` if it is the cached access token.
    pub(crate) async fn forget(&self, rejected: &SecretString) {
        let mut current = self.current.lock().await;
        if current
            .as_ref()
            .is_some_and(|c| c.access_token.expose_secret() == rejected.expose_secret())
        {
            *current = None;
        }
    }

    async fn fetch(&self) -> Result<Current, AuthError> {
        let (grant_type, refresh_token) = match &self.grant {
            Grant::ClientCredentials => ("client_credentials", None),
            Grant::RefreshToken(token) => (
                "refresh_token",
                Some(token.lock().unwrap_or_else(|e| e.into_inner()).clone()),
            ),
        };
        let span = tracing::info_span!(
            "snowflake.auth",
            operation = "oauth-token",
            request_id = %request_id(),
            grant_type,
        );
        async {
            let mut form: Vec<(&str, &str)> = vec![("grant_type", grant_type)];
            if let Some(token) = &refresh_token {
                form.push(("refresh_token", token.expose_secret()));
            }
            if let Some(scope) = &self.client.scope {
                form.push(("scope", scope));
            }
            let response = self
                .http
                .post(&self.client.token_url)
                .basic_auth(
                    &self.client.client_id,
                    Some(self.client.client_secret.expose_secret()),
                )
                .header(ACCEPT, "application/json")
                .form(&form)
                .send()
                .await
                .map_err(|e| transport_error("oauth-token", &e))?;
            let status = response.status();
            let body = response
                .bytes()
                .await
                .map_err(|e| transport_error("oauth-token", &e))?;
            let secrets = [Some(&self.client.client_secret), refresh_token.as_ref()];
            if !status.is_success() {
                return Err(match serde_json::from_slice::<TokenError>(&body) {
                    Ok(refused) => AuthError::OAuth {
                        status: status.as_u16(),
                        error: redact(&refused.error, secrets.into_iter().flatten()),
                        description: refused
                            .error_description
                            .map(|d| redact(&d, secrets.into_iter().flatten())),
                    },
                    Err(_) => AuthError::Http {
                        operation: "oauth-token",
                        status: Some(status.as_u16()),
                        reason: format!("HTTP status {status}"),
                    },
                });
            }
            let answer: TokenResponse =
                serde_json::from_slice(&body).map_err(|e| AuthError::InvalidResponse {
                    operation: "oauth-token",
                    reason: format!("no access_token in the token endpoint's answer: {e}"),
                })?;
            if let (Grant::RefreshToken(stored), Some(rotated)) =
                (&self.grant, answer.refresh_token)
            {
                *stored.lock().unwrap_or_else(|e| e.into_inner()) = SecretString::from(rotated);
            }
            let expires_in = answer.expires_in.as_ref().and_then(seconds);
            let refresh_at = expires_in.map(|lifetime| {
                let margin = self.client.refresh_margin.min(lifetime / 2);
                Instant::now() + (lifetime - margin)
            });
            tracing::debug!(expires_in = ?expires_in, "obtained an OAuth access token");
            Ok(Current {
                access_token: SecretString::from(answer.access_token),
                refresh_at,
            })
        }
        .instrument(span)
        .await
    }
}

/// `expires_in` as a duration: a number of seconds, or a string holding one.
fn seconds(value: &Value) -> Option<Duration> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|s| s.is_finite() && *s >= 0.0)
    .map(Duration::from_secs_f64)
}

impl fmt::Debug for TokenFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grant = match self.grant {
            Grant::ClientCredentials => "client_credentials",
            Grant::RefreshToken(_) => "refresh_token",
        };
        f.debug_struct("TokenFlow")
            .field("client", &self.client)
            .field("grant", &grant)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn expires_in_forms() {
        assert_eq!(seconds(&json!(3600)), Some(Duration::from_secs(3600)));
        assert_eq!(seconds(&json!("60")), Some(Duration::from_secs(60)));
        assert_eq!(seconds(&json!(-1)), None);
        assert_eq!(seconds(&json!(null)), None);
    }
}
