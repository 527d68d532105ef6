//! REST API v2 image repositories (`openapi/image-repository.yaml`): list, create, fetch,
//! delete (CREATE / DROP / SHOW IMAGE REPOSITORIES in the caller's session) and `/images`.
//!
//! The OCI distribution API is not emulated: the images listed are those registered with
//! `RunningEmulator::register_image` / `POST /__emulator/images` and those service
//! specifications run from the repository (see `catalog/image_registry.rs`).

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::{Row, cell, object_ref, run_ddl, schema_ref},
    error::RestError,
    params::{Params, RestPath, canonical, create_prefix},
    schema_objects, split_action,
};
use crate::{
    catalog::{Name, ObjectPath, images_in},
    server::router::AppState,
};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    let base = "/api/v2/databases/{database}/schemas/{schema}/image-repositories";
    Router::new()
        .route(base, get(list).post(create))
        .route(
            &format!("{base}/{{name}}"),
            get(fetch).delete(delete).post(|c, p, q, b| {
                let domain = crate::catalog::TagDomain::ImageRepository;
                super::tags::schema_object_post(domain, c, p, q, b)
            }),
        )
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

/// What SHOW calls this resource.
const SHOW: &str = "IMAGE REPOSITORIES";

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
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    let object = (
        crate::catalog::TagDomain::ImageRepository,
        &[database.as_str(), &schema, name][..],
    );
    if let Some(answer) =
        schema_objects::get_action(&caller, object, action, &query, "image repository").await
    {
        return answer;
    }
    tracing::debug!(user = %caller.user, database, schema, name, "fetch image repository");
    let row = schema_objects::find(&caller, SHOW, (&database, &schema), name)
        .await?
        .ok_or_else(|| schema_objects::not_found("Image repository", (&database, &schema), name))?;
    Ok(Json(repository_json(&row)))
}

/// `DELETE …/image-repositories/{name}?ifExists=`.
async fn delete(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "drop image repository");
    let place = (database.as_str(), schema.as_str());
    schema_objects::drop(&caller, &params, "IMAGE REPOSITORY", place, &name).await
}

/// `GET …/image-repositories/{name}/images`: what SHOW IMAGES IN IMAGE REPOSITORY lists.
async fn images(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "list images");
    let row = schema_objects::find(&caller, SHOW, (&database, &schema), &name)
        .await?
        .ok_or_else(|| RestError::not_found("Image repository", &canonical(&name)))?;
    let text =
        |column: &str| Name::canonical(row.get(column).and_then(Value::as_str).unwrap_or_default());
    let path = ObjectPath {
        database: text("database_name"),
        schema: text("schema_name"),
        name: text("name"),
    };
    let listed = images_in(&caller.session().snapshot(), &path)?;
    Ok(Json(
        listed
            .into_iter()
            .map(|image| {
                json!({
                    "created_on": image.created_on.format("%Y-%m-%d %H:%M:%S%.3f %z").to_string(),
                    "image_name": image.name,
                    "tags": image.tag,
                    "digest": image.digest,
                    "image_path": image.image_path,
                })
            })
            .collect(),
    ))
}
