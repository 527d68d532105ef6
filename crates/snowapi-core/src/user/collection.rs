//! `root.users()`: create, list and address users.

use std::num::NonZeroU64;

use snowapi_rest::user::{Client, types};

use super::{User, UserResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation, Root,
    call::discard,
    convert::{list_from_wire, to_wire},
};

/// The users of the account (snowflake.core's `UserCollection`). Cheap to clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, user::User};
///
/// let user = User::new("jdoe").password("correct horse").default_role("analyst");
/// let jdoe = root.users().create(&user, CreateMode::IfNotExists).await?;
/// for user in root.users().iter().like("j%").send().await? {
///     tracing::info!(name = %user.name, email = ?user.email, "user");
/// }
/// jdoe.drop().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct UserCollection {
    root: Root,
}

impl Root {
    /// The users of the account.
    pub fn users(&self) -> UserCollection {
        UserCollection { root: self.clone() }
    }
}

impl UserCollection {
    /// The handle of user `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> UserResource {
        UserResource::new(self.root.clone(), name.into())
    }

    /// Creates `user` and returns its handle.
    pub async fn create(&self, user: &User, mode: CreateMode) -> Result<UserResource, CoreError> {
        self.create_async(user, mode).await?.result().await?;
        Ok(self.get(user.name.clone()))
    }

    /// Starts creating `user`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        user: &User,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::User = to_wire(user)?;
        let client: Client = self.root.api();
        let answer = client.create_user(Some(mode.wire()?), &body).await;
        self.root.start("create_user", answer, discard).await
    }

    /// Lists users; set filters on the returned [`Listing`].
    pub fn iter(&self) -> Listing<User> {
        let root = self.root.clone();
        Listing::new(move |options| {
            let root = root.clone();
            async move {
                let client: Client = root.api();
                let limit = options.limit.and_then(NonZeroU64::new);
                let items = root
                    .idempotent("list_users", || {
                        client.list_users(
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
