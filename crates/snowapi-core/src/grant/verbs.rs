//! The grant verbs that roles, database roles and users share, written once.
//!
//! A handle using them has `fn root(&self) -> &Root` and a getter of its path parameters,
//! named in each macro call together with the names the macro gives to its parts:
//! `(name) = grant_id` or `(database, name) = ids`. The module calling them imports its API's
//! `Client` and `types`.

/// A doc section holding a `no_run` example: `lines` inside an async function given `root`.
macro_rules! async_example {
    ($($line:expr),+ $(,)?) => {
        concat!(
            "\n\n```no_run\n",
            "# async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {\n",
            $($line, "\n",)+
            "# Ok(()) }\n```"
        )
    };
}

/// A verb sending a [`PrivilegeGrant`](crate::grant::PrivilegeGrant) and its `…_async` twin,
/// over the generated operation `$op` (which takes a `mode` query parameter when `$mode` is
/// named).
macro_rules! send_grant_verb {
    (
        $(#[$doc:meta])*
        $verb:ident / $verb_async:ident => $op:ident,
        ($($id:ident),+) = $ids:ident $(, $mode:ident)?
    ) => {
        $(#[$doc])*
        pub async fn $verb(
            &self,
            grant: &$crate::grant::PrivilegeGrant
            $(, $mode: $crate::grant::DeleteMode)?
        ) -> Result<(), $crate::CoreError> {
            self.$verb_async(grant $(, $mode)?).await?.result().await
        }

        #[doc = concat!("[`", stringify!($verb), "`](Self::", stringify!($verb), "), returning the operation to poll.")]
        pub async fn $verb_async(
            &self,
            grant: &$crate::grant::PrivilegeGrant
            $(, $mode: $crate::grant::DeleteMode)?
        ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
            let body: types::Grant = $crate::convert::to_wire(grant)?;
            #[allow(unused_parens)]
            let ($($id),+) = self.$ids();
            let answer = self
                .root()
                .api::<Client>()
                .$op($(&$id),+ $(, Some($crate::convert::to_wire(&$mode)?))?, &body)
                .await;
            self.root()
                .start(stringify!($op), answer, $crate::call::discard)
                .await
        }
    };
}

/// A verb listing grants (`SHOW GRANTS …`), at most `limit` rows, over the generated
/// operation `$op`.
macro_rules! list_grants_verb {
    (
        $(#[$doc:meta])*
        $verb:ident -> $model:ty => $op:ident, ($($id:ident),+) = $ids:ident
    ) => {
        $(#[$doc])*
        pub async fn $verb(
            &self,
            limit: Option<u64>,
        ) -> Result<Vec<$model>, $crate::CoreError> {
            #[allow(unused_parens)]
            let (client, ($($id),+)) = (self.root().api::<Client>(), self.$ids());
            let limit = limit.and_then(std::num::NonZeroU64::new);
            let rows = self
                .root()
                .idempotent(stringify!($op), || client.$op($(&$id),+, limit))
                .await?;
            $crate::convert::list_from_wire(rows)
        }
    };
}

/// `grant` / `revoke` / `grant_future` / `revoke_future` (each with its `…_async` twin),
/// `iter_grants_to` and `iter_future_grants_to` of a role or database role (`$what`; `$get`
/// is how the examples get one), over the generated operations named.
macro_rules! role_grant_verbs {
    (
        $handle:ty, $what:literal, $get:literal, ($($id:ident),+) = $ids:ident,
        grant: $grant:ident, revoke: $revoke:ident,
        grant_future: $grant_future:ident, revoke_future: $revoke_future:ident,
        list: $list:ident, list_future: $list_future:ident $(,)?
    ) => {
        impl $handle {
            $crate::grant::send_grant_verb!(
                #[doc = concat!("Gives the ", $what, " `grant`: privileges on an object (or on all objects of a kind in a scope), or a role.")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{PrivilegeGrant, SecurableRef};",
                    concat!("let role = ", $get, ";"),
                    "let usage = PrivilegeGrant::on([\"USAGE\"], \"DATABASE\", SecurableRef::account_object(\"sales\"));",
                    "role.grant(&usage).await?;",
                )]
                grant / grant_async => $grant, ($($id),+) = $ids
            );

            $crate::grant::send_grant_verb!(
                #[doc = concat!("Takes `grant` away from the ", $what, " (only the grant option, when `grant.grant_option` is true); `mode` says what happens to grants it passed on.")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{DeleteMode, PrivilegeGrant, SecurableRef};",
                    concat!("let role = ", $get, ";"),
                    "let select = PrivilegeGrant::on([\"SELECT\"], \"TABLE\", SecurableRef::schema_object(\"sales\", \"public\", \"orders\"));",
                    "let op = role.revoke_async(&select, DeleteMode::Cascade).await?;",
                    "op.result().await?;",
                )]
                revoke / revoke_async => $revoke, ($($id),+) = $ids, mode
            );

            $crate::grant::send_grant_verb!(
                #[doc = concat!("Gives the ", $what, " privileges on the objects of a kind created later in a database or schema (`grant.containing_scope`).")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{ContainingScope, PrivilegeGrant};",
                    concat!("let role = ", $get, ";"),
                    "let later = PrivilegeGrant::on_all([\"SELECT\"], \"VIEW\", ContainingScope::schema(\"sales\", \"public\"));",
                    "role.grant_future_async(&later).await?.result().await?;",
                )]
                grant_future / grant_future_async => $grant_future, ($($id),+) = $ids
            );

            $crate::grant::send_grant_verb!(
                #[doc = concat!("Withdraws future privileges from the ", $what, " (only the grant option, when `grant.grant_option` is true).")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{ContainingScope, DeleteMode, PrivilegeGrant};",
                    concat!("let role = ", $get, ";"),
                    "let later = PrivilegeGrant::on_all([\"INSERT\"], \"TABLE\", ContainingScope::database(\"sales\"));",
                    "role.revoke_future(&later, DeleteMode::Restrict).await?;",
                )]
                revoke_future / revoke_future_async => $revoke_future, ($($id),+) = $ids, mode
            );

            $crate::grant::list_grants_verb!(
                #[doc = concat!("The privileges and roles the ", $what, " holds, at most `limit` of them.")]
                #[doc = $crate::grant::async_example!(
                    concat!("for grant in ", $get, ".iter_grants_to(Some(100)).await? {"),
                    "    println!(\"{:?} on {}\", grant.privileges, grant.securable_type);",
                    "}",
                )]
                iter_grants_to -> $crate::grant::PrivilegeGrant => $list, ($($id),+) = $ids
            );

            $crate::grant::list_grants_verb!(
                #[doc = concat!("The privileges the ", $what, " will receive on objects created later, at most `limit` of them.")]
                #[doc = $crate::grant::async_example!(
                    concat!("let future = ", $get, ".iter_future_grants_to(None).await?;"),
                    "let scopes: Vec<_> = future.iter().filter_map(|g| g.containing_scope.as_ref()).collect();",
                )]
                iter_future_grants_to -> $crate::grant::PrivilegeGrant => $list_future, ($($id),+) = $ids
            );
        }
    };
}

/// One snowflake.core grant shortcut: builds a [`PrivilegeGrant`](crate::grant::PrivilegeGrant)
/// from `privileges`, `securable_type` and `$target` with `$build`, and hands it and `$extra` to
/// the handle's `$send`.
macro_rules! grant_shortcut {
    (
        $(#[$doc:meta])*
        $verb:ident($target:ident: $target_ty:ty, $extra:ident: $extra_ty:ty) => $send:ident($build:path)
    ) => {
        $(#[$doc])*
        pub async fn $verb(
            &self,
            privileges: &[&str],
            securable_type: &str,
            $target: $target_ty,
            $extra: $extra_ty,
        ) -> Result<(), $crate::CoreError> {
            let grant = $build(privileges, securable_type, $target);
            $crate::grant::shortcut::$send(self, grant, $extra).await
        }
    };
}

/// snowflake.core's grant shortcuts of a role or database role (`$what`; `$get` is how the
/// examples get one): `grant_role`, `grant_privileges`, `grant_privileges_on_all`,
/// `grant_future_privileges`, the `revoke_…` twins and `revoke_grant_option_for_…`, each
/// building a [`PrivilegeGrant`](crate::grant::PrivilegeGrant) for `grant_async` and its
/// siblings.
macro_rules! grant_shortcuts {
    ($handle:ty, $what:literal, $get:literal, $role_type:literal, $role:literal) => {
        impl $crate::grant::shortcut::GrantTarget for $handle {
            async fn send_grant(
                &self,
                grant: &$crate::grant::PrivilegeGrant,
                future: bool,
            ) -> Result<(), $crate::CoreError> {
                if future {
                    self.grant_future_async(grant).await?.result().await
                } else {
                    self.grant_async(grant).await?.result().await
                }
            }

            async fn send_revoke(
                &self,
                grant: &$crate::grant::PrivilegeGrant,
                mode: $crate::grant::DeleteMode,
                future: bool,
            ) -> Result<(), $crate::CoreError> {
                if future {
                    self.revoke_future_async(grant, mode).await?.result().await
                } else {
                    self.revoke_async(grant, mode).await?.result().await
                }
            }
        }

        impl $handle {
            #[doc = concat!("Grants a role (`role_type` `ROLE` or `DATABASE ROLE`) to this ", $what, ".")]
            #[doc = $crate::grant::async_example!(
                "use snowapi_core::grant::SecurableRef;",
                concat!("let role = ", $get, ";"),
                concat!("role.grant_role(\"", $role_type, "\", ", $role, ").await?;"),
            )]
            pub async fn grant_role(
                &self,
                role_type: &str,
                role: $crate::grant::SecurableRef,
            ) -> Result<(), $crate::CoreError> {
                let grant = $crate::grant::PrivilegeGrant::role(role_type, role);
                self.grant_async(&grant).await?.result().await
            }

            #[doc = concat!("Revokes a role (`role_type` `ROLE` or `DATABASE ROLE`) from this ", $what, ".")]
            #[doc = $crate::grant::async_example!(
                "use snowapi_core::grant::SecurableRef;",
                concat!($get, ".revoke_role(\"", $role_type, "\", ", $role, ").await?;"),
            )]
            pub async fn revoke_role(
                &self,
                role_type: &str,
                role: $crate::grant::SecurableRef,
            ) -> Result<(), $crate::CoreError> {
                let grant = $crate::grant::PrivilegeGrant::role(role_type, role);
                self.revoke_async(&grant, $crate::grant::DeleteMode::Restrict)
                    .await?
                    .result()
                    .await
            }

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Grants `privileges` on one object of kind `securable_type` (or on the account, with `\"ACCOUNT\"` and no securable) to this ", $what, "; with `grant_option`, it may pass them on.")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::SecurableRef;",
                    concat!("let role = ", $get, ";"),
                    "let orders = SecurableRef::schema_object(\"sales\", \"public\", \"orders\");",
                    "role.grant_privileges(&[\"SELECT\", \"INSERT\"], \"TABLE\", Some(orders), Some(true)).await?;",
                )]
                grant_privileges(securable: Option<$crate::grant::SecurableRef>, grant_option: Option<bool>)
                    => grant_now($crate::grant::shortcut::one)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Grants `privileges` on every existing object of kind `securable_type` in `scope` to this ", $what, ".")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::ContainingScope;",
                    concat!($get, ""),
                    "    .grant_privileges_on_all(&[\"SELECT\"], \"TABLE\", ContainingScope::schema(\"sales\", \"public\"), None)",
                    "    .await?;",
                )]
                grant_privileges_on_all(scope: $crate::grant::ContainingScope, grant_option: Option<bool>)
                    => grant_now($crate::grant::shortcut::all)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Grants `privileges` on every object of kind `securable_type` created later in `scope` to this ", $what, ".")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::ContainingScope;",
                    concat!("let role = ", $get, ";"),
                    "let sales = ContainingScope::database(\"sales\");",
                    "role.grant_future_privileges(&[\"SELECT\"], \"VIEW\", sales, None).await?;",
                )]
                grant_future_privileges(scope: $crate::grant::ContainingScope, grant_option: Option<bool>)
                    => grant_later($crate::grant::shortcut::all)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Revokes `privileges` on one object (or the account) from this ", $what, ".")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{DeleteMode, SecurableRef};",
                    concat!("let role = ", $get, ";"),
                    "let wh = SecurableRef::account_object(\"reporting_wh\");",
                    "role.revoke_privileges(&[\"OPERATE\"], \"WAREHOUSE\", Some(wh), DeleteMode::Restrict).await?;",
                )]
                revoke_privileges(securable: Option<$crate::grant::SecurableRef>, mode: $crate::grant::DeleteMode)
                    => revoke_now($crate::grant::shortcut::one)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Revokes `privileges` on every existing object of a kind in `scope` from this ", $what, ".")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{ContainingScope, DeleteMode};",
                    "let scope = ContainingScope::schema(\"sales\", \"staging\");",
                    concat!($get, ".revoke_privileges_on_all(&[\"SELECT\"], \"TABLE\", scope, DeleteMode::Cascade).await?;"),
                )]
                revoke_privileges_on_all(scope: $crate::grant::ContainingScope, mode: $crate::grant::DeleteMode)
                    => revoke_now($crate::grant::shortcut::all)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Withdraws the future `privileges` on a kind of object in `scope` from this ", $what, ".")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{ContainingScope, DeleteMode};",
                    concat!("let role = ", $get, ";"),
                    "let sales = ContainingScope::database(\"sales\");",
                    "role.revoke_future_privileges(&[\"SELECT\"], \"VIEW\", sales, DeleteMode::Restrict).await?;",
                )]
                revoke_future_privileges(scope: $crate::grant::ContainingScope, mode: $crate::grant::DeleteMode)
                    => revoke_later($crate::grant::shortcut::all)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Keeps `privileges` on one object but stops this ", $what, " passing them on.")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{DeleteMode, SecurableRef};",
                    concat!("let role = ", $get, ";"),
                    "let db = Some(SecurableRef::account_object(\"sales\"));",
                    "role.revoke_grant_option_for_privileges(&[\"USAGE\"], \"DATABASE\", db, DeleteMode::Cascade).await?;",
                )]
                revoke_grant_option_for_privileges(securable: Option<$crate::grant::SecurableRef>, mode: $crate::grant::DeleteMode)
                    => revoke_now($crate::grant::shortcut::one_option)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Keeps `privileges` on all objects of a kind in `scope` but stops this ", $what, " passing them on.")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{ContainingScope, DeleteMode};",
                    concat!("let role = ", $get, ";"),
                    "let public = ContainingScope::schema(\"sales\", \"public\");",
                    "role.revoke_grant_option_for_privileges_on_all(&[\"SELECT\"], \"TABLE\", public, DeleteMode::Restrict)",
                    "    .await?;",
                )]
                revoke_grant_option_for_privileges_on_all(scope: $crate::grant::ContainingScope, mode: $crate::grant::DeleteMode)
                    => revoke_now($crate::grant::shortcut::all_option)
            );

            $crate::grant::grant_shortcut!(
                #[doc = concat!("Keeps future `privileges` on a kind of object in `scope` but stops this ", $what, " passing them on.")]
                #[doc = $crate::grant::async_example!(
                    "use snowapi_core::grant::{ContainingScope, DeleteMode};",
                    concat!("let role = ", $get, ";"),
                    "let sales = ContainingScope::database(\"sales\");",
                    "role.revoke_grant_option_for_future_privileges(&[\"SELECT\"], \"TABLE\", sales, DeleteMode::Restrict)",
                    "    .await?;",
                )]
                revoke_grant_option_for_future_privileges(scope: $crate::grant::ContainingScope, mode: $crate::grant::DeleteMode)
                    => revoke_later($crate::grant::shortcut::all_option)
            );
        }
    };
}

pub(crate) use {
    async_example, grant_shortcut, grant_shortcuts, list_grants_verb, role_grant_verbs,
    send_grant_verb,
};

/// The pieces the shortcut verbs of [`grant_shortcuts`] are built of.
pub(crate) mod shortcut {
    use crate::{
        CoreError,
        grant::{ContainingScope, DeleteMode, PrivilegeGrant, SecurableRef},
    };

    /// A handle that grants and revokes [`PrivilegeGrant`]s, now or on future objects.
    pub(crate) trait GrantTarget {
        fn send_grant(
            &self,
            grant: &PrivilegeGrant,
            future: bool,
        ) -> impl Future<Output = Result<(), CoreError>> + Send;

        fn send_revoke(
            &self,
            grant: &PrivilegeGrant,
            mode: DeleteMode,
            future: bool,
        ) -> impl Future<Output = Result<(), CoreError>> + Send;
    }

    /// `privileges` on one object (or on the account, with no securable).
    pub(crate) fn one(
        privileges: &[&str],
        securable_type: &str,
        securable: Option<SecurableRef>,
    ) -> PrivilegeGrant {
        PrivilegeGrant {
            securable,
            ..PrivilegeGrant::account(privileges.iter().copied(), securable_type)
        }
    }

    /// `privileges` on every object of a kind in `scope`.
    pub(crate) fn all(
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
    ) -> PrivilegeGrant {
        PrivilegeGrant::on_all(privileges.iter().copied(), securable_type, scope)
    }

    /// [`one`], naming only the grant option (for `revoke_grant_option_for_…`).
    pub(crate) fn one_option(
        privileges: &[&str],
        securable_type: &str,
        securable: Option<SecurableRef>,
    ) -> PrivilegeGrant {
        one(privileges, securable_type, securable).grant_option(true)
    }

    /// [`all`], naming only the grant option.
    pub(crate) fn all_option(
        privileges: &[&str],
        securable_type: &str,
        scope: ContainingScope,
    ) -> PrivilegeGrant {
        all(privileges, securable_type, scope).grant_option(true)
    }

    fn with_option(grant: PrivilegeGrant, grant_option: Option<bool>) -> PrivilegeGrant {
        PrivilegeGrant {
            grant_option,
            ..grant
        }
    }

    /// Sends `grant` (with `grant_option`) as a grant on existing objects.
    pub(crate) async fn grant_now<H: GrantTarget>(
        handle: &H,
        grant: PrivilegeGrant,
        grant_option: Option<bool>,
    ) -> Result<(), CoreError> {
        handle
            .send_grant(&with_option(grant, grant_option), false)
            .await
    }

    /// Sends `grant` (with `grant_option`) as a future grant.
    pub(crate) async fn grant_later<H: GrantTarget>(
        handle: &H,
        grant: PrivilegeGrant,
        grant_option: Option<bool>,
    ) -> Result<(), CoreError> {
        handle
            .send_grant(&with_option(grant, grant_option), true)
            .await
    }

    /// Revokes `grant` on existing objects.
    pub(crate) async fn revoke_now<H: GrantTarget>(
        handle: &H,
        grant: PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        handle.send_revoke(&grant, mode, false).await
    }

    /// Withdraws `grant` as a future grant.
    pub(crate) async fn revoke_later<H: GrantTarget>(
        handle: &H,
        grant: PrivilegeGrant,
        mode: DeleteMode,
    ) -> Result<(), CoreError> {
        handle.send_revoke(&grant, mode, true).await
    }
}
