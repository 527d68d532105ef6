//! `root.users()`: create, list and address users.

use snowapi_rest::user::{Client, types};

use super::{User, UserResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
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
    account UserCollection;
    /// The users of the account.
    fn users;
}

collection_verbs! {
    account UserCollection => UserResource(User), "user",
    ["users", "let users = root.users();", "jdoe", "snowapi_core::user::User::new(\"jdoe\")"],
    |user| create_user(),
    iter: list_users(from_name, like, limit, starts_with)
}
