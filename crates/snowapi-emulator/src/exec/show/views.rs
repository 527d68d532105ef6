//! SHOW [TERSE] VIEWS [LIKE …] [IN …] [STARTS WITH …] [LIMIT … [FROM …]]. The views of
//! INFORMATION_SCHEMA are listed too when the scope covers that schema, as in Snowflake.

use chrono::{DateTime, Utc};

use super::{
    TERSE_COLUMNS, filter, information_schemas_in, options::Scope, options::ShowOptions, schemas_in,
};
use crate::{
    catalog::{Catalog, View},
    engine::{
        QueryResult,
        information_schema::{InformationView, SCHEMA_NAME},
        rowset::{Cell, RowSet, TIMESTAMP},
    },
    error::Result,
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;

const COLUMNS: &[(&str, SfType)] = &[
    ("created_on", TIMESTAMP),
    ("name", TEXT),
    ("reserved", TEXT),
    ("database_name", TEXT),
    ("schema_name", TEXT),
    ("owner", TEXT),
    ("comment", TEXT),
    ("text", TEXT),
    ("is_secure", TEXT),
    ("is_materialized", TEXT),
    ("owner_role_type", TEXT),
    ("change_tracking", TEXT),
];

/// A view: one of a schema, or one of INFORMATION_SCHEMA (`view` is `None`).
pub(super) struct Entry<'a> {
    /// Database name.
    pub(super) database: &'a str,
    /// Schema name.
    pub(super) schema: &'a str,
    /// View name.
    pub(super) name: &'a str,
    /// When it was created (for INFORMATION_SCHEMA: when its database was).
    pub(super) created_on: DateTime<Utc>,
    /// The view; `None` for a view of INFORMATION_SCHEMA.
    pub(super) view: Option<&'a View>,
}

/// The views a scope covers, in SHOW's order.
pub(super) fn entries<'a>(catalog: &'a Catalog, scope: &'a Scope) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    for (database, schema) in schemas_in(catalog, scope) {
        for view in schema.views.values() {
            entries.push(Entry {
                database: database.name.as_str(),
                schema: schema.name.as_str(),
                name: view.name.as_str(),
                created_on: view.info.created_on,
                view: Some(view),
            });
        }
    }
    for database in information_schemas_in(catalog, scope) {
        for view in InformationView::ALL {
            entries.push(Entry {
                database: database.name.as_str(),
                schema: SCHEMA_NAME,
                name: view.name(),
                created_on: database.info.created_on,
                view: None,
            });
        }
    }
    entries.sort_by(|a, b| (a.name, a.database, a.schema).cmp(&(b.name, b.database, b.schema)));
    entries
}

/// Runs SHOW VIEWS.
pub(super) fn show(catalog: &Catalog, scope: &Scope, options: &ShowOptions) -> Result<QueryResult> {
    let entries = filter::apply(entries(catalog, scope), options, |e| e.name);
    if options.terse {
        let mut rows = RowSet::new(TERSE_COLUMNS);
        for entry in &entries {
            rows.push(vec![
                Cell::Time(entry.created_on),
                Cell::text(entry.name),
                Cell::text("VIEW"),
                Cell::text(entry.database),
                Cell::text(entry.schema),
            ])?;
        }
        return rows.into_result();
    }
    let mut rows = RowSet::new(COLUMNS);
    for entry in &entries {
        let (owner, comment, text, secure, role_type) = match entry.view {
            Some(view) => (
                view.info.owner.clone(),
                view.info.comment.clone().unwrap_or_default(),
                view.text.clone(),
                view.secure,
                "ROLE",
            ),
            None => (String::new(), String::new(), String::new(), false, ""),
        };
        rows.push(vec![
            Cell::Time(entry.created_on),
            Cell::text(entry.name),
            Cell::text(""),
            Cell::text(entry.database),
            Cell::text(entry.schema),
            Cell::text(owner),
            Cell::text(comment),
            Cell::text(text),
            Cell::text(secure.to_string()),
            Cell::text("false"),
            Cell::text(role_type),
            Cell::text("OFF"),
        ])?;
    }
    rows.into_result()
}
