//! ALTER TABLE column changes: ADD, DROP, RENAME and ALTER | MODIFY COLUMN. Every change
//! rewrites the row batches to the table's new Arrow schema (an added column filled with its
//! default or NULL), so stored rows always match the columns.

use arrow::{
    array::{Array, ArrayRef, UInt32Array, new_null_array},
    compute::{CastOptions, cast_with_options, take},
    record_batch::RecordBatch,
    util::display::FormatOptions,
};
use sqlparser::ast::ColumnDef;

use super::{
    dataframe::map_arrow_error,
    insert::default_value,
    table::{column, column_constraints},
};
use crate::{
    catalog::{Column, Constraint, Name, ObjectPath, Table, TableData},
    engine::Session,
    error::{EmulatorError, ErrorKind, Result},
    types::SfType,
};

/// A column ADD COLUMN defines.
pub(super) struct NewColumn {
    column: Column,
    constraints: Vec<Constraint>,
    if_not_exists: bool,
}

/// The column (and its inline keys) a definition describes.
pub(super) fn new_column(definition: &ColumnDef, if_not_exists: bool) -> Result<NewColumn> {
    Ok(NewColumn {
        column: column(definition)?,
        constraints: column_constraints(std::slice::from_ref(definition))?,
        if_not_exists,
    })
}

/// What ALTER | MODIFY COLUMN changes.
pub(super) enum ColumnChange {
    SetNotNull,
    DropNotNull,
    DropDefault,
    SetType(SfType),
    Comment(Option<String>),
}

/// Column changes other than ADD.
pub(super) enum ColumnAction {
    Drop { names: Vec<Name>, if_exists: bool },
    Rename { from: Name, to: Name },
    Alter(Vec<(Name, ColumnChange)>),
}

/// `ADD [COLUMN] c type [DEFAULT …] [NOT NULL], …`: defaults are evaluated first (a query,
/// outside any lock), then the columns are added to the latest table in one write.
pub(super) async fn add_columns(
    session: &Session,
    path: &ObjectPath,
    columns: Vec<NewColumn>,
) -> Result<()> {
    let mut fills = Vec::with_capacity(columns.len());
    for new in &columns {
        fills.push(match &new.column.default {
            Some(default) => Some(default_value(session, default, 1).await?),
            None => None,
        });
    }
    let path = path.clone();
    session
        .write(move |catalog| {
            let table = catalog.table_mut(&path)?;
            for (new, fill) in columns.into_iter().zip(fills) {
                add_column(table, new, fill)?;
            }
            Ok(())
        })
        .await
}

fn add_column(table: &mut Table, new: NewColumn, fill: Option<ArrayRef>) -> Result<()> {
    let name = new.column.name.clone();
    if table.column(&name).is_some() {
        if new.if_not_exists {
            return Ok(());
        }
        return Err(column_exists(&name));
    }
    let rows = table.row_count();
    let has_value = fill.as_ref().is_some_and(|f| f.null_count() == 0);
    if rows > 0 && new.column.autoincrement.is_some() {
        return Err(EmulatorError::unsupported(
            "adding an AUTOINCREMENT column to a table with rows",
        ));
    }
    if rows > 0 && !new.column.nullable && !has_value {
        return Err(EmulatorError::compilation(
            ErrorKind::NullInNotNullColumn,
            format!(
                "Non-nullable column '{name}' cannot be added to non-empty table '{}' unless it has a non-null default value.",
                table.name
            ),
        ));
    }
    let data_type = new.column.sf_type.arrow_type();
    table.columns.push(new.column);
    table.constraints.extend(new.constraints);
    rewrite(table, |batch| {
        let count = batch.num_rows();
        let added = match &fill {
            Some(value) => {
                let repeated = take(value, &UInt32Array::from(vec![0u32; count]), None)
                    .map_err(|e| map_arrow_error(&e))?;
                cast(&repeated, &data_type)?
            }
            None => new_null_array(&data_type, count),
        };
        let mut columns = batch.columns().to_vec();
        columns.push(added);
        Ok(columns)
    })
}

/// Applies DROP, RENAME or ALTER COLUMN to `table`.
pub(super) fn alter_columns(table: &mut Table, action: ColumnAction) -> Result<()> {
    match action {
        ColumnAction::Drop { names, if_exists } => drop_columns(table, &names, if_exists),
        ColumnAction::Rename { from, to } => rename_column(table, &from, to),
        ColumnAction::Alter(changes) => {
            for (name, change) in changes {
                change_column(table, &name, change)?;
            }
            let types: Vec<_> = table
                .columns
                .iter()
                .map(|c| c.sf_type.arrow_type())
                .collect();
            rewrite(table, |batch| {
                batch
                    .columns()
                    .iter()
                    .zip(&types)
                    .map(|(array, data_type)| cast(array, data_type))
                    .collect()
            })
        }
    }
}

fn drop_columns(table: &mut Table, names: &[Name], if_exists: bool) -> Result<()> {
    let mut dropped = Vec::new();
    for name in names {
        match table.columns.iter().position(|c| &c.name == name) {
            Some(index) => dropped.push(index),
            None if if_exists => {}
            None => return Err(EmulatorError::invalid_identifier(name)),
        }
    }
    if dropped.is_empty() {
        return Ok(());
    }
    let keep: Vec<usize> = (0..table.columns.len())
        .filter(|i| !dropped.contains(i))
        .collect();
    if keep.is_empty() {
        return Err(EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!(
                "Cannot drop column '{}' which is the only column in the table.",
                table.columns[dropped[0]].name
            ),
        ));
    }
    let gone: Vec<Name> = dropped
        .iter()
        .map(|i| table.columns[*i].name.clone())
        .collect();
    table.columns = keep.iter().map(|i| table.columns[*i].clone()).collect();
    for constraint in &mut table.constraints {
        super::alter_table::constraint_columns(constraint).retain(|c| !gone.contains(c));
    }
    table
        .constraints
        .retain_mut(|c| !super::alter_table::constraint_columns(c).is_empty());
    table
        .cluster_by
        .retain(|expr| Name::parse(expr).map_or(true, |n| !gone.contains(&n)));
    rewrite(table, |batch| {
        Ok(keep.iter().map(|i| batch.column(*i).clone()).collect())
    })
}

fn rename_column(table: &mut Table, from: &Name, to: Name) -> Result<()> {
    let index = table
        .columns
        .iter()
        .position(|c| &c.name == from)
        .ok_or_else(|| EmulatorError::invalid_identifier(from))?;
    if from == &to {
        return Ok(());
    }
    if table.column(&to).is_some() {
        return Err(column_exists(&to));
    }
    table.columns[index].name = to.clone();
    for constraint in &mut table.constraints {
        for column in super::alter_table::constraint_columns(constraint) {
            if column == from {
                *column = to.clone();
            }
        }
    }
    for expr in &mut table.cluster_by {
        if Name::parse(expr).is_ok_and(|n| &n == from) {
            *expr = to.to_sql();
        }
    }
    rewrite(table, |batch| Ok(batch.columns().to_vec()))
}

fn change_column(table: &mut Table, name: &Name, change: ColumnChange) -> Result<()> {
    let index = table
        .columns
        .iter()
        .position(|c| &c.name == name)
        .ok_or_else(|| EmulatorError::invalid_identifier(name))?;
    match change {
        ColumnChange::SetNotNull => {
            let has_null = table
                .data
                .batches
                .iter()
                .any(|b| b.column(index).null_count() > 0);
            if has_null {
                return Err(EmulatorError::new(
                    ErrorKind::NullInNotNullColumn,
                    format!("NULL result in a non-nullable column '{name}'"),
                ));
            }
            table.columns[index].nullable = false;
        }
        ColumnChange::DropNotNull => table.columns[index].nullable = true,
        ColumnChange::DropDefault => table.columns[index].default = None,
        ColumnChange::Comment(comment) => table.columns[index].comment = comment,
        ColumnChange::SetType(new) => {
            let old = table.columns[index].sf_type;
            if let Some(reason) = refused_type_change(&old, &new) {
                return Err(EmulatorError::compilation(
                    ErrorKind::InvalidArguments,
                    format!("cannot change column {name} from type {old} to {new}{reason}"),
                ));
            }
            table.columns[index].sf_type = new;
        }
    }
    Ok(())
}

/// Why Snowflake refuses to change a column's type from `old` to `new` in place, if it does.
/// Only widening a VARCHAR or a NUMBER's precision (same scale) is allowed.
fn refused_type_change(old: &SfType, new: &SfType) -> Option<&'static str> {
    match (old, new) {
        _ if old == new => None,
        (SfType::Text { length: a }, SfType::Text { length: b }) if b < a => {
            Some(" because reducing the byte-length of a varchar is not supported.")
        }
        (SfType::Text { .. }, SfType::Text { .. }) => None,
        (
            SfType::Number {
                precision: p1,
                scale: s1,
            },
            SfType::Number {
                precision: p2,
                scale: s2,
            },
        ) => {
            if s1 != s2 {
                Some(" because changing the scale of a number is not supported.")
            } else if p2 < p1 {
                Some(" because decreasing the precision of a number is not supported.")
            } else {
                None
            }
        }
        _ => Some(""),
    }
}

fn column_exists(name: &Name) -> EmulatorError {
    EmulatorError::compilation(
        ErrorKind::ColumnAlreadyExists,
        format!("column '{name}' already exists"),
    )
}

fn cast(array: &ArrayRef, data_type: &arrow::datatypes::DataType) -> Result<ArrayRef> {
    let options = CastOptions {
        safe: false,
        format_options: FormatOptions::default(),
    };
    cast_with_options(array, data_type, &options).map_err(|e| map_arrow_error(&e))
}

/// Rebuilds every row batch with the table's current schema from `columns(old batch)`.
fn rewrite(
    table: &mut Table,
    columns: impl Fn(&RecordBatch) -> Result<Vec<ArrayRef>>,
) -> Result<()> {
    let schema = table.arrow_schema();
    let batches = table
        .data
        .batches
        .iter()
        .map(|batch| {
            RecordBatch::try_new(schema.clone(), columns(batch)?).map_err(EmulatorError::internal)
        })
        .collect::<Result<Vec<_>>>()?;
    table.data = TableData::new(batches);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_widening_type_changes_are_allowed() {
        let text = |length| SfType::Text { length };
        let number = |precision, scale| SfType::Number { precision, scale };
        assert!(refused_type_change(&text(10), &text(20)).is_none());
        assert!(refused_type_change(&text(20), &text(10)).is_some());
        assert!(refused_type_change(&number(10, 2), &number(12, 2)).is_none());
        assert!(refused_type_change(&number(10, 2), &number(12, 3)).is_some());
        assert!(refused_type_change(&number(10, 0), &SfType::Float).is_some());
        assert!(refused_type_change(&SfType::Date, &SfType::Date).is_none());
    }
}
