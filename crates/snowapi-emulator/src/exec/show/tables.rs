//! SHOW [TERSE] TABLES [HISTORY] [LIKE …] [IN …] [STARTS WITH …] [LIMIT … [FROM …]].

use chrono::{DateTime, Utc};

use super::{
    TERSE_COLUMNS, filter, options::Scope, options::ShowOptions, schemas_in, with_dropped_on,
};
use crate::{
    catalog::{Catalog, Database, Schema, Table, TableKind},
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
    ("automatic_clustering", TEXT),
    ("change_tracking", TEXT),
    ("search_optimization", TEXT),
    ("search_optimization_progress", NUMBER),
    ("search_optimization_bytes", NUMBER),
    ("is_external", TEXT),
    ("enable_schema_evolution", TEXT),
    ("owner_role_type", TEXT),
    ("is_event", TEXT),
    ("budget", TEXT),
    ("is_hybrid", TEXT),
    ("is_iceberg", TEXT),
    ("is_dynamic", TEXT),
    ("is_immutable", TEXT),
];

/// A table of a schema, live or dropped.
pub(super) struct Entry<'a> {
    /// The table's database.
    pub(super) database: &'a Database,
    /// The table's schema.
    pub(super) schema: &'a Schema,
    /// The table.
    pub(super) table: &'a Table,
    /// When it was dropped; `None` for a live table.
    pub(super) dropped_on: Option<DateTime<Utc>>,
}

impl Entry<'_> {
    /// SHOW's `kind`: TABLE, TRANSIENT or TEMPORARY.
    pub(super) fn kind(&self) -> &'static str {
        match self.table.kind {
            TableKind::Temporary => "TEMPORARY",
            TableKind::Transient => "TRANSIENT",
            TableKind::Permanent if self.schema.transient || self.database.transient => "TRANSIENT",
            TableKind::Permanent => "TABLE",
        }
    }

    /// SHOW's `cluster_by`: `LINEAR(a, b)`, or empty.
    pub(super) fn cluster_by(&self) -> String {
        if self.table.cluster_by.is_empty() {
            String::new()
        } else {
            format!("LINEAR({})", self.table.cluster_by.join(", "))
        }
    }
}

/// The tables a scope covers (dropped ones too with `history`), in SHOW's order.
pub(super) fn entries<'a>(catalog: &'a Catalog, scope: &'a Scope, history: bool) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    for (database, schema) in schemas_in(catalog, scope) {
        let live = schema.tables.values().map(|t| (t, None));
        let dropped = schema
            .dropped_tables
            .iter()
            .filter(|_| history)
            .map(|d| (&d.object, Some(d.dropped_on)));
        for (table, dropped_on) in live.chain(dropped) {
            entries.push(Entry {
                database,
                schema,
                table,
                dropped_on,
            });
        }
    }
    entries.sort_by(|a, b| {
        (
            &a.table.name,
            &a.database.name,
            &a.schema.name,
            a.dropped_on,
        )
            .cmp(&(
                &b.table.name,
                &b.database.name,
                &b.schema.name,
                b.dropped_on,
            ))
    });
    entries
}

/// Runs SHOW TABLES.
pub(super) fn show(catalog: &Catalog, scope: &Scope, options: &ShowOptions) -> Result<QueryResult> {
    let entries = entries(catalog, scope, options.history);
    let entries = filter::apply(entries, options, |e| e.table.name.as_str());
    if options.terse {
        let mut rows = RowSet::new(TERSE_COLUMNS);
        for entry in &entries {
            rows.push(vec![
                Cell::Time(entry.table.info.created_on),
                Cell::text(entry.table.name.as_str()),
                Cell::text(entry.kind()),
                Cell::text(entry.database.name.as_str()),
                Cell::text(entry.schema.name.as_str()),
            ])?;
        }
        return rows.into_result();
    }
    let mut rows = RowSet::new(&with_dropped_on(COLUMNS, options.history));
    for entry in &entries {
        let table = entry.table;
        let reclustering = !table.cluster_by.is_empty() && !table.settings.recluster_suspended;
        let on_off = |on: bool| Cell::text(if on { "ON" } else { "OFF" });
        let mut row = vec![
            Cell::Time(table.info.created_on),
            Cell::text(table.name.as_str()),
            Cell::text(entry.database.name.as_str()),
            Cell::text(entry.schema.name.as_str()),
            Cell::text(entry.kind()),
            Cell::text(table.info.comment.clone().unwrap_or_default()),
            Cell::text(entry.cluster_by()),
            Cell::number(table.row_count()),
            Cell::number(table.bytes()),
            Cell::text(table.info.owner.as_str()),
            Cell::text(table.retention_time.to_string()),
        ];
        if options.history {
            row.push(entry.dropped_on.map_or(Cell::Null, Cell::Time));
        }
        row.extend([
            on_off(reclustering),
            on_off(table.settings.change_tracking),
            Cell::text("OFF"),
            Cell::Null,
            Cell::Null,
            Cell::y_n(false),
            Cell::y_n(table.settings.enable_schema_evolution),
            Cell::text("ROLE"),
            Cell::y_n(false),
            Cell::Null,
            Cell::y_n(false),
            Cell::y_n(false),
            Cell::y_n(false),
            Cell::y_n(false),
        ]);
        rows.push(row)?;
    }
    rows.into_result()
}
