//! One user: `root.users().get(name)`.

use snowapi_rest::user::types;

use super::User;
use crate::{account_object::account_object_handle, verbs::generic_verbs};

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

generic_verbs! {
    UserResource, "user", ["jdoe", "let jdoe = root.users().get(\"jdoe\");"], (id);
    fetch(fetch_user -> User);
    create_or_alter(create_or_alter_user(), User, "snowapi_core::user::User::new(\"jdoe\").email(\"jdoe@example.com\")", " (the password of an existing user is left as it is)");
    drop(delete_user());
    tags(get_user_tags, set_user_tags, unset_user_tags);
}
