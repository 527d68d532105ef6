//! `root.warehouses()`: create, list and address warehouses.

use snowapi_rest::warehouse::{Client, types};

use super::{Warehouse, WarehouseResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
    /// The warehouses of the account (snowflake.core's `WarehouseCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, warehouse::{Warehouse, WarehouseSize}};
    ///
    /// let warehouses = root.warehouses();
    /// let wh = Warehouse::new("etl_wh").warehouse_size(WarehouseSize::Small).auto_suspend(60);
    /// let etl = warehouses.create(&wh, CreateMode::IfNotExists).await?;
    /// for wh in warehouses.iter().like("etl%").send().await? {
    ///     tracing::info!(name = %wh.name, state = ?wh.state, "warehouse");
    /// }
    /// etl.suspend().await?;
    /// # Ok(()) }
    /// ```
    account WarehouseCollection;
    /// The warehouses of the account.
    fn warehouses;
}

collection_verbs! {
    account WarehouseCollection => WarehouseResource(Warehouse), "warehouse",
    ["warehouses", "let warehouses = root.warehouses();", "etl_wh", "snowapi_core::warehouse::Warehouse::new(\"etl_wh\").auto_suspend(60)"],
    |warehouse| create_warehouse(),
    iter: list_warehouses(like) local
}
