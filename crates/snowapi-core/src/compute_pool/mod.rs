//! Compute pools of Snowpark Container Services: `root.compute_pools()`.

mod collection;
mod model;
mod resource;

pub use collection::ComputePoolCollection;
pub use model::{ComputePool, ComputePoolState, InstanceFamily};
pub use resource::ComputePoolResource;
