//! Result chunks (PROTOCOL.md 2.8): the encoded parts of large results past the inline one, kept
//! in memory and served by `GET /chunks/{result}/{n}` without Authorization, like the presigned
//! cloud-storage URLs real Snowflake hands out.
//!
//! Instead of SSE-C keys, every stored result gets a random key that clients must send back in
//! the [`CHUNK_KEY_HEADER`] of `chunkHeaders`; a wrong or missing key answers 403.

use std::{
    collections::{HashMap, VecDeque},
    io::Write,
};

use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use parking_lot::Mutex;

use super::router::AppState;

/// The header carrying a stored result's key on chunk GETs.
pub(crate) const CHUNK_KEY_HEADER: &str = "x-snowapi-chunk-key";

/// Encoded chunks of recent results, bounded by their total size: storing a result evicts the
/// oldest ones until the rest fits. A result larger than the whole bound is still kept (alone),
/// so its URLs work until the next result arrives.
#[derive(Debug)]
pub(crate) struct ChunkStore {
    limit: usize,
    inner: Mutex<Stored>,
}

#[derive(Debug, Default)]
struct Stored {
    results: HashMap<String, StoredResult>,
    /// Result ids, oldest first.
    order: VecDeque<String>,
    bytes: usize,
}

#[derive(Debug)]
struct StoredResult {
    key: String,
    chunks: Vec<Bytes>,
    bytes: usize,
}

/// Where a stored result's chunks can be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredChunks {
    /// The id in chunk URLs.
    pub(crate) id: String,
    /// The value of [`CHUNK_KEY_HEADER`] chunk GETs must carry.
    pub(crate) key: String,
}

/// Why a chunk cannot be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChunkError {
    /// Unknown or evicted result, or no chunk with that number.
    NotFound,
    /// The key header is missing or wrong.
    Forbidden,
}

impl ChunkStore {
    /// An empty store holding at most about `limit` bytes of chunks.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            inner: Mutex::new(Stored::default()),
        }
    }

    /// Stores one result's chunks (in order) under a fresh id and key.
    pub(crate) fn insert(&self, chunks: Vec<Bytes>) -> StoredChunks {
        let stored = StoredChunks {
            id: uuid::Uuid::new_v4().simple().to_string(),
            key: format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            ),
        };
        let bytes = chunks.iter().map(Bytes::len).sum::<usize>();
        let mut inner = self.inner.lock();
        while inner.bytes + bytes > self.limit {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(evicted) = inner.results.remove(&oldest) {
                inner.bytes -= evicted.bytes;
                tracing::debug!(result = %oldest, bytes = evicted.bytes, "chunks evicted");
            }
        }
        inner.bytes += bytes;
        inner.order.push_back(stored.id.clone());
        inner.results.insert(
            stored.id.clone(),
            StoredResult {
                key: stored.key.clone(),
                chunks,
                bytes,
            },
        );
        stored
    }

    /// Chunk `n` of result `id`, when `key` is that result's key.
    pub(crate) fn get(&self, id: &str, n: usize, key: Option<&str>) -> Result<Bytes, ChunkError> {
        let inner = self.inner.lock();
        let result = inner.results.get(id).ok_or(ChunkError::NotFound)?;
        if !key.is_some_and(|k| same_key(k.as_bytes(), result.key.as_bytes())) {
            return Err(ChunkError::Forbidden);
        }
        result.chunks.get(n).cloned().ok_or(ChunkError::NotFound)
    }
}

/// Key comparison whose time does not depend on where the keys differ.
fn same_key(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// `GET /chunks/{result}/{n}`: the chunk's bytes (an Arrow IPC stream, or JSON rows without the
/// enclosing brackets), gzipped when the request accepts gzip. 404 for an unknown or evicted
/// chunk, 403 without the result's key header.
#[tracing::instrument(skip_all, fields(operation = "chunk", result = %id, chunk = n))]
pub(crate) async fn chunk(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, usize)>,
    headers: HeaderMap,
) -> Response {
    let key = headers.get(CHUNK_KEY_HEADER).and_then(|v| v.to_str().ok());
    let bytes = match state.chunks.get(&id, n, key) {
        Ok(bytes) => bytes,
        Err(ChunkError::NotFound) => {
            tracing::debug!("chunk not found");
            return (StatusCode::NOT_FOUND, "No such result chunk.").into_response();
        }
        Err(ChunkError::Forbidden) => {
            tracing::info!("chunk request without the result's key");
            return (StatusCode::FORBIDDEN, "Access denied.").into_response();
        }
    };
    let gzip = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        });
    let octets = HeaderValue::from_static("application/octet-stream");
    if !gzip {
        tracing::debug!(bytes = bytes.len(), "chunk served");
        return ([(header::CONTENT_TYPE, octets)], Body::from(bytes)).into_response();
    }
    let zipped = tokio::task::spawn_blocking(move || gzip_bytes(&bytes)).await;
    match zipped {
        Ok(Ok(zipped)) => {
            tracing::debug!(bytes = zipped.len(), "chunk served gzipped");
            (
                [
                    (header::CONTENT_TYPE, octets),
                    (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
                ],
                Body::from(zipped),
            )
                .into_response()
        }
        Ok(Err(error)) => {
            tracing::error!(%error, "cannot gzip a chunk");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(error) => {
            tracing::error!(%error, "chunk gzip task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn gzip_bytes(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::fast(),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_guard_chunks_and_old_results_are_evicted() {
        let store = ChunkStore::new(10);
        let first = store.insert(vec![Bytes::from_static(b"abcd"), Bytes::from_static(b"ef")]);
        assert_eq!(
            store.get(&first.id, 1, Some(&first.key)),
            Ok(Bytes::from_static(b"ef"))
        );
        assert_eq!(store.get(&first.id, 0, None), Err(ChunkError::Forbidden));
        assert_eq!(
            store.get(&first.id, 0, Some("nope")),
            Err(ChunkError::Forbidden)
        );
        assert_eq!(
            store.get(&first.id, 2, Some(&first.key)),
            Err(ChunkError::NotFound)
        );
        assert_eq!(
            store.get("other", 0, Some(&first.key)),
            Err(ChunkError::NotFound)
        );
        let second = store.insert(vec![Bytes::from_static(b"1234")]);
        assert!(store.get(&first.id, 0, Some(&first.key)).is_ok());
        let third = store.insert(vec![Bytes::from_static(b"56789")]);
        assert_eq!(
            store.get(&first.id, 0, Some(&first.key)),
            Err(ChunkError::NotFound)
        );
        assert!(store.get(&second.id, 0, Some(&second.key)).is_ok());
        assert!(store.get(&third.id, 0, Some(&third.key)).is_ok());
        let huge = store.insert(vec![Bytes::from(vec![0u8; 50])]);
        assert!(store.get(&huge.id, 0, Some(&huge.key)).is_ok());
        assert_eq!(
            store.get(&third.id, 0, Some(&third.key)),
            Err(ChunkError::NotFound)
        );
    }
}
