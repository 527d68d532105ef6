//! REST API v2 account roles (`openapi/role.yaml`): list, create, drop, and the grants a role
//! holds (now or on future objects), who holds it, and what is granted on it.

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    error::RestError,
    grants::{
        Direction, GrantBody, future_grant_json, grant_json, grant_sql, limited, revoke_mode, run,
    },
    params::{Params, RestPath, create_prefix, ident, sql_string},
    split_action,
};
use crate::{error::EmulatorError, server::router::AppState};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/roles", get(list).post(create))
        .route(
            "/api/v2/roles/{name}",
            axum::routing::delete(delete).post(action),
        )
        .route("/api/v2/roles/{name}/grants", get(list_grants).post(grant))
        .route(
            "/api/v2/roles/{name}/grants:revoke",
            axum::routing::post(revoke),
        )
        .route("/api/v2/roles/{name}/grants-of", get(list_grants_of))
        .route("/api/v2/roles/{name}/grants-on", get(list_grants_on))
        .route(
            "/api/v2/roles/{name}/future-grants",
            get(list_future_grants).post(grant_future),
        )
        .route(
            "/api/v2/roles/{name}/future-grants:revoke",
            axum::routing::post(revoke_future),
        )
}

/// A role as a create body gives it.
#[derive(Debug, Deserialize)]
struct RoleBody {
    name: String,
    comment: Option<String>,
}

/// A SHOW ROLES row as the model.
fn role_json(row: &Map<String, Value>) -> Value {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let flag = |key: &str| text(key) == "Y" || text(key).eq_ignore_ascii_case("true");
    let count = |key: &str| row.get(key).cloned().unwrap_or(json!(0));
    let mut role = json!({
        "name": text("name"),
        "created_on": row.get("created_on").cloned().unwrap_or_default(),
        "owner": text("owner"),
        "is_default": flag("is_default"),
        "is_current": flag("is_current"),
        "is_inherited": flag("is_inherited"),
        "assigned_to_users": count("assigned_to_users"),
        "granted_to_roles": count("granted_to_roles"),
        "granted_roles": count("granted_roles"),
    });
    if !text("comment").is_empty() {
        role["comment"] = json!(text("comment"));
    }
    role
}

async fn list(caller: Caller, params: Params) -> Result<Json<Vec<Value>>, RestError> {
    let filter = params.list_filter()?;
    tracing::debug!(operation = "listRoles", "REST");
    let rows = caller
        .sql_rows(&format!("SHOW ROLES{}", filter.show_suffix("")))
        .await?;
    Ok(Json(
        rows.iter()
            .filter(|row| {
                filter.keep_from(row.get("name").and_then(Value::as_str).unwrap_or_default())
            })
            .map(role_json)
            .collect(),
    ))
}

async fn create(
    caller: Caller,
    params: Params,
    JsonBody(body): JsonBody<RoleBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    tracing::debug!(operation = "createRole", name = body.name, "REST");
    let mut sql = format!("{} {}", create_prefix(mode, "ROLE"), ident(&body.name)?);
    if let Some(comment) = &body.comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    run(&caller, &sql).await
}

async fn delete(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Response, RestError> {
    let if_exists = params.if_exists_clause()?;
    tracing::debug!(operation = "deleteRole", name, "REST");
    run(&caller, &format!("DROP ROLE{if_exists} {}", ident(&name)?)).await
}

/// `POST /roles/{name}:set-tags|unset-tags`: tags are not kept by the emulator.
async fn action(RestPath(raw): RestPath<String>) -> Result<Response, RestError> {
    match split_action(&raw).1 {
        Some("set-tags" | "unset-tags") => {
            Err(RestError::from(EmulatorError::unsupported("role tags")))
        }
        _ => Err(RestError::bad_request(format!(
            "Unknown role action in '{raw}'."
        ))),
    }
}

async fn list_grants(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleGrants", name, "REST");
    let rows = caller
        .sql_rows(&format!("SHOW GRANTS TO ROLE {}", ident(&name)?))
        .await?;
    Ok(Json(limited(
        rows.iter().map(grant_json).collect(),
        &params,
    )?))
}

async fn grant(
    caller: Caller,
    RestPath(name): RestPath<String>,
    JsonBody(body): JsonBody<GrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "grantPrivilegesToRole", name, "REST");
    let grantee = format!("ROLE {}", ident(&name)?);
    run(
        &caller,
        &grant_sql(&body, &grantee, Direction::Grant, false)?,
    )
    .await
}

async fn revoke(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
    JsonBody(body): JsonBody<GrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "revokeGrantsFromRole", name, "REST");
    let grantee = format!("ROLE {}", ident(&name)?);
    let mode = revoke_mode(params.get("mode"))?;
    run(
        &caller,
        &grant_sql(&body, &grantee, Direction::Revoke(mode), false)?,
    )
    .await
}

async fn list_future_grants(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleFutureGrants", name, "REST");
    let rows = caller
        .sql_rows(&format!("SHOW FUTURE GRANTS TO ROLE {}", ident(&name)?))
        .await?;
    Ok(Json(limited(
        rows.iter().map(future_grant_json).collect(),
        &params,
    )?))
}

async fn grant_future(
    caller: Caller,
    RestPath(name): RestPath<String>,
    JsonBody(body): JsonBody<GrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "grantFuturePrivilegesToRole", name, "REST");
    let grantee = format!("ROLE {}", ident(&name)?);
    run(
        &caller,
        &grant_sql(&body, &grantee, Direction::Grant, true)?,
    )
    .await
}

async fn revoke_future(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
    JsonBody(body): JsonBody<GrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "revokeFutureGrantsFromRole", name, "REST");
    let grantee = format!("ROLE {}", ident(&name)?);
    let mode = revoke_mode(params.get("mode"))?;
    run(
        &caller,
        &grant_sql(&body, &grantee, Direction::Revoke(mode), true)?,
    )
    .await
}

async fn list_grants_of(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleGrantsOf", name, "REST");
    let rows = caller
        .sql_rows(&format!("SHOW GRANTS OF ROLE {}", ident(&name)?))
        .await?;
    let keys = [
        "created_on",
        "role",
        "granted_to",
        "grantee_name",
        "granted_by",
    ];
    Ok(Json(limited(pick(&rows, &keys), &params)?))
}

async fn list_grants_on(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleGrantsOn", name, "REST");
    let rows = caller
        .sql_rows(&format!("SHOW GRANTS ON ROLE {}", ident(&name)?))
        .await?;
    let keys = [
        "created_on",
        "privilege",
        "granted_on",
        "name",
        "granted_to",
        "grantee_name",
        "grant_option",
        "granted_by",
    ];
    Ok(Json(limited(pick(&rows, &keys), &params)?))
}

/// The rows with only `keys`, as they are.
fn pick(rows: &[Map<String, Value>], keys: &[&str]) -> Vec<Value> {
    rows.iter()
        .map(|row| {
            Value::Object(
                keys.iter()
                    .filter_map(|k| row.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                    .collect(),
            )
        })
        .collect()
}
