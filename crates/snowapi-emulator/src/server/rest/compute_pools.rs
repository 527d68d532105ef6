//! REST API v2 compute pools (`openapi/compute-pool.yaml`): list, create, fetch,
//! create-or-alter, delete, `:resume`, `:suspend`, `:stop-all-services` and the instance
//! families, as CREATE / ALTER / DROP / SHOW COMPUTE POOLS in the caller's session. States are
//! the ones SHOW reports: STARTING (new) or RESUMING (resumed) for the engine's
//! `compute_pool_start_delay`, then IDLE or ACTIVE (services running on it), SUSPENDED.

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    alter_properties::set_then_unset,
    body::JsonBody,
    caller::Caller,
    compute_util::{Row, alter_action, cell, flag, run_ddl, unsupported},
    error::RestError,
    params::{CreateMode, Params, RestPath, canonical, create_prefix, ident, sql_string},
    split_action,
};
use crate::{catalog::INSTANCE_FAMILIES, server::router::AppState};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/compute-pools", get(list).post(create))
        .route("/api/v2/compute-pools/instance-families", get(families))
        .route(
            "/api/v2/compute-pools/{name}",
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
}

/// A ComputePool body; read-only fields are ignored.
#[derive(Debug, Clone, Deserialize)]
struct PoolBody {
    name: String,
    min_nodes: u32,
    max_nodes: u32,
    instance_family: String,
    auto_resume: Option<bool>,
    comment: Option<String>,
    auto_suspend_secs: Option<u64>,
}

impl PoolBody {
    /// `NAME = value` pairs, INSTANCE_FAMILY left out.
    fn properties(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("MIN_NODES", self.min_nodes.to_string()),
            ("MAX_NODES", self.max_nodes.to_string()),
        ];
        if let Some(on) = self.auto_resume {
            out.push(("AUTO_RESUME", if on { "TRUE" } else { "FALSE" }.to_owned()));
        }
        if let Some(seconds) = self.auto_suspend_secs {
            out.push(("AUTO_SUSPEND_SECS", seconds.to_string()));
        }
        if let Some(comment) = &self.comment {
            out.push(("COMMENT", sql_string(comment)));
        }
        out
    }

    /// `CREATE [OR REPLACE] COMPUTE POOL [IF NOT EXISTS] p ...`.
    fn create_sql(&self, mode: CreateMode, suspended: bool) -> Result<String, RestError> {
        let mut sql = format!(
            "{} {} INSTANCE_FAMILY = {}",
            create_prefix(mode, "COMPUTE POOL"),
            ident(&self.name)?,
            sql_string(&self.instance_family)
        );
        for (key, value) in self.properties() {
            sql.push_str(&format!(" {key} = {value}"));
        }
        if suspended {
            sql.push_str(" INITIALLY_SUSPENDED = TRUE");
        }
        Ok(sql)
    }
}

/// The ComputePool model of one SHOW COMPUTE POOLS row.
fn pool_json(row: &Row) -> Value {
    let mut out = Map::new();
    for column in [
        "name",
        "state",
        "min_nodes",
        "max_nodes",
        "instance_family",
        "num_services",
        "num_jobs",
        "auto_suspend_secs",
        "active_nodes",
        "idle_nodes",
        "target_nodes",
        "created_on",
        "resumed_on",
        "updated_on",
        "owner",
        "comment",
        "application",
        "budget",
        "error_code",
        "status_message",
    ] {
        let value = cell(row, column);
        if !value.is_null() {
            out.insert(column.to_owned(), value);
        }
    }
    out.insert("auto_resume".into(), flag(row, "auto_resume"));
    out.insert("is_exclusive".into(), flag(row, "is_exclusive"));
    Value::Object(out)
}

/// The SHOW COMPUTE POOLS row of `name`, if it exists.
async fn find(caller: &Caller, name: &str) -> Result<Option<Row>, RestError> {
    super::account_objects::find(caller, "COMPUTE POOLS", name).await
}

/// `GET /api/v2/compute-pools?like=&startsWith=&showLimit=`.
async fn list(caller: Caller, params: Params) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, "list compute pools");
    let filter = params.list_filter()?;
    let rows = caller
        .sql_rows(&format!("SHOW COMPUTE POOLS{}", filter.show_suffix("")))
        .await?;
    Ok(Json(rows.iter().map(pool_json).collect()))
}

/// `POST /api/v2/compute-pools?createMode=&initiallySuspended=`.
async fn create(
    caller: Caller,
    params: Params,
    JsonBody(body): JsonBody<PoolBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, name = %body.name, "create compute pool");
    let suspended = params.flag("initiallySuspended", false)?;
    run_ddl(&caller, &body.create_sql(params.create_mode()?, suspended)?).await
}

/// `GET /api/v2/compute-pools/{name}`.
async fn fetch(
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    let domain = crate::catalog::TagDomain::ComputePool;
    if let Some(answer) = super::tags::get_if_asked(&caller, domain, &[name], action, &query).await
    {
        return answer;
    }
    if let Some(action) = action {
        return Err(unsupported(&format!("GET compute pool :{action}")));
    }
    tracing::debug!(user = %caller.user, name, "fetch compute pool");
    let row = find(&caller, name)
        .await?
        .ok_or_else(|| RestError::not_found("Compute pool", &canonical(name)))?;
    Ok(Json(pool_json(&row)))
}

/// `PUT /api/v2/compute-pools/{name}`: creates the pool, or sets its node counts, auto
/// resume/suspend and comment (the instance family cannot change).
async fn create_or_alter(
    caller: Caller,
    RestPath(name): RestPath<String>,
    JsonBody(mut body): JsonBody<PoolBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, name, "create or alter compute pool");
    body.name = name;
    let Some(row) = find(&caller, &body.name).await? else {
        return run_ddl(&caller, &body.create_sql(CreateMode::ErrorIfExists, false)?).await;
    };
    let family = row.get("instance_family").and_then(Value::as_str);
    if family.is_some_and(|f| !f.eq_ignore_ascii_case(&body.instance_family)) {
        return Err(RestError::bad_request(format!(
            "The instance family of compute pool '{}' cannot be changed.",
            canonical(&body.name)
        )));
    }
    let target = ident(&body.name)?;
    let mut absent = Vec::new();
    if body.auto_resume.is_none() {
        absent.push("AUTO_RESUME");
    }
    if body.auto_suspend_secs.is_none() {
        absent.push("AUTO_SUSPEND_SECS");
    }
    if body.comment.is_none() {
        absent.push("COMMENT");
    }
    let object = ("COMPUTE POOL", target.as_str());
    set_then_unset(&caller, object, &body.properties(), " ", &absent).await
}

/// `DELETE /api/v2/compute-pools/{name}?ifExists=`.
async fn delete(
    caller: Caller,
    params: Params,
    RestPath(name): RestPath<String>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, name, "drop compute pool");
    super::account_objects::drop(&caller, &params, "COMPUTE POOL", &name).await
}

/// `POST /api/v2/compute-pools/{name}:resume|:suspend|:stop-all-services`.
async fn action(
    caller: Caller,
    params: Params,
    RestPath(raw): RestPath<String>,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    tracing::debug!(user = %caller.user, name, ?action, "compute pool action");
    let domain = crate::catalog::TagDomain::ComputePool;
    if let Some(answer) =
        super::tags::post_if_asked(&caller, domain, &[name], action, &params, &body).await
    {
        return answer;
    }
    let verbs = [
        ("resume", "RESUME"),
        ("suspend", "SUSPEND"),
        ("stop-all-services", "STOP ALL"),
    ];
    let target = ident(name)?;
    alter_action(&caller, &params, action, ("COMPUTE POOL", &target), &verbs).await
}

/// vCPUs, memory GiB, GPU model and count, GPU memory GiB of an instance family, estimated
/// from its name (Snowflake's published sizes, rounded).
fn resources(family: &str) -> (u64, u64, Option<&'static str>, u64, u64) {
    match family {
        "CPU_X64_XS" => (1, 6, None, 0, 0),
        "CPU_X64_S" => (3, 13, None, 0, 0),
        "CPU_X64_M" => (6, 28, None, 0, 0),
        "CPU_X64_SL" => (14, 54, None, 0, 0),
        "CPU_X64_L" => (28, 116, None, 0, 0),
        "HIGHMEM_X64_S" => (6, 58, None, 0, 0),
        "HIGHMEM_X64_M" => (28, 240, None, 0, 0),
        "HIGHMEM_X64_SL" => (92, 654, None, 0, 0),
        "HIGHMEM_X64_L" => (124, 984, None, 0, 0),
        "GPU_NV_XS" => (3, 26, Some("NVIDIA A10G"), 1, 24),
        "GPU_NV_S" => (6, 27, Some("NVIDIA A10G"), 1, 24),
        "GPU_NV_M" => (44, 178, Some("NVIDIA A10G"), 4, 96),
        "GPU_NV_L" => (92, 1112, Some("NVIDIA A100"), 8, 320),
        "GPU_NV_SM" => (32, 200, Some("NVIDIA A10G"), 1, 24),
        "GPU_NV_2M" => (68, 570, Some("NVIDIA A10G"), 4, 96),
        "GPU_NV_3M" => (44, 370, Some("NVIDIA A100"), 2, 160),
        "GPU_NV_SL" => (92, 760, Some("NVIDIA L40S"), 4, 192),
        "GPU_GCP_NV_L4_1_24G" => (6, 28, Some("NVIDIA L4"), 1, 24),
        "GPU_GCP_NV_L4_4_24G" => (44, 178, Some("NVIDIA L4"), 4, 96),
        "GPU_GCP_NV_A100_8_40G" => (92, 654, Some("NVIDIA A100"), 8, 320),
        _ => (1, 4, None, 0, 0),
    }
}

/// `GET /api/v2/compute-pools/instance-families`.
async fn families(caller: Caller) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, "list compute pool instance families");
    let snapshot = caller.session().snapshot();
    Ok(Json(
        INSTANCE_FAMILIES
            .iter()
            .map(|family| {
                let (vcpu, memory, gpu, gpus, gpu_memory) = resources(family);
                let in_use: u64 = snapshot
                    .compute_pools
                    .values()
                    .filter(|p| p.instance_family == *family)
                    .map(|p| u64::from(p.min_nodes))
                    .sum();
                json!({
                    "name": family,
                    "description": if gpu.is_some() { "GPU nodes for machine learning and inference" } else { "CPU nodes for general workloads" },
                    "vcpu": vcpu,
                    "memory_gib": memory,
                    "storage_gib": 100.0,
                    "gpu": gpu,
                    "gpu_count": gpus,
                    "gpu_memory_gib": gpu_memory,
                    "current_node_usage": in_use,
                    "message": Value::Null,
                })
            })
            .collect(),
    ))
}
