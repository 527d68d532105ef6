//! One user: `root.users().get(name)`.

use std::num::NonZeroU64;

use snowapi_rest::user::types;

use super::User;
use crate::{
    CoreError, PollingOperation, TagAssignment, TagReference,
    account_object::account_object_handle,
    call::discard,
    convert::{from_wire, list_from_wire, to_wire},
    grant::{PrivilegeGrant, SecurableRef},
};

account_object_handle!(
    /// A reference to one user (snowflake.core's `UserResource`). Building it makes no request;
    /// cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{grant::SecurableRef, user::User};
    ///
    /// let jdoe = root.users().get("jdoe");
    /// jdoe.create_or_alter(&User::new("jdoe").email("jdoe@example.com")).await?;
    /// jdoe.grant_role("ROLE", SecurableRef::account_object("analyst")).await?;
    /// let roles = jdoe.iter_grants_to(None).await?;
    /// assert!(roles.iter().any(|g| g.securable.as_ref().is_some_and(|s| s.name == "ANALYST")));
    /// jdoe.revoke_role("ROLE", SecurableRef::account_object("analyst")).await?;
    /// # Ok(()) }
    /// ```
    UserResource,
    user,
    "user"
);

impl UserResource {
    /// The user as Snowflake has it now (never with its password).
    pub async fn fetch(&self) -> Result<User, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("fetch_user", || client.fetch_user(&id))
            .await?;
        from_wire(wire)
    }

    /// Creates the user as `user` describes it, or alters the existing one to match (the
    /// password of an existing user is left as it is).
    pub async fn create_or_alter(&self, user: &User) -> Result<(), CoreError> {
        self.create_or_alter_async(user).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        user: &User,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::User = to_wire(user)?;
        let answer = self.client().create_or_alter_user(&self.id(), &body).await;
        self.root
            .start("create_or_alter_user", answer, discard)
            .await
    }

    /// Drops the user; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the user if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the user, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let answer = self.client().delete_user(&self.id(), Some(if_exists)).await;
        self.root.start("delete_user", answer, discard).await
    }

    /// Grants a role (`role_type` `ROLE`) to the user.
    pub async fn grant_role(&self, role_type: &str, role: SecurableRef) -> Result<(), CoreError> {
        self.grant_role_async(role_type, role).await?.result().await
    }

    /// [`grant_role`](Self::grant_role), returning the operation to poll.
    pub async fn grant_role_async(
        &self,
        role_type: &str,
        role: SecurableRef,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(&PrivilegeGrant::role(role_type, role))?;
        let answer = self.client().grant_role_to_user(&self.id(), &body).await;
        self.root.start("grant_role_to_user", answer, discard).await
    }

    /// Revokes a role (`role_type` `ROLE`) from the user.
    pub async fn revoke_role(&self, role_type: &str, role: SecurableRef) -> Result<(), CoreError> {
        self.revoke_role_async(role_type, role)
            .await?
            .result()
            .await
    }

    /// [`revoke_role`](Self::revoke_role), returning the operation to poll.
    pub async fn revoke_role_async(
        &self,
        role_type: &str,
        role: SecurableRef,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(&PrivilegeGrant::role(role_type, role))?;
        let answer = self
            .client()
            .revoke_grants_from_user(&self.id(), &body)
            .await;
        self.root
            .start("revoke_grants_from_user", answer, discard)
            .await
    }

    /// The roles granted to the user, at most `limit` of them.
    pub async fn iter_grants_to(
        &self,
        limit: Option<u64>,
    ) -> Result<Vec<PrivilegeGrant>, CoreError> {
        let (client, id, limit) = (self.client(), self.id(), limit.and_then(NonZeroU64::new));
        let rows = self
            .root
            .idempotent("list_user_grants", || client.list_user_grants(&id, limit))
            .await?;
        list_from_wire(rows)
    }

    /// The tags set on the user (with those it inherits when `with_lineage`).
    pub async fn get_tags(&self, with_lineage: bool) -> Result<Vec<TagAssignment>, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("get_user_tags", || {
                client.get_user_tags(&id, Some(with_lineage))
            })
            .await?;
        list_from_wire(wire)
    }

    /// Sets tags on the user.
    pub async fn set_tags(&self, tags: &[TagAssignment]) -> Result<(), CoreError> {
        let body: Vec<types::TagAssignment> = to_wire(&tags)?;
        let answer = self.client().set_user_tags(&self.id(), None, &body).await;
        self.root.finish("set_user_tags", answer, discard).await
    }

    /// Removes tags from the user.
    pub async fn unset_tags(&self, tags: &[TagReference]) -> Result<(), CoreError> {
        let body: Vec<types::TagReference> = to_wire(&tags)?;
        let answer = self.client().unset_user_tags(&self.id(), None, &body).await;
        self.root.finish("unset_user_tags", answer, discard).await
    }
}
