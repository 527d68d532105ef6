//! `POST /session/token-request`: renews a session token with the master token (PROTOCOL.md
//! §1.5).

use axum::{body::Bytes, extract::State, http::HeaderMap, response::Response};
use serde_json::{Value, json};

use super::{
    auth,
    envelope::{self, BAD_REQUEST},
    router::AppState,
    sessions::RenewError,
};

/// Code of a renewal whose master token is not known.
const MASTER_UNKNOWN: &str = "390113";
/// Code of a renewal whose master token has expired: the client must log in again.
const MASTER_EXPIRED: &str = "390114";
/// Code of a renewal whose `oldSessionToken` does not belong to the master token.
const MASTER_INVALID: &str = "390115";

/// With `requestType` RENEW (or ISSUE) and the master token in the Authorization header,
/// answers a session token for the master token's session: `sessionToken`,
/// `validityInSecondsST`, `masterToken`, `validityInSecondsMT`, `masterValidityInSeconds`,
/// `sessionId`.
#[tracing::instrument(skip_all, fields(operation = "token-request", session_id = tracing::field::Empty))]
pub(crate) async fn token_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match envelope::read_json(&headers, &body) {
        Ok(body) => body,
        Err(message) => return envelope::failure(BAD_REQUEST, &message, Value::Null),
    };
    let request_type = body["requestType"].as_str().unwrap_or("RENEW");
    if !request_type.eq_ignore_ascii_case("RENEW") && !request_type.eq_ignore_ascii_case("ISSUE") {
        return envelope::failure(BAD_REQUEST, "Unsupported requestType.", Value::Null);
    }
    let Some(master) = auth::token(&headers) else {
        return refused(RenewError::UnknownMaster);
    };
    let old = body["oldSessionToken"].as_str().filter(|t| !t.is_empty());
    match state
        .sessions
        .renew(master, old, state.config.session_validity)
    {
        Ok(opened) => {
            tracing::Span::current().record("session_id", opened.session.id());
            tracing::info!("session token renewed");
            envelope::success(json!({
                "sessionToken": opened.token(),
                "validityInSecondsST": opened.session_seconds_left(),
                "masterToken": opened.master_token(),
                "validityInSecondsMT": opened.master_seconds_left(),
                "masterValidityInSeconds": opened.master_seconds_left(),
                "sessionId": opened.session.id(),
            }))
        }
        Err(error) => {
            tracing::info!(?error, "renewal refused");
            refused(error)
        }
    }
}

fn refused(error: RenewError) -> Response {
    let (code, message) = match error {
        RenewError::UnknownMaster => (MASTER_UNKNOWN, "Master token not found."),
        RenewError::ExpiredMaster => (
            MASTER_EXPIRED,
            "Authentication token has expired.  The user must authenticate again.",
        ),
        RenewError::WrongSessionToken => (MASTER_INVALID, "Invalid master token."),
    };
    envelope::failure(code, message, Value::Null)
}
