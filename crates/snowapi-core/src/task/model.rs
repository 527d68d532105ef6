//! The task model, as created, altered and fetched, and the runs of task graphs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use snowapi_rest::Timestamp;

use super::{TaskSchedule, schedule::minutes_interval};
use crate::{Named, setters::setters};

/// For a model with `config` and `session_parameters` maps: `config_entry(key, value)` and
/// `session_parameter(key, value)`, each setting one entry.
macro_rules! entry_setters {
    ($model:ty) => {
        impl $model {
            /// Sets one entry of the graph configuration (`config`).
            ///
            /// ```
            /// use snowapi_core::task::dagv1::Dag;
            /// let dag = Dag::new("etl").config_entry("environment", "prod").config_entry("retries", 3);
            /// # let _ = dag;
            /// ```
            #[must_use]
            pub fn config_entry(
                mut self,
                key: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> Self {
                $crate::task::model::put(&mut self.config, key.into(), value.into());
                self
            }

            /// Sets one session parameter of the task's runs (`session_parameters`).
            ///
            /// ```
            /// use snowapi_core::task::Task;
            /// let task = Task::new("load", "CALL load()").session_parameter("TIMEZONE", "UTC");
            /// # let _ = task;
            /// ```
            #[must_use]
            pub fn session_parameter(
                mut self,
                key: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> Self {
                $crate::task::model::put(&mut self.session_parameters, key.into(), value.into());
                self
            }
        }
    };
}

pub(super) use entry_setters;

/// Sets `key` in an optional map, creating it as needed.
pub(crate) fn put(map: &mut Option<Map<String, Value>>, key: String, value: Value) {
    map.get_or_insert_with(Map::new).insert(key, value);
}

/// Whether a task is resumed (`started`) or suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    /// Resumed: its schedule or predecessors trigger it.
    Started,
    /// Suspended: nothing triggers it.
    Suspended,
}

/// On a root task, which graph runs may overlap (snowflake.core's `OverlapPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OverlapPolicy {
    /// One run at a time: the next waits for the previous to finish.
    NoOverlap,
    /// Child tasks may overlap across runs; the root task does not.
    AllowChildOverlap,
    /// Runs may overlap freely.
    AllowAllOverlap,
}

/// A task (snowflake.core's `Task`): SQL run on a schedule or after its predecessors. Read-only
/// fields are filled by `fetch` and `iter` and ignored on writes.
///
/// ```
/// use snowapi_core::task::{Task, TaskSchedule};
/// let task = Task::new("refresh", "insert into audit select current_timestamp()")
///     .warehouse("etl_wh")
///     .schedule(TaskSchedule::cron("0 * * * *", "UTC"))
///     .config_entry("env", "prod")
///     .session_parameter("QUERY_TAG", "refresh")
///     .comment("hourly");
/// assert_eq!(task.config.as_ref().unwrap()["env"], "prod");
/// let child = Task::new("notify", "select 1").predecessor("refresh");
/// assert_eq!(child.predecessors, ["refresh"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Task {
    /// Name of the task.
    pub name: String,
    /// What it runs: one SQL statement, a stored procedure call or a Snowflake Scripting block.
    pub definition: String,
    /// Warehouse its runs use; unset for serverless compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse: Option<String>,
    /// When it runs by itself (root and standalone tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<TaskSchedule>,
    /// Tasks that must finish before it starts (which makes it a child task); fetched as fully
    /// qualified names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predecessors: Vec<String>,
    /// Root task it cleans up after, making it that graph's finalizer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalize: Option<String>,
    /// Free text about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Key-value settings of its graph, readable by every task in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Map<String, Value>>,
    /// Session parameters set while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_parameters: Option<Map<String, Value>>,
    /// On a root task, how many times a failed graph run is retried (0 to 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_auto_retry_attempts: Option<i64>,
    /// Boolean SQL expression (the WHEN clause) that must hold for a run to go ahead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Whether a run of the graph may start while the previous one still goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_overlapping_execution: Option<bool>,
    /// Which graph runs may overlap (the newer form of `allow_overlapping_execution`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap_policy: Option<OverlapPolicy>,
    /// Notification integration told when a run fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_integration: Option<String>,
    /// Notification integration told when the graph finishes well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_integration: Option<String>,
    /// User whose privileges its runs use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execute_as_user: Option<String>,
    /// Compute size of the first runs of a serverless task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_task_managed_initial_warehouse_size: Option<String>,
    /// Minutes a serverless task aims to finish within.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "minutes_interval"
    )]
    pub target_completion_interval: Option<u64>,
    /// Smallest compute size a serverless task scales down to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless_task_min_statement_size: Option<String>,
    /// Largest compute size a serverless task scales up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless_task_max_statement_size: Option<String>,
    /// Time limit of one run, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_task_timeout_ms: Option<i64>,
    /// Consecutive failed runs after which the task suspends itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_task_after_num_failures: Option<i64>,
    /// JSON text linking its graph's root task and finalizer (read-only).
    #[serde(default, skip_serializing)]
    pub task_relations: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// Snowflake's unique identifier of the task (read-only).
    #[serde(default, skip_serializing)]
    pub id: Option<String>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Whether it is resumed or suspended (read-only: use `resume` and `suspend`).
    #[serde(default, skip_serializing)]
    pub state: Option<TaskState>,
    /// When its current version was committed (read-only).
    #[serde(default, skip_serializing)]
    pub last_committed_on: Option<Timestamp>,
    /// When it was last suspended (read-only).
    #[serde(default, skip_serializing)]
    pub last_suspended_on: Option<Timestamp>,
    /// Database holding it (read-only).
    #[serde(default, skip_serializing)]
    pub database_name: Option<String>,
    /// Schema holding it (read-only).
    #[serde(default, skip_serializing)]
    pub schema_name: Option<String>,
}

impl Task {
    /// A task named `name` running `definition` (SQL text or a
    /// [`StoredProcedureCall`](super::StoredProcedureCall)), nothing else set.
    ///
    /// ```
    /// use snowapi_core::task::Task;
    /// let task = Task::new("cleanup", "DELETE FROM staging.events WHERE ts < DATEADD(day, -7, CURRENT_DATE())");
    /// assert_eq!(task.name, "cleanup");
    /// ```
    pub fn new(name: impl Into<String>, definition: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            definition: definition.into(),
            ..Self::default()
        }
    }

    /// Adds a predecessor (a task name, qualified as needed).
    ///
    /// ```
    /// use snowapi_core::task::Task;
    /// let load = Task::new("load", "CALL load()").predecessor("extract");
    /// # let _ = load;
    /// ```
    #[must_use]
    pub fn predecessor(mut self, name: impl Into<String>) -> Self {
        self.predecessors.push(name.into());
        self
    }

    /// Sets the predecessors.
    ///
    /// ```
    /// use snowapi_core::task::Task;
    /// let report = Task::new("report", "CALL report()").predecessors(["load_orders", "load_customers"]);
    /// # let _ = report;
    /// ```
    #[must_use]
    pub fn predecessors<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.predecessors = names.into_iter().map(Into::into).collect();
        self
    }

    /// The definition as SQL text (snowflake.core's `sql_definition`).
    ///
    /// ```
    /// use snowapi_core::task::Task;
    /// assert_eq!(Task::new("t", "SELECT 1").sql_definition(), "SELECT 1");
    /// ```
    pub fn sql_definition(&self) -> &str {
        &self.definition
    }
}

entry_setters!(Task);

setters!(Task {
    warehouse: String,
    schedule: TaskSchedule,
    finalize: String,
    comment: String,
    config: Map<String, Value>,
    session_parameters: Map<String, Value>,
    task_auto_retry_attempts: i64,
    condition: String,
    allow_overlapping_execution: bool,
    overlap_policy: OverlapPolicy,
    error_integration: String,
    success_integration: String,
    execute_as_user: String,
    user_task_managed_initial_warehouse_size: String,
    target_completion_interval: u64,
    serverless_task_min_statement_size: String,
    serverless_task_max_statement_size: String,
    user_task_timeout_ms: i64,
    suspend_task_after_num_failures: i64,
});

impl Named for Task {
    fn name(&self) -> &str {
        &self.name
    }
}

/// Where a graph run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskRunState {
    /// Due to start.
    Scheduled,
    /// Running.
    Executing,
    /// Finished well.
    Succeeded,
    /// A task of the run failed.
    Failed,
    /// Cancelled before it finished.
    Cancelled,
    /// Not run (its condition did not hold, or the previous run still went).
    Skipped,
}

/// One run of a task graph (or of a standalone task), started from its root task
/// (snowflake.core's `TaskRun`). Everything in it is read-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskRun {
    /// Root task the run started from (the graph's name, for a DAG).
    pub root_task_name: String,
    /// Database of the root task.
    pub database_name: String,
    /// Schema of the root task.
    pub schema_name: String,
    /// Where the run stands.
    pub state: TaskRunState,
    /// First task of the run that failed.
    #[serde(default)]
    pub first_error_task_name: Option<String>,
    /// Error code of that first failure.
    #[serde(default)]
    pub first_error_code: Option<i64>,
    /// Error message of that first failure.
    #[serde(default)]
    pub first_error_message: Option<String>,
    /// When the run was scheduled to start.
    #[serde(default)]
    pub scheduled_time: Option<Timestamp>,
    /// When the root task's query began.
    #[serde(default)]
    pub query_start_time: Option<Timestamp>,
    /// When the following run is due.
    #[serde(default)]
    pub next_scheduled_time: Option<Timestamp>,
    /// When the run finished.
    #[serde(default)]
    pub completed_time: Option<Timestamp>,
    /// Unique identifier of the root task.
    pub root_task_id: String,
    /// Version of the graph the run used.
    pub graph_version: i64,
    /// Identifier of the run (the scheduled start, in epoch milliseconds).
    pub run_id: i64,
}
