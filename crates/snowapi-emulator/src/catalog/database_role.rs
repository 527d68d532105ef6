//! Database roles: roles that live in a database and can be granted privileges on its objects.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Catalog, Name, ObjectInfo};
use crate::error::{EmulatorError, Result};

/// A database role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatabaseRole {
    /// Name (unique in its database).
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
}

impl Catalog {
    /// The database role `database.name`, or Snowflake's "does not exist" error.
    pub fn database_role(&self, database: &Name, name: &Name) -> Result<&Arc<DatabaseRole>> {
        self.database(database)?
            .database_roles
            .get(name)
            .ok_or_else(|| EmulatorError::not_found("Database role", format!("{database}.{name}")))
    }
}
