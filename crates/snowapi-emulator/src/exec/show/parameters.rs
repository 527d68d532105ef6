//! `SHOW PARAMETERS [LIKE '…'] IN TABLE t`: the object parameters a table has, each with the
//! level it comes from (the table, its schema, its database, or Snowflake's default).

use super::{filter, options::object_path, syntax::Tokens};
use crate::{
    catalog::{Catalog, ObjectPath, Table},
    engine::{
        QueryResult, Session,
        rowset::{Cell, RowSet},
    },
    error::Result,
    exec::database::DEFAULT_RETENTION,
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;

const COLUMNS: &[(&str, SfType)] = &[
    ("key", TEXT),
    ("value", TEXT),
    ("default", TEXT),
    ("level", TEXT),
    ("description", TEXT),
    ("type", TEXT),
];

/// Days a stream may extend Time Travel when neither table, schema nor database says.
const DEFAULT_EXTENSION_DAYS: &str = "14";

/// What the statement asks for: the LIKE pattern and the table's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ShowParameters {
    like: Option<String>,
    table: Vec<crate::catalog::Name>,
}

/// Reads `SHOW PARAMETERS [LIKE '…'] IN TABLE <name>`; `None` for other statements (SHOW
/// PARAMETERS of a session, account or other object is not handled here).
pub(super) fn parse(tokens: &mut Tokens) -> Option<Result<ShowParameters>> {
    let mut probe = tokens.clone();
    if !probe.accept(&["SHOW", "PARAMETERS"]) {
        return None;
    }
    let like = if probe.accept(&["LIKE"]) {
        match probe.string() {
            Ok(pattern) => Some(pattern),
            Err(error) => return Some(Err(error)),
        }
    } else {
        None
    };
    if !probe.accept(&["IN", "TABLE"]) {
        return None;
    }
    *tokens = probe;
    Some((|| {
        let table = tokens.name()?;
        tokens.finish()?;
        Ok(ShowParameters { like, table })
    })())
}

/// Runs the statement against the session's snapshot.
pub(super) fn run(session: &Session, show: &ShowParameters) -> Result<QueryResult> {
    let catalog = session.snapshot();
    let path = object_path(&show.table, &session.name_context())?;
    let table = catalog.table(&path)?;
    let mut rows = RowSet::new(COLUMNS);
    for row in parameters(&catalog, &path, table)? {
        if show
            .like
            .as_deref()
            .is_some_and(|pattern| !filter::like(pattern, row[0].as_str()))
        {
            continue;
        }
        rows.push(row.into_iter().map(Cell::text).collect())?;
    }
    rows.into_result()
}

/// `[key, value, default, level, description, type]` for each parameter of the table.
fn parameters(catalog: &Catalog, path: &ObjectPath, table: &Table) -> Result<Vec<[String; 6]>> {
    let database = catalog.database(&path.database)?;
    let schema = catalog.schema(&path.database, &path.schema)?;
    // Inherited text parameters: the nearest of table, schema and database that sets one.
    let inherited = |own: Option<String>, key: &str| -> (String, &'static str) {
        own.map(|v| (v, "TABLE"))
            .or_else(|| schema.parameters.get(key).map(|v| (v.clone(), "SCHEMA")))
            .or_else(|| {
                database
                    .parameters
                    .get(key)
                    .map(|v| (v.clone(), "DATABASE"))
            })
            .unwrap_or_default()
    };
    let settings = &table.settings;
    let (collation, collation_level) = inherited(
        settings.default_ddl_collation.clone(),
        "DEFAULT_DDL_COLLATION",
    );
    let (extension, extension_level) = inherited(
        settings
            .max_data_extension_time_in_days
            .map(|d| d.to_string()),
        "MAX_DATA_EXTENSION_TIME_IN_DAYS",
    );
    let extension = if extension.is_empty() {
        DEFAULT_EXTENSION_DAYS.to_owned()
    } else {
        extension
    };
    // Retention is copied down when objects are created, so the level is the highest one
    // that holds a value other than its parent's.
    let retention_level = if table.retention_time != schema.retention_time {
        "TABLE"
    } else if schema.retention_time != database.retention_time {
        "SCHEMA"
    } else if database.retention_time != DEFAULT_RETENTION {
        "DATABASE"
    } else {
        ""
    };
    let row = |key: &str, value: String, default: &str, level: &str, what: &str, kind: &str| {
        [
            key.to_owned(),
            value,
            default.to_owned(),
            level.to_owned(),
            what.to_owned(),
            kind.to_owned(),
        ]
    };
    Ok(vec![
        row(
            "DATA_RETENTION_TIME_IN_DAYS",
            table.retention_time.to_string(),
            &DEFAULT_RETENTION.to_string(),
            retention_level,
            "Number of days Time Travel keeps past versions of the table's data.",
            "NUMBER",
        ),
        row(
            "DEFAULT_DDL_COLLATION",
            collation,
            "",
            collation_level,
            "Collation given to text columns that name none.",
            "STRING",
        ),
        row(
            "MAX_DATA_EXTENSION_TIME_IN_DAYS",
            extension,
            DEFAULT_EXTENSION_DAYS,
            extension_level,
            "Days Time Travel may be extended so that streams on the table stay readable.",
            "NUMBER",
        ),
    ])
}
