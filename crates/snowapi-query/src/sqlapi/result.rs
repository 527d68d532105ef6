//! [`SqlApiResult`]: a finished SQL API statement: its columns, its first partition (sent with
//! the answer) and the later partitions, fetched a bounded number ahead of the reader and
//! decoded to the standard schema.

use std::sync::Arc;
use std::time::Instant;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt as _, TryStreamExt as _, stream};
use progenitor_client::{ClientHooks as _, ClientInfo as _, OperationInfo};
use serde::Deserialize;
use serde_json::value::RawValue;
use snowapi_rest::sqlapi;
use snowapi_rest::sqlapi::types::{ColumnType, QueryFailureStatus, ResultSet};
use tracing::Instrument as _;

use crate::error::QueryError;
use crate::json_decode::JsonRowsetDecoder;
use crate::result::chunks::gunzip_if_needed;
use crate::retry::{RetryPolicy, is_retryable_status};
use crate::types::Column;
use crate::wire::RowTypeDto;

/// The operation name of partition downloads, in spans and hooks.
const FETCH_PARTITION: OperationInfo = OperationInfo {
    operation_id: "get_statement_partition",
};

/// A finished SQL API statement and its rows.
///
/// Rows come as Arrow record batches of the [standard schema](crate::standard_schema), the
/// same schema the connector path delivers for the same query: partition 0 arrived with the
/// answer, later partitions are fetched with `GET ?partition=N`, a bounded number
/// ([`SqlApi::prefetch`](crate::SqlApi::prefetch), default 4) at once.
///
/// ```no_run
/// # async fn run(api: snowapi_query::SqlApi) -> Result<(), snowapi_query::QueryError> {
/// use futures::TryStreamExt as _;
/// let result = api.submit("select * from big_table").await?;
/// println!("{} rows in {} partitions", result.total_rows().unwrap_or(0), result.partition_count());
/// let mut batches = std::pin::pin!(result.arrow_stream());
/// while let Some(batch) = batches.try_next().await? {
///     println!("{} rows", batch.num_rows());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqlApiResult {
    query_id: String,
    request_id: Option<String>,
    created_on: Option<DateTime<Utc>>,
    columns: Vec<Column>,
    total_rows: Option<u64>,
    rows_affected: Option<u64>,
    bytes: u64,
    first: Option<RecordBatch>,
    statement_handles: Vec<String>,
    partitions: Partitions,
}

/// Everything needed to fetch and decode the later partitions of one result.
#[derive(Debug, Clone)]
struct Partitions {
    client: sqlapi::Client,
    retry: RetryPolicy,
    prefetch: usize,
    query_id: Arc<str>,
    /// The announced row count of each partition (partition 0 included).
    row_counts: Arc<Vec<Option<i64>>>,
    decoder: Arc<JsonRowsetDecoder>,
}

/// A later partition's body: only `data` matters, kept as raw text for the decoder.
#[derive(Deserialize)]
struct PartitionBody<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

impl SqlApiResult {
    /// Reads a 200 answer: its metadata, and its first partition decoded.
    pub(crate) fn from_result_set(
        set: ResultSet,
        client: sqlapi::Client,
        retry: RetryPolicy,
        prefetch: usize,
        request_id: Option<String>,
    ) -> Result<Self, QueryError> {
        let query_id = set.statement_handle.clone().ok_or_else(|| {
            QueryError::Protocol("a SQL API result without a statementHandle".to_owned())
        })?;
        let meta = set.result_set_meta_data.unwrap_or_default();
        let columns: Vec<Column> = meta.row_type.iter().map(column).collect();
        let decoder = Arc::new(JsonRowsetDecoder::new(columns.clone()));
        let first = if columns.is_empty() || set.data.is_empty() {
            None
        } else {
            // The generated model parsed partition 0 into strings; one more pass through
            // text lets the one JSON decoder build the batch (later partitions skip this).
            let text = serde_json::to_string(&set.data)
                .map_err(|e| QueryError::decode("SQL API partition 0", e))?;
            Some(decoder.decode_str(&text)?)
        };
        let row_counts: Vec<Option<i64>> =
            meta.partition_info.iter().map(|p| p.row_count).collect();
        if let (Some(batch), Some(Some(expected))) = (&first, row_counts.first())
            && usize::try_from(*expected).is_ok_and(|expected| expected != batch.num_rows())
        {
            return Err(QueryError::decode(
                "SQL API partition 0",
                format!("{} rows, the server announced {expected}", batch.num_rows()),
            ));
        }
        let rows_affected = set.stats.as_ref().and_then(|stats| {
            let counts = [
                stats.num_rows_inserted,
                stats.num_rows_updated,
                stats.num_rows_deleted,
            ];
            counts.iter().any(Option::is_some).then(|| {
                counts
                    .iter()
                    .flatten()
                    .filter_map(|n| u64::try_from(*n).ok())
                    .sum()
            })
        });
        let bytes = meta
            .partition_info
            .iter()
            .filter_map(|p| p.uncompressed_size.and_then(|s| u64::try_from(s).ok()))
            .sum();
        Ok(Self {
            partitions: Partitions {
                client,
                retry,
                prefetch: prefetch.max(1),
                query_id: Arc::from(query_id.as_str()),
                row_counts: Arc::new(row_counts),
                decoder,
            },
            query_id,
            request_id,
            created_on: set.created_on.and_then(DateTime::from_timestamp_millis),
            columns,
            total_rows: meta.num_rows.and_then(|n| u64::try_from(n).ok()),
            rows_affected,
            bytes,
            first,
            statement_handles: set.statement_handles,
        })
    }

    /// The statement handle, which is the statement's query id.
    pub fn query_id(&self) -> &str {
        &self.query_id
    }

    /// The request id of the submission, when this client made it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// When the statement started, as Snowflake reported it.
    pub fn created_on(&self) -> Option<DateTime<Utc>> {
        self.created_on
    }

    /// The result's columns, as Snowflake described them.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The standard Arrow schema of the result's batches.
    pub fn schema(&self) -> SchemaRef {
        self.partitions.decoder.schema().clone()
    }

    /// The number of rows of the whole result, as announced.
    pub fn total_rows(&self) -> Option<u64> {
        self.total_rows
    }

    /// The rows an INSERT, UPDATE or DELETE changed (from `stats`); `None` for other
    /// statements.
    pub fn rows_affected(&self) -> Option<u64> {
        self.rows_affected
    }

    /// The size of the result as JSON text, summed over its partitions.
    pub fn result_bytes(&self) -> u64 {
        self.bytes
    }

    /// The number of partitions (at least 1 for a statement with a result).
    pub fn partition_count(&self) -> usize {
        self.partitions.row_counts.len()
    }

    /// The handles of each statement of a multi-statement request, in order (empty for a
    /// single statement). Read a statement's own result with
    /// [`SqlApi::status`](crate::SqlApi::status).
    pub fn statement_handles(&self) -> &[String] {
        &self.statement_handles
    }

    /// The result's batches in order: partition 0, then each later partition as it is
    /// fetched, at most [`SqlApi::prefetch`](crate::SqlApi::prefetch) ahead of the reader.
    pub fn arrow_stream(
        &self,
    ) -> impl Stream<Item = Result<RecordBatch, QueryError>> + Send + 'static {
        let partitions = self.partitions.clone();
        let later = 1..self.partition_count().max(1);
        stream::iter(self.first.clone().into_iter().map(Ok)).chain(
            stream::iter(later)
                .map(move |index| {
                    let partitions = partitions.clone();
                    async move { partitions.fetch(index).await }
                })
                .buffered(self.partitions.prefetch)
                .try_filter_map(|batch| async move { Ok(batch) }),
        )
    }

    /// Every batch of the result, in order.
    ///
    /// # Errors
    ///
    /// When a partition cannot be fetched or decoded.
    pub async fn collect_arrow(&self) -> Result<Vec<RecordBatch>, QueryError> {
        self.arrow_stream().try_collect().await
    }
}

/// A `rowType` entry as a [`Column`] (read as the connector's `rowtype` is).
fn column(dto: &ColumnType) -> Column {
    Column::from_wire(&RowTypeDto {
        name: dto.name.clone().unwrap_or_default(),
        sf_type: dto.type_.clone().unwrap_or_default(),
        nullable: dto.nullable,
        precision: dto.precision,
        scale: dto.scale,
        length: dto.length,
        byte_length: dto.byte_length,
        database: dto.database.clone(),
        schema: dto.schema.clone(),
        table: dto.table.clone(),
        collation: dto.collation.clone(),
        ..RowTypeDto::default()
    })
}

impl Partitions {
    /// Fetches and decodes partition `index` (≥ 1); `None` when it holds no rows.
    async fn fetch(&self, index: usize) -> Result<Option<RecordBatch>, QueryError> {
        let span = tracing::debug_span!(
            "snowflake.sqlapi",
            operation = "partition",
            query_id = &*self.query_id,
            partition = index
        );
        async {
            let body = self.download(index).await?;
            let decoder = Arc::clone(&self.decoder);
            let batch = tokio::task::spawn_blocking(move || decode_partition(&decoder, body))
                .await
                .map_err(|e| {
                    QueryError::Protocol(format!("the partition decoding task failed: {e}"))
                })??;
            let rows = batch.as_ref().map_or(0, RecordBatch::num_rows);
            if let Some(Some(expected)) = self.row_counts.get(index)
                && usize::try_from(*expected).is_ok_and(|expected| expected != rows)
            {
                return Err(QueryError::decode(
                    format!("SQL API partition {index}"),
                    format!("{rows} rows, the server announced {expected}"),
                ));
            }
            tracing::debug!(rows, "partition decoded");
            Ok(batch)
        }
        .instrument(span)
        .await
    }

    /// Downloads partition `index` as bytes (through the generated client's hooks, so it is
    /// authenticated and traced like every SQL API call), retrying transient failures.
    async fn download(&self, index: usize) -> Result<Vec<u8>, QueryError> {
        let mut url = reqwest::Url::parse(self.client.baseurl())
            .map_err(|e| QueryError::Protocol(format!("bad base URL: {e}")))?;
        url.path_segments_mut()
            .map_err(|()| QueryError::Protocol("the base URL cannot hold a path".to_owned()))?
            .pop_if_empty()
            .extend(["api", "v2", "statements", &self.query_id]);
        url.query_pairs_mut()
            .append_pair("partition", &index.to_string());
        let started = Instant::now();
        let mut retry = 0u32;
        loop {
            let mut request = self
                .client
                .client()
                .get(url.clone())
                .header(reqwest::header::ACCEPT, "application/json")
                .build()
                .map_err(QueryError::Transport)?;
            self.client
                .pre::<()>(&mut request, &FETCH_PARTITION)
                .await
                .map_err(|e| QueryError::Protocol(e.to_string()))?;
            let failure = match self.client.exec(request, &FETCH_PARTITION).await {
                Ok(response) if response.status().is_success() => match response.bytes().await {
                    Ok(body) => return Ok(body.to_vec()),
                    Err(error) => format!("the body was cut short: {error}"),
                },
                Ok(response) if is_retryable_status(response.status().as_u16()) => {
                    format!("HTTP {}", response.status())
                }
                Ok(response) => return Err(failed(response, &self.query_id).await),
                Err(error) => format!("transport error: {error}"),
            };
            retry += 1;
            let Some(wait) = self.retry.next_wait(retry, started) else {
                return Err(QueryError::Protocol(format!(
                    "SQL API partition {index} could not be fetched after {retry} attempts: \
                     {failure}"
                )));
            };
            tracing::warn!(retry, reason = %failure, ?wait, "retrying the partition fetch");
            tokio::time::sleep(wait).await;
        }
    }
}

/// Decodes a partition body (gunzipped first if the server compressed it unannounced).
fn decode_partition(
    decoder: &JsonRowsetDecoder,
    body: Vec<u8>,
) -> Result<Option<RecordBatch>, QueryError> {
    let body = gunzip_if_needed(body)?;
    let parsed: PartitionBody<'_> =
        serde_json::from_slice(&body).map_err(|e| QueryError::decode("SQL API partition", e))?;
    match parsed.data {
        Some(raw) if !decoder.columns().is_empty() => Ok(Some(decoder.decode_str(raw.get())?)),
        _ => Ok(None),
    }
}

/// The error of a final non-success answer to a partition request.
async fn failed(response: reqwest::Response, query_id: &str) -> QueryError {
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-snowflake-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: QueryFailureStatus = match response.bytes().await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => QueryFailureStatus::default(),
    };
    QueryError::SqlApi {
        status,
        code: body.code.unwrap_or_else(|| status.to_string()),
        sql_state: body.sql_state,
        message: body
            .message
            .unwrap_or_else(|| format!("HTTP {status} fetching a partition")),
        query_id: body.statement_handle.or_else(|| Some(query_id.to_owned())),
        request_id,
    }
}
