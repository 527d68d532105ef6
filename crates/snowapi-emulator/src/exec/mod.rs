//! Running one parsed statement: each family of statements has its own module.

mod command;
mod database;
mod dataframe;
mod insert;
mod query;
mod schema;
mod session_cmds;
mod table;
mod transaction;
mod undrop;

use sqlparser::ast::{ObjectType, Statement};

use command::Command;

use crate::{
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

pub(crate) use dataframe::run_query;

/// Runs statements sqlparser cannot parse, recognised by their leading keywords. `None` means
/// the statement is for sqlparser.
pub(crate) async fn run_command(session: &Session, sql: &str) -> Option<Result<QueryResult>> {
    let command = Command::new(sql)?;
    if command.starts_with(&["UNDROP"]) {
        return Some(ddl(session, undrop::undrop(session, command)).await);
    }
    None
}

/// Runs DDL after committing the session's open transaction, as Snowflake does.
async fn ddl(
    session: &Session,
    statement: impl std::future::Future<Output = Result<QueryResult>>,
) -> Result<QueryResult> {
    transaction::commit_open(session).await?;
    statement.await
}

/// Runs `statement` in `session`.
pub(crate) async fn run(session: &Session, statement: Statement) -> Result<QueryResult> {
    match statement {
        Statement::Query(query) => query::select(session, *query).await,
        Statement::Insert(insert) => insert::insert(session, insert).await,
        Statement::StartTransaction { .. } => transaction::begin(session),
        Statement::Commit { .. } => transaction::commit(session).await,
        Statement::Rollback {
            savepoint: None, ..
        } => transaction::rollback(session),
        Statement::AlterSession {
            set,
            session_params,
        } => session_cmds::alter_session(session, set, session_params),
        Statement::Use(target) => session_cmds::use_object(session, target),
        // DDL commits the open transaction first, as in Snowflake.
        statement if is_ddl(&statement) => ddl(session, run_ddl(session, statement)).await,
        other => Err(EmulatorError::unsupported(statement_name(&other))),
    }
}

fn is_ddl(statement: &Statement) -> bool {
    matches!(
        statement,
        Statement::CreateDatabase { .. }
            | Statement::CreateSchema { .. }
            | Statement::CreateTable(_)
            | Statement::Drop { .. }
    )
}

async fn run_ddl(session: &Session, statement: Statement) -> Result<QueryResult> {
    match statement {
        Statement::CreateDatabase { .. } => database::create(session, statement).await,
        Statement::CreateSchema { .. } => schema::create(session, statement).await,
        Statement::CreateTable(create) => table::create(session, create).await,
        Statement::Drop {
            object_type,
            if_exists,
            names,
            ..
        } => match object_type {
            ObjectType::Database => database::drop(session, names, if_exists).await,
            ObjectType::Schema => schema::drop(session, names, if_exists).await,
            ObjectType::Table => table::drop(session, names, if_exists).await,
            other => Err(EmulatorError::unsupported(format!("DROP {other}"))),
        },
        other => Err(EmulatorError::unsupported(statement_name(&other))),
    }
}

/// The leading keywords of a statement, to name it in "not supported" errors.
fn statement_name(statement: &Statement) -> String {
    let text = statement.to_string();
    let words: Vec<&str> = text.split_whitespace().take(3).collect();
    words
        .iter()
        .take_while(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
        .map(|w| w.to_uppercase())
        .collect::<Vec<_>>()
        .join(" ")
}
