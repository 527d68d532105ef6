//! snowflake.core's grant verbs of a role, each building a [`PrivilegeGrant`] for
//! [`RoleResource::grant_async`] and its siblings.

use super::RoleResource;
use crate::{
    CoreError,
    grant::{ContainingScope, DeleteMode, PrivilegeGrant, SecurableRef},
};

fn privileges_on(
    privileges: &[&str],
    securable_type: &str,
    securable: Option<SecurableRef>,
) -> PrivilegeGrant {
    let grant = PrivilegeGrant::account(privileges.iter().copied(), securable_type);
    PrivilegeGrant { securable, ..grant }
}

fn with_option(grant: PrivilegeGrant, grant_option: Option<bool>) -> PrivilegeGrant {
    PrivilegeGrant {
        grant_option,
        ..grant
    }
}

impl RoleResource {
    /// Grants a role (`role_type` `ROLE` or `DATABASE ROLE`) to this role.
    pub async fn grant_role(&self, role_type: &str, role: SecurableRef) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::role(role_type, role);
        self.grant_async(&grant).await?.result().await
    }

    /// Revokes a role (`role_type` `ROLE` or `DATABASE ROLE`) from this role.
    pub async fn revoke_role(&self, role_type: &str, role: SecurableRef) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::role(role_type, role);
        self.revoke_async(&grant, DeleteMode::Restrict)
            .await?
            .result()
            .await
    }

    /// Grants `privileges` on one object of kind `securable_type` (or on the account, with
    /// `"ACCOUNT"` and no securable) to this role; with `grant_option`, the role may pass them
    /// on.
    pub async fn grant_privileges(
        &self,
        privileges: &[&str],
        securable_type: &str,
        securable: Option<SecurableRef>,
        grant_option: Option<bool>,
    ) -> Result<(), CoreError> {
        let grant = with_option(
            privileges_on(privileges, securable_type, securable),
            grant_option,
        );
        self.grant_async(&grant).await?.result().await
    }

    /// Grants `privileges` on every existing object of kind `securable_type` in `scope`.
    pub async fn grant_privileges_on_all(
        &self,
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
        grant_option: Option<bool>,
    ) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope);
        self.grant_async(&with_option(grant, grant_option))
            .await?
            .result()
            .await
    }

    /// Grants `privileges` on every object of kind `securable_type` created later in `scope`.
    pub async fn grant_future_privileges(
        &self,
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
        grant_option: Option<bool>,
    ) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope);
        self.grant_future_async(&with_option(grant, grant_option))
            .await?
            .result()
            .await
    }

    /// Revokes `privileges` on one object (or the account) from this role.
    pub async fn revoke_privileges(
        &self,
        privileges: &[&str],
        securable_type: &str,
        securable: Option<SecurableRef>,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        let grant = privileges_on(privileges, securable_type, securable);
        self.revoke_async(&grant, mode).await?.result().await
    }

    /// Revokes `privileges` on every existing object of a kind in `scope` from this role.
    pub async fn revoke_privileges_on_all(
        &self,
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope);
        self.revoke_async(&grant, mode).await?.result().await
    }

    /// Withdraws the future privileges on a kind of object in `scope` from this role.
    pub async fn revoke_future_privileges(
        &self,
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope);
        self.revoke_future_async(&grant, mode).await?.result().await
    }

    /// Keeps `privileges` on one object but stops the role passing them on.
    pub async fn revoke_grant_option_for_privileges(
        &self,
        privileges: &[&str],
        securable_type: &str,
        securable: Option<SecurableRef>,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        let grant = privileges_on(privileges, securable_type, securable).grant_option(true);
        self.revoke_async(&grant, mode).await?.result().await
    }

    /// Keeps `privileges` on all objects of a kind in `scope` but stops the role passing them
    /// on.
    pub async fn revoke_grant_option_for_privileges_on_all(
        &self,
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope)
            .grant_option(true);
        self.revoke_async(&grant, mode).await?.result().await
    }

    /// Keeps future `privileges` on a kind of object in `scope` but stops the role passing
    /// them on.
    pub async fn revoke_grant_option_for_future_privileges(
        &self,
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        let grant = PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope)
            .grant_option(true);
        self.revoke_future_async(&grant, mode).await?.result().await
    }
}
