//! EXECUTE TASK: runs a standalone or root task now, then the resumed tasks of its graph whose
//! predecessors all succeeded, then its finalizer. Each task's statement runs in a new session
//! as the task's owner role, in the task's schema and warehouse, with its session parameters.
//! Every run is recorded on its task, and the graph run on the root, for TASK_HISTORY and the
//! REST API's current and complete graph endpoints. The run completes before EXECUTE TASK
//! returns. RETRY LAST runs the last graph run again if it failed: a new attempt in the same
//! graph run group, where the tasks that succeeded then are not run again.

use std::{collections::BTreeMap, future::Future, pin::Pin, sync::Arc};

use chrono::{DateTime, Utc};

use super::{executed, invalid_state, object_path, syntax::Syntax, task::finalizer_of};
use crate::{
    catalog::{GraphRun, Name, ObjectPath, Task, TaskRun, TaskRunState, TaskState},
    engine::{QueryResult, Session, new_query_id},
    error::{EmulatorError, Result},
    sql::binds::Binds,
};

/// The outcome of one task's run within a graph run.
#[derive(Debug, Clone)]
struct Outcome {
    state: TaskRunState,
    error: Option<EmulatorError>,
}

/// The user task statements run as.
const TASK_USER: &str = "SYSTEM";

/// A statement's future with its type written out: running a task runs statements, which may
/// execute tasks again, so the future is boxed to break the cycle.
type Running<'a> = Pin<Box<dyn Future<Output = Result<QueryResult>> + Send + 'a>>;

/// `EXECUTE TASK t [RETRY LAST]` (after EXECUTE TASK).
pub(super) fn execute<'a>(session: &'a Session, syntax: Syntax<'a>) -> Running<'a> {
    Box::pin(execute_task(session, syntax))
}

async fn execute_task(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "EXECUTE TASK")?;
    let retry = syntax.accept_all(&["RETRY", "LAST"]);
    syntax.finish()?;
    let snapshot = session.snapshot();
    let root = snapshot.task(&path)?.clone();
    if !root.is_root() {
        return Err(invalid_state(format!(
            "Task '{path}' is a child or finalizer task; EXECUTE TASK runs only standalone and root tasks."
        )));
    }
    let tasks: BTreeMap<Name, Arc<Task>> =
        snapshot.schema(&path.database, &path.schema)?.tasks.clone();
    let (retried, attempt) = if retry {
        retry_plan(&path, &root, &tasks)?
    } else {
        (None, 1)
    };
    let scheduled: DateTime<Utc> = Utc::now();
    let mut graph = GraphRun {
        graph_run_group_id: uuid::Uuid::new_v4().to_string(),
        run_id: scheduled.timestamp_millis(),
        state: TaskRunState::Executing,
        first_error_task_name: None,
        first_error_code: None,
        first_error_message: None,
        scheduled_time: scheduled,
        query_start_time: None,
        completed_time: None,
        root_task_id: root.id.clone(),
        graph_version: root.graph_version,
    };
    if let Some((group, _)) = &retried {
        graph.graph_run_group_id = group.clone();
    }
    // A task's statement executing its own graph again would never end.
    let nested = session.state().user == TASK_USER;
    // Register the run (or skip it, when an earlier run is still going and may not overlap).
    let overlapping = {
        let (path, graph) = (path.clone(), graph.clone());
        session
            .engine()
            .commit(move |catalog| {
                let task = catalog.task_mut(&path)?;
                let busy = task
                    .graph_runs
                    .iter()
                    .any(|r| r.state == TaskRunState::Executing);
                if busy && nested {
                    return Err(invalid_state(format!(
                        "Task '{path}' is running; a task cannot execute its own graph."
                    )));
                }
                if busy && !task.allow_overlapping_execution {
                    task.record_graph_run(GraphRun {
                        state: TaskRunState::Skipped,
                        completed_time: Some(Utc::now()),
                        ..graph
                    });
                    return Ok(true);
                }
                task.record_graph_run(graph);
                if task.last_committed_on.is_none() {
                    task.last_committed_on = Some(Utc::now());
                }
                Ok(false)
            })
            .await?
    };
    if overlapping {
        return executed();
    }
    let mut outcomes: BTreeMap<Name, Outcome> = BTreeMap::new();
    let mut order = vec![root.name.clone()];
    let mut next = 0;
    while next < order.len() {
        let name = order[next].clone();
        next += 1;
        let Some(task) = tasks.get(&name) else {
            continue;
        };
        let task_path = ObjectPath {
            name: name.clone(),
            ..path.clone()
        };
        let succeeded_before = retried
            .as_ref()
            .is_some_and(|(_, succeeded)| succeeded.contains(&name));
        let outcome = if succeeded_before {
            Outcome {
                state: TaskRunState::Succeeded,
                error: None,
            }
        } else {
            run_task(session, &task_path, task, &graph, attempt).await?
        };
        if graph.query_start_time.is_none() {
            graph.query_start_time = Some(Utc::now());
        }
        if outcome.state == TaskRunState::Failed && graph.first_error_task_name.is_none() {
            graph.first_error_task_name = Some(name.to_string());
            graph.first_error_code = outcome.error.as_ref().map(|e| e.code().to_owned());
            graph.first_error_message = outcome.error.as_ref().map(ToString::to_string);
        }
        outcomes.insert(name, outcome);
        // Children whose predecessors have all finished well, resumed ones only, by name.
        for (child_name, child) in &tasks {
            if order.contains(child_name) || child.predecessors.is_empty() {
                continue;
            }
            let ready = child.predecessors.iter().all(|p| {
                p.database == path.database
                    && p.schema == path.schema
                    && outcomes.get(&p.name).is_some_and(|o| {
                        matches!(o.state, TaskRunState::Succeeded | TaskRunState::Skipped)
                    })
            });
            if ready && child.state == TaskState::Started {
                order.push(child_name.clone());
            }
        }
    }
    if let Some(finalizer) = finalizer_of(&tasks, &path)
        && finalizer.state == TaskState::Started
    {
        let finalizer_path = ObjectPath {
            name: finalizer.name.clone(),
            ..path.clone()
        };
        let outcome = run_task(session, &finalizer_path, finalizer, &graph, attempt).await?;
        if outcome.state == TaskRunState::Failed && graph.first_error_task_name.is_none() {
            graph.first_error_task_name = Some(finalizer.name.to_string());
            graph.first_error_code = outcome.error.as_ref().map(|e| e.code().to_owned());
            graph.first_error_message = outcome.error.as_ref().map(ToString::to_string);
        }
    }
    graph.state = if graph.first_error_task_name.is_some() {
        TaskRunState::Failed
    } else if outcomes
        .get(&root.name)
        .is_some_and(|o| o.state == TaskRunState::Skipped)
    {
        TaskRunState::Skipped
    } else {
        TaskRunState::Succeeded
    };
    graph.completed_time = Some(Utc::now());
    session
        .engine()
        .commit(move |catalog| {
            // The task may have been dropped while it ran; then there is nothing to record on.
            let Ok(task) = catalog.task_mut(&path) else {
                return Ok(());
            };
            task.record_graph_run(graph);
            let limit = usize::try_from(task.suspend_task_after_num_failures).unwrap_or(usize::MAX);
            let failures = task
                .graph_runs
                .iter()
                .rev()
                .take_while(|r| r.state == TaskRunState::Failed)
                .count();
            if limit > 0 && failures >= limit && task.state == TaskState::Started {
                task.state = TaskState::Suspended;
                task.last_suspended_on = Some(Utc::now());
            }
            Ok(())
        })
        .await?;
    executed()
}

/// What RETRY LAST re-runs: the last graph run's group id and the tasks that succeeded in
/// it, and the attempt number of the retry; an error when that run did not fail.
#[allow(clippy::type_complexity)]
fn retry_plan(
    path: &ObjectPath,
    root: &Task,
    tasks: &BTreeMap<Name, Arc<Task>>,
) -> Result<(Option<(String, Vec<Name>)>, u32)> {
    let last = root
        .graph_runs
        .iter()
        .rev()
        .find(|run| run.state != TaskRunState::Skipped)
        .filter(|run| run.state == TaskRunState::Failed)
        .ok_or_else(|| {
            invalid_state(format!(
                "Cannot perform retry: task graph '{path}' has no failed graph run to retry."
            ))
        })?;
    let runs_of_last = |task: &Task| {
        task.runs
            .iter()
            .filter(|run| run.graph_run_group_id == last.graph_run_group_id)
            .max_by_key(|run| run.attempt_number)
            .cloned()
    };
    let succeeded = tasks
        .iter()
        .filter(|(_, task)| {
            runs_of_last(task).is_some_and(|run| run.state == TaskRunState::Succeeded)
        })
        .map(|(name, _)| name.clone())
        .collect();
    let attempt = tasks
        .values()
        .filter_map(|task| runs_of_last(task).map(|run| run.attempt_number))
        .max()
        .unwrap_or(1)
        + 1;
    Ok((Some((last.graph_run_group_id.clone(), succeeded)), attempt))
}

/// Runs one task's statement (after its WHEN condition) and records the run on the task.
async fn run_task(
    session: &Session,
    path: &ObjectPath,
    task: &Task,
    graph: &GraphRun,
    attempt: u32,
) -> Result<Outcome> {
    let runner = session.engine().session(TASK_USER);
    let missing_warehouse = task
        .warehouse
        .as_ref()
        .filter(|w| !session.snapshot().warehouses.contains_key(*w))
        .cloned();
    runner.update(|state| {
        state.role = task.info.owner.clone();
        state.database = Some(path.database.clone());
        state.schema = Some(path.schema.clone());
        state.warehouse = task.warehouse.clone();
        state.parameters.extend(task.session_parameters.clone());
    });
    let started = Utc::now();
    let query_id = new_query_id();
    let mut outcome = Outcome {
        state: TaskRunState::Succeeded,
        error: None,
    };
    let mut attempted = false;
    if let Some(warehouse) = missing_warehouse {
        outcome = Outcome {
            state: TaskRunState::Failed,
            error: Some(EmulatorError::not_found("Warehouse", warehouse)),
        };
    } else {
        let go_on = match &task.condition {
            None => Ok(true),
            Some(condition) => runner
                .execute(&format!("SELECT ({condition})"), &Binds::none())
                .await
                .map(|result| condition_holds(&result)),
        };
        match go_on {
            Ok(false) => outcome.state = TaskRunState::Skipped,
            Err(error) => {
                outcome = Outcome {
                    state: TaskRunState::Failed,
                    error: Some(error),
                };
            }
            Ok(true) => {
                attempted = true;
                let binds = Binds::none();
                let statement = runner.execute_with_id(&query_id, &task.definition, &binds);
                if let Err(error) = statement.await {
                    outcome = Outcome {
                        state: TaskRunState::Failed,
                        error: Some(error),
                    };
                }
            }
        }
    }
    let run = TaskRun {
        graph_run_group_id: graph.graph_run_group_id.clone(),
        run_id: graph.run_id,
        query_id: attempted.then(|| query_id.clone()),
        state: outcome.state,
        error_code: outcome.error.as_ref().map(|e| e.code().to_owned()),
        error_message: outcome.error.as_ref().map(ToString::to_string),
        scheduled_time: graph.scheduled_time,
        query_start_time: Some(started),
        completed_time: Some(Utc::now()),
        root_task_id: graph.root_task_id.clone(),
        attempt_number: attempt,
    };
    let path = path.clone();
    session
        .engine()
        .commit(move |catalog| {
            if let Ok(task) = catalog.task_mut(&path) {
                task.record_run(run);
            }
            Ok(())
        })
        .await?;
    Ok(outcome)
}

/// Whether a `SELECT (<condition>)` result is one TRUE value.
fn condition_holds(result: &QueryResult) -> bool {
    use arrow::array::{Array, BooleanArray};
    result
        .batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .and_then(|batch| {
            let column = batch.column(0).as_any().downcast_ref::<BooleanArray>()?;
            (!column.is_null(0)).then(|| column.value(0))
        })
        .unwrap_or(false)
}
