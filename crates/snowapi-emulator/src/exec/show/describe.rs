//! DESC[RIBE] TABLE t [TYPE = COLUMNS], DESCRIBE VIEW v, DESCRIBE DATABASE d and DESCRIBE
//! SCHEMA [d.]s.

use super::{
    columns::{ObjectKind, object_columns},
    options::{dotted, object_path},
    syntax::Tokens,
};
use crate::{
    catalog::Name,
    engine::{
        QueryResult, Session,
        information_schema::{InformationView, SCHEMA_NAME},
        rowset::{Cell, RowSet, TIMESTAMP},
    },
    error::{EmulatorError, ErrorKind, Result},
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;

/// What DESCRIBE names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// DESCRIBE TABLE.
    Table(Vec<Name>),
    /// DESCRIBE VIEW.
    View(Vec<Name>),
    /// DESCRIBE DATABASE.
    Database(Vec<Name>),
    /// DESCRIBE SCHEMA.
    Schema(Vec<Name>),
}

/// Reads `DESC[RIBE] {TABLE | VIEW | DATABASE | SCHEMA} <name> [TYPE = COLUMNS | STAGE]`;
/// `None` for any other statement (DESCRIBE of other objects is not handled here).
pub(super) fn parse(tokens: &mut Tokens) -> Option<Result<Target>> {
    let mut probe = tokens.clone();
    if !(probe.accept(&["DESCRIBE"]) || probe.accept(&["DESC"])) {
        return None;
    }
    let make: fn(Vec<Name>) -> Target = if probe.accept(&["TABLE"]) {
        Target::Table
    } else if probe.accept(&["VIEW"]) {
        Target::View
    } else if probe.accept(&["DATABASE"]) {
        Target::Database
    } else if probe.accept(&["SCHEMA"]) {
        Target::Schema
    } else {
        return None;
    };
    *tokens = probe;
    Some((|| {
        let target = make(tokens.name()?);
        if matches!(target, Target::Table(_)) && tokens.accept(&["TYPE"]) {
            if !tokens.accept_token(&sqlparser::tokenizer::Token::Eq) {
                return Err(tokens.unexpected());
            }
            if tokens.accept(&["STAGE"]) {
                return Err(EmulatorError::unsupported("DESCRIBE TABLE … TYPE = STAGE"));
            }
            tokens.expect(&["COLUMNS"])?;
        }
        tokens.finish()?;
        Ok(target)
    })())
}

/// Runs a DESCRIBE statement.
pub(super) async fn run(session: &Session, target: Target) -> Result<QueryResult> {
    match target {
        Target::Table(parts) => columns(session, &parts, true).await,
        Target::View(parts) => columns(session, &parts, false).await,
        Target::Database(parts) => database(session, &parts),
        Target::Schema(parts) => schema(session, &parts),
    }
}

async fn columns(session: &Session, parts: &[Name], table: bool) -> Result<QueryResult> {
    let path = object_path(parts, &session.name_context())?;
    let catalog = session.snapshot();
    let state = session.datafusion(catalog.clone()).state();
    // DESCRIBE TABLE also describes a view, as in Snowflake; DESCRIBE VIEW only views.
    let Some((kind, columns)) = object_columns(&state, &catalog, &path, table, true).await? else {
        let what = if table { "Table" } else { "View" };
        return Err(EmulatorError::not_found(what, &path));
    };
    let mut names = vec![
        ("name", TEXT),
        ("type", TEXT),
        ("kind", TEXT),
        ("null?", TEXT),
        ("default", TEXT),
        ("primary key", TEXT),
        ("unique key", TEXT),
        ("check", TEXT),
        ("expression", TEXT),
        ("comment", TEXT),
        ("policy name", TEXT),
        ("privacy domain", TEXT),
    ];
    let tabular = kind == ObjectKind::Table;
    if tabular {
        names.push(("schema_evolution_record", TEXT));
    }
    let mut rows = RowSet::new(&names);
    for column in columns {
        let default = column.identity().or(column.default.clone());
        let mut row = vec![
            Cell::text(column.name.as_str()),
            Cell::text(column.sf_type.to_sql()),
            Cell::text("COLUMN"),
            Cell::y_n(column.nullable),
            Cell::opt_text(default),
            Cell::y_n(column.primary_key),
            Cell::y_n(column.unique_key),
            Cell::Null,
            Cell::Null,
            Cell::opt_text(column.comment.clone()),
            Cell::Null,
            Cell::Null,
        ];
        if tabular {
            row.push(Cell::Null);
        }
        rows.push(row)?;
    }
    rows.into_result()
}

const OBJECT_LIST: &[(&str, SfType)] = &[("created_on", TIMESTAMP), ("name", TEXT), ("kind", TEXT)];

/// DESCRIBE DATABASE: its schemas.
fn database(session: &Session, parts: &[Name]) -> Result<QueryResult> {
    let [name] = parts else {
        return Err(EmulatorError::invalid_identifier(dotted(parts)));
    };
    let catalog = session.snapshot();
    let db = catalog.database(name)?;
    let mut entries: Vec<(&str, chrono::DateTime<chrono::Utc>)> = db
        .schemas
        .values()
        .map(|s| (s.name.as_str(), s.info.created_on))
        .collect();
    entries.push((SCHEMA_NAME, db.info.created_on));
    entries.sort();
    let mut rows = RowSet::new(OBJECT_LIST);
    for (name, created_on) in entries {
        rows.push(vec![
            Cell::Time(created_on),
            Cell::text(name),
            Cell::text("SCHEMA"),
        ])?;
    }
    rows.into_result()
}

/// DESCRIBE SCHEMA: its tables and views.
fn schema(session: &Session, parts: &[Name]) -> Result<QueryResult> {
    let context = session.name_context();
    let (database, schema) = match parts {
        [schema] => (
            context.database.clone().ok_or_else(|| {
                EmulatorError::new(
                    ErrorKind::NoCurrentDatabase,
                    "Cannot perform DESCRIBE. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
                )
            })?,
            schema.clone(),
        ),
        [database, schema] => (database.clone(), schema.clone()),
        _ => return Err(EmulatorError::invalid_identifier(dotted(parts))),
    };
    let catalog = session.snapshot();
    let mut entries: Vec<(String, chrono::DateTime<chrono::Utc>, &str)> = Vec::new();
    if schema.as_str() == SCHEMA_NAME {
        let db = catalog.database(&database)?;
        for view in InformationView::ALL {
            entries.push((view.name().to_owned(), db.info.created_on, "VIEW"));
        }
    } else {
        let found = catalog.schema(&database, &schema)?;
        for table in found.tables.values() {
            entries.push((table.name.to_string(), table.info.created_on, "TABLE"));
        }
        for view in found.views.values() {
            entries.push((view.name.to_string(), view.info.created_on, "VIEW"));
        }
    }
    entries.sort();
    let mut rows = RowSet::new(OBJECT_LIST);
    for (name, created_on, kind) in entries {
        rows.push(vec![
            Cell::Time(created_on),
            Cell::text(name),
            Cell::text(kind),
        ])?;
    }
    rows.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ObjectPath;

    fn path_of(parts: &[Name]) -> Result<ObjectPath> {
        let context = crate::sql::normalize::NameContext {
            database: Some(Name::canonical("DB")),
            schema: Some(Name::canonical("PUBLIC")),
            session: Default::default(),
        };
        object_path(parts, &context)
    }

    fn parsed(sql: &str) -> Option<Result<Target>> {
        parse(&mut Tokens::new(sql).unwrap())
    }

    #[test]
    fn reads_describe_forms() {
        let target = parsed("desc table s.t type = columns").unwrap().unwrap();
        let Target::Table(parts) = target else {
            panic!("not a table: {target:?}");
        };
        assert_eq!(path_of(&parts).unwrap().to_string(), "DB.S.T");
        assert!(matches!(
            parsed("describe view v").unwrap().unwrap(),
            Target::View(_)
        ));
        assert!(matches!(
            parsed("DESCRIBE DATABASE d").unwrap().unwrap(),
            Target::Database(_)
        ));
        assert!(parsed("describe warehouse w").is_none());
        assert!(parsed("select 1").is_none());
        assert_eq!(
            parsed("describe table t type = stage")
                .unwrap()
                .unwrap_err()
                .code(),
            "000002"
        );
        assert_eq!(
            parsed("describe table t extra")
                .unwrap()
                .unwrap_err()
                .code(),
            "001003"
        );
    }
}
