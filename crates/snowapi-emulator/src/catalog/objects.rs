//! The objects of an account, with the properties SHOW and the REST API report.

use std::{collections::BTreeMap, sync::Arc};

use arrow::{
    datatypes::{Schema as ArrowSchema, SchemaRef},
    record_batch::RecordBatch,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Name;
use crate::types::SfType;

/// Properties every object has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectInfo {
    /// When it was created.
    pub created_on: DateTime<Utc>,
    /// Role that owns it.
    pub owner: String,
    /// Free text.
    pub comment: Option<String>,
    /// Tags set on the object, in the order they were first set.
    #[serde(default)]
    pub tags: Vec<super::TagValue>,
}

impl ObjectInfo {
    /// Info of an object created now by `owner`.
    pub fn new(owner: &str, comment: Option<String>) -> Self {
        Self {
            created_on: Utc::now(),
            owner: owner.to_owned(),
            comment,
            tags: Vec::new(),
        }
    }
}

/// A database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Database {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// TRANSIENT databases keep no Fail-safe.
    pub transient: bool,
    /// Days of Time Travel.
    pub retention_time: u32,
    /// Schemas, by name.
    pub schemas: BTreeMap<Name, Arc<Schema>>,
    /// Dropped schemas that UNDROP can bring back, most recent last.
    pub dropped_schemas: Vec<Dropped<Schema>>,
    /// Database roles, by name.
    #[serde(default)]
    pub database_roles: BTreeMap<Name, Arc<super::DatabaseRole>>,
    /// Object parameters set on it (LOG_LEVEL, DEFAULT_DDL_COLLATION, …), by upper-case name.
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
}

/// A schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// TRANSIENT schemas keep no Fail-safe.
    pub transient: bool,
    /// Whether only the owner grants privileges on its objects.
    pub managed_access: bool,
    /// Days of Time Travel.
    pub retention_time: u32,
    /// Tables, by name.
    pub tables: BTreeMap<Name, Arc<Table>>,
    /// Views, by name.
    pub views: BTreeMap<Name, Arc<View>>,
    /// Dropped tables that UNDROP can bring back, most recent last.
    pub dropped_tables: Vec<Dropped<Table>>,
    /// Tasks, by name.
    #[serde(default)]
    pub tasks: BTreeMap<Name, Arc<super::Task>>,
    /// Stages, by name.
    #[serde(default)]
    pub stages: BTreeMap<Name, Arc<super::Stage>>,
    /// Image repositories, by name.
    #[serde(default)]
    pub image_repositories: BTreeMap<Name, Arc<super::ImageRepository>>,
    /// Services, by name.
    #[serde(default)]
    pub services: BTreeMap<Name, Arc<super::Service>>,
    /// Tags, by name.
    #[serde(default)]
    pub tags: BTreeMap<Name, Arc<super::Tag>>,
    /// Object parameters set on it (LOG_LEVEL, DEFAULT_DDL_COLLATION, …), by upper-case name.
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
}

/// A dropped object and when it was dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dropped<T> {
    /// When it was dropped.
    pub dropped_on: DateTime<Utc>,
    /// The object as it was.
    pub object: Arc<T>,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Name.
    pub name: Name,
    /// Snowflake type.
    pub sf_type: SfType,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// SQL expression giving the value of rows inserted without one.
    pub default: Option<String>,
    /// Free text.
    pub comment: Option<String>,
    /// Whether the column numbers rows by itself, and from where, by how much.
    pub autoincrement: Option<(i64, i64)>,
}

/// A key constraint, kept as metadata (Snowflake does not enforce them either).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "constraint_type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Constraint {
    /// PRIMARY KEY.
    PrimaryKey {
        /// Constraint name.
        name: Option<Name>,
        /// Columns.
        columns: Vec<Name>,
    },
    /// UNIQUE.
    Unique {
        /// Constraint name.
        name: Option<Name>,
        /// Columns.
        columns: Vec<Name>,
    },
    /// FOREIGN KEY.
    ForeignKey {
        /// Constraint name.
        name: Option<Name>,
        /// Columns.
        columns: Vec<Name>,
        /// Referenced table, as written.
        referenced_table: Vec<Name>,
        /// Referenced columns.
        referenced_columns: Vec<Name>,
    },
}

/// Lifetime of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TableKind {
    /// Kept with Fail-safe.
    Permanent,
    /// No Fail-safe.
    Transient,
    /// Lives as long as the session.
    Temporary,
}

/// A table: its definition and its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Lifetime.
    pub kind: TableKind,
    /// Columns, in order.
    pub columns: Vec<Column>,
    /// Key constraints.
    pub constraints: Vec<Constraint>,
    /// Clustering expressions, as written.
    pub cluster_by: Vec<String>,
    /// Days of Time Travel.
    pub retention_time: u32,
    /// Change tracking, schema evolution, collation, … and the reclustering switch.
    #[serde(default)]
    pub settings: super::TableSettings,
    /// The rows; stored apart from the catalog.
    #[serde(skip)]
    pub data: TableData,
    /// Storage id of the rows' file, when the engine is durable.
    pub data_id: Option<String>,
}

impl Table {
    /// The Arrow schema of the rows.
    pub fn arrow_schema(&self) -> SchemaRef {
        Arc::new(ArrowSchema::new(
            self.columns
                .iter()
                .map(|c| c.sf_type.field(c.name.as_str(), c.nullable))
                .collect::<Vec<_>>(),
        ))
    }

    /// The column of that name.
    pub fn column(&self, name: &Name) -> Option<&Column> {
        self.columns.iter().find(|c| &c.name == name)
    }

    /// Number of rows.
    pub fn row_count(&self) -> usize {
        self.data.row_count()
    }

    /// Bytes of row data held in memory.
    pub fn bytes(&self) -> usize {
        self.data
            .batches
            .iter()
            .map(RecordBatch::get_array_memory_size)
            .sum()
    }
}

/// The rows of a table: immutable batches shared by every snapshot that has not changed them.
#[derive(Debug, Clone, Default)]
pub struct TableData {
    /// The batches, in insertion order.
    pub batches: Arc<Vec<RecordBatch>>,
}

impl PartialEq for TableData {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.batches, &other.batches)
    }
}

impl TableData {
    /// Rows held from these batches.
    pub fn new(batches: Vec<RecordBatch>) -> Self {
        Self {
            batches: Arc::new(batches),
        }
    }

    /// Number of rows.
    pub fn row_count(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// A view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Whether it is a SECURE view.
    pub secure: bool,
    /// The query after `AS`, its table names qualified as its creator resolved them
    /// (`"DB"."SCHEMA"."T"`), so it reads the same tables in every session.
    pub query: String,
    /// The whole CREATE statement, as SHOW VIEWS reports it.
    pub text: String,
    /// Column names given in the definition, if any.
    pub column_names: Vec<Name>,
    /// Comments of the definition's columns, by position in `column_names` (None: no comment).
    #[serde(default)]
    pub column_comments: Vec<Option<String>>,
}

/// A virtual warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warehouse {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// STARTED or SUSPENDED.
    pub state: String,
    /// STANDARD or SNOWPARK-OPTIMIZED.
    pub warehouse_type: String,
    /// XSMALL, SMALL, ...
    pub size: String,
    /// Seconds of inactivity before suspending.
    pub auto_suspend: Option<u32>,
    /// Whether a query resumes it.
    pub auto_resume: bool,
    /// Other properties set with CREATE/ALTER, by upper-case name.
    pub properties: BTreeMap<String, String>,
    /// When it last resumed.
    #[serde(default)]
    pub resumed_on: Option<DateTime<Utc>>,
    /// When its properties last changed.
    #[serde(default)]
    pub updated_on: Option<DateTime<Utc>>,
    /// Whether REST `:disable` switched it off (it stays suspended until `:enable`).
    #[serde(default)]
    pub disabled: bool,
}

/// An account role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Login name (canonical).
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Properties set with CREATE/ALTER USER (RSA_PUBLIC_KEY, DEFAULT_ROLE, ...), by
    /// upper-case name.
    pub properties: BTreeMap<String, String>,
    /// The password, salted and hashed (see [`User::verify_password`]); never the password.
    #[serde(default)]
    pub password_hash: Option<String>,
    /// When the password was last set.
    #[serde(default)]
    pub password_last_set: Option<DateTime<Utc>>,
}
