//! `/api/v2/databases/{database}/database-roles`: list, create and drop database roles
//! (`openapi/database-role.yaml`), as SQL in the caller's session.
//!
//! The engine has no database-role clone, so `:clone` answers 501; the grant sub-resources of a
//! database role are not served here.

use axum::{
    Json, Router,
    http::StatusCode,
    response::Response,
    routing::{delete as delete_route, get},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    databases::not_implemented,
    error::RestError,
    params::{self, Params, RestPath, canonical, ident, sql_string},
    split_action, success,
};
use crate::server::router::AppState;

/// The routes of database roles.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v2/databases/{database}/database-roles",
            get(list).post(create),
        )
        .route(
            "/api/v2/databases/{database}/database-roles/{name}",
            delete_route(delete).post(action),
        )
}

/// The writable part of a `DatabaseRole` body.
#[derive(Debug, Clone, Deserialize)]
struct DatabaseRoleIn {
    name: String,
    comment: Option<String>,
}

/// A SHOW DATABASE ROLES row as the `DatabaseRole` model.
fn model(row: &Map<String, Value>) -> Value {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let comment = text("comment");
    json!({
        "name": text("name"),
        "comment": if comment.is_empty() { Value::Null } else { json!(comment) },
        "created_on": row.get("created_on").cloned().unwrap_or(Value::Null),
        "granted_to_roles": row.get("granted_to_roles").cloned().unwrap_or(Value::Null),
        "granted_to_database_roles": row.get("granted_to_database_roles").cloned().unwrap_or(Value::Null),
        "granted_database_roles": row.get("granted_database_roles").cloned().unwrap_or(Value::Null),
        "owner": text("owner"),
        "owner_role_type": text("owner_role_type"),
    })
}

fn qualified(database: &str, name: &str) -> Result<String, RestError> {
    Ok(format!("{}.{}", ident(database)?, ident(name)?))
}

/// `GET /api/v2/databases/{database}/database-roles?showLimit=&fromName=`.
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.list", user = %caller.user))]
async fn list(
    caller: Caller,
    RestPath(database): RestPath<String>,
    query: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let filter = params::ListFilter {
        like: None,
        starts_with: None,
        ..query.list_filter()?
    };
    let sql = format!(
        "SHOW DATABASE ROLES{}",
        filter.show_suffix(&format!(" IN DATABASE {}", ident(&database)?))
    );
    let rows = caller.sql_rows(&sql).await?;
    Ok(Json(
        rows.iter()
            .filter(|row| filter.keep_from(row.get("name").and_then(Value::as_str).unwrap_or("")))
            .map(model)
            .collect(),
    ))
}

/// `POST /api/v2/databases/{database}/database-roles?createMode=`.
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.create", user = %caller.user))]
async fn create(
    caller: Caller,
    RestPath(database): RestPath<String>,
    query: Params,
    JsonBody(body): JsonBody<DatabaseRoleIn>,
) -> Result<Response, RestError> {
    let mut sql = format!(
        "{} {}",
        params::create_prefix(query.create_mode()?, "DATABASE ROLE"),
        qualified(&database, &body.name)?
    );
    if let Some(comment) = &body.comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    let shown = format!("{}.{}", canonical(&database), canonical(&body.name));
    caller.sql(&sql).await.map_err(|e| {
        if e.status == StatusCode::CONFLICT {
            RestError::conflict("Database role", &shown)
        } else {
            e
        }
    })?;
    tracing::info!(database_role = %shown, "database role created");
    Ok(success(format!(
        "Database role {} successfully created.",
        canonical(&body.name)
    )))
}

/// `DELETE /api/v2/databases/{database}/database-roles/{name}?ifExists=`.
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.delete", user = %caller.user))]
async fn delete(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    query: Params,
) -> Result<Response, RestError> {
    let if_exists = query.if_exists_clause()?;
    caller
        .sql(&format!(
            "DROP DATABASE ROLE{if_exists} {}",
            qualified(&database, &name)?
        ))
        .await?;
    Ok(success(format!(
        "{} successfully dropped.",
        canonical(&name)
    )))
}

/// `POST /api/v2/databases/{database}/database-roles/{name}:clone|:…-tags`.
async fn action(
    _caller: Caller,
    RestPath((_database, raw)): RestPath<(String, String)>,
) -> Result<Response, RestError> {
    match split_action(&raw).1 {
        Some("clone") => Err(not_implemented("Cloning database roles")),
        Some("set-tags" | "unset-tags") => Err(not_implemented("Tags on database roles")),
        Some(other) => Err(RestError::new(
            StatusCode::NOT_FOUND,
            super::error::BAD_REQUEST_CODE,
            format!("Unknown database role action ':{other}'."),
        )),
        None => Err(RestError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            super::error::BAD_REQUEST_CODE,
            "POST is not allowed on a database role.",
        )),
    }
}
