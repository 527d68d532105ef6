//! One database role: `database.database_roles().get(name)`.

use snowapi_rest::database_role::types;

use crate::{account_object::database_object_handle, verbs::generic_verbs};

database_object_handle!(
    /// A reference to one database role (snowflake.core's `DatabaseRoleResource`): drop or clone
    /// it, grant it privileges (now or on future objects) and other database roles, list what it
    /// holds. Building it makes no request; cheap to clone.
    ///
    /// snowflake.core's `grant_privileges(…)`, `grant_privileges_on_all(…)`, `grant_role(…)` and
    /// their `revoke_…` / `…_future_…` / `revoke_grant_option_for_…` siblings are here by those
    /// names; each builds a [`PrivilegeGrant`](crate::grant::PrivilegeGrant) for
    /// [`grant`](Self::grant), [`revoke`](Self::revoke), [`grant_future`](Self::grant_future) or
    /// [`revoke_future`](Self::revoke_future), which take one directly.
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
    DatabaseRoleResource,
    database_role,
    "role"
);

generic_verbs! {
    DatabaseRoleResource, "database role", ["role", "let role = root.databases().get(\"sales\").database_roles().get(\"reader\");"], (database, name);
    drop(delete_database_role());
    tags(get_database_role_tags, set_database_role_tags, unset_database_role_tags);
    clone_to(&str, "\"reader_copy\"", |this| this.database().database_roles(), "role `clone` of the same database, holding every privilege and future grant this one holds");
}
