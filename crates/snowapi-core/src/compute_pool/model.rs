//! The compute pool model, and the instance families its nodes can use.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters, text_enum::text_enum};

text_enum!(
    /// Where a compute pool is in its lifecycle.
    ComputePoolState {
        /// Snowflake does not know.
        Unknown = "UNKNOWN",
        /// Nodes are being provisioned.
        Starting = "STARTING",
        /// Coming out of suspension.
        Resuming = "RESUMING",
        /// Running, with no service or job on it.
        Idle = "IDLE",
        /// Running services or jobs.
        Active = "ACTIVE",
        /// Being suspended.
        Stopping = "STOPPING",
        /// Suspended: no nodes, no credits.
        Suspended = "SUSPENDED",
        /// Adding or removing nodes.
        Resizing = "RESIZING",
    }
);

/// A compute pool: nodes of one instance family that run services and jobs (snowflake.core's
/// `ComputePool`). Read-only fields are filled by `fetch` and `iter` and ignored on writes.
///
/// ```
/// use snowapi_core::compute_pool::ComputePool;
/// let pool = ComputePool::new("pool_s", "CPU_X64_S", 1, 2)
///     .auto_resume(false)
///     .auto_suspend_secs(600)
///     .initially_suspended(true);
/// assert_eq!(pool.max_nodes, 2);
/// // `initially_suspended` is an option of `create`, not part of the body.
/// assert!(serde_json::to_value(&pool).unwrap().get("initially_suspended").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ComputePool {
    /// Name of the pool.
    pub name: String,
    /// Fewest nodes the pool shrinks to.
    pub min_nodes: i64,
    /// Most nodes the pool grows to.
    pub max_nodes: i64,
    /// Machine type of the nodes, such as `CPU_X64_S`.
    pub instance_family: String,
    /// Whether a statement that needs the suspended pool wakes it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_resume: Option<bool>,
    /// Free text about the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Idle seconds after which the pool suspends itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_suspend_secs: Option<i64>,
    /// Whether `create` leaves the new pool suspended (an option of the create call, not
    /// stored nor fetched).
    #[serde(skip)]
    pub initially_suspended: Option<bool>,
    /// Where the pool is in its lifecycle (read-only).
    #[serde(default, skip_serializing)]
    pub state: Option<ComputePoolState>,
    /// How many services run on it (read-only).
    #[serde(default, skip_serializing)]
    pub num_services: Option<i64>,
    /// How many job services run on it (read-only).
    #[serde(default, skip_serializing)]
    pub num_jobs: Option<i64>,
    /// Nodes running at least one service or job (read-only).
    #[serde(default, skip_serializing)]
    pub active_nodes: Option<i64>,
    /// Nodes up but running nothing (read-only).
    #[serde(default, skip_serializing)]
    pub idle_nodes: Option<i64>,
    /// Node count the pool is heading for (read-only).
    #[serde(default, skip_serializing)]
    pub target_nodes: Option<i64>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When it last came out of suspension (read-only).
    #[serde(default, skip_serializing)]
    pub resumed_on: Option<Timestamp>,
    /// When it was last changed (read-only).
    #[serde(default, skip_serializing)]
    pub updated_on: Option<Timestamp>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Whether it belongs to a single Native App (read-only).
    #[serde(default, skip_serializing)]
    pub is_exclusive: Option<bool>,
    /// Native App it is reserved for, when exclusive (read-only).
    #[serde(default, skip_serializing)]
    pub application: Option<String>,
    /// Budget tracking its credit spend (read-only).
    #[serde(default, skip_serializing)]
    pub budget: Option<String>,
    /// Code of the problem it currently has, if any (read-only).
    #[serde(default, skip_serializing)]
    pub error_code: Option<String>,
    /// Explanation of its current condition, if any (read-only).
    #[serde(default, skip_serializing)]
    pub status_message: Option<String>,
    /// Node count Snowflake is asked to keep up (read-only).
    #[serde(default, skip_serializing)]
    pub desired_nodes: Option<i64>,
    /// When the desired node count stops applying (read-only).
    #[serde(default, skip_serializing)]
    pub desired_nodes_expire_after: Option<Timestamp>,
    /// Whether it favours obtaining capacity (read-only).
    #[serde(default, skip_serializing)]
    pub optimize_for_capacity: Option<bool>,
    /// Placement group of its nodes (read-only).
    #[serde(default, skip_serializing)]
    pub placement_group: Option<String>,
}

impl ComputePool {
    /// A pool of `min_nodes` to `max_nodes` nodes of `instance_family`.
    pub fn new(
        name: impl Into<String>,
        instance_family: impl Into<String>,
        min_nodes: i64,
        max_nodes: i64,
    ) -> Self {
        Self {
            name: name.into(),
            instance_family: instance_family.into(),
            min_nodes,
            max_nodes,
            ..Self::default()
        }
    }
}

setters!(ComputePool {
    auto_resume: bool,
    comment: String,
    auto_suspend_secs: i64,
    initially_suspended: bool,
});

impl Named for ComputePool {
    fn name(&self) -> &str {
        &self.name
    }
}

/// A machine type compute pool nodes can use, with its resources (read-only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceFamily {
    /// Family name, such as `CPU_X64_S`.
    #[serde(default)]
    pub name: String,
    /// What the family is suited for.
    #[serde(default)]
    pub description: Option<String>,
    /// Virtual CPUs per node.
    #[serde(default)]
    pub vcpu: Option<i64>,
    /// Memory per node, in GiB.
    #[serde(default)]
    pub memory_gib: Option<i64>,
    /// Local storage per node, in GiB.
    #[serde(default)]
    pub storage_gib: Option<f64>,
    /// GPU model per node, absent for CPU-only families.
    #[serde(default)]
    pub gpu: Option<String>,
    /// GPUs per node.
    #[serde(default)]
    pub gpu_count: Option<i64>,
    /// GPU memory per node, in GiB.
    #[serde(default)]
    pub gpu_memory_gib: Option<i64>,
    /// Nodes of this family the account uses now.
    #[serde(default)]
    pub current_node_usage: Option<i64>,
    /// Any extra note about the family.
    #[serde(default)]
    pub message: Option<String>,
}
