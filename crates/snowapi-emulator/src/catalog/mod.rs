//! The catalog: every object of the account. One catalog serves SQL and (later) the REST API.
//!
//! A [`Catalog`] value is an immutable snapshot shared through `Arc`s; a change clones the
//! path from the root to what changed (`Arc::make_mut`) and publishes a new snapshot, so a
//! statement reads one consistent state however long it runs.

mod compute_pool;
mod database_role;
mod grant;
mod image_registry;
mod image_repository;
mod name;
mod objects;
mod service;
mod service_role;
mod stage;
mod stage_files;
mod table_settings;
mod tag;
mod tagged;
mod task;
mod user;
mod user_token;
mod warehouse;

use std::{collections::BTreeMap, fmt, sync::Arc};

use serde::{Deserialize, Serialize};

pub use compute_pool::{
    ComputePool, ComputePoolState, DEFAULT_POOL_AUTO_SUSPEND_SECS, INSTANCE_FAMILIES,
};
pub use database_role::DatabaseRole;
pub use grant::{FutureGrant, Grant, Grantee, OwnedObject, Securable};
pub use image_registry::{
    ImageRef, ListedImage, RepositoryImage, images_in, register_image, spec_images,
};
pub use image_repository::ImageRepository;
pub use name::{Name, object_name_parts, split_dotted};
pub use objects::{
    Column, Constraint, Database, Dropped, ObjectInfo, Role, Schema, Table, TableData, TableKind,
    User, View, Warehouse,
};

pub use service::{Service, ServiceSpec, ServiceStatus};
pub(crate) use service_role::yaml_key_value;
pub use service_role::{ALL_ENDPOINTS_USAGE, SERVICE_ROLE, ServiceRole, service_roles};
pub use stage::{DirectoryTable, Stage};
pub use stage_files::{FileStore, StageFiles, StagedFile, put_stage_file, stage_file_path};
pub use table_settings::TableSettings;
pub use tag::{Tag, TagValue};
pub use tagged::{TagDomain, TagLineage};
pub use task::{
    DEFAULT_SUSPEND_AFTER_FAILURES, GraphRun, TASK_RUN_HISTORY, Task, TaskRun, TaskRunState,
    TaskSchedule, TaskState,
};
pub use user::hash_password;
pub use user_token::{TokenGrant, new_programmatic_access_token_secret};
pub use warehouse::{keys as warehouse_keys, warehouse_size};

use crate::error::{EmulatorError, Result};

/// The fully qualified name of a schema-level object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectPath {
    /// Database.
    pub database: Name,
    /// Schema.
    pub schema: Name,
    /// Object.
    pub name: Name,
}

impl fmt::Display for ObjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.database, self.schema, self.name)
    }
}

/// Everything in the account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Databases, by name.
    pub databases: BTreeMap<Name, Arc<Database>>,
    /// Dropped databases that UNDROP can bring back, most recent last.
    pub dropped_databases: Vec<Dropped<Database>>,
    /// Warehouses, by name.
    pub warehouses: BTreeMap<Name, Arc<Warehouse>>,
    /// Account roles, by name.
    pub roles: BTreeMap<Name, Arc<Role>>,
    /// Users, by name.
    pub users: BTreeMap<Name, Arc<User>>,
    /// Privileges and roles granted (not OWNERSHIP, which objects carry as their owner).
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Grants on objects yet to be created in a schema or database.
    #[serde(default)]
    pub future_grants: Vec<FutureGrant>,
    /// The files of each user's own stage (`@~`), by user name.
    #[serde(default)]
    pub user_stages: BTreeMap<Name, StageFiles>,
    /// Compute pools, by name.
    #[serde(default)]
    pub compute_pools: BTreeMap<Name, Arc<ComputePool>>,
}

impl Catalog {
    /// The database, or Snowflake's "does not exist" error.
    pub fn database(&self, name: &Name) -> Result<&Arc<Database>> {
        self.databases
            .get(name)
            .ok_or_else(|| EmulatorError::not_found("Database", name))
    }

    /// The database, ready to change.
    pub fn database_mut(&mut self, name: &Name) -> Result<&mut Database> {
        self.databases
            .get_mut(name)
            .map(Arc::make_mut)
            .ok_or_else(|| EmulatorError::not_found("Database", name))
    }

    /// The schema, or Snowflake's "does not exist" error.
    pub fn schema(&self, database: &Name, schema: &Name) -> Result<&Arc<Schema>> {
        self.database(database)?
            .schemas
            .get(schema)
            .ok_or_else(|| EmulatorError::not_found("Schema", format!("{database}.{schema}")))
    }

    /// The schema, ready to change.
    pub fn schema_mut(&mut self, database: &Name, schema: &Name) -> Result<&mut Schema> {
        self.database_mut(database)?
            .schemas
            .get_mut(schema)
            .map(Arc::make_mut)
            .ok_or_else(|| EmulatorError::not_found("Schema", format!("{database}.{schema}")))
    }

    /// The table, or Snowflake's "does not exist" error.
    pub fn table(&self, path: &ObjectPath) -> Result<&Arc<Table>> {
        self.schema(&path.database, &path.schema)?
            .tables
            .get(&path.name)
            .ok_or_else(|| EmulatorError::not_found("Table", path))
    }

    /// The table, ready to change.
    pub fn table_mut(&mut self, path: &ObjectPath) -> Result<&mut Table> {
        self.schema_mut(&path.database, &path.schema)?
            .tables
            .get_mut(&path.name)
            .map(Arc::make_mut)
            .ok_or_else(|| EmulatorError::not_found("Table", path))
    }

    /// The view, if there is one of that name.
    pub fn view(&self, path: &ObjectPath) -> Option<&Arc<View>> {
        self.schema(&path.database, &path.schema)
            .ok()?
            .views
            .get(&path.name)
    }
}
