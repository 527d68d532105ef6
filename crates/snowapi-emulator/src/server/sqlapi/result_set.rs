//! A finished statement as the SQL API's `ResultSet` (format `jsonv2`): metadata, partitions of
//! string cells, DML stats.
//!
//! `rowType[].type` is upper case (`FIXED`, `TEXT`, `TIMESTAMP_NTZ`), as both spec files and
//! PROTOCOL.md 5 show it (the connector protocol's `rowtype` is lower case).

use arrow::record_batch::RecordBatch;
use serde_json::{Map, Value, json};

use super::store::{Done, Entry};
use crate::{
    engine::{QueryResult, StatementType},
    server::json_rowset,
};

/// Code of a successful statement.
const SUCCESS_CODE: &str = "090001";

/// One partition of a result: which rows, and how many bytes they take as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partition {
    /// Index of the first row.
    pub(crate) start: usize,
    /// Number of rows.
    pub(crate) rows: usize,
    /// Bytes of the partition's `data` array as JSON text.
    pub(crate) bytes: usize,
}

/// Splits `result` into partitions of at most `size` rows (always at least one partition, empty
/// for an empty result), measuring each as it would be sent.
pub(crate) fn partitions(result: &QueryResult, size: usize, nullable: bool) -> Vec<Partition> {
    let size = size.max(1);
    let total = result.row_count();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let rows = size.min(total - start);
        let bytes = Value::Array(rows_of(result, start, rows, nullable))
            .to_string()
            .len();
        out.push(Partition { start, rows, bytes });
        start += rows;
        if start >= total {
            return out;
        }
    }
}

/// Rows `start..start + count` of `result`, each an array of cells.
pub(crate) fn rows_of(
    result: &QueryResult,
    start: usize,
    count: usize,
    nullable: bool,
) -> Vec<Value> {
    let mut rows = Vec::with_capacity(count);
    let mut offset = 0;
    let end = start + count;
    for batch in &result.batches {
        let (first, last) = (offset, offset + batch.num_rows());
        offset = last;
        if last <= start || first >= end {
            continue;
        }
        let from = start.max(first) - first;
        let to = end.min(last) - first;
        append_rows(&mut rows, &batch.slice(from, to - from), result, nullable);
    }
    rows
}

fn append_rows(rows: &mut Vec<Value>, batch: &RecordBatch, result: &QueryResult, nullable: bool) {
    let columns: Vec<Vec<Value>> = batch
        .columns()
        .iter()
        .zip(&result.columns)
        .map(|(array, meta)| json_rowset::jsonv2_cells(array, meta.sf_type))
        .collect();
    for row in 0..batch.num_rows() {
        rows.push(Value::Array(
            columns
                .iter()
                .map(|column| match column.get(row) {
                    Some(Value::Null) | None if !nullable => Value::String("null".into()),
                    Some(cell) => cell.clone(),
                    None => Value::Null,
                })
                .collect(),
        ));
    }
}

/// The full `ResultSet` of partition 0: status, metadata, first partition, stats.
pub(crate) fn first_partition(entry: &Entry, done: &Done) -> Value {
    let result = &done.result;
    let first = done.partitions.first().copied().unwrap_or(Partition {
        start: 0,
        rows: 0,
        bytes: 2,
    });
    let mut row_type = json_rowset::rowtype(&result.columns);
    if let Some(columns) = row_type.as_array_mut() {
        for column in columns {
            if let Some(kind) = column.get_mut("type")
                && let Some(text) = kind.as_str()
            {
                *kind = Value::String(text.to_ascii_uppercase());
            }
        }
    }
    let partition_info: Vec<Value> = done
        .partitions
        .iter()
        .map(|p| json!({"rowCount": p.rows, "uncompressedSize": p.bytes}))
        .collect();
    let mut body = json!({
        "resultSetMetaData": {
            "numRows": result.row_count(),
            "format": "jsonv2",
            "partitionInfo": partition_info,
            "rowType": row_type,
            "nullable": entry.nullable,
            "parameters": entry.parameters,
        },
        "data": rows_of(result, first.start, first.rows, entry.nullable),
        "code": SUCCESS_CODE,
        "statementStatusUrl": super::status_url(&entry.handle),
        "sqlState": "00000",
        "statementHandle": entry.handle,
        "message": if done.children.is_empty() {
            "Statement executed successfully."
        } else {
            "Multiple statements executed successfully."
        },
        "createdOn": entry.created_on,
    });
    if let Some(map) = body.as_object_mut() {
        if let Some(stats) = stats(result) {
            map.insert("stats".into(), stats);
        }
        if !done.children.is_empty() {
            map.insert("statementHandles".into(), json!(done.children));
        }
    }
    body
}

/// The body of a partition after the first: only its `data`.
pub(crate) fn later_partition(entry: &Entry, done: &Done, partition: Partition) -> Value {
    json!({"data": rows_of(&done.result, partition.start, partition.rows, entry.nullable)})
}

/// The `Link` header of partition `index` of `count`: first, prev, next, last.
pub(crate) fn link(handle: &str, index: usize, count: usize) -> Option<String> {
    if count <= 1 {
        return None;
    }
    let url = |n: usize| format!("<{}?partition={n}>", super::status_url(handle));
    let mut links = vec![format!("{};rel=\"first\"", url(0))];
    if index > 0 {
        links.push(format!("{};rel=\"prev\"", url(index - 1)));
    }
    if index + 1 < count {
        links.push(format!("{};rel=\"next\"", url(index + 1)));
    }
    links.push(format!("{};rel=\"last\"", url(count - 1)));
    Some(links.join(","))
}

/// `stats` of a DML statement, from its count columns.
fn stats(result: &QueryResult) -> Option<Value> {
    if !matches!(
        result.statement_type,
        StatementType::Insert
            | StatementType::Update
            | StatementType::Delete
            | StatementType::Merge
    ) {
        return None;
    }
    let batch = result.batches.first()?;
    let mut stats = Map::new();
    for (index, column) in result.columns.iter().enumerate() {
        let key = match column.name.as_str() {
            "number of rows inserted" => "numRowsInserted",
            "number of rows updated" => "numRowsUpdated",
            "number of rows deleted" => "numRowsDeleted",
            "number of multi-joined rows updated" => "numDuplicateRowsUpdated",
            _ => continue,
        };
        let cells = json_rowset::jsonv2_cells(batch.column(index), column.sf_type);
        let count = cells
            .first()
            .and_then(Value::as_str)
            .and_then(|text| text.parse::<u64>().ok())
            .unwrap_or(0);
        stats.insert(key.into(), json!(count));
    }
    Some(Value::Object(stats))
}
