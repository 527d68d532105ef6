//! REST API v2 tasks (`openapi/task.yaml`): list, create, fetch, create-or-alter, delete,
//! `:execute`, `:resume`, `:suspend`, `/dependents`, `/current-graphs` and `/complete-graphs`.
//! Writes are CREATE / ALTER / DROP / EXECUTE TASK in the caller's session; the graph endpoints
//! read the runs EXECUTE TASK records on the root task.

use std::sync::Arc;

use axum::{Json, Router, response::Response, routing::get};
use chrono::Utc;
use serde_json::Value;

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::{Row, alter_action, named, object_ref, run_ddl, schema_ref},
    error::RestError,
    params::{CreateMode, Params, RestPath, canonical, sql_string},
    schema_objects, split_action, success,
    task_model::{TaskBody, is_complete, task_json, task_run_json},
};
use crate::{
    catalog::{Name, ObjectPath, Task, TaskRunState},
    server::router::AppState,
};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    let base = "/api/v2/databases/{database}/schemas/{schema}/tasks";
    Router::new()
        .route(base, get(list).post(create))
        .route(
            &format!("{base}/{{name}}"),
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
        .route(&format!("{base}/{{name}}/dependents"), get(dependents))
        .route(
            &format!("{base}/{{name}}/current-graphs"),
            get(current_graphs),
        )
        .route(
            &format!("{base}/{{name}}/complete-graphs"),
            get(complete_graphs),
        )
}

/// The catalog path of a task named in the URL.
fn path_of(database: &str, schema: &str, name: &str) -> ObjectPath {
    ObjectPath {
        database: Name::canonical(canonical(database)),
        schema: Name::canonical(canonical(schema)),
        name: Name::canonical(canonical(name)),
    }
}

/// The catalog's task at `path` (from the caller's snapshot), or 404.
fn catalog_task(caller: &Caller, path: &ObjectPath) -> Result<Arc<Task>, RestError> {
    caller
        .session()
        .snapshot()
        .task(path)
        .cloned()
        .map_err(RestError::from)
}

/// The catalog's task of a SHOW TASKS row.
fn task_of(caller: &Caller, row: &Row) -> Option<Arc<Task>> {
    let text = |column: &str| row.get(column).and_then(Value::as_str).map(str::to_owned);
    let path = ObjectPath {
        database: Name::canonical(text("database_name")?),
        schema: Name::canonical(text("schema_name")?),
        name: Name::canonical(text("name")?),
    };
    caller.session().snapshot().task(&path).ok().cloned()
}

/// The Task model of a SHOW TASKS row.
fn model(caller: &Caller, row: &Row) -> Value {
    task_json(row, task_of(caller, row).as_deref())
}

/// What SHOW calls this resource.
const SHOW: &str = "TASKS";

/// `GET …/tasks?rootOnly=&like=&startsWith=&showLimit=&fromName=`.
async fn list(
    caller: Caller,
    params: Params,
    RestPath((database, schema)): RestPath<(String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, "list tasks");
    let filter = params.list_filter()?;
    // ROOT ONLY sits between STARTS WITH and LIMIT, so the tail is written here.
    let mut sql = format!(
        "SHOW TASKS{} IN SCHEMA {}",
        filter.like_clause(),
        schema_ref(&database, &schema)?
    );
    if let Some(prefix) = &filter.starts_with {
        sql.push_str(&format!(" STARTS WITH {}", sql_string(prefix)));
    }
    if params.flag("rootOnly", false)? {
        sql.push_str(" ROOT ONLY");
    }
    if let Some(limit) = filter.show_limit {
        sql.push_str(&format!(" LIMIT {limit}"));
        if let Some(from) = &filter.from_name {
            sql.push_str(&format!(" FROM {}", sql_string(from)));
        }
    }
    let rows = caller.sql_rows(&sql).await?;
    Ok(Json(
        rows.iter()
            .filter(|row| filter.keep_row(row))
            .map(|row| model(&caller, row))
            .collect(),
    ))
}

/// `POST …/tasks?createMode=`.
async fn create(
    caller: Caller,
    params: Params,
    RestPath((database, schema)): RestPath<(String, String)>,
    JsonBody(body): JsonBody<TaskBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name = %body.name, "create task");
    let sql = body.create_sql(params.create_mode()?, &database, &schema)?;
    run_ddl(&caller, &sql).await
}

/// `GET …/tasks/{name}`.
async fn fetch(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    let object = (
        crate::catalog::TagDomain::Task,
        &[database.as_str(), &schema, name][..],
    );
    if let Some(answer) = schema_objects::get_action(&caller, object, action, &query, "task").await
    {
        return answer;
    }
    tracing::debug!(user = %caller.user, database, schema, name, "fetch task");
    let row = schema_objects::find(&caller, SHOW, (&database, &schema), name)
        .await?
        .ok_or_else(|| {
            RestError::not_found("Task", &path_of(&database, &schema, name).to_string())
        })?;
    Ok(Json(model(&caller, &row)))
}

/// `PUT …/tasks/{name}`: creates the task, or alters it to match the body (keeping its id,
/// state and run history).
async fn create_or_alter(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    JsonBody(mut body): JsonBody<TaskBody>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "create or alter task");
    body.name = name;
    let path = path_of(&database, &schema, &body.name);
    let current = match caller.session().snapshot().task(&path) {
        Ok(task) => Arc::clone(task),
        Err(_) => {
            let sql = body.create_sql(CreateMode::ErrorIfExists, &database, &schema)?;
            return run_ddl(&caller, &sql).await;
        }
    };
    let target = object_ref(&database, &schema, &body.name)?;
    for statement in body.alter_sql(&target, &path, &current)? {
        caller.sql(&statement).await?;
    }
    Ok(success("Statement executed successfully."))
}

/// `DELETE …/tasks/{name}?ifExists=`.
async fn delete(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Response, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "drop task");
    schema_objects::drop(&caller, &params, "TASK", (&database, &schema), &name).await
}

/// `POST …/tasks/{name}:execute|:resume|:suspend`.
async fn action(
    caller: Caller,
    params: Params,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    let (domain, names) = (
        crate::catalog::TagDomain::Task,
        [database.as_str(), &schema, name],
    );
    if let Some(answer) =
        super::tags::post_if_asked(&caller, domain, &names, action, &params, &body).await
    {
        return answer;
    }
    let target = object_ref(&database, &schema, name)?;
    tracing::debug!(user = %caller.user, database, schema, name, ?action, "task action");
    if action == Some("execute") {
        let retry = if params.flag("retryLast", false)? {
            " RETRY LAST"
        } else {
            ""
        };
        // asyncExec only changes when the answer comes; runs here finish quickly, so the run
        // completes before the answer either way.
        params.flag("asyncExec", false)?;
        return run_ddl(&caller, &format!("EXECUTE TASK {target}{retry}")).await;
    }
    let verbs = [("resume", "RESUME"), ("suspend", "SUSPEND")];
    alter_action(&caller, &params, action, ("TASK", &target), &verbs).await
}

/// `GET …/tasks/{name}/dependents?recursive=`: the task itself, then the tasks after it (all
/// of them, or only its children), then the graph's finalizer, as TASK_DEPENDENTS lists them.
async fn dependents(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "task dependents");
    let recursive = params.flag("recursive", true)?;
    let path = path_of(&database, &schema, &name);
    let root = catalog_task(&caller, &path)?;
    let rows = caller
        .sql_rows(&format!(
            "SHOW TASKS IN SCHEMA {}",
            schema_ref(&database, &schema)?
        ))
        .await?;
    let snapshot = caller.session().snapshot();
    let tasks = &snapshot.schema(&path.database, &path.schema)?.tasks;
    let mut order = vec![root.name.clone()];
    let mut next = 0;
    while next < order.len() {
        let parent = ObjectPath {
            name: order[next].clone(),
            ..path.clone()
        };
        next += 1;
        if next > 1 && !recursive {
            break;
        }
        for (child, task) in tasks {
            if task.predecessors.contains(&parent) && !order.contains(child) {
                order.push(child.clone());
            }
        }
    }
    if root.is_root()
        && let Some(finalizer) = tasks.values().find(|t| t.finalize.as_ref() == Some(&path))
        && !order.contains(&finalizer.name)
    {
        order.push(finalizer.name.clone());
    }
    Ok(Json(
        order
            .iter()
            .filter_map(|name| named(rows.clone(), name.as_str()))
            .map(|row| model(&caller, &row))
            .collect(),
    ))
}

/// `resultLimit` (1 to 10000, 1000 when absent).
fn result_limit(params: &Params) -> Result<usize, RestError> {
    match params.get("resultLimit").map(str::trim) {
        None | Some("") => Ok(1000),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| {
                RestError::bad_request(format!(
                    "Invalid value '{text}' for parameter resultLimit: expected an integer from 1 to 10000."
                ))
            }),
    }
}

/// `GET …/tasks/{name}/current-graphs?resultLimit=`: graph runs still going, then the next
/// scheduled run of a resumed root task with an interval schedule.
async fn current_graphs(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "current task graphs");
    let limit = result_limit(&params)?;
    let path = path_of(&database, &schema, &name);
    let root = catalog_task(&caller, &path)?;
    let mut runs: Vec<Value> = root
        .graph_runs
        .iter()
        .rev()
        .filter(|run| !is_complete(run.state))
        .map(|run| task_run_json(&path, &root, run))
        .collect();
    if let Some(upcoming) = upcoming_run(&root) {
        runs.push(task_run_json(&path, &root, &upcoming));
    }
    runs.truncate(limit);
    Ok(Json(runs))
}

/// The next scheduled run of a resumed root task on an interval schedule.
fn upcoming_run(root: &Task) -> Option<crate::catalog::GraphRun> {
    let crate::catalog::TaskSchedule::Interval { seconds, .. } = root.schedule.as_ref()? else {
        return None;
    };
    if root.state != crate::catalog::TaskState::Started || !root.is_root() {
        return None;
    }
    let period = chrono::Duration::seconds(i64::try_from(*seconds).ok()?);
    let since = root
        .graph_runs
        .last()
        .map(|run| run.scheduled_time)
        .or(root.last_committed_on)
        .unwrap_or_else(Utc::now);
    let mut due = since + period;
    let now = Utc::now();
    while due < now {
        due += period;
    }
    Some(crate::catalog::GraphRun {
        graph_run_group_id: String::new(),
        run_id: due.timestamp_millis(),
        state: TaskRunState::Scheduled,
        first_error_task_name: None,
        first_error_code: None,
        first_error_message: None,
        scheduled_time: due,
        query_start_time: None,
        completed_time: None,
        root_task_id: root.id.clone(),
        graph_version: root.graph_version,
    })
}

/// `GET …/tasks/{name}/complete-graphs?resultLimit=&errorOnly=`: finished graph runs of the
/// last 60 minutes, newest first.
async fn complete_graphs(
    caller: Caller,
    params: Params,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(user = %caller.user, database, schema, name, "complete task graphs");
    let limit = result_limit(&params)?;
    let error_only = params.flag("errorOnly", false)?;
    let path = path_of(&database, &schema, &name);
    let root = catalog_task(&caller, &path)?;
    let since = Utc::now() - chrono::Duration::minutes(60);
    Ok(Json(
        root.graph_runs
            .iter()
            .rev()
            .filter(|run| is_complete(run.state))
            .filter(|run| run.completed_time.is_none_or(|at| at >= since))
            .filter(|run| !error_only || run.state == TaskRunState::Failed)
            .take(limit)
            .map(|run| task_run_json(&path, &root, run))
            .collect(),
    ))
}
