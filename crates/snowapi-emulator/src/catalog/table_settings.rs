//! Table properties beyond columns, keys and retention that Snowflake lets a table set
//! (CHANGE_TRACKING, ENABLE_SCHEMA_EVOLUTION, DEFAULT_DDL_COLLATION,
//! MAX_DATA_EXTENSION_TIME_IN_DAYS) and whether Automatic Clustering was suspended. The
//! emulator only keeps them so that what is set reads back; none changes how rows are stored.

use serde::{Deserialize, Serialize};

/// The settings of one table; `Default` is a table that set none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableSettings {
    /// CHANGE_TRACKING: whether row changes are recorded (streams need it).
    pub change_tracking: bool,
    /// ENABLE_SCHEMA_EVOLUTION: whether loads may add or relax columns.
    pub enable_schema_evolution: bool,
    /// DEFAULT_DDL_COLLATION set on the table itself.
    pub default_ddl_collation: Option<String>,
    /// MAX_DATA_EXTENSION_TIME_IN_DAYS set on the table itself.
    pub max_data_extension_time_in_days: Option<u32>,
    /// Whether `ALTER TABLE … SUSPEND RECLUSTER` turned Automatic Clustering off.
    pub recluster_suspended: bool,
}
