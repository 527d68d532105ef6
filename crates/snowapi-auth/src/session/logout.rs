//! `POST /session?delete=true`: logging out.

use super::SessionInner;
use crate::{
    AuthError,
    http::{ConnectorCall, request_id, snowflake_token},
};

impl SessionInner {
    /// Deletes the session on the server, with the current session token.
    pub(super) async fn logout(&self) -> Result<(), AuthError> {
        let token = self.tokens.read().await.session.clone();
        let request_id = request_id();
        ConnectorCall {
            operation: "logout",
            request_id: request_id.clone(),
            url: format!("{}/session", self.base_url),
            query: vec![("delete", "true".to_owned()), ("requestId", request_id)],
            authorization: snowflake_token(&token),
            body: Some(b"{}".to_vec()),
            timeout: self.settings.request_timeout,
            secrets: vec![&token],
        }
        .send(&self.http)
        .await
        .map(|_| ())
    }
}
