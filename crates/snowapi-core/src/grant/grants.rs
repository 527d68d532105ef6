//! The older grants API, addressed by grantee (`root.grants()`), which Snowflake has deprecated
//! in favour of the grant verbs of roles, database roles and users.

use std::num::NonZeroU64;

use serde::{Deserialize, Serialize};
use snowapi_rest::{
    Timestamp,
    grant::{Client, types},
};

use super::DeleteMode;
use crate::{
    CoreError, Root,
    call::discard,
    convert::{list_from_wire, to_wire},
};

/// Kind of grantee of the grants API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum GranteeType {
    /// A user.
    User,
    /// An account role.
    Role,
    /// A database role (named `database.role`).
    DatabaseRole,
    /// An application role.
    ApplicationRole,
    /// A share.
    Share,
}

/// Who a [`Grant`] gives privileges to (snowflake.core's `Grantee`; its `Grantees.role(…)`
/// is [`Grantee::role`] here).
///
/// ```
/// use snowapi_core::grant::{Grantee, GranteeType};
/// let analyst = Grantee::role("analyst");
/// assert_eq!(analyst.grantee_type, GranteeType::Role);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Grantee {
    /// Name of the grantee.
    pub name: String,
    /// Kind of grantee.
    pub grantee_type: GranteeType,
}

impl Grantee {
    /// A grantee of any kind.
    pub fn new(name: impl Into<String>, grantee_type: GranteeType) -> Self {
        Self {
            name: name.into(),
            grantee_type,
        }
    }

    /// A user.
    pub fn user(name: impl Into<String>) -> Self {
        Self::new(name, GranteeType::User)
    }

    /// An account role.
    pub fn role(name: impl Into<String>) -> Self {
        Self::new(name, GranteeType::Role)
    }

    /// A database role, named `database.role`.
    pub fn database_role(name: impl Into<String>) -> Self {
        Self::new(name, GranteeType::DatabaseRole)
    }

    /// An application role.
    pub fn application_role(name: impl Into<String>) -> Self {
        Self::new(name, GranteeType::ApplicationRole)
    }

    /// A share.
    pub fn share(name: impl Into<String>) -> Self {
        Self::new(name, GranteeType::Share)
    }
}

/// What a [`Grant`] is on: one named object, or all (or all future) objects of a kind in a
/// database or schema (snowflake.core's `Securable`; its `Securables.database(…)` is
/// [`Securable::database`] here).
///
/// ```
/// use snowapi_core::grant::Securable;
/// let db = Securable::database("sales");
/// assert_eq!((db.name(), db.securable_type()), ("sales", "database"));
/// let tables = Securable::all("tables", Securable::schema("sales.public"));
/// assert_eq!(tables.scope().map(Securable::name), Some("sales.public"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Securable {
    name: String,
    securable_type: String,
    scope: Option<Box<Securable>>,
}

macro_rules! securables {
    ($($(#[$doc:meta])* $fn:ident => $kind:literal),* $(,)?) => {
        impl Securable {
            $(
                $(#[$doc])*
                pub fn $fn(name: impl Into<String>) -> Self {
                    Self::object($kind, name)
                }
            )*
        }
    };
}

securables! {
    /// An account, by name.
    account => "account",
    /// A database.
    database => "database",
    /// A schema, named `database.schema`.
    schema => "schema",
    /// An account role.
    role => "role",
    /// A database role, named `database.role`.
    database_role => "database role",
    /// A user.
    user => "user",
    /// A warehouse.
    warehouse => "warehouse",
    /// A compute pool.
    compute_pool => "compute pool",
    /// An integration.
    integration => "integration",
    /// A resource monitor.
    resource_monitor => "resource monitor",
    /// A table, named `database.schema.table`.
    table => "table",
    /// A view, named `database.schema.view`.
    view => "view",
    /// A stage, named `database.schema.stage`.
    stage => "stage",
    /// A task, named `database.schema.task`.
    task => "task",
    /// A service, named `database.schema.service`.
    service => "service",
    /// An image repository, named `database.schema.repository`.
    image_repository => "image repository",
}

impl Securable {
    /// One object of any kind (`securable_type` such as `"table"` or `"external volume"`),
    /// named with its database and schema where it has them.
    pub fn object(securable_type: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            securable_type: securable_type.into(),
            scope: None,
        }
    }

    /// The account of the session (snowflake.core's `Securables.current_account`).
    pub fn current_account() -> Self {
        Self::object("account", "-")
    }

    /// Every existing object of a kind (`securable_type_plural` such as `"tables"` or
    /// `"schemas"`) in `scope`, a [`database`](Self::database) or [`schema`](Self::schema).
    pub fn all(securable_type_plural: impl Into<String>, scope: Securable) -> Self {
        Self::group("all", securable_type_plural, scope)
    }

    /// Every object of a kind created later in `scope` (a future grant).
    pub fn future(securable_type_plural: impl Into<String>, scope: Securable) -> Self {
        Self::group("future", securable_type_plural, scope)
    }

    fn group(bulk: &str, plural: impl Into<String>, scope: Securable) -> Self {
        Self {
            name: bulk.to_owned(),
            securable_type: plural.into(),
            scope: Some(Box::new(scope)),
        }
    }

    /// The object's name (`all` / `future` for groups of objects).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Kind of object (in the plural for groups of objects).
    pub fn securable_type(&self) -> &str {
        &self.securable_type
    }

    /// For groups of objects: the database or schema they live in.
    pub fn scope(&self) -> Option<&Securable> {
        self.scope.as_deref()
    }
}

/// Privileges on a securable for a grantee (snowflake.core's `grant.Grant`), as
/// [`Grants::grant`] and [`Grants::revoke`] take it.
///
/// ```
/// use snowapi_core::grant::{Grant, Grantee, Securable};
/// let grant = Grant::new(Grantee::role("analyst"), Securable::current_account(), ["CREATE DATABASE"])
///     .grant_option(true);
/// assert_eq!(grant.privileges, ["CREATE DATABASE"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Grant {
    /// Who receives the privileges.
    pub grantee: Grantee,
    /// What they are on.
    pub securable: Securable,
    /// Privilege names, such as `USAGE` or `CREATE DATABASE`.
    pub privileges: Vec<String>,
    /// Whether the grantee may pass them on.
    pub grant_option: bool,
}

impl Grant {
    /// `privileges` on `securable` for `grantee`, without the grant option.
    pub fn new<P: Into<String>>(
        grantee: Grantee,
        securable: Securable,
        privileges: impl IntoIterator<Item = P>,
    ) -> Self {
        Self {
            grantee,
            securable,
            privileges: privileges.into_iter().map(Into::into).collect(),
            grant_option: false,
        }
    }

    /// Sets whether the grantee may pass the privileges on.
    #[must_use]
    pub fn grant_option(mut self, grant_option: bool) -> Self {
        self.grant_option = grant_option;
        self
    }
}

/// One row of what a grantee holds, as [`Grants::to`] lists it (`SHOW GRANTS TO`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GrantRecord {
    /// Privilege names.
    #[serde(default)]
    pub privileges: Vec<String>,
    /// Whether the grantee may pass them on.
    #[serde(default)]
    pub grant_option: Option<bool>,
    /// When the grant was made.
    #[serde(default)]
    pub created_on: Option<Timestamp>,
    /// Kind of grantee, such as `ROLE` or `USER`.
    #[serde(default)]
    pub grantee_type: Option<String>,
    /// Name of the grantee.
    #[serde(default)]
    pub grantee_name: Option<String>,
    /// Kind of object, such as `ACCOUNT` or `TABLE`.
    #[serde(default)]
    pub securable_type: Option<String>,
    /// Name of the object.
    #[serde(default)]
    pub securable_name: Option<String>,
    /// Kind of the granting role (`ROLE` or `DATABASE_ROLE`).
    #[serde(default)]
    pub granted_by_role_type: Option<String>,
    /// Role that made the grant.
    #[serde(default)]
    pub granted_by_name: Option<String>,
}

/// The deprecated grants API (snowflake.core's `root.grants`): grant and revoke privileges by
/// grantee, and list what a grantee holds. Prefer the grant verbs of
/// [`RoleResource`](crate::role::RoleResource) and [`UserResource`](crate::user::UserResource).
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::grant::{DeleteMode, Grant, Grantee, Securable};
///
/// let grant = Grant::new(Grantee::role("analyst"), Securable::database("sales"), ["USAGE"]);
/// root.grants().grant(&grant).await?;
/// for held in root.grants().to(&Grantee::role("analyst"), None).await? {
///     tracing::info!(?held.privileges, on = ?held.securable_name, "grant");
/// }
/// root.grants().revoke(&grant, DeleteMode::Restrict).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Grants {
    root: Root,
}

impl Root {
    /// The deprecated grants API, addressed by grantee.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let grants = root.grants();
    /// let held = grants.to(&snowapi_core::grant::Grantee::role("public"), None).await?;
    /// # Ok(()) }
    /// ```
    pub fn grants(&self) -> Grants {
        Grants { root: self.clone() }
    }
}

/// The path of a group securable: bulk kind, plural kind, scope kind and scope name.
struct Group<'a> {
    bulk: &'a str,
    plural: &'a str,
    scope_type: String,
    scope_name: &'a str,
}

impl Securable {
    fn as_group(&self) -> Option<Group<'_>> {
        let scope = self.scope.as_deref()?;
        Some(Group {
            bulk: &self.name,
            plural: &self.securable_type,
            scope_type: scope.securable_type.to_lowercase(),
            scope_name: &scope.name,
        })
    }
}

/// A path value of the API (an enum of the generated client) from text.
fn path<W: serde::de::DeserializeOwned>(value: &str) -> Result<W, CoreError> {
    to_wire(&value)
}

/// Calls the grants API's `$group_op` (for a group securable: all or future objects of a kind in
/// a scope) or `$one_op` (for one object) for `$grant`'s grantee and securable, with the trailing
/// arguments `$rest`.
macro_rules! on_securable {
    ($client:ident, $grant:expr, $group_op:ident | $one_op:ident, $($rest:expr),+) => {{
        let grantee = &$grant.grantee;
        let securable = &$grant.securable;
        match securable.as_group() {
            Some(group) => {
                $client
                    .$group_op(
                        to_wire(&grantee.grantee_type)?,
                        &grantee.name,
                        path(group.bulk)?,
                        group.plural,
                        path(&group.scope_type)?,
                        group.scope_name,
                        $($rest),+
                    )
                    .await
            }
            None => {
                $client
                    .$one_op(
                        to_wire(&grantee.grantee_type)?,
                        &grantee.name,
                        &securable.securable_type,
                        &securable.name,
                        $($rest),+
                    )
                    .await
            }
        }
    }};
}

impl Grants {
    fn client(&self) -> Client {
        self.root.api()
    }

    /// Grants the privileges of `grant` on its securable to its grantee.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::{Grant, Grantee, Securable};
    /// let tables = Securable::all("tables", Securable::schema("sales.public"));
    /// root.grants().grant(&Grant::new(Grantee::role("analyst"), tables, ["SELECT"])).await?;
    /// # Ok(()) }
    /// ```
    pub async fn grant(&self, grant: &Grant) -> Result<(), CoreError> {
        let body = types::Grant {
            privileges: grant.privileges.clone(),
            grant_option: Some(grant.grant_option),
            ..types::Grant::default()
        };
        let client = self.client();
        let answer = on_securable!(
            client,
            grant,
            grant_group_privilege | grant_privilege,
            &body
        );
        self.root.finish("grant_privilege", answer, discard).await
    }

    /// Revokes each privilege of `grant` from its grantee.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::{DeleteMode, Grant, Grantee, Securable};
    /// let grant = Grant::new(Grantee::user("jdoe"), Securable::warehouse("etl_wh"), ["OPERATE"]);
    /// root.grants().revoke(&grant, DeleteMode::Cascade).await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self, grant: &Grant, mode: DeleteMode) -> Result<(), CoreError> {
        self.revoke_each(grant, mode, false).await
    }

    /// Keeps the privileges of `grant` but takes away the grantee's right to pass them on.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::{DeleteMode, Grant, Grantee, Securable};
    /// let usage = Grant::new(Grantee::role("lead"), Securable::database("sales"), ["USAGE"]);
    /// root.grants().revoke_grant_option(&usage, DeleteMode::Restrict).await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_grant_option(
        &self,
        grant: &Grant,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        self.revoke_each(grant, mode, true).await
    }

    async fn revoke_each(
        &self,
        grant: &Grant,
        mode: DeleteMode,
        option_only: bool,
    ) -> Result<(), CoreError> {
        let client = self.client();
        let mode = Some(mode.as_str());
        for privilege in &grant.privileges {
            let answer = if option_only {
                on_securable!(
                    client,
                    grant,
                    revoke_group_privilege_grant_option | revoke_privilege_grant_option,
                    privilege,
                    mode
                )
            } else {
                on_securable!(
                    client,
                    grant,
                    revoke_group_privilege | revoke_privilege,
                    privilege,
                    mode
                )
            };
            self.root
                .finish("revoke_privilege", answer, discard)
                .await?;
        }
        Ok(())
    }

    /// What `grantee` holds (`SHOW GRANTS TO`), at most `limit` rows.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::Grantee;
    /// let held = root.grants().to(&Grantee::user("jdoe"), Some(50)).await?;
    /// tracing::info!(rows = held.len(), "grants of jdoe");
    /// # Ok(()) }
    /// ```
    pub async fn to(
        &self,
        grantee: &Grantee,
        limit: Option<u64>,
    ) -> Result<Vec<GrantRecord>, CoreError> {
        let client = self.client();
        let grantee_type = to_wire(&grantee.grantee_type)?;
        let limit = limit.and_then(NonZeroU64::new);
        let rows = self
            .root
            .idempotent("list_grants_to", || {
                client.list_grants_to(grantee_type, &grantee.name, limit)
            })
            .await?;
        list_from_wire(rows)
    }
}
