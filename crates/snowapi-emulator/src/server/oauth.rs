//! `POST /oauth/token-request`: an OAuth 2.0 token endpoint (RFC 6749) for the clients set
//! with [`EmulatorBuilder::oauth_client`](super::EmulatorBuilder::oauth_client). Grants
//! `client_credentials` and `refresh_token`; the client authenticates with HTTP basic
//! authentication or `client_id`/`client_secret` form fields. Its access tokens log in with
//! `AUTHENTICATOR: OAUTH` and authenticate SQL API requests as bearer tokens.

use std::collections::HashMap;

use axum::{
    Form, Json,
    extract::{State, rejection::FormRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use serde_json::json;

use super::{oauth_tokens::OAuthClientConfig, router::AppState};

/// Issues tokens for a known client; answers OAuth errors (`invalid_request`,
/// `invalid_client`, `invalid_grant`, `unsupported_grant_type`) otherwise.
#[tracing::instrument(skip_all, fields(operation = "oauth-token", client_id = tracing::field::Empty, grant_type = tracing::field::Empty))]
pub(crate) async fn token_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be application/x-www-form-urlencoded.",
        );
    };
    let basic = basic_credentials(&headers);
    let (client_id, secret) = match &basic {
        Some((id, secret)) => (id.as_str(), secret.as_str()),
        None => (
            form.get("client_id").map_or("", String::as_str),
            form.get("client_secret").map_or("", String::as_str),
        ),
    };
    let span = tracing::Span::current();
    span.record("client_id", client_id);
    let Some(client) = find_client(&state.config.oauth_clients, client_id, secret) else {
        tracing::info!("unknown client or wrong secret");
        let mut refused = oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
        if basic.is_some() {
            refused.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"snowflake\""),
            );
        }
        return refused;
    };
    let grant_type = form.get("grant_type").map_or("", String::as_str);
    span.record("grant_type", grant_type);
    let user = match grant_type {
        "client_credentials" => client.user.clone(),
        "refresh_token" => {
            let refresh = form.get("refresh_token").map_or("", String::as_str);
            match state.sessions.oauth.redeem_refresh(refresh, client_id) {
                Some(user) => user,
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The refresh token is invalid or was already used.",
                    );
                }
            }
        }
        "" => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is missing.",
            );
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only client_credentials and refresh_token are supported.",
            );
        }
    };
    let catalog = state.engine.snapshot();
    let Some(user) = catalog.user_by_login(&user).filter(|u| !u.is_disabled()) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The client's user does not exist or is disabled.",
        );
    };
    let user = user.name.to_string();
    let validity = state.config.oauth_token_validity;
    let (access, refresh) = state.sessions.oauth.issue(client_id, &user, validity);
    tracing::info!(user = %user, "issued an access token");
    let scope = form
        .get("scope")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "session:role-any".into());
    let mut answer = Json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": validity.as_secs(),
        "refresh_token": refresh,
        "username": user,
        "scope": scope,
    }))
    .into_response();
    no_store(&mut answer);
    answer
}

/// The configured client with this id and secret.
fn find_client<'a>(
    clients: &'a [OAuthClientConfig],
    client_id: &str,
    secret: &str,
) -> Option<&'a OAuthClientConfig> {
    clients
        .iter()
        .find(|c| c.client_id == client_id && !client_id.is_empty())
        .filter(|c| {
            // Compare every byte, so the time taken does not tell how much matched.
            c.client_secret.len() == secret.len()
                && c.client_secret
                    .bytes()
                    .zip(secret.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
}

/// The id and secret of an `Authorization: Basic …` header.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("Basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// An RFC 6749 §5.2 error answer.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut answer = (
        status,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response();
    no_store(&mut answer);
    answer
}

/// Token answers must not be cached (RFC 6749 §5.1).
fn no_store(answer: &mut Response) {
    answer
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_and_clients() {
        let mut headers = HeaderMap::new();
        assert_eq!(basic_credentials(&headers), None);
        let encoded = base64::engine::general_purpose::STANDARD.encode("app:s3:cret");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {encoded}")).unwrap(),
        );
        assert_eq!(
            basic_credentials(&headers),
            Some(("app".into(), "s3:cret".into()))
        );
        let clients = [OAuthClientConfig {
            client_id: "app".into(),
            client_secret: "s3:cret".into(),
            user: "ANN".into(),
        }];
        assert!(find_client(&clients, "app", "s3:cret").is_some());
        assert!(find_client(&clients, "app", "s3:cre").is_none());
        assert!(find_client(&clients, "other", "s3:cret").is_none());
    }
}
