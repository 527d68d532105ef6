//! The answers of query requests, result fetches and in-progress polls (PROTOCOL §2.3–§2.8).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::lenient;
use super::redacted::Redacted;
use super::request::QueryContextDto;

/// The envelope of every connector-protocol answer:
/// `{"success": ..., "code": ..., "message": ..., "data": ...}`.
///
/// ```
/// use snowapi_query::wire::{Envelope, QueryResponseData};
/// let body = br#"{"success": false, "code": "002003", "message": "no such table",
///                 "data": {"queryId": "01b2", "sqlState": "42S02", "errorCode": 2003}}"#;
/// let answer: Envelope<QueryResponseData> = serde_json::from_slice(body).unwrap();
/// assert_eq!(answer.success, Some(false));
/// assert_eq!(answer.code.as_deref(), Some("002003"));
/// let data = answer.data.unwrap();
/// assert_eq!(data.sql_state.as_deref(), Some("42S02"));
/// assert_eq!(data.error_code.as_deref(), Some("2003"));
/// ```
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// Whether the request succeeded (in-progress answers are successes with a code).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    /// Snowflake's code: an error code, `333333`/`333334` while running, or null.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    /// Snowflake's message.
    #[serde(default)]
    pub message: Option<String>,
    /// The payload; null is treated as absent.
    #[serde(default = "none")]
    pub data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// The `data` of a query answer: a result, an error's details, or an in-progress marker.
///
/// Parse it with [`serde_json::from_slice`] or [`serde_json::from_str`]: the JSON rowset is
/// kept as raw text ([`RawValue`]) for the fast decoder, which a `serde_json::Value` source
/// cannot provide.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResponseData {
    /// The statement's id (a UUID).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub query_id: Option<String>,
    /// The SQLSTATE (`00000` on success).
    #[serde(default)]
    pub sql_state: Option<String>,
    /// The statement's kind (see [`crate::StatementType`]).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub statement_type_id: Option<u64>,
    /// The result's columns.
    #[serde(default)]
    pub rowtype: Option<Vec<RowTypeDto>>,
    /// `"arrow"` or `"json"`.
    #[serde(default)]
    pub query_result_format: Option<String>,
    /// The inline JSON rowset, untouched: `[["1","a"],["2",null]]`.
    #[serde(default)]
    pub rowset: Option<Box<RawValue>>,
    /// The inline Arrow IPC stream, base64-encoded (`""` when there are no inline rows).
    #[serde(default)]
    pub rowset_base64: Option<String>,
    /// Total rows across the inline part and all chunks.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub total: Option<i64>,
    /// Rows in the inline part.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub returned: Option<i64>,
    /// The remaining result chunks, to download in order.
    #[serde(default)]
    pub chunks: Option<Vec<ChunkDto>>,
    /// Headers to send verbatim on every chunk download (values hold keys: redacted in Debug).
    #[serde(default)]
    pub chunk_headers: Option<BTreeMap<String, Redacted>>,
    /// The chunks' SSE-C key, used only when `chunkHeaders` is absent.
    #[serde(default)]
    pub qrmk: Option<Redacted>,
    /// Session parameters the client must merge (e.g. `TIMEZONE`).
    #[serde(default)]
    pub parameters: Option<Vec<ParameterDto>>,
    /// The current database after the statement.
    #[serde(default)]
    pub final_database_name: Option<String>,
    /// The current schema after the statement.
    #[serde(default)]
    pub final_schema_name: Option<String>,
    /// The current warehouse after the statement.
    #[serde(default)]
    pub final_warehouse_name: Option<String>,
    /// The current role after the statement.
    #[serde(default)]
    pub final_role_name: Option<String>,
    /// Multi-statement: the children's query ids, comma-separated.
    #[serde(default)]
    pub result_ids: Option<String>,
    /// Multi-statement: the children's statement type ids, comma-separated.
    #[serde(default)]
    pub result_types: Option<String>,
    /// Still running: where to poll for the result (relative to the base URL, or absolute).
    #[serde(default)]
    pub get_result_url: Option<String>,
    /// Still running: after how long the server aborts an unpolled query.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub query_aborts_after_secs: Option<i64>,
    /// Describe-only: how many bind placeholders the statement has.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub number_of_binds: Option<i64>,
    /// Describe-only: whether array binding is possible (INSERT only).
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub array_bind_supported: Option<bool>,
    /// Describe-only: the types of the bind placeholders, untouched.
    #[serde(default)]
    pub meta_data_of_binds: Option<serde_json::Value>,
    /// DML statistics.
    #[serde(default)]
    pub stats: Option<StatsDto>,
    /// The query-context cache to echo in later requests.
    #[serde(default)]
    pub query_context: Option<QueryContextDto>,
    /// Error answers: Snowflake's error code (as text).
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub error_code: Option<String>,
    /// Error answers: more detail, appended to the envelope's message by some drivers.
    #[serde(default)]
    pub error_message: Option<String>,
    /// Error answers: whether the failure was internal to Snowflake.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub internal_error: Option<bool>,
    /// The result format version.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub version: Option<i64>,
}

impl QueryResponseData {
    /// Whether this answer carries result data (inline rows or chunks), as opposed to an
    /// in-progress marker. This is the test the 5.x connector uses to stop polling.
    pub fn has_result(&self) -> bool {
        self.rowset.is_some()
            || self.rowset_base64.is_some()
            || self.chunks.as_ref().is_some_and(|c| !c.is_empty())
    }
}

/// One column descriptor of `rowtype`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowTypeDto {
    /// The column name.
    #[serde(default)]
    pub name: String,
    /// The Snowflake type, lower case on the wire (`fixed`, `timestamp_tz`...).
    #[serde(default, rename = "type")]
    pub sf_type: String,
    /// Overrides `type` when non-empty (extension types).
    #[serde(default)]
    pub ext_type_name: Option<String>,
    /// Whether the column may hold NULL.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub nullable: Option<bool>,
    /// FIXED: total digits.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub precision: Option<i64>,
    /// FIXED: digits after the point; TIME/TIMESTAMP: fraction digits.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub scale: Option<i64>,
    /// TEXT/BINARY: maximum length in characters or bytes.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub length: Option<i64>,
    /// Maximum length in bytes.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub byte_length: Option<i64>,
    /// The source database, when the column comes from a table.
    #[serde(default)]
    pub database: Option<String>,
    /// The source schema.
    #[serde(default)]
    pub schema: Option<String>,
    /// The source table.
    #[serde(default)]
    pub table: Option<String>,
    /// The collation specification.
    #[serde(default)]
    pub collation: Option<String>,
    /// VECTOR: the number of elements.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub vector_dimension: Option<i64>,
}

/// One result chunk to download.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChunkDto {
    /// Absolute URL, fetched without the Authorization header. Presigned, so redacted in
    /// Debug output.
    #[serde(default)]
    pub url: Redacted,
    /// Rows in the chunk.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub row_count: Option<i64>,
    /// Size of the body once decompressed.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub uncompressed_size: Option<i64>,
    /// Size of the body as sent.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub compressed_size: Option<i64>,
}

/// A session parameter: `{"name": "TIMEZONE", "value": "UTC"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ParameterDto {
    /// The parameter name.
    pub name: String,
    /// Its value (text, number or boolean).
    #[serde(default)]
    pub value: serde_json::Value,
}

/// DML statistics of `data.stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsDto {
    /// Rows inserted.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub num_rows_inserted: Option<i64>,
    /// Rows updated.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub num_rows_updated: Option<i64>,
    /// Rows deleted.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub num_rows_deleted: Option<i64>,
    /// Duplicate rows seen by DML.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub num_dml_duplicates: Option<i64>,
}
