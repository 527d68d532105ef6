//! USE and the other statements that change only the session.

use sqlparser::ast::{
    Use, Value,
    helpers::key_value_options::{KeyValueOptionKind, KeyValueOptions},
};

use crate::{
    catalog::object_name_parts,
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// `USE [DATABASE|SCHEMA|WAREHOUSE|ROLE] name`, checked against the catalog as Snowflake does.
pub(super) fn use_object(session: &Session, target: Use) -> Result<QueryResult> {
    let catalog = session.snapshot();
    match target {
        Use::Database(name) => {
            let [database] = single(&name)?;
            catalog.database(&database)?;
            // Snowflake makes PUBLIC current when the database has one.
            let public = crate::catalog::Name::canonical("PUBLIC");
            let schema = catalog.schema(&database, &public).ok().map(|_| public);
            session.update(|state| {
                state.database = Some(database);
                state.schema = schema;
            });
        }
        Use::Schema(name) | Use::Object(name) => {
            let mut parts = object_name_parts(&name)?;
            let (database, schema) = match parts.len() {
                1 => {
                    let current = session.state().database.ok_or_else(|| {
                        EmulatorError::new(
                            crate::error::ErrorKind::NoCurrentDatabase,
                            "Cannot perform USE SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
                        )
                    })?;
                    (current, parts.remove(0))
                }
                2 => {
                    let schema = parts.remove(1);
                    (parts.remove(0), schema)
                }
                _ => return Err(EmulatorError::invalid_identifier(name)),
            };
            catalog.schema(&database, &schema)?;
            session.update(|state| {
                state.database = Some(database);
                state.schema = Some(schema);
            });
        }
        Use::Warehouse(name) => {
            let [warehouse] = single(&name)?;
            if !catalog.warehouses.contains_key(&warehouse) {
                return Err(EmulatorError::not_found("Warehouse", warehouse));
            }
            session.update(|state| state.warehouse = Some(warehouse));
        }
        Use::Role(name) => {
            let [role] = single(&name)?;
            if !catalog.roles.contains_key(&role) {
                return Err(EmulatorError::not_found("Role", role));
            }
            let role = role.to_string();
            if session
                .state()
                .role_restriction
                .is_some_and(|allowed| allowed != role)
            {
                return Err(EmulatorError::new(
                    crate::error::ErrorKind::RoleNotAssigned,
                    format!(
                        "SQL access control error:\nRequested role '{role}' is not assigned to the executing user. Specify another role to activate."
                    ),
                ));
            }
            session.update(|state| state.role = role);
        }
        other => return Err(EmulatorError::unsupported(other.to_string())),
    }
    QueryResult::status(StatementType::Session, "Statement executed successfully.")
}

fn single(name: &sqlparser::ast::ObjectName) -> Result<[crate::catalog::Name; 1]> {
    let parts = object_name_parts(name)?;
    <[crate::catalog::Name; 1]>::try_from(parts)
        .map_err(|_| EmulatorError::invalid_identifier(name))
}

/// `ALTER SESSION SET name = value, ...` and `ALTER SESSION UNSET name, ...`.
pub(super) fn alter_session(
    session: &Session,
    set: bool,
    options: KeyValueOptions,
) -> Result<QueryResult> {
    let mut changes = Vec::new();
    for option in options.options {
        let name = option.option_name.to_uppercase();
        let value = match option.option_value {
            KeyValueOptionKind::Single(value) => match value.value {
                Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => s,
                other => other.to_string(),
            },
            _ => {
                return Err(EmulatorError::unsupported(format!(
                    "a list as the value of {name}"
                )));
            }
        };
        changes.push((name, value));
    }
    session.update(|state| {
        for (name, value) in changes {
            if set {
                state.parameters.insert(name, value);
            } else {
                state.parameters.remove(&name);
            }
        }
    });
    QueryResult::status(StatementType::Session, "Statement executed successfully.")
}
