//! The grant models of the role, database role and user APIs.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::record::{privilege_record, record};

/// What a revoke does when the grantee passed the privilege on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeleteMode {
    /// Fail (Snowflake's default).
    #[default]
    Restrict,
    /// Also revoke every grant that depends on it.
    Cascade,
}

impl DeleteMode {
    /// The mode as the API's query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Restrict => "restrict",
            Self::Cascade => "cascade",
        }
    }
}

/// The object a grant is on, named with its database, schema (and service, for service roles)
/// where it has them (snowflake.core's `role.Securable`).
///
/// ```
/// use snowapi_core::grant::SecurableRef;
/// let table = SecurableRef::schema_object("sales", "public", "orders");
/// assert_eq!(table.name, "orders");
/// assert_eq!(table.database.as_deref(), Some("sales"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SecurableRef {
    /// Database of the object, for objects in a database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Schema of the object, for objects in a schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Service of a service role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Name of the object.
    pub name: String,
}

impl SecurableRef {
    /// An object of the account: a role, warehouse, database, user, compute pool, ….
    pub fn account_object(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// An object of a database: a schema or a database role.
    pub fn database_object(database: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            database: Some(database.into()),
            name: name.into(),
            ..Self::default()
        }
    }

    /// An object of a schema: a table, view, stage, service, ….
    pub fn schema_object(
        database: impl Into<String>,
        schema: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            database: Some(database.into()),
            schema: Some(schema.into()),
            name: name.into(),
            service: None,
        }
    }

    /// A service role of a service.
    pub fn service_role(
        database: impl Into<String>,
        schema: impl Into<String>,
        service: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            database: Some(database.into()),
            schema: Some(schema.into()),
            service: Some(service.into()),
            name: name.into(),
        }
    }
}

/// The database, or schema within it, that a grant on all (or all future) objects of a kind
/// covers.
///
/// ```
/// use snowapi_core::grant::ContainingScope;
/// let scope = ContainingScope::schema("sales", "public");
/// assert_eq!(scope.schema.as_deref(), Some("public"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContainingScope {
    /// The database.
    pub database: String,
    /// The schema within it, when the scope is a schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

impl ContainingScope {
    /// Every object of the kind in a database.
    pub fn database(database: impl Into<String>) -> Self {
        Self {
            database: database.into(),
            schema: None,
        }
    }

    /// Every object of the kind in one schema.
    pub fn schema(database: impl Into<String>, schema: impl Into<String>) -> Self {
        Self {
            database: database.into(),
            schema: Some(schema.into()),
        }
    }
}

/// Privileges on one object (or a role, or all / all future objects of a kind in a scope) held
/// by a role, database role or user — what their `grant…` verbs send and `iter_grants_to`
/// lists (snowflake.core's `role.Grant`).
///
/// ```
/// use snowapi_core::grant::{ContainingScope, PrivilegeGrant, SecurableRef};
/// let usage = PrivilegeGrant::on(["USAGE"], "DATABASE", SecurableRef::account_object("sales"));
/// assert_eq!(usage.securable_type, "DATABASE");
/// let future = PrivilegeGrant::on_all(["SELECT"], "TABLE", ContainingScope::database("sales"))
///     .grant_option(true);
/// assert_eq!(future.grant_option, Some(true));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrivilegeGrant {
    /// The object the privileges are on (or the role granted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub securable: Option<SecurableRef>,
    /// For grants on all or future objects: where those objects live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub containing_scope: Option<ContainingScope>,
    /// Kind of object, such as `DATABASE`, `TABLE`, `ROLE` or `ACCOUNT`.
    pub securable_type: String,
    /// Whether the grantee may pass the privileges on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_option: Option<bool>,
    /// Privilege names, such as `USAGE` or `SELECT` (empty when granting a role).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub privileges: Vec<String>,
    /// When the grant was made (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// Role that made the grant (read-only).
    #[serde(default, skip_serializing)]
    pub granted_by: Option<String>,
}

impl PrivilegeGrant {
    /// A role (`role_type` `ROLE` or `DATABASE ROLE`) given to the grantee.
    pub fn role(role_type: impl Into<String>, role: SecurableRef) -> Self {
        Self {
            securable: Some(role),
            securable_type: role_type.into(),
            ..Self::default()
        }
    }

    /// `privileges` on one object of kind `securable_type`.
    pub fn on<P: Into<String>>(
        privileges: impl IntoIterator<Item = P>,
        securable_type: impl Into<String>,
        securable: SecurableRef,
    ) -> Self {
        Self {
            securable: Some(securable),
            ..Self::account(privileges, securable_type)
        }
    }

    /// `privileges` on something named by its kind alone, such as `ACCOUNT`.
    pub fn account<P: Into<String>>(
        privileges: impl IntoIterator<Item = P>,
        securable_type: impl Into<String>,
    ) -> Self {
        Self {
            securable_type: securable_type.into(),
            privileges: privileges.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// `privileges` on every object of kind `securable_type` in `scope` (the objects there now,
    /// or, sent as a future grant, those created later).
    pub fn on_all<P: Into<String>>(
        privileges: impl IntoIterator<Item = P>,
        securable_type: impl Into<String>,
        scope: ContainingScope,
    ) -> Self {
        Self {
            containing_scope: Some(scope),
            ..Self::account(privileges, securable_type)
        }
    }

    /// Sets whether the grantee may pass the privileges on.
    #[must_use]
    pub fn grant_option(mut self, grant_option: bool) -> Self {
        self.grant_option = Some(grant_option);
        self
    }
}

record! {
    /// One user or role that holds a role, as `iter_grants_of` lists them.
    pub struct GrantOf {
        /// When the role was granted.
        created_on: Timestamp,
        /// The role that was granted.
        role: String,
        /// Kind of holder, `USER` or `ROLE`.
        granted_to: String,
        /// Name of the holder.
        grantee_name: String,
        /// Role that made the grant.
        granted_by: String,
    }
}

privilege_record! {
    /// One privilege someone holds on a role itself (such as `OWNERSHIP`), as `iter_grants_on`
    /// lists them.
    pub struct GrantOn {
        /// Whether the holder may pass the privilege on (`true` / `false`, as text).
        grant_option: String,
        /// Role that made the grant.
        granted_by: String,
        /// Kind of the granting role (`ROLE` or `DATABASE_ROLE`).
        granted_by_role_type: String,
    }
}
