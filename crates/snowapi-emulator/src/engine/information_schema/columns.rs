//! INFORMATION_SCHEMA.COLUMNS: every column of every table and view of a database, and the
//! facts about a type (DATA_TYPE, lengths, precision) it reports.

use arrow::datatypes::Field;
use datafusion::execution::context::SessionState;

use super::{InformationView, SCHEMA_NAME};
use crate::{
    catalog::{Catalog, Column, Name, ObjectPath},
    engine::rowset::{Cell, RowSet},
    error::Result,
    types::{MAX_TEXT_LENGTH, SfType},
};

const TEXT: SfType = SfType::TEXT;
const NUMBER: SfType = SfType::INTEGER;

/// The columns of the COLUMNS view.
pub(super) const COLUMNS: &[(&str, SfType)] = &[
    ("TABLE_CATALOG", TEXT),
    ("TABLE_SCHEMA", TEXT),
    ("TABLE_NAME", TEXT),
    ("COLUMN_NAME", TEXT),
    ("ORDINAL_POSITION", NUMBER),
    ("COLUMN_DEFAULT", TEXT),
    ("IS_NULLABLE", TEXT),
    ("DATA_TYPE", TEXT),
    ("CHARACTER_MAXIMUM_LENGTH", NUMBER),
    ("CHARACTER_OCTET_LENGTH", NUMBER),
    ("NUMERIC_PRECISION", NUMBER),
    ("NUMERIC_PRECISION_RADIX", NUMBER),
    ("NUMERIC_SCALE", NUMBER),
    ("DATETIME_PRECISION", NUMBER),
    ("INTERVAL_TYPE", TEXT),
    ("INTERVAL_PRECISION", TEXT),
    ("CHARACTER_SET_CATALOG", TEXT),
    ("CHARACTER_SET_SCHEMA", TEXT),
    ("CHARACTER_SET_NAME", TEXT),
    ("COLLATION_CATALOG", TEXT),
    ("COLLATION_SCHEMA", TEXT),
    ("COLLATION_NAME", TEXT),
    ("DOMAIN_CATALOG", TEXT),
    ("DOMAIN_SCHEMA", TEXT),
    ("DOMAIN_NAME", TEXT),
    ("UDT_CATALOG", TEXT),
    ("UDT_SCHEMA", TEXT),
    ("UDT_NAME", TEXT),
    ("SCOPE_CATALOG", TEXT),
    ("SCOPE_SCHEMA", TEXT),
    ("SCOPE_NAME", TEXT),
    ("MAXIMUM_CARDINALITY", NUMBER),
    ("DTD_IDENTIFIER", TEXT),
    ("IS_SELF_REFERENCING", TEXT),
    ("IS_IDENTITY", TEXT),
    ("IDENTITY_GENERATION", TEXT),
    ("IDENTITY_START", TEXT),
    ("IDENTITY_INCREMENT", TEXT),
    ("IDENTITY_MAXIMUM", TEXT),
    ("IDENTITY_MINIMUM", TEXT),
    ("IDENTITY_CYCLE", TEXT),
    ("IDENTITY_ORDERED", TEXT),
    ("SCHEMA_EVOLUTION_RECORD", TEXT),
    ("COMMENT", TEXT),
];

/// The DATA_TYPE name of a type (`NUMBER`, `TEXT`, ...), also the `type` of SHOW COLUMNS' JSON.
pub(crate) fn data_type_name(sf: &SfType) -> &'static str {
    match sf {
        SfType::Number { .. } => "NUMBER",
        SfType::Float => "FLOAT",
        SfType::Text { .. } => "TEXT",
        SfType::Boolean => "BOOLEAN",
        SfType::Date => "DATE",
        SfType::Time { .. } => "TIME",
        SfType::TimestampNtz { .. } => "TIMESTAMP_NTZ",
        SfType::TimestampLtz { .. } => "TIMESTAMP_LTZ",
        SfType::TimestampTz { .. } => "TIMESTAMP_TZ",
        SfType::Binary { .. } => "BINARY",
        SfType::Variant => "VARIANT",
        SfType::Object => "OBJECT",
        SfType::Array => "ARRAY",
    }
}

/// Maximum length in characters (TEXT) or bytes (BINARY).
pub(crate) fn char_length(sf: &SfType) -> Option<u32> {
    match sf {
        SfType::Text { length } | SfType::Binary { length } => Some(*length),
        _ => None,
    }
}

/// Maximum length in bytes: four per character for TEXT, up to the largest value.
pub(crate) fn byte_length(sf: &SfType) -> Option<u32> {
    match sf {
        SfType::Text { length } => Some(length.saturating_mul(4).min(MAX_TEXT_LENGTH)),
        SfType::Binary { length } => Some(*length),
        _ => None,
    }
}

/// Fractional second digits of TIME and TIMESTAMP_*.
pub(crate) fn time_scale(sf: &SfType) -> Option<u8> {
    match sf {
        SfType::Time { scale }
        | SfType::TimestampNtz { scale }
        | SfType::TimestampLtz { scale }
        | SfType::TimestampTz { scale } => Some(*scale),
        _ => None,
    }
}

/// One column as COLUMNS reports it.
struct Described<'a> {
    name: &'a str,
    sf: SfType,
    nullable: bool,
    default: Option<&'a str>,
    identity: Option<(i64, i64)>,
    comment: Option<&'a str>,
}

impl<'a> From<&'a Column> for Described<'a> {
    fn from(column: &'a Column) -> Self {
        Self {
            name: column.name.as_str(),
            sf: column.sf_type,
            nullable: column.nullable,
            default: column.default.as_deref(),
            identity: column.autoincrement,
            comment: column.comment.as_deref(),
        }
    }
}

impl<'a> From<&'a Field> for Described<'a> {
    fn from(field: &'a Field) -> Self {
        Self {
            name: field.name(),
            sf: SfType::of_field(field),
            nullable: field.is_nullable(),
            default: None,
            identity: None,
            comment: crate::exec::view_column_comment(field),
        }
    }
}

fn row(path: (&str, &str, &str), position: usize, column: &Described<'_>) -> Vec<Cell> {
    let sf = &column.sf;
    let (precision, radix, scale) = match sf {
        SfType::Number { precision, scale } => (
            Cell::number(*precision),
            Cell::number(10),
            Cell::number(*scale),
        ),
        _ => (Cell::Null, Cell::Null, Cell::Null),
    };
    let mut cells = vec![
        Cell::text(path.0),
        Cell::text(path.1),
        Cell::text(path.2),
        Cell::text(column.name),
        Cell::number(position),
        Cell::opt_text(column.default),
        Cell::yes_no(column.nullable),
        Cell::text(data_type_name(sf)),
        char_length(sf).map_or(Cell::Null, Cell::number),
        byte_length(sf).map_or(Cell::Null, Cell::number),
        precision,
        radix,
        scale,
        time_scale(sf).map_or(Cell::Null, Cell::number),
    ];
    // INTERVAL_TYPE through DTD_IDENTIFIER: not applicable to Snowflake.
    cells.extend(std::iter::repeat_n(Cell::Null, 19));
    cells.push(Cell::yes_no(false));
    match column.identity {
        Some((start, step)) => cells.extend([
            Cell::yes_no(true),
            Cell::Null,
            Cell::text(start.to_string()),
            Cell::text(step.to_string()),
            Cell::Null,
            Cell::Null,
            Cell::yes_no(false),
            Cell::yes_no(true),
        ]),
        None => {
            cells.push(Cell::yes_no(false));
            cells.extend(std::iter::repeat_n(Cell::Null, 7));
        }
    }
    cells.push(Cell::Null);
    cells.push(Cell::opt_text(column.comment));
    cells
}

/// COLUMNS of `database`. View columns come from planning each view with `state`; a view that
/// no longer plans (a table it reads was dropped) is left out, as are all views without a state.
pub(super) async fn columns(
    catalog: &Catalog,
    database: &Name,
    state: Option<&SessionState>,
) -> Result<RowSet> {
    let mut rows = RowSet::new(COLUMNS);
    let Some(db) = catalog.databases.get(database) else {
        return Ok(rows);
    };
    let db_name = database.as_str();
    for view in InformationView::ALL {
        let schema = view.schema();
        for (index, field) in schema.fields().iter().enumerate() {
            let described = Described::from(field.as_ref());
            rows.push(row(
                (db_name, SCHEMA_NAME, view.name()),
                index + 1,
                &described,
            ))?;
        }
    }
    for schema in db.schemas.values() {
        let schema_name = schema.name.as_str();
        for table in schema.tables.values() {
            for (index, column) in table.columns.iter().enumerate() {
                let described = Described::from(column);
                let path = (db_name, schema_name, table.name.as_str());
                rows.push(row(path, index + 1, &described))?;
            }
        }
        let Some(state) = state else { continue };
        for view in schema.views.values() {
            let path = ObjectPath {
                database: database.clone(),
                schema: schema.name.clone(),
                name: view.name.clone(),
            };
            let Ok(fields) = crate::exec::view_columns(state, catalog, &path, view).await else {
                continue;
            };
            for (index, field) in fields.iter().enumerate() {
                let described = Described::from(field);
                let path = (db_name, schema_name, view.name.as_str());
                rows.push(row(path, index + 1, &described))?;
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fit_the_view_and_report_type_facts() {
        let column = Column {
            name: Name::canonical("ID"),
            sf_type: SfType::parse("number(10,2)").unwrap(),
            nullable: false,
            default: Some("0".into()),
            comment: None,
            autoincrement: Some((1, 1)),
        };
        let cells = row(("DB", "S", "T"), 1, &Described::from(&column));
        assert_eq!(cells.len(), COLUMNS.len());
        assert_eq!(cells[6], Cell::text("NO"));
        assert_eq!(cells[7], Cell::text("NUMBER"));
        assert_eq!(cells[10], Cell::Number(10));
        assert_eq!(cells[12], Cell::Number(2));
        assert_eq!(cells[34], Cell::text("YES"));
        let text = SfType::parse("varchar(10)").unwrap();
        assert_eq!(
            (char_length(&text), byte_length(&text)),
            (Some(10), Some(40))
        );
        assert_eq!(byte_length(&SfType::TEXT), Some(MAX_TEXT_LENGTH));
        assert_eq!(time_scale(&SfType::TIMESTAMP_NTZ), Some(9));
        assert_eq!(data_type_name(&SfType::Float), "FLOAT");
    }
}
