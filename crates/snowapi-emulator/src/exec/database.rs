//! CREATE, DROP and UNDROP DATABASE.

use std::{collections::BTreeMap, sync::Arc};

use chrono::Utc;
use sqlparser::ast::{ObjectName, Statement};

use crate::{
    catalog::{Database, Dropped, Name, ObjectInfo, Schema, object_name_parts},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// Days of Time Travel when none is given.
pub(super) const DEFAULT_RETENTION: u32 = 1;

/// The schema every new database has.
pub(super) fn public_schema(owner: &str) -> Schema {
    Schema {
        name: Name::canonical("PUBLIC"),
        info: ObjectInfo::new(owner, None),
        transient: false,
        managed_access: false,
        retention_time: DEFAULT_RETENTION,
        tables: BTreeMap::new(),
        views: BTreeMap::new(),
        dropped_tables: Vec::new(),
        tasks: BTreeMap::new(),
        stages: BTreeMap::new(),
        image_repositories: BTreeMap::new(),
        services: BTreeMap::new(),
        tags: BTreeMap::new(),
        parameters: BTreeMap::new(),
    }
}

/// `CREATE [OR REPLACE] [TRANSIENT] DATABASE [IF NOT EXISTS] name [CLONE source] ...`; the new
/// database and its PUBLIC schema become current, as in Snowflake.
pub(super) async fn create(session: &Session, statement: Statement) -> Result<QueryResult> {
    let Statement::CreateDatabase {
        db_name,
        if_not_exists,
        or_replace,
        transient,
        clone,
        data_retention_time_in_days,
        comment,
        ..
    } = statement
    else {
        return Err(EmulatorError::internal("not a CREATE DATABASE"));
    };
    let name = single_name(&db_name)?;
    let owner = session.state().role;
    let created = {
        let name = name.clone();
        session
            .write(move |catalog| {
                if catalog.databases.contains_key(&name) {
                    if if_not_exists {
                        return Ok(false);
                    }
                    if !or_replace {
                        return Err(EmulatorError::already_exists("Object", &name));
                    }
                }
                let mut database = match &clone {
                    Some(source) => {
                        let source = single_name(source)?;
                        let mut copy = (**catalog.database(&source)?).clone();
                        copy.dropped_schemas.clear();
                        copy
                    }
                    None => Database {
                        name: name.clone(),
                        info: ObjectInfo::new(&owner, None),
                        transient,
                        retention_time: DEFAULT_RETENTION,
                        schemas: BTreeMap::from([(
                            Name::canonical("PUBLIC"),
                            Arc::new(public_schema(&owner)),
                        )]),
                        dropped_schemas: Vec::new(),
                        database_roles: BTreeMap::new(),
                        parameters: BTreeMap::new(),
                    },
                };
                database.name = name.clone();
                database.info = ObjectInfo::new(&owner, comment.clone());
                database.transient = transient;
                if let Some(days) = data_retention_time_in_days {
                    database.retention_time = u32::try_from(days).unwrap_or(u32::MAX);
                }
                if let Some(old) = catalog.databases.insert(name.clone(), Arc::new(database)) {
                    catalog.dropped_databases.push(Dropped {
                        dropped_on: Utc::now(),
                        object: old,
                    });
                }
                Ok(true)
            })
            .await?
    };
    if !created {
        return QueryResult::status(
            StatementType::Ddl,
            format!("{name} already exists, statement succeeded."),
        );
    }
    let public = Name::canonical("PUBLIC");
    let has_public = session.snapshot().schema(&name, &public).is_ok();
    session.update(|state| {
        state.database = Some(name.clone());
        state.schema = has_public.then_some(public);
    });
    QueryResult::status(
        StatementType::Ddl,
        format!("Database {name} successfully created."),
    )
}

/// `DROP DATABASE [IF EXISTS] name`: kept for UNDROP.
pub(super) async fn drop(
    session: &Session,
    names: Vec<ObjectName>,
    if_exists: bool,
) -> Result<QueryResult> {
    let [name] = <[ObjectName; 1]>::try_from(names)
        .map_err(|_| EmulatorError::unsupported("DROP of several databases"))?;
    let name = single_name(&name)?;
    let dropped = {
        let name = name.clone();
        session
            .write(move |catalog| match catalog.databases.remove(&name) {
                Some(database) => {
                    catalog.dropped_databases.push(Dropped {
                        dropped_on: Utc::now(),
                        object: database,
                    });
                    Ok(true)
                }
                None if if_exists => Ok(false),
                None => Err(EmulatorError::not_found("Database", &name)),
            })
            .await?
    };
    if dropped {
        session.update(|state| {
            if state.database.as_ref() == Some(&name) {
                state.database = None;
                state.schema = None;
            }
        });
        QueryResult::status(StatementType::Ddl, format!("{name} successfully dropped."))
    } else {
        QueryResult::status(
            StatementType::Ddl,
            "Drop statement executed successfully (object does not exist).",
        )
    }
}

/// The one-part name of an account-level object.
pub(super) fn single_name(name: &ObjectName) -> Result<Name> {
    let mut parts = object_name_parts(name)?;
    if parts.len() != 1 {
        return Err(EmulatorError::invalid_identifier(name));
    }
    Ok(parts.remove(0))
}
