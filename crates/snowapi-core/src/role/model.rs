//! The role model, as created and listed.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters};

/// An account role (snowflake.core's `Role`). Read-only fields are filled by `iter` and
/// ignored on writes.
///
/// ```
/// use snowapi_core::role::Role;
/// let role = Role::new("analyst").comment("reads the sales data");
/// assert_eq!(role.comment.as_deref(), Some("reads the sales data"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Role {
    /// Name of the role.
    pub name: String,
    /// Free text about the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Whether it is the current user's default role (read-only).
    #[serde(default, skip_serializing)]
    pub is_default: Option<bool>,
    /// Whether it is the session's primary role (read-only).
    #[serde(default, skip_serializing)]
    pub is_current: Option<bool>,
    /// Whether the session's role holds it, directly or through others (read-only).
    #[serde(default, skip_serializing)]
    pub is_inherited: Option<bool>,
    /// How many users hold it (read-only).
    #[serde(default, skip_serializing)]
    pub assigned_to_users: Option<i64>,
    /// How many roles hold it (read-only).
    #[serde(default, skip_serializing)]
    pub granted_to_roles: Option<i64>,
    /// How many roles it holds (read-only).
    #[serde(default, skip_serializing)]
    pub granted_roles: Option<i64>,
}

impl Role {
    /// A role definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(Role { comment: String });

impl Named for Role {
    fn name(&self) -> &str {
        &self.name
    }
}
