//! SHOW [TERSE] SCHEMAS [HISTORY] [LIKE …] [IN ACCOUNT | DATABASE [db] | db] [STARTS WITH …]
//! [LIMIT … [FROM …]]. Every database lists its INFORMATION_SCHEMA too.

use chrono::{DateTime, Utc};

use super::{
    TERSE_COLUMNS, filter,
    options::{self, InClause, ShowOptions},
    with_dropped_on,
};
use crate::{
    catalog::{Catalog, Database, Name, ObjectInfo},
    engine::{
        QueryResult,
        information_schema::{SCHEMA_COMMENT, SCHEMA_NAME},
        rowset::{Cell, RowSet, TIMESTAMP},
    },
    error::{EmulatorError, ErrorKind, Result},
    sql::normalize::NameContext,
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;

const COLUMNS: &[(&str, SfType)] = &[
    ("created_on", TIMESTAMP),
    ("name", TEXT),
    ("is_default", TEXT),
    ("is_current", TEXT),
    ("database_name", TEXT),
    ("owner", TEXT),
    ("comment", TEXT),
    ("options", TEXT),
    ("retention_time", TEXT),
    ("owner_role_type", TEXT),
    ("budget", TEXT),
];

/// One schema row: live, dropped, or the virtual INFORMATION_SCHEMA.
struct Entry<'a> {
    database: &'a Database,
    name: &'a Name,
    info: Option<&'a ObjectInfo>,
    options: String,
    retention_time: u32,
    dropped_on: Option<DateTime<Utc>>,
}

/// Runs SHOW SCHEMAS.
pub(super) fn show(
    catalog: &Catalog,
    context: &NameContext,
    options: &ShowOptions,
) -> Result<QueryResult> {
    // `IN name` names a database here; a schema is no scope for schemas.
    let clause = match &options.scope {
        Some(InClause::Named(parts)) => Some(InClause::Database(Some(parts.clone()))),
        Some(InClause::Schema(_)) => {
            return Err(EmulatorError::compilation(
                ErrorKind::SyntaxError,
                "syntax error: SHOW SCHEMAS lists the schemas of a database or of the account.",
            ));
        }
        other => other.clone(),
    };
    let scope = options::resolve(clause.as_ref(), context, catalog)?;
    let information_schema = Name::canonical(SCHEMA_NAME);
    let mut entries = Vec::new();
    for db in catalog
        .databases
        .values()
        .filter(|db| scope.covers_database(&db.name))
    {
        entries.push(Entry {
            database: db,
            name: &information_schema,
            info: None,
            options: String::new(),
            retention_time: db.retention_time,
            dropped_on: None,
        });
        let live = db.schemas.values().map(|s| (s, None));
        let dropped = db
            .dropped_schemas
            .iter()
            .filter(|_| options.history)
            .map(|d| (&d.object, Some(d.dropped_on)));
        for (schema, dropped_on) in live.chain(dropped) {
            let mut flags = Vec::new();
            if schema.transient || db.transient {
                flags.push("TRANSIENT");
            }
            if schema.managed_access {
                flags.push("MANAGED ACCESS");
            }
            entries.push(Entry {
                database: db,
                name: &schema.name,
                info: Some(&schema.info),
                options: flags.join(", "),
                retention_time: schema.retention_time,
                dropped_on,
            });
        }
    }
    entries.sort_by(|a, b| {
        (a.name, &a.database.name, a.dropped_on).cmp(&(b.name, &b.database.name, b.dropped_on))
    });
    let entries = filter::apply(entries, options, |e| e.name.as_str());
    let created =
        |e: &Entry<'_>| Cell::Time(e.info.map_or(e.database.info.created_on, |i| i.created_on));
    if options.terse {
        let mut rows = RowSet::new(TERSE_COLUMNS);
        for entry in &entries {
            rows.push(vec![
                created(entry),
                Cell::text(entry.name.as_str()),
                Cell::Null,
                Cell::text(entry.database.name.as_str()),
                Cell::Null,
            ])?;
        }
        return rows.into_result();
    }
    let mut rows = RowSet::new(&with_dropped_on(COLUMNS, options.history));
    for entry in &entries {
        let current = entry.dropped_on.is_none()
            && context.database.as_ref() == Some(&entry.database.name)
            && context.schema.as_ref() == Some(entry.name);
        let (owner, comment, role_type) = match entry.info {
            Some(info) => (
                info.owner.clone(),
                info.comment.clone().unwrap_or_default(),
                "ROLE",
            ),
            None => (String::new(), SCHEMA_COMMENT.to_owned(), ""),
        };
        let mut row = vec![
            created(entry),
            Cell::text(entry.name.as_str()),
            Cell::y_n(false),
            Cell::y_n(current),
            Cell::text(entry.database.name.as_str()),
            Cell::text(owner),
            Cell::text(comment),
            Cell::text(entry.options.as_str()),
            Cell::text(entry.retention_time.to_string()),
        ];
        if options.history {
            row.push(entry.dropped_on.map_or(Cell::Null, Cell::Time));
        }
        row.extend([Cell::text(role_type), Cell::Null]);
        rows.push(row)?;
    }
    rows.into_result()
}
