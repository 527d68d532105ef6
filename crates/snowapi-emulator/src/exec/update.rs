//! UPDATE t SET c = expr, ... [FROM other, ...] [WHERE p].

use sqlparser::ast::{AssignmentTarget, Expr, TableAlias, Update, UpdateTableFromKind};

use super::{
    dml_target::{
        Changes, Outcome, Target, attempts, finish, lost_races, row_ids, table_factor_parts,
    },
    table::table_path,
};
use crate::{
    catalog::{Name, object_name_parts},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// Runs UPDATE: one query finds each target row's new values (rows joining several FROM rows
/// take the first), reported as "number of rows updated" and "number of multi-joined rows
/// updated".
pub(super) async fn update(session: &Session, update: Update) -> Result<QueryResult> {
    // Boxed: keeps the dispatcher's future small (deep futures overflow debug-build stacks).
    Box::pin(run(session, update)).await
}

async fn run(session: &Session, update: Update) -> Result<QueryResult> {
    if update.returning.is_some() || update.output.is_some() {
        return Err(EmulatorError::unsupported("UPDATE ... RETURNING"));
    }
    if update.or.is_some() || !update.order_by.is_empty() || update.limit.is_some() {
        return Err(EmulatorError::unsupported(
            "UPDATE with OR, ORDER BY or LIMIT",
        ));
    }
    if !update.table.joins.is_empty() {
        return Err(EmulatorError::unsupported("UPDATE of a join"));
    }
    let (name, alias) = table_factor_parts(&update.table.relation)?;
    let path = table_path(session, name)?;
    let assignments = update
        .assignments
        .iter()
        .map(|assignment| match &assignment.target {
            AssignmentTarget::ColumnName(column) => {
                let parts = object_name_parts(column)?;
                let name = parts
                    .last()
                    .cloned()
                    .ok_or_else(|| EmulatorError::invalid_identifier(column))?;
                Ok((name, assignment.value.clone()))
            }
            AssignmentTarget::Tuple(_) => Err(EmulatorError::unsupported(
                "UPDATE SET (column, ...) = (value, ...)",
            )),
        })
        .collect::<Result<Vec<(Name, Expr)>>>()?;
    let from = match &update.from {
        Some(UpdateTableFromKind::BeforeSet(tables) | UpdateTableFromKind::AfterSet(tables)) => {
            tables.iter().map(ToString::to_string).collect::<Vec<_>>()
        }
        None => Vec::new(),
    };
    let request = Request {
        assignments,
        alias: alias.cloned(),
        target_sql: update.table.to_string(),
        from,
        selection: update.selection.as_ref().map(ToString::to_string),
    };
    for _ in attempts() {
        let target = Target::read(session, &path)?;
        let outcome = plan(session, &target, &request).await?;
        if let Some(result) = finish(session, &target, StatementType::Update, outcome).await? {
            return Ok(result);
        }
    }
    Err(lost_races(&path))
}

/// The statement, ready to be planned against the target as read.
struct Request {
    assignments: Vec<(Name, Expr)>,
    alias: Option<TableAlias>,
    target_sql: String,
    from: Vec<String>,
    selection: Option<String>,
}

/// One attempt: the new values of the rows the statement updates.
async fn plan(session: &Session, target: &Target, request: &Request) -> Result<Outcome> {
    let columns = request
        .assignments
        .iter()
        .map(|(name, _)| target.column_index(name))
        .collect::<Result<Vec<_>>>()?;
    let mut items = vec![format!(
        "{} AS \"__ROW\"",
        target.row_id(request.alias.as_ref())
    )];
    for (index, (_, value)) in request.assignments.iter().enumerate() {
        items.push(format!("{value} AS \"__VALUE{index}\""));
    }
    let mut sql = format!("SELECT {} FROM {}", items.join(", "), request.target_sql);
    for table in &request.from {
        sql.push_str(", ");
        sql.push_str(table);
    }
    if let Some(selection) = &request.selection {
        sql.push_str(" WHERE ");
        sql.push_str(selection);
    }
    let answers = target.ask(session, &sql).await?;
    let mut changes = Changes::new(target.rows.num_rows());
    let values = columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            Ok((
                *column,
                target.cast_to_column(*column, answers.column(i + 1))?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let set = changes.add_set(values);
    let mut joined = vec![0u64; target.rows.num_rows()];
    for (answer, id) in row_ids(&answers, 0)?.into_iter().enumerate() {
        let Some(row) = id else { continue };
        joined[row] += 1;
        if joined[row] == 1 {
            changes.update(row, set, answer);
        }
    }
    let updated = joined.iter().filter(|j| **j > 0).count() as u64;
    let multi_joined = joined.iter().filter(|j| **j > 1).count() as u64;
    let counts = vec![
        ("number of rows updated", updated),
        ("number of multi-joined rows updated", multi_joined),
    ];
    Ok(((updated > 0).then_some(changes), counts))
}
