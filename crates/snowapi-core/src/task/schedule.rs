//! When a task runs by itself (its schedule), and what it runs when it calls a stored procedure.

use serde::{Deserialize, Serialize};

/// When a task runs by itself: every so many minutes, or on a cron expression in a time zone
/// (snowflake.core's `timedelta` and `Cron` schedules; `schedule_type` on the wire).
///
/// ```
/// use snowapi_core::task::TaskSchedule;
/// let hourly = TaskSchedule::minutes(60);
/// let weekdays = TaskSchedule::cron("0 9 * * MON-FRI", "Europe/Paris");
/// let json = serde_json::to_value(&weekdays).unwrap();
/// assert_eq!(json["schedule_type"], "CRON_TYPE");
/// assert_eq!(json["cron_expr"], "0 9 * * MON-FRI");
/// assert_eq!(serde_json::to_value(&hourly).unwrap()["minutes"], 60);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "WireSchedule", from = "WireSchedule")]
pub enum TaskSchedule {
    /// A cron expression (five fields, e.g. `0 9 * * MON-FRI`) read in an IANA time zone.
    Cron {
        /// The cron expression.
        expression: String,
        /// The time zone it is read in, e.g. `UTC` or `America/Los_Angeles`.
        timezone: String,
    },
    /// A fixed interval: minutes between the starts of two runs.
    Minutes(u64),
}

impl TaskSchedule {
    /// Every `minutes` minutes.
    ///
    /// ```
    /// use snowapi_core::task::{Task, TaskSchedule};
    /// let task = Task::new("refresh", "CALL refresh()").schedule(TaskSchedule::minutes(15));
    /// # let _ = task;
    /// ```
    pub fn minutes(minutes: u64) -> Self {
        Self::Minutes(minutes)
    }

    /// On the cron `expression`, read in `timezone`.
    ///
    /// ```
    /// use snowapi_core::task::TaskSchedule;
    /// let nightly = TaskSchedule::cron("0 2 * * *", "Europe/Berlin");
    /// assert_ne!(nightly, TaskSchedule::minutes(60));
    /// ```
    pub fn cron(expression: impl Into<String>, timezone: impl Into<String>) -> Self {
        Self::Cron {
            expression: expression.into(),
            timezone: timezone.into(),
        }
    }
}

/// The schedule as the REST API writes it, tagged by `schedule_type`.
#[derive(Serialize, Deserialize)]
#[serde(tag = "schedule_type")]
enum WireSchedule {
    #[serde(rename = "CRON_TYPE")]
    Cron { cron_expr: String, timezone: String },
    #[serde(rename = "MINUTES_TYPE")]
    Minutes { minutes: u64 },
}

impl From<TaskSchedule> for WireSchedule {
    fn from(schedule: TaskSchedule) -> Self {
        match schedule {
            TaskSchedule::Cron {
                expression,
                timezone,
            } => Self::Cron {
                cron_expr: expression,
                timezone,
            },
            TaskSchedule::Minutes(minutes) => Self::Minutes { minutes },
        }
    }
}

impl From<WireSchedule> for TaskSchedule {
    fn from(schedule: WireSchedule) -> Self {
        match schedule {
            WireSchedule::Cron {
                cron_expr,
                timezone,
            } => Self::Cron {
                expression: cron_expr,
                timezone,
            },
            WireSchedule::Minutes { minutes } => Self::Minutes(minutes),
        }
    }
}

/// `target_completion_interval`: minutes on our side, a `MINUTES_TYPE` schedule on the wire.
pub(super) mod minutes_interval {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::WireSchedule;

    pub(crate) fn serialize<S: Serializer>(
        minutes: &Option<u64>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        minutes
            .map(|minutes| WireSchedule::Minutes { minutes })
            .serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<u64>, D::Error> {
        match Option::<WireSchedule>::deserialize(deserializer)? {
            None => Ok(None),
            Some(WireSchedule::Minutes { minutes }) => Ok(Some(minutes)),
            Some(WireSchedule::Cron { .. }) => Err(serde::de::Error::custom(
                "target_completion_interval must be a MINUTES_TYPE schedule",
            )),
        }
    }
}

/// One argument of a [`StoredProcedureCall`], as SQL text.
///
/// Text becomes a quoted string literal, numbers and booleans their literal; use
/// [`expression`](Self::expression) for anything else (a bind-free SQL expression, passed as is).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProcedureArgument(String);

impl ProcedureArgument {
    /// A SQL expression passed as it is written, e.g. `CURRENT_DATE()` or `NULL`.
    ///
    /// ```
    /// use snowapi_core::task::{ProcedureArgument, StoredProcedureCall};
    /// let call = StoredProcedureCall::new("purge").arg(ProcedureArgument::expression("CURRENT_DATE() - 30"));
    /// assert_eq!(call.to_sql(), "CALL purge(CURRENT_DATE() - 30)");
    /// ```
    pub fn expression(sql: impl Into<String>) -> Self {
        Self(sql.into())
    }

    /// The argument as SQL text.
    ///
    /// ```
    /// use snowapi_core::task::ProcedureArgument;
    /// assert_eq!(ProcedureArgument::from("it's").as_sql(), "'it''s'");
    /// ```
    pub fn as_sql(&self) -> &str {
        &self.0
    }
}

/// A string literal, with `\` and `'` escaped as Snowflake reads them.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

impl From<&str> for ProcedureArgument {
    fn from(text: &str) -> Self {
        Self(literal(text))
    }
}

impl From<String> for ProcedureArgument {
    fn from(text: String) -> Self {
        Self(literal(&text))
    }
}

impl From<bool> for ProcedureArgument {
    fn from(value: bool) -> Self {
        Self(if value { "TRUE" } else { "FALSE" }.to_owned())
    }
}

macro_rules! numeric_arguments {
    ($($ty:ty),*) => {
        $(
            impl From<$ty> for ProcedureArgument {
                fn from(value: $ty) -> Self {
                    Self(value.to_string())
                }
            }
        )*
    };
}

numeric_arguments!(i32, i64, u32, u64, f64);

/// A call of an existing stored procedure as a task's definition (snowflake.core's
/// `StoredProcedureCall` over a registered procedure): `CALL name(arguments…)`.
///
/// Registering a procedure from code is the job of the SQL layer (`CREATE PROCEDURE`); a task
/// only calls it. A procedure run by a task must be permanent, since the task runs in its own
/// session.
///
/// ```
/// use snowapi_core::task::{StoredProcedureCall, Task};
/// let call = StoredProcedureCall::new("etl.public.load_day").arg("2026-01-31").arg(3);
/// assert_eq!(call.to_sql(), "CALL etl.public.load_day('2026-01-31', 3)");
/// let task = Task::new("load", call);
/// assert_eq!(task.definition, "CALL etl.public.load_day('2026-01-31', 3)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoredProcedureCall {
    procedure: String,
    arguments: Vec<ProcedureArgument>,
}

impl StoredProcedureCall {
    /// A call of `procedure` (its name, qualified as needed) without arguments so far.
    ///
    /// ```
    /// use snowapi_core::task::StoredProcedureCall;
    /// let call = StoredProcedureCall::new("refresh_all");
    /// assert_eq!(call.to_sql(), "CALL refresh_all()");
    /// ```
    pub fn new(procedure: impl Into<String>) -> Self {
        Self {
            procedure: procedure.into(),
            arguments: Vec::new(),
        }
    }

    /// Appends an argument.
    ///
    /// ```
    /// use snowapi_core::task::StoredProcedureCall;
    /// let call = StoredProcedureCall::new("load").arg("events").arg(7).arg(true);
    /// assert_eq!(call.to_sql(), "CALL load('events', 7, TRUE)");
    /// ```
    #[must_use]
    pub fn arg(mut self, argument: impl Into<ProcedureArgument>) -> Self {
        self.arguments.push(argument.into());
        self
    }

    /// The name of the procedure called.
    ///
    /// ```
    /// use snowapi_core::task::StoredProcedureCall;
    /// assert_eq!(StoredProcedureCall::new("etl.jobs.load").procedure(), "etl.jobs.load");
    /// ```
    pub fn procedure(&self) -> &str {
        &self.procedure
    }

    /// The `CALL` statement.
    ///
    /// ```
    /// use snowapi_core::task::{Task, StoredProcedureCall};
    /// let call = StoredProcedureCall::new("archive").arg("orders");
    /// let task = Task::new("archive_orders", call.to_sql());
    /// assert!(task.sql_definition().starts_with("CALL archive("));
    /// ```
    pub fn to_sql(&self) -> String {
        let arguments: Vec<&str> = self
            .arguments
            .iter()
            .map(ProcedureArgument::as_sql)
            .collect();
        format!("CALL {}({})", self.procedure, arguments.join(", "))
    }
}

impl std::fmt::Display for StoredProcedureCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_sql())
    }
}

impl From<StoredProcedureCall> for String {
    fn from(call: StoredProcedureCall) -> Self {
        call.to_sql()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_round_trip_through_the_wire_shape() {
        for schedule in [
            TaskSchedule::minutes(5),
            TaskSchedule::cron("0 9 * * *", "UTC"),
        ] {
            let json = serde_json::to_value(&schedule).unwrap();
            let back: TaskSchedule = serde_json::from_value(json).unwrap();
            assert_eq!(back, schedule);
        }
        let bad =
            serde_json::from_value::<TaskSchedule>(serde_json::json!({"schedule_type": "HOURS"}));
        assert!(bad.is_err());
    }

    #[test]
    fn procedure_arguments_are_sql_literals() {
        let call = StoredProcedureCall::new("p")
            .arg("it's \\")
            .arg(true)
            .arg(1.5)
            .arg(ProcedureArgument::expression("CURRENT_DATE()"));
        assert_eq!(
            call.to_sql(),
            "CALL p('it''s \\\\', TRUE, 1.5, CURRENT_DATE())"
        );
        assert_eq!(StoredProcedureCall::new("q").to_string(), "CALL q()");
    }
}
