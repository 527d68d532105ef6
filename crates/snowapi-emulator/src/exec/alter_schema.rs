//! ALTER SCHEMA [IF EXISTS] s RENAME TO t | SWAP WITH t | SET … | UNSET … |
//! { ENABLE | DISABLE } MANAGED ACCESS.

use std::sync::Arc;

use super::{
    alter_table::retention,
    ddl_parser::{DdlParser, PropertyValue},
    object_parameters,
    schema::schema_path,
};
use crate::{
    catalog::{Catalog, Name, Schema},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

enum Action {
    Rename(Name, Name),
    Swap(Name, Name),
    Set(Vec<(String, PropertyValue)>),
    Unset(Vec<String>),
    ManagedAccess(bool),
}

/// Runs ALTER SCHEMA.
pub(super) async fn alter_schema(session: &Session, sql: &str) -> Result<QueryResult> {
    let (if_exists, database, schema, action) = parse(session, sql)?;
    if if_exists && session.snapshot().schema(&database, &schema).is_err() {
        return done();
    }
    let renamed = match &action {
        Action::Rename(db, name) => Some((db.clone(), name.clone())),
        _ => None,
    };
    {
        let (database, schema) = (database.clone(), schema.clone());
        session
            .write(move |catalog| apply(catalog, &database, &schema, action))
            .await?;
    }
    if let Some((new_database, new_schema)) = renamed {
        session.update(|state| {
            if state.database.as_ref() == Some(&database) && state.schema.as_ref() == Some(&schema)
            {
                state.database = Some(new_database);
                state.schema = Some(new_schema);
            }
        });
    }
    done()
}

/// `IF EXISTS`, the schema (database, name) and the action.
fn parse(session: &Session, sql: &str) -> Result<(bool, Name, Name, Action)> {
    let mut p = DdlParser::new(sql)?;
    p.expect(&["ALTER", "SCHEMA"])?;
    let if_exists = p.accept_all(&["IF", "EXISTS"]);
    let (database, schema) = schema_path(session, &p.object_name()?)?;
    let action = if p.accept_all(&["RENAME", "TO"]) {
        let (db, name) = schema_path(session, &p.object_name()?)?;
        Action::Rename(db, name)
    } else if p.accept_all(&["SWAP", "WITH"]) {
        let (db, name) = schema_path(session, &p.object_name()?)?;
        Action::Swap(db, name)
    } else if p.accept("SET") {
        let properties = p.properties()?;
        if properties.is_empty() {
            return Err(p.unexpected());
        }
        Action::Set(properties)
    } else if p.accept("UNSET") {
        Action::Unset(p.property_names()?)
    } else if p.accept_all(&["ENABLE", "MANAGED", "ACCESS"]) {
        Action::ManagedAccess(true)
    } else if p.accept_all(&["DISABLE", "MANAGED", "ACCESS"]) {
        Action::ManagedAccess(false)
    } else {
        return Err(p.unexpected());
    };
    p.finish()?;
    Ok((if_exists, database, schema, action))
}

fn done() -> Result<QueryResult> {
    QueryResult::status(StatementType::Ddl, "Statement executed successfully.")
}

fn apply(catalog: &mut Catalog, database: &Name, schema: &Name, action: Action) -> Result<()> {
    match action {
        Action::Rename(to_database, to_schema) => {
            if catalog
                .database(&to_database)?
                .schemas
                .contains_key(&to_schema)
            {
                return Err(EmulatorError::already_exists("Object", &to_schema));
            }
            let moved = catalog
                .database_mut(database)?
                .schemas
                .remove(schema)
                .ok_or_else(|| {
                    EmulatorError::not_found("Schema", format!("{database}.{schema}"))
                })?;
            let mut moved = Arc::unwrap_or_clone(moved);
            moved.name = to_schema.clone();
            catalog
                .database_mut(&to_database)?
                .schemas
                .insert(to_schema, Arc::new(moved));
        }
        Action::Swap(other_database, other_schema) => {
            let mut first = (**catalog.schema(database, schema)?).clone();
            let mut second = (**catalog.schema(&other_database, &other_schema)?).clone();
            std::mem::swap(&mut first.name, &mut second.name);
            *catalog.schema_mut(database, schema)? = second;
            *catalog.schema_mut(&other_database, &other_schema)? = first;
        }
        Action::Set(properties) => {
            let target = catalog.schema_mut(database, schema)?;
            for (name, value) in properties {
                set_property(target, &name, &value)?;
            }
        }
        Action::Unset(names) => {
            let inherited = catalog.database(database)?.retention_time;
            let target = catalog.schema_mut(database, schema)?;
            for name in names {
                match name.as_str() {
                    "COMMENT" => target.info.comment = None,
                    "DATA_RETENTION_TIME_IN_DAYS" => target.retention_time = inherited,
                    other if object_parameters::is_parameter(other, true) => {
                        target.parameters.remove(other);
                    }
                    other => return Err(EmulatorError::unsupported(format!("UNSET {other}"))),
                }
            }
        }
        Action::ManagedAccess(on) => catalog.schema_mut(database, schema)?.managed_access = on,
    }
    Ok(())
}

fn set_property(schema: &mut Schema, name: &str, value: &PropertyValue) -> Result<()> {
    match name {
        "COMMENT" => schema.info.comment = Some(value.as_text(name)?),
        "DATA_RETENTION_TIME_IN_DAYS" => schema.retention_time = retention(value)?,
        other if object_parameters::is_parameter(other, true) => {
            object_parameters::set(&mut schema.parameters, other, value, true)?;
        }
        other => {
            return Err(EmulatorError::unsupported(format!(
                "ALTER SCHEMA SET {other}"
            )));
        }
    }
    Ok(())
}
