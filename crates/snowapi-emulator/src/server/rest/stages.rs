//! REST API v2 stages (`openapi/stage.yaml`): list, create, fetch and drop, the files of a
//! stage (LIST) and presigned URLs to download one. Credentials and encryption keys go into the
//! CREATE STAGE text and are never answered back.

use axum::{Json, Router, extract::State, http::StatusCode, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::schema_ref,
    error::RestError,
    params::{Params, RestPath, canonical, create_prefix, ident, sql_string},
    schema_objects, split_action,
};
use crate::{
    catalog::{Name, ObjectPath, stage_file_path},
    server::{
        router::AppState,
        stage_files::{Grant, sign},
    },
};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/stages",
            get(list).post(create),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/stages/{name}",
            get(fetch).delete(delete),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/stages/{name}/files",
            get(files),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/stages/{name}/files/{*file}",
            axum::routing::post(presigned_url),
        )
}

/// A stage as a create body gives it. `Debug` is not derived: the body carries secrets.
#[derive(Deserialize)]
struct StageBody {
    name: String,
    kind: Option<String>,
    url: Option<String>,
    endpoint: Option<String>,
    storage_integration: Option<String>,
    comment: Option<String>,
    credentials: Option<Map<String, Value>>,
    encryption: Option<Map<String, Value>>,
    directory_table: Option<Map<String, Value>>,
}

/// A SHOW STAGES row as the model, with the directory table from the catalog.
fn stage_json(caller: &Caller, row: &Map<String, Value>) -> Value {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let flag = |key: &str| text(key) == "Y" || text(key).eq_ignore_ascii_case("true");
    let mut stage = Map::new();
    stage.insert("name".into(), json!(text("name")));
    let kind = if text("type").contains("TEMPORARY") {
        "TEMPORARY"
    } else {
        "PERMANENT"
    };
    stage.insert("kind".into(), json!(kind));
    for key in [
        "created_on",
        "url",
        "endpoint",
        "storage_integration",
        "owner",
        "owner_role_type",
        "region",
        "cloud",
    ] {
        let value = row.get(key).cloned().unwrap_or(Value::Null);
        let value = match value {
            Value::String(s) if s.is_empty() => Value::Null,
            other => other,
        };
        stage.insert(key.into(), value);
    }
    if !text("comment").is_empty() {
        stage.insert("comment".into(), json!(text("comment")));
    }
    stage.insert("has_credentials".into(), json!(flag("has_credentials")));
    stage.insert(
        "has_encryption_key".into(),
        json!(flag("has_encryption_key")),
    );
    let mut directory = json!({"enable": flag("directory_enabled")});
    let path = (|| {
        Some(ObjectPath {
            database: Name::canonical(row.get("database_name")?.as_str()?),
            schema: Name::canonical(row.get("schema_name")?.as_str()?),
            name: Name::canonical(row.get("name")?.as_str()?),
        })
    })();
    if let Some(path) = path
        && let Ok(stored) = caller.session().snapshot().stage(&path).cloned()
    {
        directory = json!({
            "enable": stored.directory.enable,
            "refresh_on_create": stored.directory.refresh_on_create,
            "auto_refresh": stored.directory.auto_refresh,
        });
        if let Some(integration) = &stored.directory.notification_integration {
            directory["notification_integration"] = json!(integration);
        }
    }
    stage.insert("directory_table".into(), directory);
    Value::Object(stage)
}

async fn list(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let filter = params.list_filter()?;
    tracing::debug!(operation = "listStages", database, schema, "REST");
    let rows = schema_objects::list_rows(&caller, "STAGES", (&database, &schema), &filter).await?;
    Ok(Json(
        rows.iter().map(|row| stage_json(&caller, row)).collect(),
    ))
}

/// The SHOW STAGES row of one stage; 404 when there is none.
async fn show_one(
    caller: &Caller,
    database: &str,
    schema: &str,
    name: &str,
) -> Result<Map<String, Value>, RestError> {
    schema_objects::find(caller, "STAGES", (database, schema), name)
        .await?
        .ok_or_else(|| schema_objects::not_found("Stage", (database, schema), name))
}

async fn fetch(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Value>, RestError> {
    tracing::debug!(operation = "fetchStage", database, schema, name, "REST");
    let row = show_one(&caller, &database, &schema, &name).await?;
    Ok(Json(stage_json(&caller, &row)))
}

/// `KEY = 'text'` or `KEY = TRUE` pairs of a nested property group from a JSON object; only
/// the keys in `allowed` are taken.
fn group(what: &str, object: &Map<String, Value>, allowed: &[&str]) -> Result<String, RestError> {
    let mut items = Vec::new();
    for (key, value) in object {
        if key == "credential_type" {
            continue;
        }
        let upper = key.to_ascii_uppercase();
        if !allowed.contains(&upper.as_str()) {
            return Err(RestError::bad_request(format!(
                "Unknown field '{key}' in {what}."
            )));
        }
        let value = match value {
            Value::Null => continue,
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::String(s) => sql_string(s),
            other => {
                return Err(RestError::bad_request(format!(
                    "Invalid value {other} for {key} in {what}."
                )));
            }
        };
        items.push(format!("{upper} = {value}"));
    }
    Ok(items.join(" "))
}

async fn create(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
    JsonBody(body): JsonBody<StageBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    tracing::debug!(
        operation = "createStage",
        database,
        schema,
        name = body.name,
        "REST"
    );
    let keyword = match body.kind.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("" | "PERMANENT") => "STAGE",
        Some("TEMPORARY") => "TEMPORARY STAGE",
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "Invalid stage kind '{other}': expected PERMANENT or TEMPORARY."
            )));
        }
    };
    let mut sql = format!(
        "{} {}.{}",
        create_prefix(mode, keyword),
        schema_ref(&database, &schema)?,
        ident(&body.name)?
    );
    if let Some(url) = &body.url {
        sql.push_str(&format!(" URL = {}", sql_string(url)));
    }
    if let Some(endpoint) = &body.endpoint {
        sql.push_str(&format!(" ENDPOINT = {}", sql_string(endpoint)));
    }
    if let Some(integration) = &body.storage_integration {
        sql.push_str(&format!(" STORAGE_INTEGRATION = {}", ident(integration)?));
    }
    if let Some(credentials) = &body.credentials {
        let items = group(
            "credentials",
            credentials,
            &[
                "AWS_KEY_ID",
                "AWS_SECRET_KEY",
                "AWS_TOKEN",
                "AWS_ROLE",
                "AZURE_SAS_TOKEN",
            ],
        )?;
        sql.push_str(&format!(" CREDENTIALS = ({items})"));
    }
    if let Some(encryption) = &body.encryption {
        let items = group(
            "encryption",
            encryption,
            &["TYPE", "MASTER_KEY", "KMS_KEY_ID"],
        )?;
        sql.push_str(&format!(" ENCRYPTION = ({items})"));
    }
    if let Some(directory) = &body.directory_table {
        let items = group(
            "directory_table",
            directory,
            &[
                "ENABLE",
                "REFRESH_ON_CREATE",
                "AUTO_REFRESH",
                "NOTIFICATION_INTEGRATION",
            ],
        )?;
        if !items.is_empty() {
            sql.push_str(&format!(" DIRECTORY = ({items})"));
        }
    }
    if let Some(comment) = &body.comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    super::grants::run_secret(&caller, &sql).await
}

async fn delete(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    params: Params,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "deleteStage", database, schema, name, "REST");
    schema_objects::drop(&caller, &params, "STAGE", (&database, &schema), &name).await
}

/// `GET /stages/{name}/files[?pattern=…]`: LIST of the stage, as StageFile objects.
async fn files(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listStageFiles", database, schema, name, "REST");
    let mut sql = format!(
        "LIST @{}.{}",
        schema_ref(&database, &schema)?,
        ident(&name)?
    );
    if let Some(pattern) = params.get("pattern") {
        sql.push_str(&format!(" PATTERN = {}", sql_string(pattern)));
    }
    let rows = caller.sql_rows(&sql).await?;
    let text = |row: &Map<String, Value>, key: &str| match row.get(key) {
        Some(Value::String(s)) => json!(s),
        Some(Value::Number(n)) => json!(n.to_string()),
        _ => Value::Null,
    };
    Ok(Json(
        rows.iter()
            .map(|row| {
                json!({
                    "name": text(row, "name"),
                    "size": text(row, "size"),
                    "md5": text(row, "md5"),
                    "last_modified": text(row, "last_modified"),
                })
            })
            .collect(),
    ))
}

/// Snowflake's default lifetime of a presigned URL, and the longest it grants.
const DEFAULT_EXPIRATION_SECS: i64 = 3600;
const MAX_EXPIRATION_SECS: i64 = 7 * 24 * 3600;

/// The body of `getStagePresignedUrl`.
#[derive(Debug, Deserialize)]
struct PresignedUrlRequest {
    expiration_time: Option<i64>,
}

/// `POST /stages/{name}/files/{filePath}:presigned-url`: a URL on this server that serves the
/// file's bytes until `expiration_time` seconds from now (see `server/stage_files.rs`).
async fn presigned_url(
    caller: Caller,
    State(state): State<AppState>,
    RestPath((database, schema, name, file)): RestPath<(String, String, String, String)>,
    JsonBody(body): JsonBody<PresignedUrlRequest>,
) -> Result<Json<Value>, RestError> {
    tracing::debug!(
        operation = "getStagePresignedUrl",
        database,
        schema,
        name,
        "REST"
    );
    let (file, action) = split_action(&file);
    if action != Some("presigned-url") {
        return Err(RestError::new(
            StatusCode::NOT_FOUND,
            "404",
            "Unknown action on a stage file: expected ':presigned-url'.",
        ));
    }
    let expiration = body.expiration_time.unwrap_or(DEFAULT_EXPIRATION_SECS);
    if !(1..=MAX_EXPIRATION_SECS).contains(&expiration) {
        return Err(RestError::bad_request(format!(
            "expiration_time must be between 1 and {MAX_EXPIRATION_SECS} seconds."
        )));
    }
    let path = stage_file_path(file).map_err(RestError::from)?;
    let stage = ObjectPath {
        database: Name::canonical(canonical(&database)),
        schema: Name::canonical(canonical(&schema)),
        name: Name::canonical(canonical(&name)),
    };
    let catalog = caller.session().snapshot();
    if !catalog.stage(&stage)?.files.contains_key(&path) {
        return Err(RestError::not_found("File", &format!("@{stage}/{path}")));
    }
    let token = sign(&Grant {
        stage,
        path,
        expires: chrono::Utc::now().timestamp() + expiration,
    })?;
    Ok(Json(json!({
        "presigned_url": format!("{}/__emulator/presigned/{token}", state.config.base_url),
    })))
}
