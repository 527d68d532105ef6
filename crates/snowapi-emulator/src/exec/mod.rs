//! Running one parsed statement: each family of statements has its own module.

mod alter_database;
mod alter_schema;
mod alter_table;
mod alter_table_columns;
mod alter_view;
mod command;
mod create_schema;
mod database;
mod dataframe;
mod ddl_parser;
mod delete;
mod dml_target;
mod hand_ddl;
mod insert;
mod insert_values;
mod merge;
mod object_parameters;
mod objects;
mod query;
mod schema;
mod session_cmds;
mod show;
mod table;
mod table_like;
mod table_settings;
mod transaction;
mod truncate;
mod undrop;
mod update;
mod view;
mod warehouse_gate;

use sqlparser::ast::{ObjectType, Statement};

use command::Command;

use crate::{
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

pub(crate) use dataframe::run_query;
pub(crate) use show::{view_column_comment, view_columns};

/// Runs statements sqlparser cannot parse, recognised by their leading keywords. `None` means
/// the statement is for sqlparser.
pub(crate) async fn run_command(session: &Session, sql: &str) -> Option<Result<QueryResult>> {
    if let Some(result) = objects::run(session, sql).await {
        return Some(result);
    }
    if let Some(result) = show::run(session, sql).await {
        return Some(result);
    }
    let command = Command::new(sql)?;
    if command.starts_with(&["UNDROP"]) {
        return Some(ddl(session, undrop::undrop(session, command)).await);
    }
    if let Some(which) = hand_ddl::recognise(&command, sql) {
        return Some(ddl(session, hand_ddl::run(session, which, sql)).await);
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
    warehouse_gate::check(session, &statement)?;
    match statement {
        Statement::Query(query) => query::select(session, *query).await,
        Statement::Insert(insert) => insert::insert(session, insert).await,
        Statement::Update(update) => update::update(session, update).await,
        Statement::Delete(delete) => delete::delete(session, delete).await,
        Statement::Merge(merge) => merge::merge(session, merge).await,
        Statement::Truncate(truncate) => truncate::truncate(session, truncate).await,
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
            | Statement::CreateView(_)
            | Statement::Drop { .. }
    )
}

async fn run_ddl(session: &Session, statement: Statement) -> Result<QueryResult> {
    match statement {
        Statement::CreateDatabase { .. } => database::create(session, statement).await,
        Statement::CreateTable(create) if create.like.is_some() => {
            table_like::create(session, create).await
        }
        Statement::CreateTable(create) => table::create(session, create).await,
        Statement::CreateView(create) => view::create(session, create).await,
        Statement::Drop {
            object_type,
            if_exists,
            names,
            ..
        } => match object_type {
            ObjectType::Database => database::drop(session, names, if_exists).await,
            ObjectType::Schema => schema::drop(session, names, if_exists).await,
            ObjectType::Table => table::drop(session, names, if_exists).await,
            ObjectType::View => view::drop(session, names, if_exists).await,
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
