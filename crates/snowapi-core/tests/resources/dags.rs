//! Task graphs (dagv1): deploy, run, runs, drop — and the tasks SQL sees.

use snowapi_core::{
    CoreError,
    task::{
        TaskRunState, TaskSchedule, TaskState,
        dagv1::{Dag, DagOperation, DagTask, DeployMode},
    },
};

use crate::common::{Env, column, run, start};

/// A database `ddb` with a `log` table, and graph operations in its `public` schema.
async fn setup(env: &Env) -> DagOperation {
    run(&env.conn, "create database ddb").await;
    run(&env.conn, "create table ddb.public.log (who varchar)").await;
    DagOperation::new(env.root.databases().get("ddb").schemas().get("public"))
}

fn insert(who: &str) -> String {
    format!("insert into ddb.public.log values ('{who}')")
}

/// extract → (transform_a, transform_b) → load, a finalizer, hourly.
fn graph() -> Dag {
    let extract = DagTask::new("extract", insert("extract"));
    let mut transform_a = DagTask::new("transform_a", insert("transform_a"));
    let transform_b = DagTask::new("transform_b", insert("transform_b")).after(&extract);
    let load = DagTask::new("load", insert("load"));
    extract.then(&mut transform_a);
    Dag::new("etl")
        .schedule(TaskSchedule::minutes(60))
        .config_entry("env", "test")
        .comment("nightly etl")
        .edge(&transform_a, &load)
        .edge(&transform_b, &load)
        .task(extract)
        .task(transform_a)
        .task(transform_b)
        .task(load)
        .finalizer(DagTask::new("cleanup", insert("cleanup")))
}

/// `show tasks` column `index` of every task of the graph (empty when NULL), by name.
async fn shown(env: &Env, index: usize) -> Vec<(String, String)> {
    let sql = "show tasks like 'ETL%' in schema ddb.public";
    let rows = env.conn.query(sql).await.unwrap();
    rows.iter()
        .map(|row| {
            let name: String = row.get(1).unwrap();
            let value: Option<String> = row.get(index).unwrap();
            (name, value.unwrap_or_default())
        })
        .collect()
}

#[tokio::test]
async fn deploy_run_and_drop_a_graph() {
    let env = start().await;
    let operation = setup(&env).await;
    let dag = graph();
    operation
        .deploy(&dag, DeployMode::ErrorIfExists)
        .await
        .unwrap();

    // The tasks as SQL sees them: dagv1's names, predecessors and the root's schedule.
    let names: Vec<String> = shown(&env, 1).await.into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "ETL",
            "ETL$CLEANUP",
            "ETL$EXTRACT",
            "ETL$LOAD",
            "ETL$TRANSFORM_A",
            "ETL$TRANSFORM_B"
        ]
    );
    let predecessors: Vec<(String, Vec<String>)> = shown(&env, 9)
        .await
        .into_iter()
        .map(|(name, json)| (name, serde_json::from_str(&json).unwrap()))
        .collect();
    let after = |task: &str| {
        predecessors
            .iter()
            .find(|(name, _)| name == task)
            .map(|(_, p)| p.clone())
            .unwrap()
    };
    assert!(after("ETL").is_empty());
    assert_eq!(after("ETL$EXTRACT"), ["DDB.PUBLIC.ETL"]);
    assert_eq!(after("ETL$TRANSFORM_B"), ["DDB.PUBLIC.ETL$EXTRACT"]);
    let mut load = after("ETL$LOAD");
    load.sort();
    assert_eq!(
        load,
        ["DDB.PUBLIC.ETL$TRANSFORM_A", "DDB.PUBLIC.ETL$TRANSFORM_B"]
    );
    assert!(after("ETL$CLEANUP").is_empty());
    let schedules = shown(&env, 8).await;
    assert_eq!(schedules[0], ("ETL".to_owned(), "60 MINUTE".to_owned()));
    // dagv1 resumes every task, the root because the graph has a schedule.
    assert!(
        shown(&env, 10)
            .await
            .iter()
            .all(|(_, state)| state == "started")
    );

    let tasks = operation.schema().tasks();
    let root = tasks.get("etl").fetch().await.unwrap();
    assert_eq!(root.definition, "select 'dag dummy root'");
    assert_eq!(root.comment.as_deref(), Some("nightly etl"));
    assert_eq!(root.config.as_ref().unwrap()["env"], "test");
    let cleanup = tasks.get("etl$cleanup").fetch().await.unwrap();
    assert_eq!(cleanup.finalize.as_deref(), Some("DDB.PUBLIC.ETL"));
    // Only the graph's root is listed: never its children nor its finalizer.
    let dags = operation.iter_dags("etl%").await.unwrap();
    assert_eq!(dags, ["ETL"]);

    // A run executes every task once, the finalizer last.
    operation.run(&dag, false).await.unwrap();
    let mut logged = column(&env.conn, "select who from ddb.public.log", 0).await;
    assert_eq!(logged.last().map(String::as_str), Some("cleanup"));
    logged.sort();
    assert_eq!(
        logged,
        ["cleanup", "extract", "load", "transform_a", "transform_b"]
    );
    let runs = operation.get_complete_dag_runs(&dag, false).await.unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].root_task_name, "ETL");
    assert_eq!(runs[0].state, TaskRunState::Succeeded);
    assert!(
        operation
            .get_complete_dag_runs(&dag, true)
            .await
            .unwrap()
            .is_empty()
    );
    let current = operation.get_current_dag_runs("etl").await.unwrap();
    assert!(
        current.iter().all(|r| r.state == TaskRunState::Scheduled),
        "{current:?}"
    );

    // Deploying again conflicts; or-replace redeploys; if-not-exists leaves it.
    let again = operation
        .deploy(&dag, DeployMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(again, CoreError::Conflict(_)), "{again:?}");
    operation.deploy(&dag, DeployMode::OrReplace).await.unwrap();
    operation
        .deploy(&dag, DeployMode::IfNotExists)
        .await
        .unwrap();
    assert_eq!(shown(&env, 1).await.len(), 6);

    // Dropping keeps the finalizer unless asked, and a missing graph is no error.
    operation.drop(&dag, false).await.unwrap();
    let left: Vec<String> = shown(&env, 1).await.into_iter().map(|(n, _)| n).collect();
    assert_eq!(left, ["ETL$CLEANUP"]);
    operation.drop(&dag, true).await.unwrap();
    run(&env.conn, "drop task ddb.public.etl$cleanup").await;
    assert!(shown(&env, 1).await.is_empty());
    assert!(operation.iter_dags("etl%").await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unscheduled_graph_stays_suspended_and_runs_on_demand() {
    let env = start().await;
    let operation = setup(&env).await;
    let dag = Dag::new("adhoc").task(DagTask::new("only", insert("only")));
    operation
        .deploy(&dag, DeployMode::ErrorIfExists)
        .await
        .unwrap();
    let tasks = operation.schema().tasks();
    assert_eq!(
        tasks.get("adhoc").fetch().await.unwrap().state,
        Some(TaskState::Suspended)
    );
    assert_eq!(
        tasks.get("adhoc$only").fetch().await.unwrap().state,
        Some(TaskState::Started)
    );
    operation.run("adhoc", false).await.unwrap();
    assert_eq!(
        column(&env.conn, "select who from ddb.public.log", 0).await,
        ["only"]
    );
    assert_eq!(
        tasks.get("adhoc").fetch().await.unwrap().state,
        Some(TaskState::Suspended)
    );
    let dependents = tasks
        .get("adhoc")
        .fetch_task_dependents(true)
        .await
        .unwrap();
    let names: Vec<&str> = dependents.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["ADHOC", "ADHOC$ONLY"]);
    operation.drop(&dag, true).await.unwrap();
    assert!(tasks.iter().send().await.unwrap().is_empty());
}

#[tokio::test]
async fn invalid_graphs_are_refused_before_any_request() {
    let env = start().await;
    let operation = setup(&env).await;
    let a = DagTask::new("a", "select 1");
    let b = DagTask::new("b", "select 2").after(&a);
    let cyclic = Dag::new("cyclic").task(a.clone().after(&b)).task(b);
    let error = operation
        .deploy(&cyclic, DeployMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(error, CoreError::InvalidInput(_)), "{error:?}");
    assert!(
        operation
            .schema()
            .tasks()
            .iter()
            .send()
            .await
            .unwrap()
            .is_empty()
    );
}
