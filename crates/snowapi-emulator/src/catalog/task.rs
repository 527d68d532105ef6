//! Tasks: a SQL statement run on a schedule or after other tasks, and the record of its runs.

use std::{collections::BTreeMap, fmt, sync::Arc};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Catalog, Name, ObjectInfo, ObjectPath};
use crate::error::{EmulatorError, Result};

/// How many runs a task (and a root task's graph) keeps in its history.
pub const TASK_RUN_HISTORY: usize = 100;

/// Whether a task runs on its schedule (or after its predecessors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    /// Resumed: runs when scheduled.
    Started,
    /// Suspended: runs only with EXECUTE TASK (roots) or not at all (children).
    Suspended,
}

impl TaskState {
    /// How SHOW TASKS and the REST API write it (`started`, `suspended`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Suspended => "suspended",
        }
    }
}

/// When a root task runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "schedule_type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskSchedule {
    /// Every so many seconds (`'90 SECONDS'`, `'5 MINUTE'`, `'1 HOUR'`).
    Interval {
        /// The period in seconds.
        seconds: u64,
        /// The schedule as written, for SHOW TASKS.
        text: String,
    },
    /// `USING CRON <expression> <time zone>`.
    Cron {
        /// The five cron fields.
        expression: String,
        /// IANA time zone name.
        timezone: String,
    },
}

impl TaskSchedule {
    /// Reads a schedule as CREATE/ALTER TASK give it; `None` when it is not one Snowflake accepts.
    pub fn parse(text: &str) -> Option<Self> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() >= 2
            && words[0].eq_ignore_ascii_case("USING")
            && words[1].eq_ignore_ascii_case("CRON")
        {
            // Five cron fields and a time zone.
            let fields = &words[2..];
            if fields.len() != 6 {
                return None;
            }
            let (timezone, expression) = fields.split_last()?;
            let valid = expression.iter().all(|field| {
                field.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '*' | ',' | '-' | '/' | '?' | 'L' | '#')
                })
            });
            if !valid || !plausible_time_zone(timezone) {
                return None;
            }
            return Some(Self::Cron {
                expression: expression.join(" "),
                timezone: (*timezone).to_owned(),
            });
        }
        let [amount, unit] = words.as_slice() else {
            return None;
        };
        let amount: u64 = amount.parse().ok().filter(|n| *n > 0)?;
        let per_unit = match unit.to_ascii_uppercase().as_str() {
            "SECOND" | "SECONDS" => 1,
            "MINUTE" | "MINUTES" => 60,
            "HOUR" | "HOURS" => 3600,
            _ => return None,
        };
        let seconds = amount.checked_mul(per_unit)?;
        // Snowflake's bounds: at least 10 seconds, at most 8 days (11520 minutes).
        if !(10..=11_520 * 60).contains(&seconds) {
            return None;
        }
        Some(Self::Interval {
            seconds,
            text: words.join(" "),
        })
    }

    /// Whole minutes of an interval schedule (what the REST API's MINUTES_TYPE carries).
    pub fn minutes(&self) -> Option<u64> {
        match self {
            Self::Interval { seconds, .. } if seconds % 60 == 0 => Some(seconds / 60),
            _ => None,
        }
    }
}

impl fmt::Display for TaskSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Interval { text, .. } => f.write_str(text),
            Self::Cron {
                expression,
                timezone,
            } => write!(f, "USING CRON {expression} {timezone}"),
        }
    }
}

/// Whether `text` looks like an IANA time zone name (`UTC`, `Etc/GMT+1`, `America/New_York`).
fn plausible_time_zone(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
}

/// The outcome of one task run (or of a whole graph run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskRunState {
    /// Waiting for its time or its predecessors.
    Scheduled,
    /// Running now.
    Executing,
    /// Finished without error.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Stopped before finishing.
    Cancelled,
    /// Not run: its WHEN condition was false, or a predecessor did not succeed.
    Skipped,
}

impl TaskRunState {
    /// Snowflake's spelling (`SUCCEEDED`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "SCHEDULED",
            Self::Executing => "EXECUTING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
            Self::Skipped => "SKIPPED",
        }
    }
}

/// One run of one task, as TASK_HISTORY reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRun {
    /// The graph run this task run belongs to (shared by every task of that run).
    pub graph_run_group_id: String,
    /// Run id of the graph run: its scheduled time in epoch milliseconds.
    pub run_id: i64,
    /// Query id of the task's statement, when it ran.
    pub query_id: Option<String>,
    /// Outcome.
    pub state: TaskRunState,
    /// Snowflake error code of a failure.
    pub error_code: Option<String>,
    /// Error message of a failure.
    pub error_message: Option<String>,
    /// When the run was due.
    pub scheduled_time: DateTime<Utc>,
    /// When the statement started.
    pub query_start_time: Option<DateTime<Utc>>,
    /// When the run ended.
    pub completed_time: Option<DateTime<Utc>>,
    /// Id of the graph's root task.
    pub root_task_id: String,
    /// 1 for a first attempt.
    pub attempt_number: u32,
}

/// One run of a task graph (or of a standalone task), kept on its root task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphRun {
    /// Shared by the runs of every task in this graph run.
    pub graph_run_group_id: String,
    /// The scheduled time in epoch milliseconds, Snowflake's run id.
    pub run_id: i64,
    /// Outcome: EXECUTING while running, then SUCCEEDED, FAILED or CANCELLED.
    pub state: TaskRunState,
    /// Name of the first task that failed.
    pub first_error_task_name: Option<String>,
    /// Its error code.
    pub first_error_code: Option<String>,
    /// Its error message.
    pub first_error_message: Option<String>,
    /// When the run was due.
    pub scheduled_time: DateTime<Utc>,
    /// When the root's statement started.
    pub query_start_time: Option<DateTime<Utc>>,
    /// When the last task of the run ended.
    pub completed_time: Option<DateTime<Utc>>,
    /// Id of the root task.
    pub root_task_id: String,
    /// Version of the graph definition that ran.
    pub graph_version: u64,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Unique id (a new one when the task is replaced).
    pub id: String,
    /// Warehouse its statement runs on; `None` for serverless tasks.
    pub warehouse: Option<Name>,
    /// When a root task runs.
    pub schedule: Option<TaskSchedule>,
    /// JSON configuration text readable by the graph's tasks.
    pub config: Option<String>,
    /// Whether runs of the graph may overlap.
    pub allow_overlapping_execution: bool,
    /// Consecutive failures after which the task suspends itself.
    pub suspend_task_after_num_failures: u64,
    /// Other task properties (USER_TASK_TIMEOUT_MS, ERROR_INTEGRATION, TASK_AUTO_RETRY_ATTEMPTS,
    /// ...), by upper-case name, value as written.
    pub properties: BTreeMap<String, String>,
    /// Session parameters its statement runs with, by upper-case name.
    pub session_parameters: BTreeMap<String, String>,
    /// Tasks that must finish before this one runs (same schema).
    pub predecessors: Vec<ObjectPath>,
    /// The root task whose graph this task finalizes.
    pub finalize: Option<ObjectPath>,
    /// WHEN condition, as written.
    pub condition: Option<String>,
    /// The statement after AS, as written.
    pub definition: String,
    /// Started or suspended.
    pub state: TaskState,
    /// When the current version was committed (resumed or executed).
    pub last_committed_on: Option<DateTime<Utc>>,
    /// When it was last suspended.
    pub last_suspended_on: Option<DateTime<Utc>>,
    /// Bumped by every change of the definition; runs record the version they ran.
    pub graph_version: u64,
    /// Its own runs, oldest first, at most [`TASK_RUN_HISTORY`].
    pub runs: Vec<TaskRun>,
    /// Runs of the graph it is the root of, oldest first, at most [`TASK_RUN_HISTORY`].
    pub graph_runs: Vec<GraphRun>,
}

/// The default of SUSPEND_TASK_AFTER_NUM_FAILURES.
pub const DEFAULT_SUSPEND_AFTER_FAILURES: u64 = 10;

impl Task {
    /// A suspended task that runs `definition`, with default properties.
    pub fn new(name: Name, owner: &str, definition: String) -> Self {
        Self {
            name,
            info: ObjectInfo::new(owner, None),
            id: uuid::Uuid::new_v4().to_string(),
            warehouse: None,
            schedule: None,
            config: None,
            allow_overlapping_execution: false,
            suspend_task_after_num_failures: DEFAULT_SUSPEND_AFTER_FAILURES,
            properties: BTreeMap::new(),
            session_parameters: BTreeMap::new(),
            predecessors: Vec::new(),
            finalize: None,
            condition: None,
            definition,
            state: TaskState::Suspended,
            last_committed_on: None,
            last_suspended_on: None,
            graph_version: 1,
            runs: Vec::new(),
            graph_runs: Vec::new(),
        }
    }

    /// Whether it is the root of a graph (or a standalone task): no predecessors, no FINALIZE.
    pub fn is_root(&self) -> bool {
        self.predecessors.is_empty() && self.finalize.is_none()
    }

    /// Records a run of this task, forgetting the oldest beyond [`TASK_RUN_HISTORY`].
    pub fn record_run(&mut self, run: TaskRun) {
        self.runs.push(run);
        if self.runs.len() > TASK_RUN_HISTORY {
            self.runs.remove(0);
        }
    }

    /// Records (or updates, by group id) a graph run on this root task.
    pub fn record_graph_run(&mut self, run: GraphRun) {
        if let Some(existing) = self
            .graph_runs
            .iter_mut()
            .find(|r| r.graph_run_group_id == run.graph_run_group_id)
        {
            *existing = run;
            return;
        }
        self.graph_runs.push(run);
        if self.graph_runs.len() > TASK_RUN_HISTORY {
            self.graph_runs.remove(0);
        }
    }
}

impl Catalog {
    /// The task, or Snowflake's "does not exist" error.
    pub fn task(&self, path: &ObjectPath) -> Result<&Arc<Task>> {
        self.schema(&path.database, &path.schema)
            .ok()
            .and_then(|schema| schema.tasks.get(&path.name))
            .ok_or_else(|| EmulatorError::not_found("Task", path))
    }

    /// The task, ready to change.
    pub fn task_mut(&mut self, path: &ObjectPath) -> Result<&mut Task> {
        self.schema_mut(&path.database, &path.schema)
            .ok()
            .and_then(|schema| schema.tasks.get_mut(&path.name))
            .map(Arc::make_mut)
            .ok_or_else(|| EmulatorError::not_found("Task", path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_snowflake_accepts() {
        let every = TaskSchedule::parse("5 MINUTE").unwrap();
        assert_eq!(every.minutes(), Some(5));
        assert_eq!(every.to_string(), "5 MINUTE");
        assert_eq!(TaskSchedule::parse("90 seconds").unwrap().minutes(), None);
        assert_eq!(TaskSchedule::parse("2 HOURS").unwrap().minutes(), Some(120));
        let cron = TaskSchedule::parse("USING CRON 0 9-17 * * SUN America/Los_Angeles").unwrap();
        assert_eq!(
            cron.to_string(),
            "USING CRON 0 9-17 * * SUN America/Los_Angeles"
        );
        for bad in [
            "",
            "5",
            "0 MINUTE",
            "5 DAYS",
            "1 SECOND",
            "11521 MINUTE",
            "USING CRON * * * UTC",
            "USING CRON 0 9 * * * 'UTC'",
        ] {
            assert!(TaskSchedule::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn run_history_is_bounded() {
        let mut task = Task::new(Name::canonical("T"), "SYSADMIN", "select 1".into());
        assert!(task.is_root());
        let run = GraphRun {
            graph_run_group_id: "g".into(),
            run_id: 1,
            state: TaskRunState::Executing,
            first_error_task_name: None,
            first_error_code: None,
            first_error_message: None,
            scheduled_time: Utc::now(),
            query_start_time: None,
            completed_time: None,
            root_task_id: task.id.clone(),
            graph_version: 1,
        };
        task.record_graph_run(run.clone());
        task.record_graph_run(GraphRun {
            state: TaskRunState::Succeeded,
            ..run
        });
        assert_eq!(task.graph_runs.len(), 1);
        assert_eq!(task.graph_runs[0].state, TaskRunState::Succeeded);
        for i in 0..(TASK_RUN_HISTORY + 5) {
            task.record_run(TaskRun {
                graph_run_group_id: i.to_string(),
                run_id: i as i64,
                query_id: None,
                state: TaskRunState::Succeeded,
                error_code: None,
                error_message: None,
                scheduled_time: Utc::now(),
                query_start_time: None,
                completed_time: None,
                root_task_id: String::new(),
                attempt_number: 1,
            });
        }
        assert_eq!(task.runs.len(), TASK_RUN_HISTORY);
        assert_eq!(task.runs[0].graph_run_group_id, "5");
    }
}
