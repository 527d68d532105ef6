//! REST API v2 account roles (`openapi/role.yaml`): list, create, drop, and the grants a role
//! holds (now or on future objects), who holds it, and what is granted on it.

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    error::RestError,
    grantee_grants::{Change, Grantee, change, listed},
    grants::{future_grant_json, grant_json, run},
    params::{Params, RestPath, create_prefix, ident, sql_string},
    tags,
};
use crate::{catalog::TagDomain, server::router::AppState};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/roles", get(list).post(create))
        .route(
            "/api/v2/roles/{name}",
            axum::routing::delete(delete)
                .post(|c, p, q, b| tags::account_post(TagDomain::Role, c, p, q, b))
                .get(|c, p, q| tags::account_get(TagDomain::Role, c, p, q)),
        )
        .route(
            "/api/v2/roles/{name}/grants",
            get(list_grants).post(|c, p, q, b| change(Grantee::Role, Change::GRANT, c, p, q, b)),
        )
        .route(
            "/api/v2/roles/{name}/grants:revoke",
            axum::routing::post(|c, p, q, b| change(Grantee::Role, Change::REVOKE, c, p, q, b)),
        )
        .route("/api/v2/roles/{name}/grants-of", get(list_grants_of))
        .route("/api/v2/roles/{name}/grants-on", get(list_grants_on))
        .route(
            "/api/v2/roles/{name}/future-grants",
            get(list_future_grants)
                .post(|c, p, q, b| change(Grantee::Role, Change::GRANT_FUTURE, c, p, q, b)),
        )
        .route(
            "/api/v2/roles/{name}/future-grants:revoke",
            axum::routing::post(|c, p, q, b| {
                change(Grantee::Role, Change::REVOKE_FUTURE, c, p, q, b)
            }),
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
    let rows = super::account_objects::list_rows(&caller, "ROLES", &filter).await?;
    Ok(Json(rows.iter().map(role_json).collect()))
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
    tracing::debug!(operation = "deleteRole", name, "REST");
    super::account_objects::drop(&caller, &params, "ROLE", &name).await
}

async fn list_grants(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleGrants", name, "REST");
    let sql = format!("SHOW GRANTS TO ROLE {}", ident(&name)?);
    listed(&caller, &sql, &params, grant_json).await
}

async fn list_future_grants(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleFutureGrants", name, "REST");
    let sql = format!("SHOW FUTURE GRANTS TO ROLE {}", ident(&name)?);
    listed(&caller, &sql, &params, future_grant_json).await
}

async fn list_grants_of(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleGrantsOf", name, "REST");
    let sql = format!("SHOW GRANTS OF ROLE {}", ident(&name)?);
    let keys = [
        "created_on",
        "role",
        "granted_to",
        "grantee_name",
        "granted_by",
    ];
    listed(&caller, &sql, &params, |row| pick(row, &keys)).await
}

async fn list_grants_on(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listRoleGrantsOn", name, "REST");
    let sql = format!("SHOW GRANTS ON ROLE {}", ident(&name)?);
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
    listed(&caller, &sql, &params, |row| pick(row, &keys)).await
}

/// The row with only `keys`, as they are.
fn pick(row: &Map<String, Value>, keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .filter_map(|k| row.get(*k).map(|v| ((*k).to_owned(), v.clone())))
            .collect(),
    )
}
