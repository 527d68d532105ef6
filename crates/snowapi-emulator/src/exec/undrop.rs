//! UNDROP DATABASE | SCHEMA | TABLE: brings back the most recently dropped object of that name.

use std::sync::Arc;

use super::command::Command;
use crate::{
    catalog::{Name, ObjectPath},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
    sql::normalize::qualify,
};

/// Runs an UNDROP statement.
pub(super) async fn undrop(session: &Session, mut command: Command) -> Result<QueryResult> {
    command.expect(&["UNDROP"])?;
    let kind = if command.accept("DATABASE") {
        "Database"
    } else if command.accept("SCHEMA") {
        "Schema"
    } else if command.accept("TABLE") {
        "Table"
    } else {
        return Err(EmulatorError::unsupported(
            command.unexpected("UNDROP of this object").to_string(),
        ));
    };
    let name = command.object_name()?;
    command.finish()?;
    let context = session.name_context();
    let restored = match kind {
        "Database" => {
            let parts = crate::catalog::object_name_parts(&name)?;
            let [database] = <[Name; 1]>::try_from(parts)
                .map_err(|_| EmulatorError::invalid_identifier(&name))?;
            let shown = database.clone();
            session
                .write(move |catalog| {
                    if catalog.databases.contains_key(&database) {
                        return Err(EmulatorError::already_exists("Object", &database));
                    }
                    let index = catalog
                        .dropped_databases
                        .iter()
                        .rposition(|d| d.object.name == database);
                    let dropped = index.map(|i| catalog.dropped_databases.remove(i));
                    let dropped = dropped.ok_or_else(|| nothing_dropped(&database))?;
                    catalog.databases.insert(database, dropped.object);
                    Ok(())
                })
                .await?;
            shown.to_string()
        }
        "Schema" => {
            let parts = crate::catalog::object_name_parts(&name)?;
            let (database, schema) = match parts.as_slice() {
                [schema] => (
                    context
                        .database
                        .clone()
                        .ok_or_else(|| nothing_dropped(schema))?,
                    schema.clone(),
                ),
                [database, schema] => (database.clone(), schema.clone()),
                _ => return Err(EmulatorError::invalid_identifier(&name)),
            };
            let shown = schema.to_string();
            session
                .write(move |catalog| {
                    let target = catalog.database_mut(&database)?;
                    if target.schemas.contains_key(&schema) {
                        return Err(EmulatorError::already_exists("Object", &schema));
                    }
                    let index = target
                        .dropped_schemas
                        .iter()
                        .rposition(|s| s.object.name == schema);
                    let dropped = index.map(|i| target.dropped_schemas.remove(i));
                    let dropped = dropped.ok_or_else(|| nothing_dropped(&schema))?;
                    target.schemas.insert(schema, dropped.object);
                    Ok(())
                })
                .await?;
            shown
        }
        _ => {
            let [database, schema, table] = qualify(&name, &context)?;
            let path = ObjectPath {
                database,
                schema,
                name: table,
            };
            let shown = path.name.to_string();
            session
                .write(move |catalog| {
                    let target = catalog.schema_mut(&path.database, &path.schema)?;
                    if target.tables.contains_key(&path.name) {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                    let index = target
                        .dropped_tables
                        .iter()
                        .rposition(|t| t.object.name == path.name);
                    let dropped = index.map(|i| target.dropped_tables.remove(i));
                    let dropped = dropped.ok_or_else(|| nothing_dropped(&path))?;
                    target
                        .tables
                        .insert(path.name.clone(), Arc::clone(&dropped.object));
                    Ok(())
                })
                .await?;
            shown
        }
    };
    QueryResult::status(
        StatementType::Ddl,
        format!("{kind} {restored} successfully restored."),
    )
}

fn nothing_dropped(name: &impl std::fmt::Display) -> EmulatorError {
    EmulatorError::compilation(
        ErrorKind::ObjectNotFoundForOperation,
        format!("Object '{name}' does not exist or was purged."),
    )
}
