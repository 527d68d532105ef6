//! The rows of INFORMATION_SCHEMA.DATABASES, SCHEMATA, TABLES and VIEWS.

use super::{InformationView, SCHEMA_COMMENT, SCHEMA_NAME};
use crate::{
    catalog::{Catalog, Database, Name, TableKind},
    engine::rowset::{Cell, RowSet},
    error::Result,
};

/// DATABASES: every database of the account (whichever database's schema is queried).
pub(super) fn databases(catalog: &Catalog) -> Result<RowSet> {
    let mut rows = RowSet::new(InformationView::Databases.columns());
    for database in catalog.databases.values() {
        rows.push(vec![
            Cell::text(database.name.as_str()),
            Cell::text(database.info.owner.as_str()),
            Cell::yes_no(database.transient),
            Cell::opt_text(database.info.comment.clone()),
            Cell::Time(database.info.created_on),
            Cell::Time(database.info.created_on),
            Cell::number(database.retention_time),
            Cell::text("STANDARD"),
            Cell::text("ROLE"),
        ])?;
    }
    Ok(rows)
}

/// SCHEMATA: the schemas of the database, INFORMATION_SCHEMA included.
pub(super) fn schemata(catalog: &Catalog, database: &Name) -> Result<RowSet> {
    let mut rows = RowSet::new(InformationView::Schemata.columns());
    let Some(db) = catalog.databases.get(database) else {
        return Ok(rows);
    };
    let mut entries: Vec<Vec<Cell>> = db
        .schemas
        .values()
        .map(|schema| {
            let mut row = vec![
                Cell::text(database.as_str()),
                Cell::text(schema.name.as_str()),
                Cell::text(schema.info.owner.as_str()),
                Cell::yes_no(schema.transient || db.transient),
                Cell::yes_no(schema.managed_access),
                Cell::number(schema.retention_time),
            ];
            row.extend([Cell::Null, Cell::Null, Cell::Null, Cell::Null]);
            row.extend([
                Cell::Time(schema.info.created_on),
                Cell::Time(schema.info.created_on),
                Cell::opt_text(schema.info.comment.clone()),
                Cell::Null,
            ]);
            row
        })
        .collect();
    entries.push(information_schema_row(db));
    entries.sort_by(|a, b| cell_text(&a[1]).cmp(cell_text(&b[1])));
    for row in entries {
        rows.push(row)?;
    }
    Ok(rows)
}

fn information_schema_row(db: &Database) -> Vec<Cell> {
    vec![
        Cell::text(db.name.as_str()),
        Cell::text(SCHEMA_NAME),
        Cell::Null,
        Cell::yes_no(false),
        Cell::yes_no(false),
        Cell::number(db.retention_time),
        Cell::Null,
        Cell::Null,
        Cell::Null,
        Cell::Null,
        Cell::Time(db.info.created_on),
        Cell::Time(db.info.created_on),
        Cell::text(SCHEMA_COMMENT),
        Cell::Null,
    ]
}

fn cell_text(cell: &Cell) -> &str {
    match cell {
        Cell::Text(text) => text,
        _ => "",
    }
}

/// The TABLE_TYPE of a table.
pub(crate) fn table_type(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Temporary => "LOCAL TEMPORARY",
        TableKind::Permanent | TableKind::Transient => "BASE TABLE",
    }
}

/// TABLES: the tables and views of the database (INFORMATION_SCHEMA's own views included).
pub(super) fn tables(catalog: &Catalog, database: &Name) -> Result<RowSet> {
    let mut rows = RowSet::new(InformationView::Tables.columns());
    let Some(db) = catalog.databases.get(database) else {
        return Ok(rows);
    };
    for view in InformationView::ALL {
        rows.push(view_row(
            db.name.as_str(),
            SCHEMA_NAME,
            view.name(),
            None,
            db.info.created_on,
            None,
        ))?;
    }
    for schema in db.schemas.values() {
        let mut entries: Vec<(&Name, Vec<Cell>)> = Vec::new();
        for table in schema.tables.values() {
            let transient = table.kind == TableKind::Transient || schema.transient || db.transient;
            let clustering = (!table.cluster_by.is_empty())
                .then(|| format!("LINEAR({})", table.cluster_by.join(", ")));
            let mut row = vec![
                Cell::text(database.as_str()),
                Cell::text(schema.name.as_str()),
                Cell::text(table.name.as_str()),
                Cell::text(table.info.owner.as_str()),
                Cell::text(table_type(table.kind)),
                Cell::yes_no(transient),
                Cell::opt_text(clustering.clone()),
                Cell::number(table.row_count()),
                Cell::number(table.bytes()),
                Cell::number(table.retention_time),
            ];
            row.extend([Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null]);
            row.extend([
                Cell::yes_no(true),
                Cell::yes_no(false),
                Cell::Null,
                Cell::Time(table.info.created_on),
                Cell::Time(table.info.created_on),
                Cell::Time(table.info.created_on),
                Cell::Null,
                Cell::yes_no(clustering.is_some()),
                Cell::opt_text(table.info.comment.clone()),
                Cell::yes_no(table.kind == TableKind::Temporary),
                Cell::yes_no(false),
                Cell::yes_no(false),
                Cell::yes_no(false),
                Cell::yes_no(false),
            ]);
            entries.push((&table.name, row));
        }
        for view in schema.views.values() {
            let row = view_row(
                database.as_str(),
                schema.name.as_str(),
                view.name.as_str(),
                Some(view.info.owner.as_str()),
                view.info.created_on,
                view.info.comment.clone(),
            );
            entries.push((&view.name, row));
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (_, row) in entries {
            rows.push(row)?;
        }
    }
    Ok(rows)
}

fn view_row(
    database: &str,
    schema: &str,
    name: &str,
    owner: Option<&str>,
    created: chrono::DateTime<chrono::Utc>,
    comment: Option<String>,
) -> Vec<Cell> {
    let mut row = vec![
        Cell::text(database),
        Cell::text(schema),
        Cell::text(name),
        Cell::opt_text(owner),
        Cell::text("VIEW"),
        Cell::yes_no(false),
        Cell::Null,
        Cell::Null,
        Cell::Null,
        Cell::Null,
    ];
    row.extend([Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null]);
    row.extend([
        Cell::yes_no(false),
        Cell::yes_no(false),
        Cell::Null,
        Cell::Time(created),
        Cell::Time(created),
        Cell::Time(created),
        Cell::Null,
        Cell::yes_no(false),
        Cell::opt_text(comment),
        Cell::yes_no(false),
        Cell::yes_no(false),
        Cell::yes_no(false),
        Cell::yes_no(false),
        Cell::yes_no(false),
    ]);
    row
}

/// VIEWS: the views of the database (INFORMATION_SCHEMA's own views included).
pub(super) fn views(catalog: &Catalog, database: &Name) -> Result<RowSet> {
    let mut rows = RowSet::new(InformationView::Views.columns());
    let Some(db) = catalog.databases.get(database) else {
        return Ok(rows);
    };
    for view in InformationView::ALL {
        rows.push(vec![
            Cell::text(database.as_str()),
            Cell::text(SCHEMA_NAME),
            Cell::text(view.name()),
            Cell::Null,
            Cell::Null,
            Cell::text("NONE"),
            Cell::yes_no(false),
            Cell::yes_no(false),
            Cell::yes_no(false),
            Cell::Time(db.info.created_on),
            Cell::Time(db.info.created_on),
            Cell::Time(db.info.created_on),
            Cell::Null,
            Cell::Null,
        ])?;
    }
    for schema in db.schemas.values() {
        for view in schema.views.values() {
            rows.push(vec![
                Cell::text(database.as_str()),
                Cell::text(schema.name.as_str()),
                Cell::text(view.name.as_str()),
                Cell::text(view.info.owner.as_str()),
                Cell::text(view.text.as_str()),
                Cell::text("NONE"),
                Cell::yes_no(false),
                Cell::yes_no(false),
                Cell::yes_no(view.secure),
                Cell::Time(view.info.created_on),
                Cell::Time(view.info.created_on),
                Cell::Time(view.info.created_on),
                Cell::Null,
                Cell::opt_text(view.info.comment.clone()),
            ])?;
        }
    }
    Ok(rows)
}
