//! Rows the engine makes itself (SHOW, DESCRIBE, INFORMATION_SCHEMA): typed cells under named
//! columns, turned into one Arrow batch whose fields carry their Snowflake types.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Int64Array, StringArray, TimestampNanosecondArray},
    datatypes::{Schema, SchemaRef},
    record_batch::RecordBatch,
};
use chrono::{DateTime, Utc};

use super::{QueryResult, StatementType};
use crate::{
    error::{EmulatorError, Result},
    types::SfType,
};

/// TIMESTAMP_LTZ(3), the type of `created_on` and the other times SHOW reports.
pub(crate) const TIMESTAMP: SfType = SfType::TimestampLtz { scale: 3 };

/// One value of a row. `Null` fits every column; the others must match the column's type
/// (VARCHAR and the semi-structured types, NUMBER(p, 0), TIMESTAMP_LTZ).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// SQL NULL.
    Null,
    /// A VARCHAR value (or the JSON text of a VARIANT, OBJECT or ARRAY).
    Text(String),
    /// A NUMBER(p, 0) value.
    Number(i64),
    /// A TIMESTAMP_LTZ value.
    Time(DateTime<Utc>),
}

impl Cell {
    /// A text cell.
    pub(crate) fn text(value: impl Into<String>) -> Self {
        Self::Text(value.into())
    }

    /// A text cell, or NULL.
    pub(crate) fn opt_text(value: Option<impl Into<String>>) -> Self {
        value.map_or(Self::Null, |v| Self::Text(v.into()))
    }

    /// A number cell from any integer that fits in 64 bits (larger values saturate).
    pub(crate) fn number(value: impl TryInto<i64>) -> Self {
        Self::Number(value.try_into().unwrap_or(i64::MAX))
    }

    /// `YES` or `NO`, as INFORMATION_SCHEMA writes flags.
    pub(crate) fn yes_no(flag: bool) -> Self {
        Self::text(if flag { "YES" } else { "NO" })
    }

    /// `Y` or `N`, as SHOW and DESCRIBE write flags.
    pub(crate) fn y_n(flag: bool) -> Self {
        Self::text(if flag { "Y" } else { "N" })
    }
}

/// Rows under named, typed columns.
#[derive(Debug, Clone)]
pub(crate) struct RowSet {
    columns: Vec<(String, SfType)>,
    rows: Vec<Vec<Cell>>,
}

impl RowSet {
    /// An empty set with these columns.
    pub(crate) fn new(columns: &[(&str, SfType)]) -> Self {
        Self {
            columns: columns
                .iter()
                .map(|(name, sf)| ((*name).to_owned(), *sf))
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; it must have one cell per column.
    pub(crate) fn push(&mut self, row: Vec<Cell>) -> Result<()> {
        if row.len() != self.columns.len() {
            return Err(EmulatorError::internal(format!(
                "row of {} cells for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        self.rows.push(row);
        Ok(())
    }

    /// The Arrow schema of the rows: nullable fields carrying the Snowflake types.
    pub(crate) fn schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|(name, sf)| sf.field(name, true))
                .collect::<Vec<_>>(),
        ))
    }

    /// The rows as one batch.
    pub(crate) fn into_batch(self) -> Result<RecordBatch> {
        let schema = self.schema();
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (index, (name, sf)) in self.columns.iter().enumerate() {
            let cells = self.rows.iter().map(|row| &row[index]);
            arrays.push(column_array(name, *sf, cells)?);
        }
        RecordBatch::try_new(schema, arrays).map_err(EmulatorError::internal)
    }

    /// The rows as the result of a query-like statement (SHOW, DESCRIBE).
    pub(crate) fn into_result(self) -> Result<QueryResult> {
        let schema = self.schema();
        let batch = self.into_batch()?;
        Ok(QueryResult::rows(
            StatementType::Select,
            schema,
            vec![batch],
        ))
    }
}

fn column_array<'a>(
    name: &str,
    sf: SfType,
    cells: impl Iterator<Item = &'a Cell>,
) -> Result<ArrayRef> {
    let mismatch = |cell: &Cell| {
        EmulatorError::internal(format!("value {cell:?} in column {name} of type {sf}"))
    };
    Ok(match sf {
        SfType::Text { .. } | SfType::Variant | SfType::Object | SfType::Array => {
            let values = cells
                .map(|cell| match cell {
                    Cell::Null => Ok(None),
                    Cell::Text(text) => Ok(Some(text.as_str())),
                    other => Err(mismatch(other)),
                })
                .collect::<Result<Vec<_>>>()?;
            Arc::new(StringArray::from(values))
        }
        SfType::Number { scale: 0, .. } => {
            let values = cells
                .map(|cell| match cell {
                    Cell::Null => Ok(None),
                    Cell::Number(n) => Ok(Some(*n)),
                    other => Err(mismatch(other)),
                })
                .collect::<Result<Vec<_>>>()?;
            Arc::new(Int64Array::from(values))
        }
        SfType::TimestampLtz { .. } => {
            let values = cells
                .map(|cell| match cell {
                    Cell::Null => Ok(None),
                    Cell::Time(time) => time
                        .timestamp_nanos_opt()
                        .map(Some)
                        .ok_or_else(|| mismatch(cell)),
                    other => Err(mismatch(other)),
                })
                .collect::<Result<Vec<_>>>()?;
            Arc::new(TimestampNanosecondArray::from(values).with_timezone("UTC"))
        }
        other => {
            return Err(EmulatorError::internal(format!(
                "column {name}: type {other} is not built by RowSet"
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_typed_columns_with_metadata() {
        let mut rows = RowSet::new(&[
            ("name", SfType::TEXT),
            ("rows", SfType::INTEGER),
            ("created_on", TIMESTAMP),
        ]);
        rows.push(vec![
            Cell::text("T"),
            Cell::number(3_usize),
            Cell::Time(Utc::now()),
        ])
        .unwrap();
        rows.push(vec![Cell::Null, Cell::Null, Cell::Null]).unwrap();
        let result = rows.into_result().unwrap();
        assert_eq!(result.row_count(), 2);
        assert_eq!(result.columns[2].sf_type, TIMESTAMP);
        assert_eq!(result.columns[1].sf_type, SfType::INTEGER);
        assert_eq!(result.batches[0].schema(), result.schema);
    }

    #[test]
    fn wrong_cells_are_errors_not_panics() {
        let mut rows = RowSet::new(&[("name", SfType::TEXT)]);
        assert!(rows.push(vec![]).is_err());
        rows.push(vec![Cell::number(1)]).unwrap();
        assert_eq!(rows.into_batch().unwrap_err().code(), "000603");
    }
}
