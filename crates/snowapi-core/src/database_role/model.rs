//! The database role model, as created and listed.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters};

/// A role that belongs to a database (snowflake.core's `DatabaseRole`). Read-only fields are
/// filled by `iter` and ignored on writes.
///
/// ```
/// use snowapi_core::database_role::DatabaseRole;
/// let reader = DatabaseRole::new("reader").comment("reads every table");
/// assert_eq!(reader.name, "reader");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatabaseRole {
    /// Name of the database role.
    pub name: String,
    /// Free text about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// How many account roles hold it (read-only).
    #[serde(default, skip_serializing)]
    pub granted_to_roles: Option<i64>,
    /// How many database roles hold it (read-only).
    #[serde(default, skip_serializing)]
    pub granted_to_database_roles: Option<i64>,
    /// How many database roles it holds (read-only).
    #[serde(default, skip_serializing)]
    pub granted_database_roles: Option<i64>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
}

impl DatabaseRole {
    /// A database role definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(DatabaseRole { comment: String });

impl Named for DatabaseRole {
    fn name(&self) -> &str {
        &self.name
    }
}
