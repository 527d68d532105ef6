//! Roles and users: every verb of `root.roles()`, `root.users()` and their handles.

use snowapi_core::{
    CoreError, CreateMode,
    grant::{ContainingScope, DeleteMode, PrivilegeGrant, SecurableRef},
    role::Role,
    user::{Password, User},
};

use crate::{
    common::{
        assert_grants, column, finish, grant_lines, names, names_of, run, shown_grants, start,
    },
    warehouses::tags_round_trip,
};

#[tokio::test]
async fn roles_create_iter_drop_and_tags() {
    let env = start().await;
    let roles = env.root.roles();
    let analyst = roles
        .create(
            &Role::new("analyst").comment("reads"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(analyst.name(), "analyst");
    let conflict = roles
        .create(&Role::new("analyst"), CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    roles
        .create(
            &Role::new("analyst").comment("again"),
            CreateMode::IfNotExists,
        )
        .await
        .unwrap();
    roles
        .create(&Role::new("analyst_2"), CreateMode::ErrorIfExists)
        .await
        .unwrap();

    let listed = roles.iter().like("analyst%").send().await.unwrap();
    assert_eq!(names_of(&listed), ["ANALYST", "ANALYST_2"]);
    assert_eq!(listed[0].comment.as_deref(), Some("reads"));
    assert!(listed[0].created_on.is_some());
    let limited = roles
        .iter()
        .starts_with("ANALYST")
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(limited.len(), 1);
    let from = roles
        .iter()
        .like("analyst%")
        .from_name("ANALYST")
        .send()
        .await
        .unwrap();
    assert_eq!(from.len(), 1);
    assert_eq!(from[0].name, "ANALYST_2");

    tags_round_trip!(env, analyst);

    analyst.drop().await.unwrap();
    assert!(analyst.drop().await.unwrap_err().is_not_found());
    analyst.drop_if_exists().await.unwrap();
    let shown = column(&env.conn, "show roles like 'ANALYST%'", 1).await;
    assert_eq!(shown, ["ANALYST_2"]);
}

#[tokio::test]
async fn role_grants_privileges_roles_and_future_grants() {
    let env = start().await;
    run(&env.conn, "create database sales").await;
    let roles = env.root.roles();
    let reader = roles
        .create(&Role::new("reader"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let analyst = roles
        .create(&Role::new("analyst"), CreateMode::ErrorIfExists)
        .await
        .unwrap();

    let reader_role = || SecurableRef::account_object("reader");
    let sales = || Some(SecurableRef::account_object("sales"));
    let in_sales = || ContainingScope::database("sales");

    // A role granted to a role.
    analyst.grant_role("ROLE", reader_role()).await.unwrap();
    let of = reader.iter_grants_of(None).await.unwrap();
    assert!(
        of.iter()
            .any(|g| g.grantee_name.as_deref() == Some("ANALYST")),
        "{of:?}"
    );
    let on = reader.iter_grants_on(None).await.unwrap();
    assert!(
        on.iter()
            .any(|g| g.privilege.as_deref() == Some("OWNERSHIP")),
        "{on:?}"
    );

    // Privileges on an object, on the account, and on all objects of a scope.
    analyst
        .grant_privileges(&["USAGE", "MONITOR"], "DATABASE", sales(), Some(true))
        .await
        .unwrap();
    analyst
        .grant_privileges(&["CREATE DATABASE"], "ACCOUNT", None, None)
        .await
        .unwrap();
    analyst
        .grant_privileges_on_all(&["USAGE"], "SCHEMA", in_sales(), None)
        .await
        .unwrap();
    let held = analyst.iter_grants_to(None).await.unwrap();
    let holds = |kind: &str, privilege: &str| {
        held.iter()
            .any(|g| g.securable_type == kind && g.privileges.iter().any(|p| p == privilege))
    };
    assert!(holds("DATABASE", "USAGE"), "{held:?}");
    assert!(holds("DATABASE", "MONITOR"), "{held:?}");
    assert!(holds("ACCOUNT", "CREATE DATABASE"), "{held:?}");
    assert!(holds("ROLE", "USAGE"), "{held:?}");
    assert!(holds("SCHEMA", "USAGE"), "{held:?}");
    let usage = held
        .iter()
        .find(|g| g.securable_type == "DATABASE" && g.privileges == ["USAGE"])
        .unwrap();
    assert_eq!(usage.grant_option, Some(true));
    assert_eq!(
        usage.securable.as_ref().map(|s| s.name.as_str()),
        Some("SALES")
    );
    let limited = analyst.iter_grants_to(Some(1)).await.unwrap();
    assert_eq!(limited.len(), 1);

    // Grant option off, then the privileges themselves.
    analyst
        .revoke_grant_option_for_privileges(&["USAGE"], "DATABASE", sales(), DeleteMode::Restrict)
        .await
        .unwrap();
    let held = analyst.iter_grants_to(None).await.unwrap();
    let usage = held
        .iter()
        .find(|g| g.securable_type == "DATABASE" && g.privileges == ["USAGE"])
        .unwrap();
    assert_eq!(usage.grant_option, Some(false));
    analyst
        .revoke_privileges(
            &["USAGE", "MONITOR"],
            "DATABASE",
            sales(),
            DeleteMode::Cascade,
        )
        .await
        .unwrap();
    analyst
        .revoke_privileges(&["CREATE DATABASE"], "ACCOUNT", None, DeleteMode::Restrict)
        .await
        .unwrap();
    analyst
        .grant_privileges_on_all(&["MONITOR"], "SCHEMA", in_sales(), Some(true))
        .await
        .unwrap();
    analyst
        .revoke_grant_option_for_privileges_on_all(
            &["MONITOR"],
            "SCHEMA",
            in_sales(),
            DeleteMode::Restrict,
        )
        .await
        .unwrap();
    analyst
        .revoke_privileges_on_all(
            &["USAGE", "MONITOR"],
            "SCHEMA",
            in_sales(),
            DeleteMode::Restrict,
        )
        .await
        .unwrap();
    analyst.revoke_role("ROLE", reader_role()).await.unwrap();
    let held = analyst.iter_grants_to(None).await.unwrap();
    assert!(
        !held.iter().any(|g| matches!(
            g.securable_type.as_str(),
            "DATABASE" | "ACCOUNT" | "ROLE" | "SCHEMA"
        )),
        "{held:?}"
    );

    // Future grants.
    let scope = ContainingScope::schema("sales", "public");
    analyst
        .grant_future_privileges(&["SELECT", "INSERT"], "TABLE", scope.clone(), Some(true))
        .await
        .unwrap();
    let future = analyst.iter_future_grants_to(None).await.unwrap();
    assert!(
        future.iter().any(|g| g.securable_type == "TABLE"
            && g.privileges == ["SELECT"]
            && g.containing_scope
                .as_ref()
                .is_some_and(|s| s.database == "SALES" && s.schema.as_deref() == Some("PUBLIC"))),
        "{future:?}"
    );
    run(&env.conn, "create table sales.public.t (x int)").await;
    let on_table = column(&env.conn, "show grants on table sales.public.t", 1).await;
    assert!(on_table.iter().any(|p| p == "SELECT"), "{on_table:?}");
    analyst
        .revoke_grant_option_for_future_privileges(
            &["SELECT"],
            "TABLE",
            scope.clone(),
            DeleteMode::Restrict,
        )
        .await
        .unwrap();
    analyst
        .revoke_future_privileges(&["SELECT", "INSERT"], "TABLE", scope, DeleteMode::Restrict)
        .await
        .unwrap();
    assert!(
        analyst
            .iter_future_grants_to(None)
            .await
            .unwrap()
            .is_empty()
    );

    let missing = roles.get("no_role").iter_grants_to(None).await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

#[tokio::test]
async fn role_plain_grant_revoke_and_future_verbs() {
    let env = start().await;
    run(&env.conn, "create database mart").await;
    run(&env.conn, "create table mart.public.t (x int)").await;
    let roles = env.root.roles();
    let role = roles
        .create(&Role::new("loader"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let held = || async {
        (
            grant_lines(&role.iter_grants_to(None).await.unwrap()),
            grant_lines(&role.iter_future_grants_to(None).await.unwrap()),
        )
    };
    let shown = || async {
        (
            shown_grants(&env.conn, "show grants to role loader").await,
            shown_grants(&env.conn, "show future grants to role loader").await,
        )
    };
    let usage = PrivilegeGrant::on(["USAGE"], "DATABASE", SecurableRef::account_object("mart"));
    let insert = PrivilegeGrant::on_all(
        ["INSERT"],
        "TABLE",
        ContainingScope::schema("mart", "public"),
    )
    .grant_option(true);
    let later = PrivilegeGrant::on_all(["SELECT"], "VIEW", ContainingScope::database("mart"));

    role.grant(&usage).await.unwrap();
    finish(role.grant_async(&insert).await).await;
    role.grant_future(&later).await.unwrap();
    finish(role.grant_future_async(&insert).await).await;
    assert_grants(
        held().await,
        &["INSERT TABLE true", "USAGE DATABASE false"],
        &["INSERT TABLE MART.PUBLIC true", "SELECT VIEW MART.* false"],
    );
    assert_grants(
        shown().await,
        &[
            "INSERT TABLE MART.PUBLIC.T true",
            "USAGE DATABASE MART false",
        ],
        &[
            "INSERT TABLE MART.PUBLIC.<TABLE> true",
            "SELECT VIEW MART.<VIEW> false",
        ],
    );
    // Views created later come with SELECT for the role.
    run(&env.conn, "create view mart.public.v as select 1 as one").await;
    let on_view = column(&env.conn, "show grants on view mart.public.v", 5).await;
    assert!(on_view.iter().any(|g| g == "LOADER"), "{on_view:?}");

    // Revoking with grant_option set takes back only the grant option.
    role.revoke(&insert, DeleteMode::Restrict).await.unwrap();
    finish(
        role.revoke_future_async(&insert, DeleteMode::Restrict)
            .await,
    )
    .await;
    assert_grants(
        held().await,
        &[
            "INSERT TABLE false",
            "SELECT VIEW false",
            "USAGE DATABASE false",
        ],
        &["INSERT TABLE MART.PUBLIC false", "SELECT VIEW MART.* false"],
    );
    assert_grants(
        shown().await,
        &[
            "INSERT TABLE MART.PUBLIC.T false",
            "SELECT VIEW MART.PUBLIC.V false",
            "USAGE DATABASE MART false",
        ],
        &[
            "INSERT TABLE MART.PUBLIC.<TABLE> false",
            "SELECT VIEW MART.<VIEW> false",
        ],
    );
    finish(
        role.revoke_async(&insert.clone().grant_option(false), DeleteMode::Cascade)
            .await,
    )
    .await;
    role.revoke(&usage, DeleteMode::Restrict).await.unwrap();
    let view = SecurableRef::schema_object("mart", "public", "v");
    role.revoke(
        &PrivilegeGrant::on(["SELECT"], "VIEW", view),
        DeleteMode::Restrict,
    )
    .await
    .unwrap();
    role.revoke_future(&later, DeleteMode::Restrict)
        .await
        .unwrap();
    role.revoke_future(&insert.clone().grant_option(false), DeleteMode::Cascade)
        .await
        .unwrap();
    assert_grants(held().await, &[], &[]);
    assert_grants(shown().await, &[], &[]);

    let missing = roles.get("no_role").grant(&usage).await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    let missing = roles.get("no_role").grant_future(&later).await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

#[tokio::test]
async fn users_create_fetch_alter_grant_drop_and_tags() {
    let env = start().await;
    env.root
        .roles()
        .create(&Role::new("analyst"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let users = env.root.users();
    let definition = User::new("jdoe")
        .password(Password::new("correct horse"))
        .login_name("john")
        .display_name("John Doe")
        .first_name("John")
        .middle_name("Q")
        .last_name("Doe")
        .email("jdoe@example.com")
        .must_change_password(false)
        .disabled(false)
        .days_to_expiry(30)
        .mins_to_unlock(5)
        .default_warehouse("etl_wh")
        .default_namespace("sales.public")
        .default_role("analyst")
        .default_secondary_roles("ALL")
        .mins_to_bypass_mfa(10)
        .comment("made by snowapi-core")
        .user_type("PERSON");
    assert!(!format!("{definition:?}").contains("correct horse"));
    let jdoe = users
        .create(&definition, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(jdoe.name(), "jdoe");

    let fetched = jdoe.fetch().await.unwrap();
    assert_eq!(fetched.name, "JDOE");
    assert_eq!(fetched.password, None, "passwords are never returned");
    assert_eq!(fetched.login_name.as_deref(), Some("JOHN"));
    assert_eq!(fetched.display_name.as_deref(), Some("John Doe"));
    assert_eq!(fetched.first_name.as_deref(), Some("John"));
    assert_eq!(fetched.last_name.as_deref(), Some("Doe"));
    assert_eq!(fetched.email.as_deref(), Some("jdoe@example.com"));
    assert!(
        fetched
            .default_role
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case("analyst"))
    );
    assert_eq!(fetched.comment.as_deref(), Some("made by snowapi-core"));
    assert_eq!(fetched.disabled, Some(false));
    assert_eq!(fetched.has_password, Some(true));
    assert!(fetched.created_on.is_some());

    let conflict = users
        .create(&User::new("jdoe"), CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");

    jdoe.create_or_alter(&User::new("jdoe").comment("altered").disabled(true))
        .await
        .unwrap();
    let altered = jdoe.fetch().await.unwrap();
    assert_eq!(altered.comment.as_deref(), Some("altered"));
    assert_eq!(altered.disabled, Some(true));

    users
        .create(&User::new("jsmith"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(names(users.iter().like("j%")).await, ["JDOE", "JSMITH"]);
    let from = users
        .iter()
        .like("j%")
        .from_name("JDOE")
        .limit(5)
        .send()
        .await
        .unwrap();
    assert_eq!(from.len(), 1);

    jdoe.grant_role("ROLE", SecurableRef::account_object("analyst"))
        .await
        .unwrap();
    let roles = jdoe.iter_grants_to(None).await.unwrap();
    assert!(
        roles.iter().any(|g| g.securable_type == "ROLE"
            && g.securable.as_ref().is_some_and(|s| s.name == "ANALYST")),
        "{roles:?}"
    );
    let shown = column(&env.conn, "show grants to user jdoe", 1).await;
    assert_eq!(shown, ["ANALYST"]);
    jdoe.revoke_role("ROLE", SecurableRef::account_object("analyst"))
        .await
        .unwrap();
    assert!(jdoe.iter_grants_to(None).await.unwrap().is_empty());

    tags_round_trip!(env, jdoe);

    jdoe.drop().await.unwrap();
    assert!(jdoe.fetch().await.unwrap_err().is_not_found());
    jdoe.drop_if_exists().await.unwrap();
    assert!(jdoe.drop().await.unwrap_err().is_not_found());
}
