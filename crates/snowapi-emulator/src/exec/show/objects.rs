//! SHOW [TERSE] OBJECTS [LIKE …] [IN …] [STARTS WITH …] [LIMIT … [FROM …]]: the tables and
//! views SHOW TABLES and SHOW VIEWS list, together.

use chrono::{DateTime, Utc};

use super::{TERSE_COLUMNS, filter, options::Scope, options::ShowOptions, tables, views};
use crate::{
    catalog::Catalog,
    engine::{
        QueryResult,
        rowset::{Cell, RowSet, TIMESTAMP},
    },
    error::Result,
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;
const NUMBER: SfType = SfType::INTEGER;

const COLUMNS: &[(&str, SfType)] = &[
    ("created_on", TIMESTAMP),
    ("name", TEXT),
    ("database_name", TEXT),
    ("schema_name", TEXT),
    ("kind", TEXT),
    ("comment", TEXT),
    ("cluster_by", TEXT),
    ("rows", NUMBER),
    ("bytes", NUMBER),
    ("owner", TEXT),
    ("retention_time", TEXT),
    ("owner_role_type", TEXT),
    ("budget", TEXT),
    ("is_hybrid", TEXT),
    ("is_dynamic", TEXT),
];

struct Entry<'a> {
    created_on: DateTime<Utc>,
    name: &'a str,
    database: &'a str,
    schema: &'a str,
    /// Everything after `schema_name`, as SHOW OBJECTS writes it.
    rest: Vec<Cell>,
}

/// Runs SHOW OBJECTS.
pub(super) fn show(catalog: &Catalog, scope: &Scope, options: &ShowOptions) -> Result<QueryResult> {
    let mut entries = Vec::new();
    for table in tables::entries(catalog, scope, false) {
        entries.push(Entry {
            created_on: table.table.info.created_on,
            name: table.table.name.as_str(),
            database: table.database.name.as_str(),
            schema: table.schema.name.as_str(),
            rest: vec![
                Cell::text(table.kind()),
                Cell::text(table.table.info.comment.clone().unwrap_or_default()),
                Cell::text(table.cluster_by()),
                Cell::number(table.table.row_count()),
                Cell::number(table.table.bytes()),
                Cell::text(table.table.info.owner.as_str()),
                Cell::text(table.table.retention_time.to_string()),
                Cell::text("ROLE"),
                Cell::Null,
                Cell::y_n(false),
                Cell::y_n(false),
            ],
        });
    }
    for view in views::entries(catalog, scope) {
        let (comment, owner, role_type) = match view.view {
            Some(v) => (
                v.info.comment.clone().unwrap_or_default(),
                v.info.owner.clone(),
                "ROLE",
            ),
            None => (String::new(), String::new(), ""),
        };
        entries.push(Entry {
            created_on: view.created_on,
            name: view.name,
            database: view.database,
            schema: view.schema,
            rest: vec![
                Cell::text("VIEW"),
                Cell::text(comment),
                Cell::text(""),
                Cell::number(0),
                Cell::number(0),
                Cell::text(owner),
                Cell::Null,
                Cell::text(role_type),
                Cell::Null,
                Cell::y_n(false),
                Cell::y_n(false),
            ],
        });
    }
    entries.sort_by(|a, b| (a.name, a.database, a.schema).cmp(&(b.name, b.database, b.schema)));
    let entries = filter::apply(entries, options, |e| e.name);
    if options.terse {
        let mut rows = RowSet::new(TERSE_COLUMNS);
        for entry in entries {
            let kind = entry.rest[0].clone();
            rows.push(vec![
                Cell::Time(entry.created_on),
                Cell::text(entry.name),
                kind,
                Cell::text(entry.database),
                Cell::text(entry.schema),
            ])?;
        }
        return rows.into_result();
    }
    let mut rows = RowSet::new(COLUMNS);
    for entry in entries {
        let mut row = vec![
            Cell::Time(entry.created_on),
            Cell::text(entry.name),
            Cell::text(entry.database),
            Cell::text(entry.schema),
        ];
        row.extend(entry.rest);
        rows.push(row)?;
    }
    rows.into_result()
}
