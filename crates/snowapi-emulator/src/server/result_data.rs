//! The `data` of a successful query answer: columns, rows (JSON or Arrow, inline or chunked),
//! counts and the statement type (PROTOCOL.md 2.3).

use serde_json::{Value, json};

use super::{json_rowset, router::AppState};
use crate::engine::QueryResult;

/// The result part of a query answer's `data` for `result`: `queryId`, `statementTypeId`,
/// `rowtype`, the rows, `queryResultFormat`, `total` and `returned`. Callers add the session
/// context (`parameters`, `final*Name`).
pub(crate) fn result_data(_state: &AppState, result: &QueryResult) -> Value {
    let total = result.row_count();
    json!({
        "queryId": result.query_id,
        "sqlState": "00000",
        "statementTypeId": result.statement_type.type_id(),
        "rowtype": json_rowset::rowtype(&result.columns),
        "rowset": json_rowset::rowset(result),
        "queryResultFormat": "json",
        "total": total,
        "returned": total,
        "queryContext": {"entries": []},
        "version": 1,
    })
}
