//! DELETE FROM t [USING other, ...] [WHERE p].

use sqlparser::ast::{Delete, FromTable, TableAlias};

use super::{
    dml_target::{
        Changes, Outcome, Target, attempts, finish, lost_races, row_ids, table_factor_parts,
    },
    table::table_path,
};
use crate::{
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// Runs DELETE: one query finds the target rows that go, reported as "number of rows deleted".
pub(super) async fn delete(session: &Session, delete: Delete) -> Result<QueryResult> {
    // Boxed: keeps the dispatcher's future small (deep futures overflow debug-build stacks).
    Box::pin(run(session, delete)).await
}

async fn run(session: &Session, delete: Delete) -> Result<QueryResult> {
    if delete.returning.is_some() || delete.output.is_some() {
        return Err(EmulatorError::unsupported("DELETE ... RETURNING"));
    }
    if !delete.tables.is_empty() || !delete.order_by.is_empty() || delete.limit.is_some() {
        return Err(EmulatorError::unsupported(
            "DELETE of several tables, or with ORDER BY or LIMIT",
        ));
    }
    let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
    let [target_table] = from.as_slice() else {
        return Err(EmulatorError::unsupported("DELETE from several tables"));
    };
    if !target_table.joins.is_empty() {
        return Err(EmulatorError::unsupported("DELETE from a join"));
    }
    let (name, alias) = table_factor_parts(&target_table.relation)?;
    let path = table_path(session, name)?;
    let using = delete
        .using
        .iter()
        .flatten()
        .map(ToString::to_string)
        .collect::<Vec<_>>();
    let request = Request {
        alias: alias.cloned(),
        target_sql: target_table.to_string(),
        using,
        selection: delete.selection.as_ref().map(ToString::to_string),
    };
    for _ in attempts() {
        let target = Target::read(session, &path)?;
        let outcome = plan(session, &target, &request).await?;
        if let Some(result) = finish(session, &target, StatementType::Delete, outcome).await? {
            return Ok(result);
        }
    }
    Err(lost_races(&path))
}

/// The statement, ready to be planned against the target as read.
struct Request {
    alias: Option<TableAlias>,
    target_sql: String,
    using: Vec<String>,
    selection: Option<String>,
}

/// One attempt: the rows the statement deletes.
async fn plan(session: &Session, target: &Target, request: &Request) -> Result<Outcome> {
    let rows = target.rows.num_rows();
    let mut changes = Changes::new(rows);
    if request.using.is_empty() && request.selection.is_none() {
        (0..rows).for_each(|row| changes.delete(row));
        let counts = vec![("number of rows deleted", rows as u64)];
        return Ok(((rows > 0).then_some(changes), counts));
    }
    let mut sql = format!(
        "SELECT DISTINCT {} AS \"__ROW\" FROM {}",
        target.row_id(request.alias.as_ref()),
        request.target_sql
    );
    for table in &request.using {
        sql.push_str(", ");
        sql.push_str(table);
    }
    if let Some(selection) = &request.selection {
        sql.push_str(" WHERE ");
        sql.push_str(selection);
    }
    let answers = target.ask(session, &sql).await?;
    let mut deleted = 0u64;
    for row in row_ids(&answers, 0)?.into_iter().flatten() {
        changes.delete(row);
        deleted += 1;
    }
    let counts = vec![("number of rows deleted", deleted)];
    Ok(((deleted > 0).then_some(changes), counts))
}
