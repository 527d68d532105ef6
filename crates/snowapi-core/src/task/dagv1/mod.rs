//! Task graphs, the high-level way (snowflake.core's `snowflake.core.task.dagv1`): describe a
//! [`Dag`] of [`DagTask`]s on the client, then [`DagOperation`] deploys it as tasks named
//! `DAG$TASK`, runs it, follows its runs and drops it.

mod graph;
mod operation;

pub use graph::{Dag, DagTask};
pub use operation::{DagOperation, DagRun, DeployMode};
