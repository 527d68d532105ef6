//! Building the results of SHOW and DESCRIBE: columns with Snowflake's names and types, rows of
//! cells, turned into one Arrow batch whose fields carry the Snowflake types.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, Int64Builder, StringBuilder, TimestampNanosecondBuilder},
    datatypes::Schema,
    record_batch::RecordBatch,
};
use chrono::{DateTime, Utc};

use crate::{
    engine::{QueryResult, StatementType},
    error::{EmulatorError, Result},
    types::SfType,
};

/// The type of a result column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// VARCHAR.
    Text,
    /// NUMBER(38,0).
    Int,
    /// TIMESTAMP_LTZ(3).
    Time,
}

impl Kind {
    fn sf_type(self) -> SfType {
        match self {
            Self::Text => SfType::TEXT,
            Self::Int => SfType::INTEGER,
            Self::Time => SfType::TimestampLtz { scale: 3 },
        }
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Text or NULL.
    Text(Option<String>),
    /// A number or NULL.
    Int(Option<i64>),
    /// A time or NULL.
    Time(Option<DateTime<Utc>>),
}

/// A text cell.
pub(super) fn text(value: impl Into<String>) -> Cell {
    Cell::Text(Some(value.into()))
}

/// A text cell, NULL when absent.
pub(super) fn opt_text<T: ToString>(value: Option<T>) -> Cell {
    Cell::Text(value.map(|v| v.to_string()))
}

/// A number cell.
pub(super) fn int(value: impl TryInto<i64>) -> Cell {
    Cell::Int(value.try_into().ok())
}

/// A time cell.
pub(super) fn time(value: DateTime<Utc>) -> Cell {
    Cell::Time(Some(value))
}

/// A time cell, NULL when absent.
pub(super) fn opt_time(value: Option<DateTime<Utc>>) -> Cell {
    Cell::Time(value)
}

/// `Y` or `N`, as SHOW writes many flags.
pub(super) fn yes_no(value: bool) -> Cell {
    text(if value { "Y" } else { "N" })
}

/// `true` or `false` as text, as SHOW writes other flags.
pub(super) fn true_false(value: bool) -> Cell {
    text(if value { "true" } else { "false" })
}

/// A result under construction.
#[derive(Debug, Clone)]
pub(super) struct Rows {
    columns: Vec<(&'static str, Kind)>,
    rows: Vec<Vec<Cell>>,
}

impl Rows {
    /// A result with these columns and no rows yet.
    pub(super) fn new(columns: &[(&'static str, Kind)]) -> Self {
        Self {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (one cell per column, in order).
    pub(super) fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// The rows, as a SELECT-type result.
    pub(super) fn into_result(self) -> Result<QueryResult> {
        let schema = Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|(name, kind)| kind.sf_type().field(name, true))
                .collect::<Vec<_>>(),
        ));
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for (index, (name, kind)) in self.columns.iter().enumerate() {
            let cells = self.rows.iter().map(|row| row.get(index));
            let mismatch = || EmulatorError::internal(format!("bad cell in result column {name}"));
            let array: ArrayRef = match kind {
                Kind::Text => {
                    let mut builder = StringBuilder::new();
                    for cell in cells {
                        match cell {
                            Some(Cell::Text(value)) => builder.append_option(value.as_deref()),
                            _ => return Err(mismatch()),
                        }
                    }
                    Arc::new(builder.finish())
                }
                Kind::Int => {
                    let mut builder = Int64Builder::new();
                    for cell in cells {
                        match cell {
                            Some(Cell::Int(value)) => builder.append_option(*value),
                            _ => return Err(mismatch()),
                        }
                    }
                    Arc::new(builder.finish())
                }
                Kind::Time => {
                    let mut builder = TimestampNanosecondBuilder::new().with_timezone("UTC");
                    for cell in cells {
                        match cell {
                            Some(Cell::Time(value)) => {
                                builder.append_option(value.and_then(|t| t.timestamp_nanos_opt()))
                            }
                            _ => return Err(mismatch()),
                        }
                    }
                    Arc::new(builder.finish())
                }
            };
            arrays.push(array);
        }
        let batch =
            RecordBatch::try_new(schema.clone(), arrays).map_err(EmulatorError::internal)?;
        Ok(QueryResult::rows(
            StatementType::Select,
            schema,
            vec![batch],
        ))
    }
}

/// DESCRIBE's property listing: `property`, `value`, `default`, `description`.
pub(super) fn property_rows(rows: Vec<(&str, Option<String>, Option<String>, &str)>) -> Rows {
    let mut out = Rows::new(&[
        ("property", Kind::Text),
        ("value", Kind::Text),
        ("default", Kind::Text),
        ("description", Kind::Text),
    ]);
    for (property, value, default, description) in rows {
        out.push(vec![
            text(property),
            text(value.unwrap_or_else(|| "null".into())),
            text(default.unwrap_or_else(|| "null".into())),
            text(description),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_typed_columns() {
        let mut rows = Rows::new(&[
            ("created_on", Kind::Time),
            ("name", Kind::Text),
            ("count", Kind::Int),
        ]);
        rows.push(vec![time(Utc::now()), text("A"), int(3)]);
        rows.push(vec![opt_time(None), opt_text(None::<String>), int(4u64)]);
        let result = rows.into_result().unwrap();
        assert_eq!(result.row_count(), 2);
        assert_eq!(result.columns[0].sf_type.to_sql(), "TIMESTAMP_LTZ(3)");
        assert_eq!(result.columns[2].sf_type.to_sql(), "NUMBER(38,0)");
        let mut bad = Rows::new(&[("name", Kind::Text)]);
        bad.push(vec![int(1)]);
        assert_eq!(bad.into_result().unwrap_err().code(), "000603");
    }
}
