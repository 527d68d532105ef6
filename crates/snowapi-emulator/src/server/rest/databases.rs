//! `/api/v2/databases`: list, create, fetch, create-or-alter, drop, clone and undrop databases
//! (`openapi/database.yaml`), as SQL in the caller's session over the shared catalog.
//!
//! Every writable property of the model is kept: comment, retention time and transience in
//! CREATE, the object parameters (log level, task settings, …) with ALTER DATABASE SET.

use axum::{
    Json, Router,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    body::JsonBody,
    caller::Caller,
    container_model::{ShowRow, container_model},
    error::RestError,
    object_parameters::{self, ObjectParameters},
    params::{self, CreateMode, Params, RestPath, canonical, ident, sql_string},
    split_action, success,
    tags::{self, Tagged},
};
use crate::{
    catalog::{Catalog, Name, TagDomain},
    error::ErrorKind,
    server::router::AppState,
};

/// The routes of databases.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/databases", get(list).post(create))
        .route("/api/v2/databases:from-share", post(from_share))
        .route(
            "/api/v2/databases/{name}",
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
}

/// The writable part of a `Database` body (read-only and unknown fields are ignored).
#[derive(Debug, Clone, Deserialize)]
struct DatabaseIn {
    name: String,
    kind: Option<String>,
    comment: Option<String>,
    data_retention_time_in_days: Option<i64>,
    /// LOG_LEVEL, DEFAULT_DDL_COLLATION and the other object parameters.
    #[serde(flatten)]
    parameters: ObjectParameters,
}

/// A `DatabaseClone` body.
#[derive(Debug, Clone, Deserialize)]
struct CloneIn {
    name: String,
    kind: Option<String>,
    comment: Option<String>,
    data_retention_time_in_days: Option<i64>,
    point_of_time: Option<Value>,
}

/// Whether a `kind` asks for a transient database; 400 for an unknown kind.
pub(super) fn transient(kind: Option<&str>) -> Result<bool, RestError> {
    match kind.map(str::trim) {
        None | Some("") => Ok(false),
        Some(k) if k.eq_ignore_ascii_case("PERMANENT") => Ok(false),
        Some(k) if k.eq_ignore_ascii_case("TRANSIENT") => Ok(true),
        Some(other) => Err(RestError::bad_request(format!(
            "Invalid database kind '{other}': expected PERMANENT or TRANSIENT."
        ))),
    }
}

pub(super) fn retention(days: Option<i64>) -> Result<Option<i64>, RestError> {
    match days {
        Some(d) if !(0..=90).contains(&d) => Err(RestError::bad_request(format!(
            "Invalid data_retention_time_in_days {d}: expected 0 to 90."
        ))),
        other => Ok(other),
    }
}

/// ` DATA_RETENTION_TIME_IN_DAYS = n COMMENT = '…'` for the given properties.
pub(super) fn properties(retention_days: Option<i64>, comment: Option<&str>) -> String {
    let mut sql = String::new();
    if let Some(days) = retention_days {
        sql.push_str(&format!(" DATA_RETENTION_TIME_IN_DAYS = {days}"));
    }
    if let Some(comment) = comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    sql
}

/// A SHOW DATABASES row as the `Database` model.
fn model(row: &Map<String, Value>) -> Value {
    let mut model = container_model(row);
    model["origin"] = ShowRow(row).non_empty("origin");
    model
}

/// The model with the object parameters the catalog keeps for the database.
fn with_parameters(catalog: &Catalog, mut model: Value) -> Value {
    let kept = model["name"]
        .as_str()
        .and_then(|name| catalog.databases.get(&Name::canonical(name)))
        .map(|database| &database.parameters);
    if let Some(fields) = model.as_object_mut() {
        object_parameters::add_to_model(fields, kept, false);
    }
    model
}

/// The SHOW row of database `name`, if it exists.
async fn find(caller: &Caller, name: &str) -> Result<Option<Map<String, Value>>, RestError> {
    super::account_objects::find(caller, "DATABASES", name).await
}

/// `GET /api/v2/databases`.
#[tracing::instrument(skip_all, fields(operation = "rest.databases.list", user = %caller.user))]
async fn list(caller: Caller, query: Params) -> Result<Json<Vec<Value>>, RestError> {
    let filter = query.list_filter()?;
    let history = if query.flag("history", false)? {
        " HISTORY"
    } else {
        ""
    };
    let sql = format!("SHOW DATABASES{history}{}", filter.show_suffix(""));
    let rows = caller.sql_rows(&sql).await?;
    let catalog = caller.session().snapshot();
    Ok(Json(
        rows.iter()
            .filter(|row| filter.keep_row(row))
            .map(|row| with_parameters(&catalog, model(row)))
            .collect(),
    ))
}

/// `POST /api/v2/databases?createMode=`.
#[tracing::instrument(skip_all, fields(operation = "rest.databases.create", user = %caller.user))]
async fn create(
    caller: Caller,
    query: Params,
    JsonBody(body): JsonBody<DatabaseIn>,
) -> Result<Response, RestError> {
    let mode = query.create_mode()?;
    let parameters = body
        .parameters
        .set_clause(false)
        .map_err(RestError::bad_request)?;
    let is_transient = transient(body.kind.as_deref().or(query.get("kind")))?;
    let kind = if is_transient {
        "TRANSIENT DATABASE"
    } else {
        "DATABASE"
    };
    let sql = format!(
        "{} {}{}",
        params::create_prefix(mode, kind),
        ident(&body.name)?,
        properties(
            retention(body.data_retention_time_in_days)?,
            body.comment.as_deref()
        )
    );
    caller
        .sql(&sql)
        .await
        .map_err(|e| conflict_named(e, &body.name))?;
    if !parameters.is_empty() {
        caller
            .sql(&format!(
                "ALTER DATABASE {} SET{parameters}",
                ident(&body.name)?
            ))
            .await?;
    }
    tracing::info!(database = %canonical(&body.name), "database created");
    Ok(success(format!(
        "Database {} successfully created.",
        canonical(&body.name)
    )))
}

/// A 409 from the engine, said about `name` the way the REST API does.
fn conflict_named(error: RestError, name: &str) -> RestError {
    if error.status == StatusCode::CONFLICT {
        RestError::conflict("Database", &canonical(name))
    } else {
        error
    }
}

/// `GET /api/v2/databases/{name}` (and `{name}:get-tags`).
#[tracing::instrument(skip_all, fields(operation = "rest.databases.fetch", user = %caller.user))]
async fn fetch(
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("get-tags") => {
            return tags::get(&caller, Tagged::new(TagDomain::Database, &[name]), &query).await;
        }
        Some(action) => return Err(unknown_action(action)),
        None => {}
    }
    let row = find(&caller, name)
        .await?
        .ok_or_else(|| RestError::not_found("Database", &canonical(name)))?;
    Ok(Json(with_parameters(
        &caller.session().snapshot(),
        model(&row),
    )))
}

/// `PUT /api/v2/databases/{name}`: creates the database, or alters it to match the body.
/// Properties the body leaves out go back to their defaults, as Snowflake's create-or-alter does.
#[tracing::instrument(skip_all, fields(operation = "rest.databases.create_or_alter", user = %caller.user))]
async fn create_or_alter(
    caller: Caller,
    RestPath(name): RestPath<String>,
    JsonBody(body): JsonBody<DatabaseIn>,
) -> Result<Response, RestError> {
    if canonical(&body.name) != canonical(&name) {
        return Err(RestError::bad_request(format!(
            "The body names database '{}' but the path names '{}'.",
            canonical(&body.name),
            canonical(&name)
        )));
    }
    let is_transient = transient(body.kind.as_deref())?;
    let days = retention(body.data_retention_time_in_days)?;
    let parameters = body
        .parameters
        .set_clause(false)
        .map_err(RestError::bad_request)?;
    let target = ident(&name)?;
    let Some(row) = find(&caller, &name).await? else {
        let kind = if is_transient {
            "TRANSIENT DATABASE"
        } else {
            "DATABASE"
        };
        let sql = format!(
            "CREATE {kind} {target}{}",
            properties(days, body.comment.as_deref())
        );
        caller.sql(&sql).await?;
        if !parameters.is_empty() {
            caller
                .sql(&format!("ALTER DATABASE {target} SET{parameters}"))
                .await?;
        }
        return Ok(success(format!(
            "Database {} successfully created.",
            canonical(&name)
        )));
    };
    let existing = model(&row);
    if body.kind.is_some() && (existing["kind"] == "TRANSIENT") != is_transient {
        return Err(RestError::bad_request(
            "The kind of an existing database cannot be changed.",
        ));
    }
    let set = properties(days, body.comment.as_deref()) + &parameters;
    if !set.is_empty() {
        caller
            .sql(&format!("ALTER DATABASE {target} SET{set}"))
            .await?;
    }
    let missing = body.parameters.missing(false);
    let mut unset: Vec<&str> = missing.iter().map(String::as_str).collect();
    if days.is_none() {
        unset.push("DATA_RETENTION_TIME_IN_DAYS");
    }
    if body.comment.is_none() {
        unset.push("COMMENT");
    }
    if !unset.is_empty() {
        caller
            .sql(&format!(
                "ALTER DATABASE {target} UNSET {}",
                unset.join(", ")
            ))
            .await?;
    }
    tracing::info!(database = %canonical(&name), "database altered");
    Ok(success("Statement executed successfully."))
}

/// `DELETE /api/v2/databases/{name}?ifExists=&restrict=`.
#[tracing::instrument(skip_all, fields(operation = "rest.databases.delete", user = %caller.user))]
async fn delete(
    caller: Caller,
    RestPath(name): RestPath<String>,
    query: Params,
) -> Result<Response, RestError> {
    let if_exists = query.if_exists_clause()?;
    let restrict = if query.flag("restrict", false)? {
        " RESTRICT"
    } else {
        ""
    };
    let sql = format!("DROP DATABASE{if_exists} {}{restrict}", ident(&name)?);
    let result = caller.sql(&sql).await?;
    let message = super::show_rows::rows(&result)?
        .first()
        .and_then(|row| row.get("status").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| format!("{} successfully dropped.", canonical(&name)));
    Ok(success(message))
}

/// `POST /api/v2/databases/{name}:clone|:undrop|…`.
#[tracing::instrument(skip_all, fields(operation = "rest.databases.action", user = %caller.user))]
async fn action(
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("clone") => {
            let value = crate::server::envelope::read_json(&axum::http::HeaderMap::new(), &body)
                .map_err(RestError::bad_request)?;
            clone(
                &caller,
                name,
                query.create_mode()?,
                super::body::decode(value)?,
            )
            .await
        }
        Some("undrop") => {
            caller
                .sql(&format!("UNDROP DATABASE {}", ident(name)?))
                .await
                .map_err(|e| conflict_named(e, name))?;
            Ok(success(format!(
                "Database {} successfully restored.",
                canonical(name)
            )))
        }
        Some(action) if tags::is_tag_action(action) => {
            tags::post(
                &caller,
                Tagged::new(TagDomain::Database, &[name]),
                action,
                &query,
                &body,
            )
            .await
        }
        Some(other) => Err(unknown_action(other)),
        None => Err(RestError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            crate::server::rest::error::BAD_REQUEST_CODE,
            "POST is not allowed on a database; use PUT to create or alter it.",
        )),
    }
}

async fn clone(
    caller: &Caller,
    source: &str,
    mode: CreateMode,
    body: CloneIn,
) -> Result<Response, RestError> {
    if body.point_of_time.as_ref().is_some_and(|p| !p.is_null()) {
        return Err(not_implemented("Cloning a database at a point of time"));
    }
    let kind = if transient(body.kind.as_deref())? {
        "TRANSIENT DATABASE"
    } else {
        "DATABASE"
    };
    let sql = format!(
        "{} {} CLONE {}{}",
        params::create_prefix(mode, kind),
        ident(&body.name)?,
        ident(source)?,
        properties(
            retention(body.data_retention_time_in_days)?,
            body.comment.as_deref()
        )
    );
    caller
        .sql(&sql)
        .await
        .map_err(|e| conflict_named(e, &body.name))?;
    tracing::info!(source = %canonical(source), database = %canonical(&body.name), "database cloned");
    Ok(success(format!(
        "Database {} successfully created.",
        canonical(&body.name)
    )))
}

/// `POST /api/v2/databases:from-share`: the emulator has no shares.
async fn from_share(_caller: Caller) -> Result<Response, RestError> {
    Err(not_implemented("Databases from shares"))
}

/// A 501 for an operation of the API the emulator does not implement.
pub(super) fn not_implemented(what: &str) -> RestError {
    RestError::new(
        StatusCode::NOT_IMPLEMENTED,
        ErrorKind::Unsupported.code(),
        format!("{what} is not supported by snowapi-emulator."),
    )
}

/// The answer for `{name}:<action>` the emulator does not know.
fn unknown_action(action: &str) -> RestError {
    RestError::new(
        StatusCode::NOT_FOUND,
        crate::server::rest::error::BAD_REQUEST_CODE,
        format!("Unknown database action ':{action}'."),
    )
}
