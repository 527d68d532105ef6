//! Running one parsed statement: each family of statements has its own module.

mod database;
mod dataframe;
mod insert;
mod query;
mod schema;
mod session_cmds;
mod table;
mod transaction;

use sqlparser::ast::{ObjectType, Statement};

use crate::{
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

pub(crate) use dataframe::run_query;

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
        ddl if is_ddl(&ddl) => {
            transaction::commit_open(session).await?;
            run_ddl(session, ddl).await
        }
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
