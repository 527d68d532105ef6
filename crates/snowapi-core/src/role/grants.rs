//! The grant verbs of a role: sending a [`PrivilegeGrant`](crate::grant::PrivilegeGrant)
//! (`grant`, `revoke`, their future twins), snowflake.core's shortcuts building one
//! (`grant_role`, `grant_privileges`, …) and the listings of what the role holds, who holds it
//! and who holds privileges on it.

use snowapi_rest::role::{Client, types};

use super::RoleResource;
use crate::{
    convert::ident,
    grant::{GrantOf, GrantOn, grant_shortcuts, list_grants_verb, role_grant_verbs},
};

role_grant_verbs!(
    RoleResource,
    "role",
    "root.roles().get(\"analyst\")",
    (name) = grant_id,
    grant: grant_privileges_to_role,
    revoke: revoke_grants_from_role,
    grant_future: grant_future_privileges_to_role,
    revoke_future: revoke_future_grants_from_role,
    list: list_role_grants,
    list_future: list_role_future_grants,
);

grant_shortcuts!(
    RoleResource,
    "role",
    "root.roles().get(\"analyst\")",
    "ROLE",
    "SecurableRef::account_object(\"reader\")"
);

impl RoleResource {
    /// The role's name as the API's path parameter.
    fn grant_id(&self) -> types::Identifier {
        ident(self.name())
    }

    list_grants_verb!(
        /// The users and roles the role has been granted to, at most `limit` of them.
        ///
        /// ```no_run
        /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
        /// let holders = root.roles().get("analyst").iter_grants_of(None).await?;
        /// let users = holders.iter().filter(|g| g.granted_to.as_deref() == Some("USER"));
        /// tracing::info!(users = users.count(), "analysts");
        /// # Ok(()) }
        /// ```
        iter_grants_of -> GrantOf => list_role_grants_of, (name) = grant_id
    );

    list_grants_verb!(
        /// The privileges others hold on the role itself (such as `OWNERSHIP`), at most `limit`
        /// of them.
        ///
        /// ```no_run
        /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
        /// let on_role = root.roles().get("analyst").iter_grants_on(Some(10)).await?;
        /// let owner = on_role.iter().find(|g| g.privilege.as_deref() == Some("OWNERSHIP"));
        /// println!("owned by {:?}", owner.and_then(|g| g.grantee_name.as_deref()));
        /// # Ok(()) }
        /// ```
        iter_grants_on -> GrantOn => list_role_grants_on, (name) = grant_id
    );
}
