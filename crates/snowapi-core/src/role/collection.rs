//! `root.roles()`: create, list and address account roles.

use std::num::NonZeroU64;

use snowapi_rest::role::{Client, types};

use super::{Role, RoleResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation, Root,
    call::discard,
    convert::{list_from_wire, to_wire},
};

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
#[derive(Debug, Clone)]
pub struct RoleCollection {
    root: Root,
}

impl Root {
    /// The account roles.
    pub fn roles(&self) -> RoleCollection {
        RoleCollection { root: self.clone() }
    }
}

impl RoleCollection {
    /// The handle of role `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> RoleResource {
        RoleResource::new(self.root.clone(), name.into())
    }

    /// Creates `role` and returns its handle.
    pub async fn create(&self, role: &Role, mode: CreateMode) -> Result<RoleResource, CoreError> {
        self.create_async(role, mode).await?.result().await?;
        Ok(self.get(role.name.clone()))
    }

    /// Starts creating `role`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        role: &Role,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Role = to_wire(role)?;
        let client: Client = self.root.api();
        let answer = client.create_role(Some(mode.wire()?), &body).await;
        self.root.start("create_role", answer, discard).await
    }

    /// Lists roles; set filters on the returned [`Listing`].
    pub fn iter(&self) -> Listing<Role> {
        let root = self.root.clone();
        Listing::new(move |options| {
            let root = root.clone();
            async move {
                let client: Client = root.api();
                let limit = options.limit.and_then(NonZeroU64::new);
                let items = root
                    .idempotent("list_roles", || {
                        client.list_roles(
                            options.from_name.as_deref(),
                            options.like.as_deref(),
                            limit,
                            options.starts_with.as_deref(),
                        )
                    })
                    .await?;
                list_from_wire(items)
            }
        })
    }
}
