//! `schema.tasks()`: create, list and address the tasks of a schema.

use snowapi_rest::task::{Client, types};

use super::{Task, TaskResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
    /// The tasks of a schema (snowflake.core's `TaskCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, task::{Task, TaskSchedule}};
    ///
    /// let tasks = root.databases().get("etl").schemas().get("public").tasks();
    /// let first = tasks
    ///     .create(
    ///         &Task::new("first", "insert into log select current_timestamp()")
    ///             .warehouse("etl_wh")
    ///             .schedule(TaskSchedule::minutes(60)),
    ///         CreateMode::OrReplace,
    ///     )
    ///     .await?;
    /// let second = tasks
    ///     .create(&Task::new("second", "select 2").predecessor("first"), CreateMode::OrReplace)
    ///     .await?;
    /// second.resume().await?;
    /// first.resume().await?;
    /// for task in tasks.iter().like("%").send().await? {
    ///     tracing::info!(name = %task.name, state = ?task.state, "task");
    /// }
    /// let roots = tasks.iter().root_only(true).send().await?;
    /// assert!(roots.iter().any(|t| t.name == "FIRST"));
    /// # Ok(()) }
    /// ```
    schema TaskCollection(scope);
    /// The tasks of the schema.
    fn tasks;
}

collection_verbs! {
    schema TaskCollection => TaskResource(Task), "task",
    ["tasks", "let tasks = root.databases().get(\"sales\").schemas().get(\"public\").tasks();", "nightly", "snowapi_core::task::Task::new(\"nightly\", \"select 1\")"],
    scope, |this, task| create_task(),
    iter: list_tasks(from_name, like, root_only, limit, starts_with)
}
