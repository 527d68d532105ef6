//! The Task and TaskRun models of REST API v2 (`openapi/task.yaml`): a request body turned into
//! CREATE TASK / ALTER TASK text, and SHOW TASKS rows plus the catalog's task turned back into
//! model JSON.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    compute_util::{Row, cell, opt_timestamp, property_name, qualified_ref, sql_value, timestamp},
    error::RestError,
    params::{CreateMode, create_prefix, ident, sql_string},
};
use crate::catalog::{GraphRun, ObjectPath, Task, TaskRunState, TaskSchedule};

/// `schedule` (and `target_completion_interval`): minutes or a cron expression.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "schedule_type")]
pub(super) enum ScheduleBody {
    /// Every so many minutes.
    #[serde(rename = "MINUTES_TYPE")]
    Minutes {
        /// Minutes between runs.
        minutes: u64,
    },
    /// A cron expression in a time zone.
    #[serde(rename = "CRON_TYPE")]
    Cron {
        /// The five cron fields.
        cron_expr: String,
        /// IANA time zone.
        timezone: String,
    },
}

impl ScheduleBody {
    /// The SCHEDULE text CREATE TASK takes.
    fn sql_text(&self) -> String {
        match self {
            Self::Minutes { minutes } => format!("{minutes} MINUTE"),
            Self::Cron {
                cron_expr,
                timezone,
            } => format!("USING CRON {cron_expr} {timezone}"),
        }
    }
}

/// A Task body as clients send it; read-only fields are ignored.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TaskBody {
    /// Name.
    pub(super) name: String,
    /// The statement the task runs.
    pub(super) definition: String,
    warehouse: Option<String>,
    schedule: Option<ScheduleBody>,
    predecessors: Option<Vec<String>>,
    finalize: Option<String>,
    comment: Option<String>,
    config: Option<Map<String, Value>>,
    session_parameters: Option<Map<String, Value>>,
    task_auto_retry_attempts: Option<u64>,
    condition: Option<String>,
    allow_overlapping_execution: Option<bool>,
    overlap_policy: Option<String>,
    error_integration: Option<String>,
    success_integration: Option<String>,
    execute_as_user: Option<String>,
    user_task_managed_initial_warehouse_size: Option<String>,
    target_completion_interval: Option<ScheduleBody>,
    serverless_task_min_statement_size: Option<String>,
    serverless_task_max_statement_size: Option<String>,
    user_task_timeout_ms: Option<u64>,
    suspend_task_after_num_failures: Option<u64>,
}

/// Properties a Task body sets with `NAME = value` (not AFTER, WHEN, FINALIZE or AS).
const SETTABLE: &[&str] = &[
    "WAREHOUSE",
    "SCHEDULE",
    "CONFIG",
    "ALLOW_OVERLAPPING_EXECUTION",
    "USER_TASK_TIMEOUT_MS",
    "SUSPEND_TASK_AFTER_NUM_FAILURES",
    "TASK_AUTO_RETRY_ATTEMPTS",
    "ERROR_INTEGRATION",
    "SUCCESS_INTEGRATION",
    "EXECUTE_AS_USER",
    "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
    "TARGET_COMPLETION_INTERVAL",
    "SERVERLESS_TASK_MIN_STATEMENT_SIZE",
    "SERVERLESS_TASK_MAX_STATEMENT_SIZE",
    "OVERLAP_POLICY",
    "COMMENT",
];

impl TaskBody {
    /// `NAME = value` pairs of the body, task properties then session parameters.
    fn properties(&self) -> Result<Vec<(String, String)>, RestError> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut put = |key: &str, value: String| out.push((key.to_owned(), value));
        if let Some(warehouse) = &self.warehouse {
            put("WAREHOUSE", ident(warehouse)?);
        }
        if let Some(schedule) = &self.schedule {
            put("SCHEDULE", sql_string(&schedule.sql_text()));
        }
        if let Some(config) = &self.config {
            let text = serde_json::to_string(config)
                .map_err(|e| RestError::bad_request(format!("Invalid config: {e}")))?;
            put("CONFIG", sql_string(&text));
        }
        if let Some(allow) = self.allow_overlapping_execution {
            put(
                "ALLOW_OVERLAPPING_EXECUTION",
                if allow { "TRUE" } else { "FALSE" }.to_owned(),
            );
        }
        let numbers = [
            ("USER_TASK_TIMEOUT_MS", self.user_task_timeout_ms),
            (
                "SUSPEND_TASK_AFTER_NUM_FAILURES",
                self.suspend_task_after_num_failures,
            ),
            ("TASK_AUTO_RETRY_ATTEMPTS", self.task_auto_retry_attempts),
        ];
        for (key, value) in numbers {
            if let Some(n) = value {
                put(key, n.to_string());
            }
        }
        let texts = [
            ("ERROR_INTEGRATION", &self.error_integration),
            ("SUCCESS_INTEGRATION", &self.success_integration),
            ("EXECUTE_AS_USER", &self.execute_as_user),
            (
                "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
                &self.user_task_managed_initial_warehouse_size,
            ),
            (
                "SERVERLESS_TASK_MIN_STATEMENT_SIZE",
                &self.serverless_task_min_statement_size,
            ),
            (
                "SERVERLESS_TASK_MAX_STATEMENT_SIZE",
                &self.serverless_task_max_statement_size,
            ),
            ("OVERLAP_POLICY", &self.overlap_policy),
        ];
        for (key, value) in texts {
            if let Some(text) = value {
                put(key, sql_string(text));
            }
        }
        if let Some(interval) = &self.target_completion_interval {
            put(
                "TARGET_COMPLETION_INTERVAL",
                sql_string(&interval.sql_text()),
            );
        }
        if let Some(comment) = &self.comment {
            put("COMMENT", sql_string(comment));
        }
        for (key, value) in self.session_parameters.iter().flatten() {
            out.push((property_name(key)?, sql_value(value)?));
        }
        Ok(out)
    }

    /// The predecessors as qualified SQL names.
    fn predecessor_refs(&self, database: &str, schema: &str) -> Result<Vec<String>, RestError> {
        self.predecessors
            .iter()
            .flatten()
            .map(|p| qualified_ref(database, schema, p))
            .collect()
    }

    /// `CREATE [OR REPLACE] TASK [IF NOT EXISTS] db.schema.name ... AS <definition>`.
    pub(super) fn create_sql(
        &self,
        mode: CreateMode,
        database: &str,
        schema: &str,
    ) -> Result<String, RestError> {
        if self.definition.trim().is_empty() {
            return Err(RestError::bad_request(
                "The task definition must not be empty.",
            ));
        }
        let mut sql = format!(
            "{} {}",
            create_prefix(mode, "TASK"),
            qualified_ref(database, schema, &ident(&self.name)?)?
        );
        for (key, value) in self.properties()? {
            sql.push_str(&format!(" {key} = {value}"));
        }
        if let Some(root) = &self.finalize {
            sql.push_str(&format!(
                " FINALIZE = {}",
                qualified_ref(database, schema, root)?
            ));
        }
        let after = self.predecessor_refs(database, schema)?;
        if !after.is_empty() {
            sql.push_str(&format!(" AFTER {}", after.join(", ")));
        }
        if let Some(condition) = self.condition.as_deref().filter(|c| !c.trim().is_empty()) {
            sql.push_str(&format!(" WHEN {condition}"));
        }
        sql.push_str(&format!(" AS {}", self.definition));
        Ok(sql)
    }

    /// The ALTER TASK statements that make the existing task `current` match this body: old
    /// links removed first (a schedule and predecessors exclude each other), properties the
    /// body leaves out unset, then the new values, links, condition and statement.
    pub(super) fn alter_sql(
        &self,
        target: &str,
        path: &ObjectPath,
        current: &Task,
    ) -> Result<Vec<String>, RestError> {
        let (database, schema) = (
            format!("\"{}\"", path.database.as_str().replace('"', "\"\"")),
            format!("\"{}\"", path.schema.as_str().replace('"', "\"\"")),
        );
        let wanted = self.predecessor_refs(&database, &schema)?;
        let existing: Vec<String> = current.predecessors.iter().map(quoted_path).collect();
        let mut statements = Vec::new();
        let stale: Vec<&String> = existing.iter().filter(|p| !wanted.contains(p)).collect();
        if !stale.is_empty() {
            statements.push(format!(
                "ALTER TASK {target} REMOVE AFTER {}",
                stale
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let properties = self.properties()?;
        let mut absent: Vec<String> = SETTABLE
            .iter()
            .filter(|key| !properties.iter().any(|(k, _)| k == *key))
            .map(|key| (*key).to_owned())
            .collect();
        absent.extend(
            current
                .session_parameters
                .keys()
                .filter(|key| !properties.iter().any(|(k, _)| k == *key))
                .cloned(),
        );
        if current.finalize.is_some() && self.finalize.is_none() {
            absent.push("FINALIZE".into());
        }
        statements.push(format!("ALTER TASK {target} UNSET {}", absent.join(", ")));
        let mut set: Vec<String> = properties
            .iter()
            .map(|(key, value)| format!("{key} = {value}"))
            .collect();
        if let Some(root) = &self.finalize {
            set.push(format!(
                "FINALIZE = {}",
                qualified_ref(&database, &schema, root)?
            ));
        }
        if !set.is_empty() {
            statements.push(format!("ALTER TASK {target} SET {}", set.join(", ")));
        }
        let fresh: Vec<&String> = wanted.iter().filter(|p| !existing.contains(p)).collect();
        if !fresh.is_empty() {
            statements.push(format!(
                "ALTER TASK {target} ADD AFTER {}",
                fresh
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        match self.condition.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(condition) => {
                statements.push(format!("ALTER TASK {target} MODIFY WHEN {condition}"))
            }
            None if current.condition.is_some() => {
                statements.push(format!("ALTER TASK {target} REMOVE WHEN"));
            }
            None => {}
        }
        if self.definition.trim().is_empty() {
            return Err(RestError::bad_request(
                "The task definition must not be empty.",
            ));
        }
        if self.definition != current.definition {
            statements.push(format!("ALTER TASK {target} MODIFY AS {}", self.definition));
        }
        Ok(statements)
    }
}

/// `"DB"."SCHEMA"."NAME"` of a catalog path.
fn quoted_path(path: &ObjectPath) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    format!(
        "{}.{}.{}",
        quote(path.database.as_str()),
        quote(path.schema.as_str()),
        quote(path.name.as_str())
    )
}

/// A catalog schedule as the REST model writes it; `None` for intervals that are not whole
/// minutes (the model has no seconds form).
fn schedule_json(schedule: &TaskSchedule) -> Option<Value> {
    match schedule {
        TaskSchedule::Interval { .. } => schedule
            .minutes()
            .map(|minutes| json!({"schedule_type": "MINUTES_TYPE", "minutes": minutes})),
        TaskSchedule::Cron {
            expression,
            timezone,
        } => Some(json!({
            "schedule_type": "CRON_TYPE",
            "cron_expr": expression,
            "timezone": timezone,
        })),
    }
}

/// A session parameter or property value as JSON: numbers and booleans typed, text as it is.
fn typed(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        return json!(n);
    }
    match text.to_ascii_lowercase().as_str() {
        "true" => json!(true),
        "false" => json!(false),
        _ => json!(text),
    }
}

/// The Task model of one SHOW TASKS row, with what SHOW does not list taken from the catalog.
pub(super) fn task_json(row: &Row, task: Option<&Task>) -> Value {
    let mut out = Map::new();
    for column in [
        "name",
        "id",
        "database_name",
        "schema_name",
        "owner",
        "comment",
        "warehouse",
        "state",
        "definition",
        "condition",
        "error_integration",
        "created_on",
        "last_committed_on",
        "last_suspended_on",
        "owner_role_type",
        "task_relations",
    ] {
        let value = cell(row, column);
        if !value.is_null() {
            out.insert(column.to_owned(), value);
        }
    }
    let predecessors: Vec<String> = row
        .get("predecessors")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    out.insert("predecessors".into(), json!(predecessors));
    if let Some(Value::String(allow)) = row.get("allow_overlapping_execution")
        && allow != "null"
    {
        out.insert(
            "allow_overlapping_execution".into(),
            json!(allow.eq_ignore_ascii_case("true")),
        );
    }
    if let Some(config) = row
        .get("config")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str::<Map<String, Value>>(text).ok())
    {
        out.insert("config".into(), Value::Object(config));
    }
    let Some(task) = task else {
        return Value::Object(out);
    };
    if let Some(schedule) = task.schedule.as_ref().and_then(schedule_json) {
        out.insert("schedule".into(), schedule);
    }
    if let Some(root) = &task.finalize {
        out.insert("finalize".into(), json!(quoted_free(root)));
    }
    out.insert(
        "suspend_task_after_num_failures".into(),
        json!(task.suspend_task_after_num_failures),
    );
    let parameters: Map<String, Value> = task
        .session_parameters
        .iter()
        .map(|(k, v)| (k.clone(), typed(v)))
        .collect();
    out.insert("session_parameters".into(), Value::Object(parameters));
    for (key, value) in &task.properties {
        let field = key.to_ascii_lowercase();
        let value = match key.as_str() {
            "TARGET_COMPLETION_INTERVAL" => {
                match TaskSchedule::parse(value).as_ref().and_then(schedule_json) {
                    Some(interval) => interval,
                    None => continue,
                }
            }
            "USER_TASK_TIMEOUT_MS" | "TASK_AUTO_RETRY_ATTEMPTS" => typed(value),
            _ => json!(value),
        };
        out.entry(field).or_insert(value);
    }
    Value::Object(out)
}

/// `DB.SCHEMA.NAME` of a path, as SHOW TASKS names predecessors.
fn quoted_free(path: &ObjectPath) -> String {
    format!("{}.{}.{}", path.database, path.schema, path.name)
}

/// One graph run of root task `root` (at `path`) as the TaskRun model.
pub(super) fn task_run_json(path: &ObjectPath, root: &Task, run: &GraphRun) -> Value {
    // Snowflake's TaskRun requires next_scheduled_time; without an interval to add (cron or no
    // schedule, which the emulator does not run on a clock) the run's own time is reported.
    let next = match &root.schedule {
        Some(TaskSchedule::Interval { seconds, .. }) => i64::try_from(*seconds)
            .ok()
            .map(|s| run.scheduled_time + chrono::Duration::seconds(s)),
        _ => None,
    }
    .unwrap_or(run.scheduled_time);
    json!({
        "root_task_name": path.name.as_str(),
        "database_name": path.database.as_str(),
        "schema_name": path.schema.as_str(),
        "state": run.state.as_str(),
        "first_error_task_name": run.first_error_task_name,
        "first_error_code": run.first_error_code.as_deref().and_then(|c| c.parse::<i64>().ok()),
        "first_error_message": run.first_error_message,
        "scheduled_time": timestamp(run.scheduled_time),
        "query_start_time": opt_timestamp(run.query_start_time),
        "next_scheduled_time": timestamp(next),
        "completed_time": opt_timestamp(run.completed_time),
        "root_task_id": run.root_task_id,
        "graph_version": run.graph_version,
        "run_id": run.run_id,
    })
}

/// Whether a graph run has finished.
pub(super) fn is_complete(state: TaskRunState) -> bool {
    !matches!(state, TaskRunState::Scheduled | TaskRunState::Executing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Name;

    fn body(value: Value) -> TaskBody {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn create_statements() {
        let task = body(json!({
            "name": "t1", "definition": "select 1", "warehouse": "wh",
            "schedule": {"schedule_type": "MINUTES_TYPE", "minutes": 5},
            "config": {"a": 1}, "comment": "it's", "session_parameters": {"query_tag": "x"},
            "predecessors": null
        }));
        let sql = task.create_sql(CreateMode::OrReplace, "db", "s").unwrap();
        assert_eq!(
            sql,
            "CREATE OR REPLACE TASK \"DB\".\"S\".\"T1\" WAREHOUSE = \"WH\" SCHEDULE = '5 MINUTE' \
             CONFIG = '{\"a\":1}' COMMENT = 'it''s' QUERY_TAG = 'x' AS select 1"
        );
        let child = body(json!({
            "name": "dag$child", "definition": "select 2",
            "predecessors": ["dag", "DB.S.OTHER"], "condition": "1 = 1"
        }));
        assert_eq!(
            child
                .create_sql(CreateMode::ErrorIfExists, "db", "s")
                .unwrap(),
            "CREATE TASK \"DB\".\"S\".\"DAG$CHILD\" AFTER \"DB\".\"S\".\"DAG\", \"DB\".\"S\".\"OTHER\" \
             WHEN 1 = 1 AS select 2"
        );
        let cron: TaskBody = body(json!({
            "name": "c", "definition": "select 1",
            "schedule": {"schedule_type": "CRON_TYPE", "cron_expr": "0 9 * * *", "timezone": "UTC"}
        }));
        assert!(
            cron.create_sql(CreateMode::IfNotExists, "d", "s")
                .unwrap()
                .contains("SCHEDULE = 'USING CRON 0 9 * * * UTC'")
        );
        let bad: Result<TaskBody, _> = serde_json::from_value(json!({
            "name": "c", "definition": "x", "schedule": {"schedule_type": "HOURS"}
        }));
        assert!(bad.is_err());
    }

    #[test]
    fn alter_statements_unset_what_the_body_leaves_out() {
        let mut current = Task::new(Name::canonical("T"), "SYSADMIN", "select 1".into());
        current.condition = Some("1 = 1".into());
        current.predecessors.push(ObjectPath {
            database: Name::canonical("D"),
            schema: Name::canonical("S"),
            name: Name::canonical("OLD"),
        });
        let path = ObjectPath {
            database: Name::canonical("D"),
            schema: Name::canonical("S"),
            name: Name::canonical("T"),
        };
        let wanted = body(json!({
            "name": "t", "definition": "select 2", "comment": "c", "predecessors": ["new"]
        }));
        let statements = wanted.alter_sql("X", &path, &current).unwrap();
        assert_eq!(
            statements[0],
            "ALTER TASK X REMOVE AFTER \"D\".\"S\".\"OLD\""
        );
        assert!(statements[1].starts_with("ALTER TASK X UNSET WAREHOUSE, SCHEDULE"));
        assert!(!statements[1].contains("COMMENT"));
        assert_eq!(statements[2], "ALTER TASK X SET COMMENT = 'c'");
        assert_eq!(statements[3], "ALTER TASK X ADD AFTER \"D\".\"S\".\"NEW\"");
        assert_eq!(statements[4], "ALTER TASK X REMOVE WHEN");
        assert_eq!(statements[5], "ALTER TASK X MODIFY AS select 2");
    }
}
