//! One logical request to the connector protocol: the session credential, the tracking query
//! parameters, retries of transient failures and renewal of an expired session token
//! (PROTOCOL §1.1, §1.5).

use std::time::Instant;

use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret as _;
use serde::de::DeserializeOwned;
use snowapi_auth::TokenProvider as _;
use tracing::Instrument as _;
use uuid::Uuid;

use super::Inner;
use crate::error::QueryError;
use crate::retry::is_retryable_status;
use crate::wire::Envelope;

/// Snowflake's "session token expired" code: renew and replay.
pub(crate) const SESSION_EXPIRED: &str = "390112";

/// A request to send: what, where, and under which logical request id.
pub(crate) struct Call<'a> {
    /// The operation name for logs and spans (`query`, `result`, `status`...).
    pub operation: &'static str,
    /// GET or POST.
    pub method: Method,
    /// A path relative to the base URL, or an absolute URL (a `getResultUrl` may be either).
    pub target: &'a str,
    /// The JSON body of a POST.
    pub body: Option<&'a serde_json::Value>,
    /// The logical request id, stable across retries and renewals; `None` sends none.
    pub request_id: Option<Uuid>,
    /// The statement the call is about, for logs.
    pub query_id: Option<&'a str>,
}

impl Inner {
    /// Sends `call` until it gets a connector answer, and parses the envelope. Transient
    /// failures are retried with backoff (same `requestId`, fresh `request_guid`, `retryCount`
    /// and `retryReason`); an expired session is renewed and the call replayed.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        call: Call<'_>,
    ) -> Result<Envelope<T>, QueryError> {
        let span = tracing::debug_span!(
            "snowflake.request",
            operation = call.operation,
            query_id = call.query_id.unwrap_or(""),
            request_id = %call.request_id.map(|id| id.to_string()).unwrap_or_default(),
        );
        self.call_inner(call).instrument(span).await
    }

    async fn call_inner<T: DeserializeOwned>(
        &self,
        call: Call<'_>,
    ) -> Result<Envelope<T>, QueryError> {
        let url = self.url(call.target);
        let started = Instant::now();
        let mut retry = 0u32;
        let mut renewals = 0u32;
        let mut reason: Option<String> = None;
        loop {
            let credential = self.session.credential().await?;
            let mut request = self
                .http
                .request(call.method.clone(), &url)
                .timeout(self.options.request_timeout)
                .header(reqwest::header::ACCEPT, "application/json")
                .header(
                    reqwest::header::AUTHORIZATION,
                    credential.authorization().expose_secret(),
                );
            let mut query: Vec<(&str, String)> = Vec::new();
            if let Some(id) = call.request_id {
                query.push(("requestId", id.to_string()));
                query.push(("request_guid", Uuid::new_v4().to_string()));
            }
            if let Some(why) = &reason {
                query.push(("retryCount", retry.to_string()));
                query.push(("retryReason", why.clone()));
            }
            if !query.is_empty() {
                request = request.query(&query);
            }
            if let Some(body) = call.body {
                request = request.json(body);
            }
            let failure = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::OK {
                        match response.bytes().await {
                            Ok(body) => {
                                let answer: Envelope<T> = serde_json::from_slice(&body)
                                    .map_err(|e| QueryError::decode("connector answer", e))?;
                                if answer.code.as_deref() == Some(SESSION_EXPIRED)
                                    && renewals < self.options.max_renewals
                                {
                                    renewals += 1;
                                    tracing::info!("session token expired; renewing and replaying");
                                    self.session.invalidate(&credential).await;
                                    continue;
                                }
                                return Ok(answer);
                            }
                            Err(error) => Failure::Transport(error),
                        }
                    } else if status == StatusCode::UNAUTHORIZED
                        && renewals < self.options.max_renewals
                    {
                        renewals += 1;
                        tracing::info!("HTTP 401; renewing the session token and replaying");
                        self.session.invalidate(&credential).await;
                        continue;
                    } else if is_retryable_status(status.as_u16()) {
                        Failure::Status(status.as_u16())
                    } else {
                        return Err(QueryError::Protocol(format!(
                            "{} answered HTTP {status}",
                            call.operation
                        )));
                    }
                }
                Err(error) => Failure::Transport(error),
            };
            retry += 1;
            let Some(wait) = self.options.retry.next_wait(retry, started) else {
                return Err(failure.into_error(call.operation));
            };
            reason = Some(failure.reason());
            tracing::warn!(
                retry,
                reason = reason.as_deref().unwrap_or(""),
                ?wait,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// The absolute URL of a target: kept when absolute, else joined to the base URL.
    pub(crate) fn url(&self, target: &str) -> String {
        if target.starts_with("http://") || target.starts_with("https://") {
            target.to_owned()
        } else if target.starts_with('/') {
            format!("{}{target}", self.base_url)
        } else {
            format!("{}/{target}", self.base_url)
        }
    }
}

/// Why an attempt failed in a way worth retrying.
enum Failure {
    Status(u16),
    Transport(reqwest::Error),
}

impl Failure {
    /// The `retryReason`: the HTTP status, or 0 for a transport error (as the drivers send).
    fn reason(&self) -> String {
        match self {
            Self::Status(status) => status.to_string(),
            Self::Transport(_) => "0".to_owned(),
        }
    }

    fn into_error(self, operation: &str) -> QueryError {
        match self {
            Self::Status(status) => QueryError::Protocol(format!(
                "{operation} kept failing: HTTP {status} after all retries"
            )),
            Self::Transport(error) => QueryError::Transport(error),
        }
    }
}
