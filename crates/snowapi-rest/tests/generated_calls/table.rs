//! Requests of the `table` API.

use serde_json::json;
use snowapi_rest::table::{Client, types};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter_decodes_deep_details() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{
            "name": "ORDERS", "kind": "TRANSIENT", "table_type": "NORMAL", "rows": 1200,
            "bytes": 65536, "owner": "SYSADMIN", "database_name": "SALES", "schema_name": "PUBLIC",
            "created_on": "2024-06-18T01:01:01.111-07:00", "dropped_on": null,
            "columns": [
                {"name": "ID", "datatype": "NUMBER(38,0)", "nullable": false},
                {"name": "CUSTOMER_ID", "datatype": "NUMBER(38,0)", "nullable": true}
            ],
            "constraints": [
                {"constraint_type": "UNIQUE", "name": "UQ_ORDERS", "column_names": ["ID"]},
                {"constraint_type": "FOREIGN KEY", "name": "FK_CUSTOMER",
                 "column_names": ["CUSTOMER_ID"], "referenced_table_name": "CUSTOMERS",
                 "referenced_column_names": ["ID"]}
            ]
        }]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(20).unwrap();
    let listed = client
        .list_tables(
            &id("sales"),
            &id("public"),
            Some(true),
            Some("ORDERS"),
            Some(false),
            Some("ord%"),
            Some(limit),
            Some("OR"),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    let table = &listed[0];
    assert_eq!(table.name.as_str(), "ORDERS");
    assert_eq!(table.kind.as_deref().map(String::as_str), Some("TRANSIENT"));
    assert_eq!(table.table_type, Some(types::TableType::Normal));
    assert_eq!(table.rows, Some(1200));
    assert_eq!(table.columns[0].name, "ID");
    assert_eq!(table.columns[0].nullable, Some(false));
    assert_eq!(table.columns[1].datatype, "NUMBER(38,0)");
    match &table.constraints[..] {
        [
            types::Constraint::UniqueKey(unique),
            types::Constraint::ForeignKey(foreign),
        ] => {
            assert_eq!(unique.column_names, ["ID"]);
            assert_eq!(foreign.referenced_table_name, "CUSTOMERS");
            assert_eq!(foreign.referenced_column_names, ["ID"]);
        }
        other => panic!("constraints decoded as {other:?}"),
    }
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/public/tables",
        Some("deep=true&fromName=ORDERS&history=false&like=ord%25&showLimit=20&startsWith=OR"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_create_mode_and_copy_grants() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Table = serde_json::from_value(json!({
        "name": "orders", "kind": "TRANSIENT", "comment": "raw orders",
        "cluster_by": ["order_date"], "change_tracking": true,
        "columns": [
            {"name": "id", "datatype": "NUMBER(38,0)", "nullable": false,
             "autoincrement": true, "autoincrement_start": 1, "autoincrement_increment": 1},
            {"name": "order_date", "datatype": "DATE", "default": "CURRENT_DATE()"}
        ]
    }))
    .unwrap();
    client
        .create_table(
            &id("sales"),
            &id("public"),
            Some(true),
            Some(types::CreateMode::OrReplace),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/tables",
        Some("copyGrants=true&createMode=orReplace"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({
            "name": "orders", "kind": "TRANSIENT", "comment": "raw orders",
            "cluster_by": ["order_date"], "change_tracking": true,
            "columns": [
                {"name": "id", "datatype": "NUMBER(38,0)", "nullable": false,
                 "autoincrement": true, "autoincrement_start": 1, "autoincrement_increment": 1},
                {"name": "order_date", "datatype": "DATE", "default": "CURRENT_DATE()"}
            ]
        })
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_table(&id("sales"), &id("public"), &id("orders"), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line(
        "DELETE",
        "/api/v2/databases/sales/schemas/public/tables/orders",
        Some("ifExists=true"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn constraints_serialise_with_their_constraint_type_tag() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let mut body: types::Table = serde_json::from_value(json!({
        "name": "orders",
        "columns": [
            {"name": "id", "datatype": "NUMBER(38,0)",
             "constraints": [{"constraint_type": "PRIMARY KEY", "name": "PK_ORDERS",
                              "column_names": ["id"]}]},
            {"name": "customer_id", "datatype": "NUMBER(38,0)"}
        ]
    }))
    .unwrap();
    assert!(matches!(
        body.columns[0].constraints[..],
        [types::Constraint::PrimaryKey(_)]
    ));
    // A table-level foreign key built from the Rust types, not from JSON.
    body.constraints.push(
        types::ForeignKey {
            constraint_type: types::ForeignKeyConstraintType::ForeignKey,
            name: Some("FK_CUSTOMER".to_owned()),
            column_names: vec!["customer_id".to_owned()],
            referenced_table_name: "customers".to_owned(),
            referenced_column_names: vec!["id".to_owned()],
        }
        .into(),
    );
    client
        .create_table(
            &id("sales"),
            &id("public"),
            None,
            Some(types::CreateMode::IfNotExists),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/tables",
        Some("createMode=ifNotExists"),
    );
    assert_eq!(
        request.json(),
        json!({
            "name": "orders",
            "columns": [
                {"name": "id", "datatype": "NUMBER(38,0)",
                 "constraints": [{"constraint_type": "PRIMARY KEY", "name": "PK_ORDERS",
                                  "column_names": ["id"]}]},
                {"name": "customer_id", "datatype": "NUMBER(38,0)"}
            ],
            "constraints": [
                {"constraint_type": "FOREIGN KEY", "name": "FK_CUSTOMER",
                 "column_names": ["customer_id"], "referenced_table_name": "customers",
                 "referenced_column_names": ["id"]}
            ]
        })
    );
}

#[tokio::test]
async fn create_or_alter_puts_the_fetched_table_with_an_added_column() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"name": "ORDERS", "comment": "raw orders",
        "columns": [{"name": "ID", "datatype": "NUMBER(38,0)", "nullable": false}]}),
    );
    server.respond(200, ok());
    let client: Client = server.client().api();
    let mut table = client
        .fetch_table(&id("sales"), &id("public"), &id("orders"))
        .await
        .unwrap()
        .into_inner();
    table.columns.push(
        serde_json::from_value(json!({"name": "NOTE", "datatype": "VARCHAR(200)",
            "comment": "free text"}))
        .unwrap(),
    );
    client
        .create_or_alter_table(&id("sales"), &id("public"), &id("orders"), &table)
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/public/tables/orders",
        None,
    );
    requests[1].assert_line(
        "PUT",
        "/api/v2/databases/sales/schemas/public/tables/orders",
        None,
    );
    assert_eq!(
        requests[1].json(),
        json!({"name": "ORDERS", "comment": "raw orders",
               "columns": [{"name": "ID", "datatype": "NUMBER(38,0)", "nullable": false},
                           {"name": "NOTE", "datatype": "VARCHAR(200)",
                            "comment": "free text"}]})
    );
}

#[tokio::test]
async fn swap_with_names_the_target_in_the_query() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .swap_with_table(
            &id("sales"),
            &id("public"),
            &id("orders"),
            Some(false),
            Some(&id("archive")),
            &id("orders_v2"),
            Some(&id("staging")),
        )
        .await
        .unwrap();
    client
        .swap_with_table(
            &id("sales"),
            &id("public"),
            &id("orders"),
            None,
            None,
            &id("orders_v2"),
            None,
        )
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/tables/orders:swap-with",
        Some("ifExists=false&targetDatabase=archive&targetName=orders_v2&targetSchema=staging"),
    );
    assert!(requests[0].body.is_empty());
    requests[1].assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/tables/orders:swap-with",
        Some("targetName=orders_v2"),
    );
}

#[tokio::test]
async fn clone_elsewhere_before_a_statement() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::TableClone = serde_json::from_value(json!({
        "name": "orders_copy",
        "point_of_time": {"point_of_time_type": "statement", "statement": "01b2c3d4-0000-0001",
                          "reference": "before"}
    }))
    .unwrap();
    assert!(matches!(
        body.point_of_time,
        Some(types::PointOfTime::Statement(_))
    ));
    client
        .clone_table(
            &id("sales"),
            &id("public"),
            &id("orders"),
            Some(true),
            Some(types::CreateMode::IfNotExists),
            Some(&id("archive")),
            Some(&id("backup")),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/tables/orders:clone",
        Some("copyGrants=true&createMode=ifNotExists&targetDatabase=archive&targetSchema=backup"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "orders_copy",
               "point_of_time": {"point_of_time_type": "statement",
                                 "statement": "01b2c3d4-0000-0001", "reference": "before"}})
    );
}

#[tokio::test]
async fn as_select_sends_the_query_form_encoded() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::TableAsSelect =
        serde_json::from_value(json!({"name": "big_orders", "cluster_by": ["id"]})).unwrap();
    client
        .create_table_as_select(
            &id("sales"),
            &id("public"),
            None,
            Some(types::CreateMode::OrReplace),
            "SELECT * FROM orders WHERE amount > 10",
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/public/tables:as-select",
        Some("createMode=orReplace&query=SELECT+*+FROM+orders+WHERE+amount+%3E+10"),
    );
    assert_eq!(
        request.json(),
        json!({"name": "big_orders", "cluster_by": ["id"]})
    );
}
