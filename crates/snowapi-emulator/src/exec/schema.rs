//! DROP SCHEMA, and how statements name schemas (CREATE SCHEMA, which sqlparser cannot read
//! with Snowflake's options, is in `create_schema`).

use chrono::Utc;
use sqlparser::ast::ObjectName;

use crate::{
    catalog::{Dropped, Name, object_name_parts},
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
