//! The warehouse model, as created, altered and fetched.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters, text_enum::text_enum};

text_enum!(
    /// Compute size per cluster of a warehouse.
    WarehouseSize {
        /// X-Small.
        XSmall = "XSMALL" | "X-SMALL",
        /// Small.
        Small = "SMALL",
        /// Medium.
        Medium = "MEDIUM",
        /// Large.
        Large = "LARGE",
        /// X-Large.
        XLarge = "XLARGE" | "X-LARGE",
        /// 2X-Large.
        XXLarge = "XXLARGE" | "2X-LARGE" | "X2LARGE",
        /// 3X-Large.
        XXXLarge = "XXXLARGE" | "3X-LARGE" | "X3LARGE",
        /// 4X-Large.
        X4Large = "X4LARGE" | "4X-LARGE",
        /// 5X-Large.
        X5Large = "X5LARGE" | "5X-LARGE",
        /// 6X-Large.
        X6Large = "X6LARGE" | "6X-LARGE",
    }
);

text_enum!(
    /// Kind of compute of a warehouse.
    WarehouseType {
        /// General-purpose compute.
        Standard = "STANDARD",
        /// More memory per node, for Snowpark workloads.
        SnowparkOptimized = "SNOWPARK-OPTIMIZED" | "SNOWPARK_OPTIMIZED",
    }
);

text_enum!(
    /// How eagerly a multi-cluster warehouse adds clusters.
    ScalingPolicy {
        /// Favour starting clusters over queuing.
        Standard = "STANDARD",
        /// Favour keeping clusters busy over starting more.
        Economy = "ECONOMY",
    }
);

/// A virtual warehouse (snowflake.core's `Warehouse`). Read-only fields are filled by `fetch`
/// and `iter` and ignored on writes.
///
/// ```
/// use snowapi_core::warehouse::{Warehouse, WarehouseSize};
/// let wh = Warehouse::new("etl_wh")
///     .warehouse_size(WarehouseSize::Small)
///     .auto_suspend(60)
///     .auto_resume(true)
///     .initially_suspended(true);
/// assert_eq!(wh.warehouse_size, Some(WarehouseSize::Small));
/// assert_eq!(serde_json::to_value(&wh).unwrap()["auto_resume"], "true");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Warehouse {
    /// Name of the warehouse.
    pub name: String,
    /// Kind of compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse_type: Option<WarehouseType>,
    /// Compute size per cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse_size: Option<WarehouseSize>,
    /// On a resize, whether the call waits until the new compute is provisioned.
    #[serde(
        default,
        with = "crate::text_enum::bool_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub wait_for_completion: Option<bool>,
    /// Upper bound on clusters of a multi-cluster warehouse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cluster_count: Option<i32>,
    /// Lower bound on clusters of a multi-cluster warehouse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_cluster_count: Option<i32>,
    /// How eagerly clusters are added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling_policy: Option<ScalingPolicy>,
    /// Idle seconds after which the warehouse suspends itself (0 for never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_suspend: Option<i32>,
    /// Whether a statement sent to the suspended warehouse resumes it.
    #[serde(
        default,
        with = "crate::text_enum::bool_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_resume: Option<bool>,
    /// Whether a new warehouse starts out suspended.
    #[serde(
        default,
        with = "crate::text_enum::bool_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub initially_suspended: Option<bool>,
    /// Resource monitor capping its monthly credits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_monitor: Option<String>,
    /// Free text about the warehouse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Whether eligible queries may borrow compute from the query acceleration service.
    #[serde(
        default,
        with = "crate::text_enum::bool_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_query_acceleration: Option<bool>,
    /// Cap on acceleration compute, as a multiple of the warehouse size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_acceleration_max_scale_factor: Option<i32>,
    /// Statements one cluster runs at the same time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_concurrency_level: Option<i32>,
    /// Seconds a statement may wait in the queue before it is cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement_queued_timeout_in_seconds: Option<i32>,
    /// Seconds a statement may run before it is cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement_timeout_in_seconds: Option<i32>,
    /// Most credits the warehouse may spend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse_credit_limit: Option<i64>,
    /// Compute size statements are sized for (`X-Small`, `2X-Large`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_statement_size: Option<String>,
    /// Older name of `warehouse_type` (deprecated; Snowflake still reports it).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub old_type: Option<String>,
    /// Older form of `warehouse_size`, such as `X-Small` (deprecated; Snowflake still reports
    /// it).
    #[serde(default, rename = "size", skip_serializing_if = "Option::is_none")]
    pub old_size: Option<String>,
    /// Where the warehouse stands: STARTED, SUSPENDED, RESIZING, … (read-only).
    #[serde(default, skip_serializing)]
    pub state: Option<String>,
    /// Clusters running now (read-only).
    #[serde(default, skip_serializing)]
    pub started_clusters: Option<i32>,
    /// Statements executing now (read-only).
    #[serde(default, skip_serializing)]
    pub running: Option<i32>,
    /// Statements waiting for the warehouse (read-only).
    #[serde(default, skip_serializing)]
    pub queued: Option<i32>,
    /// Whether it is the current user's default warehouse (read-only).
    #[serde(default, skip_serializing)]
    pub is_default: Option<bool>,
    /// Whether it is the session's current warehouse (read-only).
    #[serde(default, skip_serializing)]
    pub is_current: Option<bool>,
    /// Share of the compute provisioned and free, in percent (read-only).
    #[serde(default, skip_serializing)]
    pub available: Option<String>,
    /// Share of the compute being provisioned, in percent (read-only).
    #[serde(default, skip_serializing)]
    pub provisioning: Option<String>,
    /// Share of the compute finishing its statements before shutting down (read-only).
    #[serde(default, skip_serializing)]
    pub quiescing: Option<String>,
    /// Share of the compute in any other state (read-only).
    #[serde(default, skip_serializing)]
    pub other: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When it last started (read-only).
    #[serde(default, skip_serializing)]
    pub resumed_on: Option<Timestamp>,
    /// When a property or its state last changed (read-only).
    #[serde(default, skip_serializing)]
    pub updated_on: Option<Timestamp>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Budget it is attached to (read-only).
    #[serde(default, skip_serializing)]
    pub budget: Option<String>,
}

impl Warehouse {
    /// A warehouse definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(Warehouse {
    warehouse_type: WarehouseType,
    warehouse_size: WarehouseSize,
    wait_for_completion: bool,
    max_cluster_count: i32,
    min_cluster_count: i32,
    scaling_policy: ScalingPolicy,
    auto_suspend: i32,
    auto_resume: bool,
    initially_suspended: bool,
    resource_monitor: String,
    comment: String,
    enable_query_acceleration: bool,
    query_acceleration_max_scale_factor: i32,
    max_concurrency_level: i32,
    statement_queued_timeout_in_seconds: i32,
    statement_timeout_in_seconds: i32,
    warehouse_credit_limit: i64,
    target_statement_size: String,
});

impl Named for Warehouse {
    fn name(&self) -> &str {
        &self.name
    }
}
