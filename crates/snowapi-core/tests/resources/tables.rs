//! Tables: every verb of `schema.tables()` and `TableResource`, and the Python quickstart's
//! table flow.

use snowapi_core::{
    CoreError, CreateMode, PointOfTime, TagAssignment, TagReference,
    database::Database,
    schema::Schema,
    table::{
        Constraint, ForeignKey, PrimaryKey, Table, TableClone, TableColumn, TableKind, TableType,
        UniqueKey,
    },
};

use crate::common::{
    Env, assert_client_error, assert_one_dropped, column, names, names_of, run, start, streamed,
    with_public_schema,
};

/// `DESCRIBE TABLE` rows as (name, type, null?, primary key).
async fn described(env: &Env, table: &str) -> Vec<(String, String, String, String)> {
    let sql = format!("describe table {table}");
    let rows = env.conn.query(&sql).await.unwrap();
    rows.iter()
        .map(|row| {
            let text = |i: usize| row.get::<String>(i).unwrap();
            (text(0), text(1), text(3), text(5))
        })
        .collect()
}

#[tokio::test]
async fn python_quickstart_table_flow() {
    let env = start().await;
    // database, schema, table — as the quickstart creates them.
    let database = env
        .root
        .databases()
        .create(&Database::new("PYTHON_API_DB"), CreateMode::OrReplace)
        .await
        .unwrap();
    let schema = database
        .schemas()
        .create(&Schema::new("PYTHON_API_SCHEMA"), CreateMode::OrReplace)
        .await
        .unwrap();
    let table = schema
        .tables()
        .create(
            &Table::new("PYTHON_API_TABLE")
                .column(TableColumn::new("TEMPERATURE", "int").nullable(false))
                .column(TableColumn::new("LOCATION", "string")),
            CreateMode::OrReplace,
        )
        .await
        .unwrap();
    assert_eq!(
        table.fully_qualified_name(),
        "PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE"
    );

    // fetch, add a column with a primary key, create_or_alter.
    let mut details = table.fetch().await.unwrap();
    assert_eq!(details.columns.len(), 2);
    assert_eq!(details.columns[0].name, "TEMPERATURE");
    assert_eq!(details.columns[0].nullable, Some(false));
    assert!(details.constraints.is_empty(), "{:?}", details.constraints);
    details.columns.push(
        TableColumn::new("elevation", "int")
            .nullable(false)
            .constraint(PrimaryKey::default()),
    );
    table.create_or_alter(&details).await.unwrap();

    // DESCRIBE TABLE shows the new column as a NOT NULL primary key.
    let rows = described(&env, "PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE").await;
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, ["TEMPERATURE", "LOCATION", "ELEVATION"]);
    let elevation = &rows[2];
    assert!(elevation.1.starts_with("NUMBER"), "{elevation:?}");
    assert_eq!((elevation.2.as_str(), elevation.3.as_str()), ("N", "Y"));
    assert_eq!(rows[0].3, "N");

    // And the fetched table has it too, with the key.
    let after = table.fetch().await.unwrap();
    assert_eq!(after.columns.len(), 3);
    assert_eq!(after.columns[2].name, "ELEVATION");
    let keys: Vec<&Constraint> = after
        .columns
        .iter()
        .flat_map(|c| &c.constraints)
        .chain(&after.constraints)
        .collect();
    assert!(
        keys.iter()
            .any(|k| matches!(k, Constraint::PrimaryKey(pk) if pk.column_names == ["ELEVATION"])),
        "{after:?}"
    );

    // Refetching and re-applying changes nothing; dropping the column drops it (and its key).
    table.create_or_alter(&after).await.unwrap();
    assert_eq!(
        described(&env, "PYTHON_API_DB.PYTHON_API_SCHEMA.PYTHON_API_TABLE")
            .await
            .len(),
        3
    );
    let mut smaller = after.clone();
    smaller.columns.truncate(2);
    smaller.constraints.clear();
    table.create_or_alter(&smaller).await.unwrap();
    assert_eq!(table.fetch().await.unwrap().columns.len(), 2);

    table.drop().await.unwrap();
    schema.drop().await.unwrap();
    database.drop().await.unwrap();
    assert!(database.fetch().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn full_definition_round_trip() {
    let (env, public) = with_public_schema("tdef_db").await;
    let tables = public.tables();
    tables
        .create(
            &Table::new("customers")
                .column(TableColumn::new("id", "NUMBER(38,0)").nullable(false))
                .column(TableColumn::new("email", "VARCHAR(200)"))
                .constraint(PrimaryKey::new(["id"]).named("pk_customers"))
                .constraint(UniqueKey::new(["email"])),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let orders = tables
        .create(
            &Table::new("orders")
                .kind(TableKind::Transient)
                .column(
                    TableColumn::new("id", "NUMBER(38,0)")
                        .nullable(false)
                        .comment("order number"),
                )
                .column(TableColumn::new("customer_id", "NUMBER(38,0)"))
                .column(TableColumn::new("status", "VARCHAR(20)").default("'new'"))
                .column(
                    TableColumn::new("seq", "NUMBER(38,0)")
                        .autoincrement(true)
                        .autoincrement_start(10)
                        .autoincrement_increment(5),
                )
                .constraint(PrimaryKey::new(["id"]))
                .constraint(ForeignKey::new(["customer_id"], "customers", ["id"]))
                .cluster_by(["status"])
                .data_retention_time_in_days(0)
                .comment("all orders"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();

    let fetched = orders.fetch().await.unwrap();
    assert_eq!(fetched.name, "ORDERS");
    assert_eq!(fetched.kind, Some(TableKind::Transient));
    assert_eq!(fetched.comment.as_deref(), Some("all orders"));
    assert_eq!(fetched.cluster_by, ["STATUS"]);
    assert_eq!(fetched.table_type, Some(TableType::Normal));
    assert_eq!(fetched.database_name.as_deref(), Some("TDEF_DB"));
    assert_eq!(fetched.schema_name.as_deref(), Some("PUBLIC"));
    assert!(fetched.created_on.is_some());
    let id = &fetched.columns[0];
    assert_eq!(id.name, "ID");
    assert_eq!(id.datatype, "NUMBER(38,0)");
    assert_eq!(id.nullable, Some(false));
    assert_eq!(id.comment.as_deref(), Some("order number"));
    let seq = &fetched.columns[3];
    assert_eq!(seq.autoincrement, Some(true));
    assert_eq!(
        (seq.autoincrement_start, seq.autoincrement_increment),
        (Some(10), Some(5))
    );
    assert_eq!(fetched.columns[2].default.as_deref(), Some("'new'"));
    let foreign = fetched
        .constraints
        .iter()
        .find_map(|c| match c {
            Constraint::ForeignKey(fk) => Some(fk),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no foreign key in {:?}", fetched.constraints));
    assert_eq!(foreign.column_names, ["CUSTOMER_ID"]);
    assert!(
        foreign.referenced_table_name.ends_with("CUSTOMERS"),
        "{foreign:?}"
    );
    assert_eq!(foreign.referenced_column_names, ["ID"]);
    let customers = tables.get("customers").fetch().await.unwrap();
    assert!(customers.constraints.iter().any(
        |c| matches!(c, Constraint::PrimaryKey(pk) if pk.name.as_deref() == Some("PK_CUSTOMERS"))
    ), "{:?}", customers.constraints);
    assert!(
        customers
            .constraints
            .iter()
            .any(|c| matches!(c, Constraint::UniqueKey(uk) if uk.column_names == ["EMAIL"])),
        "{:?}",
        customers.constraints
    );

    // Rows go in through SQL; the defaults and the sequence apply.
    run(
        &env.conn,
        "insert into tdef_db.public.orders (id, customer_id) values (1, 1), (2, 2)",
    )
    .await;
    let ids = column(
        &env.conn,
        "select seq::varchar || status from tdef_db.public.orders order by id",
        0,
    )
    .await;
    assert_eq!(ids, ["10new", "15new"]);
    assert_eq!(orders.fetch().await.unwrap().rows, Some(2));

    // create_or_alter: comment, a changed column and a new one.
    let mut altered = orders.fetch().await.unwrap();
    altered.comment = Some("orders, altered".into());
    altered.columns[1].comment = Some("who ordered".into());
    altered
        .columns
        .push(TableColumn::new("note", "VARCHAR(100)"));
    orders.create_or_alter(&altered).await.unwrap();
    let again = orders.fetch().await.unwrap();
    assert_eq!(again.comment.as_deref(), Some("orders, altered"));
    assert_eq!(again.columns[1].comment.as_deref(), Some("who ordered"));
    assert_eq!(again.columns.len(), 5);

    // Errors: conflict, missing tables, bad types.
    let conflict = tables
        .create(
            &Table::new("orders").column(TableColumn::new("x", "INT")),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    assert!(tables.get("nope").fetch().await.unwrap_err().is_not_found());
    let bad = tables
        .create(
            &Table::new("bad").column(TableColumn::new("x", "NOT_A_TYPE")),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap_err();
    assert_client_error(&bad);
}

#[tokio::test]
async fn create_as_select_like_and_template() {
    let (env, public) = with_public_schema("tcr_db").await;
    let tables = public.tables();
    run(&env.conn, "create table tcr_db.public.src (a int, b varchar) as select 1, 'x' union all select 2, 'y'").await;

    let copy = tables
        .create_as_select(
            &Table::new("big").cluster_by(["a"]),
            "select a, b from tcr_db.public.src where a > 1",
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let rows = column(&env.conn, "select b from tcr_db.public.big", 0).await;
    assert_eq!(rows, ["y"]);
    let fetched = copy.fetch().await.unwrap();
    assert_eq!(fetched.cluster_by, ["A"]);
    assert_eq!(fetched.columns.len(), 2);

    let typed = tables
        .create_as_select(
            &Table::new("typed")
                .column(TableColumn::new("n", "NUMBER(10,0)"))
                .column(TableColumn::new("s", "VARCHAR(5)")),
            "select a, b from tcr_db.public.src",
            CreateMode::OrReplace,
        )
        .await
        .unwrap();
    let columns = typed.fetch().await.unwrap().columns;
    assert_eq!(
        (columns[0].name.as_str(), columns[0].datatype.as_str()),
        ("N", "NUMBER(10,0)")
    );

    let empty = tables
        .copy_grants(true)
        .create_like("src_shape", "src", CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let shape = empty.fetch().await.unwrap();
    assert_eq!(shape.columns.len(), 2);
    assert_eq!(shape.rows, Some(0));
    assert!(
        column(&env.conn, "select * from tcr_db.public.src_shape", 0)
            .await
            .is_empty()
    );

    // Templates infer columns from staged files; whatever the server offers, the verb reaches
    // it and errors stay typed.
    let template = "select array_agg(object_construct(*)) from table(infer_schema(location => '@tcr_db.public.st', file_format => 'ff'))";
    match tables
        .create_using_template("from_files", template, CreateMode::ErrorIfExists)
        .await
    {
        Ok(table) => assert_eq!(table.fetch().await.unwrap().name, "FROM_FILES"),
        Err(error) => assert!(error.status().is_some(), "{error:?}"),
    }
    let missing_query = tables
        .create_as_select(&Table::new("x"), "", CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(
        matches!(missing_query, CoreError::InvalidArgument(_)),
        "{missing_query:?}"
    );
}

#[tokio::test]
async fn clone_swap_recluster_drop_undrop() {
    let (env, public) = with_public_schema("tcl_db").await;
    let other = public
        .database()
        .schemas()
        .create(&Schema::new("other"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    run(
        &env.conn,
        "create table tcl_db.public.a (x int) as select 1",
    )
    .await;
    run(
        &env.conn,
        "create table tcl_db.public.b (y varchar) as select 'b'",
    )
    .await;
    let tables = public.tables();
    let a = tables.get("a");

    let a_copy = a
        .clone_to(&TableClone::new("a_copy"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(a_copy.fully_qualified_name(), "tcl_db.public.a_copy");
    assert_eq!(
        column(&env.conn, "select x::varchar from tcl_db.public.a_copy", 0).await,
        ["1"]
    );
    let moved = other
        .tables()
        .create_clone(&a, &TableClone::new("a_there"), CreateMode::OrReplace)
        .await
        .unwrap();
    assert_eq!(moved.schema().name(), "other");
    assert_eq!(
        moved.fetch().await.unwrap().schema_name.as_deref(),
        Some("OTHER")
    );
    assert_eq!(
        column(&env.conn, "select x::varchar from tcl_db.other.a_there", 0).await,
        ["1"]
    );
    let at = TableClone::new("a_then").point_of_time(PointOfTime::offset(-30).before());
    match a.clone_to(&at, CreateMode::ErrorIfExists).await {
        Ok(handle) => assert_eq!(handle.fetch().await.unwrap().name, "A_THEN"),
        Err(error) => assert!(
            error.status().is_some() && error.code().is_some(),
            "{error:?}"
        ),
    }

    // Swap: the names trade contents.
    a.swap_with(&tables.get("b"), false).await.unwrap();
    assert_eq!(
        column(&env.conn, "select y from tcl_db.public.a", 0).await,
        ["b"]
    );
    assert_eq!(
        column(&env.conn, "select x::varchar from tcl_db.public.b", 0).await,
        ["1"]
    );
    let missing = tables.get("nope");
    assert!(
        missing
            .swap_with(&a, false)
            .await
            .unwrap_err()
            .is_not_found()
    );
    missing.swap_with(&a, true).await.unwrap();

    // Drop and undrop.
    a.drop().await.unwrap();
    assert!(a.fetch().await.unwrap_err().is_not_found());
    a.undrop().await.unwrap();
    assert_eq!(a.fetch().await.unwrap().name, "A");
    a.drop_if_exists().await.unwrap();
    a.drop_if_exists().await.unwrap();
    assert!(a.drop().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn iter_filters_deep_and_history() {
    let (env, public) = with_public_schema("tit_db").await;
    for name in ["t_a", "t_b", "t_c", "t_d", "zz"] {
        run(
            &env.conn,
            &format!("create table tit_db.public.{name} (x int, y int)"),
        )
        .await;
    }
    let tables = public.tables();
    let shallow = tables.iter().like("t\\_%").send().await.unwrap();
    assert!(shallow.iter().all(|t| t.columns.is_empty()), "{shallow:?}");
    assert_eq!(names_of(&shallow), ["T_A", "T_B", "T_C", "T_D"]);
    let deep = tables.iter().like("t\\_%").deep(true).send().await.unwrap();
    assert!(deep.iter().all(|t| t.columns.len() == 2), "{deep:?}");
    assert_eq!(names(tables.iter().starts_with("Z")).await, ["ZZ"]);
    assert_eq!(
        names(tables.iter().like("t\\_%").limit(2).from_name("T_A")).await,
        ["T_B", "T_C"]
    );
    let paged = streamed(tables.iter().like("t\\_%").page_size(3)).await;
    assert_eq!(paged, ["T_A", "T_B", "T_C", "T_D"]);

    tables.get("t_d").drop().await.unwrap();
    assert_eq!(tables.iter().like("t\\_%").send().await.unwrap().len(), 3);
    assert_one_dropped(tables.iter().like("t_d"), |o| o.dropped_on.is_some()).await;
}

#[tokio::test]
async fn tags_set_get_unset() {
    let (env, public) = with_public_schema("ttag_db").await;
    run(&env.conn, "create table ttag_db.public.t (x int)").await;
    run(&env.conn, "create tag ttag_db.public.sensitivity").await;
    let table = public.tables().get("t");
    let tag = TagReference::new("sensitivity");
    table
        .set_tags(&[TagAssignment::new(tag.clone(), "high")])
        .await
        .unwrap();
    let tags = table.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag.tag_name, "SENSITIVITY");
    assert_eq!(tags[0].tag_value, "high");
    table.unset_tags(&[tag]).await.unwrap();
    assert!(table.get_tags(false).await.unwrap().is_empty());
}

#[tokio::test]
async fn table_settings_round_trip() {
    let (_env, public) = with_public_schema("tset_db").await;
    let table = public
        .tables()
        .create(
            &Table::new("t")
                .column(TableColumn::new("x", "VARCHAR(10)"))
                .change_tracking(true)
                .enable_schema_evolution(true)
                .max_data_extension_time_in_days(7)
                .default_ddl_collation("en-ci"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let fetched = table.fetch().await.unwrap();
    assert_eq!(fetched.change_tracking, Some(true));
    assert_eq!(fetched.enable_schema_evolution, Some(true));
    assert_eq!(fetched.max_data_extension_time_in_days, Some(7));
    assert_eq!(fetched.default_ddl_collation.as_deref(), Some("en-ci"));
}

#[tokio::test]
async fn suspend_and_resume_recluster() {
    let (env, public) = with_public_schema("trc_db").await;
    run(
        &env.conn,
        "create table trc_db.public.a (x int) cluster by (x)",
    )
    .await;
    let (a, missing) = (public.tables().get("a"), public.tables().get("nope"));
    a.suspend_recluster(false).await.unwrap();
    a.resume_recluster(false).await.unwrap();
    assert_eq!(a.fetch().await.unwrap().cluster_by, ["X"]);
    missing.suspend_recluster(true).await.unwrap();
    missing.resume_recluster(true).await.unwrap();
    assert!(
        missing
            .suspend_recluster(false)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        missing
            .resume_recluster(false)
            .await
            .unwrap_err()
            .is_not_found()
    );
}
