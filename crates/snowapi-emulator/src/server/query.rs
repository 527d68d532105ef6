//! `POST /queries/v1/query-request`: runs one statement synchronously and answers a JSON result.

use axum::{body::Bytes, extract::State, http::HeaderMap, response::Response};
use serde_json::{Value, json};

use super::{
    auth, bindings,
    envelope::{self, BAD_REQUEST},
    login, result_data,
    router::AppState,
};
use crate::{engine::Session, error::EmulatorError};

/// Runs `sqlText` (with `bindings`) in the caller's session. Success answers `rowtype`, a string
/// `rowset`, `total`/`returned`, `queryId`, `statementTypeId`, the session parameters and the
/// `final*Name` context; failure answers the statement's code with `sqlState` and `queryId`.
#[tracing::instrument(skip_all, fields(operation = "query", query_id = tracing::field::Empty, session_id = tracing::field::Empty))]
pub(crate) async fn query(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let opened = match auth::session(&state.sessions, &headers) {
        Some(opened) => opened,
        None => return auth::unknown_session(),
    };
    let span = tracing::Span::current();
    span.record("session_id", opened.session.id());
    let body = match envelope::read_json(&headers, &body) {
        Ok(body) => body,
        Err(message) => return envelope::failure(BAD_REQUEST, &message, Value::Null),
    };
    let Some(sql) = body["sqlText"].as_str() else {
        return envelope::failure(BAD_REQUEST, "The request has no sqlText.", Value::Null);
    };
    let binds = match bindings::parse(&body["bindings"]) {
        Ok(binds) => binds,
        Err(message) => return envelope::failure(BAD_REQUEST, &message, Value::Null),
    };
    let query_id = uuid::Uuid::new_v4().to_string();
    span.record("query_id", query_id.as_str());
    let session = &opened.session;
    match session.execute_with_id(&query_id, sql, &binds).await {
        Ok(result) => {
            tracing::debug!(rows = result.row_count(), "query succeeded");
            let mut data = result_data::result_data(&state, &result);
            data["numberOfBinds"] = json!(binds.positional.len() + binds.named.len());
            data["arrayBindSupported"] = json!(false);
            add_context(&mut data, session);
            envelope::success(data)
        }
        Err(error) => {
            tracing::debug!(code = error.code(), "query failed");
            error_response(&error, &query_id, session)
        }
    }
}

/// The error envelope of a failed statement (PROTOCOL.md 2.4).
fn error_response(error: &EmulatorError, query_id: &str, session: &Session) -> Response {
    let mut data = json!({
        "queryId": query_id,
        "sqlState": error.sql_state(),
        "errorCode": error.code(),
        "internalError": false,
    });
    add_context(&mut data, session);
    envelope::failure(error.code(), &error.to_string(), data)
}

/// `parameters` and `finalDatabaseName`/`finalSchemaName`/`finalWarehouseName`/`finalRoleName`.
fn add_context(data: &mut Value, session: &Session) {
    let state = session.state();
    let name = |n: &Option<crate::catalog::Name>| n.as_ref().map(ToString::to_string);
    if let Some(map) = data.as_object_mut() {
        map.insert("parameters".into(), login::parameters(session));
        map.insert("finalDatabaseName".into(), json!(name(&state.database)));
        map.insert("finalSchemaName".into(), json!(name(&state.schema)));
        map.insert("finalWarehouseName".into(), json!(name(&state.warehouse)));
        map.insert("finalRoleName".into(), json!(state.role));
    }
}
