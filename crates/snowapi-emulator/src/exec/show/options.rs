//! The clauses SHOW commands share, as written (`TERSE`, `HISTORY`, `LIKE`, `IN …`,
//! `STARTS WITH`, `LIMIT … FROM`), and the scope an `IN` clause (or its absence) stands for.

use super::syntax::Tokens;
use crate::{
    catalog::{Catalog, Name, ObjectPath},
    engine::information_schema,
    error::{EmulatorError, ErrorKind, Result},
    sql::normalize::NameContext,
};

/// What a SHOW command lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ShowKind {
    /// SHOW DATABASES.
    Databases,
    /// SHOW SCHEMAS.
    Schemas,
    /// SHOW TABLES.
    Tables,
    /// SHOW VIEWS.
    Views,
    /// SHOW OBJECTS (tables and views).
    Objects,
    /// SHOW COLUMNS.
    Columns,
}

impl ShowKind {
    fn from_keyword(tokens: &Tokens) -> Option<Self> {
        [
            ("DATABASES", Self::Databases),
            ("SCHEMAS", Self::Schemas),
            ("TABLES", Self::Tables),
            ("VIEWS", Self::Views),
            ("OBJECTS", Self::Objects),
            ("COLUMNS", Self::Columns),
        ]
        .into_iter()
        .find(|(keyword, _)| tokens.peek(&[keyword]))
        .map(|(_, kind)| kind)
    }
}

/// An `IN` clause as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum InClause {
    /// `IN ACCOUNT`.
    Account,
    /// `IN DATABASE [name]`.
    Database(Option<Vec<Name>>),
    /// `IN SCHEMA [name]`.
    Schema(Option<Vec<Name>>),
    /// `IN TABLE name` (SHOW COLUMNS).
    Table(Vec<Name>),
    /// `IN VIEW name` (SHOW COLUMNS).
    View(Vec<Name>),
    /// `IN name`: a schema, or for SHOW COLUMNS a table or view.
    Named(Vec<Name>),
}

/// The clauses of one SHOW command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ShowOptions {
    /// `TERSE`: only created_on, name, kind, database_name, schema_name.
    pub(super) terse: bool,
    /// `HISTORY`: dropped objects too, with `dropped_on`.
    pub(super) history: bool,
    /// `LIKE '<pattern>'` (case-insensitive).
    pub(super) like: Option<String>,
    /// `IN …`.
    pub(super) scope: Option<InClause>,
    /// `STARTS WITH '<prefix>'` (case-sensitive).
    pub(super) starts_with: Option<String>,
    /// `LIMIT n`.
    pub(super) limit: Option<u64>,
    /// `LIMIT n FROM '<name>'`: rows after that name.
    pub(super) from: Option<String>,
}

/// Words that end an optional name after `IN DATABASE` / `IN SCHEMA`.
const CLAUSE_WORDS: &[&str] = &["STARTS", "LIMIT", "LIKE"];

/// Reads `SHOW [TERSE] <kind> [HISTORY] [LIKE …] [IN …] [STARTS WITH …] [LIMIT … [FROM …]]`.
/// `None` when the statement is a SHOW of something else (not handled here).
pub(super) fn parse(tokens: &mut Tokens) -> Option<Result<(ShowKind, ShowOptions)>> {
    let mut probe = tokens.clone();
    if !probe.accept(&["SHOW"]) {
        return None;
    }
    let terse = probe.accept(&["TERSE"]);
    let kind = ShowKind::from_keyword(&probe)?;
    *tokens = probe;
    Some(parse_clauses(tokens, kind, terse).map(|options| (kind, options)))
}

fn parse_clauses(tokens: &mut Tokens, kind: ShowKind, terse: bool) -> Result<ShowOptions> {
    tokens.accept(&[match kind {
        ShowKind::Databases => "DATABASES",
        ShowKind::Schemas => "SCHEMAS",
        ShowKind::Tables => "TABLES",
        ShowKind::Views => "VIEWS",
        ShowKind::Objects => "OBJECTS",
        ShowKind::Columns => "COLUMNS",
    }]);
    if terse && kind == ShowKind::Columns {
        return Err(tokens.unexpected());
    }
    let mut options = ShowOptions {
        terse,
        ..Default::default()
    };
    if matches!(
        kind,
        ShowKind::Databases | ShowKind::Schemas | ShowKind::Tables
    ) {
        options.history = tokens.accept(&["HISTORY"]);
    }
    if tokens.accept(&["LIKE"]) {
        options.like = Some(tokens.string()?);
    }
    if kind != ShowKind::Databases && tokens.accept(&["IN"]) {
        options.scope = Some(in_clause(tokens, kind)?);
    }
    if kind != ShowKind::Columns {
        if tokens.accept(&["STARTS", "WITH"]) {
            options.starts_with = Some(tokens.string()?);
        }
        if tokens.accept(&["LIMIT"]) {
            options.limit = Some(tokens.integer()?);
            if tokens.accept(&["FROM"]) {
                options.from = Some(tokens.string()?);
            }
        }
    }
    tokens.finish()?;
    Ok(options)
}

fn in_clause(tokens: &mut Tokens, kind: ShowKind) -> Result<InClause> {
    let optional_name = |tokens: &mut Tokens| -> Result<Option<Vec<Name>>> {
        if tokens.at_name(CLAUSE_WORDS) {
            tokens.name().map(Some)
        } else {
            Ok(None)
        }
    };
    if tokens.accept(&["ACCOUNT"]) {
        return Ok(InClause::Account);
    }
    if tokens.accept(&["DATABASE"]) {
        return Ok(InClause::Database(optional_name(tokens)?));
    }
    if tokens.accept(&["SCHEMA"]) {
        return Ok(InClause::Schema(optional_name(tokens)?));
    }
    if kind == ShowKind::Columns {
        if tokens.accept(&["TABLE"]) {
            return Ok(InClause::Table(tokens.name()?));
        }
        if tokens.accept(&["VIEW"]) {
            return Ok(InClause::View(tokens.name()?));
        }
    }
    Ok(InClause::Named(tokens.name()?))
}

/// What a SHOW command lists from, resolved against the catalog and the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Scope {
    /// Every database.
    Account,
    /// One database.
    Database(Name),
    /// One schema of a database.
    Schema(Name, Name),
    /// One table or view (SHOW COLUMNS).
    Object(ObjectPath),
}

impl Scope {
    /// Whether this scope covers the schema `database.schema`.
    pub(super) fn covers_schema(&self, database: &Name, schema: &Name) -> bool {
        match self {
            Self::Account => true,
            Self::Database(d) => d == database,
            Self::Schema(d, s) => d == database && s == schema,
            Self::Object(_) => false,
        }
    }

    /// Whether this scope covers the database.
    pub(super) fn covers_database(&self, database: &Name) -> bool {
        match self {
            Self::Account => true,
            Self::Database(d) | Self::Schema(d, _) => d == database,
            Self::Object(path) => &path.database == database,
        }
    }
}

/// The scope of a SHOW command: the `IN` clause, or the current database (the account when
/// there is none), as Snowflake defaults it.
pub(super) fn resolve(
    clause: Option<&InClause>,
    context: &NameContext,
    catalog: &Catalog,
) -> Result<Scope> {
    let default = || match &context.database {
        Some(database) => database_scope(catalog, database.clone()),
        None => Ok(Scope::Account),
    };
    match clause {
        None | Some(InClause::Database(None)) => default(),
        Some(InClause::Account) => Ok(Scope::Account),
        Some(InClause::Database(Some(parts))) => match parts.as_slice() {
            [database] => database_scope(catalog, database.clone()),
            _ => Err(EmulatorError::invalid_identifier(dotted(parts))),
        },
        Some(InClause::Schema(None)) => match (&context.database, &context.schema) {
            (Some(database), Some(schema)) => {
                schema_scope(catalog, database.clone(), schema.clone())
            }
            _ => default(),
        },
        Some(InClause::Schema(Some(parts)) | InClause::Named(parts)) => {
            let (database, schema) = match parts.as_slice() {
                [schema] => (
                    context.database.clone().ok_or_else(no_current_database)?,
                    schema.clone(),
                ),
                [database, schema] => (database.clone(), schema.clone()),
                _ => return Err(EmulatorError::invalid_identifier(dotted(parts))),
            };
            schema_scope(catalog, database, schema)
        }
        Some(InClause::Table(parts) | InClause::View(parts)) => {
            Ok(Scope::Object(object_path(parts, context)?))
        }
    }
}

fn database_scope(catalog: &Catalog, database: Name) -> Result<Scope> {
    catalog.database(&database)?;
    Ok(Scope::Database(database))
}

fn schema_scope(catalog: &Catalog, database: Name, schema: Name) -> Result<Scope> {
    if schema.as_str() == information_schema::SCHEMA_NAME {
        catalog.database(&database)?;
    } else {
        catalog.schema(&database, &schema)?;
    }
    Ok(Scope::Schema(database, schema))
}

/// A table or view name qualified with the session's database and schema.
pub(super) fn object_path(parts: &[Name], context: &NameContext) -> Result<ObjectPath> {
    let database = || context.database.clone().ok_or_else(no_current_database);
    let (database, schema, name) = match parts {
        [name] => (
            database()?,
            context.schema.clone().ok_or_else(no_current_schema)?,
            name.clone(),
        ),
        [schema, name] => (database()?, schema.clone(), name.clone()),
        [database, schema, name] => (database.clone(), schema.clone(), name.clone()),
        _ => return Err(EmulatorError::invalid_identifier(dotted(parts))),
    };
    Ok(ObjectPath {
        database,
        schema,
        name,
    })
}

/// `A.B.C` for messages.
pub(super) fn dotted(parts: &[Name]) -> String {
    parts.iter().map(Name::as_str).collect::<Vec<_>>().join(".")
}

fn no_current_database() -> EmulatorError {
    EmulatorError::new(
        ErrorKind::NoCurrentDatabase,
        "Cannot perform SHOW. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
    )
}

fn no_current_schema() -> EmulatorError {
    EmulatorError::new(
        ErrorKind::NoCurrentDatabase,
        "Cannot perform SHOW. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(sql: &str) -> Option<Result<(ShowKind, ShowOptions)>> {
        parse(&mut Tokens::new(sql).unwrap())
    }

    #[test]
    fn reads_every_clause() {
        let (kind, options) = parsed(
            "show terse tables history like 'a%' in schema db.s starts with 'A' limit 5 from 'B'",
        )
        .unwrap()
        .unwrap();
        assert_eq!(kind, ShowKind::Tables);
        assert_eq!(
            options,
            ShowOptions {
                terse: true,
                history: true,
                like: Some("a%".into()),
                scope: Some(InClause::Schema(Some(vec![
                    Name::canonical("DB"),
                    Name::canonical("S")
                ]))),
                starts_with: Some("A".into()),
                limit: Some(5),
                from: Some("B".into()),
            }
        );
        let (_, options) = parsed("show schemas in database limit 3").unwrap().unwrap();
        assert_eq!(options.scope, Some(InClause::Database(None)));
        assert_eq!(options.limit, Some(3));
        let (_, options) = parsed("show columns in t").unwrap().unwrap();
        assert_eq!(
            options.scope,
            Some(InClause::Named(vec![Name::canonical("T")]))
        );
    }

    #[test]
    fn other_shows_are_not_ours_and_bad_clauses_fail() {
        assert!(parsed("show warehouses").is_none());
        assert!(parsed("select 1").is_none());
        for bad in [
            "show views history",
            "show databases in account",
            "show terse columns",
            "show columns limit 3",
            "show tables limit many",
            "show tables like",
            "show tables in",
        ] {
            let error = parsed(bad).unwrap().unwrap_err();
            assert_eq!(error.code(), "001003", "{bad}");
        }
    }
}
