//! REST API v2 services (`openapi/service.yaml`): list, create, fetch, create-or-alter, delete,
//! `:suspend` and `:resume` as CREATE / ALTER / DROP / SHOW SERVICES in the caller's session,
//! and the simulated runtime views: `/status`, `/containers`, `/instances`, `/endpoints` and
//! `/logs`; the service roles of its specification (`/roles`, `/roles/{r}/grants`,
//! `/roles/{r}/grants-of`) and job services (`:execute-job`). A RUNNING service runs `current_instances` instances of every container of its
//! specification, all READY; a PENDING one waits with PENDING instances for its compute pool; a
//! SUSPENDED one runs nothing.

use std::sync::Arc;

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::{Row, alter_action, cell, flag, object_ref, run_ddl},
    error::RestError,
    params::{CreateMode, Params, RestPath, canonical, create_prefix, ident, sql_string},
    schema_objects,
    service_spec::{containers, endpoints},
    split_action, success,
};
use crate::{
    catalog::{ALL_ENDPOINTS_USAGE, Name, ObjectPath, Service, ServiceStatus, service_roles},
    server::router::AppState,
};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    let base = "/api/v2/databases/{database}/schemas/{schema}/services";
    Router::new()
        .route(base, get(list).post(create))
        .route(
            &format!("{base}/{{name}}"),
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
        .route(&format!("{base}/{{name}}/status"), get(status))
        .route(&format!("{base}/{{name}}/containers"), get(list_containers))
        .route(&format!("{base}/{{name}}/instances"), get(list_instances))
        .route(&format!("{base}/{{name}}/endpoints"), get(list_endpoints))
        .route(&format!("{base}/{{name}}/logs"), get(logs))
        .route(&format!("{base}/{{name}}/roles"), get(list_roles))
        .route(
            &format!("{base}/{{service}}/roles/{{name}}/grants-of"),
            get(role_grants_of),
        )
        .route(
            &format!("{base}/{{service}}/roles/{{name}}/grants"),
            get(role_grants_to),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/services:execute-job",
            axum::routing::post(execute_job),
        )
}

/// Where a service's specification comes from, as a body gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "spec_type")]
enum SpecBody {
    /// A file on a stage.
    #[serde(rename = "from_file")]
    File {
        /// `@stage` (the `@` may be left out).
        stage: String,
        /// Path of the file on the stage.
        spec_file: String,
    },
    /// Inline YAML text, possibly wrapped in `$$`.
    #[serde(rename = "from_inline")]
    Inline {
        /// The YAML.
        spec_text: String,
    },
}

impl SpecBody {
    /// The text after FROM.
    fn sql(&self, database: &str, schema: &str) -> Result<String, RestError> {
        match self {
            Self::Inline { spec_text } => {
                // The text is kept as sent (fetch returns it), only a `$$` wrapper is removed.
                let text = spec_text
                    .trim()
                    .strip_prefix("$$")
                    .and_then(|t| t.strip_suffix("$$"))
                    .unwrap_or(spec_text);
                Ok(format!("SPECIFICATION {}", sql_string(text)))
            }
            Self::File { stage, spec_file } => {
                let stage = stage.trim().trim_start_matches('@');
                // A path inside the stage follows the stage's name after a slash.
                let (stage, folder) = match stage.split_once('/') {
                    Some((stage, folder)) => (stage, format!("/{folder}")),
                    None => (stage, String::new()),
                };
                Ok(format!(
                    "@{}{folder} SPECIFICATION_FILE = {}",
                    super::compute_util::qualified_ref(database, schema, stage)?,
                    sql_string(spec_file)
                ))
            }
        }
    }
}

/// A Service body; read-only fields are ignored.
#[derive(Debug, Clone, Deserialize)]
struct ServiceBody {
    name: String,
    compute_pool: String,
    spec: Option<SpecBody>,
    external_access_integrations: Option<Vec<String>>,
    query_warehouse: Option<String>,
    comment: Option<String>,
    auto_resume: Option<bool>,
    min_ready_instances: Option<u32>,
    min_instances: Option<u32>,
    max_instances: Option<u32>,
    auto_suspend_secs: Option<u64>,
}

impl ServiceBody {
    /// `NAME = value` pairs of the properties given.
    fn properties(&self) -> Result<Vec<(&'static str, String)>, RestError> {
        let mut out = Vec::new();
        let counts = [
            ("MIN_INSTANCES", self.min_instances),
            ("MAX_INSTANCES", self.max_instances),
            ("MIN_READY_INSTANCES", self.min_ready_instances),
        ];
        for (key, value) in counts {
            if let Some(n) = value {
                out.push((key, n.to_string()));
            }
        }
        if let Some(on) = self.auto_resume {
            out.push(("AUTO_RESUME", if on { "TRUE" } else { "FALSE" }.to_owned()));
        }
        if let Some(seconds) = self.auto_suspend_secs {
            out.push(("AUTO_SUSPEND_SECS", seconds.to_string()));
        }
        if let Some(warehouse) = &self.query_warehouse {
            out.push(("QUERY_WAREHOUSE", ident(warehouse)?));
        }
        if let Some(integrations) = self
            .external_access_integrations
            .as_ref()
            .filter(|i| !i.is_empty())
        {
            let names = integrations
                .iter()
                .map(|i| ident(i))
                .collect::<Result<Vec<_>, _>>()?;
            out.push((
                "EXTERNAL_ACCESS_INTEGRATIONS",
                format!("({})", names.join(", ")),
            ));
        }
        if let Some(comment) = &self.comment {
            out.push(("COMMENT", sql_string(comment)));
        }
        Ok(out)
    }

    /// `CREATE SERVICE [IF NOT EXISTS] db.schema.s IN COMPUTE POOL p FROM ... <properties>`.
    fn create_sql(
        &self,
        mode: CreateMode,
        database: &str,
        schema: &str,
    ) -> Result<String, RestError> {
        if mode == CreateMode::OrReplace {
            return Err(RestError::bad_request(
                "Services cannot be replaced: createMode must be errorIfExists or ifNotExists.",
            ));
        }
        let spec = self
            .spec
            .as_ref()
            .ok_or_else(|| RestError::bad_request("A service needs a specification ('spec')."))?;
        let mut sql = format!(
            "{} {} IN COMPUTE POOL {} FROM {}",
            create_prefix(mode, "SERVICE"),
            object_ref(database, schema, &self.name)?,
            ident(&self.compute_pool)?,
            spec.sql(database, schema)?
        );
        for (key, value) in self.properties()? {
            sql.push_str(&format!(" {key} = {value}"));
        }
        Ok(sql)
    }
}

/// The Service model of one SHOW SERVICES row.
fn service_json(row: &Row) -> Value {
    let mut out = Map::new();
    for column in [
        "name",
        "status",
        "database_name",
        "schema_name",
        "owner",
        "compute_pool",
        "dns_name",
        "current_instances",
        "target_instances",
        "min_ready_instances",
        "min_instances",
        "max_instances",
        "created_on",
        "updated_on",
        "resumed_on",
        "suspended_on",
        "auto_suspend_secs",
        "comment",
        "owner_role_type",
        "query_warehouse",
        "spec_digest",
        "managing_object_domain",
        "managing_object_name",
    ] {
        let value = cell(row, column);
        if !value.is_null() {
            out.insert(column.to_owned(), value);
        }
    }
    for column in ["auto_resume", "is_job", "is_async_job", "is_upgrading"] {
        let value = flag(row, column);
        if !value.is_null() {
            out.insert(column.to_owned(), value);
        }
    }
    let integrations: Vec<String> = row
        .get("external_access_integrations")
        .and_then(Value::as_str)
        .map(|text| {
            text.trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    out.insert("external_access_integrations".into(), json!(integrations));
    Value::Object(out)
}

/// What SHOW calls this resource.
const SHOW: &str = "SERVICES";

/// The catalog's service (from the caller's snapshot), or 404.
fn catalog_service(
    caller: &Caller,
    database: &str,
    schema: &str,
    name: &str,
) -> Result<(ObjectPath, Arc<Service>), RestError> {
    let path = ObjectPath {
        database: Name::canonical(canonical(database)),
        schema: Name::canonical(canonical(schema)),
        name: Name::canonical(canonical(name)),
    };
    let snapshot = caller.session().snapshot();
    let service = snapshot
        .schema(&path.database, &path.schema)
        .ok()
        .and_then(|schema| schema.services.get(&path.name).cloned())
        .ok_or_else(|| RestError::not_found("Service", &path.to_string()))?;
    Ok((path, service))
}

/// `GET …/services?like=&startsWith=&showLimit=&fromName=`.
async fn list(
    caller: Caller,
    params: Params,
    RestPath((database, schema)): RestPath<(String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, "list services");
    let filter = params.list_filter()?;
    let rows = schema_objects::list_rows(&caller, SHOW, (&database, &schema), &filter).await?;
    Ok(Json(
        rows.iter()
            .map(|row| with_spec(&caller, &database, &schema, service_json(row)))
            .collect(),
    ))
}

/// Adds the `spec` the Service model requires on reads (SHOW SERVICES has no column for it).
fn with_spec(caller: &Caller, database: &str, schema: &str, mut service: Value) -> Value {
    let name = service
        .get("name")
        .and_then(Value::as_str)
        .map(|n| format!("\"{}\"", n.replace('"', "\"\"")));
    let found = name.and_then(|n| catalog_service(caller, database, schema, &n).ok());
    if let (Some((_, found)), Some(map)) = (found, service.as_object_mut()) {
        let spec = match &found.spec {
            crate::catalog::ServiceSpec::FromInline { spec_text } => {
                json!({"spec_type": "from_inline", "spec_text": spec_text})
            }
            crate::catalog::ServiceSpec::FromFile { stage, spec_file } => {
                json!({"spec_type": "from_file", "stage": stage, "spec_file": spec_file})
            }
        };
        map.insert("spec".into(), spec);
    }
    service
}

/// `POST …/services?createMode=`.
async fn create(
    caller: Caller,
    params: Params,
    RestPath((database, schema)): RestPath<(String, String)>,
    JsonBody(body): JsonBody<ServiceBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name = %body.name, "create service");
    let sql = body.create_sql(params.create_mode()?, &database, &schema)?;
    run_ddl(&caller, &sql).await
}

/// `GET …/services/{name}`.
async fn fetch(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    let object = (
        crate::catalog::TagDomain::Service,
        &[database.as_str(), &schema, name][..],
    );
    if let Some(answer) =
        schema_objects::get_action(&caller, object, action, &query, "service").await
    {
        return answer;
    }
    tracing::debug!(user = %caller.user, database, schema, name, "fetch service");
    let row = schema_objects::find(&caller, SHOW, (&database, &schema), name)
        .await?
        .ok_or_else(|| RestError::not_found("Service", &canonical(name)))?;
    Ok(Json(with_spec(
        &caller,
        &database,
        &schema,
        service_json(&row),
    )))
}

/// `PUT …/services/{name}`: creates the service, or sets the properties given (and the
/// specification, when given).
async fn create_or_alter(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    JsonBody(mut body): JsonBody<ServiceBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "create or alter service");
    body.name = name;
    let Some(row) = schema_objects::find(&caller, SHOW, (&database, &schema), &body.name).await?
    else {
        let sql = body.create_sql(CreateMode::ErrorIfExists, &database, &schema)?;
        return run_ddl(&caller, &sql).await;
    };
    if row
        .get("compute_pool")
        .and_then(Value::as_str)
        .is_some_and(|pool| pool != canonical(&body.compute_pool))
    {
        return Err(RestError::bad_request(format!(
            "The compute pool of service '{}' cannot be changed.",
            canonical(&body.name)
        )));
    }
    let target = object_ref(&database, &schema, &body.name)?;
    if let Some(spec) = &body.spec {
        caller
            .sql(&format!(
                "ALTER SERVICE {target} FROM {}",
                spec.sql(&database, &schema)?
            ))
            .await?;
    }
    let set: Vec<String> = body
        .properties()?
        .iter()
        .map(|(key, value)| format!("{key} = {value}"))
        .collect();
    if !set.is_empty() {
        caller
            .sql(&format!("ALTER SERVICE {target} SET {}", set.join(" ")))
            .await?;
    }
    Ok(success("Statement executed successfully."))
}

/// `DELETE …/services/{name}?ifExists=`.
async fn delete(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "drop service");
    schema_objects::drop(&caller, &params, "SERVICE", (&database, &schema), &name).await
}

/// `POST …/services/{name}:suspend|:resume`.
async fn action(
    caller: Caller,
    params: Params,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    tracing::debug!(user = %caller.user, database, schema, name, ?action, "service action");
    let (domain, names) = (
        crate::catalog::TagDomain::Service,
        [database.as_str(), &schema, name],
    );
    if let Some(answer) =
        super::tags::post_if_asked(&caller, domain, &names, action, &params, &body).await
    {
        return answer;
    }
    let target = object_ref(&database, &schema, name)?;
    let verbs = [("resume", "RESUME"), ("suspend", "SUSPEND")];
    alter_action(&caller, &params, action, ("SERVICE", &target), &verbs).await
}

/// One simulated instance: its index and status.
struct Instance {
    id: u32,
    status: &'static str,
}

/// The instances a service runs now.
fn instances(service: &Service) -> Vec<Instance> {
    match service.status {
        ServiceStatus::Running => (0..service.current_instances())
            .map(|id| Instance {
                id,
                status: "READY",
            })
            .collect(),
        ServiceStatus::Pending => (0..service.min_instances)
            .map(|id| Instance {
                id,
                status: "PENDING",
            })
            .collect(),
        ServiceStatus::Done => (0..service.min_instances)
            .map(|id| Instance { id, status: "DONE" })
            .collect(),
        ServiceStatus::Failed => (0..service.min_instances)
            .map(|id| Instance {
                id,
                status: "FAILED",
            })
            .collect(),
        ServiceStatus::Suspended => Vec::new(),
    }
}

/// Snowflake's text timestamps (`2024-06-18 01:01:01.111 +0000`).
fn text_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S%.3f %z").to_string()
}

/// When a service's instances started: its last resume, else its creation.
fn started(service: &Service) -> chrono::DateTime<chrono::Utc> {
    service.resumed_on.unwrap_or(service.info.created_on)
}

/// A stable digest of an image reference.
fn image_digest(image: &str) -> String {
    let digest: String = Sha256::digest(image.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{digest}")
}

/// The message of a container in an instance of `status`.
fn container_message(status: &str) -> &'static str {
    match status {
        "READY" => "Running",
        "DONE" => "Completed successfully",
        "FAILED" => "Failed to pull image",
        _ => "Waiting to start",
    }
}

/// `GET …/services/{name}/status?timeout=`: `{"system$get_service_status": "<JSON text>"}`.
async fn status(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Value>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "service status");
    // States settle at once here, so there is nothing to wait for.
    if let Some(timeout) = params.get("timeout")
        && timeout.trim().parse::<u64>().is_err()
    {
        return Err(RestError::bad_request(format!(
            "Invalid value '{timeout}' for parameter timeout: expected a whole number of seconds."
        )));
    }
    let (path, service) = catalog_service(&caller, &database, &schema, &name)?;
    let mut entries = Vec::new();
    for instance in instances(&service) {
        for container in containers(&service.spec) {
            entries.push(json!({
                "status": instance.status,
                "message": container_message(instance.status),
                "containerName": container.name,
                "instanceId": instance.id.to_string(),
                "serviceName": path.name.as_str(),
                "image": container.image,
                "restartCount": 0,
                "startTime": if instance.status != "PENDING" { json!(text_time(started(&service))) } else { Value::Null },
            }));
        }
    }
    let text = serde_json::to_string(&entries).map_err(|e| RestError::internal(e.to_string()))?;
    Ok(Json(json!({ "system$get_service_status": text })))
}

/// `GET …/services/{name}/containers`.
async fn list_containers(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "service containers");
    let (path, service) = catalog_service(&caller, &database, &schema, &name)?;
    let mut out = Vec::new();
    for instance in instances(&service) {
        for container in containers(&service.spec) {
            out.push(json!({
                "database_name": path.database.as_str(),
                "schema_name": path.schema.as_str(),
                "service_name": path.name.as_str(),
                "service_status": service.status.as_str(),
                "instance_id": instance.id.to_string(),
                "instance_status": instance.status,
                "container_name": container.name,
                "status": instance.status,
                "message": container_message(instance.status),
                "image_name": container.image,
                "image_digest": image_digest(&container.image),
                "restart_count": 0,
                "start_time": text_time(started(&service)),
            }));
        }
    }
    Ok(Json(out))
}

/// `GET …/services/{name}/instances`.
async fn list_instances(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "service instances");
    let (path, service) = catalog_service(&caller, &database, &schema, &name)?;
    Ok(Json(
        instances(&service)
            .iter()
            .map(|instance| {
                json!({
                    "database_name": path.database.as_str(),
                    "schema_name": path.schema.as_str(),
                    "service_name": path.name.as_str(),
                    "service_status": service.status.as_str(),
                    "instance_id": instance.id.to_string(),
                    "status": instance.status,
                    "spec_digest": service.spec.digest(),
                    "creation_time": text_time(service.info.created_on),
                    "start_time": text_time(started(&service)),
                })
            })
            .collect(),
    ))
}

/// `GET …/services/{name}/endpoints`.
async fn list_endpoints(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "service endpoints");
    let (path, service) = catalog_service(&caller, &database, &schema, &name)?;
    let account = caller
        .session()
        .engine()
        .config()
        .account
        .to_lowercase()
        .replace('_', "-");
    Ok(Json(
        endpoints(&service.spec)
            .into_iter()
            .map(|endpoint| {
                let mut out = Map::new();
                out.insert("name".into(), json!(endpoint.name));
                if let Some(port) = endpoint.port {
                    out.insert("port".into(), json!(port));
                }
                if let Some(range) = &endpoint.port_range {
                    out.insert("portRange".into(), json!(range));
                }
                out.insert(
                    "protocol".into(),
                    json!(endpoint.protocol.as_deref().unwrap_or("HTTP")),
                );
                out.insert("is_public".into(), json!(endpoint.public));
                if endpoint.public {
                    let label: String =
                        Sha256::digest(format!("{path}/{}", endpoint.name).as_bytes())
                            .iter()
                            .take(4)
                            .map(|b| format!("{b:02x}"))
                            .collect();
                    out.insert(
                        "ingress_url".into(),
                        json!(format!("{label}-{account}.snowflakecomputing.app")),
                    );
                }
                Value::Object(out)
            })
            .collect(),
    ))
}

/// `GET …/services/{name}/logs?instanceId=&containerName=&numLines=`.
async fn logs(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Value>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "service logs");
    let instance_id: u32 = params
        .get("instanceId")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            RestError::bad_request(
                "Parameter instanceId is required: the instance's index, from 0.",
            )
        })?;
    let container_name = params
        .get("containerName")
        .ok_or_else(|| RestError::bad_request("Parameter containerName is required."))?;
    let num_lines: Option<usize> = match params.get("numLines") {
        None => None,
        Some(text) => Some(text.trim().parse().map_err(|_| {
            RestError::bad_request(format!(
                "Invalid value '{text}' for parameter numLines: expected a whole number."
            ))
        })?),
    };
    let (_, service) = catalog_service(&caller, &database, &schema, &name)?;
    let running = instances(&service);
    let instance = running
        .iter()
        .find(|i| i.id == instance_id)
        .ok_or_else(|| {
            RestError::bad_request(format!(
                "Instance {instance_id} of service '{}' is not running.",
                service.name
            ))
        })?;
    let container = containers(&service.spec)
        .into_iter()
        .find(|c| c.name == container_name)
        .ok_or_else(|| {
            RestError::bad_request(format!(
                "Container '{container_name}' is not in the specification of service '{}'.",
                service.name
            ))
        })?;
    let at = text_time(started(&service));
    let mut lines = vec![format!(
        "{at} pulling image {} for instance {}",
        container.image, instance.id
    )];
    if instance.status == "DONE" {
        lines.push(format!("{at} container {} started", container.name));
        lines.push(format!(
            "{at} container {} exited with code 0",
            container.name
        ));
    } else if instance.status == "FAILED" {
        lines.push(format!(
            "{at} failed to pull image {}: repository not found",
            container.image
        ));
    } else if instance.status == "READY" {
        lines.push(format!("{at} container {} started", container.name));
        for endpoint in endpoints(&service.spec) {
            if let Some(port) = endpoint.port {
                lines.push(format!("{at} listening on port {port} ({})", endpoint.name));
            }
        }
    } else {
        lines.push(format!(
            "{at} waiting for compute pool {}",
            service.compute_pool
        ));
    }
    if let Some(n) = num_lines {
        let skip = lines.len().saturating_sub(n);
        lines.drain(..skip);
    }
    Ok(Json(json!({ "system$get_service_logs": lines.join("\n") })))
}

/// The service roles of a service and the endpoints each may use: `ALL_ENDPOINTS_USAGE`
/// first, then those its specification's `serviceRoles` define.
fn roles_of(service: &Service) -> Vec<(String, Vec<String>)> {
    let all = endpoints(&service.spec)
        .into_iter()
        .map(|e| e.name)
        .collect();
    std::iter::once((ALL_ENDPOINTS_USAGE.to_owned(), all))
        .chain(
            service_roles(&service.spec)
                .into_iter()
                .map(|role| (role.name.to_ascii_uppercase(), role.endpoints)),
        )
        .collect()
}

/// A service role named by a `…/services/{service}/roles/{name}` path.
struct NamedRole {
    path: ObjectPath,
    service: Arc<Service>,
    role: String,
    endpoints: Vec<String>,
}

/// The service and its service role a path names, or 404.
fn service_role(
    caller: &Caller,
    (database, schema, service, name): &(String, String, String, String),
) -> Result<NamedRole, RestError> {
    tracing::debug!(user = %caller.user, database, schema, service, name, "service role");
    let (path, service) = catalog_service(caller, database, schema, service)?;
    let wanted = canonical(name);
    let (role, endpoints) = roles_of(&service)
        .into_iter()
        .find(|(role, _)| role.eq_ignore_ascii_case(&wanted))
        .ok_or_else(|| RestError::not_found("Service role", &format!("{path}!{wanted}")))?;
    Ok(NamedRole {
        path,
        service,
        role,
        endpoints,
    })
}

/// `GET …/services/{name}/roles`.
async fn list_roles(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "service roles");
    let (_, service) = catalog_service(&caller, &database, &schema, &name)?;
    let created = super::compute_util::timestamp(service.info.created_on);
    Ok(Json(
        roles_of(&service)
            .into_iter()
            .map(|(role, _)| {
                let comment = if role == ALL_ENDPOINTS_USAGE {
                    "All endpoints usage role"
                } else {
                    "Service role defined in the specification"
                };
                json!({"created_on": created, "name": role, "comment": comment})
            })
            .collect(),
    ))
}

/// `GET …/services/{service}/roles/{name}/grants`: USAGE on each endpoint the role covers.
async fn role_grants_to(
    caller: Caller,
    RestPath(names): RestPath<(String, String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    let found = service_role(&caller, &names)?;
    let created = super::compute_util::timestamp(found.service.info.created_on);
    Ok(Json(
        found
            .endpoints
            .iter()
            .map(|endpoint| {
                json!({
                    "created_on": created,
                    "privilege": "USAGE",
                    "granted_on": "SERVICE_ENDPOINT",
                    "name": format!("{}!{endpoint}", found.path),
                    "granted_to": "SERVICE ROLE",
                    "grantee_name": found.role,
                })
            })
            .collect(),
    ))
}

/// `GET …/services/{service}/roles/{name}/grants-of`: SHOW GRANTS OF SERVICE ROLE (404 when
/// the service or its role does not exist).
async fn role_grants_of(
    caller: Caller,
    RestPath(names): RestPath<(String, String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    let found = service_role(&caller, &names)?;
    let rows = caller
        .sql_rows(&format!(
            "SHOW GRANTS OF SERVICE ROLE {}.{}.{}!{}",
            found.path.database.to_ident(),
            found.path.schema.to_ident(),
            found.path.name.to_ident(),
            Name::canonical(found.role.as_str()).to_ident()
        ))
        .await?;
    Ok(Json(
        rows.iter()
            .map(|row| {
                json!({
                    "created_on": cell(row, "created_on"),
                    "role": cell(row, "role"),
                    "granted_to": cell(row, "granted_to"),
                    "grantee_name": cell(row, "grantee_name"),
                    "granted_by": cell(row, "granted_by"),
                })
            })
            .collect(),
    ))
}

/// A JobService body; read-only fields are ignored.
#[derive(Debug, Clone, Deserialize)]
struct JobBody {
    name: String,
    compute_pool: String,
    spec: Option<SpecBody>,
    external_access_integrations: Option<Vec<String>>,
    query_warehouse: Option<String>,
    comment: Option<String>,
    is_async_job: Option<bool>,
}

/// `POST …/services:execute-job`: EXECUTE JOB SERVICE; the job runs to DONE (or FAILED,
/// answered as an error unless it is asynchronous).
async fn execute_job(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    JsonBody(body): JsonBody<JobBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name = %body.name, "execute job service");
    let spec = body
        .spec
        .as_ref()
        .ok_or_else(|| RestError::bad_request("A job service needs a specification ('spec')."))?;
    let mut sql = format!(
        "EXECUTE JOB SERVICE IN COMPUTE POOL {} NAME = {} FROM {}",
        ident(&body.compute_pool)?,
        object_ref(&database, &schema, &body.name)?,
        spec.sql(&database, &schema)?
    );
    if body.is_async_job == Some(true) {
        sql.push_str(" ASYNC = TRUE");
    }
    if let Some(warehouse) = &body.query_warehouse {
        sql.push_str(&format!(" QUERY_WAREHOUSE = {}", ident(warehouse)?));
    }
    if let Some(integrations) = body
        .external_access_integrations
        .as_ref()
        .filter(|i| !i.is_empty())
    {
        let names = integrations
            .iter()
            .map(|i| ident(i))
            .collect::<Result<Vec<_>, _>>()?;
        sql.push_str(&format!(
            " EXTERNAL_ACCESS_INTEGRATIONS = ({})",
            names.join(", ")
        ));
    }
    if let Some(comment) = &body.comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    run_ddl(&caller, &sql).await
}
