//! SHOW DATABASES | SCHEMAS | TABLES | VIEWS | OBJECTS | COLUMNS, SHOW PARAMETERS IN TABLE and
//! DESCRIBE TABLE | VIEW | DATABASE | SCHEMA, with Snowflake's output columns, filters and scopes.
//!
//! These statements are read with a small parser of their own (sqlparser lacks DESCRIBE VIEW,
//! DATABASE and SCHEMA, and misreads `IN ACCOUNT LIMIT n`), before sqlparser is tried. Their
//! results are queries: one batch built from the session's snapshot, which RESULT_SCAN can read
//! back later.

mod columns;
mod databases;
mod describe;
mod filter;
mod objects;
mod options;
mod parameters;
mod schemas;
mod syntax;
mod tables;
#[cfg(test)]
mod tests;
mod view_columns;
mod views;

pub(crate) use view_columns::{view_column_comment, view_columns};

use std::sync::Arc;

use crate::{
    catalog::{Catalog, Database, Schema},
    engine::{QueryResult, Session, information_schema::SCHEMA_NAME},
    error::Result,
    types::SfType,
};
use options::{Scope, ShowKind};

/// Runs `sql` if it is one of the SHOW or DESCRIBE statements of this module; `None` otherwise.
pub(super) async fn run(session: &Session, sql: &str) -> Option<Result<QueryResult>> {
    if !may_be_ours(sql) {
        return None;
    }
    let mut tokens = syntax::Tokens::new(sql)?;
    if let Some(parsed) = options::parse(&mut tokens) {
        return Some(match parsed {
            Ok((kind, options)) => Box::pin(show(session, kind, &options)).await,
            Err(error) => Err(error),
        });
    }
    if let Some(parsed) = parameters::parse(&mut tokens) {
        return Some(parsed.and_then(|show| parameters::run(session, &show)));
    }
    if let Some(parsed) = describe::parse(&mut tokens) {
        return Some(match parsed {
            Ok(target) => Box::pin(describe::run(session, target)).await,
            Err(error) => Err(error),
        });
    }
    None
}

/// A cheap look at the first word, so other statements (large INSERTs) are not tokenised
/// here: text that starts with a comment or a symbol is looked at properly.
fn may_be_ours(sql: &str) -> bool {
    let head = sql.trim_start();
    if !head.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return true;
    }
    let word: String = head
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    ["SHOW", "DESC", "DESCRIBE"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

async fn show(
    session: &Session,
    kind: ShowKind,
    options: &options::ShowOptions,
) -> Result<QueryResult> {
    let catalog = session.snapshot();
    let context = session.name_context();
    match kind {
        ShowKind::Databases => databases::show(&catalog, &context, options),
        ShowKind::Schemas => schemas::show(&catalog, &context, options),
        ShowKind::Tables => {
            let scope = options::resolve(options.scope.as_ref(), &context, &catalog)?;
            tables::show(&catalog, &scope, options)
        }
        ShowKind::Views => {
            let scope = options::resolve(options.scope.as_ref(), &context, &catalog)?;
            views::show(&catalog, &scope, options)
        }
        ShowKind::Objects => {
            let scope = options::resolve(options.scope.as_ref(), &context, &catalog)?;
            objects::show(&catalog, &scope, options)
        }
        ShowKind::Columns => columns::show(session, catalog, &context, options).await,
    }
}

/// The live schemas a scope covers, in name order.
fn schemas_in<'a>(
    catalog: &'a Catalog,
    scope: &'a Scope,
) -> impl Iterator<Item = (&'a Arc<Database>, &'a Arc<Schema>)> + 'a {
    catalog
        .databases
        .values()
        .filter(|db| scope.covers_database(&db.name))
        .flat_map(move |db| {
            db.schemas
                .values()
                .filter(|s| scope.covers_schema(&db.name, &s.name))
                .map(move |s| (db, s))
        })
}

/// The databases whose INFORMATION_SCHEMA a scope covers.
fn information_schemas_in<'a>(
    catalog: &'a Catalog,
    scope: &'a Scope,
) -> impl Iterator<Item = &'a Arc<Database>> + 'a {
    let schema = crate::catalog::Name::canonical(SCHEMA_NAME);
    catalog
        .databases
        .values()
        .filter(move |db| scope.covers_schema(&db.name, &schema))
}

/// Columns with `dropped_on` inserted after `retention_time` when HISTORY was asked for.
fn with_dropped_on(
    columns: &[(&'static str, SfType)],
    history: bool,
) -> Vec<(&'static str, SfType)> {
    let mut out = columns.to_vec();
    if history && let Some(at) = columns.iter().position(|(n, _)| *n == "retention_time") {
        out.insert(at + 1, ("dropped_on", crate::engine::rowset::TIMESTAMP));
    }
    out
}

/// The columns of every TERSE SHOW.
const TERSE_COLUMNS: &[(&str, SfType)] = &[
    ("created_on", crate::engine::rowset::TIMESTAMP),
    ("name", SfType::TEXT),
    ("kind", SfType::TEXT),
    ("database_name", SfType::TEXT),
    ("schema_name", SfType::TEXT),
];

#[cfg(test)]
mod look_ahead {
    use super::may_be_ours;

    #[test]
    fn only_show_and_describe_are_tokenised() {
        assert!(may_be_ours("  show tables"));
        assert!(may_be_ours("DESC table t"));
        assert!(may_be_ours("-- comment\nshow tables"));
        assert!(!may_be_ours("insert into t values (1)"));
        assert!(!may_be_ours("showy_function()"));
    }
}
