//! The middleware that applies fault rules to requests.

use std::{io, sync::Arc, time::Duration};

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use serde_json::json;

use super::{FaultAction, FaultSet};

/// Paths no fault applies to: the admin endpoints that add and clear faults.
pub(crate) const ADMIN_PREFIX: &str = "/__emulator/";

/// How long a broken body waits before failing, so the bytes before the failure go out.
const FLUSH_PAUSE: Duration = Duration::from_millis(50);

/// Applies the first rule that fires for the request (see [`FaultSet::take`]); every injected
/// fault is logged at warn level.
pub(crate) async fn apply(
    State(faults): State<Arc<FaultSet>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with(ADMIN_PREFIX) {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_owned();
    let Some(action) = faults.take(&method, &path) else {
        return next.run(request).await;
    };
    tracing::warn!(path, method, action = ?action, "injected fault");
    match action {
        FaultAction::Status(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = json!({
                "code": status.as_u16().to_string(),
                "message": format!("Injected fault: HTTP {}.", status.as_u16()),
            });
            (status, Json(body)).into_response()
        }
        FaultAction::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        FaultAction::DropConnection => broken(Vec::new(), None),
        FaultAction::TruncateBody => {
            let (parts, body) = next.run(request).await.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
                return broken(Vec::new(), None);
            };
            let full = bytes.len();
            let mut response = broken(vec![bytes.slice(..full / 2)], Some(full));
            *response.status_mut() = parts.status;
            let headers = response.headers_mut();
            for (name, value) in &parts.headers {
                if name != header::CONTENT_LENGTH && name != header::TRANSFER_ENCODING {
                    headers.insert(name.clone(), value.clone());
                }
            }
            response
        }
    }
}

/// An HTTP 200 answer whose body sends `chunks` and then fails, which makes the server abort
/// the connection. With `declared_length`, the headers promise that many bytes.
fn broken(chunks: Vec<Bytes>, declared_length: Option<usize>) -> Response {
    let sent = !chunks.is_empty();
    let frames = chunks
        .into_iter()
        .map(Ok)
        .chain(std::iter::once(Err(io::Error::other(
            "injected fault: connection broken",
        ))));
    let frames = futures::stream::iter(frames).then(move |frame| async move {
        // hyper flushes what it has buffered only when the body is not ready; without this
        // pause the bytes sent before the failure would be discarded with the connection.
        if sent && frame.is_err() {
            tokio::time::sleep(FLUSH_PAUSE).await;
        }
        frame
    });
    let mut response = Body::from_stream(frames).into_response();
    if let Some(length) = declared_length {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    response
}
