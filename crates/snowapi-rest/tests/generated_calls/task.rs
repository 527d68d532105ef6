//! Requests of the `task` API.

use serde_json::json;
use snowapi_rest::{
    Outcome, outcome,
    task::{Client, types},
};

use crate::support::{TestServer, id, ok};

#[tokio::test]
async fn list_with_every_filter() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{
            "name": "LOAD_ORDERS", "definition": "CALL load_orders()", "warehouse": "ETL_WH",
            "schedule": {"schedule_type": "CRON_TYPE", "cron_expr": "0 * * * *", "timezone": "UTC"},
            "predecessors": [], "config": {"env": "prod"}, "state": "started", "id": "01b-task",
            "owner": "ETL", "database_name": "SALES", "schema_name": "ETL",
            "created_on": "2024-06-18T01:01:01.111-07:00", "last_suspended_on": null
        }]),
    );
    let client: Client = server.client().api();
    let limit = std::num::NonZeroU64::new(50).unwrap();
    let listed = client
        .list_tasks(
            &id("sales"),
            &id("etl"),
            Some("LOAD_A"),
            Some("load%"),
            Some(true),
            Some(limit),
            Some("LOAD"),
        )
        .await
        .unwrap()
        .into_inner();

    assert_eq!(listed.len(), 1);
    let task = &listed[0];
    assert_eq!(task.name.as_str(), "LOAD_ORDERS");
    assert_eq!(task.state, Some(types::TaskState::Started));
    assert_eq!(task.warehouse.as_deref(), Some("ETL_WH"));
    assert_eq!(task.config.get("env"), Some(&json!("prod")));
    match &task.schedule {
        Some(types::TaskSchedule::CronSchedule(cron)) => {
            assert_eq!(cron.cron_expr, "0 * * * *");
            assert_eq!(cron.timezone, "UTC");
        }
        other => panic!("schedule decoded as {other:?}"),
    }
    assert!(task.last_suspended_on.is_none());
    let request = server.single();
    request.assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/etl/tasks",
        Some("fromName=LOAD_A&like=load%25&rootOnly=true&showLimit=50&startsWith=LOAD"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn create_with_a_cron_schedule() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let body: types::Task = serde_json::from_value(json!({
        "name": "nightly", "definition": "INSERT INTO totals SELECT SUM(amount) FROM orders",
        "warehouse": "ETL_WH",
        "schedule": {"schedule_type": "CRON_TYPE", "cron_expr": "0 2 * * *",
                     "timezone": "Europe/Paris"},
        "config": {"batch": 500}, "session_parameters": {"TIMEZONE": "UTC"},
        "task_auto_retry_attempts": 2, "overlap_policy": "NO_OVERLAP", "comment": "totals"
    }))
    .unwrap();
    assert!(matches!(
        body.schedule,
        Some(types::TaskSchedule::CronSchedule(_))
    ));
    assert_eq!(
        body.overlap_policy,
        Some(types::TaskOverlapPolicy::NoOverlap)
    );
    client
        .create_task(
            &id("sales"),
            &id("etl"),
            Some(types::CreateMode::OrReplace),
            &body,
        )
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/etl/tasks",
        Some("createMode=orReplace"),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({
            "name": "nightly", "definition": "INSERT INTO totals SELECT SUM(amount) FROM orders",
            "warehouse": "ETL_WH",
            "schedule": {"schedule_type": "CRON_TYPE", "cron_expr": "0 2 * * *",
                         "timezone": "Europe/Paris"},
            "config": {"batch": 500}, "session_parameters": {"TIMEZONE": "UTC"},
            "task_auto_retry_attempts": 2, "overlap_policy": "NO_OVERLAP", "comment": "totals"
        })
    );
}

#[tokio::test]
async fn create_or_alter_with_a_minutes_schedule_built_in_rust() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let mut body: types::Task =
        serde_json::from_value(json!({"name": "every5", "definition": "CALL refresh()"})).unwrap();
    body.schedule = Some(
        types::MinutesSchedule {
            schedule_type: types::MinutesScheduleScheduleType::MinutesType,
            minutes: 5,
        }
        .into(),
    );
    body.target_completion_interval = Some(types::MinutesSchedule {
        schedule_type: types::MinutesScheduleScheduleType::MinutesType,
        minutes: 3,
    });
    client
        .create_or_alter_task(&id("sales"), &id("etl"), &id("every5"), &body)
        .await
        .unwrap();

    let request = server.single();
    request.assert_line(
        "PUT",
        "/api/v2/databases/sales/schemas/etl/tasks/every5",
        None,
    );
    assert_eq!(
        request.json(),
        json!({"name": "every5", "definition": "CALL refresh()",
               "schedule": {"schedule_type": "MINUTES_TYPE", "minutes": 5},
               "target_completion_interval": {"schedule_type": "MINUTES_TYPE", "minutes": 3}})
    );
}

#[tokio::test]
async fn delete_with_if_exists() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .delete_task(&id("sales"), &id("etl"), &id("nightly"), Some(true))
        .await
        .unwrap();
    let request = server.single();
    request.assert_line(
        "DELETE",
        "/api/v2/databases/sales/schemas/etl/tasks/nightly",
        Some("ifExists=true"),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn execute_retrying_the_last_run_and_asynchronously() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond_with(
        202,
        &[("location", "/api/v2/results/01b-exec")],
        json!({"code": "392604", "message": "Request execution in progress.",
               "resultHandler": "01b-exec"}),
    );
    let client: Client = server.client().api();
    client
        .execute_task(
            &id("sales"),
            &id("etl"),
            &id("nightly"),
            Some(false),
            Some(true),
        )
        .await
        .unwrap();
    let started = outcome(
        client
            .execute_task(&id("sales"), &id("etl"), &id("nightly"), Some(true), None)
            .await,
    )
    .await
    .unwrap();

    match started {
        Outcome::Accepted(accepted) => {
            assert_eq!(accepted.location, "/api/v2/results/01b-exec");
            assert_eq!(accepted.result_handler.as_deref(), Some("01b-exec"));
        }
        Outcome::Done(_) => panic!("a 202 must be Accepted"),
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/etl/tasks/nightly:execute",
        Some("asyncExec=false&retryLast=true"),
    );
    assert!(requests[0].body.is_empty());
    requests[1].assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/etl/tasks/nightly:execute",
        Some("asyncExec=true"),
    );
}

#[tokio::test]
async fn resume_and_suspend() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    server.respond(200, ok());
    let client: Client = server.client().api();
    client
        .resume_task(&id("sales"), &id("etl"), &id("nightly"))
        .await
        .unwrap();
    client
        .suspend_task(&id("sales"), &id("etl"), &id("nightly"))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/etl/tasks/nightly:resume",
        None,
    );
    requests[1].assert_line(
        "POST",
        "/api/v2/databases/sales/schemas/etl/tasks/nightly:suspend",
        None,
    );
    assert!(requests.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn dependents_not_recursively() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([
            {"name": "CHILD_A", "definition": "CALL a()", "predecessors": ["SALES.ETL.ROOT"],
             "state": "suspended"},
            {"name": "CHILD_B", "definition": "CALL b()", "predecessors": ["SALES.ETL.ROOT"],
             "finalize": null, "state": "started"}
        ]),
    );
    let client: Client = server.client().api();
    let dependents = client
        .fetch_task_dependents(&id("sales"), &id("etl"), &id("root"), Some(false))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(dependents.len(), 2);
    assert_eq!(dependents[0].name.as_str(), "CHILD_A");
    assert_eq!(dependents[0].predecessors, ["SALES.ETL.ROOT"]);
    assert_eq!(dependents[0].state, Some(types::TaskState::Suspended));
    assert!(dependents[1].schedule.is_none());
    server.single().assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/etl/tasks/root/dependents",
        Some("recursive=false"),
    );
}

#[tokio::test]
async fn complete_and_current_graphs_with_limits() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!([{
            "root_task_name": "ROOT", "database_name": "SALES", "schema_name": "ETL",
            "state": "FAILED", "first_error_task_name": "LOAD", "first_error_code": 100038,
            "first_error_message": "Numeric value 'x' is not recognized",
            "scheduled_time": "2024-06-18T01:00:00.000-07:00",
            "query_start_time": "2024-06-18T01:00:01.500-07:00",
            "next_scheduled_time": null, "completed_time": "2024-06-18T01:02:00.000-07:00",
            "root_task_id": "01b-root", "graph_version": 3, "run_id": 1718697600000_i64
        }]),
    );
    server.respond(
        200,
        json!([{
            "root_task_name": "ROOT", "database_name": "SALES", "schema_name": "ETL",
            "state": "SCHEDULED", "scheduled_time": "2024-06-18T02:00:00.000-07:00",
            "root_task_id": "01b-root", "graph_version": 3, "run_id": 1718701200000_i64
        }]),
    );
    let client: Client = server.client().api();
    let complete = client
        .get_task_complete_graphs(&id("sales"), &id("etl"), &id("root"), Some(true), Some(25))
        .await
        .unwrap()
        .into_inner();
    let current = client
        .get_task_current_graphs(&id("sales"), &id("etl"), &id("root"), Some(10))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(complete[0].state, types::TaskRunState::Failed);
    assert_eq!(complete[0].first_error_code, Some(100038));
    assert_eq!(complete[0].first_error_task_name.as_deref(), Some("LOAD"));
    assert_eq!(complete[0].run_id, 1_718_697_600_000);
    assert_eq!(complete[0].graph_version, 3);
    assert!(complete[0].next_scheduled_time.is_none());
    assert!(complete[0].completed_time.is_some());
    assert_eq!(current[0].state, types::TaskRunState::Scheduled);
    assert!(current[0].completed_time.is_none());
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    requests[0].assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/etl/tasks/root/complete-graphs",
        Some("errorOnly=true&resultLimit=25"),
    );
    requests[1].assert_line(
        "GET",
        "/api/v2/databases/sales/schemas/etl/tasks/root/current-graphs",
        Some("resultLimit=10"),
    );
}
