//! One task: `schema.tasks().get(name)`.

use snowapi_rest::task::{Client, types};

use super::{Task, TaskRun};
use crate::{
    CoreError, PollingOperation,
    call::discard,
    convert::{from_wire, list_from_wire, to_wire},
    schema::{SchemaObject, schema_object_accessors},
    verbs::tag_verbs,
};

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
#[derive(Debug, Clone)]
pub struct TaskResource {
    at: SchemaObject,
}

schema_object_accessors!(TaskResource, "task");

impl TaskResource {
    pub(super) fn new(at: SchemaObject) -> Self {
        Self { at }
    }

    fn ids(&self) -> (types::Identifier, types::Identifier, types::Identifier) {
        self.at.ids()
    }

    fn client(&self) -> Client {
        self.at.root().api()
    }

    /// The task as Snowflake has it now.
    pub async fn fetch(&self) -> Result<Task, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_task", || {
                client.fetch_task(&database, &schema, &name)
            })
            .await?;
        from_wire(wire)
    }

    /// Creates the task as `task` describes it, or alters the existing one to match: send the
    /// whole definition, as settings left unset are unset (snowflake.core's `create_or_alter`).
    /// The task keeps its state and run history.
    pub async fn create_or_alter(&self, task: &Task) -> Result<(), CoreError> {
        self.create_or_alter_async(task).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        task: &Task,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Task = to_wire(task)?;
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .create_or_alter_task(&database, &schema, &name, &body)
            .await;
        self.root()
            .start("create_or_alter_task", answer, discard)
            .await
    }

    /// Drops the task; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the task if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the task, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .delete_task(&database, &schema, &name, Some(if_exists))
            .await;
        self.root().start("delete_task", answer, discard).await
    }

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
    pub async fn execute_async(&self, retry_last: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .execute_task(&database, &schema, &name, None, retry_last.then_some(true))
            .await;
        self.root().start("execute_task", answer, discard).await
    }

    /// Resumes the task, so that its schedule or predecessors trigger it.
    pub async fn resume(&self) -> Result<(), CoreError> {
        self.resume_async().await?.result().await
    }

    /// [`resume`](Self::resume), returning the operation to poll.
    pub async fn resume_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self.client().resume_task(&database, &schema, &name).await;
        self.root().start("resume_task", answer, discard).await
    }

    /// Suspends the task, so that nothing triggers it.
    pub async fn suspend(&self) -> Result<(), CoreError> {
        self.suspend_async().await?.result().await
    }

    /// [`suspend`](Self::suspend), returning the operation to poll.
    pub async fn suspend_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self.client().suspend_task(&database, &schema, &name).await;
        self.root().start("suspend_task", answer, discard).await
    }

    /// The task and the tasks that run after it in its graph: every task downstream when
    /// `recursive`, otherwise only its direct children (Snowflake's `TASK_DEPENDENTS`; for a
    /// root task, its finalizer comes last).
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

tag_verbs!(
    TaskResource,
    "task",
    (database, schema, name),
    get_task_tags,
    set_task_tags,
    unset_task_tags
);
