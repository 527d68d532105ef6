//! The client-side graph: a [`Dag`] of [`DagTask`]s, and the tasks it deploys as.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::{
    CoreError,
    setters::setters,
    task::{OverlapPolicy, Task, TaskSchedule, model::entry_setters},
};

/// What the dummy root task of every graph runs, as dagv1 writes it.
const ROOT_DEFINITION: &str = "select 'dag dummy root'";

/// A task graph (snowflake.core's `dagv1.DAG`): a root task carrying the schedule and graph
/// settings, child tasks ordered by their dependencies, and at most one finalizer.
///
/// Snowflake has no graph object: [`DagOperation::deploy`](super::DagOperation::deploy) creates
/// a dummy root task named like the graph and one task per child, named `DAG$TASK`.
///
/// ```
/// use snowapi_core::task::{TaskSchedule, dagv1::{Dag, DagTask}};
///
/// let extract = DagTask::new("extract", "insert into raw select * from src");
/// let mut transform = DagTask::new("transform", "call etl.transform()");
/// let load = DagTask::new("load", "insert into mart select * from staged");
/// extract.then(&mut transform);
/// let dag = Dag::new("nightly")
///     .schedule(TaskSchedule::minutes(24 * 60))
///     .warehouse("etl_wh")
///     .config_entry("env", "prod")
///     .edge(&transform, &load)
///     .task(extract)
///     .task(transform)
///     .task(load)
///     .finalizer(DagTask::new("cleanup", "delete from staged"));
/// assert_eq!(dag.tasks().len(), 4);
/// assert_eq!(dag.get_task("load").unwrap().full_name(&dag), "nightly$load");
/// assert_eq!(dag.get_finalizer_task().unwrap().name(), "cleanup");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Dag {
    /// Name of the graph, and of its root task.
    pub name: String,
    /// When the graph runs by itself (unset: only when run).
    pub schedule: Option<TaskSchedule>,
    /// Warehouse of the root task, and of every child task that names none and is not
    /// serverless.
    pub warehouse: Option<String>,
    /// Free text about the graph.
    pub comment: Option<String>,
    /// Notification integration told when a run fails.
    pub error_integration: Option<String>,
    /// How many times a failed graph run is retried.
    pub task_auto_retry_attempts: Option<i64>,
    /// Whether a run may start while the previous one still goes.
    pub allow_overlapping_execution: Option<bool>,
    /// Which runs may overlap.
    pub overlap_policy: Option<OverlapPolicy>,
    /// Time limit of one run of the root task, in milliseconds.
    pub user_task_timeout_ms: Option<i64>,
    /// Consecutive failed runs after which the graph suspends itself.
    pub suspend_task_after_num_failures: Option<i64>,
    /// Key-value settings every task of the graph can read.
    pub config: Option<Map<String, Value>>,
    /// Session parameters of the root task's runs.
    pub session_parameters: Option<Map<String, Value>>,
    /// Boolean SQL expression that must hold for a scheduled run to go ahead.
    pub condition: Option<String>,
    tasks: Vec<DagTask>,
    edges: Vec<(String, String)>,
}

impl Dag {
    /// A graph named `name`, without tasks or settings.
    ///
    /// ```
    /// use snowapi_core::task::{TaskSchedule, dagv1::Dag};
    /// let dag = Dag::new("daily_etl").schedule(TaskSchedule::cron("0 3 * * *", "UTC"));
    /// assert_eq!(dag.tasks().len(), 0);
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Adds a child task (replacing one of the same name, as dagv1 does).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let dag = Dag::new("etl").task(DagTask::new("extract", "CALL extract()"));
    /// assert!(dag.get_task("extract").is_some());
    /// ```
    #[must_use]
    pub fn task(mut self, task: DagTask) -> Self {
        self.add_task(task);
        self
    }

    /// Adds a child task in place (replacing one of the same name).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let mut dag = Dag::new("etl");
    /// for step in ["load_a", "load_b"] {
    ///     dag.add_task(DagTask::new(step, format!("CALL {step}()")));
    /// }
    /// assert_eq!(dag.tasks().len(), 2);
    /// ```
    pub fn add_task(&mut self, task: DagTask) {
        match self.tasks.iter_mut().find(|t| t.name == task.name) {
            Some(existing) => *existing = task,
            None => self.tasks.push(task),
        }
    }

    /// Adds the finalizer: a task that runs after every graph run, whatever its outcome. It may
    /// have no predecessors or successors; a graph has at most one.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let dag = Dag::new("etl").finalizer(DagTask::new("notify", "CALL notify_done()"));
    /// assert!(dag.get_finalizer_task().is_some_and(|t| t.is_finalizer()));
    /// ```
    #[must_use]
    pub fn finalizer(mut self, mut task: DagTask) -> Self {
        task.finalizer = true;
        self.tasks.retain(|t| !t.finalizer);
        self.add_task(task);
        self
    }

    /// Makes `to` run after `from` (both named by their task or their name in the graph).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let dag = Dag::new("etl")
    ///     .task(DagTask::new("extract", "SELECT 1"))
    ///     .task(DagTask::new("load", "SELECT 2"))
    ///     .edge("extract", "load");
    /// let children = dag.to_child_tasks()?; // the edge becomes load's predecessor
    /// assert_eq!(children.len(), 2);
    /// # Ok::<(), snowapi_core::CoreError>(())
    /// ```
    #[must_use]
    pub fn edge(mut self, from: impl AsRef<str>, to: impl AsRef<str>) -> Self {
        self.edges
            .push((from.as_ref().to_owned(), to.as_ref().to_owned()));
        self
    }

    /// The child tasks, the finalizer included, in the order they were added.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let dag = Dag::new("etl").task(DagTask::new("a", "SELECT 1")).task(DagTask::new("b", "SELECT 2"));
    /// let names: Vec<_> = dag.tasks().iter().map(|t| t.name()).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn tasks(&self) -> &[DagTask] {
        &self.tasks
    }

    /// The child task named `name` (as given to [`DagTask::new`]).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let dag = Dag::new("etl").task(DagTask::new("extract", "SELECT 1"));
    /// assert!(dag.get_task("missing").is_none());
    /// ```
    pub fn get_task(&self, name: &str) -> Option<&DagTask> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// The finalizer task, if the graph has one.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::Dag;
    /// assert!(Dag::new("etl").get_finalizer_task().is_none());
    /// ```
    pub fn get_finalizer_task(&self) -> Option<&DagTask> {
        self.tasks.iter().find(|t| t.finalizer)
    }

    /// The root task the graph deploys as.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::Dag;
    /// let root_task = Dag::new("etl").to_root_task();
    /// assert_eq!(root_task.name, "etl");
    /// ```
    pub fn to_root_task(&self) -> Task {
        Task {
            name: self.name.clone(),
            definition: ROOT_DEFINITION.to_owned(),
            schedule: self.schedule.clone(),
            warehouse: self.warehouse.clone(),
            error_integration: self.error_integration.clone(),
            comment: self.comment.clone(),
            task_auto_retry_attempts: self.task_auto_retry_attempts,
            allow_overlapping_execution: self.allow_overlapping_execution,
            overlap_policy: self.overlap_policy,
            user_task_timeout_ms: self.user_task_timeout_ms,
            suspend_task_after_num_failures: self.suspend_task_after_num_failures,
            session_parameters: self.session_parameters.clone(),
            config: self.config.clone(),
            condition: self.condition.clone(),
            ..Task::default()
        }
    }

    /// The child tasks as they deploy, predecessors before successors and the finalizer last:
    /// named `DAG$TASK`, after their predecessors (or the root task when they have none), the
    /// finalizer finalizing the root. Fails on edges naming unknown tasks, edges touching the
    /// finalizer, and cycles.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let children = Dag::new("etl").task(DagTask::new("load", "SELECT 1")).to_child_tasks()?;
    /// assert_eq!(children[0].name, "etl$load");
    /// # Ok::<(), snowapi_core::CoreError>(())
    /// ```
    pub fn to_child_tasks(&self) -> Result<Vec<Task>, CoreError> {
        let predecessors = self.predecessor_sets().map_err(CoreError::InvalidInput)?;
        let order =
            topological_order(&self.tasks, &predecessors).map_err(CoreError::InvalidInput)?;
        Ok(order
            .into_iter()
            .map(|task| {
                let after = predecessors.get(task.name.as_str()).into_iter().flatten();
                task.to_task(self, after.map(|p| self.full_name(p)).collect())
            })
            .collect())
    }

    /// `DAG$TASK`, the Snowflake name of child task `task`.
    pub(super) fn full_name(&self, task: &str) -> String {
        format!("{}${}", self.name, task)
    }

    /// Each task's predecessors in the graph: its own and those of the graph's edges, checked.
    fn predecessor_sets(&self) -> Result<BTreeMap<&str, BTreeSet<&str>>, String> {
        let mut sets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let pairs = self
            .tasks
            .iter()
            .flat_map(|t| {
                t.predecessors
                    .iter()
                    .map(move |p| (p.as_str(), t.name.as_str()))
            })
            .chain(self.edges.iter().map(|(a, b)| (a.as_str(), b.as_str())));
        for (from, to) in pairs {
            for name in [from, to] {
                let task = self.get_task(name).ok_or_else(|| {
                    format!(
                        "task `{name}` of an edge is not part of task graph `{}`",
                        self.name
                    )
                })?;
                if task.finalizer {
                    return Err(format!(
                        "finalizer task `{name}` cannot have predecessors or successors"
                    ));
                }
            }
            sets.entry(to).or_default().insert(from);
        }
        Ok(sets)
    }
}

/// Kahn's algorithm: tasks whose predecessors are all placed come next, in insertion order;
/// the finalizer goes last.
fn topological_order<'a>(
    tasks: &'a [DagTask],
    predecessors: &BTreeMap<&str, BTreeSet<&str>>,
) -> Result<Vec<&'a DagTask>, String> {
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut order: Vec<&DagTask> = Vec::with_capacity(tasks.len());
    let children = || tasks.iter().filter(|t| !t.finalizer);
    while order.len() < children().count() {
        let ready: Vec<&DagTask> = children()
            .filter(|t| !placed.contains(t.name.as_str()))
            .filter(|t| {
                predecessors
                    .get(t.name.as_str())
                    .is_none_or(|set| set.iter().all(|p| placed.contains(p)))
            })
            .collect();
        if ready.is_empty() {
            return Err("there is a cycle in the task graph".into());
        }
        placed.extend(ready.iter().map(|t| t.name.as_str()));
        order.extend(ready);
    }
    order.extend(tasks.iter().filter(|t| t.finalizer));
    Ok(order)
}

/// A child task of a [`Dag`] (snowflake.core's `dagv1.DAGTask`): a subset of a [`Task`]'s
/// settings, since the graph's root carries the schedule.
///
/// ```
/// use snowapi_core::task::{StoredProcedureCall, dagv1::DagTask};
/// let first = DagTask::new("first", "select 1");
/// let mut second = DagTask::new("second", StoredProcedureCall::new("etl.public.step").arg(2));
/// let mut third = DagTask::new("third", "select 3").serverless(true);
/// first.then(&mut second).then(&mut third);
/// assert_eq!(third.predecessors(), ["second"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct DagTask {
    name: String,
    /// What the task runs: SQL text or a stored procedure call.
    pub definition: String,
    /// Boolean SQL expression that must hold for the task to run.
    pub condition: Option<String>,
    /// Warehouse of its runs (the graph's when unset, unless serverless).
    pub warehouse: Option<String>,
    /// Runs on serverless compute, even when the graph names a warehouse.
    pub serverless: bool,
    /// Session parameters of its runs.
    pub session_parameters: Option<Map<String, Value>>,
    /// Compute size of the first runs, when serverless.
    pub user_task_managed_initial_warehouse_size: Option<String>,
    /// Minutes a serverless run aims to finish within.
    pub target_completion_interval: Option<u64>,
    /// Smallest compute size, when serverless.
    pub serverless_task_min_statement_size: Option<String>,
    /// Largest compute size, when serverless.
    pub serverless_task_max_statement_size: Option<String>,
    /// Time limit of one run, in milliseconds.
    pub user_task_timeout_ms: Option<i64>,
    /// Notification integration told when the task succeeds.
    pub success_integration: Option<String>,
    /// User whose privileges its runs use.
    pub execute_as_user: Option<String>,
    /// Free text about the task.
    pub comment: Option<String>,
    predecessors: Vec<String>,
    finalizer: bool,
}

impl DagTask {
    /// A child task named `name` (deployed as `DAG$name`) running `definition`: SQL text or a
    /// [`StoredProcedureCall`](crate::task::StoredProcedureCall).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// let load = DagTask::new("load", "COPY INTO raw.events FROM @landing");
    /// assert_eq!(load.name(), "load");
    /// ```
    pub fn new(name: impl Into<String>, definition: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            definition: definition.into(),
            ..Self::default()
        }
    }

    /// Its name in the graph.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `DAG$TASK`: its name in Snowflake once `dag` is deployed.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::{Dag, DagTask};
    /// let dag = Dag::new("etl");
    /// assert_eq!(DagTask::new("load", "SELECT 1").full_name(&dag), "etl$load");
    /// ```
    pub fn full_name(&self, dag: &Dag) -> String {
        dag.full_name(&self.name)
    }

    /// The names of the tasks it runs after (within the graph).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// let extract = DagTask::new("extract", "SELECT 1");
    /// let load = DagTask::new("load", "SELECT 2").after(&extract);
    /// assert_eq!(load.predecessors(), ["extract"]);
    /// ```
    pub fn predecessors(&self) -> &[String] {
        &self.predecessors
    }

    /// Whether it is its graph's finalizer.
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// assert!(!DagTask::new("load", "SELECT 1").is_finalizer());
    /// ```
    pub fn is_finalizer(&self) -> bool {
        self.finalizer
    }

    /// Makes it run after `predecessor` (snowflake.core's `add_predecessors` / `<<`).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// let (a, b) = (DagTask::new("a", "SELECT 1"), DagTask::new("b", "SELECT 2"));
    /// let mut c = DagTask::new("c", "SELECT 3");
    /// c.add_predecessor(&a);
    /// c.add_predecessor(&b);
    /// assert_eq!(c.predecessors().len(), 2);
    /// ```
    pub fn add_predecessor(&mut self, predecessor: &DagTask) {
        if !self.predecessors.contains(&predecessor.name) {
            self.predecessors.push(predecessor.name.clone());
        }
    }

    /// Makes `next` run after this task and returns it, so that chains read
    /// `a.then(&mut b).then(&mut c)` (snowflake.core's `a >> b >> c`).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// let extract = DagTask::new("extract", "SELECT 1");
    /// let mut load = DagTask::new("load", "SELECT 2");
    /// extract.then(&mut load);
    /// assert_eq!(load.predecessors(), ["extract"]);
    /// ```
    pub fn then<'a>(&self, next: &'a mut DagTask) -> &'a mut DagTask {
        next.add_predecessor(self);
        next
    }

    /// Makes it run after `predecessor` (consuming form of [`add_predecessor`](Self::add_predecessor)).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// let clean = DagTask::new("clean", "SELECT 1");
    /// let report = DagTask::new("report", "CALL build_report()").after(&clean);
    /// assert!(report.predecessors().iter().any(|p| p == "clean"));
    /// ```
    #[must_use]
    pub fn after(mut self, predecessor: &DagTask) -> Self {
        self.add_predecessor(predecessor);
        self
    }

    /// The task it deploys as in `dag`, after the (full) names `after`.
    fn to_task(&self, dag: &Dag, after: Vec<String>) -> Task {
        let warehouse = match (&self.warehouse, self.serverless) {
            (Some(warehouse), _) => Some(warehouse.clone()),
            (None, false) => dag.warehouse.clone(),
            (None, true) => None,
        };
        let predecessors = match (after.is_empty(), self.finalizer) {
            (_, true) => Vec::new(),
            (true, false) => vec![dag.name.clone()],
            (false, false) => after,
        };
        Task {
            name: self.full_name(dag),
            definition: self.definition.clone(),
            condition: self.condition.clone(),
            warehouse,
            user_task_managed_initial_warehouse_size: self
                .user_task_managed_initial_warehouse_size
                .clone(),
            target_completion_interval: self.target_completion_interval,
            serverless_task_min_statement_size: self.serverless_task_min_statement_size.clone(),
            serverless_task_max_statement_size: self.serverless_task_max_statement_size.clone(),
            comment: self.comment.clone(),
            user_task_timeout_ms: self.user_task_timeout_ms,
            session_parameters: self.session_parameters.clone(),
            success_integration: self.success_integration.clone(),
            execute_as_user: self.execute_as_user.clone(),
            predecessors,
            finalize: self.finalizer.then(|| dag.name.clone()),
            ..Task::default()
        }
    }
}

impl AsRef<str> for DagTask {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

impl AsRef<str> for Dag {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

entry_setters!(Dag);

setters!(Dag {
    schedule: TaskSchedule,
    warehouse: String,
    comment: String,
    error_integration: String,
    task_auto_retry_attempts: i64,
    allow_overlapping_execution: bool,
    overlap_policy: OverlapPolicy,
    user_task_timeout_ms: i64,
    suspend_task_after_num_failures: i64,
    config: Map<String, Value>,
    session_parameters: Map<String, Value>,
    condition: String,
});

setters!(DagTask {
    condition: String,
    warehouse: String,
    session_parameters: Map<String, Value>,
    user_task_managed_initial_warehouse_size: String,
    target_completion_interval: u64,
    serverless_task_min_statement_size: String,
    serverless_task_max_statement_size: String,
    user_task_timeout_ms: i64,
    success_integration: String,
    execute_as_user: String,
    comment: String,
});

impl DagTask {
    /// Runs on serverless compute (no warehouse, not even the graph's).
    ///
    /// ```
    /// use snowapi_core::task::dagv1::DagTask;
    /// let light = DagTask::new("ping", "SELECT 1").serverless(true);
    /// # let _ = light;
    /// ```
    #[must_use]
    pub fn serverless(mut self, serverless: bool) -> Self {
        self.serverless = serverless;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_deploy_after_their_predecessors_with_dag_names() {
        let a = DagTask::new("a", "select 1");
        let mut b = DagTask::new("b", "select 2").warehouse("own_wh");
        let c = DagTask::new("c", "select 3").serverless(true);
        a.then(&mut b);
        let dag = Dag::new("g")
            .warehouse("wh")
            .schedule(TaskSchedule::minutes(10))
            .task(b)
            .task(c)
            .edge("b", "c")
            .finalizer(DagTask::new("fin", "select 4"))
            .task(a);
        let root = dag.to_root_task();
        assert_eq!(root.name, "g");
        assert_eq!(root.schedule, Some(TaskSchedule::Minutes(10)));
        let children = dag.to_child_tasks().unwrap();
        let names: Vec<&str> = children.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["g$a", "g$b", "g$c", "g$fin"]);
        assert_eq!(children[0].predecessors, ["g"]);
        assert_eq!(children[0].warehouse.as_deref(), Some("wh"));
        assert_eq!(children[1].predecessors, ["g$a"]);
        assert_eq!(children[1].warehouse.as_deref(), Some("own_wh"));
        assert_eq!(children[2].predecessors, ["g$b"]);
        assert_eq!(children[2].warehouse, None);
        assert!(children[3].predecessors.is_empty());
        assert_eq!(children[3].finalize.as_deref(), Some("g"));
        assert!(children.iter().all(|t| t.schedule.is_none()));
    }

    #[test]
    fn cycles_unknown_tasks_and_finalizer_edges_are_refused() {
        let a = DagTask::new("a", "select 1");
        let b = DagTask::new("b", "select 2");
        let cycle = Dag::new("g")
            .task(a.clone())
            .task(b.clone())
            .edge(&a, &b)
            .edge(&b, &a);
        assert!(matches!(
            cycle.to_child_tasks(),
            Err(CoreError::InvalidInput(_))
        ));
        let unknown = Dag::new("g").task(a.clone()).edge(&a, "nope");
        assert!(matches!(
            unknown.to_child_tasks(),
            Err(CoreError::InvalidInput(_))
        ));
        let fin = DagTask::new("fin", "select 3");
        let finalizer_edge = Dag::new("g")
            .task(a.clone())
            .finalizer(fin.clone())
            .edge(&a, &fin);
        assert!(matches!(
            finalizer_edge.to_child_tasks(),
            Err(CoreError::InvalidInput(_))
        ));
    }
}
