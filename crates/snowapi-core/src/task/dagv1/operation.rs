//! Deploying, running and dropping task graphs in a schema.

use super::Dag;
use crate::{
    CoreError, CreateMode,
    schema::SchemaResource,
    task::{Task, TaskCollection, TaskRun, TaskState},
};

/// How [`DagOperation::deploy`] treats tasks that exist already (snowflake.core passes a
/// `CreateMode`).
pub type DeployMode = CreateMode;

/// One run of a task graph (snowflake.core's `DAGRun`): its
/// [`root_task_name`](TaskRun::root_task_name) is the graph's name.
pub type DagRun = TaskRun;

/// Manages task graphs in one schema (snowflake.core's `dagv1.DAGOperation`).
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::task::{TaskSchedule, dagv1::{Dag, DagOperation, DagTask, DeployMode}};
///
/// let extract = DagTask::new("extract", "insert into raw select * from src");
/// let mut load = DagTask::new("load", "insert into mart select * from raw");
/// extract.then(&mut load);
/// let dag = Dag::new("nightly")
///     .schedule(TaskSchedule::cron("0 2 * * *", "UTC"))
///     .warehouse("etl_wh")
///     .task(extract)
///     .task(load);
///
/// let operation = DagOperation::new(root.databases().get("etl").schemas().get("public"));
/// operation.deploy(&dag, DeployMode::OrReplace).await?;
/// operation.run(&dag, false).await?;
/// for run in operation.get_complete_dag_runs(&dag, false).await? {
///     tracing::info!(run_id = run.run_id, state = ?run.state, "graph run");
/// }
/// assert_eq!(operation.iter_dags("night%").await?, ["NIGHTLY"]);
/// operation.drop(&dag, true).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DagOperation {
    schema: SchemaResource,
    tasks: TaskCollection,
}

impl DagOperation {
    /// Graph operations in `schema`, where the graphs' tasks are created and read.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    /// let ops = DagOperation::new(root.databases().get("etl").schemas().get("jobs"));
    /// assert_eq!(ops.schema().name(), "jobs");
    /// # Ok(()) }
    /// ```
    pub fn new(schema: SchemaResource) -> Self {
        let tasks = schema.tasks();
        Self { schema, tasks }
    }

    /// The schema the graphs live in.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    ///
    /// let operation = DagOperation::new(root.databases().get("etl").schemas().get("public"));
    /// assert_eq!(operation.schema().fully_qualified_name(), "etl.public");
    /// # Ok(()) }
    /// ```
    pub fn schema(&self) -> &SchemaResource {
        &self.schema
    }

    /// The names of the graphs (root tasks, standalone tasks included) whose name matches the
    /// SQL pattern `like`, case-insensitively.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    /// let ops = DagOperation::new(root.databases().get("etl").schemas().get("jobs"));
    /// for dag in ops.iter_dags("daily%").await? {
    ///     println!("{dag}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn iter_dags(&self, like: &str) -> Result<Vec<String>, CoreError> {
        let roots = self.tasks.iter().like(like).root_only(true).send().await?;
        Ok(roots.into_iter().map(|task| task.name).collect())
    }

    /// Creates the graph's tasks: the root (named like the graph, carrying its schedule and
    /// settings), then each child as `DAG$TASK` after its predecessors (or after the root),
    /// the finalizer finalizing the root; resumes every child, and the root when the graph has
    /// a schedule — as dagv1 does.
    ///
    /// With [`DeployMode::OrReplace`] the graph deployed under that name is dropped first
    /// (finalizer included); with [`DeployMode::IfNotExists`] existing tasks, the root among
    /// them, are left as they are; with [`DeployMode::ErrorIfExists`] an existing root is a
    /// [`CoreError::Conflict`]. A graph with a cycle, or edges naming tasks it lacks, is refused
    /// before any request.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::{Dag, DagOperation, DagTask, DeployMode};
    /// let ops = DagOperation::new(root.databases().get("etl").schemas().get("jobs"));
    /// let dag = Dag::new("hourly").warehouse("etl_wh").task(DagTask::new("refresh", "CALL refresh()"));
    /// ops.deploy(&dag, DeployMode::OrReplace).await?;
    /// # Ok(()) }
    /// ```
    pub async fn deploy(&self, dag: &Dag, mode: DeployMode) -> Result<(), CoreError> {
        let children = dag.to_child_tasks()?;
        let root_mode = match mode {
            CreateMode::OrReplace => {
                self.drop(dag, true).await?;
                CreateMode::ErrorIfExists
            }
            other => other,
        };
        let root = self.tasks.create(&dag.to_root_task(), root_mode).await?;
        for child in &children {
            self.tasks.create(child, mode).await?.resume().await?;
        }
        if dag.schedule.is_some() {
            root.resume().await?;
        }
        Ok(())
    }

    /// Runs the graph once now, whatever its schedule: resumes its root when it has a schedule
    /// (as dagv1 does), then executes it. With `retry_last`, re-runs the last failed graph run
    /// from the tasks that failed instead.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    /// let ops = DagOperation::new(root.databases().get("etl").schemas().get("jobs"));
    /// ops.run("hourly", false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn run(&self, dag: impl AsRef<str>, retry_last: bool) -> Result<(), CoreError> {
        let root = self.tasks.get(dag.as_ref());
        if root.fetch().await?.schedule.is_some() {
            root.resume().await?;
        }
        root.execute(retry_last).await
    }

    /// Drops the graph: suspends its root, then drops its tasks from the last to the root, the
    /// finalizer only when `drop_finalizer` (snowflake.core deprecates keeping it). Missing tasks
    /// are skipped; a graph that does not exist is no error.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    ///
    /// let operation = DagOperation::new(root.databases().get("etl").schemas().get("public"));
    /// operation.drop("nightly", true).await?;
    /// assert!(operation.iter_dags("nightly").await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn drop(&self, dag: impl AsRef<str>, drop_finalizer: bool) -> Result<(), CoreError> {
        let root = self.tasks.get(dag.as_ref());
        let details = match root.fetch().await {
            Ok(details) => details,
            Err(error) if error.is_not_found() => {
                tracing::info!(dag = dag.as_ref(), "task graph already dropped");
                return Ok(());
            }
            Err(error) => return Err(error),
        };
        if details.state == Some(TaskState::Started) {
            root.suspend().await?;
        }
        let finalizer = finalizer_of(&details);
        let tasks = root.fetch_task_dependents(true).await?;
        for task in tasks.iter().rev() {
            let is_finalizer = finalizer
                .as_deref()
                .is_some_and(|name| name.eq_ignore_ascii_case(&task.name));
            if is_finalizer && !drop_finalizer {
                continue;
            }
            let handle = self.tasks.get(task.name.clone());
            match suspend_and_drop(&handle).await {
                Err(error) if !error.is_not_found() => return Err(error),
                _ => {}
            }
        }
        Ok(())
    }

    /// The graph's runs going on now or scheduled within the next eight days.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    /// let ops = DagOperation::new(root.databases().get("etl").schemas().get("jobs"));
    /// let pending = ops.get_current_dag_runs("hourly").await?;
    /// tracing::info!(runs = pending.len(), "scheduled or running");
    /// # Ok(()) }
    /// ```
    pub async fn get_current_dag_runs(
        &self,
        dag: impl AsRef<str>,
    ) -> Result<Vec<DagRun>, CoreError> {
        self.tasks.get(dag.as_ref()).get_current_graphs(None).await
    }

    /// The graph's runs that finished within the last 60 minutes, newest first; only the failed
    /// ones when `error_only` (snowflake.core's default).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::task::dagv1::DagOperation;
    /// let ops = DagOperation::new(root.databases().get("etl").schemas().get("jobs"));
    /// for run in ops.get_complete_dag_runs("hourly", false).await? {
    ///     println!("{}", run.root_task_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_complete_dag_runs(
        &self,
        dag: impl AsRef<str>,
        error_only: bool,
    ) -> Result<Vec<DagRun>, CoreError> {
        self.tasks
            .get(dag.as_ref())
            .get_complete_graphs(error_only, None)
            .await
    }
}

async fn suspend_and_drop(task: &crate::task::TaskResource) -> Result<(), CoreError> {
    task.suspend().await?;
    task.drop().await
}

/// The name of a root task's finalizer, from its `task_relations` (`{"FinalizerTask":
/// "DB.SCHEMA.NAME", …}`).
fn finalizer_of(root: &Task) -> Option<String> {
    let relations: serde_json::Value =
        serde_json::from_str(root.task_relations.as_deref()?).ok()?;
    let qualified = relations.get("FinalizerTask")?.as_str()?;
    Some(last_identifier(qualified))
}

/// The last part of a qualified name, `"`-quoting honoured and removed.
fn last_identifier(qualified: &str) -> String {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    let mut chars = qualified.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                parts.last_mut().into_iter().for_each(|p| p.push('"'));
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(String::new()),
            c => parts.last_mut().into_iter().for_each(|p| p.push(c)),
        }
    }
    parts.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finalizers_are_read_from_task_relations() {
        assert_eq!(last_identifier("DB.S.G$FIN"), "G$FIN");
        assert_eq!(last_identifier(r#""d.b"."s"."a ""x"".y""#), r#"a "x".y"#);
        let mut root = Task::new("g", "select 1");
        root.task_relations = Some(r#"{"Predecessors":[],"FinalizerTask":"DB.S.G$FIN"}"#.into());
        assert_eq!(finalizer_of(&root).as_deref(), Some("G$FIN"));
        root.task_relations = Some(r#"{"Predecessors":[]}"#.into());
        assert_eq!(finalizer_of(&root), None);
    }
}
