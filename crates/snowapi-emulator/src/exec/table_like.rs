//! CREATE [OR REPLACE] TABLE t LIKE other: another table's columns (types, NOT NULL, defaults,
//! AUTOINCREMENT), key constraints and clustering, without its rows.

use std::sync::Arc;

use chrono::Utc;
use sqlparser::ast::{CreateTable, CreateTableLikeDefaults, CreateTableLikeKind};

use super::table::{table_comment, table_path};
use crate::{
    catalog::{Dropped, ObjectInfo, Table, TableData, TableKind, TableSettings},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// Runs `CREATE TABLE ... LIKE source`.
pub(super) async fn create(session: &Session, create: CreateTable) -> Result<QueryResult> {
    let Some(CreateTableLikeKind::Plain(like) | CreateTableLikeKind::Parenthesized(like)) =
        &create.like
    else {
        return Err(EmulatorError::internal("not a CREATE TABLE LIKE"));
    };
    if !create.columns.is_empty() || create.query.is_some() || create.clone.is_some() {
        return Err(EmulatorError::unsupported(
            "CREATE TABLE LIKE with columns, AS SELECT or CLONE",
        ));
    }
    let keep_defaults = !matches!(like.defaults, Some(CreateTableLikeDefaults::Excluding));
    let path = table_path(session, &create.name)?;
    let source = table_path(session, &like.name)?;
    let owner = session.state().role;
    let kind = if create.temporary {
        TableKind::Temporary
    } else if create.transient {
        TableKind::Transient
    } else {
        TableKind::Permanent
    };
    let comment = table_comment(&create);
    let (or_replace, if_not_exists) = (create.or_replace, create.if_not_exists);
    let created = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let model = catalog.table(&source)?.clone();
                let mut columns = model.columns.clone();
                if !keep_defaults {
                    columns.iter_mut().for_each(|c| c.default = None);
                }
                let table = Table {
                    name: path.name.clone(),
                    info: ObjectInfo::new(&owner, comment),
                    kind,
                    columns,
                    constraints: model.constraints.clone(),
                    cluster_by: model.cluster_by.clone(),
                    retention_time: model.retention_time,
                    // LIKE copies the definition, not the source's settings.
                    settings: TableSettings::default(),
                    data: TableData::default(),
                    data_id: None,
                };
                let schema = catalog.schema_mut(&path.database, &path.schema)?;
                if schema.tables.contains_key(&path.name) || schema.views.contains_key(&path.name) {
                    if if_not_exists {
                        return Ok(false);
                    }
                    if !or_replace || schema.views.contains_key(&path.name) {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                if let Some(old) = schema.tables.insert(path.name.clone(), Arc::new(table)) {
                    schema.dropped_tables.push(Dropped {
                        dropped_on: Utc::now(),
                        object: old,
                    });
                }
                Ok(true)
            })
            .await?
    };
    let message = if created {
        format!("Table {} successfully created.", path.name)
    } else {
        format!("{} already exists, statement succeeded.", path.name)
    };
    QueryResult::status(StatementType::Ddl, message)
}
