//! MERGE INTO t USING s ON cond WHEN MATCHED [AND p] THEN UPDATE SET ... | DELETE
//! WHEN NOT MATCHED [AND p] THEN INSERT [(columns)] VALUES (...).
//!
//! One query joins the source to the target (`source LEFT JOIN target ON cond`) and says, for
//! each joined row, which WHEN clause applies (the first whose condition holds) and the values
//! that clause assigns or inserts.

use arrow::{
    array::{Array, AsArray, UInt32Array},
    compute::take_record_batch,
    datatypes::Int64Type,
    util::display::{ArrayFormatter, FormatOptions},
};
use sqlparser::ast::{Expr, Merge, MergeAction, MergeClauseKind, MergeInsertKind, TableAlias};

use super::{
    dml_target::{
        Changes, Outcome, Target, attempts, finish, lost_races, row_ids, table_factor_parts,
    },
    insert::{fill_columns, target_columns},
    table::table_path,
};
use crate::{
    catalog::object_name_parts,
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
};

/// What a WHEN clause does.
enum Action {
    /// Assign these expressions to these columns (by name).
    Update(Vec<(crate::catalog::Name, Expr)>),
    Delete,
    /// Insert these values into these columns (all columns when empty).
    Insert {
        columns: Vec<sqlparser::ast::ObjectName>,
        values: Vec<Expr>,
    },
}

/// A WHEN clause: for matched rows or not, its extra condition, its action.
struct Clause {
    matched: bool,
    predicate: Option<Expr>,
    action: Action,
}

/// Runs MERGE, reported as "number of rows inserted", "number of rows updated" and "number of
/// rows deleted" (only for the actions the statement has).
pub(super) async fn merge(session: &Session, merge: Merge) -> Result<QueryResult> {
    // Boxed: keeps the dispatcher's future small (deep futures overflow debug-build stacks).
    Box::pin(run(session, merge)).await
}

async fn run(session: &Session, merge: Merge) -> Result<QueryResult> {
    if merge.output.is_some() {
        return Err(EmulatorError::unsupported("MERGE ... OUTPUT"));
    }
    let (name, alias) = table_factor_parts(&merge.table)?;
    let path = table_path(session, name)?;
    let clauses = merge
        .clauses
        .iter()
        .map(clause)
        .collect::<Result<Vec<_>>>()?;
    let has = |f: fn(&Action) -> bool| clauses.iter().any(|c| f(&c.action));
    let request = Request {
        has_insert: has(|a| matches!(a, Action::Insert { .. })),
        has_update: has(|a| matches!(a, Action::Update(_))),
        has_delete: has(|a| matches!(a, Action::Delete)),
        clauses,
        alias: alias.cloned(),
        source_sql: merge.source.to_string(),
        target_sql: merge.table.to_string(),
        on: merge.on.to_string(),
    };
    for _ in attempts() {
        let target = Target::read(session, &path)?;
        let outcome = plan(session, &target, &request).await?;
        if let Some(result) = finish(session, &target, StatementType::Merge, outcome).await? {
            return Ok(result);
        }
    }
    Err(lost_races(&path))
}

/// The statement, ready to be planned against the target as read.
struct Request {
    clauses: Vec<Clause>,
    alias: Option<TableAlias>,
    source_sql: String,
    target_sql: String,
    on: String,
    has_insert: bool,
    has_update: bool,
    has_delete: bool,
}

/// One attempt: which clause applies to each joined row, and what it changes.
async fn plan(session: &Session, target: &Target, request: &Request) -> Result<Outcome> {
    let row_id = target.row_id(request.alias.as_ref());
    let whens: Vec<String> = request
        .clauses
        .iter()
        .enumerate()
        .map(|(index, clause)| {
            let side = if clause.matched {
                "IS NOT NULL"
            } else {
                "IS NULL"
            };
            let condition = match &clause.predicate {
                Some(predicate) => format!("{row_id} {side} AND ({predicate})"),
                None => format!("{row_id} {side}"),
            };
            format!("WHEN {condition} THEN {}", index + 1)
        })
        .collect();
    let selector = format!("CASE {} ELSE 0 END", whens.join(" "));
    let mut items = vec![
        format!("{row_id} AS \"__ROW\""),
        format!("{selector} AS \"__CLAUSE\""),
    ];
    // Answer columns holding each clause's values, in the clause's order.
    let mut slots: Vec<Vec<usize>> = Vec::with_capacity(request.clauses.len());
    for (index, clause) in request.clauses.iter().enumerate() {
        let values: Vec<&Expr> = match &clause.action {
            Action::Update(assignments) => assignments.iter().map(|(_, e)| e).collect(),
            Action::Insert { values, .. } => values.iter().collect(),
            Action::Delete => Vec::new(),
        };
        let mut slot = Vec::with_capacity(values.len());
        for value in values {
            slot.push(items.len());
            items.push(format!(
                "CASE WHEN {selector} = {} THEN {value} END AS \"__VALUE{}\"",
                index + 1,
                items.len()
            ));
        }
        slots.push(slot);
    }
    let sql = format!(
        "SELECT {} FROM {} LEFT JOIN {} ON {}",
        items.join(", "),
        request.source_sql,
        request.target_sql,
        request.on
    );
    let answers = target.ask(session, &sql).await?;
    let ids = row_ids(&answers, 0)?;
    let chosen: Vec<usize> = answers
        .column(1)
        .as_primitive_opt::<Int64Type>()
        .ok_or_else(|| EmulatorError::internal("MERGE clause numbers are not integers"))?
        .iter()
        .map(|c| c.unwrap_or(0) as usize)
        .collect();

    let mut changes = Changes::new(target.rows.num_rows());
    let mut sets = vec![None; request.clauses.len()];
    for (index, clause) in request.clauses.iter().enumerate() {
        if let Action::Update(assignments) = &clause.action {
            let mut values = Vec::with_capacity(assignments.len());
            for ((name, _), slot) in assignments.iter().zip(&slots[index]) {
                let column = target.column_index(name)?;
                values.push((
                    column,
                    target.cast_to_column(column, answers.column(*slot))?,
                ));
            }
            sets[index] = Some(changes.add_set(values));
        }
    }
    // Matched rows: each target row must be joined by one source row if a clause changes it.
    let mut joins: Vec<Vec<usize>> = vec![Vec::new(); target.rows.num_rows()];
    let mut inserts: Vec<Vec<u32>> = vec![Vec::new(); request.clauses.len()];
    for (answer, id) in ids.iter().enumerate() {
        match id {
            Some(row) => joins[*row].push(answer),
            None if chosen[answer] > 0 => inserts[chosen[answer] - 1].push(answer as u32),
            None => {}
        }
    }
    let (mut updated, mut deleted) = (0u64, 0u64);
    for (row, answers_of_row) in joins.iter().enumerate() {
        let Some(&answer) = answers_of_row.iter().find(|a| chosen[**a] > 0) else {
            continue;
        };
        if answers_of_row.len() > 1 {
            return Err(duplicate_row(target, row));
        }
        let index = chosen[answer] - 1;
        match (&request.clauses[index].action, sets[index]) {
            (Action::Update(_), Some(set)) => {
                changes.update(row, set, answer);
                updated += 1;
            }
            (Action::Delete, _) => {
                changes.delete(row);
                deleted += 1;
            }
            _ => return Err(EmulatorError::internal("MERGE clause without its action")),
        }
    }
    let mut inserted = 0u64;
    for (index, rows) in inserts.into_iter().enumerate() {
        let Action::Insert { columns, .. } = &request.clauses[index].action else {
            continue;
        };
        if rows.is_empty() {
            continue;
        }
        let targets = target_columns(&target.table, columns)?;
        if targets.len() != slots[index].len() {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!(
                    "Insert value list does not match column list expecting {} but got {}",
                    targets.len(),
                    slots[index].len()
                ),
            ));
        }
        let picked = take_record_batch(&answers, &UInt32Array::from(rows))
            .and_then(|b| b.project(&slots[index]))
            .map_err(EmulatorError::internal)?;
        inserted += picked.num_rows() as u64;
        changes.insert(fill_columns(session, &target.table, &targets, &picked).await?);
    }
    let mut counts = Vec::new();
    if request.has_insert {
        counts.push(("number of rows inserted", inserted));
    }
    if request.has_update {
        counts.push(("number of rows updated", updated));
    }
    if request.has_delete {
        counts.push(("number of rows deleted", deleted));
    }
    let changed = inserted + updated + deleted > 0;
    Ok((changed.then_some(changes), counts))
}

/// A WHEN clause of the statement, checked.
fn clause(clause: &sqlparser::ast::MergeClause) -> Result<Clause> {
    let matched = match clause.clause_kind {
        MergeClauseKind::Matched => true,
        MergeClauseKind::NotMatched | MergeClauseKind::NotMatchedByTarget => false,
        MergeClauseKind::NotMatchedBySource => {
            return Err(EmulatorError::unsupported("WHEN NOT MATCHED BY SOURCE"));
        }
    };
    let action = match &clause.action {
        MergeAction::Update(update) if matched => {
            if update.update_predicate.is_some() || update.delete_predicate.is_some() {
                return Err(EmulatorError::unsupported("MERGE UPDATE ... WHERE"));
            }
            let assignments = update
                .assignments
                .iter()
                .map(|assignment| match &assignment.target {
                    sqlparser::ast::AssignmentTarget::ColumnName(column) => {
                        let name = object_name_parts(column)?
                            .pop()
                            .ok_or_else(|| EmulatorError::invalid_identifier(column))?;
                        Ok((name, assignment.value.clone()))
                    }
                    sqlparser::ast::AssignmentTarget::Tuple(_) => Err(EmulatorError::unsupported(
                        "UPDATE SET (column, ...) = (value, ...)",
                    )),
                })
                .collect::<Result<Vec<_>>>()?;
            Action::Update(assignments)
        }
        MergeAction::Delete { .. } if matched => Action::Delete,
        MergeAction::Insert(insert) if !matched => {
            if insert.insert_predicate.is_some() {
                return Err(EmulatorError::unsupported("MERGE INSERT ... WHERE"));
            }
            let MergeInsertKind::Values(values) = &insert.kind else {
                return Err(EmulatorError::unsupported("MERGE INSERT ROW"));
            };
            let [row] = values.rows.as_slice() else {
                return Err(EmulatorError::compilation(
                    ErrorKind::SyntaxError,
                    "MERGE INSERT takes exactly one row of values",
                ));
            };
            Action::Insert {
                columns: insert.columns.clone(),
                values: row.to_vec(),
            }
        }
        other => {
            let when = if matched { "MATCHED" } else { "NOT MATCHED" };
            return Err(EmulatorError::compilation(
                ErrorKind::SyntaxError,
                format!("syntax error: WHEN {when} cannot {other}"),
            ));
        }
    };
    Ok(Clause {
        matched,
        predicate: clause.predicate.clone(),
        action,
    })
}

/// Snowflake's error for a target row that several source rows would change.
fn duplicate_row(target: &Target, row: usize) -> EmulatorError {
    let options = FormatOptions::default().with_null("NULL");
    let values: Vec<String> = target
        .rows
        .columns()
        .iter()
        .map(|column| {
            let text = ArrayFormatter::try_new(column.as_ref(), &options)
                .map(|f| f.value(row).to_string())
                .unwrap_or_default();
            match column.data_type() {
                arrow::datatypes::DataType::Utf8 if column.is_valid(row) => format!("\"{text}\""),
                _ => text,
            }
        })
        .collect();
    EmulatorError::new(
        ErrorKind::NondeterministicMerge,
        format!(
            "Duplicate row detected during DML action\nRow Values: [{}]",
            values.join(", ")
        ),
    )
}
