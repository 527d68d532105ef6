//! [`QueryResult`]: what a statement produced: its id, kind, columns, rows affected, and rows
//! as a stream of Arrow batches in the standard schema.

pub(crate) mod chunks;
mod json_cells;
mod row;

use std::sync::Arc;

use arrow::array::{Array, AsArray as _};
use arrow::datatypes::{DataType, Int64Type, SchemaRef};
use arrow::record_batch::RecordBatch;
use futures::{Stream, StreamExt as _, TryStreamExt as _, stream};
use serde::de::DeserializeOwned;

use crate::arrow_convert::ArrowConverter;
use crate::connection::Inner;
use crate::error::QueryError;
use crate::json_decode::JsonRowsetDecoder;
use crate::schema::standard_schema;
use crate::types::{Column, StatementType};
use crate::wire::QueryResponseData;

use chunks::{Chunks, Decoder, chunk_headers};
pub use row::{ColumnIndex, FromCell, Row};

/// The DML count columns whose sum is the number of rows a statement changed (what the
/// drivers report as `rowcount`).
const DML_COUNT_COLUMNS: [&str; 4] = [
    "number of rows inserted",
    "number of rows updated",
    "number of multi-joined rows updated",
    "number of rows deleted",
];

/// The result of one statement.
///
/// Rows come as Arrow record batches of the [standard schema](crate::standard_schema),
/// whichever format (Arrow or JSON) the server chose: first the rows sent inline, then the
/// result chunks, downloaded a bounded number ahead of the reader
/// ([`ConnectionOptions::prefetch`](crate::ConnectionOptions::prefetch), default 4), so a
/// streamed result of any size uses bounded memory.
///
/// ```no_run
/// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
/// use futures::TryStreamExt as _;
/// let result = conn.execute("select * from big_table").await?;
/// println!("query {} has columns {:?}", result.query_id(), result.schema());
/// let mut batches = std::pin::pin!(result.arrow_stream());
/// while let Some(batch) = batches.try_next().await? {
///     println!("{} rows", batch.num_rows());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct QueryResult {
    query_id: String,
    statement_type: StatementType,
    columns: Vec<Column>,
    schema: SchemaRef,
    rows_affected: Option<u64>,
    total_rows: Option<u64>,
    inline: Vec<RecordBatch>,
    chunks: Chunks,
    prefetch: usize,
    child_ids: Option<Vec<String>>,
    session_timezone: Option<String>,
}

impl QueryResult {
    /// Reads a final answer: merges the session parameters and query context it carries into
    /// the connection's, decodes its inline rows and prepares its chunks.
    pub(crate) fn from_answer(
        inner: &Arc<Inner>,
        data: QueryResponseData,
        prefetch: usize,
    ) -> Result<Self, QueryError> {
        if let Some(parameters) = &data.parameters {
            inner.state.merge_parameters(parameters);
        }
        if let Some(context) = &data.query_context {
            inner.state.merge_query_context(context);
        }
        let session_timezone = inner
            .session_parameter("TIMEZONE")
            .and_then(|zone| zone.as_str().map(str::to_owned));
        let query_id = data.query_id.clone().unwrap_or_default();
        let statement_type = StatementType::from_id(data.statement_type_id.unwrap_or(0));
        let columns = data
            .rowtype
            .as_deref()
            .map(Column::from_rowtype)
            .unwrap_or_default();
        let schema = standard_schema(&columns);
        let arrow = data
            .query_result_format
            .as_deref()
            .is_some_and(|f| f.eq_ignore_ascii_case("arrow"))
            || (data.rowset.is_none() && data.rowset_base64.is_some());
        let decoder = if arrow {
            Decoder::Arrow(ArrowConverter::new(columns.clone()))
        } else {
            Decoder::Json(JsonRowsetDecoder::new(columns.clone()))
        };
        let inline = match &decoder {
            Decoder::Arrow(converter) => match data.rowset_base64.as_deref() {
                Some(text) if !text.trim().is_empty() => converter.convert_base64(text)?,
                _ => Vec::new(),
            },
            Decoder::Json(decoder) => match &data.rowset {
                Some(raw) if !columns.is_empty() => vec![decoder.decode_str(raw.get())?],
                _ => Vec::new(),
            },
        };
        let rows_affected = if statement_type.is_dml() {
            dml_count(&inline).or_else(|| stats_count(&data))
        } else {
            None
        };
        let child_ids = data
            .result_ids
            .as_deref()
            .map(|ids| {
                ids.split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|ids| !ids.is_empty());
        let chunks = Chunks {
            http: inner.chunk_http.clone(),
            compressed: inner.options.compressed_chunks,
            retry: inner.options.retry,
            timeout: inner.options.request_timeout,
            headers: Arc::new(chunk_headers(
                data.chunk_headers.as_ref(),
                data.qrmk.as_ref(),
            )),
            list: Arc::new(data.chunks.unwrap_or_default()),
            decoder: Arc::new(decoder),
            query_id: Arc::from(query_id.as_str()),
        };
        Ok(Self {
            query_id,
            statement_type,
            columns,
            schema,
            rows_affected,
            total_rows: data.total.and_then(|t| u64::try_from(t).ok()),
            inline,
            chunks,
            prefetch,
            child_ids,
            session_timezone,
        })
    }

    /// The statement's query id.
    pub fn query_id(&self) -> &str {
        &self.query_id
    }

    /// What kind of statement ran.
    pub fn statement_type(&self) -> StatementType {
        self.statement_type
    }

    /// The result's columns, as Snowflake described them.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The standard Arrow schema of the result's batches.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The number of rows an INSERT, UPDATE, DELETE, MERGE or COPY changed; `None` for other
    /// statements.
    pub fn rows_affected(&self) -> Option<u64> {
        self.rows_affected
    }

    /// The total number of result rows the server announced (inline and chunks).
    pub fn total_rows(&self) -> Option<u64> {
        self.total_rows
    }

    /// The session's `TIMEZONE` when the statement ran: the zone Snowflake shows
    /// TIMESTAMP_LTZ values in. The batches hold LTZ values as UTC instants
    /// (`Timestamp(ns, "UTC")`); convert them to this zone for display, as the Python
    /// connector does.
    pub fn session_timezone(&self) -> Option<&str> {
        self.session_timezone.as_deref()
    }

    /// The number of result chunks to download after the inline rows.
    pub fn chunk_count(&self) -> usize {
        self.chunks.list.len()
    }

    /// The query ids of the statements of a multi-statement request.
    pub(crate) fn child_ids(&self) -> Option<Vec<String>> {
        self.child_ids.clone()
    }

    /// The result's batches in order: the inline rows, then each chunk as it is downloaded.
    pub fn arrow_stream(
        &self,
    ) -> impl Stream<Item = Result<RecordBatch, QueryError>> + Send + 'static {
        stream::iter(self.inline.clone().into_iter().map(Ok))
            .chain(self.chunks.stream(self.prefetch))
    }

    /// Every batch of the result, in order.
    ///
    /// # Errors
    ///
    /// When a chunk cannot be downloaded or decoded.
    pub async fn collect_arrow(&self) -> Result<Vec<RecordBatch>, QueryError> {
        self.arrow_stream().try_collect().await
    }

    /// Every row of the result, in order.
    ///
    /// # Errors
    ///
    /// As [`collect_arrow`](Self::collect_arrow).
    pub async fn rows(&self) -> Result<Vec<Row>, QueryError> {
        let mut rows = Vec::new();
        let mut batches = std::pin::pin!(self.arrow_stream());
        while let Some(batch) = batches.try_next().await? {
            rows.extend(Row::all_of(Arc::new(batch)));
        }
        Ok(rows)
    }

    /// Every row deserialized into a `T`. Each row is a map from column name to value;
    /// upper-case names (Snowflake's unquoted identifiers) are lower-cased so they match
    /// Rust field names, other names are kept. Numbers become JSON numbers (decimals with a
    /// scale become `f64`, read them as text with `CAST(... AS TEXT)` when that loses
    /// precision), VARIANT, OBJECT and ARRAY become the JSON they hold, dates, times and
    /// timestamps become ISO 8601 text (`chrono` types read it), BINARY a sequence of bytes.
    ///
    /// # Errors
    ///
    /// As [`collect_arrow`](Self::collect_arrow), plus [`QueryError::Decode`] when a row
    /// does not fit `T`.
    pub async fn deserialize_rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, QueryError> {
        let mut out = Vec::new();
        let mut batches = std::pin::pin!(self.arrow_stream());
        while let Some(batch) = batches.try_next().await? {
            let keys: Vec<String> = batch
                .schema()
                .fields()
                .iter()
                .map(|f| json_cells::field_key(f.name()))
                .collect();
            for index in 0..batch.num_rows() {
                let mut map = serde_json::Map::with_capacity(keys.len());
                for (column, key) in keys.iter().enumerate() {
                    let field = batch.schema_ref().field(column).clone();
                    let value =
                        json_cells::cell_to_json(batch.column(column).as_ref(), index, &field);
                    map.insert(key.clone(), value);
                }
                let row = serde_json::from_value(serde_json::Value::Object(map))
                    .map_err(|e| QueryError::decode(format!("row {index}"), e))?;
                out.push(row);
            }
        }
        Ok(out)
    }
}

/// The sum of the DML count columns of the inline rows.
fn dml_count(batches: &[RecordBatch]) -> Option<u64> {
    let mut total: Option<u64> = None;
    for batch in batches {
        for (index, field) in batch.schema().fields().iter().enumerate() {
            if !DML_COUNT_COLUMNS
                .iter()
                .any(|name| field.name().eq_ignore_ascii_case(name))
            {
                continue;
            }
            let column = batch.column(index);
            for row in 0..column.len() {
                if column.is_null(row) {
                    continue;
                }
                let value = match column.data_type() {
                    DataType::Int64 => {
                        u64::try_from(column.as_primitive::<Int64Type>().value(row)).ok()
                    }
                    DataType::Decimal128(_, 0) => u64::try_from(
                        column
                            .as_primitive::<arrow::datatypes::Decimal128Type>()
                            .value(row),
                    )
                    .ok(),
                    _ => None,
                };
                if let Some(value) = value {
                    total = Some(total.unwrap_or(0).saturating_add(value));
                }
            }
        }
    }
    total
}

/// The row count from `stats`, when the answer had no count columns.
fn stats_count(data: &QueryResponseData) -> Option<u64> {
    let stats = data.stats.as_ref()?;
    let counts = [
        stats.num_rows_inserted,
        stats.num_rows_updated,
        stats.num_rows_deleted,
    ];
    if counts.iter().all(Option::is_none) {
        return None;
    }
    Some(
        counts
            .iter()
            .flatten()
            .filter_map(|n| u64::try_from(*n).ok())
            .sum(),
    )
}
