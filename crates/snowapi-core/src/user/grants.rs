//! The grant verbs of a user: the roles granted to it.

use snowapi_rest::user::{Client, types};

use super::UserResource;
use crate::{
    CoreError, PollingOperation,
    call::discard,
    convert::{ident, to_wire},
    grant::{PrivilegeGrant, SecurableRef, list_grants_verb},
};

impl UserResource {
    /// The user's name as the API's path parameter.
    fn grant_id(&self) -> types::Identifier {
        ident(self.name())
    }

    /// Sends a role grant (or, with `revoke`, its revocation) to the user.
    async fn send_role(
        &self,
        role_type: &str,
        role: SecurableRef,
        revoke: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Grant = to_wire(&PrivilegeGrant::role(role_type, role))?;
        let (client, id) = (self.root().api::<Client>(), self.grant_id());
        let (operation, answer) = if revoke {
            let answer = client.revoke_grants_from_user(&id, &body).await;
            ("revoke_grants_from_user", answer)
        } else {
            (
                "grant_role_to_user",
                client.grant_role_to_user(&id, &body).await,
            )
        };
        self.root().start(operation, answer, discard).await
    }

    /// Grants a role (`role_type` `ROLE`) to the user.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::SecurableRef;
    /// let jdoe = root.users().get("jdoe");
    /// jdoe.grant_role("ROLE", SecurableRef::account_object("analyst")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn grant_role(&self, role_type: &str, role: SecurableRef) -> Result<(), CoreError> {
        self.grant_role_async(role_type, role).await?.result().await
    }

    /// [`grant_role`](Self::grant_role), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::SecurableRef;
    /// let reader = SecurableRef::account_object("reader");
    /// let op = root.users().get("etl_bot").grant_role_async("ROLE", reader).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn grant_role_async(
        &self,
        role_type: &str,
        role: SecurableRef,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.send_role(role_type, role, false).await
    }

    /// Revokes a role (`role_type` `ROLE`) from the user.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::SecurableRef;
    /// let analyst = SecurableRef::account_object("analyst");
    /// root.users().get("jdoe").revoke_role("ROLE", analyst).await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_role(&self, role_type: &str, role: SecurableRef) -> Result<(), CoreError> {
        self.revoke_role_async(role_type, role)
            .await?
            .result()
            .await
    }

    /// [`revoke_role`](Self::revoke_role), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::grant::SecurableRef;
    /// let user = root.users().get("contractor");
    /// let op = user.revoke_role_async("ROLE", SecurableRef::account_object("writer")).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_role_async(
        &self,
        role_type: &str,
        role: SecurableRef,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.send_role(role_type, role, true).await
    }

    list_grants_verb!(
        /// The roles granted to the user, at most `limit` of them.
        ///
        /// ```no_run
        /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
        /// let granted = root.users().get("jdoe").iter_grants_to(None).await?;
        /// let roles: Vec<_> = granted.iter().filter_map(|g| g.securable.as_ref()).map(|r| &r.name).collect();
        /// println!("jdoe has {roles:?}");
        /// # Ok(()) }
        /// ```
        iter_grants_to -> PrivilegeGrant => list_user_grants, (name) = grant_id
    );
}
