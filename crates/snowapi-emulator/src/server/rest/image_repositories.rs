//! REST API v2 image repositories (`openapi/image-repository.yaml`): list, create, fetch,
//! delete (CREATE / DROP / SHOW IMAGE REPOSITORIES in the caller's session) and `/images`.
//!
//! Nothing is pushed to an emulated registry, so an image counts as registered in a repository
//! once a service specification runs it from there (`image: /db/schema/repo/name:tag`): the
//! listing reports each distinct image those specifications name, pushed when the first
//! service naming it was created.

use std::collections::BTreeMap;

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::{Row, cell, like_exact, named, object_ref, run_ddl, schema_ref, unsupported},
    error::RestError,
    params::{Params, RestPath, canonical, create_prefix, sql_string},
    service_spec::{containers, image_parts},
    split_action,
};
use crate::server::router::AppState;

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    let base = "/api/v2/databases/{database}/schemas/{schema}/image-repositories";
    Router::new()
        .route(base, get(list).post(create))
        .route(&format!("{base}/{{name}}"), get(fetch).delete(delete))
        .route(&format!("{base}/{{name}}/images"), get(images))
}

/// An ImageRepository body: only the name is written.
#[derive(Debug, Clone, Deserialize)]
struct RepositoryBody {
    name: String,
}

/// The ImageRepository model of one SHOW IMAGE REPOSITORIES row.
fn repository_json(row: &Row) -> Value {
    let mut out = Map::new();
    for column in [
        "name",
        "database_name",
        "schema_name",
        "created_on",
        "repository_url",
        "owner",
        "owner_role_type",
        "comment",
    ] {
        let value = cell(row, column);
        if !value.is_null() {
            out.insert(column.to_owned(), value);
        }
    }
    Value::Object(out)
}

/// The SHOW row of one repository, if it exists (404 when the schema does not).
async fn find(
    caller: &Caller,
    database: &str,
    schema: &str,
    name: &str,
) -> Result<Option<Row>, RestError> {
    let shown = canonical(name);
    let rows = caller
        .sql_rows(&format!(
            "SHOW IMAGE REPOSITORIES LIKE {} IN SCHEMA {}",
            sql_string(&like_exact(&shown)),
            schema_ref(database, schema)?
        ))
        .await?;
    Ok(named(rows, &shown))
}

/// `GET …/image-repositories?like=`.
async fn list(
    caller: Caller,
    params: Params,
    RestPath((database, schema)): RestPath<(String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, "list image repositories");
    let filter = params.list_filter()?;
    let rows = caller
        .sql_rows(&format!(
            "SHOW IMAGE REPOSITORIES{} IN SCHEMA {}",
            filter.like_clause(),
            schema_ref(&database, &schema)?
        ))
        .await?;
    Ok(Json(rows.iter().map(repository_json).collect()))
}

/// `POST …/image-repositories?createMode=`.
async fn create(
    caller: Caller,
    params: Params,
    RestPath((database, schema)): RestPath<(String, String)>,
    JsonBody(body): JsonBody<RepositoryBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name = %body.name, "create image repository");
    let sql = format!(
        "{} {}",
        create_prefix(params.create_mode()?, "IMAGE REPOSITORY"),
        object_ref(&database, &schema, &body.name)?
    );
    run_ddl(&caller, &sql).await
}

/// `GET …/image-repositories/{name}`.
async fn fetch(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    if let Some(action) = action {
        return Err(unsupported(&format!("GET image repository :{action}")));
    }
    tracing::debug!(user = %caller.user, database, schema, name, "fetch image repository");
    let row = find(&caller, &database, &schema, name)
        .await?
        .ok_or_else(|| {
            RestError::not_found(
                "Image repository",
                &format!(
                    "{}.{}.{}",
                    canonical(&database),
                    canonical(&schema),
                    canonical(name)
                ),
            )
        })?;
    Ok(Json(repository_json(&row)))
}

/// `DELETE …/image-repositories/{name}?ifExists=`.
async fn delete(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "drop image repository");
    let if_exists = params.if_exists_clause()?;
    let target = object_ref(&database, &schema, &name)?;
    run_ddl(
        &caller,
        &format!("DROP IMAGE REPOSITORY{if_exists} {target}"),
    )
    .await
}

/// `GET …/image-repositories/{name}/images`.
async fn images(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "list images");
    let row = find(&caller, &database, &schema, &name)
        .await?
        .ok_or_else(|| RestError::not_found("Image repository", &canonical(&name)))?;
    let text = |column: &str| {
        row.get(column)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let (db, sch, repo) = (text("database_name"), text("schema_name"), text("name"));
    let snapshot = caller.session().snapshot();
    // (image name, tag) → when first run.
    let mut found: BTreeMap<(String, String), chrono::DateTime<chrono::Utc>> = BTreeMap::new();
    for database in snapshot.databases.values() {
        for schema in database.schemas.values() {
            for service in schema.services.values() {
                for container in containers(&service.spec) {
                    let Some([d, s, r, image, tag]) = image_parts(&container.image) else {
                        continue;
                    };
                    // Registry paths are written in lower case.
                    if d.eq_ignore_ascii_case(&db)
                        && s.eq_ignore_ascii_case(&sch)
                        && r.eq_ignore_ascii_case(&repo)
                    {
                        let at = service.info.created_on;
                        found
                            .entry((image, tag))
                            .and_modify(|first| *first = (*first).min(at))
                            .or_insert(at);
                    }
                }
            }
        }
    }
    let path = |image: &str, tag: &str| {
        format!(
            "{}/{}/{}/{image}:{tag}",
            db.to_lowercase(),
            sch.to_lowercase(),
            repo.to_lowercase()
        )
    };
    Ok(Json(
        found
            .into_iter()
            .map(|((image, tag), at)| {
                let image_path = path(&image, &tag);
                let digest: String = Sha256::digest(image_path.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                json!({
                    "created_on": at.format("%Y-%m-%d %H:%M:%S%.3f %z").to_string(),
                    "image_name": image,
                    "tags": tag,
                    "digest": format!("sha256:{digest}"),
                    "image_path": image_path,
                })
            })
            .collect(),
    ))
}
