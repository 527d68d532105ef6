//! What a statement returns.

use arrow::{
    array::{Int64Array, StringArray},
    datatypes::{Field, Schema, SchemaRef},
    record_batch::RecordBatch,
};
use std::sync::Arc;

use crate::{
    error::{EmulatorError, Result},
    types::{ColumnMeta, SfType},
};

/// The kind of statement, which decides how clients present its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatementType {
    /// A query returning rows (SELECT, SHOW, DESCRIBE, ...).
    Select,
    /// INSERT.
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
    /// MERGE.
    Merge,
    /// CREATE, ALTER, DROP, ...
    Ddl,
    /// USE, ALTER SESSION, BEGIN, COMMIT, ...
    Session,
}

impl StatementType {
    /// The `statementTypeId` of the connector protocol.
    pub fn type_id(self) -> u64 {
        match self {
            Self::Select => 0x1000,
            Self::Insert => 0x3100,
            Self::Update => 0x3200,
            Self::Delete => 0x3300,
            Self::Merge => 0x3400,
            Self::Ddl => 0x6000,
            Self::Session => 0x4000,
        }
    }
}

/// The outcome of one statement: rows (Arrow), their Snowflake metadata, and counts.
#[derive(Debug, Clone)]
pub struct QueryResult {
    /// Snowflake-style query id (a UUID).
    pub query_id: String,
    /// The kind of statement.
    pub statement_type: StatementType,
    /// Schema of the rows.
    pub schema: SchemaRef,
    /// The rows.
    pub batches: Vec<RecordBatch>,
    /// Snowflake metadata of each column.
    pub columns: Vec<ColumnMeta>,
    /// Rows inserted, updated or deleted, for DML.
    pub rows_affected: Option<u64>,
}

impl QueryResult {
    /// A result made of query output.
    pub fn rows(
        statement_type: StatementType,
        schema: SchemaRef,
        batches: Vec<RecordBatch>,
    ) -> Self {
        let columns = schema
            .fields()
            .iter()
            .map(|f| ColumnMeta::of_field(f))
            .collect();
        Self {
            query_id: String::new(),
            statement_type,
            schema,
            batches,
            columns,
            rows_affected: None,
        }
    }

    /// The one-row, one-column `status` result of DDL and session statements.
    pub fn status(statement_type: StatementType, message: impl Into<String>) -> Result<Self> {
        let schema = Arc::new(Schema::new(vec![SfType::TEXT.field("status", false)]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(StringArray::from(vec![message.into()]))],
        )
        .map_err(EmulatorError::internal)?;
        Ok(Self::rows(statement_type, schema, vec![batch]))
    }

    /// The result of DML: one row of counts under Snowflake's column names.
    pub fn counts(statement_type: StatementType, counts: &[(&str, u64)]) -> Result<Self> {
        let fields: Vec<Field> = counts
            .iter()
            .map(|(name, _)| SfType::INTEGER.field(name, false))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let columns = counts
            .iter()
            .map(|(_, n)| Arc::new(Int64Array::from(vec![*n as i64])) as _)
            .collect();
        let batch =
            RecordBatch::try_new(schema.clone(), columns).map_err(EmulatorError::internal)?;
        let mut result = Self::rows(statement_type, schema, vec![batch]);
        result.rows_affected = Some(counts.iter().map(|(_, n)| n).sum());
        Ok(result)
    }

    /// Total number of rows.
    pub fn row_count(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}
