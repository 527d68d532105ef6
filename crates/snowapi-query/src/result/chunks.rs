//! Result chunks (PROTOCOL §2.8): downloaded without the session's Authorization but with the
//! server's `chunkHeaders`, a bounded number ahead of the reader, each retried on transient
//! failures, gunzipped when needed and decoded to the standard schema.

use std::io::Read as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow::record_batch::RecordBatch;
use futures::{Stream, StreamExt as _, TryStreamExt as _, stream};
use tracing::Instrument as _;

use crate::arrow_convert::ArrowConverter;
use crate::error::QueryError;
use crate::json_decode::JsonRowsetDecoder;
use crate::retry::{RetryPolicy, is_retryable_status};
use crate::wire::{ChunkDto, Redacted};

/// The first bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The SSE-C headers built from `qrmk` when the server sent no `chunkHeaders`.
const SSE_C_ALGORITHM: &str = "x-amz-server-side-encryption-customer-algorithm";
const SSE_C_KEY: &str = "x-amz-server-side-encryption-customer-key";

/// How a result's rows are encoded, and the decoder that reads them.
#[derive(Debug, Clone)]
pub(crate) enum Decoder {
    /// Arrow IPC streams.
    Arrow(ArrowConverter),
    /// JSON rows.
    Json(JsonRowsetDecoder),
}

impl Decoder {
    /// Decodes one chunk body (already gunzipped).
    fn decode(&self, bytes: &[u8]) -> Result<Vec<RecordBatch>, QueryError> {
        match self {
            Self::Arrow(converter) => converter.convert_ipc(bytes),
            // An empty chunk body has no rows; the JSON decoder wants at least `[]`.
            Self::Json(_) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Vec::new()),
            Self::Json(decoder) => Ok(vec![decoder.decode(bytes)?]),
        }
    }
}

/// Everything needed to download and decode the chunks of one result.
#[derive(Debug, Clone)]
pub(crate) struct Chunks {
    /// A client that leaves compressed bodies compressed (inflated on the decoding thread).
    pub(crate) http: reqwest::Client,
    /// Whether to ask the server for gzip (`Accept-Encoding`); see
    /// [`ConnectionOptions::compressed_chunks`](crate::ConnectionOptions::compressed_chunks).
    pub(crate) compressed: bool,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) headers: Arc<Vec<(String, Redacted)>>,
    pub(crate) list: Arc<Vec<ChunkDto>>,
    pub(crate) decoder: Arc<Decoder>,
    pub(crate) query_id: Arc<str>,
}

/// The headers to send on chunk downloads: `chunkHeaders` verbatim, else the SSE-C pair made
/// from `qrmk`, else none.
pub(crate) fn chunk_headers(
    chunk_headers: Option<&std::collections::BTreeMap<String, Redacted>>,
    qrmk: Option<&Redacted>,
) -> Vec<(String, Redacted)> {
    match (chunk_headers, qrmk) {
        (Some(headers), _) => headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
        (None, Some(key)) => vec![
            (SSE_C_ALGORITHM.to_owned(), Redacted::new("AES256")),
            (SSE_C_KEY.to_owned(), key.clone()),
        ],
        (None, None) => Vec::new(),
    }
}

impl Chunks {
    /// The batches of every chunk, in order, with at most `prefetch` chunks downloaded or
    /// decoded ahead of the reader.
    pub(crate) fn stream(
        &self,
        prefetch: usize,
    ) -> impl Stream<Item = Result<RecordBatch, QueryError>> + Send + 'static {
        let this = self.clone();
        stream::iter(0..self.list.len())
            .map(move |index| {
                let this = this.clone();
                async move { this.fetch(index).await }
            })
            .buffered(prefetch.max(1))
            .map_ok(|batches| stream::iter(batches.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Downloads and decodes chunk `index`.
    async fn fetch(&self, index: usize) -> Result<Vec<RecordBatch>, QueryError> {
        let span = tracing::debug_span!(
            "snowflake.chunk",
            operation = "chunk",
            query_id = &*self.query_id,
            chunk = index
        );
        async {
            let body = self.download(index).await?;
            let decoder = self.decoder.clone();
            // Inflating and decoding run on the blocking pool, so the chunks of the prefetch
            // window are decoded in parallel and the runtime's workers only move bytes.
            let batches = tokio::task::spawn_blocking(move || {
                if body.starts_with(&GZIP_MAGIC) {
                    decoder.decode(&gunzip_if_needed(body.to_vec())?)
                } else {
                    decoder.decode(&body)
                }
            })
            .await
            .map_err(|e| QueryError::Protocol(format!("the chunk decoding task failed: {e}")))??;
            let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
            if let Some(expected) = self.list.get(index).and_then(|c| c.row_count)
                && usize::try_from(expected).is_ok_and(|expected| expected != rows)
            {
                return Err(QueryError::decode(
                    format!("result chunk {index}"),
                    format!("{rows} rows, the server announced {expected}"),
                ));
            }
            tracing::debug!(rows, "chunk decoded");
            Ok(batches)
        }
        .instrument(span)
        .await
    }

    /// Downloads chunk `index`, retrying HTTP 5xx/429/408, broken connections and short reads.
    async fn download(&self, index: usize) -> Result<bytes::Bytes, QueryError> {
        let chunk = self
            .list
            .get(index)
            .ok_or_else(|| QueryError::Protocol(format!("result chunk {index} does not exist")))?;
        let started = Instant::now();
        let mut retry = 0u32;
        loop {
            let mut request = self
                .http
                .get(chunk.url.expose())
                .timeout(self.timeout)
                .header(reqwest::header::ACCEPT, "*/*")
                .header(
                    reqwest::header::ACCEPT_ENCODING,
                    if self.compressed { "gzip" } else { "identity" },
                );
            for (name, value) in self.headers.iter() {
                request = request.header(name.as_str(), value.expose());
            }
            let failure = match request.send().await {
                Ok(response) if response.status().is_success() => match response.bytes().await {
                    Ok(body) => return Ok(body),
                    Err(error) => format!("the body was cut short: {error}"),
                },
                Ok(response) if is_retryable_status(response.status().as_u16()) => {
                    format!("HTTP {}", response.status())
                }
                Ok(response) => {
                    return Err(QueryError::Protocol(format!(
                        "result chunk {index} answered HTTP {}",
                        response.status()
                    )));
                }
                Err(error) => format!("transport error: {error}"),
            };
            retry += 1;
            let Some(wait) = self.retry.next_wait(retry, started) else {
                return Err(QueryError::Protocol(format!(
                    "result chunk {index} could not be downloaded after {retry} attempts: {failure}"
                )));
            };
            tracing::warn!(retry, reason = %failure, ?wait, "retrying the chunk download");
            tokio::time::sleep(wait).await;
        }
    }
}

/// Inflates a gzip body (recognised by its magic bytes: a server may gzip without saying so);
/// other bodies are returned as they are.
pub(crate) fn gunzip_if_needed(body: Vec<u8>) -> Result<Vec<u8>, QueryError> {
    if !body.starts_with(&GZIP_MAGIC) {
        return Ok(body);
    }
    let mut out = Vec::with_capacity(body.len().saturating_mul(4));
    flate2::read::MultiGzDecoder::new(body.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| QueryError::decode("gzipped result chunk", e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    #[test]
    fn gzip_is_recognised_by_its_magic_bytes() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(br#"["1"],["2"]"#).unwrap();
        let gzipped = encoder.finish().unwrap();
        assert_eq!(gunzip_if_needed(gzipped).unwrap(), br#"["1"],["2"]"#);
        assert_eq!(gunzip_if_needed(b"plain".to_vec()).unwrap(), b"plain");
        assert!(gunzip_if_needed(vec![0x1f, 0x8b, 0, 1]).is_err());
    }

    #[test]
    fn qrmk_becomes_the_sse_c_headers_only_without_chunk_headers() {
        let key = Redacted::new("k3y");
        let headers = chunk_headers(None, Some(&key));
        assert_eq!(headers[0].0, SSE_C_ALGORITHM);
        assert_eq!(headers[1].1.expose(), "k3y");
        let given = std::collections::BTreeMap::from([("x-a".to_owned(), Redacted::new("b"))]);
        let headers = chunk_headers(Some(&given), Some(&key));
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].0, "x-a");
    }
}
