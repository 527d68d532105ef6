//! One account role: `root.roles().get(name)`.

use snowapi_rest::role::types;

use crate::{account_object::account_object_handle, verbs::generic_verbs};

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

generic_verbs! {
    RoleResource, "role", ["analyst", "let analyst = root.roles().get(\"analyst\");"], (id);
    drop(delete_role());
    tags(get_role_tags, set_role_tags, unset_role_tags);
}
