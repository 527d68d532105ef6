//! `POST /session/v1/login-request`: password logins.

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
    router::AppState,
    sessions::ServerSession,
};
use crate::{engine::Session, sql::binds::Binds};

/// Code of a rejected login.
const BAD_CREDENTIALS: &str = "390100";
/// Message of a rejected login; it never says which part was wrong.
const BAD_CREDENTIALS_MESSAGE: &str = "Incorrect username or password was specified.";
/// What `serverVersion` reports.
const SERVER_VERSION: &str = "9.99.0";

/// Checks LOGIN_NAME and PASSWORD against the catalog, opens an engine session, applies the
/// `roleName`/`warehouse`/`databaseName`/`schemaName` query parameters and answers the tokens.
#[tracing::instrument(skip_all, fields(operation = "login", user = tracing::field::Empty))]
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
    let (Some(login), Some(password)) = (data["LOGIN_NAME"].as_str(), data["PASSWORD"].as_str())
    else {
        return rejected();
    };
    tracing::Span::current().record("user", login);
    let snapshot = state.engine.snapshot();
    let Some(user) = snapshot
        .user_by_login(login)
        .filter(|u| !u.is_disabled() && u.verify_password(password))
    else {
        tracing::info!("login rejected");
        return rejected();
    };
    let session = state.engine.session(&user.name.to_string());
    if let Err(error) = apply_context(&session, &params).await {
        tracing::info!(%error, "login context rejected");
        return envelope::failure(
            error.code(),
            &error.to_string(),
            json!({"sqlState": error.sql_state()}),
        );
    }
    let opened = state.sessions.open(session);
    tracing::info!(session_id = opened.session.id(), "logged in");
    envelope::success(login_data(&state, &opened, &user.display_name()))
}

fn rejected() -> Response {
    envelope::failure(
        BAD_CREDENTIALS,
        BAD_CREDENTIALS_MESSAGE,
        json!({"nextAction": null, "authnMethod": "PASSWORD"}),
    )
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
        "token": opened.token,
        "validityInSeconds": state.config.session_validity.as_secs(),
        "masterToken": opened.master_token,
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
            list.push(json!({"name": name, "value": value}));
        }
    }
    Value::Array(list)
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
