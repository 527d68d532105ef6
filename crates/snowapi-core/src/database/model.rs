//! The database model, as created, altered and fetched.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, PointOfTime, setters::setters};

/// Whether a database keeps Fail-safe history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DatabaseKind {
    /// A regular database.
    Permanent,
    /// A database without Fail-safe.
    Transient,
}

/// A database (snowflake.core's `Database`). Read-only fields are filled by `fetch` and `iter`
/// and ignored on writes.
///
/// ```
/// use snowapi_core::database::{Database, DatabaseKind};
/// let db = Database::new("sales").comment("orders and invoices").kind(DatabaseKind::Transient);
/// assert_eq!(db.name, "sales");
/// assert_eq!(db.comment.as_deref(), Some("orders and invoices"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Database {
    /// Name of the database.
    pub name: String,
    /// Free text about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Permanent or transient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DatabaseKind>,
    /// Days of Time Travel history kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_time_in_days: Option<i64>,
    /// Days a stream can extend retention to stay readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_data_extension_time_in_days: Option<i64>,
    /// Collation given to new text columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_ddl_collation: Option<String>,
    /// Minimum severity of logs captured from code running in the database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// How much trace data code in the database emits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_level: Option<String>,
    /// Consecutive failures after which a task is suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_task_after_num_failures: Option<i64>,
    /// Time limit of one task run, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_task_timeout_ms: Option<i64>,
    /// Starting compute size of serverless tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_task_managed_initial_warehouse_size: Option<String>,
    /// Largest compute size serverless tasks scale up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless_task_max_statement_size: Option<String>,
    /// Smallest compute size serverless tasks scale down to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless_task_min_statement_size: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When it was dropped, in listings with history (read-only).
    #[serde(default, skip_serializing)]
    pub dropped_on: Option<Timestamp>,
    /// Whether it is the session's current database (read-only).
    #[serde(default, skip_serializing)]
    pub is_current: Option<bool>,
    /// Whether it is the user's default database (read-only).
    #[serde(default, skip_serializing)]
    pub is_default: Option<bool>,
    /// Share it mounts, if any (read-only).
    #[serde(default, skip_serializing)]
    pub origin: Option<String>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Effective Time Travel retention in days (read-only).
    #[serde(default, skip_serializing)]
    pub retention_time: Option<i64>,
    /// Extra options Snowflake reports (read-only).
    #[serde(default, skip_serializing)]
    pub options: Option<String>,
    /// Budget it is attached to (read-only).
    #[serde(default, skip_serializing)]
    pub budget: Option<String>,
}

impl Database {
    /// A database definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(Database {
    comment: String,
    kind: DatabaseKind,
    data_retention_time_in_days: i64,
    max_data_extension_time_in_days: i64,
    default_ddl_collation: String,
    log_level: String,
    trace_level: String,
    suspend_task_after_num_failures: i64,
    user_task_timeout_ms: i64,
    user_task_managed_initial_warehouse_size: String,
    serverless_task_max_statement_size: String,
    serverless_task_min_statement_size: String,
});

impl Named for Database {
    fn name(&self) -> &str {
        &self.name
    }
}

/// What a database clone creates: the new database's name and settings, and optionally the
/// moment of the source to copy.
///
/// ```
/// use snowapi_core::{PointOfTime, database::DatabaseClone};
/// let copy = DatabaseClone::new("sales_copy").point_of_time(PointOfTime::offset(-600));
/// assert_eq!(copy.name, "sales_copy");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatabaseClone {
    /// Name of the new database.
    pub name: String,
    /// Free text about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Permanent or transient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DatabaseKind>,
    /// Days of Time Travel history kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_time_in_days: Option<i64>,
    /// Days a stream can extend retention to stay readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_data_extension_time_in_days: Option<i64>,
    /// The moment of the source to copy (now when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_of_time: Option<PointOfTime>,
}

impl DatabaseClone {
    /// A clone named `name`, copying the source as it is now.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(DatabaseClone {
    comment: String,
    kind: DatabaseKind,
    data_retention_time_in_days: i64,
    max_data_extension_time_in_days: i64,
    point_of_time: PointOfTime,
});
