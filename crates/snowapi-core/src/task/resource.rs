//! One task: `schema.tasks().get(name)`.

use snowapi_rest::task::types;

use super::{Task, TaskRun};
use crate::{
    CoreError, PollingOperation, call::discard, convert::list_from_wire,
    schema::schema_object_handle, verbs::generic_verbs,
};

schema_object_handle!(
    /// A reference to one task (snowflake.core's `TaskResource`). Building it makes no request;
    /// cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::Task;
    ///
    /// let task = root.databases().get("etl").schemas().get("public").tasks().get("nightly");
    /// task.create_or_alter(&Task::new("nightly", "call etl.public.load()").warehouse("etl_wh"))
    ///     .await?;
    /// task.execute(false).await?;
    /// for run in task.get_complete_graphs(false, None).await? {
    ///     tracing::info!(run_id = run.run_id, state = ?run.state, "graph run");
    /// }
    /// task.suspend().await?;
    /// task.drop().await?;
    /// # Ok(()) }
    /// ```
    TaskResource,
    task,
    "task"
);

impl TaskResource {
    /// Runs the task once now, outside its schedule; for a root task, a run of its whole graph
    /// (child tasks run only when resumed). With `retry_last`, re-runs the most recent failed
    /// graph run from the tasks that failed instead.
    ///
    /// ```no_run
    /// # async fn demo(task: snowapi_core::task::TaskResource) -> Result<(), snowapi_core::CoreError> {
    /// task.execute(false).await?;
    /// if let Some(failed) = task.get_complete_graphs(true, Some(1)).await?.first() {
    ///     tracing::warn!(task = ?failed.first_error_task_name, "retrying the failed run");
    ///     task.execute(true).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn execute(&self, retry_last: bool) -> Result<(), CoreError> {
        self.execute_async(retry_last).await?.result().await
    }

    /// [`execute`](Self::execute), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let nightly = root.databases().get("etl").schemas().get("jobs").tasks().get("nightly");
    /// let op = nightly.execute_async(false).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute_async(&self, retry_last: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .execute_task(&database, &schema, &name, None, retry_last.then_some(true))
            .await;
        self.root().start("execute_task", answer, discard).await
    }

    /// The task and the tasks that run after it in its graph: every task downstream when
    /// `recursive`, otherwise only its direct children (Snowflake's `TASK_DEPENDENTS`; for a
    /// root task, its finalizer comes last).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let load = root.databases().get("etl").schemas().get("public").tasks().get("load");
    /// for task in load.fetch_task_dependents(true).await? {
    ///     tracing::info!(name = %task.name, predecessors = ?task.predecessors, "downstream");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn fetch_task_dependents(&self, recursive: bool) -> Result<Vec<Task>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_task_dependents", || {
                client.fetch_task_dependents(&database, &schema, &name, Some(recursive))
            })
            .await?;
        list_from_wire(wire)
    }

    /// The graph runs of this (root) task going on now or scheduled within the next eight days;
    /// at most `limit` of them (Snowflake's default is 1000).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let nightly = root.databases().get("etl").schemas().get("jobs").tasks().get("nightly");
    /// for run in nightly.get_current_graphs(Some(5)).await? {
    ///     println!("{} in {}.{}", run.root_task_name, run.database_name, run.schema_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_current_graphs(&self, limit: Option<u32>) -> Result<Vec<TaskRun>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let limit = limit.map(i64::from);
        let wire = self
            .root()
            .idempotent("get_task_current_graphs", || {
                client.get_task_current_graphs(&database, &schema, &name, limit)
            })
            .await?;
        list_from_wire(wire)
    }

    /// The graph runs of this (root) task that finished within the last 60 minutes, newest
    /// first; only the failed ones when `error_only` (snowflake.core's default); at most `limit`.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let nightly = root.databases().get("etl").schemas().get("jobs").tasks().get("nightly");
    /// let failures = nightly.get_complete_graphs(true, Some(20)).await?;
    /// tracing::warn!(count = failures.len(), "failed graph runs in the last hour");
    /// # Ok(()) }
    /// ```
    pub async fn get_complete_graphs(
        &self,
        error_only: bool,
        limit: Option<u32>,
    ) -> Result<Vec<TaskRun>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let limit = limit.map(i64::from);
        let wire = self
            .root()
            .idempotent("get_task_complete_graphs", || {
                client.get_task_complete_graphs(&database, &schema, &name, Some(error_only), limit)
            })
            .await?;
        list_from_wire(wire)
    }
}

generic_verbs! {
    TaskResource, "task", ["task", "let task = root.databases().get(\"sales\").schemas().get(\"public\").tasks().get(\"nightly\");"], (database, schema, name);
    fetch(fetch_task -> Task);
    create_or_alter(create_or_alter_task(), Task, "snowapi_core::task::Task::new(\"nightly\", \"call etl.public.load()\").warehouse(\"etl_wh\")", ": send the whole definition, as settings left unset are unset (snowflake.core's `create_or_alter`); the task keeps its state and run history");
    drop(delete_task());
    suspend_resume(suspend_task, resume_task);
    tags(get_task_tags, set_task_tags, unset_task_tags);
}
