//! The body of `POST /queries/v1/query-request` (PROTOCOL §2.1).

use serde::{Deserialize, Serialize};

use super::bindings::WireBindings;

/// The JSON body of a query request.
///
/// ```
/// use snowapi_query::wire::{QueryContextDto, QueryRequest};
/// let body = QueryRequest {
///     sql_text: "select 1".to_owned(),
///     sequence_id: 1,
///     query_submission_time: 1_704_164_645_000,
///     query_context_dto: Some(QueryContextDto::default()),
///     ..QueryRequest::default()
/// };
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["sqlText"], "select 1");
/// assert_eq!(json["asyncExec"], false);
/// assert_eq!(json["queryContextDTO"], serde_json::json!({}));
/// assert!(json.get("bindings").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryRequest {
    /// The statement text, placeholders (`?`, `:1`, `:name`) included.
    pub sql_text: String,
    /// `true` submits without waiting (the answer is code 333334 with a query id).
    #[serde(default)]
    pub async_exec: bool,
    /// A per-session counter; real Snowflake tolerates 1.
    #[serde(default)]
    pub sequence_id: u64,
    /// Client time of submission, epoch milliseconds.
    #[serde(default)]
    pub query_submission_time: i64,
    /// Marks driver-internal statements; omitted when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_internal: bool,
    /// `Some(true)` asks for the result's columns without running the statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_only: Option<bool>,
    /// Statement-level session parameters (`MULTI_STATEMENT_COUNT`, `QUERY_TAG`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<serde_json::Map<String, serde_json::Value>>,
    /// Bound parameter values (PROTOCOL §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bindings: Option<WireBindings>,
    /// The stage holding CSV-uploaded binds (stage binding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_stage: Option<String>,
    /// The query-context cache to echo back (`{}` when there is none).
    #[serde(
        rename = "queryContextDTO",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub query_context_dto: Option<QueryContextDto>,
}

/// The query-context cache: `{}` or `{"entries": [...]}`. Sent in requests and received in
/// `data.queryContext`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryContextDto {
    /// The cached entries, absent when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries: Option<Vec<QueryContextEntry>>,
}

/// One entry of the query-context cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryContextEntry {
    /// The entry's id.
    #[serde(deserialize_with = "super::lenient::opt_i64", default)]
    pub id: Option<i64>,
    /// The entry's timestamp.
    #[serde(deserialize_with = "super::lenient::opt_i64", default)]
    pub timestamp: Option<i64>,
    /// The entry's priority.
    #[serde(deserialize_with = "super::lenient::opt_i64", default)]
    pub priority: Option<i64>,
    /// The opaque context (`{"base64Data": "..."}`), passed back untouched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<serde_json::Value>,
}
