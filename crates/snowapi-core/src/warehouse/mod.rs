//! Warehouses: `root.warehouses()`.

mod collection;
mod model;
mod resource;

pub use collection::WarehouseCollection;
pub use model::{ScalingPolicy, Warehouse, WarehouseSize, WarehouseType};
pub use resource::WarehouseResource;
