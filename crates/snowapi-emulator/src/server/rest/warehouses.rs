//! REST API v2 warehouses (`openapi/warehouse.yaml`): list, create, fetch, create-or-alter,
//! delete, and the `:resume`, `:suspend`, `:abort`, `:rename` actions, as CREATE / ALTER /
//! DROP / SHOW WAREHOUSES in the caller's session; `:enable`, `:disable` and `:use` are in
//! `warehouse_switch.rs`.

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    alter_properties::set_then_unset,
    body::JsonBody,
    caller::Caller,
    compute_util::{Row, cell, flag, run_ddl, unsupported, yes_no},
    error::RestError,
    params::{CreateMode, Params, RestPath, canonical, create_prefix, ident, sql_string},
    refused_fields::refuse,
    split_action, success,
    tags::{self, Tagged},
    warehouse_switch,
};
use crate::{
    catalog::{Name, TagDomain},
    server::router::AppState,
};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/warehouses", get(list).post(create))
        .route(
            "/api/v2/warehouses/{name}",
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
}

/// A Warehouse body; read-only fields are ignored, `null` counts as absent.
#[derive(Debug, Clone, Deserialize)]
struct WarehouseBody {
    name: String,
    warehouse_type: Option<String>,
    #[serde(rename = "type")]
    old_type: Option<String>,
    warehouse_size: Option<String>,
    #[serde(rename = "size")]
    old_size: Option<String>,
    max_cluster_count: Option<i64>,
    min_cluster_count: Option<i64>,
    scaling_policy: Option<String>,
    auto_suspend: Option<i64>,
    auto_resume: Option<Value>,
    initially_suspended: Option<Value>,
    resource_monitor: Option<String>,
    comment: Option<String>,
    enable_query_acceleration: Option<Value>,
    query_acceleration_max_scale_factor: Option<i64>,
    max_concurrency_level: Option<i64>,
    statement_queued_timeout_in_seconds: Option<i64>,
    statement_timeout_in_seconds: Option<i64>,
    wait_for_completion: Option<Value>,
    warehouse_credit_limit: Option<Value>,
    target_statement_size: Option<Value>,
}

/// Properties a body sets, which create-or-alter puts back to their defaults when left out.
const RESETTABLE: &[&str] = &[
    "WAREHOUSE_TYPE",
    "WAREHOUSE_SIZE",
    "MAX_CLUSTER_COUNT",
    "MIN_CLUSTER_COUNT",
    "SCALING_POLICY",
    "AUTO_SUSPEND",
    "AUTO_RESUME",
    "RESOURCE_MONITOR",
    "COMMENT",
    "ENABLE_QUERY_ACCELERATION",
    "QUERY_ACCELERATION_MAX_SCALE_FACTOR",
    "MAX_CONCURRENCY_LEVEL",
    "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS",
    "STATEMENT_TIMEOUT_IN_SECONDS",
];

impl WarehouseBody {
    /// `NAME = value` pairs of the settable properties given (not INITIALLY_SUSPENDED).
    fn properties(&self) -> Result<Vec<(&'static str, String)>, RestError> {
        refuse(
            "warehouse_credit_limit",
            self.warehouse_credit_limit.as_ref(),
        )?;
        refuse("target_statement_size", self.target_statement_size.as_ref())?;
        let mut out = Vec::new();
        if let Some(kind) = self.warehouse_type.as_ref().or(self.old_type.as_ref()) {
            out.push(("WAREHOUSE_TYPE", sql_string(kind)));
        }
        if let Some(size) = self.warehouse_size.as_ref().or(self.old_size.as_ref()) {
            out.push(("WAREHOUSE_SIZE", sql_string(size)));
        }
        let numbers = [
            ("MAX_CLUSTER_COUNT", self.max_cluster_count),
            ("MIN_CLUSTER_COUNT", self.min_cluster_count),
            ("AUTO_SUSPEND", self.auto_suspend),
            (
                "QUERY_ACCELERATION_MAX_SCALE_FACTOR",
                self.query_acceleration_max_scale_factor,
            ),
            ("MAX_CONCURRENCY_LEVEL", self.max_concurrency_level),
            (
                "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS",
                self.statement_queued_timeout_in_seconds,
            ),
            (
                "STATEMENT_TIMEOUT_IN_SECONDS",
                self.statement_timeout_in_seconds,
            ),
        ];
        for (key, value) in numbers {
            if let Some(n) = value {
                out.push((key, n.to_string()));
            }
        }
        if let Some(policy) = &self.scaling_policy {
            out.push(("SCALING_POLICY", sql_string(policy)));
        }
        // WAIT_FOR_COMPLETION is how a resize behaves, not a setting a fetch reports; the
        // engine checks and accepts it.
        let flags = [
            ("AUTO_RESUME", &self.auto_resume),
            ("ENABLE_QUERY_ACCELERATION", &self.enable_query_acceleration),
            ("WAIT_FOR_COMPLETION", &self.wait_for_completion),
        ];
        for (key, value) in flags {
            if let Some(value) = value.as_ref().filter(|v| !v.is_null()) {
                let on = yes_no(&key.to_ascii_lowercase(), value)?;
                out.push((key, if on { "TRUE" } else { "FALSE" }.to_owned()));
            }
        }
        if let Some(monitor) = &self.resource_monitor {
            out.push(("RESOURCE_MONITOR", ident(monitor)?));
        }
        if let Some(comment) = &self.comment {
            out.push(("COMMENT", sql_string(comment)));
        }
        Ok(out)
    }

    /// Whether the body asks for a warehouse that starts suspended.
    fn initially_suspended(&self) -> Result<bool, RestError> {
        self.initially_suspended
            .as_ref()
            .filter(|v| !v.is_null())
            .map_or(Ok(false), |v| yes_no("initially_suspended", v))
    }

    /// `CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS] w <properties>`.
    fn create_sql(&self, mode: CreateMode) -> Result<String, RestError> {
        let mut sql = format!(
            "{} {}",
            create_prefix(mode, "WAREHOUSE"),
            ident(&self.name)?
        );
        for (key, value) in self.properties()? {
            sql.push_str(&format!(" {key} = {value}"));
        }
        if self.initially_suspended()? {
            sql.push_str(" INITIALLY_SUSPENDED = TRUE");
        }
        Ok(sql)
    }
}

/// The Warehouse model of one SHOW WAREHOUSES row, with the settings SHOW does not list read
/// from the catalog.
fn warehouse_json(caller: &Caller, row: &Row) -> Value {
    let mut out = Map::new();
    for column in [
        "name",
        "state",
        "type",
        "size",
        "min_cluster_count",
        "max_cluster_count",
        "started_clusters",
        "running",
        "queued",
        "auto_suspend",
        "auto_resume",
        "available",
        "provisioning",
        "quiescing",
        "other",
        "created_on",
        "resumed_on",
        "updated_on",
        "owner",
        "comment",
        "enable_query_acceleration",
        "query_acceleration_max_scale_factor",
        "scaling_policy",
        "budget",
        "owner_role_type",
    ] {
        out.insert(column.to_owned(), cell(row, column));
    }
    out.insert("warehouse_type".into(), cell(row, "type"));
    out.insert("is_default".into(), flag(row, "is_default"));
    out.insert("is_current".into(), flag(row, "is_current"));
    let monitor = cell(row, "resource_monitor");
    out.insert(
        "resource_monitor".into(),
        if monitor == json!("null") {
            Value::Null
        } else {
            monitor
        },
    );
    let name = row.get("name").and_then(Value::as_str).unwrap_or_default();
    let snapshot = caller.session().snapshot();
    if let Some(warehouse) = snapshot.warehouses.get(&Name::canonical(name)) {
        out.insert("warehouse_size".into(), json!(warehouse.size_code()));
        out.insert(
            "max_concurrency_level".into(),
            json!(warehouse.max_concurrency_level()),
        );
        out.insert(
            "statement_queued_timeout_in_seconds".into(),
            json!(warehouse.statement_queued_timeout_in_seconds()),
        );
        out.insert(
            "statement_timeout_in_seconds".into(),
            json!(warehouse.statement_timeout_in_seconds()),
        );
    }
    Value::Object(out)
}

/// The SHOW WAREHOUSES row of `name` (a path name), if it exists.
async fn find(caller: &Caller, name: &str) -> Result<Option<Row>, RestError> {
    super::account_objects::find(caller, "WAREHOUSES", name).await
}

/// `GET /api/v2/warehouses?like=`.
async fn list(caller: Caller, params: Params) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, "list warehouses");
    let filter = params.list_filter()?;
    let rows = super::account_objects::list_rows(&caller, "WAREHOUSES", &filter).await?;
    Ok(Json(
        rows.iter()
            .map(|row| warehouse_json(&caller, row))
            .collect(),
    ))
}

/// `POST /api/v2/warehouses?createMode=`.
async fn create(
    caller: Caller,
    params: Params,
    JsonBody(body): JsonBody<WarehouseBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, name = %body.name, "create warehouse");
    run_ddl(&caller, &body.create_sql(params.create_mode()?)?).await
}

/// `GET /api/v2/warehouses/{name}`.
async fn fetch(
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("get-tags") => {
            return tags::get(&caller, Tagged::new(TagDomain::Warehouse, &[name]), &query).await;
        }
        Some(action) => return Err(unsupported(&format!("GET warehouse :{action}"))),
        None => {}
    }
    tracing::debug!(user = %caller.user, name, "fetch warehouse");
    let row = find(&caller, name)
        .await?
        .ok_or_else(|| RestError::not_found("Warehouse", &canonical(name)))?;
    Ok(Json(warehouse_json(&caller, &row)))
}

/// `PUT /api/v2/warehouses/{name}`: creates the warehouse, or sets the properties given and
/// puts the others back to their defaults.
async fn create_or_alter(
    caller: Caller,
    RestPath(name): RestPath<String>,
    JsonBody(mut body): JsonBody<WarehouseBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, name, "create or alter warehouse");
    body.name = name;
    if find(&caller, &body.name).await?.is_none() {
        return run_ddl(&caller, &body.create_sql(CreateMode::ErrorIfExists)?).await;
    }
    let target = ident(&body.name)?;
    let properties = body.properties()?;
    let absent: Vec<&str> = RESETTABLE
        .iter()
        .copied()
        .filter(|key| !properties.iter().any(|(k, _)| k == key))
        .collect();
    let object = ("WAREHOUSE", target.as_str());
    set_then_unset(&caller, object, &properties, ", ", &absent).await
}

/// `DELETE /api/v2/warehouses/{name}?ifExists=`.
async fn delete(
    caller: Caller,
    params: Params,
    RestPath(name): RestPath<String>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, name, "drop warehouse");
    super::account_objects::drop(&caller, &params, "WAREHOUSE", &name).await
}

/// The new name of `:rename`.
#[derive(Debug, Deserialize)]
struct RenameBody {
    name: String,
}

/// `POST /api/v2/warehouses/{name}:resume|:suspend|:abort|:rename|:use|:enable|:disable`.
async fn action(
    caller: Caller,
    params: Params,
    RestPath(raw): RestPath<String>,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    let Some(action) = action else {
        return Err(RestError::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            super::error::BAD_REQUEST_CODE,
            "POST needs an action such as :resume.",
        ));
    };
    tracing::debug!(user = %caller.user, name, action, "warehouse action");
    let target = ident(name)?;
    let if_exists = params.if_exists()?;
    let if_exists_sql = if if_exists { " IF EXISTS" } else { "" };
    match action {
        "resume" | "suspend" => {
            caller
                .sql(&format!(
                    "ALTER WAREHOUSE{if_exists_sql} {target} {}",
                    action.to_ascii_uppercase()
                ))
                .await?;
            Ok(success("Statement executed successfully."))
        }
        "abort" => {
            // Statements are not queued on warehouses here, so there is nothing to cancel once
            // the warehouse is known to exist.
            if find(&caller, name).await?.is_none() && !if_exists {
                return Err(RestError::not_found("Warehouse", &canonical(name)));
            }
            Ok(success("Statement executed successfully."))
        }
        "rename" => {
            let value: Value = serde_json::from_slice(&body)
                .map_err(|e| RestError::bad_request(format!("Invalid request body: {e}.")))?;
            let RenameBody { name: to } = super::body::decode(value)?;
            caller
                .sql(&format!(
                    "ALTER WAREHOUSE{if_exists_sql} {target} RENAME TO {}",
                    ident(&to)?
                ))
                .await?;
            Ok(success("Statement executed successfully."))
        }
        "use" => warehouse_switch::use_warehouse(&caller, name).await,
        "enable" | "disable" => {
            warehouse_switch::enable_or_disable(&caller, name, action == "enable", if_exists).await
        }
        "set-tags" | "unset-tags" => {
            let names = [name];
            let object = Tagged::new(TagDomain::Warehouse, &names);
            tags::post(&caller, object, action, &params, &body).await
        }
        other => Err(unsupported(&format!("warehouse :{other}"))),
    }
}
