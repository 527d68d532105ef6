//! Tasks: every verb of `schema.tasks()` and `TaskResource`, with the Python quickstart flow.

use std::time::Duration;

use snowapi_core::{
    CoreError, CreateMode, TagAssignment, TagReference,
    task::{
        OverlapPolicy, StoredProcedureCall, Task, TaskCollection, TaskRunState, TaskSchedule,
        TaskState,
    },
};
use snowapi_emulator::server::Emulator;

use crate::common::{Env, column, create_modes, run, start, start_with};

/// A database `tdb` with a `log` table, and the task collection of its `public` schema.
async fn setup(env: &Env) -> TaskCollection {
    run(&env.conn, "create database tdb").await;
    run(&env.conn, "create table tdb.public.log (who varchar)").await;
    env.root
        .databases()
        .get("tdb")
        .schemas()
        .get("public")
        .tasks()
}

fn names(tasks: &[Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.name.as_str()).collect()
}

#[tokio::test]
async fn quickstart_two_tasks_with_a_predecessor() {
    let env = start().await;
    let tasks = setup(&env).await;
    let first = tasks
        .create(
            &Task::new("task1", "insert into tdb.public.log values ('first')")
                .schedule(TaskSchedule::minutes(60)),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let second = tasks
        .create(
            &Task::new("task2", "insert into tdb.public.log values ('second')")
                .predecessor("task1"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(first.name(), "task1");
    assert_eq!(first.fully_qualified_name(), "tdb.public.task1");
    assert_eq!(first.schema().name(), "public");
    assert_eq!(first.database().name(), "tdb");

    let fetched = second.fetch().await.unwrap();
    assert_eq!(fetched.name, "TASK2");
    assert_eq!(fetched.predecessors, ["TDB.PUBLIC.TASK1"]);
    assert_eq!(fetched.state, Some(TaskState::Suspended));
    assert_eq!(fetched.database_name.as_deref(), Some("TDB"));
    assert!(fetched.id.is_some() && fetched.created_on.is_some());
    let root = first.fetch().await.unwrap();
    assert_eq!(root.schedule, Some(TaskSchedule::Minutes(60)));
    assert!(root.predecessors.is_empty());

    // Resume the child, then the root, as the quickstart does.
    second.resume().await.unwrap();
    first.resume().await.unwrap();
    let listed = tasks.iter().like("task%").send().await.unwrap();
    assert_eq!(names(&listed), ["TASK1", "TASK2"]);
    assert!(listed.iter().all(|t| t.state == Some(TaskState::Started)));
    let roots = tasks.iter().root_only(true).send().await.unwrap();
    assert_eq!(names(&roots), ["TASK1"]);
    let states = column(
        &env.conn,
        "show tasks like 'TASK%' in schema tdb.public",
        10,
    )
    .await;
    assert_eq!(states, ["started", "started"]);

    // A resumed root on an interval has an upcoming run.
    let current = first.get_current_graphs(None).await.unwrap();
    assert_eq!(current.len(), 1, "{current:?}");
    assert_eq!(current[0].state, TaskRunState::Scheduled);
    assert_eq!(current[0].root_task_name, "TASK1");

    first.suspend().await.unwrap();
    assert_eq!(
        first.fetch().await.unwrap().state,
        Some(TaskState::Suspended)
    );
    assert!(first.get_current_graphs(None).await.unwrap().is_empty());

    // Executing the root runs the graph: the resumed child runs after it.
    first.execute(false).await.unwrap();
    let mut logged = column(&env.conn, "select who from tdb.public.log", 0).await;
    logged.sort();
    assert_eq!(logged, ["first", "second"]);
    let complete = first.get_complete_graphs(false, None).await.unwrap();
    assert_eq!(complete.len(), 1, "{complete:?}");
    let run = &complete[0];
    assert_eq!(run.state, TaskRunState::Succeeded);
    assert_eq!(
        (run.database_name.as_str(), run.schema_name.as_str()),
        ("TDB", "PUBLIC")
    );
    assert_eq!(run.root_task_id, root.id.clone().unwrap());
    assert!(run.completed_time.is_some() && run.first_error_task_name.is_none());
    assert!(
        first
            .get_complete_graphs(true, None)
            .await
            .unwrap()
            .is_empty()
    );
    first.execute(false).await.unwrap();
    assert_eq!(
        first
            .get_complete_graphs(false, Some(1))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        first.get_complete_graphs(false, None).await.unwrap().len(),
        2
    );

    let dependents = first.fetch_task_dependents(true).await.unwrap();
    assert_eq!(names(&dependents), ["TASK1", "TASK2"]);
    let direct = second.fetch_task_dependents(false).await.unwrap();
    assert_eq!(names(&direct), ["TASK2"]);

    second.suspend().await.unwrap();
    second.drop().await.unwrap();
    first.drop().await.unwrap();
    assert!(tasks.iter().send().await.unwrap().is_empty());
    assert!(first.fetch().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn every_writable_field_round_trips() {
    let env = start().await;
    let tasks = setup(&env).await;
    run(&env.conn, "create warehouse task_wh").await;
    let full = Task::new("full", "insert into tdb.public.log values ('full')")
        .warehouse("TASK_WH")
        .schedule(TaskSchedule::cron("0 9 * * MON-FRI", "Europe/Paris"))
        .comment("every field")
        .config_entry("env", "test")
        .config_entry("level", 3)
        .session_parameter("QUERY_TAG", "snowapi")
        .task_auto_retry_attempts(2)
        .condition("1 = 1")
        .allow_overlapping_execution(true)
        .user_task_timeout_ms(60_000)
        .suspend_task_after_num_failures(4)
        .error_integration("ERRORS_INT")
        .success_integration("SUCCESS_INT")
        .execute_as_user("ALICE")
        .user_task_managed_initial_warehouse_size("SMALL")
        .target_completion_interval(15_u64)
        .serverless_task_min_statement_size("XSMALL")
        .serverless_task_max_statement_size("LARGE");
    let handle = tasks
        .create(&full, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let got = handle.fetch().await.unwrap();
    assert_eq!(got.definition, full.definition);
    assert_eq!(got.warehouse.as_deref(), Some("TASK_WH"));
    assert_eq!(got.schedule, full.schedule);
    assert_eq!(got.comment.as_deref(), Some("every field"));
    assert_eq!(got.config, full.config);
    assert_eq!(
        got.session_parameters
            .as_ref()
            .and_then(|p| p.get("QUERY_TAG")),
        Some(&serde_json::json!("snowapi"))
    );
    assert_eq!(got.task_auto_retry_attempts, Some(2));
    assert_eq!(got.condition.as_deref(), Some("1 = 1"));
    assert_eq!(got.allow_overlapping_execution, Some(true));
    assert_eq!(got.user_task_timeout_ms, Some(60_000));
    assert_eq!(got.suspend_task_after_num_failures, Some(4));
    assert_eq!(got.error_integration.as_deref(), Some("ERRORS_INT"));
    assert_eq!(got.success_integration.as_deref(), Some("SUCCESS_INT"));
    assert_eq!(got.execute_as_user.as_deref(), Some("ALICE"));
    assert_eq!(
        got.user_task_managed_initial_warehouse_size.as_deref(),
        Some("SMALL")
    );
    assert_eq!(got.target_completion_interval, Some(15));
    assert_eq!(
        got.serverless_task_min_statement_size.as_deref(),
        Some("XSMALL")
    );
    assert_eq!(
        got.serverless_task_max_statement_size.as_deref(),
        Some("LARGE")
    );
    // The same task through SQL.
    let schedule = column(&env.conn, "show tasks like 'FULL' in schema tdb.public", 8).await;
    assert_eq!(schedule, ["USING CRON 0 9 * * MON-FRI Europe/Paris"]);

    // create_or_alter sets what the model has and unsets what it leaves out.
    let altered = Task::new("full", "insert into tdb.public.log values ('altered')")
        .schedule(TaskSchedule::minutes(5))
        .comment("altered")
        .overlap_policy(OverlapPolicy::AllowAllOverlap);
    handle.create_or_alter(&altered).await.unwrap();
    let got = handle.fetch().await.unwrap();
    assert_eq!(got.definition, altered.definition);
    assert_eq!(got.schedule, Some(TaskSchedule::Minutes(5)));
    assert_eq!(got.comment.as_deref(), Some("altered"));
    assert_eq!(got.overlap_policy, Some(OverlapPolicy::AllowAllOverlap));
    assert_eq!(got.warehouse, None);
    assert_eq!(got.config, None);
    assert_eq!(got.condition, None);

    // create_or_alter also creates; a stored procedure call is a definition.
    let call = tasks.get("caller");
    call.create_or_alter(&Task::new(
        "caller",
        StoredProcedureCall::new("tdb.public.p").arg("x"),
    ))
    .await
    .unwrap();
    assert_eq!(
        call.fetch().await.unwrap().definition,
        "CALL tdb.public.p('x')"
    );
}

#[tokio::test]
async fn create_modes_errors_and_listing_filters() {
    let env = start().await;
    let tasks = setup(&env).await;
    create_modes!(tasks, "modes", |comment| {
        Task::new("modes", "select 1").comment(comment)
    });

    let missing = tasks.get("no_such_task");
    assert!(matches!(
        missing.fetch().await.unwrap_err(),
        CoreError::NotFound(_)
    ));
    assert!(missing.execute(false).await.unwrap_err().is_not_found());
    assert!(missing.resume().await.unwrap_err().is_not_found());
    assert!(
        missing
            .get_complete_graphs(false, None)
            .await
            .unwrap_err()
            .is_not_found()
    );
    missing.drop_if_exists().await.unwrap();
    assert!(missing.drop().await.unwrap_err().is_not_found());

    for name in ["it_a", "it_b", "it_c"] {
        tasks
            .create(&Task::new(name, "select 1"), CreateMode::ErrorIfExists)
            .await
            .unwrap();
    }
    assert_eq!(
        names(&tasks.iter().like("it_%").send().await.unwrap()),
        ["IT_A", "IT_B", "IT_C"]
    );
    assert_eq!(
        names(&tasks.iter().starts_with("IT_B").send().await.unwrap()),
        ["IT_B"]
    );
    assert_eq!(
        names(&tasks.iter().like("it_%").limit(2).send().await.unwrap()),
        ["IT_A", "IT_B"]
    );
    let from = tasks
        .iter()
        .like("it_%")
        .from_name("IT_A")
        .send()
        .await
        .unwrap();
    assert_eq!(names(&from), ["IT_B", "IT_C"]);
    // A child task is not a root.
    run(
        &env.conn,
        "alter task tdb.public.it_b add after tdb.public.it_a",
    )
    .await;
    let roots = tasks
        .iter()
        .like("it_%")
        .root_only(true)
        .send()
        .await
        .unwrap();
    assert_eq!(names(&roots), ["IT_A", "IT_C"]);
}

#[tokio::test]
async fn failed_runs_are_reported_and_retried() {
    let env = start().await;
    let tasks = setup(&env).await;
    let root = tasks
        .create(&Task::new("root", "select 1"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    let child = tasks
        .create(
            &Task::new("child", "insert into tdb.public.missing values ('x')").predecessor("root"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    child.resume().await.unwrap();
    root.execute(false).await.unwrap();
    let failed = root.get_complete_graphs(true, None).await.unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].state, TaskRunState::Failed);
    assert_eq!(failed[0].first_error_task_name.as_deref(), Some("CHILD"));
    assert!(failed[0].first_error_message.is_some());
    // Executing a child task is refused.
    let refused = child.execute(false).await.unwrap_err();
    assert!(refused.status().is_some(), "{refused:?}");

    // Fix the child, then re-run the failed run from the failed task.
    run(&env.conn, "create table tdb.public.missing (who varchar)").await;
    root.execute(true).await.unwrap();
    let rows = column(&env.conn, "select who from tdb.public.missing", 0).await;
    assert_eq!(rows, ["x"]);
    let all = root.get_complete_graphs(false, None).await.unwrap();
    assert_eq!(all[0].state, TaskRunState::Succeeded, "{all:?}");
}

#[tokio::test]
async fn long_running_writes_are_polled() {
    let env = start_with(Emulator::builder().rest_long_running(
        "POST /api/v2/databases/tdb/schemas/public/tasks",
        Duration::from_millis(200),
    ))
    .await;
    let tasks = setup(&env).await;
    let operation = tasks
        .create_async(
            &Task::new("slow", "insert into tdb.public.log values ('slow')"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert!(!operation.is_done());
    operation.result().await.unwrap();
    let slow = tasks.get("slow");
    assert_eq!(slow.fetch().await.unwrap().name, "SLOW");
    let execution = slow.execute_async(false).await.unwrap();
    assert!(!execution.is_done());
    execution.result().await.unwrap();
    assert_eq!(
        column(&env.conn, "select who from tdb.public.log", 0).await,
        ["slow"]
    );
    slow.resume().await.unwrap();
    assert_eq!(slow.fetch().await.unwrap().state, Some(TaskState::Started));
}

#[tokio::test]
async fn tags_are_set_read_and_unset() {
    let env = start().await;
    let tasks = setup(&env).await;
    run(&env.conn, "create tag tdb.public.cost_center").await;
    let task = tasks
        .create(&Task::new("tagged", "select 1"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    task.set_tags(&[TagAssignment::new(
        TagReference::new("cost_center"),
        "finance",
    )])
    .await
    .unwrap();
    let tags = task.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag.tag_name.to_ascii_uppercase(), "COST_CENTER");
    assert_eq!(tags[0].tag_value, "finance");
    task.unset_tags(&[TagReference::new("cost_center")])
        .await
        .unwrap();
    assert!(task.get_tags(false).await.unwrap().is_empty());
}
