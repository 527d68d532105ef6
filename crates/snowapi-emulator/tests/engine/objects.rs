//! Account- and schema-level objects beyond tables: what SHOW and DESCRIBE report (their rows
//! carry creation times, so they are checked here rather than in .slt files), the records of
//! task runs, password checks, and that every new object survives a restart.

use std::collections::BTreeMap;

use arrow::util::display::{ArrayFormatter, FormatOptions};
use snowapi_emulator::{
    catalog::{Name, ObjectPath, TaskRunState, TaskState},
    engine::{Engine, EngineConfig, Session},
    sql::binds::Binds,
};

type Row = BTreeMap<String, String>;

fn engine() -> Engine {
    Engine::open(EngineConfig::default()).expect("in-memory engine")
}

async fn run(session: &Session, sql: &str) {
    if let Err(e) = session.execute(sql, &Binds::none()).await {
        panic!("{sql}: {e}");
    }
}

/// The result's column names, and its rows as name → displayed value (NULL for null).
async fn query(session: &Session, sql: &str) -> (Vec<String>, Vec<Row>) {
    let result = session
        .execute(sql, &Binds::none())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let names: Vec<String> = result.columns.iter().map(|c| c.name.clone()).collect();
    let options = FormatOptions::default().with_null("NULL");
    let mut rows = Vec::new();
    for batch in &result.batches {
        let formatters: Vec<_> = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options).unwrap())
            .collect();
        for i in 0..batch.num_rows() {
            rows.push(
                names
                    .iter()
                    .zip(&formatters)
                    .map(|(name, f)| (name.clone(), f.value(i).to_string()))
                    .collect(),
            );
        }
    }
    (names, rows)
}

async fn rows(session: &Session, sql: &str) -> Vec<Row> {
    query(session, sql).await.1
}

async fn one(session: &Session, sql: &str) -> Row {
    let mut all = rows(session, sql).await;
    assert_eq!(all.len(), 1, "{sql}: {all:?}");
    all.remove(0)
}

fn path(database: &str, schema: &str, name: &str) -> ObjectPath {
    ObjectPath {
        database: Name::canonical(database),
        schema: Name::canonical(schema),
        name: Name::canonical(name),
    }
}

#[tokio::test]
async fn show_and_describe_warehouses() {
    let engine = engine();
    let session = engine.session("ADMIN");
    run(
        &session,
        "create warehouse wh1 warehouse_size = large auto_suspend = 120 auto_resume = false \
         max_cluster_count = 3 comment = 'etl'",
    )
    .await;
    let (columns, _) = query(&session, "show warehouses").await;
    assert_eq!(
        columns[..6],
        [
            "name",
            "state",
            "type",
            "size",
            "min_cluster_count",
            "max_cluster_count"
        ]
    );
    assert!(columns.contains(&"owner_role_type".to_owned()));
    let wh = one(&session, "show warehouses like 'wh%'").await;
    assert_eq!(wh["name"], "WH1");
    assert_eq!(wh["state"], "STARTED");
    assert_eq!(wh["size"], "Large");
    assert_eq!(wh["type"], "STANDARD");
    assert_eq!(wh["auto_suspend"], "120");
    assert_eq!(wh["auto_resume"], "false");
    assert_eq!(wh["max_cluster_count"], "3");
    assert_eq!(wh["is_current"], "Y");
    assert_eq!(wh["comment"], "etl");
    assert_eq!(wh["owner"], "ACCOUNTADMIN");
    assert_ne!(wh["resumed_on"], "NULL");

    run(&session, "alter warehouse wh1 suspend").await;
    run(
        &session,
        "alter warehouse wh1 set warehouse_size = xxlarge auto_suspend = 0",
    )
    .await;
    let wh = one(&session, "show warehouses like 'WH1'").await;
    assert_eq!(wh["state"], "SUSPENDED");
    assert_eq!(wh["size"], "2X-Large");
    assert_eq!(wh["auto_suspend"], "NULL");
    assert_eq!(wh["started_clusters"], "0");
    assert_ne!(wh["updated_on"], "NULL");
    assert_eq!(
        rows(&session, "show warehouses").await.len(),
        2,
        "and COMPUTE_WH"
    );
    assert_eq!(
        rows(&session, "show warehouses starts with 'COMPUTE'")
            .await
            .len(),
        1
    );

    let described = one(&session, "describe warehouse wh1").await;
    assert_eq!(described["name"], "WH1");
    assert_eq!(described["kind"], "WAREHOUSE");
}

#[tokio::test]
async fn show_tasks_and_the_records_of_their_runs() {
    let engine = engine();
    let session = engine.session("ADMIN");
    run(&session, "create database db").await;
    run(&session, "create table t (n int)").await;
    run(
        &session,
        "create task root warehouse = compute_wh schedule = 'USING CRON 0 9 * * * UTC' \
         config = '{\"env\": \"test\"}' as insert into t values (1)",
    )
    .await;
    run(
        &session,
        "create task child after root\n  when 2 > 1\n  as insert   into t values (2) -- keep",
    )
    .await;
    run(&session, "create task fin finalize = root as select 1").await;

    let root = one(&session, "show tasks like 'ROOT'").await;
    assert_eq!(root["name"], "ROOT");
    assert_eq!(root["database_name"], "DB");
    assert_eq!(root["schema_name"], "PUBLIC");
    assert_eq!(root["state"], "suspended");
    assert_eq!(root["schedule"], "USING CRON 0 9 * * * UTC");
    assert_eq!(root["warehouse"], "COMPUTE_WH");
    assert_eq!(root["predecessors"], "[]");
    assert_eq!(root["allow_overlapping_execution"], "false");
    assert_eq!(root["config"], "{\"env\": \"test\"}");
    assert_eq!(root["definition"], "insert into t values (1)");
    assert_eq!(
        root["task_relations"],
        "{\"FinalizerTask\":\"DB.PUBLIC.FIN\",\"Predecessors\":[]}"
    );
    let child = one(&session, "describe task child").await;
    assert_eq!(child["predecessors"], "[\n  \"DB.PUBLIC.ROOT\"\n]");
    assert_eq!(child["condition"], "2 > 1");
    assert_eq!(child["definition"], "insert   into t values (2) -- keep");
    assert_eq!(child["allow_overlapping_execution"], "null");
    let fin = one(&session, "show tasks like 'FIN'").await;
    assert_eq!(
        fin["task_relations"],
        "{\"FinalizedRootTask\":\"DB.PUBLIC.ROOT\",\"Predecessors\":[]}"
    );
    // A finalizer has no predecessors but belongs to its root's graph: not a root.
    let roots = rows(&session, "show tasks root only").await;
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0]["name"], "ROOT");
    let (terse, _) = query(&session, "show terse tasks").await;
    assert_eq!(
        terse,
        [
            "created_on",
            "name",
            "kind",
            "database_name",
            "schema_name",
            "schedule"
        ]
    );
    assert!(
        rows(&session, "show tasks in account")
            .await
            .iter()
            .all(|r| r["database_name"] == "DB")
    );

    run(&session, "alter task child resume").await;
    run(&session, "alter task fin resume").await;
    run(&session, "execute task root").await;
    let snapshot = engine.snapshot();
    let root = snapshot.task(&path("DB", "PUBLIC", "ROOT")).unwrap();
    let graph = root.graph_runs.last().unwrap();
    assert_eq!(graph.state, TaskRunState::Succeeded);
    assert!(graph.completed_time.is_some());
    assert_eq!(graph.root_task_id, root.id);
    let root_run = root.runs.last().unwrap();
    assert_eq!(root_run.state, TaskRunState::Succeeded);
    assert_eq!(root_run.graph_run_group_id, graph.graph_run_group_id);
    let query_id = root_run.query_id.clone().unwrap();
    assert!(engine.query_status(&query_id).is_some(), "a real query id");
    for name in ["CHILD", "FIN"] {
        let task = snapshot.task(&path("DB", "PUBLIC", name)).unwrap();
        let run = task.runs.last().unwrap();
        assert_eq!(run.state, TaskRunState::Succeeded, "{name}");
        assert_eq!(run.graph_run_group_id, graph.graph_run_group_id, "{name}");
    }
    let counted = one(&session, "select count(*) as n from t").await;
    assert_eq!(counted["N"], "2");
    assert!(root.last_committed_on.is_some());

    // A failure is recorded with Snowflake's code; after SUSPEND_TASK_AFTER_NUM_FAILURES
    // consecutive failures a started root suspends itself.
    run(&session, "alter task root modify as select * from nowhere").await;
    run(
        &session,
        "alter task root set suspend_task_after_num_failures = 2",
    )
    .await;
    run(&session, "alter task root resume").await;
    run(&session, "execute task root").await;
    let snapshot = engine.snapshot();
    let root = snapshot.task(&path("DB", "PUBLIC", "ROOT")).unwrap();
    assert_eq!(root.state, TaskState::Started);
    let graph = root.graph_runs.last().unwrap();
    assert_eq!(graph.state, TaskRunState::Failed);
    assert_eq!(graph.first_error_task_name.as_deref(), Some("ROOT"));
    assert_eq!(graph.first_error_code.as_deref(), Some("002003"));
    assert!(
        graph
            .first_error_message
            .as_deref()
            .unwrap()
            .contains("does not exist")
    );
    let failed = root.runs.last().unwrap();
    assert_eq!(failed.state, TaskRunState::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("002003"));
    assert!(failed.query_id.is_some());
    let child = snapshot.task(&path("DB", "PUBLIC", "CHILD")).unwrap();
    assert_eq!(child.runs.len(), 1, "children of a failed root do not run");
    run(&session, "execute task root").await;
    let snapshot = engine.snapshot();
    let root = snapshot.task(&path("DB", "PUBLIC", "ROOT")).unwrap();
    assert_eq!(root.state, TaskState::Suspended);
    assert!(root.last_suspended_on.is_some());
    assert_eq!(root.graph_runs.len(), 3);

    // WHEN false: the run is SKIPPED and ran no statement.
    run(&session, "alter task root modify as select 1").await;
    run(&session, "alter task root modify when 1 = 0").await;
    run(&session, "execute task root").await;
    let snapshot = engine.snapshot();
    let root = snapshot.task(&path("DB", "PUBLIC", "ROOT")).unwrap();
    let skipped = root.runs.last().unwrap();
    assert_eq!(skipped.state, TaskRunState::Skipped);
    assert!(skipped.query_id.is_none());
    assert_eq!(root.graph_runs.last().unwrap().state, TaskRunState::Skipped);
    let shown = one(&session, "show tasks like 'ROOT'").await;
    assert_eq!(shown["condition"], "1 = 0");
    assert_eq!(shown["state"], "suspended");
}

#[tokio::test]
async fn a_task_cannot_execute_its_own_graph() {
    let engine = engine();
    let session = engine.session("ADMIN");
    run(&session, "create database db").await;
    run(
        &session,
        "create task again allow_overlapping_execution = true as execute task again",
    )
    .await;
    run(&session, "execute task again").await;
    let snapshot = engine.snapshot();
    let task = snapshot.task(&path("DB", "PUBLIC", "AGAIN")).unwrap();
    assert_eq!(task.graph_runs.len(), 1);
    let run = task.runs.last().unwrap();
    assert_eq!(run.state, TaskRunState::Failed);
    assert_eq!(run.error_code.as_deref(), Some("090064"));
}

#[tokio::test]
async fn users_keep_hashed_passwords_and_show_their_properties() {
    let engine = engine();
    let session = engine.session("ADMIN");
    let key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";
    run(
        &session,
        &format!(
            "create user ann password = 'Secr3t!' login_name = 'ann@example.com' \
             display_name = 'Ann A' first_name = 'Ann' default_role = analyst \
             default_secondary_roles = ('all') rsa_public_key = '{key}' comment = 'hi'"
        ),
    )
    .await;
    let snapshot = engine.snapshot();
    let ann = snapshot.users.get(&Name::canonical("ANN")).unwrap();
    assert!(ann.verify_password("Secr3t!"));
    assert!(!ann.verify_password("secr3t!"));
    assert!(!ann.password_hash.as_deref().unwrap().contains("Secr3t"));
    assert_eq!(ann.rsa_public_key(), Some(key));
    assert_eq!(ann.rsa_public_key_2(), None);
    assert_eq!(
        snapshot.user_by_login("ANN@EXAMPLE.COM").unwrap().name,
        Name::canonical("ANN")
    );

    let shown = one(&session, "show users like 'an%'").await;
    assert_eq!(shown["login_name"], "ANN@EXAMPLE.COM");
    assert_eq!(shown["display_name"], "Ann A");
    assert_eq!(shown["first_name"], "Ann");
    assert_eq!(shown["default_role"], "ANALYST");
    assert_eq!(shown["default_secondary_roles"], "[\"ALL\"]");
    assert_eq!(shown["has_password"], "true");
    assert_eq!(shown["has_rsa_public_key"], "true");
    assert_eq!(shown["disabled"], "false");
    assert_eq!(shown["comment"], "hi");
    assert!(shown.values().all(|v| !v.contains("Secr3t")));

    let described: BTreeMap<String, Row> = rows(&session, "describe user ann")
        .await
        .into_iter()
        .map(|r| (r["property"].clone(), r))
        .collect();
    assert_eq!(described["PASSWORD"]["value"], "********");
    assert_eq!(described["LOGIN_NAME"]["value"], "ANN@EXAMPLE.COM");
    assert_eq!(described["RSA_PUBLIC_KEY"]["value"], key);
    assert!(described["RSA_PUBLIC_KEY_FP"]["value"].starts_with("SHA256:"));
    assert_eq!(described["RSA_PUBLIC_KEY_2"]["value"], "null");
    assert_eq!(described["DISABLED"]["default"], "false");
    assert_ne!(described["PASSWORD_LAST_SET_TIME"]["value"], "null");

    run(
        &session,
        "alter user ann set password = 'n3w' disabled = true",
    )
    .await;
    run(&session, "alter user ann unset rsa_public_key").await;
    let snapshot = engine.snapshot();
    let ann = snapshot.users.get(&Name::canonical("ANN")).unwrap();
    assert!(ann.verify_password("n3w"));
    assert!(!ann.verify_password("Secr3t!"));
    assert!(ann.is_disabled());
    assert_eq!(ann.rsa_public_key(), None);
    run(&session, "alter user ann unset password").await;
    let shown = one(&session, "show users like 'ANN'").await;
    assert_eq!(shown["has_password"], "false");
    assert_eq!(shown["disabled"], "true");
}

#[tokio::test]
async fn roles_and_grants_as_show_reports_them() {
    let engine = engine();
    let session = engine.session("ADMIN");
    run(&session, "create role analyst comment = 'reads'").await;
    run(&session, "create role etl").await;
    run(&session, "create user ann default_role = analyst").await;
    run(&session, "grant role etl to role analyst").await;
    run(&session, "grant role analyst to role sysadmin").await;
    run(&session, "grant role analyst to user ann").await;

    let analyst = one(&session, "show roles like 'analyst'").await;
    assert_eq!(analyst["assigned_to_users"], "1");
    assert_eq!(analyst["granted_to_roles"], "1");
    assert_eq!(analyst["granted_roles"], "1");
    assert_eq!(analyst["comment"], "reads");
    assert_eq!(analyst["owner"], "ACCOUNTADMIN");
    assert_eq!(analyst["is_current"], "N");
    assert_eq!(
        analyst["is_inherited"], "Y",
        "ACCOUNTADMIN > SYSADMIN > ANALYST"
    );
    let admin = one(&session, "show roles like 'ACCOUNTADMIN'").await;
    assert_eq!(admin["is_current"], "Y");

    run(&session, "create database db").await;
    run(&session, "create table t (id int)").await;
    run(
        &session,
        "grant select on table t to role analyst with grant option",
    )
    .await;
    run(&session, "grant all on table t to role etl").await;
    run(&session, "revoke delete on table t from role etl").await;
    run(
        &session,
        "grant select on future tables in schema public to role etl",
    )
    .await;
    run(
        &session,
        "grant usage on warehouse compute_wh to role analyst",
    )
    .await;
    run(&session, "grant create database on account to role etl").await;

    let (columns, on_t) = query(&session, "show grants on table t").await;
    assert_eq!(
        columns,
        [
            "created_on",
            "privilege",
            "granted_on",
            "name",
            "granted_to",
            "grantee_name",
            "grant_option",
            "granted_by"
        ]
    );
    let find = |rows: &[Row], privilege: &str, grantee: &str| -> Option<Row> {
        rows.iter()
            .find(|r| r["privilege"] == privilege && r["grantee_name"] == grantee)
            .cloned()
    };
    let owner = find(&on_t, "OWNERSHIP", "ACCOUNTADMIN").expect("ownership row");
    assert_eq!(owner["granted_on"], "TABLE");
    assert_eq!(owner["name"], "DB.PUBLIC.T");
    assert_eq!(owner["grant_option"], "true");
    let select = find(&on_t, "SELECT", "ANALYST").unwrap();
    assert_eq!(select["grant_option"], "true");
    assert_eq!(select["granted_to"], "ROLE");
    assert_eq!(select["granted_by"], "ACCOUNTADMIN");
    assert!(find(&on_t, "TRUNCATE", "ETL").is_some(), "ALL expanded");
    assert!(find(&on_t, "DELETE", "ETL").is_none(), "revoked");

    let to_analyst = rows(&session, "show grants to role analyst").await;
    let usage = find(&to_analyst, "USAGE", "ANALYST").unwrap();
    assert!(
        to_analyst
            .iter()
            .any(|r| r["granted_on"] == "ROLE" && r["name"] == "ETL"),
        "{to_analyst:?}"
    );
    assert!(
        to_analyst
            .iter()
            .any(|r| r["granted_on"] == "WAREHOUSE" && r["name"] == "COMPUTE_WH")
    );
    assert_eq!(usage["granted_to"], "ROLE");

    let of_analyst = rows(&session, "show grants of role analyst").await;
    let grantees: Vec<(&str, &str)> = of_analyst
        .iter()
        .map(|r| (r["granted_to"].as_str(), r["grantee_name"].as_str()))
        .collect();
    assert!(grantees.contains(&("ROLE", "SYSADMIN")));
    assert!(grantees.contains(&("USER", "ANN")));
    assert!(of_analyst.iter().all(|r| r["role"] == "ANALYST"));
    let to_ann = one(&session, "show grants to user ann").await;
    assert_eq!(to_ann["role"], "ANALYST");

    let on_account = one(&session, "show grants on account").await;
    assert_eq!(on_account["privilege"], "CREATE DATABASE");
    assert_eq!(on_account["name"], "SNOWAPI");

    // Future grants apply to tables created afterwards.
    let future = one(&session, "show future grants in schema db.public").await;
    assert_eq!(future["grant_on"], "TABLE");
    assert_eq!(future["name"], "DB.PUBLIC.<TABLE>");
    assert_eq!(future["grantee_name"], "ETL");
    run(&session, "create table later (id int)").await;
    let on_later = rows(&session, "show grants on table later").await;
    assert!(find(&on_later, "SELECT", "ETL").is_some(), "{on_later:?}");

    // GRANT OWNERSHIP moves the object; DROP ROLE hands it to the current role.
    run(&session, "grant ownership on table t to role etl").await;
    let snapshot = engine.snapshot();
    assert_eq!(
        snapshot
            .table(&path("DB", "PUBLIC", "T"))
            .unwrap()
            .info
            .owner,
        "ETL"
    );
    run(&session, "drop role etl").await;
    let snapshot = engine.snapshot();
    let table = snapshot.table(&path("DB", "PUBLIC", "T")).unwrap();
    assert_eq!(table.info.owner, "ACCOUNTADMIN");
    assert!(
        snapshot
            .grants
            .iter()
            .all(|g| g.grantee.to_string() != "ETL" && g.on.name.as_str() != "ETL")
    );

    // Database roles.
    run(&session, "create database role db.reader").await;
    run(&session, "grant select on table t to database role reader").await;
    run(&session, "grant database role reader to role analyst").await;
    let reader = one(&session, "show database roles in database db").await;
    assert_eq!(reader["name"], "READER");
    assert_eq!(reader["granted_to_roles"], "1");
    assert_eq!(reader["is_inherited"], "Y");
    let to_reader = one(&session, "show grants to database role db.reader").await;
    assert_eq!(to_reader["granted_to"], "DATABASE_ROLE");
    assert_eq!(to_reader["grantee_name"], "DB.READER");
    let of_reader = one(&session, "show grants of database role db.reader").await;
    assert_eq!(of_reader["role"], "DB.READER");
    assert_eq!(of_reader["grantee_name"], "ANALYST");
}

#[tokio::test]
async fn show_stages() {
    let engine = engine();
    let session = engine.session("ADMIN");
    run(&session, "create database db").await;
    run(
        &session,
        "create stage landing comment = 'raw' directory = (enable = true)",
    )
    .await;
    run(&session, "create temporary stage scratch").await;
    run(
        &session,
        "create stage ext url = 'gcs://bucket/p/' storage_integration = gcs_int",
    )
    .await;
    let all: BTreeMap<String, Row> = rows(&session, "show stages")
        .await
        .into_iter()
        .map(|r| (r["name"].clone(), r))
        .collect();
    assert_eq!(all.len(), 3);
    assert_eq!(all["LANDING"]["type"], "INTERNAL");
    assert_eq!(all["LANDING"]["directory_enabled"], "Y");
    assert_eq!(all["LANDING"]["comment"], "raw");
    assert_eq!(all["LANDING"]["cloud"], "NULL");
    assert_eq!(all["SCRATCH"]["type"], "INTERNAL TEMPORARY");
    assert_eq!(all["EXT"]["type"], "EXTERNAL");
    assert_eq!(all["EXT"]["url"], "gcs://bucket/p/");
    assert_eq!(all["EXT"]["cloud"], "GCP");
    assert_eq!(all["EXT"]["storage_integration"], "GCS_INT");
    assert_eq!(all["EXT"]["database_name"], "DB");
    assert_eq!(
        rows(&session, "show stages like 'l%' in database db")
            .await
            .len(),
        1
    );
    let described: Vec<Row> = rows(&session, "describe stage ext").await;
    let url = described.iter().find(|r| r["property"] == "URL").unwrap();
    assert_eq!(url["property_value"], "[gcs://bucket/p/]");
}

#[tokio::test]
async fn compute_pools_and_services_move_between_states() {
    let engine = engine();
    let session = engine.session("ADMIN");
    run(&session, "create database db").await;
    run(
        &session,
        "create compute pool busy min_nodes = 1 max_nodes = 2 instance_family = cpu_x64_s",
    )
    .await;
    run(
        &session,
        "create compute pool lazy min_nodes = 2 max_nodes = 2 instance_family = cpu_x64_s \
         initially_suspended = true auto_resume = false",
    )
    .await;
    let busy = one(&session, "show compute pools like 'BUSY'").await;
    assert_eq!(busy["state"], "IDLE");
    assert_eq!(busy["idle_nodes"], "1");
    assert_eq!(busy["num_services"], "0");
    assert_eq!(
        one(&session, "describe compute pool lazy").await["state"],
        "SUSPENDED"
    );

    run(
        &session,
        "create service web in compute pool busy from specification 'spec: {}' min_instances = 2 max_instances = 4",
    )
    .await;
    run(
        &session,
        "create service waiting in compute pool lazy from specification 'spec: {}'",
    )
    .await;
    let busy = one(&session, "show compute pools like 'BUSY'").await;
    assert_eq!(busy["state"], "ACTIVE");
    assert_eq!(busy["num_services"], "1");
    let web = one(&session, "show services like 'WEB'").await;
    assert_eq!(web["status"], "RUNNING");
    assert_eq!(web["current_instances"], "2");
    assert_eq!(web["max_instances"], "4");
    assert_eq!(web["compute_pool"], "BUSY");
    assert_eq!(web["dns_name"], "web.public.db.snowflakecomputing.internal");
    assert_eq!(web["spec_digest"].len(), 64);
    assert_eq!(
        one(&session, "show services like 'WAITING'").await["status"],
        "PENDING"
    );

    run(&session, "alter compute pool lazy resume").await;
    assert_eq!(
        one(&session, "show services like 'WAITING'").await["status"],
        "RUNNING"
    );
    assert_eq!(
        one(&session, "show compute pools like 'LAZY'").await["state"],
        "ACTIVE"
    );
    run(&session, "alter compute pool busy suspend").await;
    let web = one(&session, "describe service web").await;
    assert_eq!(web["status"], "SUSPENDED");
    assert_eq!(web["current_instances"], "0");
    assert_ne!(web["suspended_on"], "NULL");
    assert_eq!(web["spec"], "spec: {}");
    // Resuming the service resumes its pool (AUTO_RESUME is on).
    run(&session, "alter service web resume").await;
    assert_eq!(
        one(&session, "show services like 'WEB'").await["status"],
        "RUNNING"
    );
    assert_eq!(
        one(&session, "show compute pools like 'BUSY'").await["state"],
        "ACTIVE"
    );

    run(&session, "create image repository images").await;
    let images = one(&session, "show image repositories in schema db.public").await;
    assert_eq!(
        images["repository_url"],
        "snowapi.registry.snowflakecomputing.com/db/public/images"
    );
    assert_eq!(images["owner"], "ACCOUNTADMIN");
}

#[tokio::test]
async fn new_objects_survive_a_restart() {
    let (_dir, config) = crate::data_dir::on_disk();
    {
        let engine = Engine::open(config.clone()).unwrap();
        let session = engine.session("ADMIN");
        for sql in [
            "create database db",
            "create warehouse wh auto_suspend = 300",
            "create role analyst",
            "create user ann password = 'pw'",
            "grant role analyst to user ann",
            "create task tk schedule = '10 MINUTE' as select 1",
            "execute task tk",
            "create stage st",
            "create database role dr",
            "create compute pool cp min_nodes = 1 max_nodes = 1 instance_family = cpu_x64_xs",
            "create image repository repo",
            "create service sv in compute pool cp from specification 'spec: {}'",
            "grant select on future tables in database db to role analyst",
        ] {
            run(&session, sql).await;
        }
    }
    let engine = Engine::open(config).unwrap();
    let catalog = engine.snapshot();
    let db = Name::canonical("DB");
    let public = Name::canonical("PUBLIC");
    assert_eq!(
        catalog.warehouses[&Name::canonical("WH")].auto_suspend,
        Some(300)
    );
    assert!(catalog.users[&Name::canonical("ANN")].verify_password("pw"));
    assert_eq!(catalog.grants.len(), 1);
    assert_eq!(catalog.future_grants.len(), 1);
    let task = catalog.task(&path("DB", "PUBLIC", "TK")).unwrap();
    assert_eq!(task.graph_runs.len(), 1);
    assert_eq!(task.runs.len(), 1);
    let schema = catalog.schema(&db, &public).unwrap();
    assert!(schema.stages.contains_key(&Name::canonical("ST")));
    assert!(
        schema
            .image_repositories
            .contains_key(&Name::canonical("REPO"))
    );
    assert!(schema.services.contains_key(&Name::canonical("SV")));
    assert!(catalog.database_role(&db, &Name::canonical("DR")).is_ok());
    assert!(catalog.compute_pools.contains_key(&Name::canonical("CP")));
}
