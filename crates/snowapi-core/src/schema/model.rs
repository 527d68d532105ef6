//! The schema model, as created, altered and fetched.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, PointOfTime, setters::setters};

/// Whether a schema keeps Fail-safe history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SchemaKind {
    /// A regular schema.
    Permanent,
    /// A schema without Fail-safe.
    Transient,
}

/// A schema (snowflake.core's `Schema`). Read-only fields are filled by `fetch` and `iter` and
/// ignored on writes.
///
/// ```
/// use snowapi_core::schema::{Schema, SchemaKind};
/// let schema = Schema::new("staging").kind(SchemaKind::Transient).managed_access(true);
/// assert_eq!(schema.name, "staging");
/// assert_eq!(schema.managed_access, Some(true));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Schema {
    /// Name of the schema.
    pub name: String,
    /// Permanent or transient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SchemaKind>,
    /// Free text about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Whether only the schema owner may grant privileges on its objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_access: Option<bool>,
    /// Days of Time Travel history kept (the default of its tables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_time_in_days: Option<i64>,
    /// Collation given to new text columns of its tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_ddl_collation: Option<String>,
    /// Minimum severity of logs captured from code running in the schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// Whether the schema's pipes are paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipe_execution_paused: Option<bool>,
    /// Days a stream can extend retention to stay readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_data_extension_time_in_days: Option<i64>,
    /// Consecutive failures after which a task is suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_task_after_num_failures: Option<i64>,
    /// How much trace data code in the schema emits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_level: Option<String>,
    /// Starting compute size of serverless tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_task_managed_initial_warehouse_size: Option<String>,
    /// Time limit of one task run, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_task_timeout_ms: Option<i64>,
    /// Smallest compute size serverless tasks scale down to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless_task_min_statement_size: Option<String>,
    /// Largest compute size serverless tasks scale up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless_task_max_statement_size: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When it was dropped, in listings with history (read-only).
    #[serde(default, skip_serializing)]
    pub dropped_on: Option<Timestamp>,
    /// Whether it is the user's default schema (read-only).
    #[serde(default, skip_serializing)]
    pub is_default: Option<bool>,
    /// Whether it is the session's current schema (read-only).
    #[serde(default, skip_serializing)]
    pub is_current: Option<bool>,
    /// Database it belongs to (read-only).
    #[serde(default, skip_serializing)]
    pub database_name: Option<String>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Extra options Snowflake reports (read-only).
    #[serde(default, skip_serializing)]
    pub options: Option<String>,
    /// Effective Time Travel retention in days (read-only).
    #[serde(default, skip_serializing)]
    pub retention_time: Option<i64>,
    /// Budget it is attached to (read-only).
    #[serde(default, skip_serializing)]
    pub budget: Option<String>,
}

impl Schema {
    /// A schema definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(Schema {
    kind: SchemaKind,
    comment: String,
    managed_access: bool,
    data_retention_time_in_days: i64,
    default_ddl_collation: String,
    log_level: String,
    pipe_execution_paused: bool,
    max_data_extension_time_in_days: i64,
    suspend_task_after_num_failures: i64,
    trace_level: String,
    user_task_managed_initial_warehouse_size: String,
    user_task_timeout_ms: i64,
    serverless_task_min_statement_size: String,
    serverless_task_max_statement_size: String,
});

impl Named for Schema {
    fn name(&self) -> &str {
        &self.name
    }
}

/// What a schema clone creates: the new schema's definition, and optionally the moment of the
/// source to copy.
///
/// ```
/// use snowapi_core::{PointOfTime, schema::{Schema, SchemaClone}};
/// let copy = SchemaClone::new("staging_copy").point_of_time(PointOfTime::offset(-600));
/// assert_eq!(copy.schema.name, "staging_copy");
/// let described = SchemaClone::from(Schema::new("audit").comment("copied"));
/// assert_eq!(described.schema.comment.as_deref(), Some("copied"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SchemaClone {
    /// The new schema's name and settings.
    #[serde(flatten)]
    pub schema: Schema,
    /// The moment of the source to copy (now when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_of_time: Option<PointOfTime>,
}

impl SchemaClone {
    /// A clone named `name`, copying the source as it is now.
    pub fn new(name: impl Into<String>) -> Self {
        Schema::new(name).into()
    }
}

impl From<Schema> for SchemaClone {
    fn from(schema: Schema) -> Self {
        Self {
            schema,
            point_of_time: None,
        }
    }
}

setters!(SchemaClone {
    point_of_time: PointOfTime,
});
