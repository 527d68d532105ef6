//! `POST /session/v1/login-request`: logins with a password, key-pair JWT, OAuth access token or
//! programmatic access token.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::HeaderMap,
    response::Response,
};
use serde_json::{Value, json};

use super::{
    builder::identifier,
    envelope::{self, BAD_REQUEST},
    login_auth,
    router::AppState,
    sessions::ServerSession,
};
use crate::{engine::Session, sql::binds::Binds};

/// What `serverVersion` reports.
const SERVER_VERSION: &str = "9.99.0";

/// Checks the credentials against the catalog (see `login_auth.rs`: password, key-pair JWT,
/// OAuth, PAT), opens an engine session, applies the
/// `roleName`/`warehouse`/`databaseName`/`schemaName` query parameters and answers the tokens.
#[tracing::instrument(skip_all, fields(operation = "login", user = tracing::field::Empty, authenticator = tracing::field::Empty))]
pub(crate) async fn login(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match envelope::read_json(&headers, &body) {
        Ok(body) => body,
        Err(message) => return envelope::failure(BAD_REQUEST, &message, Value::Null),
    };
    let data = &body["data"];
    if let Some(login) = data["LOGIN_NAME"].as_str() {
        tracing::Span::current().record("user", login);
    }
    let (authenticator, user) = login_auth::authenticate(&state, data);
    tracing::Span::current().record("authenticator", authenticator.as_str());
    let identity = match user {
        Ok(identity) => identity,
        Err(refusal) => {
            tracing::info!(?refusal, "login rejected");
            return refusal.response(&authenticator);
        }
    };
    let session = state.engine.session(&identity.user.name.to_string());
    // Before the login's roleName, so that asking for another role than the PAT's fails.
    super::bearer::restrict_role(&session, identity.role_restriction.as_deref());
    apply_session_parameters(&session, &data["SESSION_PARAMETERS"]);
    if let Err(error) = apply_context(&session, &params).await {
        tracing::info!(%error, "login context rejected");
        return envelope::failure(
            error.code(),
            &error.to_string(),
            json!({"sqlState": error.sql_state()}),
        );
    }
    let opened = state.sessions.open(
        session,
        state.config.session_validity,
        state.config.master_validity,
    );
    tracing::info!(session_id = opened.session.id(), "logged in");
    envelope::success(login_data(&state, &opened, &identity.user.display_name()))
}

/// Sets the login's `SESSION_PARAMETERS` as ALTER SESSION would. The 5.x connector sends every
/// value as text and 4.x sends JSON numbers and booleans; both are stored as text.
fn apply_session_parameters(session: &Session, requested: &Value) {
    let Some(requested) = requested.as_object() else {
        return;
    };
    session.update(|state| {
        for (name, value) in requested {
            let text = match value {
                Value::Null => continue,
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            state.parameters.insert(name.to_uppercase(), text);
        }
    });
}

/// Runs `USE ROLE/WAREHOUSE/DATABASE/SCHEMA` for the query parameters that are present.
async fn apply_context(
    session: &Session,
    params: &HashMap<String, String>,
) -> crate::error::Result<()> {
    for (param, kind) in [
        ("roleName", "ROLE"),
        ("warehouse", "WAREHOUSE"),
        ("databaseName", "DATABASE"),
        ("schemaName", "SCHEMA"),
    ] {
        if let Some(value) = params.get(param).filter(|v| !v.is_empty()) {
            session
                .execute(&format!("USE {kind} {}", identifier(value)), &Binds::none())
                .await?;
        }
    }
    Ok(())
}

fn login_data(state: &AppState, opened: &ServerSession, display_name: &str) -> Value {
    json!({
        "token": opened.token(),
        "validityInSeconds": state.config.session_validity.as_secs(),
        "masterToken": opened.master_token(),
        "masterValidityInSeconds": state.config.master_validity.as_secs(),
        "sessionId": opened.session.id(),
        "serverVersion": SERVER_VERSION,
        "parameters": parameters(&opened.session),
        "sessionInfo": session_info(&opened.session),
        "displayUserName": display_name,
        "firstLogin": false,
        "healthCheckInterval": 45,
        "idToken": null,
        "mfaToken": null,
    })
}

/// The session parameters clients read: TIMEZONE, AUTOCOMMIT,
/// CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (0, so clients never stage binds), then any set with
/// ALTER SESSION.
pub(crate) fn parameters(session: &Session) -> Value {
    let state = session.state();
    let get = |name: &str| state.parameters.get(name).cloned();
    let mut list = vec![
        json!({"name": "TIMEZONE", "value": get("TIMEZONE").unwrap_or_else(|| "UTC".into())}),
        json!({"name": "AUTOCOMMIT", "value": get("AUTOCOMMIT").is_none_or(|v| !v.eq_ignore_ascii_case("false"))}),
        json!({"name": "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", "value": 0}),
    ];
    for (name, value) in &state.parameters {
        if !matches!(
            name.as_str(),
            "TIMEZONE" | "AUTOCOMMIT" | "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD"
        ) {
            list.push(json!({"name": name, "value": typed(value)}));
        }
    }
    Value::Array(list)
}

/// A parameter value as the clients expect it back: numbers and booleans as JSON numbers and
/// booleans (4.x compares e.g. CLIENT_PREFETCH_THREADS numerically), anything else as text.
fn typed(value: &str) -> Value {
    if let Ok(number) = value.parse::<i64>() {
        return json!(number);
    }
    match value.to_ascii_lowercase().as_str() {
        "true" => json!(true),
        "false" => json!(false),
        _ => json!(value),
    }
}

/// `sessionInfo`: the current database, schema, warehouse and role.
fn session_info(session: &Session) -> Value {
    let state = session.state();
    json!({
        "databaseName": state.database.as_ref().map(ToString::to_string),
        "schemaName": state.schema.as_ref().map(ToString::to_string),
        "warehouseName": state.warehouse.as_ref().map(ToString::to_string),
        "roleName": state.role,
    })
}
