//! Bounding request bodies: every body is read here (with a size cap and a time cap) before any
//! handler runs, and gzipped bodies are inflated here under the same cap, so handlers see plain
//! bytes and a gzip bomb costs at most the cap.

use std::{io::Read, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};
use futures::StreamExt;

use super::{envelope::BAD_REQUEST, rejection::reject};

/// The default cap on a request body, after gzip inflation.
pub(crate) const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// How long a client may take to send a body; past it the request is refused instead of holding
/// a task forever.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(120);

/// The middleware's settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// The largest body accepted, counted after gzip inflation.
    pub(crate) max_body_bytes: usize,
}

/// Why a body was not read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Larger than the cap (before or after inflation).
    TooLarge,
    /// The bytes could not be read or inflated; the message says why.
    Unreadable(String),
}

/// Reads and (when gzipped) inflates the request body under [`BodyLimits`], then hands the
/// request on with the plain body; refuses it with "Request body too large" (HTTP 200 envelope,
/// or 413 on REST paths) or a 390400 "cannot read" error.
pub(crate) async fn enforce(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let max = limits.max_body_bytes;
    let (mut parts, body) = request.into_parts();
    let read = match declared_length(&parts.headers) {
        Some(declared) if declared > max => Err(BodyError::TooLarge),
        _ => match tokio::time::timeout(BODY_READ_TIMEOUT, collect(body, max)).await {
            Ok(read) => read,
            Err(_) => {
                tracing::warn!(path, "timed out reading a request body");
                return reject(
                    &path,
                    StatusCode::REQUEST_TIMEOUT,
                    BAD_REQUEST,
                    "Timed out reading the request body.",
                );
            }
        },
    };
    let read = read.and_then(|bytes| {
        if !is_gzip(&parts.headers) {
            return Ok(bytes);
        }
        parts.headers.remove(header::CONTENT_ENCODING);
        // An empty body stays empty: some clients declare gzip on bodiless requests.
        if bytes.is_empty() {
            Ok(bytes)
        } else {
            inflate_gzip(&bytes, max).map(Bytes::from)
        }
    });
    match read {
        Ok(bytes) => {
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(BodyError::TooLarge) => {
            tracing::warn!(path, limit = max, "request body too large");
            reject(
                &path,
                StatusCode::PAYLOAD_TOO_LARGE,
                BAD_REQUEST,
                &format!("Request body too large: the limit is {max} bytes."),
            )
        }
        Err(BodyError::Unreadable(message)) => {
            tracing::info!(path, %message, "unreadable request body");
            reject(&path, StatusCode::BAD_REQUEST, BAD_REQUEST, &message)
        }
    }
}

/// The `Content-Length` the client declared, when it is a number.
fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Whether the body is declared gzipped.
fn is_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("gzip"))
}

/// The whole body, or [`BodyError::TooLarge`] as soon as it passes `max` bytes.
async fn collect(body: Body, max: usize) -> Result<Bytes, BodyError> {
    let mut stream = body.into_data_stream();
    let mut buffer = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|e| BodyError::Unreadable(format!("Cannot read the request body: {e}")))?;
        if buffer.len() + chunk.len() > max {
            return Err(BodyError::TooLarge);
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buffer))
}

/// Inflates a gzip body, refusing to produce more than `max` bytes.
pub(crate) fn inflate_gzip(body: &[u8], max: usize) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    flate2::read::GzDecoder::new(body)
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| BodyError::Unreadable(format!("Invalid gzip request body: {e}")))?;
    if out.len() > max {
        return Err(BodyError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn inflation_stops_at_the_cap() {
        let bomb = gzip(&vec![b' '; 1 << 20]);
        assert!(bomb.len() < 4096, "{}", bomb.len());
        assert!(matches!(
            inflate_gzip(&bomb, 1000),
            Err(BodyError::TooLarge)
        ));
        assert_eq!(inflate_gzip(&bomb, 1 << 20).unwrap().len(), 1 << 20);
        assert!(matches!(
            inflate_gzip(b"not gzip at all", 1000),
            Err(BodyError::Unreadable(m)) if m.starts_with("Invalid gzip")
        ));
    }

    #[tokio::test]
    async fn collect_refuses_bodies_over_the_cap() {
        assert_eq!(
            collect(Body::from("12345"), 5).await.unwrap(),
            Bytes::from("12345")
        );
        assert!(matches!(
            collect(Body::from("123456"), 5).await,
            Err(BodyError::TooLarge)
        ));
    }
}
