//! The deprecated grants API (`root.grants()`): grant, revoke, revoke the grant option, list.

use snowapi_core::{
    CreateMode,
    grant::{DeleteMode, Grant, Grantee, Securable},
    role::Role,
};

use crate::common::{column, run, start};

#[tokio::test]
async fn grant_list_and_revoke_by_grantee() {
    let env = start().await;
    run(&env.conn, "create database sales").await;
    env.root
        .roles()
        .create(&Role::new("analyst"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let grants = env.root.grants();
    let analyst = Grantee::role("analyst");

    let on_db = Grant::new(
        analyst.clone(),
        Securable::database("sales"),
        ["USAGE", "MONITOR"],
    )
    .grant_option(true);
    grants.grant(&on_db).await.unwrap();
    let account = Grant::new(
        analyst.clone(),
        Securable::current_account(),
        ["CREATE DATABASE"],
    );
    grants.grant(&account).await.unwrap();
    let all_schemas = Grant::new(
        analyst.clone(),
        Securable::all("schemas", Securable::database("sales")),
        ["USAGE"],
    );
    grants.grant(&all_schemas).await.unwrap();
    let future_tables = Grant::new(
        analyst.clone(),
        Securable::future("tables", Securable::schema("sales.public")),
        ["SELECT"],
    );
    grants.grant(&future_tables).await.unwrap();

    let held = grants.to(&analyst, None).await.unwrap();
    let holds = |kind: &str, privilege: &str| {
        held.iter().any(|g| {
            g.securable_type.as_deref() == Some(kind) && g.privileges.iter().any(|p| p == privilege)
        })
    };
    assert!(holds("DATABASE", "USAGE"), "{held:?}");
    assert!(holds("DATABASE", "MONITOR"), "{held:?}");
    assert!(holds("ACCOUNT", "CREATE DATABASE"), "{held:?}");
    assert!(holds("SCHEMA", "USAGE"), "{held:?}");
    let usage = held
        .iter()
        .find(|g| g.securable_type.as_deref() == Some("DATABASE") && g.privileges == ["USAGE"])
        .unwrap();
    assert_eq!(usage.grant_option, Some(true));
    assert_eq!(usage.grantee_name.as_deref(), Some("ANALYST"));
    assert_eq!(grants.to(&analyst, Some(2)).await.unwrap().len(), 2);

    run(&env.conn, "create table sales.public.t (x int)").await;
    let on_table = column(&env.conn, "show grants on table sales.public.t", 1).await;
    assert!(on_table.iter().any(|p| p == "SELECT"), "{on_table:?}");

    grants
        .revoke_grant_option(&on_db, DeleteMode::Restrict)
        .await
        .unwrap();
    let held = grants.to(&analyst, None).await.unwrap();
    let usage = held
        .iter()
        .find(|g| g.securable_type.as_deref() == Some("DATABASE") && g.privileges == ["USAGE"])
        .unwrap();
    assert_eq!(usage.grant_option, Some(false));

    grants.revoke(&on_db, DeleteMode::Cascade).await.unwrap();
    grants.revoke(&account, DeleteMode::Restrict).await.unwrap();
    grants
        .revoke(&all_schemas, DeleteMode::Restrict)
        .await
        .unwrap();
    grants
        .revoke(&future_tables, DeleteMode::Restrict)
        .await
        .unwrap();
    let held = grants.to(&analyst, None).await.unwrap();
    assert!(
        !held.iter().any(|g| matches!(
            g.securable_type.as_deref(),
            Some("DATABASE" | "ACCOUNT" | "SCHEMA")
        )),
        "{held:?}"
    );
    let future = column(&env.conn, "show future grants to role analyst", 1).await;
    assert!(future.is_empty(), "{future:?}");

    // A user grantee, and a missing one.
    run(&env.conn, "create user jdoe").await;
    run(&env.conn, "grant role analyst to user jdoe").await;
    let of_user = grants.to(&Grantee::user("jdoe"), None).await.unwrap();
    assert!(!of_user.is_empty());
    let missing = grants
        .to(&Grantee::role("no_role"), None)
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}
