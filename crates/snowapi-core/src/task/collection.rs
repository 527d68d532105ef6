//! `schema.tasks()`: create, list and address the tasks of a schema.

use std::num::NonZeroU64;

use snowapi_rest::task::{Client, types};

use super::{Task, TaskResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{list_from_wire, to_wire},
    schema::{SchemaResource, SchemaScope},
};

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
#[derive(Debug, Clone)]
pub struct TaskCollection {
    scope: SchemaScope,
}

impl SchemaResource {
    /// The tasks of the schema.
    pub fn tasks(&self) -> TaskCollection {
        TaskCollection {
            scope: self.scope(),
        }
    }
}

impl TaskCollection {
    /// The handle of task `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> TaskResource {
        TaskResource::new(self.scope.object(name.into()))
    }

    /// The schema holding these tasks.
    pub fn schema(&self) -> SchemaResource {
        self.scope.schema()
    }

    /// Creates `task` and returns its handle.
    pub async fn create(&self, task: &Task, mode: CreateMode) -> Result<TaskResource, CoreError> {
        self.create_async(task, mode).await?.result().await?;
        Ok(self.get(task.name.clone()))
    }

    /// Starts creating `task`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        task: &Task,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Task = to_wire(task)?;
        let (database, schema) = self.scope.ids();
        let client: Client = self.scope.root.api();
        let answer = client
            .create_task(&database, &schema, Some(mode.wire()?), &body)
            .await;
        self.scope.root.start("create_task", answer, discard).await
    }

    /// Lists the tasks of the schema; set filters on the returned [`Listing`]
    /// ([`root_only`](Listing::root_only) keeps the roots of task graphs and standalone tasks).
    pub fn iter(&self) -> Listing<Task> {
        let scope = self.scope.clone();
        Listing::new(move |options| {
            let scope = scope.clone();
            async move {
                let client: Client = scope.root.api();
                let (database, schema) = scope.ids();
                let limit = options.limit.and_then(NonZeroU64::new);
                let root_only = options.root_only.then_some(true);
                let items = scope
                    .root
                    .idempotent("list_tasks", || {
                        client.list_tasks(
                            &database,
                            &schema,
                            options.from_name.as_deref(),
                            options.like.as_deref(),
                            root_only,
                            limit,
                            options.starts_with.as_deref(),
                        )
                    })
                    .await?;
                list_from_wire(items)
            }
        })
    }
}
