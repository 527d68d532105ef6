//! The `data` of a successful query answer: columns, rows (JSON or Arrow, inline or chunked),
//! counts and the statement type (PROTOCOL.md 2.3, 2.8).
//!
//! Rows go as Arrow unless the statement is DML (clients read its counts from a JSON `rowset`),
//! the session asks for JSON (`QUERY_RESULT_FORMAT` / `PYTHON_CONNECTOR_QUERY_RESULT_FORMAT`), or
//! the server is configured for one format. Results longer than the configured chunk size keep
//! their first rows inline and the rest as chunks in the server's [`ChunkStore`].

use std::collections::BTreeMap;

use arrow::record_batch::RecordBatch;
use axum::body::Bytes;
use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::{
    arrow_rowset::ArrowLayout,
    chunks::{CHUNK_KEY_HEADER, ChunkStore},
    json_rowset,
    router::AppState,
};
use crate::{
    engine::{QueryResult, Session, StatementType},
    error::Result,
    types::ColumnMeta,
};

/// The connector result formats (`queryResultFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// Rows as JSON strings in `rowset` (and JSON chunks).
    Json,
    /// Rows as base64 Arrow IPC streams in `rowsetBase64` (and Arrow chunks).
    Arrow,
}

impl ResultFormat {
    fn wire_name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Arrow => "arrow",
        }
    }
}

/// Session parameters that choose the format, the more specific first.
const FORMAT_PARAMETERS: [&str; 2] = [
    "PYTHON_CONNECTOR_QUERY_RESULT_FORMAT",
    "QUERY_RESULT_FORMAT",
];

/// The result part of a query answer's `data` for `result` run in `session`: `queryId`,
/// `statementTypeId`, `rowtype`, the rows (`rowsetBase64` or `rowset`, plus `chunks` and
/// `chunkHeaders` when chunked), `queryResultFormat`, `total` and `returned`. Callers add the
/// session context (`parameters`, `final*Name`).
pub(crate) fn result_data(state: &AppState, session: &Session, result: &QueryResult) -> Value {
    let format = format_for(
        state.config.result_format,
        &session.state().parameters,
        result,
    );
    let chunk_rows = state.config.chunk_rows.max(1);
    let encode = || encode(format, &result.columns, &result.batches, chunk_rows);
    let encoded = if result.row_count() > chunk_rows {
        off_reactor(encode)
    } else {
        encode()
    };
    let mut data = json!({
        "queryId": result.query_id,
        "sqlState": "00000",
        "statementTypeId": result.statement_type.type_id(),
        "rowtype": json_rowset::rowtype(&result.columns),
        "queryResultFormat": encoded.format.wire_name(),
        "total": result.row_count(),
        "returned": encoded.inline_rows,
        "queryContext": {"entries": []},
        "version": 1,
    });
    if let Some(map) = data.as_object_mut() {
        match encoded.inline {
            Inline::Json(rows) => map.insert("rowset".into(), rows),
            Inline::Arrow(stream) => map.insert("rowsetBase64".into(), json!(stream)),
        };
        if !encoded.chunks.is_empty() {
            add_chunks(map, &state.chunks, &state.config.base_url, encoded.chunks);
        }
    }
    data
}

/// Which format `result` goes in: DML counts always as JSON, then the server's forced format,
/// then the session's choice, then Arrow.
fn format_for(
    forced: Option<ResultFormat>,
    parameters: &BTreeMap<String, String>,
    result: &QueryResult,
) -> ResultFormat {
    let dml = result.rows_affected.is_some()
        || matches!(
            result.statement_type,
            StatementType::Insert
                | StatementType::Update
                | StatementType::Delete
                | StatementType::Merge
        );
    if dml {
        return ResultFormat::Json;
    }
    if let Some(forced) = forced {
        return forced;
    }
    let chosen = FORMAT_PARAMETERS
        .iter()
        .find_map(|name| parameters.get(*name));
    match chosen {
        Some(value) if value.trim().eq_ignore_ascii_case("json") => ResultFormat::Json,
        _ => ResultFormat::Arrow,
    }
}

/// The inline rows of an answer.
enum Inline {
    Json(Value),
    Arrow(String),
}

/// A result split into its inline part and encoded chunks.
struct Encoded {
    format: ResultFormat,
    inline: Inline,
    inline_rows: usize,
    /// Each chunk's row count and encoded bytes.
    chunks: Vec<(usize, Bytes)>,
}

fn encode(
    format: ResultFormat,
    columns: &[ColumnMeta],
    batches: &[RecordBatch],
    chunk_rows: usize,
) -> Encoded {
    let mut parts = split(batches, chunk_rows).into_iter();
    let inline = parts.next().unwrap_or_default();
    let rest: Vec<Vec<RecordBatch>> = parts.collect();
    if format == ResultFormat::Arrow {
        match encode_arrow(columns, batches, &inline, &rest) {
            Ok(encoded) => return encoded,
            // JSON can show every value (it falls back to display text), Arrow cannot.
            Err(error) => tracing::warn!(%error, "result served as JSON: no Arrow form"),
        }
    }
    Encoded {
        format: ResultFormat::Json,
        inline: Inline::Json(json_rowset::rowset(columns, &inline)),
        inline_rows: rows(&inline),
        chunks: rest
            .iter()
            .map(|part| {
                let body = json_rowset::chunk_body(columns, part);
                (rows(part), Bytes::from(body))
            })
            .collect(),
    }
}

fn encode_arrow(
    columns: &[ColumnMeta],
    batches: &[RecordBatch],
    inline: &[RecordBatch],
    rest: &[Vec<RecordBatch>],
) -> Result<Encoded> {
    let layout = ArrowLayout::new(columns, batches)?;
    let inline_rows = rows(inline);
    let stream = if inline_rows == 0 {
        String::new()
    } else {
        base64::engine::general_purpose::STANDARD.encode(layout.encode(inline)?)
    };
    let chunks = rest
        .iter()
        .map(|part| Ok((rows(part), Bytes::from(layout.encode(part)?))))
        .collect::<Result<Vec<_>>>()?;
    Ok(Encoded {
        format: ResultFormat::Arrow,
        inline: Inline::Arrow(stream),
        inline_rows,
        chunks,
    })
}

fn rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

/// `batches` cut into parts of `size` rows (the last may be shorter), without copying values.
/// Empty input gives no parts.
fn split(batches: &[RecordBatch], size: usize) -> Vec<Vec<RecordBatch>> {
    let mut parts = Vec::new();
    let mut current: Vec<RecordBatch> = Vec::new();
    let mut filled = 0;
    for batch in batches {
        let mut offset = 0;
        while offset < batch.num_rows() {
            let take = (size - filled).min(batch.num_rows() - offset);
            current.push(batch.slice(offset, take));
            offset += take;
            filled += take;
            if filled == size {
                parts.push(std::mem::take(&mut current));
                filled = 0;
            }
        }
    }
    if filled > 0 {
        parts.push(current);
    }
    parts
}

/// Stores the chunks and describes them in `data`: `chunks` with absolute URLs on this server,
/// and the `chunkHeaders` that unlock them.
fn add_chunks(
    data: &mut Map<String, Value>,
    store: &ChunkStore,
    base_url: &str,
    chunks: Vec<(usize, Bytes)>,
) {
    let descriptors: Vec<(usize, usize)> = chunks
        .iter()
        .map(|(rows, bytes)| (*rows, bytes.len()))
        .collect();
    let stored = store.insert(chunks.into_iter().map(|(_, bytes)| bytes).collect());
    let list: Vec<Value> = descriptors
        .into_iter()
        .enumerate()
        .map(|(n, (rows, size))| {
            // Sizes of what is stored; a gzip response is smaller, clients only use them as hints.
            json!({
                "url": format!("{base_url}/chunks/{}/{n}", stored.id),
                "rowCount": rows,
                "uncompressedSize": size,
                "compressedSize": size,
            })
        })
        .collect();
    tracing::debug!(result = %stored.id, chunks = list.len(), "result chunked");
    data.insert("chunks".into(), Value::Array(list));
    data.insert(
        "chunkHeaders".into(),
        json!({ CHUNK_KEY_HEADER: stored.key }),
    );
}

/// Runs CPU-heavy encoding without stalling the other tasks of a multi-threaded runtime's worker
/// (a current-thread runtime has no other worker to hand them to, so it just runs).
fn off_reactor<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::{
        array::Int64Array,
        datatypes::{Schema, SchemaRef},
    };

    use super::*;
    use crate::types::SfType;

    fn batch(schema: &SchemaRef, values: std::ops::Range<i64>) -> RecordBatch {
        RecordBatch::try_new(
            Arc::clone(schema),
            vec![Arc::new(Int64Array::from_iter_values(values))],
        )
        .unwrap()
    }

    #[test]
    fn split_cuts_across_batches_in_order() {
        let schema = Arc::new(Schema::new(vec![SfType::INTEGER.field("N", false)]));
        let batches = vec![
            batch(&schema, 0..7),
            batch(&schema, 7..8),
            batch(&schema, 8..23),
        ];
        let parts = split(&batches, 10);
        assert_eq!(
            parts.iter().map(|p| rows(p)).collect::<Vec<_>>(),
            [10, 10, 3]
        );
        let values: Vec<i64> = parts
            .iter()
            .flatten()
            .flat_map(|b| {
                b.column(0)
                    .as_any()
                    .downcast_ref::<Int64Array>()
                    .unwrap()
                    .values()
                    .to_vec()
            })
            .collect();
        assert_eq!(values, (0..23).collect::<Vec<_>>());
        assert!(split(&[], 10).is_empty());
    }

    #[test]
    fn dml_is_json_and_sessions_or_config_choose_for_the_rest() {
        let select = QueryResult::status(StatementType::Select, "x").unwrap();
        let insert =
            QueryResult::counts(StatementType::Insert, &[("number of rows inserted", 2)]).unwrap();
        let none = BTreeMap::new();
        let json = BTreeMap::from([("QUERY_RESULT_FORMAT".to_owned(), "json".to_owned())]);
        let python_arrow = BTreeMap::from([
            ("QUERY_RESULT_FORMAT".to_owned(), "JSON".to_owned()),
            (
                "PYTHON_CONNECTOR_QUERY_RESULT_FORMAT".to_owned(),
                "ARROW".to_owned(),
            ),
        ]);
        assert_eq!(format_for(None, &none, &select), ResultFormat::Arrow);
        assert_eq!(format_for(None, &json, &select), ResultFormat::Json);
        assert_eq!(
            format_for(None, &python_arrow, &select),
            ResultFormat::Arrow
        );
        assert_eq!(format_for(None, &none, &insert), ResultFormat::Json);
        let forced = Some(ResultFormat::Arrow);
        assert_eq!(format_for(forced, &json, &select), ResultFormat::Arrow);
        assert_eq!(format_for(forced, &none, &insert), ResultFormat::Json);
        let forced = Some(ResultFormat::Json);
        assert_eq!(format_for(forced, &none, &select), ResultFormat::Json);
    }
}
