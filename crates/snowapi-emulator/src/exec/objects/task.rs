//! CREATE, ALTER, DROP, SHOW and DESCRIBE TASK. The statement after AS and the WHEN condition
//! are kept exactly as written; new tasks are suspended. EXECUTE TASK is in `task_run`.

use std::{collections::BTreeMap, sync::Arc};

use chrono::Utc;
use sqlparser::tokenizer::Token;

use super::{
    CreateHeader, Dropped, created, executed, invalid_state, object_path,
    rows::{Cell, Kind, Rows, opt_text, opt_time, text, time, true_false},
    syntax::{Syntax, Value, invalid_value},
};
use crate::{
    catalog::{Name, ObjectPath, Schema, Task, TaskSchedule, TaskState},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// Task properties other than the ones [`Task`] has fields for, kept in `Task::properties`.
const TASK_PROPERTIES: &[&str] = &[
    "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
    "USER_TASK_TIMEOUT_MS",
    "ERROR_INTEGRATION",
    "SUCCESS_INTEGRATION",
    "TASK_AUTO_RETRY_ATTEMPTS",
    "USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS",
    "TARGET_COMPLETION_INTERVAL",
    "SERVERLESS_TASK_MIN_STATEMENT_SIZE",
    "SERVERLESS_TASK_MAX_STATEMENT_SIZE",
    "EXECUTE_AS_USER",
    "LOG_LEVEL",
    "TRACE_LEVEL",
    "OVERLAP_POLICY",
];

/// Session parameters a task may set for its statement.
const SESSION_PARAMETERS: &[&str] = &[
    "ABORT_DETACHED_QUERY",
    "AUTOCOMMIT",
    "BINARY_INPUT_FORMAT",
    "BINARY_OUTPUT_FORMAT",
    "CLIENT_TIMESTAMP_TYPE_MAPPING",
    "DATE_INPUT_FORMAT",
    "DATE_OUTPUT_FORMAT",
    "ERROR_ON_NONDETERMINISTIC_MERGE",
    "ERROR_ON_NONDETERMINISTIC_UPDATE",
    "GEOGRAPHY_OUTPUT_FORMAT",
    "JSON_INDENT",
    "LOCK_TIMEOUT",
    "MULTI_STATEMENT_COUNT",
    "QUERY_TAG",
    "QUOTED_IDENTIFIERS_IGNORE_CASE",
    "ROWS_PER_RESULTSET",
    "SEARCH_PATH",
    "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS",
    "STATEMENT_TIMEOUT_IN_SECONDS",
    "STRICT_JSON_OUTPUT",
    "TIMESTAMP_DAY_IS_ALWAYS_24H",
    "TIMESTAMP_INPUT_FORMAT",
    "TIMESTAMP_LTZ_OUTPUT_FORMAT",
    "TIMESTAMP_NTZ_OUTPUT_FORMAT",
    "TIMESTAMP_OUTPUT_FORMAT",
    "TIMESTAMP_TYPE_MAPPING",
    "TIMESTAMP_TZ_OUTPUT_FORMAT",
    "TIMEZONE",
    "TIME_INPUT_FORMAT",
    "TIME_OUTPUT_FORMAT",
    "TRANSACTION_DEFAULT_ISOLATION_LEVEL",
    "TWO_DIGIT_CENTURY_START",
    "UNSUPPORTED_DDL_ACTION",
    "USE_CACHED_RESULT",
    "WEEK_OF_YEAR_POLICY",
    "WEEK_START",
];

/// `DB.SCHEMA.NAME` with each part quoted where needed, as SHOW TASKS names predecessors.
pub(super) fn qualified(path: &ObjectPath) -> String {
    format!(
        "{}.{}.{}",
        path.database.to_sql(),
        path.schema.to_sql(),
        path.name.to_sql()
    )
}

/// Sets one `NAME = value` property; `false` when the name is neither a task property nor a
/// session parameter.
fn apply(task: &mut Task, key: &str, value: &Value) -> Result<bool> {
    let bad = || invalid_value(key, value);
    match key {
        "WAREHOUSE" => task.warehouse = Some(Name::canonical(value.text().ok_or_else(bad)?)),
        "SCHEDULE" => {
            let text = match value {
                Value::Text(text) => text,
                _ => return Err(bad()),
            };
            task.schedule = Some(TaskSchedule::parse(text).ok_or_else(bad)?);
        }
        "CONFIG" => {
            let Value::Text(config) = value else {
                return Err(bad());
            };
            serde_json::from_str::<serde_json::Value>(config).map_err(|_| bad())?;
            task.config = Some(config.clone());
        }
        "ALLOW_OVERLAPPING_EXECUTION" => {
            task.allow_overlapping_execution = value.boolean().ok_or_else(bad)?;
        }
        "SUSPEND_TASK_AFTER_NUM_FAILURES" => {
            task.suspend_task_after_num_failures = value.unsigned().ok_or_else(bad)?;
        }
        "COMMENT" => task.info.comment = Some(super::comment_value(value)?),
        _ if TASK_PROPERTIES.contains(&key) => {
            let text = value.text().ok_or_else(bad)?;
            task.properties.insert(key.to_owned(), text.to_owned());
        }
        _ if SESSION_PARAMETERS.contains(&key) => {
            let text = value.text().ok_or_else(bad)?;
            task.session_parameters
                .insert(key.to_owned(), text.to_owned());
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Puts a property back to its default; `false` when the name is not one.
fn unset(task: &mut Task, key: &str) -> bool {
    match key {
        "WAREHOUSE" => task.warehouse = None,
        "SCHEDULE" => task.schedule = None,
        "CONFIG" => task.config = None,
        "ALLOW_OVERLAPPING_EXECUTION" => task.allow_overlapping_execution = false,
        "SUSPEND_TASK_AFTER_NUM_FAILURES" => {
            task.suspend_task_after_num_failures = crate::catalog::DEFAULT_SUSPEND_AFTER_FAILURES;
        }
        "COMMENT" => task.info.comment = None,
        "FINALIZE" => task.finalize = None,
        _ if TASK_PROPERTIES.contains(&key) => {
            task.properties.remove(key);
        }
        _ if SESSION_PARAMETERS.contains(&key) => {
            task.session_parameters.remove(key);
        }
        _ => return false,
    }
    true
}

/// `AFTER a, b` (after the keyword): the predecessors' paths.
fn read_after(
    session: &Session,
    syntax: &mut Syntax<'_>,
    command: &str,
) -> Result<Vec<ObjectPath>> {
    let mut out = vec![object_path(session, syntax.name()?, command)?];
    while syntax.accept_token(&Token::Comma) {
        out.push(object_path(session, syntax.name()?, command)?);
    }
    Ok(out)
}

/// Checks a task's graph links against the tasks of its schema: predecessors and the finalized
/// root exist in the same schema, no cycles, and schedules only on roots.
fn check_graph(path: &ObjectPath, task: &Task, schema: &Schema) -> Result<()> {
    let same_schema =
        |other: &ObjectPath| other.database == path.database && other.schema == path.schema;
    if !task.predecessors.is_empty() && task.schedule.is_some() {
        return Err(invalid_state(format!(
            "Task '{path}' cannot have both a schedule and predecessors."
        )));
    }
    if task.predecessors.len() > 100 {
        return Err(invalid_value("AFTER", &task.predecessors.len()));
    }
    for predecessor in &task.predecessors {
        if !same_schema(predecessor) {
            return Err(invalid_state(format!(
                "Task '{path}' and its predecessor '{predecessor}' must be in the same database and schema."
            )));
        }
        let other = schema
            .tasks
            .get(&predecessor.name)
            .ok_or_else(|| EmulatorError::not_found("Task", predecessor))?;
        if other.finalize.is_some() {
            return Err(invalid_state(format!(
                "Finalizer task '{predecessor}' cannot be a predecessor."
            )));
        }
    }
    if let Some(root) = &task.finalize {
        if task.schedule.is_some() || !task.predecessors.is_empty() {
            return Err(invalid_state(format!(
                "Finalizer task '{path}' cannot have a schedule or predecessors."
            )));
        }
        if !same_schema(root) {
            return Err(invalid_state(format!(
                "Task '{path}' and the root task '{root}' must be in the same database and schema."
            )));
        }
        let root_task = schema
            .tasks
            .get(&root.name)
            .ok_or_else(|| EmulatorError::not_found("Task", root))?;
        if !root_task.is_root() {
            return Err(invalid_state(format!("Task '{root}' is not a root task.")));
        }
        let taken = schema
            .tasks
            .values()
            .any(|t| t.name != task.name && t.finalize.as_ref() == Some(root));
        if taken {
            return Err(invalid_state(format!(
                "Root task '{root}' already has a finalizer task."
            )));
        }
    }
    // A cycle: following predecessors from this task leads back to it.
    let mut stack: Vec<Name> = task.predecessors.iter().map(|p| p.name.clone()).collect();
    let mut seen: Vec<Name> = Vec::new();
    while let Some(name) = stack.pop() {
        if name == path.name {
            return Err(invalid_state(format!(
                "Adding these predecessors to task '{path}' would create a cycle."
            )));
        }
        if seen.contains(&name) {
            continue;
        }
        if let Some(other) = schema.tasks.get(&name) {
            stack.extend(other.predecessors.iter().map(|p| p.name.clone()));
        }
        seen.push(name);
    }
    Ok(())
}

/// `CREATE [OR REPLACE] TASK [IF NOT EXISTS] t [WAREHOUSE = w] [SCHEDULE = '...'] [CONFIG = '...']
/// [ALLOW_OVERLAPPING_EXECUTION = b] [<session parameter> = v ...] [COMMENT = '...']
/// [FINALIZE = root] [AFTER a, b] [WHEN <condition>] AS <statement>`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "CREATE TASK")?;
    let mut task = Task::new(path.name.clone(), &session.state().role, String::new());
    loop {
        if syntax.accept("AS") {
            break;
        }
        if syntax.is_done() {
            return Err(syntax.unexpected());
        }
        if syntax.peek(&["WITH", "TAG"]) || syntax.peek(&["TAG"]) {
            return Err(EmulatorError::unsupported("tags on tasks"));
        }
        if syntax.peek(&["WITH", "CONTACT"]) {
            return Err(EmulatorError::unsupported("contacts on tasks"));
        }
        if syntax.accept("AFTER") {
            task.predecessors = read_after(session, &mut syntax, "CREATE TASK")?;
            continue;
        }
        if syntax.accept("WHEN") {
            let start = syntax.position();
            let end = syntax.find_keyword("AS").ok_or_else(|| {
                let mut at_end = syntax.clone();
                at_end.rest();
                at_end.unexpected()
            })?;
            if end == start {
                return Err(syntax.unexpected());
            }
            task.condition = Some(syntax.text_between(start, end).to_owned());
            syntax.rewind(end);
            continue;
        }
        if syntax.accept("FINALIZE") {
            syntax.expect_token(&Token::Eq)?;
            task.finalize = Some(object_path(session, syntax.name()?, "CREATE TASK")?);
            continue;
        }
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if !apply(&mut task, &key, &value)? {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
    }
    if syntax.is_done() {
        return Err(syntax.unexpected());
    }
    task.definition = syntax.rest().to_owned();
    let new = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let schema = catalog.schema_mut(&path.database, &path.schema)?;
                if schema.tasks.contains_key(&path.name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                check_graph(&path, &task, schema)?;
                schema.tasks.insert(path.name.clone(), Arc::new(task));
                Ok(true)
            })
            .await?
    };
    created("Task", &path.name, new)
}

/// `ALTER TASK [IF EXISTS] t RESUME | SUSPEND | SET ... | UNSET ... | ADD AFTER ... |
/// REMOVE AFTER ... | MODIFY AS <statement> | MODIFY WHEN <condition> | REMOVE WHEN`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "ALTER TASK")?;
    enum Change {
        Resume,
        Suspend,
        Set(Vec<(String, Value)>, Option<ObjectPath>),
        Unset(Vec<String>),
        AddAfter(Vec<ObjectPath>),
        RemoveAfter(Vec<ObjectPath>),
        Definition(String),
        Condition(Option<String>),
    }
    let change = if syntax.accept("RESUME") {
        Change::Resume
    } else if syntax.accept("SUSPEND") {
        Change::Suspend
    } else if syntax.accept("SET") {
        let mut properties = Vec::new();
        let mut finalize = None;
        let mut probe = Task::new(path.name.clone(), "", String::new());
        while !syntax.is_done() {
            if syntax.accept("FINALIZE") {
                syntax.expect_token(&Token::Eq)?;
                finalize = Some(object_path(session, syntax.name()?, "ALTER TASK")?);
                syntax.accept_token(&Token::Comma);
                continue;
            }
            let at = syntax.position();
            let (key, value) = syntax.property()?;
            if !apply(&mut probe, &key, &value)? {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
            properties.push((key, value));
            syntax.accept_token(&Token::Comma);
        }
        if properties.is_empty() && finalize.is_none() {
            return Err(syntax.unexpected());
        }
        Change::Set(properties, finalize)
    } else if syntax.accept("UNSET") {
        let names = syntax.names_list()?;
        let mut probe = Task::new(path.name.clone(), "", String::new());
        if let Some(unknown) = names.iter().find(|n| !unset(&mut probe, n)) {
            return Err(invalid_value("UNSET", unknown));
        }
        Change::Unset(names)
    } else if syntax.accept_all(&["ADD", "AFTER"]) {
        Change::AddAfter(read_after(session, &mut syntax, "ALTER TASK")?)
    } else if syntax.accept_all(&["REMOVE", "AFTER"]) {
        Change::RemoveAfter(read_after(session, &mut syntax, "ALTER TASK")?)
    } else if syntax.accept_all(&["MODIFY", "AS"]) {
        if syntax.is_done() {
            return Err(syntax.unexpected());
        }
        Change::Definition(syntax.rest().to_owned())
    } else if syntax.accept_all(&["MODIFY", "WHEN"]) {
        if syntax.is_done() {
            return Err(syntax.unexpected());
        }
        Change::Condition(Some(syntax.rest().to_owned()))
    } else if syntax.accept_all(&["REMOVE", "WHEN"]) {
        Change::Condition(None)
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    session
        .write(move |catalog| {
            let schema = match catalog.schema_mut(&path.database, &path.schema) {
                Ok(schema) => schema,
                Err(_) if if_exists => return Ok(()),
                Err(_) => return Err(EmulatorError::not_found("Task", &path)),
            };
            let Some(current) = schema.tasks.get(&path.name).cloned() else {
                return if if_exists {
                    Ok(())
                } else {
                    Err(EmulatorError::not_found("Task", &path))
                };
            };
            let mut task = (*current).clone();
            let now = Utc::now();
            let mut definition_changed = true;
            match change {
                Change::Resume => {
                    definition_changed = false;
                    if task.state != TaskState::Started {
                        task.state = TaskState::Started;
                        task.last_committed_on = Some(now);
                    }
                }
                Change::Suspend => {
                    definition_changed = false;
                    if task.state != TaskState::Suspended {
                        task.state = TaskState::Suspended;
                        task.last_suspended_on = Some(now);
                    }
                }
                Change::Set(properties, finalize) => {
                    for (key, value) in &properties {
                        apply(&mut task, key, value)?;
                    }
                    if finalize.is_some() {
                        task.finalize = finalize;
                    }
                }
                Change::Unset(names) => {
                    for key in &names {
                        unset(&mut task, key);
                    }
                }
                Change::AddAfter(predecessors) => {
                    for predecessor in predecessors {
                        if !task.predecessors.contains(&predecessor) {
                            task.predecessors.push(predecessor);
                        }
                    }
                }
                Change::RemoveAfter(predecessors) => {
                    task.predecessors.retain(|p| !predecessors.contains(p));
                }
                Change::Definition(definition) => task.definition = definition,
                Change::Condition(condition) => task.condition = condition,
            }
            if definition_changed {
                check_graph(&path, &task, schema)?;
                task.graph_version += 1;
            }
            schema.tasks.insert(path.name.clone(), Arc::new(task));
            Ok(())
        })
        .await?;
    executed()
}

/// `DROP TASK [IF EXISTS] t`: its children lose it as a predecessor; its finalizer is released.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let path = object_path(session, parts, "DROP TASK")?;
    session
        .write(move |catalog| {
            let missing = || EmulatorError::not_found("Task", &path);
            let Ok(schema) = catalog.schema_mut(&path.database, &path.schema) else {
                return Ok(Dropped::Missing(missing()));
            };
            if schema.tasks.remove(&path.name).is_none() {
                return Ok(Dropped::Missing(missing()));
            }
            let linked: Vec<Name> = schema
                .tasks
                .iter()
                .filter(|(_, t)| {
                    t.predecessors.contains(&path) || t.finalize.as_ref() == Some(&path)
                })
                .map(|(name, _)| name.clone())
                .collect();
            for name in linked {
                if let Some(task) = schema.tasks.get_mut(&name).map(Arc::make_mut) {
                    task.predecessors.retain(|p| p != &path);
                    if task.finalize.as_ref() == Some(&path) {
                        task.finalize = None;
                    }
                }
            }
            Ok(Dropped::Yes(path.name.to_string()))
        })
        .await
}

/// The finalizer of root task `root` among the tasks of its schema.
pub(super) fn finalizer_of<'a>(
    tasks: &'a BTreeMap<Name, Arc<Task>>,
    root: &ObjectPath,
) -> Option<&'a Arc<Task>> {
    tasks.values().find(|t| t.finalize.as_ref() == Some(root))
}

const COLUMNS: &[(&str, Kind)] = &[
    ("created_on", Kind::Time),
    ("name", Kind::Text),
    ("id", Kind::Text),
    ("database_name", Kind::Text),
    ("schema_name", Kind::Text),
    ("owner", Kind::Text),
    ("comment", Kind::Text),
    ("warehouse", Kind::Text),
    ("schedule", Kind::Text),
    ("predecessors", Kind::Text),
    ("state", Kind::Text),
    ("definition", Kind::Text),
    ("condition", Kind::Text),
    ("allow_overlapping_execution", Kind::Text),
    ("error_integration", Kind::Text),
    ("last_committed_on", Kind::Time),
    ("last_suspended_on", Kind::Time),
    ("owner_role_type", Kind::Text),
    ("config", Kind::Text),
    ("budget", Kind::Text),
    ("task_relations", Kind::Text),
    ("last_suspended_reason", Kind::Text),
];

const TERSE_COLUMNS: &[(&str, Kind)] = &[
    ("created_on", Kind::Time),
    ("name", Kind::Text),
    ("kind", Kind::Text),
    ("database_name", Kind::Text),
    ("schema_name", Kind::Text),
    ("schedule", Kind::Text),
];

fn row(path: &ObjectPath, task: &Task, tasks: &BTreeMap<Name, Arc<Task>>) -> Result<Vec<Cell>> {
    let predecessors: Vec<String> = task.predecessors.iter().map(qualified).collect();
    let shown_predecessors =
        serde_json::to_string_pretty(&predecessors).map_err(EmulatorError::internal)?;
    let mut relations = serde_json::Map::new();
    relations.insert("Predecessors".into(), serde_json::json!(predecessors));
    if let Some(root) = &task.finalize {
        relations.insert(
            "FinalizedRootTask".into(),
            serde_json::json!(qualified(root)),
        );
    } else if task.predecessors.is_empty()
        && let Some(finalizer) = finalizer_of(tasks, path)
    {
        let finalizer_path = ObjectPath {
            name: finalizer.name.clone(),
            ..path.clone()
        };
        relations.insert(
            "FinalizerTask".into(),
            serde_json::json!(qualified(&finalizer_path)),
        );
    }
    let relations = serde_json::to_string(&relations).map_err(EmulatorError::internal)?;
    Ok(vec![
        time(task.info.created_on),
        text(path.name.as_str()),
        text(task.id.clone()),
        text(path.database.as_str()),
        text(path.schema.as_str()),
        text(task.info.owner.clone()),
        opt_text(task.info.comment.clone()),
        opt_text(task.warehouse.clone()),
        opt_text(task.schedule.as_ref()),
        text(shown_predecessors),
        text(task.state.as_str()),
        text(task.definition.clone()),
        opt_text(task.condition.clone()),
        if task.is_root() {
            true_false(task.allow_overlapping_execution)
        } else {
            text("null")
        },
        opt_text(task.properties.get("ERROR_INTEGRATION")),
        opt_time(task.last_committed_on),
        opt_time(task.last_suspended_on),
        text("ROLE"),
        opt_text(task.config.clone()),
        opt_text(None::<String>),
        text(relations),
        opt_text(None::<String>),
    ])
}

/// `SHOW [TERSE] TASKS [LIKE '...'] [IN ...] [STARTS WITH '...'] [ROOT ONLY] [LIMIT n]`.
pub(super) fn show(session: &Session, terse: bool, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter =
        super::filter::ShowFilter::parse(&mut syntax, &session.name_context(), "SHOW TASKS", true)?;
    let catalog = session.snapshot();
    if let Some(scope) = &filter.scope {
        scope.check(&catalog)?;
    }
    let mut found = Vec::new();
    for (db_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            if !filter.in_scope(db_name, schema_name) {
                continue;
            }
            for (name, task) in &schema.tasks {
                if filter.root_only && !task.is_root() {
                    continue;
                }
                let path = ObjectPath {
                    database: db_name.clone(),
                    schema: schema_name.clone(),
                    name: name.clone(),
                };
                found.push((path, task, &schema.tasks));
            }
        }
    }
    let found = filter.apply(found, |(path, _, _)| path.name.as_str());
    if terse {
        let mut rows = Rows::new(TERSE_COLUMNS);
        for (path, task, _) in found {
            rows.push(vec![
                time(task.info.created_on),
                text(path.name.as_str()),
                opt_text(None::<String>),
                text(path.database.as_str()),
                text(path.schema.as_str()),
                opt_text(task.schedule.as_ref()),
            ]);
        }
        return rows.into_result();
    }
    let mut rows = Rows::new(COLUMNS);
    for (path, task, tasks) in found {
        rows.push(row(&path, task, tasks)?);
    }
    rows.into_result()
}

/// `DESCRIBE TASK t`: the SHOW TASKS row of that task.
pub(super) fn describe(session: &Session, parts: Vec<Name>) -> Result<QueryResult> {
    let path = object_path(session, parts, "DESCRIBE TASK")?;
    let catalog = session.snapshot();
    let task = catalog.task(&path)?;
    let tasks = &catalog.schema(&path.database, &path.schema)?.tasks;
    let mut rows = Rows::new(COLUMNS);
    rows.push(row(&path, task, tasks)?);
    rows.into_result()
}
