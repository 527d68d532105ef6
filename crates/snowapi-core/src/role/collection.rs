//! `root.roles()`: create, list and address account roles.

use snowapi_rest::role::{Client, types};

use super::{Role, RoleResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
    /// The account roles (snowflake.core's `RoleCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, role::Role};
    ///
    /// let analyst = root.roles().create(&Role::new("analyst"), CreateMode::IfNotExists).await?;
    /// for role in root.roles().iter().like("ana%").send().await? {
    ///     tracing::info!(name = %role.name, owner = ?role.owner, "role");
    /// }
    /// analyst.drop().await?;
    /// # Ok(()) }
    /// ```
    account RoleCollection;
    /// The account roles.
    fn roles;
}

collection_verbs! {
    account RoleCollection => RoleResource(Role), "role",
    ["roles", "let roles = root.roles();", "analyst", "snowapi_core::role::Role::new(\"analyst\")"],
    |role| create_role(),
    iter: list_roles(from_name, like, limit, starts_with)
}
