//! Table settings (change tracking, schema evolution, collation, extension days), Automatic
//! Clustering suspend/resume and view column comments: set over REST or SQL, read back over
//! both, and kept in a data directory across a restart.

use reqwest::StatusCode;
use serde_json::{Value, json};
use snowapi_emulator::{
    catalog::{Name, ObjectPath},
    engine::Engine,
    sql::binds::Binds,
};

use crate::rest_support::Rest;

const T: &str = "/api/v2/databases/ts_db/schemas/public/tables";
const V: &str = "/api/v2/databases/ts_db/schemas/public/views";

/// The SHOW TABLES columns these tests read, for table `name` of `TS_DB.PUBLIC`:
/// automatic_clustering, change_tracking, enable_schema_evolution.
async fn show_flags(rest: &Rest, name: &str) -> Vec<String> {
    rest.sql(&format!("show tables like '{name}' in schema ts_db.public"))
        .await;
    let rows = rest
        .sql(
            "select \"automatic_clustering\", \"change_tracking\", \"enable_schema_evolution\" \
             from table(result_scan(last_query_id()))",
        )
        .await;
    assert_eq!(rows.len(), 1, "{name}: {rows:?}");
    rows[0]
        .iter()
        .map(|v| v.as_str().unwrap_or("NULL").to_owned())
        .collect()
}

async fn start() -> Rest {
    let rest = Rest::start().await;
    rest.sql("create database ts_db").await;
    rest
}

#[tokio::test]
async fn rest_table_settings_are_stored_read_back_and_reset_by_put() {
    let rest = start().await;
    let body = json!({
        "name": "t",
        "columns": [{"name": "x", "datatype": "VARCHAR(10)"}],
        "change_tracking": true,
        "enable_schema_evolution": true,
        "default_ddl_collation": "en-ci",
        "max_data_extension_time_in_days": 7,
        "data_retention_time_in_days": 3,
    });
    let (status, answer) = rest.post(T, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, fetched) = rest.get(&format!("{T}/t")).await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    assert_eq!(fetched["change_tracking"], true);
    assert_eq!(fetched["enable_schema_evolution"], true);
    assert_eq!(fetched["default_ddl_collation"], "en-ci");
    assert_eq!(fetched["max_data_extension_time_in_days"], 7);
    assert_eq!(fetched["data_retention_time_in_days"], 3);
    assert_eq!(show_flags(&rest, "T").await, ["OFF", "ON", "Y"]);

    // PUT without the settings puts them back to their defaults.
    let bare = json!({"name": "t", "columns": [{"name": "x", "datatype": "VARCHAR(10)"}]});
    let (status, answer) = rest.put(&format!("{T}/t"), bare).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, fetched) = rest.get(&format!("{T}/t")).await;
    assert_eq!(fetched["change_tracking"], false);
    assert_eq!(fetched["enable_schema_evolution"], false);
    assert!(fetched.get("default_ddl_collation").is_none(), "{fetched}");
    assert!(fetched.get("max_data_extension_time_in_days").is_none());
    assert_eq!(fetched["data_retention_time_in_days"], 1);
    assert_eq!(show_flags(&rest, "T").await, ["OFF", "OFF", "N"]);

    // PUT with them sets them again; a listing answers them too.
    let (status, answer) = rest.put(&format!("{T}/t"), body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, listed) = rest.get(T).await;
    assert_eq!(listed[0]["change_tracking"], true);
    assert_eq!(listed[0]["max_data_extension_time_in_days"], 7);
    assert_eq!(show_flags(&rest, "T").await, ["OFF", "ON", "Y"]);
}

#[tokio::test]
async fn rest_table_settings_of_the_wrong_type_are_400_naming_the_field() {
    let rest = start().await;
    for (field, value) in [
        ("change_tracking", json!("yes")),
        ("enable_schema_evolution", json!(1)),
        ("default_ddl_collation", json!(false)),
        ("max_data_extension_time_in_days", json!("7")),
        ("data_retention_time_in_days", json!(-1)),
    ] {
        let mut body = json!({"name": "bad", "columns": [{"name": "x", "datatype": "INT"}]});
        body[field] = value;
        let (status, answer) = rest.post(T, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {answer}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains(field), "{field}: {answer}");
        let (status, answer) = rest.put(&format!("{T}/bad"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {answer}");
    }
    let (status, _) = rest.get(&format!("{T}/bad")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sql_table_settings_show_over_rest_and_clone_keeps_them_like_does_not() {
    let rest = start().await;
    rest.sql(
        "create table ts_db.public.s (x int) change_tracking = true \
         enable_schema_evolution = true default_ddl_collation = 'en-ci' \
         max_data_extension_time_in_days = 7",
    )
    .await;
    assert_eq!(show_flags(&rest, "S").await, ["OFF", "ON", "Y"]);
    let (_, fetched) = rest.get(&format!("{T}/s")).await;
    assert_eq!(fetched["default_ddl_collation"], "en-ci");
    assert_eq!(fetched["max_data_extension_time_in_days"], 7);

    rest.sql("create table ts_db.public.s_clone clone ts_db.public.s")
        .await;
    rest.sql("create table ts_db.public.s_like like ts_db.public.s")
        .await;
    let (_, clone) = rest.get(&format!("{T}/s_clone")).await;
    assert_eq!(clone["change_tracking"], true);
    assert_eq!(clone["default_ddl_collation"], "en-ci");
    let (_, like) = rest.get(&format!("{T}/s_like")).await;
    assert_eq!(like["change_tracking"], false);
    assert!(like.get("default_ddl_collation").is_none(), "{like}");

    rest.sql("alter table ts_db.public.s unset change_tracking, default_ddl_collation")
        .await;
    rest.sql("alter table ts_db.public.s set max_data_extension_time_in_days = 9")
        .await;
    let (_, fetched) = rest.get(&format!("{T}/s")).await;
    assert_eq!(fetched["change_tracking"], false);
    assert!(fetched.get("default_ddl_collation").is_none());
    assert_eq!(fetched["max_data_extension_time_in_days"], 9);
    assert_eq!(show_flags(&rest, "S").await, ["OFF", "OFF", "Y"]);
}

#[tokio::test]
async fn recluster_suspend_and_resume_over_rest_and_sql() {
    let rest = start().await;
    rest.sql("create table ts_db.public.c (x int, y int) cluster by (x)")
        .await;
    rest.sql("create table ts_db.public.plain (x int)").await;
    assert_eq!(show_flags(&rest, "C").await[0], "ON");
    assert_eq!(show_flags(&rest, "PLAIN").await[0], "OFF");

    let (status, answer) = rest
        .post(&format!("{T}/c:suspend-recluster"), Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(show_flags(&rest, "C").await[0], "OFF");
    let (_, fetched) = rest.get(&format!("{T}/c")).await;
    assert_eq!(fetched["automatic_clustering"], false);
    assert_eq!(fetched["cluster_by"], json!(["X"]));

    let (status, answer) = rest
        .post(&format!("{T}/c:resume-recluster"), Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, fetched) = rest.get(&format!("{T}/c")).await;
    assert_eq!(fetched["automatic_clustering"], true);

    rest.sql("alter table ts_db.public.c suspend recluster")
        .await;
    assert_eq!(show_flags(&rest, "C").await[0], "OFF");
    rest.sql("alter table if exists ts_db.public.c resume recluster")
        .await;
    assert_eq!(show_flags(&rest, "C").await[0], "ON");
    rest.sql("alter table ts_db.public.c drop clustering key")
        .await;
    assert_eq!(show_flags(&rest, "C").await[0], "OFF");
    rest.sql("alter table ts_db.public.c cluster by (y)").await;
    assert_eq!(show_flags(&rest, "C").await[0], "ON");
    rest.sql("alter table if exists ts_db.public.nope suspend recluster")
        .await;

    for action in ["suspend-recluster", "resume-recluster"] {
        let (status, answer) = rest.post(&format!("{T}/nope:{action}"), Value::Null).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{action}: {answer}");
        let (status, answer) = rest
            .post(&format!("{T}/nope:{action}?ifExists=true"), Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK, "{action}: {answer}");
    }
}

#[tokio::test]
async fn view_column_comments_are_kept_over_rest_and_sql() {
    let rest = start().await;
    rest.sql("create table ts_db.public.people (id int, name varchar(30))")
        .await;
    let view = json!({
        "name": "rv",
        "columns": [{"name": "pid"}, {"name": "pname", "comment": "who"}],
        "query": "select id, name from ts_db.public.people",
    });
    let (status, answer) = rest.post(V, view).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, fetched) = rest.get(&format!("{V}/rv")).await;
    assert!(fetched["columns"][0].get("comment").is_none(), "{fetched}");
    assert_eq!(fetched["columns"][1]["comment"], "who");

    rest.sql(
        "create view ts_db.public.sv (a comment 'the id', b) as \
         select id, name from ts_db.public.people",
    )
    .await;
    let described = rest.sql("describe view ts_db.public.sv").await;
    assert_eq!(described[0][9], "the id");
    assert_eq!(described[1][9], Value::Null);
    rest.sql("show columns in view ts_db.public.sv").await;
    let shown = rest
        .column(
            "select \"comment\" from table(result_scan(last_query_id())) order by \"column_name\"",
            0,
        )
        .await;
    assert_eq!(shown, ["the id", ""]);
    let info = rest
        .column(
            "select comment from ts_db.information_schema.columns \
             where table_name = 'SV' order by ordinal_position",
            0,
        )
        .await;
    assert_eq!(info, ["the id", "NULL"]);
    let (_, fetched) = rest.get(&format!("{V}/sv")).await;
    assert_eq!(fetched["columns"][0]["comment"], "the id");
}

#[tokio::test]
async fn settings_and_view_comments_survive_a_restart() {
    let (_dir, config) = crate::data_dir::on_disk();
    {
        let engine = Engine::open(config.clone()).expect("engine");
        let session = engine.session("ADMIN");
        for sql in [
            "create database keep",
            "create table t (x int) cluster by (x) change_tracking = true \
             default_ddl_collation = 'en-ci' max_data_extension_time_in_days = 5",
            "alter table t suspend recluster",
            "create view v (a comment 'kept') as select x from t",
        ] {
            session
                .execute(sql, &Binds::none())
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
    let engine = Engine::open(config).expect("engine reopens");
    let catalog = engine.snapshot();
    let path = |name: &str| ObjectPath {
        database: Name::canonical("KEEP"),
        schema: Name::canonical("PUBLIC"),
        name: Name::canonical(name),
    };
    let table = catalog.table(&path("T")).expect("table kept");
    assert!(table.settings.change_tracking);
    assert!(table.settings.recluster_suspended);
    assert_eq!(
        table.settings.default_ddl_collation.as_deref(),
        Some("en-ci")
    );
    assert_eq!(table.settings.max_data_extension_time_in_days, Some(5));
    let view = &catalog
        .schema(&path("V").database, &path("V").schema)
        .expect("schema")
        .views[&Name::canonical("V")];
    assert_eq!(view.column_comments, [Some("kept".to_owned())]);
}
