//! One account role: `root.roles().get(name)`.

use std::num::NonZeroU64;

use snowapi_rest::role::types;

use crate::{
    CoreError, PollingOperation, TagAssignment, TagReference,
    account_object::account_object_handle,
    call::discard,
    convert::{list_from_wire, to_wire},
    grant::{DeleteMode, GrantOf, GrantOn, PrivilegeGrant},
};

account_object_handle!(
    /// A reference to one account role (snowflake.core's `RoleResource`): drop it, grant it
    /// privileges and other roles, list who holds it and what it holds. Building it makes no
    /// request; cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::{ContainingScope, SecurableRef};
    ///
    /// let analyst = root.roles().get("analyst");
    /// analyst.grant_role("ROLE", SecurableRef::account_object("reader")).await?;
    /// analyst
    ///     .grant_privileges(&["USAGE"], "DATABASE", Some(SecurableRef::account_object("sales")), None)
    ///     .await?;
    /// analyst
    ///     .grant_future_privileges(&["SELECT"], "TABLE", ContainingScope::database("sales"), None)
    ///     .await?;
    /// for grant in analyst.iter_grants_to(None).await? {
    ///     tracing::info!(on = %grant.securable_type, privileges = ?grant.privileges, "held");
    /// }
    /// # Ok(()) }
    /// ```
    RoleResource,
    role,
    "role"
);

impl RoleResource {
    /// Drops the role; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the role if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the role, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let answer = self.client().delete_role(&self.id(), Some(if_exists)).await;
        self.root.start("delete_role", answer, discard).await
    }

    /// Sends `grant` (privileges on an object, on all objects of a kind in a scope, or a role)
    /// to the role, returning the operation to poll. The verbs `grant_role`,
    /// `grant_privileges` and `grant_privileges_on_all` build the grant for you.
    pub async fn grant_async(
        &self,
        grant: &PrivilegeGrant,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let answer = self
            .client()
            .grant_privileges_to_role(&self.id(), &body)
            .await;
        self.root
            .start("grant_privileges_to_role", answer, discard)
            .await
    }

    /// Takes `grant` away from the role (only the grant option, when `grant.grant_option` is
    /// true), returning the operation to poll.
    pub async fn revoke_async(
        &self,
        grant: &PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let answer = self
            .client()
            .revoke_grants_from_role(&self.id(), Some(to_wire(&mode)?), &body)
            .await;
        self.root
            .start("revoke_grants_from_role", answer, discard)
            .await
    }

    /// Gives the role privileges on objects of a kind created later in a database or schema
    /// (`grant.containing_scope`), returning the operation to poll.
    pub async fn grant_future_async(
        &self,
        grant: &PrivilegeGrant,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let answer = self
            .client()
            .grant_future_privileges_to_role(&self.id(), &body)
            .await;
        self.root
            .start("grant_future_privileges_to_role", answer, discard)
            .await
    }

    /// Withdraws future privileges from the role, returning the operation to poll.
    pub async fn revoke_future_async(
        &self,
        grant: &PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(grant)?;
        let answer = self
            .client()
            .revoke_future_grants_from_role(&self.id(), Some(to_wire(&mode)?), &body)
            .await;
        self.root
            .start("revoke_future_grants_from_role", answer, discard)
            .await
    }

    /// The privileges and roles the role holds, at most `limit` of them.
    pub async fn iter_grants_to(
        &self,
        limit: Option<u64>,
    ) -> Result<Vec<PrivilegeGrant>, CoreError> {
        let (client, id, limit) = (self.client(), self.id(), limit.and_then(NonZeroU64::new));
        let rows = self
            .root
            .idempotent("list_role_grants", || client.list_role_grants(&id, limit))
            .await?;
        list_from_wire(rows)
    }

    /// The privileges the role will receive on objects created later.
    pub async fn iter_future_grants_to(
        &self,
        limit: Option<u64>,
    ) -> Result<Vec<PrivilegeGrant>, CoreError> {
        let (client, id, limit) = (self.client(), self.id(), limit.and_then(NonZeroU64::new));
        let rows = self
            .root
            .idempotent("list_role_future_grants", || {
                client.list_role_future_grants(&id, limit)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The users and roles the role has been granted to.
    pub async fn iter_grants_of(&self, limit: Option<u64>) -> Result<Vec<GrantOf>, CoreError> {
        let (client, id, limit) = (self.client(), self.id(), limit.and_then(NonZeroU64::new));
        let rows = self
            .root
            .idempotent("list_role_grants_of", || {
                client.list_role_grants_of(&id, limit)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The privileges others hold on the role itself (such as `OWNERSHIP`).
    pub async fn iter_grants_on(&self, limit: Option<u64>) -> Result<Vec<GrantOn>, CoreError> {
        let (client, id, limit) = (self.client(), self.id(), limit.and_then(NonZeroU64::new));
        let rows = self
            .root
            .idempotent("list_role_grants_on", || {
                client.list_role_grants_on(&id, limit)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The tags set on the role (with those it inherits when `with_lineage`).
    pub async fn get_tags(&self, with_lineage: bool) -> Result<Vec<TagAssignment>, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("get_role_tags", || {
                client.get_role_tags(&id, Some(with_lineage))
            })
            .await?;
        list_from_wire(wire)
    }

    /// Sets tags on the role.
    pub async fn set_tags(&self, tags: &[TagAssignment]) -> Result<(), CoreError> {
        let body: Vec<types::TagAssignment> = to_wire(&tags)?;
        let answer = self.client().set_role_tags(&self.id(), None, &body).await;
        self.root.finish("set_role_tags", answer, discard).await
    }

    /// Removes tags from the role.
    pub async fn unset_tags(&self, tags: &[TagReference]) -> Result<(), CoreError> {
        let body: Vec<types::TagReference> = to_wire(&tags)?;
        let answer = self.client().unset_role_tags(&self.id(), None, &body).await;
        self.root.finish("unset_role_tags", answer, discard).await
    }
}
