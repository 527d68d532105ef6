//! REST API v2 tables, views, stages, roles, users and grants over real HTTP: each call is
//! checked against what SQL sees of the same catalog, and tables also through the generated
//! `snowapi_rest` client.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::rest_support::{Rest, login_reply, names};

const T: &str = "/api/v2/databases/rest_db/schemas/public/tables";

#[tokio::test]
async fn tables_create_fetch_list_alter_and_drop() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    rest.sql("create table rest_db.public.customers (id int primary key, email varchar(100))")
        .await;

    let orders = json!({
        "name": "orders",
        "kind": "TRANSIENT",
        "comment": "all orders",
        "columns": [
            {"name": "id", "datatype": "NUMBER(38,0)", "nullable": false},
            {"name": "customer_id", "datatype": "int"},
            {"name": "code", "datatype": "VARCHAR(10)", "default": "'X'", "comment": "short"},
        ],
        "constraints": [
            {"constraint_type": "PRIMARY KEY", "name": "pk_orders", "column_names": ["id"]},
            {"constraint_type": "UNIQUE", "column_names": ["code"]},
            {"constraint_type": "FOREIGN KEY", "name": "fk_customer",
             "column_names": ["customer_id"], "referenced_table_name": "customers",
             "referenced_column_names": ["id"]},
        ],
        "created_on": null, "rows": null,
    });
    let (status, body) = rest.post(T, orders.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["status"].as_str().unwrap().contains("ORDERS"),
        "{body}"
    );
    let (status, body) = rest.post(T, orders.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_code"], "002002");
    assert!(body["request_id"].is_string());
    let (status, _) = rest
        .post(&format!("{T}?createMode=ifNotExists"), orders.clone())
        .await;
    assert_eq!(status, 200);
    let (status, body) = rest
        .post(&format!("{T}?createMode=sometimes"), orders.clone())
        .await;
    assert_eq!(status, 400, "{body}");

    // SQL sees what REST created.
    let described = rest.sql("describe table rest_db.public.orders").await;
    let shape: Vec<(String, String, String, String)> = described
        .iter()
        .map(|r| {
            let text = |i: usize| r[i].as_str().unwrap_or("NULL").to_owned();
            (text(0), text(1), text(3), text(5))
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("ID".into(), "NUMBER(38,0)".into(), "N".into(), "Y".into()),
            (
                "CUSTOMER_ID".into(),
                "NUMBER(38,0)".into(),
                "Y".into(),
                "N".into()
            ),
            ("CODE".into(), "VARCHAR(10)".into(), "Y".into(), "N".into()),
        ]
    );

    // Fetch: columns and every key.
    let (status, table) = rest.get(&format!("{T}/orders")).await;
    assert_eq!(status, 200, "{table}");
    assert_eq!(table["name"], "ORDERS");
    assert_eq!(table["kind"], "TRANSIENT");
    assert_eq!(table["comment"], "all orders");
    assert_eq!(table["database_name"], "REST_DB");
    assert_eq!(table["schema_name"], "PUBLIC");
    assert_eq!(table["table_type"], "NORMAL");
    assert!(table["created_on"].as_str().unwrap().contains('T'));
    assert_eq!(
        table["columns"][0],
        json!({"name": "ID", "datatype": "NUMBER(38,0)", "nullable": false})
    );
    assert_eq!(table["columns"][2]["default"], "'X'");
    assert_eq!(table["columns"][2]["comment"], "short");
    let constraints = table["constraints"].as_array().unwrap();
    assert!(
        constraints.contains(
            &json!({"constraint_type": "PRIMARY KEY", "name": "PK_ORDERS", "column_names": ["ID"]})
        ),
        "{constraints:?}"
    );
    assert!(
        constraints.contains(&json!({"constraint_type": "UNIQUE", "column_names": ["CODE"]})),
        "{constraints:?}"
    );
    assert!(
        constraints.contains(
            &json!({"constraint_type": "FOREIGN KEY", "name": "FK_CUSTOMER",
        "column_names": ["CUSTOMER_ID"], "referenced_table_name": "CUSTOMERS",
        "referenced_column_names": ["ID"]})
        ),
        "{constraints:?}"
    );

    // A table created with SQL comes back with its keys.
    let (status, customers) = rest.get(&format!("{T}/customers")).await;
    assert_eq!(status, 200);
    assert_eq!(
        customers["constraints"],
        json!([{"constraint_type": "PRIMARY KEY", "column_names": ["ID"]}])
    );

    // Listing filters; deep adds the columns.
    let (_, all) = rest.get(T).await;
    assert_eq!(names(&all), ["CUSTOMERS", "ORDERS"]);
    assert!(all[0].get("columns").is_none());
    let (_, like) = rest.get(&format!("{T}?like=ord%25&deep=true")).await;
    assert_eq!(names(&like), ["ORDERS"]);
    assert_eq!(like[0]["columns"].as_array().unwrap().len(), 3);
    let (_, starts) = rest.get(&format!("{T}?startsWith=CUS")).await;
    assert_eq!(names(&starts), ["CUSTOMERS"]);
    let (_, limited) = rest.get(&format!("{T}?showLimit=1&fromName=D")).await;
    assert_eq!(names(&limited), ["ORDERS"]);
    let (status, _) = rest.get(&format!("{T}?showLimit=0")).await;
    assert_eq!(status, 400);

    // create_or_alter: a new column and a primary key on it, visible to DESCRIBE TABLE.
    let mut altered = customers.clone();
    altered["columns"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "region", "datatype": "varchar(20)", "nullable": false}));
    altered["constraints"] = json!([{"constraint_type": "UNIQUE", "column_names": ["region"]}]);
    altered["comment"] = json!("people");
    let (status, body) = rest.put(&format!("{T}/customers"), altered).await;
    assert_eq!(status, 200, "{body}");
    let described = rest.sql("describe table rest_db.public.customers").await;
    let region = described
        .iter()
        .find(|r| r[0] == "REGION")
        .expect("REGION column");
    assert_eq!(region[1], "VARCHAR(20)");
    assert_eq!(region[3], "N");
    assert_eq!(region[6], "Y", "unique key on REGION: {region:?}");
    let id = described.iter().find(|r| r[0] == "ID").unwrap();
    assert_eq!(
        id[5], "N",
        "the primary key left out of the body is dropped"
    );
    let (_, customers) = rest.get(&format!("{T}/customers")).await;
    assert_eq!(customers["comment"], "people");
    assert_eq!(
        customers["constraints"],
        json!([{"constraint_type": "UNIQUE", "column_names": ["REGION"]}])
    );

    // PUT of a missing table creates it, with column-level keys.
    let (status, body) = rest
        .put(
            &format!("{T}/events"),
            json!({"name": "events", "columns": [
                {"name": "id", "datatype": "int", "constraints": [{"constraint_type": "PRIMARY KEY"}]}
            ]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, events) = rest.get(&format!("{T}/events")).await;
    assert_eq!(
        events["constraints"],
        json!([{"constraint_type": "PRIMARY KEY", "column_names": ["ID"]}])
    );

    // Drop, 404, ifExists, undrop.
    let (status, _) = rest.delete(&format!("{T}/events")).await;
    assert_eq!(status, 200);
    let (status, body) = rest.get(&format!("{T}/events")).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["code"], "002003");
    let (status, _) = rest.delete(&format!("{T}/events")).await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete(&format!("{T}/events?ifExists=true")).await;
    assert_eq!(status, 200);
    let (_, history) = rest.get(&format!("{T}?history=true&like=events")).await;
    assert_eq!(names(&history), ["EVENTS"]);
    assert!(history[0]["dropped_on"].is_string(), "{history}");
    let (status, body) = rest.post(&format!("{T}/events:undrop"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rest.get(&format!("{T}/events")).await;
    assert_eq!(status, 200);

    // Missing database or schema: 404.
    let (status, _) = rest
        .get("/api/v2/databases/nope/schemas/public/tables")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn tables_clone_swap_as_select_and_bad_input() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    rest.sql("create table rest_db.public.src (a int, b varchar)")
        .await;
    rest.sql("insert into rest_db.public.src values (1, 'x'), (2, 'y')")
        .await;
    rest.sql("create table rest_db.public.other (z int)").await;

    let (status, body) = rest
        .post(&format!("{T}/src:clone"), json!({"name": "copy"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rest.column("select count(*) from rest_db.public.copy", 0)
            .await,
        ["2"]
    );
    let (status, _) = rest
        .post(&format!("{T}/src:clone"), json!({"name": "copy"}))
        .await;
    assert_eq!(status, 409);
    let (status, _) = rest
        .post(
            &format!("{T}/src:clone?createMode=orReplace"),
            json!({"name": "copy"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = rest
        .post(&format!("{T}/src:create-like"), json!({"name": "shape"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        rest.column("select count(*) from rest_db.public.shape", 0)
            .await,
        ["0"]
    );

    let (status, body) = rest
        .post(&format!("{T}/src:swap-with?targetName=other"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, src) = rest.get(&format!("{T}/src")).await;
    assert_eq!(src["columns"][0]["name"], "Z", "swapped: {src}");
    assert_eq!(
        rest.column("select a from rest_db.public.other order by a", 0)
            .await,
        ["1", "2"]
    );
    let (status, _) = rest.post(&format!("{T}/src:swap-with"), json!({})).await;
    assert_eq!(status, 400);

    let (status, body) = rest
        .post(
            "/api/v2/databases/rest_db/schemas/public/tables:as-select?query=select%20a%20from%20rest_db.public.other",
            json!({"name": "picked"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rest.column("select a from rest_db.public.picked order by a", 0)
            .await,
        ["1", "2"]
    );

    // Bad input: a 4xx with a message, never a 500.
    let cases = [
        (json!({"columns": []}), "name"),
        (json!({"name": "t", "columns": [{"name": "a"}]}), "datatype"),
        (
            json!({"name": "t", "columns": [{"name": "a", "datatype": "int); drop table src; --"}]}),
            "data type",
        ),
        (json!({"name": "t", "columns": []}), "column"),
        (
            json!({"name": "t", "kind": "forever", "columns": [{"name": "a", "datatype": "int"}]}),
            "kind",
        ),
        (
            json!({"name": "t", "columns": [{"name": "a", "datatype": "int"}],
                "constraints": [{"constraint_type": "CHECK", "column_names": ["a"]}]}),
            "constraint_type",
        ),
        (json!({"name": 5}), "invalid type"),
    ];
    for (body, needle) in cases {
        let (status, reply) = rest.post(T, body.clone()).await;
        assert_eq!(status, 400, "{body}: {reply}");
        let message = reply["message"].as_str().unwrap();
        assert!(message.contains(needle), "{body}: {message}");
    }
    let response = reqwest::Client::new()
        .post(format!("{}{T}", rest.emulator.url()))
        .header(
            "Authorization",
            format!("Snowflake Token=\"{}\"", rest.token),
        )
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let (status, _) = rest.post(&format!("{T}/src:explode"), json!({})).await;
    assert_eq!(status, 400);
    // The smuggling attempt dropped nothing: SRC still answers.
    assert_eq!(rest.sql("select * from rest_db.public.src").await.len(), 0);
}

#[tokio::test]
async fn odd_table_names_round_trip() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    for name in ["my table", "\"lower\"", "thé \"quoted\""] {
        let (status, body) = rest
            .post(
                T,
                json!({"name": name, "columns": [{"name": "the col", "datatype": "int"}]}),
            )
            .await;
        assert_eq!(status, 200, "{name}: {body}");
        let path = format!("{T}/{}", urlencoding(name));
        let (status, table) = rest.get(&path).await;
        assert_eq!(status, 200, "{name}: {table}");
        assert_eq!(table["columns"][0]["name"], "the col");
        let (status, _) = rest.delete(&path).await;
        assert_eq!(status, 200, "{name}");
    }
    let (_, left) = rest.get(T).await;
    assert_eq!(left, json!([]));
}

/// Percent-encodes a path segment.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn tables_through_the_generated_client() {
    use snowapi_auth::StaticTokenProvider;
    use snowapi_rest::{RestClient, table};

    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    let client = RestClient::builder(rest.emulator.url())
        .token_provider(Arc::new(StaticTokenProvider::session(rest.token.clone())))
        .build()
        .unwrap();
    let api: table::Client = client.api();
    let id = |s: &str| table::types::Identifier::from(s.to_owned());
    let (db, schema) = (id("rest_db"), id("public"));
    let body: table::types::Table = serde_json::from_value(json!({
        "name": "items",
        "columns": [
            {"name": "sku", "datatype": "varchar(20)", "nullable": false},
            {"name": "qty", "datatype": "int"}
        ],
        "constraints": [{"constraint_type": "PRIMARY KEY", "column_names": ["sku"]}]
    }))
    .unwrap();
    api.create_table(&db, &schema, None, None, &body)
        .await
        .unwrap();

    let fetched = api
        .fetch_table(&db, &schema, &id("items"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched.name.as_str(), "ITEMS");
    assert_eq!(fetched.columns.len(), 2);
    assert_eq!(fetched.columns[0].datatype, "VARCHAR(20)");
    assert_eq!(fetched.columns[0].nullable, Some(false));
    assert!(matches!(
        &fetched.constraints[..],
        [table::types::Constraint::PrimaryKey(pk)] if pk.column_names == ["SKU"]
    ));

    // Fetch, add a column, send it all back.
    let mut changed = fetched.clone();
    let price: table::types::TableColumn =
        serde_json::from_value(json!({"name": "price", "datatype": "number(10,2)"})).unwrap();
    changed.columns.push(price);
    api.create_or_alter_table(&db, &schema, &id("items"), &changed)
        .await
        .unwrap();
    let described = rest.column("describe table rest_db.public.items", 1).await;
    assert_eq!(described, ["VARCHAR(20)", "NUMBER(38,0)", "NUMBER(10,2)"]);

    let listed = api
        .list_tables(
            &db,
            &schema,
            Some(true),
            None,
            None,
            Some("it%"),
            None,
            None,
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].columns.len(), 3);

    api.delete_table(&db, &schema, &id("items"), None)
        .await
        .unwrap();
    let missing = api.fetch_table(&db, &schema, &id("items")).await;
    match missing {
        Err(snowapi_rest::table::Error::ErrorResponse(reply)) => {
            assert_eq!(reply.status().as_u16(), 404);
            assert_eq!(reply.code.as_deref(), Some("002003"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

const V: &str = "/api/v2/databases/rest_db/schemas/public/views";
const S: &str = "/api/v2/databases/rest_db/schemas/public/stages";

#[tokio::test]
async fn views_create_list_fetch_and_drop() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    rest.sql("create table rest_db.public.people (id int, name varchar(30))")
        .await;
    rest.sql("insert into rest_db.public.people values (1, 'ann'), (2, 'bob')")
        .await;

    let view = json!({
        "name": "named",
        "columns": [{"name": "pid"}, {"name": "pname", "comment": "who"}],
        "query": "select id, name from rest_db.public.people where id > 1",
        "comment": "filtered",
        "secure": false,
    });
    let (status, body) = rest.post(V, view.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rest.post(V, view.clone()).await;
    assert_eq!(status, 409);
    let (status, _) = rest.post(&format!("{V}?createMode=orReplace"), view).await;
    assert_eq!(status, 200);
    assert_eq!(
        rest.column("select pname from rest_db.public.named", 0)
            .await,
        ["bob"]
    );

    let (status, fetched) = rest.get(&format!("{V}/named")).await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["name"], "NAMED");
    assert_eq!(fetched["comment"], "filtered");
    assert_eq!(fetched["kind"], "PERMANENT");
    assert_eq!(fetched["secure"], false);
    // The engine keeps the statement as its parser prints it (keywords upper-cased).
    assert!(
        fetched["query"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case("select id, name from rest_db.public.people where id > 1"),
        "{fetched}"
    );
    assert_eq!(fetched["columns"][0]["name"], "PID");
    assert_eq!(fetched["columns"][0]["datatype"], "NUMBER(38,0)");
    assert_eq!(fetched["columns"][1]["name"], "PNAME");
    assert_eq!(fetched["columns"][1]["comment"], "who");

    rest.sql("create view rest_db.public.all_people as select * from rest_db.public.people")
        .await;
    let (_, listed) = rest.get(V).await;
    assert_eq!(names(&listed), ["ALL_PEOPLE", "NAMED"]);
    assert_eq!(listed[0]["columns"], json!([]));
    let (_, deep) = rest.get(&format!("{V}?like=all%25&deep=true")).await;
    assert_eq!(names(&deep), ["ALL_PEOPLE"]);
    assert_eq!(deep[0]["columns"].as_array().unwrap().len(), 2);

    // A view body needs its query and columns; a bad query is a 400.
    let (status, body) = rest.post(V, json!({"name": "v2", "columns": []})).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = rest
        .post(
            V,
            json!({"name": "v2", "columns": [], "query": "select nope from nowhere"}),
        )
        .await;
    assert!(status == 400 || status == 404, "{status}: {body}");

    let (status, _) = rest.delete(&format!("{V}/named")).await;
    assert_eq!(status, 200);
    let (status, body) = rest.get(&format!("{V}/named")).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = rest.delete(&format!("{V}/named")).await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete(&format!("{V}/named?ifExists=true")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn stages_create_list_fetch_and_drop() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;

    let (status, body) = rest
        .post(
            S,
            json!({"name": "landing", "comment": "raw files",
                   "directory_table": {"enable": true, "refresh_on_create": false}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = rest
        .post(
            S,
            json!({"name": "ext", "url": "s3://bucket/path/",
                   "credentials": {"credential_type": "AWS", "aws_key_id": "AKIA-SECRET-ID",
                                   "aws_secret_key": "very-secret"},
                   "encryption": {"type": "AWS_SSE_KMS", "kms_key_id": "key-1"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rest.post(S, json!({"name": "landing"})).await;
    assert_eq!(status, 409);
    let (status, _) = rest
        .post(
            &format!("{S}?createMode=ifNotExists"),
            json!({"name": "landing"}),
        )
        .await;
    assert_eq!(status, 200);

    let (status, landing) = rest.get(&format!("{S}/landing")).await;
    assert_eq!(status, 200, "{landing}");
    assert_eq!(landing["name"], "LANDING");
    assert_eq!(landing["kind"], "PERMANENT");
    assert_eq!(landing["comment"], "raw files");
    assert_eq!(landing["url"], Value::Null);
    assert_eq!(landing["directory_table"]["enable"], true);
    assert_eq!(landing["has_credentials"], false);

    let (status, ext) = rest.get(&format!("{S}/ext")).await;
    assert_eq!(status, 200);
    assert_eq!(ext["url"], "s3://bucket/path/");
    assert_eq!(ext["cloud"], "AWS");
    assert_eq!(ext["has_credentials"], true);
    assert_eq!(ext["has_encryption_key"], true);
    let text = ext.to_string();
    assert!(
        !text.contains("very-secret") && !text.contains("AKIA-SECRET-ID"),
        "{text}"
    );

    let (_, listed) = rest.get(S).await;
    assert_eq!(names(&listed), ["EXT", "LANDING"]);
    let (_, like) = rest.get(&format!("{S}?like=land%25")).await;
    assert_eq!(names(&like), ["LANDING"]);
    assert_eq!(
        rest.column("show stages in schema rest_db.public", 1).await,
        ["EXT", "LANDING"]
    );
    let (status, files) = rest.get(&format!("{S}/landing/files")).await;
    assert_eq!((status, files), (StatusCode::OK, json!([])));

    let (status, body) = rest
        .post(S, json!({"name": "bad", "url": "ftp://host/"}))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = rest
        .post(
            S,
            json!({"name": "bad", "credentials": {"aws_password": "x"}}),
        )
        .await;
    assert_eq!(status, 400, "{body}");

    let (status, _) = rest.delete(&format!("{S}/landing")).await;
    assert_eq!(status, 200);
    let (status, _) = rest.get(&format!("{S}/landing")).await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete(&format!("{S}/landing")).await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete(&format!("{S}/landing?ifExists=true")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn roles_and_their_grants() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    rest.sql("create table rest_db.public.t (id int)").await;

    let (status, body) = rest
        .post(
            "/api/v2/roles",
            json!({"name": "analyst", "comment": "reads"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rest.post("/api/v2/roles", json!({"name": "analyst"})).await;
    assert_eq!(status, 409);
    let (status, _) = rest
        .post(
            "/api/v2/roles?createMode=ifNotExists",
            json!({"name": "analyst"}),
        )
        .await;
    assert_eq!(status, 200);
    rest.post("/api/v2/roles", json!({"name": "loader"})).await;

    let (_, listed) = rest.get("/api/v2/roles?like=ana%25").await;
    assert_eq!(names(&listed), ["ANALYST"]);
    assert_eq!(listed[0]["comment"], "reads");
    assert_eq!(listed[0]["is_current"], false);
    assert!(listed[0]["created_on"].is_string());
    let (_, all) = rest.get("/api/v2/roles").await;
    assert!(names(&all).contains(&"LOADER") && names(&all).contains(&"SYSADMIN"));

    // Privileges on a table, on the account, and a role granted to a role.
    let on_table = json!({
        "securable_type": "TABLE",
        "securable": {"database": "rest_db", "schema": "public", "name": "t"},
        "privileges": ["SELECT", "INSERT"], "grant_option": true
    });
    let (status, body) = rest
        .post("/api/v2/roles/analyst/grants", on_table.clone())
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = rest
        .post(
            "/api/v2/roles/analyst/grants",
            json!({"securable_type": "ACCOUNT", "privileges": ["CREATE DATABASE"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = rest
        .post(
            "/api/v2/roles/analyst/grants",
            json!({"securable_type": "ROLE", "securable": {"name": "loader"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let granted = rest.sql("show grants to role analyst").await;
    let seen: Vec<(String, String)> = granted
        .iter()
        .map(|r| {
            (
                r[1].as_str().unwrap().to_owned(),
                r[3].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        seen.contains(&("SELECT".into(), "REST_DB.PUBLIC.T".into())),
        "{seen:?}"
    );
    assert!(seen.iter().any(|(p, _)| p == "CREATE DATABASE"), "{seen:?}");
    assert!(
        seen.iter().any(|(p, n)| p == "USAGE" && n == "LOADER"),
        "{seen:?}"
    );

    let (status, grants) = rest.get("/api/v2/roles/analyst/grants").await;
    assert_eq!(status, 200, "{grants}");
    let select = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["privileges"] == json!(["SELECT"]))
        .expect("SELECT grant");
    assert_eq!(select["securable_type"], "TABLE");
    assert_eq!(
        select["securable"],
        json!({"database": "REST_DB", "schema": "PUBLIC", "name": "T"})
    );
    assert_eq!(select["grant_option"], true);
    let (_, one) = rest.get("/api/v2/roles/analyst/grants?showLimit=1").await;
    assert_eq!(one.as_array().unwrap().len(), 1);

    let (_, of) = rest.get("/api/v2/roles/loader/grants-of").await;
    assert_eq!(of[0]["role"], "LOADER");
    assert_eq!(of[0]["grantee_name"], "ANALYST");
    let (status, on) = rest.get("/api/v2/roles/loader/grants-on").await;
    assert_eq!(status, 200, "{on}");
    assert!(
        on.as_array()
            .unwrap()
            .iter()
            .any(|g| g["privilege"] == "OWNERSHIP"),
        "{on}"
    );

    // Revoke the grant option, then the privilege.
    let (status, body) = rest
        .post("/api/v2/roles/analyst/grants:revoke", on_table.clone())
        .await;
    assert_eq!(status, 200, "{body}");
    let mut plain = on_table.clone();
    plain["grant_option"] = json!(false);
    plain["privileges"] = json!(["SELECT"]);
    let (status, body) = rest
        .post("/api/v2/roles/analyst/grants:revoke?mode=cascade", plain)
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, grants) = rest.get("/api/v2/roles/analyst/grants").await;
    let insert = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["privileges"] == json!(["INSERT"]))
        .expect("INSERT still granted");
    assert_eq!(insert["grant_option"], false);
    assert!(
        !grants
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["privileges"] == json!(["SELECT"]))
    );

    // Future grants.
    let future = json!({"securable_type": "TABLE",
                        "containing_scope": {"database": "rest_db", "schema": "public"},
                        "privileges": ["SELECT"]});
    let (status, body) = rest
        .post("/api/v2/roles/analyst/future-grants", future.clone())
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, futures) = rest.get("/api/v2/roles/analyst/future-grants").await;
    assert_eq!(futures[0]["securable_type"], "TABLE");
    assert_eq!(
        futures[0]["containing_scope"],
        json!({"database": "REST_DB", "schema": "PUBLIC"})
    );
    assert_eq!(futures[0]["privileges"], json!(["SELECT"]));
    let (status, _) = rest
        .post("/api/v2/roles/analyst/future-grants:revoke", future)
        .await;
    assert_eq!(status, 200);
    let (_, futures) = rest.get("/api/v2/roles/analyst/future-grants").await;
    assert_eq!(futures, json!([]));

    // Errors.
    let (status, _) = rest.get("/api/v2/roles/nobody/grants").await;
    assert_eq!(status, 404);
    let (status, body) = rest
        .post(
            "/api/v2/roles/analyst/grants",
            json!({"securable_type": "TABLE; DROP", "privileges": ["SELECT"]}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = rest
        .post(
            "/api/v2/roles/analyst/grants:revoke?mode=sometimes",
            on_table,
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = rest
        .post("/api/v2/roles", json!({"comment": "no name"}))
        .await;
    assert_eq!(status, 400);

    let (status, _) = rest.delete("/api/v2/roles/loader").await;
    assert_eq!(status, 200);
    let (status, _) = rest.delete("/api/v2/roles/loader").await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete("/api/v2/roles/loader?ifExists=true").await;
    assert_eq!(status, 200);
    assert!(
        !rest
            .column("show roles", 1)
            .await
            .contains(&"LOADER".to_owned())
    );
}

#[tokio::test]
async fn users_lifecycle_never_returns_passwords() {
    let rest = Rest::start().await;
    rest.sql("create role analyst").await;

    let ann = json!({
        "name": "ann", "password": "Sup3r-Secret!", "login_name": "ann@example.com",
        "display_name": "Ann", "first_name": "Ann", "middle_name": "Q", "email": "ann@example.com",
        "must_change_password": true, "default_role": "analyst", "days_to_expiry": 30,
        "default_secondary_roles": "ALL", "comment": "first user"
    });
    let (status, body) = rest.post("/api/v2/users", ann.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rest.post("/api/v2/users", ann.clone()).await;
    assert_eq!(status, 409);

    // The new user can log in with the password sent.
    let login = login_reply(&rest.emulator, "ann@example.com", "Sup3r-Secret!").await;
    assert_eq!(login["success"], true, "{login}");

    let (status, user) = rest.get("/api/v2/users/ann").await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["name"], "ANN");
    assert_eq!(user["login_name"], "ANN@EXAMPLE.COM");
    assert_eq!(user["display_name"], "Ann");
    assert_eq!(user["middle_name"], "Q");
    assert_eq!(user["email"], "ann@example.com");
    assert_eq!(user["must_change_password"], true);
    assert_eq!(user["disabled"], false);
    assert_eq!(user["has_password"], true);
    assert_eq!(user["days_to_expiry"], 30);
    assert_eq!(user["comment"], "first user");
    assert!(user.get("password").is_none());
    assert!(!user.to_string().contains("Sup3r-Secret!"));

    let (_, listed) = rest.get("/api/v2/users?like=an%25").await;
    assert_eq!(names(&listed), ["ANN"]);
    assert!(!listed.to_string().contains("Sup3r-Secret!"));

    // PUT: the given properties set, the others unset, the password kept.
    let mut changed = user.clone();
    changed["display_name"] = json!("Annie");
    changed["disabled"] = json!(true);
    changed.as_object_mut().unwrap().remove("comment");
    changed.as_object_mut().unwrap().remove("middle_name");
    let (status, body) = rest.put("/api/v2/users/ann", changed).await;
    assert_eq!(status, 200, "{body}");
    let (_, user) = rest.get("/api/v2/users/ann").await;
    assert_eq!(user["display_name"], "Annie");
    assert_eq!(user["disabled"], true);
    assert!(user.get("comment").is_none(), "{user}");
    assert!(user.get("middle_name").is_none(), "{user}");
    assert_eq!(user["has_password"], true);

    // PUT of a missing user creates it.
    let (status, body) = rest
        .put(
            "/api/v2/users/bob",
            json!({"name": "bob", "type": "SERVICE"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        rest.column("show users", 0)
            .await
            .contains(&"BOB".to_owned())
    );
    let (status, _) = rest.put("/api/v2/users/bob", json!({"name": "carl"})).await;
    assert_eq!(status, 400);

    // Roles granted to a user.
    let role = json!({"securable_type": "ROLE", "securable": {"name": "analyst"}});
    let (status, body) = rest.post("/api/v2/users/ann/grants", role.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (_, grants) = rest.get("/api/v2/users/ann/grants").await;
    assert_eq!(grants[0]["securable_type"], "ROLE");
    assert_eq!(grants[0]["securable"]["name"], "ANALYST");
    let (status, _) = rest.post("/api/v2/users/ann/grants:revoke", role).await;
    assert_eq!(status, 200);
    let (_, grants) = rest.get("/api/v2/users/ann/grants").await;
    assert_eq!(grants, json!([]));

    // Bad input and missing users.
    let (status, body) = rest
        .post("/api/v2/users", json!({"name": "x", "disabled": "maybe"}))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = rest.get("/api/v2/users/nobody").await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete("/api/v2/users/ann").await;
    assert_eq!(status, 200);
    let (status, _) = rest.delete("/api/v2/users/ann").await;
    assert_eq!(status, 404);
    let (status, _) = rest.delete("/api/v2/users/ann?ifExists=true").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn deprecated_grants_api() {
    let rest = Rest::start().await;
    rest.sql("create database rest_db").await;
    rest.sql("create table rest_db.public.t (id int)").await;
    rest.sql("create role etl").await;

    let (status, body) = rest
        .post(
            "/api/v2/grants/role/etl/table/rest_db.public.t/privileges",
            json!({"privileges": ["SELECT", "UPDATE"], "grant_option": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, list) = rest.get("/api/v2/grants/role/etl").await;
    assert_eq!(status, 200, "{list}");
    let select = list
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["privileges"] == json!(["SELECT"]))
        .expect("SELECT");
    assert_eq!(select["securable_type"], "TABLE");
    assert_eq!(select["securable_name"], "REST_DB.PUBLIC.T");
    assert_eq!(select["grantee_name"], "ETL");
    assert_eq!(select["grant_option"], true);

    let (status, body) = rest
        .delete("/api/v2/grants/role/etl/table/rest_db.public.t/privileges/update/grant-option")
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rest
        .delete("/api/v2/grants/role/etl/table/rest_db.public.t/privileges/select")
        .await;
    assert_eq!(status, 200);
    let (_, list) = rest.get("/api/v2/grants/role/etl").await;
    let privileges: Vec<(&str, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["privileges"][0].as_str().unwrap(),
                g["grant_option"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(privileges, [("UPDATE", false)]);

    let (status, body) = rest
        .post(
            "/api/v2/grants/role/etl/future/tables/schema/rest_db.public/privileges",
            json!({"privileges": ["SELECT"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rest.column("show future grants to role etl", 1).await,
        ["SELECT"]
    );
    let (status, _) = rest
        .delete("/api/v2/grants/role/etl/future/tables/schema/rest_db.public/privileges/select")
        .await;
    assert_eq!(status, 200);
    assert!(rest.sql("show future grants to role etl").await.is_empty());

    let (status, _) = rest.get("/api/v2/grants/share/s1").await;
    assert_eq!(status, 501);
    let (status, _) = rest.get("/api/v2/grants/robot/r1").await;
    assert_eq!(status, 400);
    let (status, _) = rest.get("/api/v2/grants/role/nobody").await;
    assert_eq!(status, 404);
}
