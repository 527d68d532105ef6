//! One database role: `database.database_roles().get(name)`.

use std::num::NonZeroU64;

use snowapi_rest::database_role::{Client, types};

use crate::{
    CoreError, CreateMode, PollingOperation, Root,
    call::discard,
    convert::{ident, list_from_wire, to_wire},
    database::DatabaseResource,
    grant::{DeleteMode, PrivilegeGrant},
    verbs::{drop_verbs, tag_verbs},
};

/// A reference to one database role (snowflake.core's `DatabaseRoleResource`): drop or clone
/// it, grant it privileges (now or on future objects) and other database roles, list what it
/// holds. Building it makes no request; cheap to clone.
///
/// snowflake.core's `grant_privileges(…)`, `grant_privileges_on_all(…)`, `grant_role(…)` and
/// their `revoke_…` / `…_future_…` / `revoke_grant_option_for_…` siblings are
/// [`grant`](Self::grant), [`revoke`](Self::revoke), [`grant_future`](Self::grant_future) and
/// [`revoke_future`](Self::revoke_future) of a [`PrivilegeGrant`] built with
/// [`PrivilegeGrant::on`], [`PrivilegeGrant::on_all`] or [`PrivilegeGrant::role`] (with
/// `.grant_option(true)` to revoke only the grant option).
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::grant::{ContainingScope, DeleteMode, PrivilegeGrant, SecurableRef};
///
/// let reader = root.databases().get("sales").database_roles().get("reader");
/// reader.grant(&PrivilegeGrant::on(["USAGE"], "SCHEMA", SecurableRef::database_object("sales", "public"))).await?;
/// reader.grant_future(&PrivilegeGrant::on_all(["SELECT"], "TABLE", ContainingScope::schema("sales", "public"))).await?;
/// for grant in reader.iter_grants_to(None).await? {
///     tracing::info!(on = %grant.securable_type, privileges = ?grant.privileges, "held");
/// }
/// reader.revoke(&PrivilegeGrant::on(["USAGE"], "SCHEMA", SecurableRef::database_object("sales", "public")), DeleteMode::Restrict).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DatabaseRoleResource {
    root: Root,
    database: String,
    name: String,
}

impl DatabaseRoleResource {
    pub(crate) fn new(root: Root, database: String, name: String) -> Self {
        Self {
            root,
            database,
            name,
        }
    }

    /// The role's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name to use in SQL: `database.role`.
    pub fn fully_qualified_name(&self) -> String {
        format!("{}.{}", self.database, self.name)
    }

    /// The database the role belongs to.
    pub fn database(&self) -> DatabaseResource {
        DatabaseResource::new(self.root.clone(), self.database.clone())
    }

    /// The root this handle belongs to.
    pub fn root(&self) -> &Root {
        &self.root
    }

    pub(crate) fn ids(&self) -> (types::Identifier, types::Identifier) {
        (ident(&self.database), ident(&self.name))
    }

    fn client(&self) -> Client {
        self.root.api()
    }

    /// Creates role `name` in the same database, holding every privilege and future grant this
    /// one holds, and returns its handle (snowflake.core's `clone`);
    /// [`DatabaseRoleCollection::create_clone`] copies into another database.
    ///
    /// [`DatabaseRoleCollection::create_clone`]: super::DatabaseRoleCollection::create_clone
    pub async fn clone_to(
        &self,
        name: &str,
        mode: CreateMode,
    ) -> Result<DatabaseRoleResource, CoreError> {
        self.database()
            .database_roles()
            .create_clone(self, name, mode)
            .await
    }

    /// [`clone_to`](Self::clone_to), returning the operation to poll.
    pub async fn clone_to_async(
        &self,
        name: &str,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.database()
            .database_roles()
            .create_clone_async(self, name, mode)
            .await
    }

    /// Gives the role `grant`: privileges on an object (or on all objects of a kind in a
    /// scope), or another database role.
    pub async fn grant(&self, grant: &PrivilegeGrant) -> Result<(), CoreError> {
        self.grant_async(grant).await?.result().await
    }

    /// [`grant`](Self::grant), returning the operation to poll.
    pub async fn grant_async(
        &self,
        grant: &PrivilegeGrant,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let (database, name) = self.ids();
        let answer = self
            .client()
            .grant_privileges_to_database_role(&database, &name, &body)
            .await;
        self.root
            .start("grant_privileges_to_database_role", answer, discard)
            .await
    }

    /// Takes `grant` away from the role (only the grant option, when `grant.grant_option` is
    /// true); `mode` says what happens to grants the role passed on.
    pub async fn revoke(&self, grant: &PrivilegeGrant, mode: DeleteMode) -> Result<(), CoreError> {
        self.revoke_async(grant, mode).await?.result().await
    }

    /// [`revoke`](Self::revoke), returning the operation to poll.
    pub async fn revoke_async(
        &self,
        grant: &PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let (database, name) = self.ids();
        let answer = self
            .client()
            .revoke_grants_from_database_role(&database, &name, Some(to_wire(&mode)?), &body)
            .await;
        self.root
            .start("revoke_grants_from_database_role", answer, discard)
            .await
    }

    /// Gives the role privileges on the objects of a kind created later in a database or
    /// schema (`grant.containing_scope`).
    pub async fn grant_future(&self, grant: &PrivilegeGrant) -> Result<(), CoreError> {
        self.grant_future_async(grant).await?.result().await
    }

    /// [`grant_future`](Self::grant_future), returning the operation to poll.
    pub async fn grant_future_async(
        &self,
        grant: &PrivilegeGrant,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let (database, name) = self.ids();
        let answer = self
            .client()
            .grant_future_privileges_to_database_role(&database, &name, &body)
            .await;
        self.root
            .start("grant_future_privileges_to_database_role", answer, discard)
            .await
    }

    /// Withdraws future privileges from the role (only the grant option, when
    /// `grant.grant_option` is true).
    pub async fn revoke_future(
        &self,
        grant: &PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        self.revoke_future_async(grant, mode).await?.result().await
    }

    /// [`revoke_future`](Self::revoke_future), returning the operation to poll.
    pub async fn revoke_future_async(
        &self,
        grant: &PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let (database, name) = self.ids();
        let answer = self
            .client()
            .revoke_future_grants_from_database_role(&database, &name, Some(to_wire(&mode)?), &body)
            .await;
        self.root
            .start("revoke_future_grants_from_database_role", answer, discard)
            .await
    }

    /// The privileges and database roles the role holds, at most `limit` of them.
    pub async fn iter_grants_to(
        &self,
        limit: Option<u64>,
    ) -> Result<Vec<PrivilegeGrant>, CoreError> {
        let (client, (database, name)) = (self.client(), self.ids());
        let limit = limit.and_then(NonZeroU64::new);
        let rows = self
            .root
            .idempotent("list_database_role_grants", || {
                client.list_database_role_grants(&database, &name, limit)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The privileges the role will receive on objects created later, at most `limit` of them.
    pub async fn iter_future_grants_to(
        &self,
        limit: Option<u64>,
    ) -> Result<Vec<PrivilegeGrant>, CoreError> {
        let (client, (database, name)) = (self.client(), self.ids());
        let limit = limit.and_then(NonZeroU64::new);
        let rows = self
            .root
            .idempotent("list_database_role_future_grants", || {
                client.list_database_role_future_grants(&database, &name, limit)
            })
            .await?;
        list_from_wire(rows)
    }
}

drop_verbs!(
    DatabaseRoleResource,
    "database role",
    (database, name),
    delete_database_role
);

tag_verbs!(
    DatabaseRoleResource,
    "database role",
    (database, name),
    get_database_role_tags,
    set_database_role_tags,
    unset_database_role_tags
);
