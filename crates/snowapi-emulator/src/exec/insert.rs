//! INSERT INTO ... VALUES / SELECT, and fitting rows to a table's columns.

use std::sync::Arc;

use arrow::{
    array::{Array, ArrayRef, Int64Array, new_null_array},
    compute::{CastOptions, cast_with_options, max},
    datatypes::{DataType, Int64Type},
    record_batch::RecordBatch,
    util::display::FormatOptions,
};
use sqlparser::ast::{Insert, ObjectName, Statement, TableObject};

use super::{
    dataframe::map_arrow_error, insert_values::convert_to_columns, run_query, table::table_path,
};
use crate::{
    catalog::{Table, TableData, object_name_parts},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
    functions::implicit_cast::text_to_column,
    sql::parse,
};

/// `INSERT INTO t [(columns)] VALUES ... | SELECT ...`.
pub(super) async fn insert(session: &Session, insert: Insert) -> Result<QueryResult> {
    if insert.overwrite {
        return Err(EmulatorError::unsupported("INSERT OVERWRITE"));
    }
    let TableObject::TableName(name) = &insert.table else {
        return Err(EmulatorError::unsupported("INSERT INTO TABLE FUNCTION"));
    };
    let path = table_path(session, name)?;
    let snapshot = session.snapshot();
    let table = snapshot.table(&path)?.clone();
    let targets = target_columns(&table, &insert.columns)?;
    let mut source = insert
        .source
        .ok_or_else(|| EmulatorError::unsupported("INSERT without VALUES or SELECT"))?;
    convert_to_columns(&mut source, &table, &targets)?;
    let (_, batches) = run_query(session, snapshot, Statement::Query(source)).await?;
    let mut rows = Vec::new();
    for batch in batches.into_iter().filter(|b| b.num_rows() > 0) {
        if batch.num_columns() != targets.len() {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!(
                    "Insert value list does not match column list expecting {} but got {}",
                    targets.len(),
                    batch.num_columns()
                ),
            ));
        }
        rows.push(fill_columns(session, &table, &targets, &batch).await?);
    }
    let rows = conform(&table, rows)?;
    let inserted: usize = rows.iter().map(RecordBatch::num_rows).sum();
    let expected_columns = table.columns.clone();
    session
        .write(move |catalog| {
            let table = catalog.table_mut(&path)?;
            if table.columns != expected_columns {
                return Err(EmulatorError::new(
                    ErrorKind::InvalidState,
                    format!("Table {path} changed while rows were being inserted; run the statement again."),
                ));
            }
            let rows = number_autoincrement(table, rows)?;
            let mut batches = table.data.batches.to_vec();
            batches.extend(rows);
            table.data = TableData::new(batches);
            Ok(())
        })
        .await?;
    QueryResult::counts(
        StatementType::Insert,
        &[("number of rows inserted", inserted as u64)],
    )
}

/// Indexes of the table columns the statement names (all of them when it names none).
pub(super) fn target_columns(table: &Table, columns: &[ObjectName]) -> Result<Vec<usize>> {
    if columns.is_empty() {
        return Ok((0..table.columns.len()).collect());
    }
    columns
        .iter()
        .map(|name| {
            let parts = object_name_parts(name)?;
            let column = parts
                .last()
                .ok_or_else(|| EmulatorError::invalid_identifier(name))?;
            table
                .columns
                .iter()
                .position(|c| &c.name == column)
                .ok_or_else(|| EmulatorError::invalid_identifier(column))
        })
        .collect()
}

/// A batch with every table column: given values, defaults, or NULL.
pub(super) async fn fill_columns(
    session: &Session,
    table: &Table,
    targets: &[usize],
    batch: &RecordBatch,
) -> Result<RecordBatch> {
    let rows = batch.num_rows();
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(table.columns.len());
    for (index, column) in table.columns.iter().enumerate() {
        if let Some(source) = targets.iter().position(|t| *t == index) {
            columns.push(batch.column(source).clone());
            continue;
        }
        let array = match &column.default {
            Some(default) => default_value(session, default, rows).await?,
            None => new_null_array(&DataType::Null, rows),
        };
        columns.push(array);
    }
    let fields: Vec<_> = table
        .columns
        .iter()
        .zip(&columns)
        .map(|(c, a)| arrow::datatypes::Field::new(c.name.as_str(), a.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(Arc::new(arrow::datatypes::Schema::new(fields)), columns)
        .map_err(EmulatorError::internal)
}

/// A column's DEFAULT expression, evaluated once and repeated for every row.
pub(super) async fn default_value(
    session: &Session,
    default: &str,
    rows: usize,
) -> Result<ArrayRef> {
    let statement = parse(&format!("SELECT {default}"))?.remove(0);
    let (_, batches) = run_query(session, session.snapshot(), statement).await?;
    let value = batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .map(|b| b.column(0).slice(0, 1))
        .ok_or_else(|| EmulatorError::internal("a DEFAULT expression gave no value"))?;
    let indices = arrow::array::UInt32Array::from(vec![0u32; rows]);
    arrow::compute::take(&value, &indices, None).map_err(|e| map_arrow_error(&e))
}

/// Casts each column of `batches` to the table's type and checks NOT NULL columns.
pub(super) fn conform(table: &Table, batches: Vec<RecordBatch>) -> Result<Vec<RecordBatch>> {
    let schema = table.arrow_schema();
    let options = CastOptions {
        safe: false,
        format_options: FormatOptions::default(),
    };
    let mut out = Vec::with_capacity(batches.len());
    for batch in batches.into_iter().filter(|b| b.num_rows() > 0) {
        let mut columns = Vec::with_capacity(schema.fields().len());
        for ((array, field), column) in batch
            .columns()
            .iter()
            .zip(schema.fields())
            .zip(&table.columns)
        {
            // Text follows the explicit casts' rules (epoch text, 'yes', rounding); Arrow's
            // cast does the rest.
            let converted = text_to_column(array, &column.sf_type)?;
            let cast = cast_with_options(
                converted.as_ref().unwrap_or(array),
                field.data_type(),
                &options,
            )
            .map_err(|e| map_arrow_error(&e))?;
            if !column.nullable && column.autoincrement.is_none() && cast.null_count() > 0 {
                return Err(EmulatorError::new(
                    ErrorKind::NullInNotNullColumn,
                    format!("NULL result in a non-nullable column '{}'", column.name),
                ));
            }
            columns.push(cast);
        }
        out.push(RecordBatch::try_new(schema.clone(), columns).map_err(EmulatorError::internal)?);
    }
    Ok(out)
}

/// Gives AUTOINCREMENT columns the next numbers where rows left them NULL.
pub(super) fn number_autoincrement(
    table: &Table,
    rows: Vec<RecordBatch>,
) -> Result<Vec<RecordBatch>> {
    let Some((index, (start, step))) = table
        .columns
        .iter()
        .enumerate()
        .find_map(|(i, c)| c.autoincrement.map(|a| (i, a)))
    else {
        return Ok(rows);
    };
    let mut next = table
        .data
        .batches
        .iter()
        .filter_map(|b| {
            b.column(index)
                .as_any()
                .downcast_ref::<Int64Array>()
                .and_then(max::<Int64Type>)
        })
        .max()
        .map_or(start, |m| m + step);
    let mut out = Vec::with_capacity(rows.len());
    for batch in rows {
        let given = batch.column(index);
        let given = given.as_any().downcast_ref::<Int64Array>();
        let values: Int64Array = (0..batch.num_rows())
            .map(|row| match given.filter(|g| g.is_valid(row)) {
                Some(g) => Some(g.value(row)),
                None => {
                    let value = next;
                    next += step;
                    Some(value)
                }
            })
            .collect();
        let mut columns = batch.columns().to_vec();
        columns[index] = Arc::new(values);
        out.push(RecordBatch::try_new(batch.schema(), columns).map_err(EmulatorError::internal)?);
    }
    Ok(out)
}
