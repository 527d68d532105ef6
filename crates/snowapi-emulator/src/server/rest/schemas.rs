//! `/api/v2/databases/{database}/schemas`: list, create, fetch, create-or-alter, drop, clone and
//! undrop schemas (`openapi/schema.yaml`), as SQL in the caller's session.
//!
//! Every writable property of the model is kept: comment, retention time, transience and
//! managed access in CREATE, the object parameters (log level, task settings, …) with ALTER
//! SCHEMA SET.

use axum::{
    Json, Router,
    body::Bytes,
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::get,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::{JsonBody, decode},
    caller::Caller,
    container_model::{ShowRow, container_model},
    databases::{not_implemented, properties, retention, transient},
    error::RestError,
    object_parameters::{self, ObjectParameters},
    params::{self, CreateMode, Params, RestPath, canonical, ident},
    split_action, success,
    tags::{self, Tagged},
};
use crate::catalog::{Catalog, Name, TagDomain};
use crate::server::{envelope, router::AppState};

/// The routes of schemas.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v2/databases/{database}/schemas",
            get(list).post(create),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{name}",
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
}

/// The writable part of a `Schema` (or `SchemaClone`) body.
#[derive(Debug, Clone, Deserialize)]
struct SchemaIn {
    name: String,
    kind: Option<String>,
    comment: Option<String>,
    managed_access: Option<bool>,
    data_retention_time_in_days: Option<i64>,
    point_of_time: Option<Value>,
    /// LOG_LEVEL, PIPE_EXECUTION_PAUSED and the other object parameters.
    #[serde(flatten)]
    parameters: ObjectParameters,
}

/// The model with the object parameters the catalog keeps for the schema.
fn with_parameters(catalog: &Catalog, mut model: Value) -> Value {
    let name = |key: &str| model[key].as_str().map(|n| Name::canonical(n.to_owned()));
    let kept = match (name("database_name"), name("name")) {
        (Some(database), Some(schema)) => catalog
            .schema(&database, &schema)
            .ok()
            .map(|s| s.parameters.clone()),
        _ => None,
    };
    if let Some(fields) = model.as_object_mut() {
        object_parameters::add_to_model(fields, kept.as_ref(), true);
    }
    model
}

/// `ALTER SCHEMA … SET` of the body's object parameters, if it sets any.
async fn set_parameters(caller: &Caller, target: &str, body: &SchemaIn) -> Result<(), RestError> {
    let set = body
        .parameters
        .set_clause(true)
        .map_err(RestError::bad_request)?;
    if !set.is_empty() {
        caller
            .sql(&format!("ALTER SCHEMA {target} SET{set}"))
            .await?;
    }
    Ok(())
}

/// A SHOW SCHEMAS row as the `Schema` model.
fn model(row: &Map<String, Value>) -> Value {
    let cells = ShowRow(row);
    let mut model = container_model(row);
    model["managed_access"] = json!(cells.text("options").contains("MANAGED ACCESS"));
    model["database_name"] = json!(cells.text("database_name"));
    model
}

/// The SHOW row of schema `name` of `database`, if it exists (404 when the database does not).
async fn find(
    caller: &Caller,
    database: &str,
    name: &str,
) -> Result<Option<Map<String, Value>>, RestError> {
    let in_clause = format!(" IN DATABASE {}", ident(database)?);
    super::account_objects::find_in(caller, "SCHEMAS", &in_clause, name).await
}

fn qualified(database: &str, name: &str) -> Result<String, RestError> {
    Ok(format!("{}.{}", ident(database)?, ident(name)?))
}

fn shown(database: &str, name: &str) -> String {
    format!("{}.{}", canonical(database), canonical(name))
}

fn conflict_named(error: RestError, database: &str, name: &str) -> RestError {
    if error.status == StatusCode::CONFLICT {
        RestError::conflict("Schema", &shown(database, name))
    } else {
        error
    }
}

/// `GET /api/v2/databases/{database}/schemas`.
#[tracing::instrument(skip_all, fields(operation = "rest.schemas.list", user = %caller.user))]
async fn list(
    caller: Caller,
    RestPath(database): RestPath<String>,
    query: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let filter = query.list_filter()?;
    let history = if query.flag("history", false)? {
        " HISTORY"
    } else {
        ""
    };
    let sql = format!(
        "SHOW SCHEMAS{history}{}",
        filter.show_suffix(&format!(" IN DATABASE {}", ident(&database)?))
    );
    let rows = caller.sql_rows(&sql).await?;
    let catalog = caller.session().snapshot();
    Ok(Json(
        rows.iter()
            .filter(|row| filter.keep_row(row))
            .map(|row| with_parameters(&catalog, model(row)))
            .collect(),
    ))
}

/// `CREATE … SCHEMA` text for a body (`clone_of`: the qualified source of a clone).
fn create_sql(
    mode: CreateMode,
    target: &str,
    body: &SchemaIn,
    kind_param: Option<&str>,
    clone_of: Option<&str>,
) -> Result<String, RestError> {
    if body.point_of_time.as_ref().is_some_and(|p| !p.is_null()) {
        return Err(not_implemented("Cloning a schema at a point of time"));
    }
    let kind = if transient(body.kind.as_deref().or(kind_param))? {
        "TRANSIENT SCHEMA"
    } else {
        "SCHEMA"
    };
    let mut sql = format!("{} {target}", params::create_prefix(mode, kind));
    if let Some(source) = clone_of {
        sql.push_str(&format!(" CLONE {source}"));
    }
    if body.managed_access == Some(true) {
        sql.push_str(" WITH MANAGED ACCESS");
    }
    sql.push_str(&properties(
        retention(body.data_retention_time_in_days)?,
        body.comment.as_deref(),
    ));
    Ok(sql)
}

/// `POST /api/v2/databases/{database}/schemas?createMode=`.
#[tracing::instrument(skip_all, fields(operation = "rest.schemas.create", user = %caller.user))]
async fn create(
    caller: Caller,
    RestPath(database): RestPath<String>,
    query: Params,
    JsonBody(body): JsonBody<SchemaIn>,
) -> Result<Response, RestError> {
    let target = qualified(&database, &body.name)?;
    body.parameters
        .set_clause(true)
        .map_err(RestError::bad_request)?;
    let sql = create_sql(
        query.create_mode()?,
        &target,
        &body,
        query.get("kind"),
        None,
    )?;
    caller
        .sql(&sql)
        .await
        .map_err(|e| conflict_named(e, &database, &body.name))?;
    set_parameters(&caller, &target, &body).await?;
    tracing::info!(schema = %shown(&database, &body.name), "schema created");
    Ok(success(format!(
        "Schema {} successfully created.",
        canonical(&body.name)
    )))
}

/// `GET /api/v2/databases/{database}/schemas/{name}`.
#[tracing::instrument(skip_all, fields(operation = "rest.schemas.fetch", user = %caller.user))]
async fn fetch(
    caller: Caller,
    RestPath((database, raw)): RestPath<(String, String)>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("get-tags") => {
            return tags::get(
                &caller,
                Tagged::new(TagDomain::Schema, &[&database, name]),
                &query,
            )
            .await;
        }
        Some(action) => return Err(unknown_action(action)),
        None => {}
    }
    let row = find(&caller, &database, name)
        .await?
        .ok_or_else(|| RestError::not_found("Schema", &shown(&database, name)))?;
    Ok(Json(with_parameters(
        &caller.session().snapshot(),
        model(&row),
    )))
}

/// `PUT /api/v2/databases/{database}/schemas/{name}`: creates the schema, or alters it to match
/// the body (left-out properties go back to their defaults).
#[tracing::instrument(skip_all, fields(operation = "rest.schemas.create_or_alter", user = %caller.user))]
async fn create_or_alter(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    query: Params,
    JsonBody(body): JsonBody<SchemaIn>,
) -> Result<Response, RestError> {
    if canonical(&body.name) != canonical(&name) {
        return Err(RestError::bad_request(format!(
            "The body names schema '{}' but the path names '{}'.",
            canonical(&body.name),
            canonical(&name)
        )));
    }
    let target = qualified(&database, &name)?;
    body.parameters
        .set_clause(true)
        .map_err(RestError::bad_request)?;
    let Some(row) = find(&caller, &database, &name).await? else {
        let sql = create_sql(
            CreateMode::ErrorIfExists,
            &target,
            &body,
            query.get("kind"),
            None,
        )?;
        caller.sql(&sql).await?;
        set_parameters(&caller, &target, &body).await?;
        return Ok(success(format!(
            "Schema {} successfully created.",
            canonical(&name)
        )));
    };
    let existing = model(&row);
    if body.kind.is_some() && (existing["kind"] == "TRANSIENT") != transient(body.kind.as_deref())?
    {
        return Err(RestError::bad_request(
            "The kind of an existing schema cannot be changed.",
        ));
    }
    let days = retention(body.data_retention_time_in_days)?;
    let set = properties(days, body.comment.as_deref());
    if !set.is_empty() {
        caller
            .sql(&format!("ALTER SCHEMA {target} SET{set}"))
            .await?;
    }
    set_parameters(&caller, &target, &body).await?;
    let missing = body.parameters.missing(true);
    let mut unset: Vec<&str> = missing.iter().map(String::as_str).collect();
    if days.is_none() {
        unset.push("DATA_RETENTION_TIME_IN_DAYS");
    }
    if body.comment.is_none() {
        unset.push("COMMENT");
    }
    if !unset.is_empty() {
        caller
            .sql(&format!("ALTER SCHEMA {target} UNSET {}", unset.join(", ")))
            .await?;
    }
    let managed = body.managed_access.unwrap_or(false);
    if existing["managed_access"] != managed {
        let verb = if managed { "ENABLE" } else { "DISABLE" };
        caller
            .sql(&format!("ALTER SCHEMA {target} {verb} MANAGED ACCESS"))
            .await?;
    }
    tracing::info!(schema = %shown(&database, &name), "schema altered");
    Ok(success("Statement executed successfully."))
}

/// `DELETE /api/v2/databases/{database}/schemas/{name}?ifExists=&restrict=`.
#[tracing::instrument(skip_all, fields(operation = "rest.schemas.delete", user = %caller.user))]
async fn delete(
    caller: Caller,
    RestPath((database, name)): RestPath<(String, String)>,
    query: Params,
) -> Result<Response, RestError> {
    let if_exists = query.if_exists_clause()?;
    let restrict = if query.flag("restrict", false)? {
        " RESTRICT"
    } else {
        ""
    };
    let sql = format!(
        "DROP SCHEMA{if_exists} {}{restrict}",
        qualified(&database, &name)?
    );
    caller.sql(&sql).await?;
    Ok(success(format!(
        "{} successfully dropped.",
        canonical(&name)
    )))
}

/// `POST /api/v2/databases/{database}/schemas/{name}:clone|:undrop`.
#[tracing::instrument(skip_all, fields(operation = "rest.schemas.action", user = %caller.user))]
async fn action(
    caller: Caller,
    RestPath((database, raw)): RestPath<(String, String)>,
    query: Params,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("clone") => {
            let body: SchemaIn =
                decode(envelope::read_json(&headers, &body).map_err(RestError::bad_request)?)?;
            let target_database = query.get("targetDatabase").unwrap_or(&database).to_owned();
            let target = qualified(&target_database, &body.name)?;
            let source = qualified(&database, name)?;
            let sql = create_sql(
                query.create_mode()?,
                &target,
                &body,
                query.get("kind"),
                Some(&source),
            )?;
            caller
                .sql(&sql)
                .await
                .map_err(|e| conflict_named(e, &target_database, &body.name))?;
            tracing::info!(source = %shown(&database, name), schema = %shown(&target_database, &body.name), "schema cloned");
            Ok(success(format!(
                "Schema {} successfully created.",
                canonical(&body.name)
            )))
        }
        Some("undrop") => {
            caller
                .sql(&format!("UNDROP SCHEMA {}", qualified(&database, name)?))
                .await
                .map_err(|e| conflict_named(e, &database, name))?;
            Ok(success(format!(
                "Schema {} successfully restored.",
                canonical(name)
            )))
        }
        Some(action) if tags::is_tag_action(action) => {
            tags::post(
                &caller,
                Tagged::new(TagDomain::Schema, &[&database, name]),
                action,
                &query,
                &body,
            )
            .await
        }
        Some(other) => Err(unknown_action(other)),
        None => Err(RestError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            super::error::BAD_REQUEST_CODE,
            "POST is not allowed on a schema; use PUT to create or alter it.",
        )),
    }
}

fn unknown_action(action: &str) -> RestError {
    RestError::new(
        StatusCode::NOT_FOUND,
        super::error::BAD_REQUEST_CODE,
        format!("Unknown schema action ':{action}'."),
    )
}
