//! `POST /session/heartbeat`: keeping an idle session alive.

use std::{sync::Weak, time::Duration};

use super::SessionInner;
use crate::{
    AuthError, Credential,
    http::{ConnectorCall, request_id, snowflake_token},
};

/// The master token validity assumed when the server gives none (Snowflake's default).
const DEFAULT_MASTER_VALIDITY: Duration = Duration::from_secs(14_400);
/// The shortest interval ever used, whatever the server says.
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// The heartbeat interval: `requested` clamped to `[master/16, master/4]`.
pub(super) fn interval(requested: Duration, master_validity: Option<Duration>) -> Duration {
    let master = master_validity.unwrap_or(DEFAULT_MASTER_VALIDITY);
    requested.min(master / 4).max(master / 16).max(MIN_INTERVAL)
}

/// Starts the heartbeat task. It holds the session weakly, so it ends once every clone of
/// the session is dropped, and it is aborted by `close()`.
pub(super) fn spawn(session: Weak<SessionInner>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + every;
        let mut ticker = tokio::time::interval_at(start, every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            let Some(session) = session.upgrade() else {
                break;
            };
            if session.is_closed() {
                break;
            }
            if let Err(error) = session.heartbeat().await {
                // Like both Python connectors: a failed heartbeat is only logged.
                tracing::warn!(%error, "session heartbeat failed");
            }
        }
    })
}

impl SessionInner {
    /// One heartbeat; on 390112 the session token is renewed and the heartbeat sent again.
    pub(super) async fn heartbeat(&self) -> Result<(), AuthError> {
        let credential = self.credential().await?;
        match self.heartbeat_with(&credential).await {
            Err(error) if error.snowflake_code() == Some("390112") => {
                self.invalidate(&credential).await;
                let credential = self.credential().await?;
                self.heartbeat_with(&credential).await
            }
            other => other,
        }
    }

    async fn heartbeat_with(&self, credential: &Credential) -> Result<(), AuthError> {
        let Credential::Session(token) = credential else {
            return Err(AuthError::Unavailable(
                "a session heartbeat needs a session token".to_owned(),
            ));
        };
        let request_id = request_id();
        ConnectorCall {
            operation: "heartbeat",
            request_id: request_id.clone(),
            url: format!("{}/session/heartbeat", self.base_url),
            query: vec![("requestId", request_id)],
            authorization: snowflake_token(token),
            body: None,
            timeout: self.settings.request_timeout,
            secrets: vec![token],
        }
        .send(&self.http)
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_is_clamped_to_the_master_validity() {
        let s = Duration::from_secs;
        assert_eq!(interval(s(3600), None), s(3600));
        assert_eq!(interval(s(60), None), s(900));
        assert_eq!(interval(s(3600), Some(s(64))), s(16));
        assert_eq!(interval(s(1), Some(s(64))), s(4));
        assert_eq!(interval(s(10), Some(s(64))), s(10));
        assert_eq!(interval(s(10), Some(s(0))), MIN_INTERVAL);
    }
}
