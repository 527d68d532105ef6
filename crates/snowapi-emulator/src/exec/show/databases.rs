//! SHOW [TERSE] DATABASES [HISTORY] [LIKE …] [STARTS WITH …] [LIMIT … [FROM …]].

use chrono::{DateTime, Utc};

use super::{TERSE_COLUMNS, filter, options::ShowOptions, with_dropped_on};
use crate::{
    catalog::{Catalog, Database},
    engine::{
        QueryResult,
        rowset::{Cell, RowSet, TIMESTAMP},
    },
    error::Result,
    sql::normalize::NameContext,
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;

const COLUMNS: &[(&str, SfType)] = &[
    ("created_on", TIMESTAMP),
    ("name", TEXT),
    ("is_default", TEXT),
    ("is_current", TEXT),
    ("origin", TEXT),
    ("owner", TEXT),
    ("comment", TEXT),
    ("options", TEXT),
    ("retention_time", TEXT),
    ("kind", TEXT),
    ("budget", TEXT),
    ("owner_role_type", TEXT),
];

/// Runs SHOW DATABASES.
pub(super) fn show(
    catalog: &Catalog,
    context: &NameContext,
    options: &ShowOptions,
) -> Result<QueryResult> {
    let mut entries: Vec<(&Database, Option<DateTime<Utc>>)> = catalog
        .databases
        .values()
        .map(|db| (db.as_ref(), None))
        .collect();
    if options.history {
        entries.extend(
            catalog
                .dropped_databases
                .iter()
                .map(|d| (d.object.as_ref(), Some(d.dropped_on))),
        );
    }
    entries.sort_by(|a, b| (a.0.name.as_str(), a.1).cmp(&(b.0.name.as_str(), b.1)));
    let entries = filter::apply(entries, options, |(db, _)| db.name.as_str());
    if options.terse {
        let mut rows = RowSet::new(TERSE_COLUMNS);
        for (db, _) in entries {
            rows.push(vec![
                Cell::Time(db.info.created_on),
                Cell::text(db.name.as_str()),
                Cell::text("STANDARD"),
                Cell::Null,
                Cell::Null,
            ])?;
        }
        return rows.into_result();
    }
    let mut rows = RowSet::new(&with_dropped_on(COLUMNS, options.history));
    for (db, dropped_on) in entries {
        let current = dropped_on.is_none() && context.database.as_ref() == Some(&db.name);
        let mut row = vec![
            Cell::Time(db.info.created_on),
            Cell::text(db.name.as_str()),
            Cell::y_n(false),
            Cell::y_n(current),
            Cell::text(""),
            Cell::text(db.info.owner.as_str()),
            Cell::text(db.info.comment.clone().unwrap_or_default()),
            Cell::text(if db.transient { "TRANSIENT" } else { "" }),
            Cell::text(db.retention_time.to_string()),
        ];
        if options.history {
            row.push(dropped_on.map_or(Cell::Null, Cell::Time));
        }
        row.extend([Cell::text("STANDARD"), Cell::Null, Cell::text("ROLE")]);
        rows.push(row)?;
    }
    rows.into_result()
}
