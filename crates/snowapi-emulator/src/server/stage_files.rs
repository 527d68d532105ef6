//! Staged files over HTTP outside the REST API:
//! - `POST /__emulator/stages/{db}/{schema}/{stage}/files/{*path}` puts the body on an internal
//!   stage as that file (loopback callers only, like the other admin endpoints; the body limit
//!   of every request applies). `RunningEmulator::put_stage_file` does the same in Rust.
//! - `GET /__emulator/presigned/{token}` serves a file's bytes to the holder of a presigned URL
//!   from `getStagePresignedUrl`. The token names the file and its expiry and carries an
//!   HMAC-SHA256 of both under a key drawn at random once per process, so it cannot be forged
//!   or extended; an expired or tampered token answers 403, a file gone since answers 404.

use std::{net::SocketAddr, sync::OnceLock};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{ConnectInfo, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

use crate::{
    catalog::{Name, ObjectPath, put_stage_file as put, stage_file_path},
    engine::Engine,
    error::{EmulatorError, Result},
};

/// Puts `bytes` on the internal stage `stage` (`DB.SCHEMA.STAGE`, parts may be quoted) as
/// `path` (relative to the stage's root; `..` is refused), replacing a file of that path.
pub(crate) async fn put_stage_file(
    engine: &Engine,
    stage: &ObjectPath,
    path: &str,
    bytes: Vec<u8>,
) -> Result<()> {
    let path = stage_file_path(path)?;
    let size = bytes.len();
    {
        let (stage, path) = (stage.clone(), path.clone());
        engine
            .commit(move |catalog| put(catalog, &stage, &path, bytes))
            .await?;
    }
    tracing::info!(stage = %stage, path, size, "file staged");
    Ok(())
}

/// The routes of this module.
pub(crate) fn router(engine: Engine) -> Router {
    Router::new()
        .route(
            "/__emulator/stages/{database}/{schema}/{stage}/files/{*path}",
            post(upload),
        )
        .route("/__emulator/presigned/{token}", get(download))
        .with_state(engine)
}

#[tracing::instrument(skip_all, fields(operation = "admin_put_stage_file"))]
async fn upload(
    State(engine): State<Engine>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((database, schema, stage, path)): Path<(String, String, String, String)>,
    body: Bytes,
) -> Response {
    if !super::admin::is_admin_peer(&peer) {
        return super::admin::refused(&peer);
    }
    let stage = ObjectPath {
        database: Name::canonical(database),
        schema: Name::canonical(schema),
        name: Name::canonical(stage),
    };
    match put_stage_file(&engine, &stage, &path, body.to_vec()).await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "staged"}))).into_response(),
        Err(error) => super::admin::engine_error(&error),
    }
}

fn answer(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"code": code, "message": message}))).into_response()
}

/// What a presigned URL grants: one file until a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Grant {
    /// The stage.
    pub(crate) stage: ObjectPath,
    /// The file's path on it.
    pub(crate) path: String,
    /// Unix seconds after which the URL no longer works.
    pub(crate) expires: i64,
}

/// The process's signing key (32 random bytes, never logged).
fn key() -> &'static [u8] {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut key = uuid::Uuid::new_v4().as_bytes().to_vec();
        key.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        key
    })
}

fn signature(payload: &str) -> Result<Vec<u8>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key()).map_err(EmulatorError::internal)?;
    mac.update(payload.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// The token of a presigned URL for `grant`.
pub(crate) fn sign(grant: &Grant) -> Result<String> {
    let text = serde_json::to_vec(grant).map_err(EmulatorError::internal)?;
    let payload = URL_SAFE_NO_PAD.encode(text);
    let signature = URL_SAFE_NO_PAD.encode(signature(&payload)?);
    Ok(format!("{payload}.{signature}"))
}

/// The grant of a genuine token; `None` for anything forged or malformed.
fn verify(token: &str) -> Option<Grant> {
    let (payload, signature) = token.split_once('.')?;
    let given = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(key()).ok()?;
    mac.update(payload.as_bytes());
    mac.verify_slice(&given).ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

#[tracing::instrument(skip_all, fields(operation = "presigned_download"))]
async fn download(State(engine): State<Engine>, Path(token): Path<String>) -> Response {
    let Some(grant) = verify(&token) else {
        return answer(
            StatusCode::FORBIDDEN,
            "403",
            "The presigned URL is not valid.",
        );
    };
    if chrono::Utc::now().timestamp() > grant.expires {
        return answer(
            StatusCode::FORBIDDEN,
            "403",
            "The presigned URL has expired.",
        );
    }
    let catalog = engine.snapshot();
    let file = catalog
        .stage(&grant.stage)
        .ok()
        .and_then(|stage| stage.files.get(&grant.path).cloned());
    let Some(file) = file else {
        return answer(StatusCode::NOT_FOUND, "404", "The file no longer exists.");
    };
    tracing::debug!(stage = %grant.stage, path = grant.path, "presigned download");
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::ETAG, format!("\"{}\"", file.md5)),
        ],
        file.bytes.as_ref().clone(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cannot_be_altered() {
        let grant = Grant {
            stage: ObjectPath {
                database: Name::canonical("D"),
                schema: Name::canonical("S"),
                name: Name::canonical("ST"),
            },
            path: "a.csv".into(),
            expires: 10,
        };
        let token = sign(&grant).unwrap();
        assert_eq!(verify(&token), Some(grant.clone()));
        let (payload, signature) = token.split_once('.').unwrap();
        let longer = Grant {
            expires: i64::MAX,
            ..grant
        };
        let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&longer).unwrap());
        assert_eq!(verify(&format!("{forged}.{signature}")), None);
        assert_eq!(verify(payload), None);
    }
}
