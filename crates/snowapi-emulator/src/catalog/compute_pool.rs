//! Compute pools: the nodes Snowpark Container Services run services on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Name, ObjectInfo};

/// Where a compute pool stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ComputePoolState {
    /// Created and provisioning its nodes (for `EngineConfig::compute_pool_start_delay`).
    Starting,
    /// Resumed and provisioning its nodes again.
    Resuming,
    /// Running, with no services.
    Idle,
    /// Running services.
    Active,
    /// No nodes.
    Suspended,
}

impl ComputePoolState {
    /// Snowflake's spelling (`STARTING`, `IDLE`, `ACTIVE`, `SUSPENDED`). A resuming pool is
    /// reported as STARTING: Snowflake's list of pool states has no RESUMING.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starting => "STARTING",
            Self::Resuming => "STARTING",
            Self::Idle => "IDLE",
            Self::Active => "ACTIVE",
            Self::Suspended => "SUSPENDED",
        }
    }
}

/// A compute pool (account-level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComputePool {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Fewest nodes while running.
    pub min_nodes: u32,
    /// Most nodes.
    pub max_nodes: u32,
    /// Machine type of the nodes (`CPU_X64_XS`, `GPU_NV_S`, ...).
    pub instance_family: String,
    /// Whether creating a service resumes it.
    pub auto_resume: bool,
    /// Idle seconds before it suspends itself.
    pub auto_suspend_secs: u64,
    /// Whether only one application may use it.
    pub is_exclusive: bool,
    /// STARTING or RESUMING (until the start delay has passed since `resumed_on`), running
    /// (IDLE/ACTIVE) or SUSPENDED. IDLE and ACTIVE follow from the services on it.
    pub state: ComputePoolState,
    /// When it last resumed.
    pub resumed_on: Option<DateTime<Utc>>,
    /// When it last changed.
    pub updated_on: Option<DateTime<Utc>>,
}

/// Instance families Snowflake offers.
pub const INSTANCE_FAMILIES: &[&str] = &[
    "CPU_X64_XS",
    "CPU_X64_S",
    "CPU_X64_M",
    "CPU_X64_SL",
    "CPU_X64_L",
    "HIGHMEM_X64_S",
    "HIGHMEM_X64_M",
    "HIGHMEM_X64_L",
    "HIGHMEM_X64_SL",
    "GPU_NV_XS",
    "GPU_NV_S",
    "GPU_NV_M",
    "GPU_NV_L",
    "GPU_NV_SM",
    "GPU_NV_2M",
    "GPU_NV_3M",
    "GPU_NV_SL",
    "GPU_GCP_NV_L4_1_24G",
    "GPU_GCP_NV_L4_4_24G",
    "GPU_GCP_NV_A100_8_40G",
];

/// The default of AUTO_SUSPEND_SECS.
pub const DEFAULT_POOL_AUTO_SUSPEND_SECS: u64 = 3600;
