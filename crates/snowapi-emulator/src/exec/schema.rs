//! CREATE and DROP SCHEMA.

use std::{collections::BTreeMap, sync::Arc};

use chrono::Utc;
use sqlparser::ast::{ObjectName, SchemaName, Statement};

use super::database::DEFAULT_RETENTION;
use crate::{
    catalog::{Dropped, Name, ObjectInfo, Schema, object_name_parts},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
};

/// `db.schema` or `schema` (in the current database) as names.
pub(super) fn schema_path(session: &Session, name: &ObjectName) -> Result<(Name, Name)> {
    let mut parts = object_name_parts(name)?;
    match parts.len() {
        1 => {
            let database = session.state().database.ok_or_else(|| {
                EmulatorError::new(
                    ErrorKind::NoCurrentDatabase,
                    "Cannot perform CREATE SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
                )
            })?;
            Ok((database, parts.remove(0)))
        }
        2 => {
            let schema = parts.remove(1);
            Ok((parts.remove(0), schema))
        }
        _ => Err(EmulatorError::invalid_identifier(name)),
    }
}

/// `CREATE SCHEMA [IF NOT EXISTS] [db.]name [CLONE source]`; the schema becomes current.
pub(super) async fn create(session: &Session, statement: Statement) -> Result<QueryResult> {
    let Statement::CreateSchema {
        schema_name,
        if_not_exists,
        clone,
        ..
    } = statement
    else {
        return Err(EmulatorError::internal("not a CREATE SCHEMA"));
    };
    let name = match &schema_name {
        SchemaName::Simple(name) | SchemaName::NamedAuthorization(name, _) => name.clone(),
        SchemaName::UnnamedAuthorization(_) => {
            return Err(EmulatorError::unsupported("CREATE SCHEMA AUTHORIZATION"));
        }
    };
    let (database, schema) = schema_path(session, &name)?;
    let source = clone
        .as_ref()
        .map(|source| schema_path(session, source))
        .transpose()?;
    let owner = session.state().role;
    let created = {
        let (database, schema) = (database.clone(), schema.clone());
        session
            .write(move |catalog| {
                let copy = match &source {
                    Some((db, s)) => Some((**catalog.schema(db, s)?).clone()),
                    None => None,
                };
                let target = catalog.database_mut(&database)?;
                if target.schemas.contains_key(&schema) {
                    return if if_not_exists {
                        Ok(false)
                    } else {
                        Err(EmulatorError::already_exists("Object", &schema))
                    };
                }
                let mut new = copy.unwrap_or_else(|| Schema {
                    name: schema.clone(),
                    info: ObjectInfo::new(&owner, None),
                    transient: false,
                    managed_access: false,
                    retention_time: DEFAULT_RETENTION,
                    tables: BTreeMap::new(),
                    views: BTreeMap::new(),
                    dropped_tables: Vec::new(),
                });
                new.name = schema.clone();
                new.info = ObjectInfo::new(&owner, None);
                new.dropped_tables.clear();
                target.schemas.insert(schema, Arc::new(new));
                Ok(true)
            })
            .await?
    };
    if !created {
        return QueryResult::status(
            StatementType::Ddl,
            format!("{schema} already exists, statement succeeded."),
        );
    }
    session.update(|state| {
        state.database = Some(database);
        state.schema = Some(schema.clone());
    });
    QueryResult::status(
        StatementType::Ddl,
        format!("Schema {schema} successfully created."),
    )
}

/// `DROP SCHEMA [IF EXISTS] [db.]name`: kept for UNDROP.
pub(super) async fn drop(
    session: &Session,
    names: Vec<ObjectName>,
    if_exists: bool,
) -> Result<QueryResult> {
    let [name] = <[ObjectName; 1]>::try_from(names)
        .map_err(|_| EmulatorError::unsupported("DROP of several schemas"))?;
    let (database, schema) = schema_path(session, &name)?;
    let dropped = {
        let (database, schema) = (database.clone(), schema.clone());
        session
            .write(move |catalog| {
                let target = catalog.database_mut(&database)?;
                match target.schemas.remove(&schema) {
                    Some(old) => {
                        target.dropped_schemas.push(Dropped {
                            dropped_on: Utc::now(),
                            object: old,
                        });
                        Ok(true)
                    }
                    None if if_exists => Ok(false),
                    None => Err(EmulatorError::not_found(
                        "Schema",
                        format!("{database}.{schema}"),
                    )),
                }
            })
            .await?
    };
    if !dropped {
        return QueryResult::status(
            StatementType::Ddl,
            "Drop statement executed successfully (object does not exist).",
        );
    }
    session.update(|state| {
        if state.database.as_ref() == Some(&database) && state.schema.as_ref() == Some(&schema) {
            state.schema = None;
        }
    });
    QueryResult::status(
        StatementType::Ddl,
        format!("{schema} successfully dropped."),
    )
}
