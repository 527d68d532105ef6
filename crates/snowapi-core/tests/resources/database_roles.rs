//! Database roles: every verb of `database.database_roles()` and `DatabaseRoleResource`.

use snowapi_core::{
    CoreError, CreateMode, TagAssignment, TagReference,
    database::Database,
    database_role::{DatabaseRole, DatabaseRoleCollection, DatabaseRoleResource},
    grant::{ContainingScope, DeleteMode, PrivilegeGrant, SecurableRef},
};

use crate::common::{
    Env, assert_grants, column, grant_lines, names, run, shown_grants, streamed, with_database,
};

#[tokio::test]
async fn create_iter_clone_drop() {
    let (env, database) = with_database("dr_db").await;
    let roles = database.database_roles();
    let reader = roles
        .create(
            &DatabaseRole::new("reader").comment("reads"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(reader.fully_qualified_name(), "dr_db.reader");
    assert_eq!(reader.database().name(), "dr_db");
    for name in ["r_b", "r_c", "writer"] {
        roles
            .create(&DatabaseRole::new(name), CreateMode::ErrorIfExists)
            .await
            .unwrap();
    }
    let shown = column(&env.conn, "show database roles in database dr_db", 1).await;
    assert!(shown.contains(&"READER".to_owned()), "{shown:?}");

    let listed = roles.iter().send().await.unwrap();
    let found = listed.iter().find(|r| r.name == "READER").unwrap();
    assert_eq!(found.comment.as_deref(), Some("reads"));
    assert!(
        found.owner.is_some() && found.created_on.is_some(),
        "{found:?}"
    );
    assert_eq!(names(roles.iter().like("r\\_%")).await, ["R_B", "R_C"]);
    assert_eq!(names(roles.iter().starts_with("W")).await, ["WRITER"]);
    // Names sort as bytes: READER < R_B.
    assert_eq!(
        names(roles.iter().from_name("R_B").limit(2)).await,
        ["R_C", "WRITER"]
    );
    assert_eq!(names(roles.iter().like("r%").limit(1)).await, ["READER"]);
    assert_eq!(
        names(roles.iter().like("r%").from_name("READER")).await,
        ["R_B", "R_C"]
    );
    let paged = streamed(roles.iter().page_size(2)).await;
    assert_eq!(paged, ["READER", "R_B", "R_C", "WRITER"]);

    let conflict = roles
        .create(&DatabaseRole::new("reader"), CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    roles
        .create(&DatabaseRole::new("reader"), CreateMode::IfNotExists)
        .await
        .unwrap();

    // Clones carry the grants.
    reader
        .grant(&PrivilegeGrant::on(
            ["USAGE"],
            "SCHEMA",
            SecurableRef::database_object("dr_db", "public"),
        ))
        .await
        .unwrap();
    let copy = reader
        .clone_to("reader_copy", CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(copy.fully_qualified_name(), "dr_db.reader_copy");
    let held = copy.iter_grants_to(None).await.unwrap();
    assert!(
        held.iter()
            .any(|g| g.privileges == ["USAGE"] && g.securable_type == "SCHEMA"),
        "{held:?}"
    );
    env.root
        .databases()
        .create(&Database::new("dr_other"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let moved = env
        .root
        .databases()
        .get("dr_other")
        .database_roles()
        .create_clone(&reader, "imported", CreateMode::OrReplace)
        .await
        .unwrap();
    assert_eq!(moved.fully_qualified_name(), "dr_other.imported");
    let shown = column(&env.conn, "show database roles in database dr_other", 1).await;
    assert_eq!(shown, ["IMPORTED"]);

    copy.drop().await.unwrap();
    assert!(copy.drop().await.unwrap_err().is_not_found());
    copy.drop_if_exists().await.unwrap();
    assert!(
        !names(roles.iter())
            .await
            .contains(&"READER_COPY".to_owned())
    );
    let missing = roles
        .get("nope")
        .clone_to("x", CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

/// An emulator with database `db`, its table `public.t` and database roles `reader` and `base`:
/// the roles' collection and the two roles.
async fn with_reader_and_base(
    db: &str,
) -> (
    Env,
    DatabaseRoleCollection,
    DatabaseRoleResource,
    DatabaseRoleResource,
) {
    let (env, database) = with_database(db).await;
    run(&env.conn, &format!("create table {db}.public.t (x int)")).await;
    let roles = database.database_roles();
    let mut created = Vec::new();
    for name in ["reader", "base"] {
        let role = DatabaseRole::new(name);
        created.push(
            roles
                .create(&role, CreateMode::ErrorIfExists)
                .await
                .unwrap(),
        );
    }
    let base = created.pop().unwrap();
    let reader = created.pop().unwrap();
    (env, roles, reader, base)
}

#[tokio::test]
async fn grants_and_future_grants() {
    let (env, roles, reader, base) = with_reader_and_base("drg_db").await;

    let usage = PrivilegeGrant::on(
        ["USAGE"],
        "SCHEMA",
        SecurableRef::database_object("drg_db", "public"),
    );
    let select = PrivilegeGrant::on(
        ["SELECT"],
        "TABLE",
        SecurableRef::schema_object("drg_db", "public", "t"),
    )
    .grant_option(true);
    reader.grant(&usage).await.unwrap();
    reader.grant(&select).await.unwrap();
    reader
        .grant(&PrivilegeGrant::role(
            "DATABASE ROLE",
            SecurableRef::database_object("drg_db", "base"),
        ))
        .await
        .unwrap();
    let held = reader.iter_grants_to(None).await.unwrap();
    let has = |privilege: &str, on: &str, held: &[PrivilegeGrant]| {
        held.iter()
            .any(|g| g.privileges.iter().any(|p| p == privilege) && g.securable_type == on)
    };
    assert!(has("USAGE", "SCHEMA", &held), "{held:?}");
    assert!(has("SELECT", "TABLE", &held), "{held:?}");
    let table_grant = held.iter().find(|g| g.securable_type == "TABLE").unwrap();
    assert_eq!(table_grant.grant_option, Some(true));
    let on = table_grant.securable.as_ref().unwrap();
    assert_eq!(
        (
            on.database.as_deref(),
            on.schema.as_deref(),
            on.name.as_str()
        ),
        (Some("DRG_DB"), Some("PUBLIC"), "T")
    );
    assert_eq!(reader.iter_grants_to(Some(1)).await.unwrap().len(), 1);
    let sql = column(&env.conn, "show grants to database role drg_db.reader", 1).await;
    assert!(sql.iter().any(|p| p == "SELECT"), "{sql:?}");

    // With grant_option set, a revoke takes back only the grant option.
    reader.revoke(&select, DeleteMode::Restrict).await.unwrap();
    let held = reader.iter_grants_to(None).await.unwrap();
    let table_grant = held.iter().find(|g| g.securable_type == "TABLE").unwrap();
    assert_eq!(table_grant.grant_option, Some(false), "{held:?}");
    reader
        .revoke(&select.clone().grant_option(false), DeleteMode::Restrict)
        .await
        .unwrap();
    reader.revoke(&usage, DeleteMode::Cascade).await.unwrap();
    let held = reader.iter_grants_to(None).await.unwrap();
    assert!(
        !has("SELECT", "TABLE", &held) && !has("USAGE", "SCHEMA", &held),
        "{held:?}"
    );
    assert!(has("USAGE", "DATABASE_ROLE", &held), "{held:?}");

    let future = PrivilegeGrant::on_all(
        ["SELECT"],
        "TABLE",
        ContainingScope::schema("drg_db", "public"),
    );
    reader.grant_future(&future).await.unwrap();
    let planned = reader.iter_future_grants_to(None).await.unwrap();
    assert_eq!(planned.len(), 1, "{planned:?}");
    assert_eq!(planned[0].privileges, ["SELECT"]);
    assert_eq!(planned[0].securable_type, "TABLE");
    let scope = planned[0].containing_scope.as_ref().unwrap();
    assert_eq!(
        (scope.database.as_str(), scope.schema.as_deref()),
        ("DRG_DB", Some("PUBLIC"))
    );
    reader
        .revoke_future(&future, DeleteMode::Restrict)
        .await
        .unwrap();
    assert!(reader.iter_future_grants_to(None).await.unwrap().is_empty());

    let missing = roles.get("nope");
    assert!(missing.grant(&usage).await.unwrap_err().is_not_found());
    assert!(
        missing
            .iter_grants_to(None)
            .await
            .unwrap_err()
            .is_not_found()
    );
    base.drop().await.unwrap();
}

/// What `role` holds now and will receive later, as [`grant_lines`].
async fn held(role: &DatabaseRoleResource) -> (Vec<String>, Vec<String>) {
    (
        grant_lines(&role.iter_grants_to(None).await.unwrap()),
        grant_lines(&role.iter_future_grants_to(None).await.unwrap()),
    )
}

/// `SHOW GRANTS` and `SHOW FUTURE GRANTS` to the database role `drs_db.<role>`, as
/// [`shown_grants`].
async fn shown(env: &Env, role: &str) -> (Vec<String>, Vec<String>) {
    let now = format!("show grants to database role drs_db.{role}");
    let later = format!("show future grants to database role drs_db.{role}");
    (
        shown_grants(&env.conn, &now).await,
        shown_grants(&env.conn, &later).await,
    )
}

#[tokio::test]
async fn grant_and_revoke_shortcuts() {
    let (env, roles, reader, _) = with_reader_and_base("drs_db").await;
    let public = || Some(SecurableRef::database_object("drs_db", "public"));
    let in_public = || ContainingScope::schema("drs_db", "public");
    let in_database = || ContainingScope::database("drs_db");

    reader
        .grant_role(
            "DATABASE ROLE",
            SecurableRef::database_object("drs_db", "base"),
        )
        .await
        .unwrap();
    reader
        .grant_privileges(&["USAGE", "MONITOR"], "SCHEMA", public(), Some(true))
        .await
        .unwrap();
    reader
        .grant_privileges_on_all(&["SELECT"], "TABLE", in_public(), Some(true))
        .await
        .unwrap();
    reader
        .grant_future_privileges(&["SELECT", "INSERT"], "TABLE", in_database(), Some(true))
        .await
        .unwrap();
    assert_grants(
        held(&reader).await,
        &[
            "MONITOR SCHEMA true",
            "SELECT TABLE true",
            "USAGE DATABASE_ROLE false",
            "USAGE SCHEMA true",
        ],
        &["INSERT TABLE DRS_DB.* true", "SELECT TABLE DRS_DB.* true"],
    );
    assert_grants(
        shown(&env, "reader").await,
        &[
            "MONITOR SCHEMA DRS_DB.PUBLIC true",
            "SELECT TABLE DRS_DB.PUBLIC.T true",
            "USAGE DATABASE_ROLE DRS_DB.BASE false",
            "USAGE SCHEMA DRS_DB.PUBLIC true",
        ],
        &[
            "INSERT TABLE DRS_DB.<TABLE> true",
            "SELECT TABLE DRS_DB.<TABLE> true",
        ],
    );

    // The grant options go; the privileges stay.
    reader
        .revoke_grant_option_for_privileges(&["USAGE"], "SCHEMA", public(), DeleteMode::Restrict)
        .await
        .unwrap();
    reader
        .revoke_grant_option_for_privileges_on_all(
            &["SELECT"],
            "TABLE",
            in_public(),
            DeleteMode::Cascade,
        )
        .await
        .unwrap();
    reader
        .revoke_grant_option_for_future_privileges(
            &["SELECT"],
            "TABLE",
            in_database(),
            DeleteMode::Restrict,
        )
        .await
        .unwrap();
    assert_grants(
        held(&reader).await,
        &[
            "MONITOR SCHEMA true",
            "SELECT TABLE false",
            "USAGE DATABASE_ROLE false",
            "USAGE SCHEMA false",
        ],
        &["INSERT TABLE DRS_DB.* true", "SELECT TABLE DRS_DB.* false"],
    );
    assert_grants(
        shown(&env, "reader").await,
        &[
            "MONITOR SCHEMA DRS_DB.PUBLIC true",
            "SELECT TABLE DRS_DB.PUBLIC.T false",
            "USAGE DATABASE_ROLE DRS_DB.BASE false",
            "USAGE SCHEMA DRS_DB.PUBLIC false",
        ],
        &[
            "INSERT TABLE DRS_DB.<TABLE> true",
            "SELECT TABLE DRS_DB.<TABLE> false",
        ],
    );

    // Then the privileges and the role.
    reader
        .revoke_privileges(
            &["USAGE", "MONITOR"],
            "SCHEMA",
            public(),
            DeleteMode::Cascade,
        )
        .await
        .unwrap();
    reader
        .revoke_privileges_on_all(&["SELECT"], "TABLE", in_public(), DeleteMode::Restrict)
        .await
        .unwrap();
    reader
        .revoke_future_privileges(
            &["SELECT", "INSERT"],
            "TABLE",
            in_database(),
            DeleteMode::Restrict,
        )
        .await
        .unwrap();
    reader
        .revoke_role(
            "DATABASE ROLE",
            SecurableRef::database_object("drs_db", "base"),
        )
        .await
        .unwrap();
    assert_grants(held(&reader).await, &[], &[]);
    assert_grants(shown(&env, "reader").await, &[], &[]);

    let missing = roles
        .get("nope")
        .grant_privileges(&["USAGE"], "SCHEMA", public(), None)
        .await
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

#[tokio::test]
async fn tags_set_get_unset() {
    let (env, database) = with_database("drt_db").await;
    run(&env.conn, "create tag drt_db.public.team").await;
    let role = database
        .database_roles()
        .create(&DatabaseRole::new("r"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let tag = TagReference::qualified("drt_db", "public", "team");
    role.set_tags(&[TagAssignment::new(tag.clone(), "data")])
        .await
        .unwrap();
    let tags = role.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag_value, "data");
    role.unset_tags(&[tag]).await.unwrap();
    assert!(role.get_tags(false).await.unwrap().is_empty());
}
