//! `/api/v2/databases/{database}/database-roles`: list, create, drop and clone database roles
//! (`openapi/database-role.yaml`), and the privileges they hold now or on future objects
//! (`/grants`, `/future-grants`), as SQL in the caller's session.
//!
//! SQL has no clone of a database role, so `:clone` creates the new role and grants it what
//! SHOW GRANTS and SHOW FUTURE GRANTS list for the source.

use axum::{
    Json, Router,
    http::StatusCode,
    response::Response,
    routing::{delete as delete_route, get, post},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::{self, JsonBody},
    caller::Caller,
    error::RestError,
    grants::{
        Direction, GrantBody, future_grant_json, grant_json, grant_sql, limited, revoke_mode, run,
    },
    params::{self, CreateMode, Params, RestPath, canonical, ident, sql_string},
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
            delete_route(delete).post(action).get(get_tags),
        )
        .route(
            "/api/v2/databases/{database}/database-roles/{name}/grants",
            get(list_grants).post(|c, p, b| grant(c, p, b, false)),
        )
        .route(
            "/api/v2/databases/{database}/database-roles/{name}/grants:revoke",
            post(|c, p, q, b| revoke(c, p, q, b, false)),
        )
        .route(
            "/api/v2/databases/{database}/database-roles/{name}/future-grants",
            get(list_future_grants).post(|c, p, b| grant(c, p, b, true)),
        )
        .route(
            "/api/v2/databases/{database}/database-roles/{name}/future-grants:revoke",
            post(|c, p, q, b| revoke(c, p, q, b, true)),
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
            .filter(|row| filter.keep_row(row))
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

/// `GET /api/v2/databases/{database}/database-roles/{name}:get-tags`.
async fn get_tags(
    caller: Caller,
    RestPath((database, raw)): RestPath<(String, String)>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    let domain = crate::catalog::TagDomain::DatabaseRole;
    super::tags::get_if_asked(&caller, domain, &[&database, name], action, &query)
        .await
        .unwrap_or_else(|| {
            Err(RestError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                super::error::BAD_REQUEST_CODE,
                "GET is not allowed on a database role; list them with GET …/database-roles.",
            ))
        })
}

/// `POST /api/v2/databases/{database}/database-roles/{name}:clone|:…-tags`.
async fn action(
    caller: Caller,
    RestPath((database, raw)): RestPath<(String, String)>,
    query: Params,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("clone") => {
            let value: Value = serde_json::from_slice(&body)
                .map_err(|e| RestError::bad_request(format!("Invalid JSON body: {e}")))?;
            let target: CloneBody = body::decode(value)?;
            clone(&caller, &database, name, &query, &target.name).await
        }
        Some(action @ ("set-tags" | "unset-tags")) => {
            let names = [database.as_str(), name];
            let object = super::tags::Tagged::new(crate::catalog::TagDomain::DatabaseRole, &names);
            super::tags::post(&caller, object, action, &query, &body).await
        }
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

/// The body of `:clone`: the new role's name.
#[derive(Debug, Clone, Deserialize)]
struct CloneBody {
    name: String,
}

/// `:clone?createMode=&targetDatabase=`: creates the role, then grants it every privilege and
/// future grant the source holds.
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.clone", user = %caller.user))]
async fn clone(
    caller: &Caller,
    database: &str,
    source_name: &str,
    query: &Params,
    name: &str,
) -> Result<Response, RestError> {
    let source = qualified(database, source_name)?;
    let into = query.get("targetDatabase").unwrap_or(database);
    let target = qualified(into, name)?;
    // Reading the source first gives its 404 before anything is created.
    let held = caller
        .sql_rows(&format!("SHOW GRANTS TO DATABASE ROLE {source}"))
        .await?;
    let future = caller
        .sql_rows(&format!("SHOW FUTURE GRANTS TO DATABASE ROLE {source}"))
        .await?;
    let mode = query.create_mode()?;
    if mode == CreateMode::IfNotExists {
        let existing = caller
            .sql_rows(&format!("SHOW DATABASE ROLES IN DATABASE {}", ident(into)?))
            .await?;
        if existing
            .iter()
            .any(|row| row.get("name").and_then(Value::as_str) == Some(&canonical(name)))
        {
            return Ok(success(format!(
                "{} already exists, statement succeeded.",
                canonical(name)
            )));
        }
    }
    caller
        .sql(&format!(
            "{} {target}",
            params::create_prefix(mode, "DATABASE ROLE")
        ))
        .await?;
    let grantee = format!("DATABASE ROLE {target}");
    let copies = held
        .iter()
        .map(|row| (grant_json(row), false))
        .chain(future.iter().map(|row| (future_grant_json(row), true)));
    for (model, is_future) in copies {
        // Ownership stays with the source's owner, as a copy of privileges would.
        if model["privileges"][0] == "OWNERSHIP" {
            continue;
        }
        let grant: GrantBody = body::decode(model)?;
        caller
            .sql(&grant_sql(&grant, &grantee, Direction::Grant, is_future)?)
            .await?;
    }
    Ok(success(format!(
        "Database role {} successfully created.",
        canonical(name)
    )))
}

/// `DATABASE ROLE "DB"."R"` of the path.
fn grantee(database: &str, name: &str) -> Result<String, RestError> {
    Ok(format!("DATABASE ROLE {}", qualified(database, name)?))
}

/// `GET …/database-roles/{name}/grants?showLimit=`.
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.list_grants", user = %caller.user))]
async fn list_grants(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    query: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let rows = caller
        .sql_rows(&format!("SHOW GRANTS TO {}", grantee(&database, &name)?))
        .await?;
    Ok(Json(limited(
        rows.iter().map(grant_json).collect(),
        &query,
    )?))
}

/// `GET …/database-roles/{name}/future-grants?showLimit=`.
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.list_future_grants", user = %caller.user))]
async fn list_future_grants(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    query: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let rows = caller
        .sql_rows(&format!(
            "SHOW FUTURE GRANTS TO {}",
            grantee(&database, &name)?
        ))
        .await?;
    Ok(Json(limited(
        rows.iter().map(future_grant_json).collect(),
        &query,
    )?))
}

/// GRANT or REVOKE of a Grant body for the path's database role.
async fn change(
    caller: &Caller,
    (database, name): (&str, &str),
    grant: &GrantBody,
    direction: Direction,
    future: bool,
) -> Result<Response, RestError> {
    let sql = grant_sql(grant, &grantee(database, name)?, direction, future)?;
    run(caller, &sql).await
}

/// `POST …/database-roles/{name}/grants` (and `/future-grants` when `future`).
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.grant", user = %caller.user, future))]
async fn grant(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    JsonBody(body): JsonBody<GrantBody>,
    future: bool,
) -> Result<Response, RestError> {
    change(&caller, (&database, &name), &body, Direction::Grant, future).await
}

/// `POST …/database-roles/{name}/grants:revoke?mode=` (and `/future-grants:revoke` when
/// `future`).
#[tracing::instrument(skip_all, fields(operation = "rest.database_roles.revoke", user = %caller.user, future))]
async fn revoke(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    query: Params,
    JsonBody(body): JsonBody<GrantBody>,
    future: bool,
) -> Result<Response, RestError> {
    let direction = Direction::Revoke(revoke_mode(query.get("mode"))?);
    change(&caller, (&database, &name), &body, direction, future).await
}
