//! What every network call of this crate shares: request ids, the `Authorization` header as a
//! sensitive value, the connector's JSON envelope, and error mapping that never echoes secrets.

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;
use tracing::Instrument as _;

use crate::AuthError;

/// A fresh request id (a v4 UUID), for `requestId`/`request_id` and tracing.
pub(crate) fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `value` as a header value marked sensitive, so HTTP-level logging leaves it out.
pub(crate) fn sensitive_header(value: &SecretString) -> Result<HeaderValue, AuthError> {
    let mut header = HeaderValue::from_str(value.expose_secret()).map_err(|_| {
        AuthError::Unavailable("a credential holds characters not allowed in a header".to_owned())
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// `Snowflake Token="…"` for a connector request.
pub(crate) fn snowflake_token(token: &SecretString) -> SecretString {
    SecretString::from(format!("Snowflake Token=\"{}\"", token.expose_secret()))
}

/// Replaces every occurrence of a secret in `text` (a server message) with `<redacted>`.
pub(crate) fn redact<'a>(
    text: &str,
    secrets: impl IntoIterator<Item = &'a SecretString>,
) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        let secret = secret.expose_secret();
        // Very short values would redact ordinary words; they are not worth hiding anyway.
        if secret.len() >= 4 {
            text = text.replace(secret, "<redacted>");
        }
    }
    text
}

/// A transport failure as an [`AuthError`], without the URL (it could carry user input).
pub(crate) fn transport_error(operation: &'static str, error: &reqwest::Error) -> AuthError {
    let reason = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        let mut text = error.to_string();
        if let Some(url) = error.url() {
            text = text.replace(url.as_str(), "<url>");
        }
        text
    };
    AuthError::Http {
        operation,
        status: error.status().map(|s| s.as_u16()),
        reason,
    }
}

/// The `{"success", "code", "message", "data"}` envelope of every connector endpoint.
#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(default)]
    success: bool,
    #[serde(default)]
    code: Option<Value>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    data: Option<Value>,
}

/// One request to a connector endpoint (`/session/...`).
pub(crate) struct ConnectorCall<'a> {
    /// Operation name, for spans and errors (`login`, `token-request`, ...).
    pub operation: &'static str,
    /// The request id sent in the query, recorded on the span.
    pub request_id: String,
    /// Full URL without query.
    pub url: String,
    /// Query pairs, in order.
    pub query: Vec<(&'static str, String)>,
    /// The full `Authorization` value.
    pub authorization: SecretString,
    /// JSON body; `None` sends no body.
    pub body: Option<Vec<u8>>,
    /// Per-request timeout.
    pub timeout: Option<Duration>,
    /// Secrets to scrub from server messages.
    pub secrets: Vec<&'a SecretString>,
}

impl ConnectorCall<'_> {
    /// Sends the request and returns `data` of a `success: true` answer (`Value::Null` when
    /// absent). `success: false` becomes [`AuthError::Snowflake`] with the server's code and
    /// message; any other HTTP status than 2xx becomes [`AuthError::Http`].
    pub(crate) async fn send(self, http: &reqwest::Client) -> Result<Value, AuthError> {
        let span = tracing::info_span!(
            "snowflake.auth",
            operation = self.operation,
            request_id = %self.request_id,
        );
        let result = self.send_unspanned(http).instrument(span.clone()).await;
        if let Err(error) = &result {
            span.in_scope(|| tracing::debug!(%error, "connector request failed"));
        }
        result
    }

    async fn send_unspanned(self, http: &reqwest::Client) -> Result<Value, AuthError> {
        let operation = self.operation;
        let mut request = http
            .post(&self.url)
            .header(AUTHORIZATION, sensitive_header(&self.authorization)?)
            .header(ACCEPT, "application/json");
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        if let Some(body) = self.body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(operation, &e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(AuthError::Http {
                operation,
                status: Some(status.as_u16()),
                reason: format!("HTTP status {status}"),
            });
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(operation, &e))?;
        let envelope: Envelope =
            serde_json::from_slice(&bytes).map_err(|e| AuthError::InvalidResponse {
                operation,
                reason: format!("not the connector's JSON envelope: {e}"),
            })?;
        if !envelope.success {
            let code = match envelope.code {
                Some(Value::String(code)) => code,
                Some(Value::Number(code)) => code.to_string(),
                _ => String::new(),
            };
            let message = envelope.message.unwrap_or_default();
            return Err(AuthError::Snowflake {
                operation,
                code,
                message: redact(&message, self.secrets.iter().copied()),
            });
        }
        Ok(envelope.data.unwrap_or(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_secrets_but_not_short_values() {
        let secret = SecretString::from("hunter22");
        let short = SecretString::from("ab");
        assert_eq!(
            redact("bad password hunter22 for ab", [&secret, &short]),
            "bad password <redacted> for ab"
        );
    }

    #[test]
    fn sensitive_header_is_marked() {
        let header = sensitive_header(&SecretString::from("Bearer x")).unwrap();
        assert!(header.is_sensitive());
        assert!(sensitive_header(&SecretString::from("a\nb")).is_err());
    }
}
