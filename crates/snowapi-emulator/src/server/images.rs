//! Registering images in an image repository without the OCI distribution API (which the
//! emulator does not serve): `RunningEmulator::register_image` in Rust, and
//! `POST /__emulator/images` `{"repository": "DB.SCHEMA.REPO", "image": "echo", "tag": "1.0"}`
//! (tag `latest` when left out) for tests in another process — loopback callers only, like the
//! other admin endpoints. Registered images are listed by SHOW IMAGES IN IMAGE REPOSITORY and
//! the REST API's `listImagesInRepository`.

use std::net::SocketAddr;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

use crate::{
    catalog::{ObjectPath, register_image as register, split_dotted},
    engine::Engine,
    error::{EmulatorError, Result},
};

/// Registers `image:tag` in the repository named `repository` (`DB.SCHEMA.REPO`, parts may be
/// quoted).
pub(crate) async fn register_image(
    engine: &Engine,
    repository: &str,
    image: &str,
    tag: &str,
) -> Result<()> {
    let parts = split_dotted(repository)?;
    let [database, schema, name] = <[_; 3]>::try_from(parts).map_err(|_| {
        EmulatorError::compilation(
            crate::error::ErrorKind::SyntaxError,
            format!("Image repository '{repository}' must be named as database.schema.repository."),
        )
    })?;
    let path = ObjectPath {
        database,
        schema,
        name,
    };
    engine
        .commit(|catalog| register(catalog, &path, image, tag))
        .await?;
    tracing::info!(repository = %path, image, tag, "image registered");
    Ok(())
}

/// The route of `POST /__emulator/images`.
pub(crate) fn router(engine: Engine) -> Router {
    Router::new()
        .route("/__emulator/images", post(add))
        .with_state(engine)
}

#[tracing::instrument(skip_all, fields(operation = "admin_register_image"))]
async fn add(
    State(engine): State<Engine>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !super::admin::is_admin_peer(&peer) {
        return super::admin::refused(&peer);
    }
    let spec = match super::envelope::read_json(&headers, &body) {
        Ok(spec) => spec,
        Err(message) => return answer(StatusCode::BAD_REQUEST, "400", &message),
    };
    let text = |key: &str| spec.get(key).and_then(Value::as_str);
    let (Some(repository), Some(image)) = (text("repository"), text("image")) else {
        return answer(
            StatusCode::BAD_REQUEST,
            "400",
            "'repository' (database.schema.repository) and 'image' are required strings.",
        );
    };
    match register_image(&engine, repository, image, text("tag").unwrap_or("latest")).await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "registered"}))).into_response(),
        Err(error) => super::admin::engine_error(&error),
    }
}

fn answer(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"code": code, "message": message}))).into_response()
}
