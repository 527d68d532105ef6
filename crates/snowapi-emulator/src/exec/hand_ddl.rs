//! DDL read by hand-written parsers because sqlparser lacks the statement or Snowflake's options
//! (ALTER TABLE | VIEW | SCHEMA | DATABASE, CREATE SCHEMA), recognised by leading keywords.

use super::{
    alter_database::alter_database, alter_schema::alter_schema, alter_table::alter_table,
    alter_view::alter_view, command::Command, create_schema::create_schema, ddl_parser::DdlParser,
};
use crate::{
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// A statement family read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HandDdl {
    AlterTable,
    AlterView,
    AlterSchema,
    AlterDatabase,
    CreateSchema,
    /// `CREATE DATABASE … CLONE src AT | BEFORE (…)`, which sqlparser cannot read.
    CloneDatabaseAt,
}

/// The family of `command`, if it is read here.
pub(super) fn recognise(command: &Command, sql: &str) -> Option<HandDdl> {
    let starts = |keywords: &[&str]| command.starts_with(keywords);
    if starts(&["ALTER", "TABLE"]) {
        return Some(HandDdl::AlterTable);
    }
    if starts(&["ALTER", "VIEW"]) {
        return Some(HandDdl::AlterView);
    }
    if starts(&["ALTER", "SCHEMA"]) {
        return Some(HandDdl::AlterSchema);
    }
    if starts(&["ALTER", "DATABASE"]) {
        return Some(HandDdl::AlterDatabase);
    }
    let create_schema = [
        &["CREATE", "SCHEMA"][..],
        &["CREATE", "TRANSIENT", "SCHEMA"],
        &["CREATE", "OR", "REPLACE", "SCHEMA"],
        &["CREATE", "OR", "REPLACE", "TRANSIENT", "SCHEMA"],
    ];
    if create_schema.iter().any(|k| starts(k)) {
        return Some(HandDdl::CreateSchema);
    }
    if starts(&["CREATE"]) && clones_database_from_the_past(sql) {
        return Some(HandDdl::CloneDatabaseAt);
    }
    None
}

/// Runs a statement of a family [`recognise`] returned.
pub(super) async fn run(session: &Session, which: HandDdl, sql: &str) -> Result<QueryResult> {
    // Boxed: keeps the dispatcher's future small (deep futures overflow debug-build stacks).
    match which {
        HandDdl::AlterTable => Box::pin(alter_table(session, sql)).await,
        HandDdl::AlterView => Box::pin(alter_view(session, sql)).await,
        HandDdl::AlterSchema => Box::pin(alter_schema(session, sql)).await,
        HandDdl::AlterDatabase => Box::pin(alter_database(session, sql)).await,
        HandDdl::CreateSchema => Box::pin(create_schema(session, sql)).await,
        // No history is kept, so there is nothing to clone from the past.
        HandDdl::CloneDatabaseAt => Err(EmulatorError::unsupported("CLONE … AT")),
    }
}

/// Whether `sql` is `CREATE [OR REPLACE] [TRANSIENT] DATABASE [IF NOT EXISTS] d CLONE s AT|BEFORE`.
fn clones_database_from_the_past(sql: &str) -> bool {
    let Ok(mut p) = DdlParser::new(sql) else {
        return false;
    };
    p.accept("CREATE");
    p.accept_all(&["OR", "REPLACE"]);
    p.accept("TRANSIENT");
    if !p.accept("DATABASE") {
        return false;
    }
    p.accept_all(&["IF", "NOT", "EXISTS"]);
    p.object_name().is_ok()
        && p.accept("CLONE")
        && p.object_name().is_ok()
        && (p.peek("AT") || p.peek("BEFORE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(sql: &str) -> Option<HandDdl> {
        recognise(&Command::new(sql).unwrap(), sql)
    }

    #[test]
    fn recognises_its_families_only() {
        assert_eq!(family("alter table t add c int"), Some(HandDdl::AlterTable));
        assert_eq!(
            family("create or replace transient schema s"),
            Some(HandDdl::CreateSchema)
        );
        assert_eq!(
            family("create database d clone e at (offset => -60)"),
            Some(HandDdl::CloneDatabaseAt)
        );
        assert_eq!(family("create database d clone e"), None);
        assert_eq!(family("create table t (a int)"), None);
        assert_eq!(family("alter session set timezone = 'UTC'"), None);
    }
}
