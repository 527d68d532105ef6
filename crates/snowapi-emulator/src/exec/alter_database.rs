//! ALTER DATABASE [IF EXISTS] d RENAME TO e | SWAP WITH e | SET … | UNSET ….

use std::sync::Arc;

use super::{
    alter_table::retention,
    database::{DEFAULT_RETENTION, single_name},
    ddl_parser::{DdlParser, PropertyValue},
    object_parameters,
};
use crate::{
    catalog::{Catalog, Database, Name},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

enum Action {
    Rename(Name),
    Swap(Name),
    Set(Vec<(String, PropertyValue)>),
    Unset(Vec<String>),
}

/// Runs ALTER DATABASE.
pub(super) async fn alter_database(session: &Session, sql: &str) -> Result<QueryResult> {
    let (if_exists, database, action) = parse(sql)?;
    if if_exists && session.snapshot().database(&database).is_err() {
        return done();
    }
    let renamed = match &action {
        Action::Rename(to) => Some(to.clone()),
        _ => None,
    };
    {
        let database = database.clone();
        session
            .write(move |catalog| apply(catalog, &database, action))
            .await?;
    }
    if let Some(new_name) = renamed {
        session.update(|state| {
            if state.database.as_ref() == Some(&database) {
                state.database = Some(new_name);
            }
        });
    }
    done()
}

/// `IF EXISTS`, the database and the action.
fn parse(sql: &str) -> Result<(bool, Name, Action)> {
    let mut p = DdlParser::new(sql)?;
    p.expect(&["ALTER", "DATABASE"])?;
    let if_exists = p.accept_all(&["IF", "EXISTS"]);
    let database = single_name(&p.object_name()?)?;
    let action = if p.accept_all(&["RENAME", "TO"]) {
        Action::Rename(single_name(&p.object_name()?)?)
    } else if p.accept_all(&["SWAP", "WITH"]) {
        Action::Swap(single_name(&p.object_name()?)?)
    } else if p.accept("SET") {
        let properties = p.properties()?;
        if properties.is_empty() {
            return Err(p.unexpected());
        }
        Action::Set(properties)
    } else if p.accept("UNSET") {
        Action::Unset(p.property_names()?)
    } else {
        return Err(p.unexpected());
    };
    p.finish()?;
    Ok((if_exists, database, action))
}

fn done() -> Result<QueryResult> {
    QueryResult::status(StatementType::Ddl, "Statement executed successfully.")
}

fn apply(catalog: &mut Catalog, database: &Name, action: Action) -> Result<()> {
    match action {
        Action::Rename(to) => {
            if catalog.databases.contains_key(&to) {
                return Err(EmulatorError::already_exists("Object", &to));
            }
            let moved = catalog
                .databases
                .remove(database)
                .ok_or_else(|| EmulatorError::not_found("Database", database))?;
            let mut moved = Arc::unwrap_or_clone(moved);
            moved.name = to.clone();
            catalog.databases.insert(to, Arc::new(moved));
        }
        Action::Swap(other) => {
            let mut first = (**catalog.database(database)?).clone();
            let mut second = (**catalog.database(&other)?).clone();
            std::mem::swap(&mut first.name, &mut second.name);
            *catalog.database_mut(database)? = second;
            *catalog.database_mut(&other)? = first;
        }
        Action::Set(properties) => {
            let target = catalog.database_mut(database)?;
            for (name, value) in properties {
                set_property(target, &name, &value)?;
            }
        }
        Action::Unset(names) => {
            let target = catalog.database_mut(database)?;
            for name in names {
                match name.as_str() {
                    "COMMENT" => target.info.comment = None,
                    "DATA_RETENTION_TIME_IN_DAYS" => target.retention_time = DEFAULT_RETENTION,
                    other if object_parameters::is_parameter(other, false) => {
                        target.parameters.remove(other);
                    }
                    other => return Err(EmulatorError::unsupported(format!("UNSET {other}"))),
                }
            }
        }
    }
    Ok(())
}

fn set_property(database: &mut Database, name: &str, value: &PropertyValue) -> Result<()> {
    match name {
        "COMMENT" => database.info.comment = Some(value.as_text(name)?),
        "DATA_RETENTION_TIME_IN_DAYS" => database.retention_time = retention(value)?,
        other if object_parameters::is_parameter(other, false) => {
            object_parameters::set(&mut database.parameters, other, value, false)?;
        }
        other => {
            return Err(EmulatorError::unsupported(format!(
                "ALTER DATABASE SET {other}"
            )));
        }
    }
    Ok(())
}
