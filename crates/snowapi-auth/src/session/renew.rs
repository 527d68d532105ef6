//! `POST /session/token-request`: renewing the session token with the master token, ahead of
//! expiry or after a 390112, single-flight.

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    SessionInner, login,
    login::{seconds, session_id},
    tokens::Grant,
};
use crate::{
    AuthError, Credential,
    http::{ConnectorCall, request_id, snowflake_token},
};

/// Codes of a token request that mean the master token is gone: log in again.
const MASTER_TOKEN_GONE: [&str; 3] = ["390113", "390114", "390115"];

/// `data` of a successful token request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RenewData {
    #[serde(default)]
    session_token: Option<String>,
    #[serde(default, rename = "validityInSecondsST")]
    validity_st: Option<Value>,
    #[serde(default)]
    master_token: Option<String>,
    #[serde(default, rename = "validityInSecondsMT")]
    validity_mt: Option<Value>,
    #[serde(default)]
    master_validity_in_seconds: Option<Value>,
    #[serde(default)]
    session_id: Option<Value>,
}

/// Exchanges `old_session` for a new session token, authenticated with `master`.
async fn token_request(
    http: &reqwest::Client,
    base_url: &str,
    master: &SecretString,
    old_session: &SecretString,
    timeout: Option<Duration>,
) -> Result<Grant, AuthError> {
    let request_id = request_id();
    let body = serde_json::to_vec(&json!({
        "oldSessionToken": old_session.expose_secret(),
        "requestType": "RENEW",
    }))
    .map_err(|e| AuthError::Unavailable(format!("cannot encode the token request: {e}")))?;
    let data = ConnectorCall {
        operation: "token-request",
        request_id: request_id.clone(),
        url: format!("{base_url}/session/token-request"),
        query: vec![("requestId", request_id)],
        authorization: snowflake_token(master),
        body: Some(body),
        timeout,
        secrets: vec![master, old_session],
    }
    .send(http)
    .await?;
    let data: RenewData = serde_json::from_value(data).map_err(|e| AuthError::InvalidResponse {
        operation: "token-request",
        reason: format!("malformed data: {e}"),
    })?;
    let session_token = data
        .session_token
        .ok_or_else(|| AuthError::InvalidResponse {
            operation: "token-request",
            reason: "no session token (data.sessionToken)".to_owned(),
        })?;
    Ok(Grant {
        session_token: SecretString::from(session_token),
        master_token: data.master_token.map(SecretString::from),
        validity: data.validity_st.as_ref().and_then(seconds),
        master_validity: data
            .validity_mt
            .or(data.master_validity_in_seconds)
            .as_ref()
            .and_then(seconds),
        session_id: data.session_id.as_ref().and_then(session_id),
    })
}

impl SessionInner {
    /// The session token, renewed first when it is within its renewal margin.
    pub(super) async fn credential(&self) -> Result<Credential, AuthError> {
        let seen = {
            let tokens = self.tokens.read().await;
            if self.is_closed() {
                return Err(AuthError::SessionClosed);
            }
            if tokens.is_fresh(Instant::now()) {
                return Ok(Credential::Session(tokens.session.clone()));
            }
            tokens.generation
        };
        self.refresh(seen).await?;
        Ok(Credential::Session(
            self.tokens.read().await.session.clone(),
        ))
    }

    /// Snowflake rejected `credential` as expired: renew, unless it is no longer current.
    pub(super) async fn invalidate(&self, credential: &Credential) {
        let Credential::Session(rejected) = credential else {
            return;
        };
        let seen = {
            let tokens = self.tokens.read().await;
            if tokens.session.expose_secret() != rejected.expose_secret() {
                return; // Already replaced.
            }
            tokens.generation
        };
        if let Err(error) = self.refresh(seen).await {
            tracing::warn!(%error, "could not renew the expired session token");
            // Make the next credential() try again (and report the failure) rather than
            // hand out the rejected token.
            let mut tokens = self.tokens.write().await;
            if tokens.generation == seen {
                tokens.renew_at = Some(Instant::now());
            }
        }
    }

    /// Replaces the tokens of generation `seen`: renews them with the master token, or logs
    /// in again when there is no usable master token. Returns at once when another caller
    /// already replaced them.
    pub(super) async fn refresh(&self, seen: u64) -> Result<(), AuthError> {
        let _flight = self.flight.lock().await;
        let (session, master) = {
            let tokens = self.tokens.read().await;
            if tokens.generation != seen {
                return Ok(());
            }
            (tokens.session.clone(), tokens.usable_master(Instant::now()))
        };
        if self.is_closed() {
            return Err(AuthError::SessionClosed);
        }
        let renewed = match master {
            Some(master) => {
                let timeout = self.settings.request_timeout;
                match token_request(&self.http, &self.base_url, &master, &session, timeout).await {
                    Ok(grant) => Some(grant),
                    Err(error)
                        if error
                            .snowflake_code()
                            .is_some_and(|code| MASTER_TOKEN_GONE.contains(&code)) =>
                    {
                        tracing::info!(%error, "master token gone; logging in again");
                        None
                    }
                    Err(error) => return Err(error),
                }
            }
            None => None,
        };
        let (grant, relogin) = match renewed {
            Some(grant) => (grant, false),
            None => {
                let (grant, details) = login::login(
                    &self.http,
                    &self.base_url,
                    &self.settings,
                    self.authenticator.as_ref(),
                )
                .await?;
                *self.details.write().unwrap_or_else(|e| e.into_inner()) = details;
                (grant, true)
            }
        };
        if let Some(id) = grant.session_id {
            self.details
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .session_id = Some(id);
        }
        let mut tokens = self.tokens.write().await;
        *tokens = tokens.next(grant, relogin);
        tracing::debug!(
            generation = tokens.generation,
            relogin,
            "session tokens replaced"
        );
        Ok(())
    }
}
