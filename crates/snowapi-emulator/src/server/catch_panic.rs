//! Turning a panic anywhere below this middleware into an answer: without it the connection task
//! dies and the client sees a dropped connection, which it would retry into the same panic.

use std::panic::AssertUnwindSafe;

use axum::{extract::Request, http::StatusCode, middleware::Next, response::Response};
use futures::FutureExt;

/// Code and message of the answer to a request whose handler panicked.
const INTERNAL_CODE: &str = "000603";
const INTERNAL_MESSAGE: &str =
    "SQL execution internal error: the emulator failed while handling this request.";

/// Runs the rest of the stack; a panic is logged at error level and answered as Snowflake's
/// internal error 000603 (an HTTP 200 envelope on connector endpoints, HTTP 500 elsewhere).
pub(crate) async fn catch_panic(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    // Unwind safety: after a panic nothing of this request's state is used again; shared state
    // behind locks is parking_lot's, which does not poison.
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".to_owned());
            tracing::error!(path, %method, panic = %what, "request handler panicked");
            super::rejection::reject(
                &path,
                StatusCode::INTERNAL_SERVER_ERROR,
                INTERNAL_CODE,
                INTERNAL_MESSAGE,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::{Router, body::Body, middleware::from_fn, routing::get};
    use tower::ServiceExt;

    use super::*;

    async fn boom() -> &'static str {
        panic!("handler bug")
    }

    async fn call(path: &str) -> (StatusCode, serde_json::Value) {
        let app = Router::new()
            .route("/queries/v1/boom", get(boom))
            .route("/api/v2/boom", get(boom))
            .layer(from_fn(catch_panic));
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_an_internal_error_answer() {
        let (status, body) = call("/queries/v1/boom").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["success"], false);
        assert_eq!(body["code"], INTERNAL_CODE);
        let (status, body) = call("/api/v2/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["code"], INTERNAL_CODE);
    }
}
