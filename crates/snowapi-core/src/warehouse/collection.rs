//! `root.warehouses()`: create, list and address warehouses.

use snowapi_rest::warehouse::{Client, types};

use super::{Warehouse, WarehouseResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation, Root,
    call::discard,
    convert::{list_from_wire, to_wire},
    listing::{ServerFilters, filter_locally},
};

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
#[derive(Debug, Clone)]
pub struct WarehouseCollection {
    root: Root,
}

impl Root {
    /// The warehouses of the account.
    pub fn warehouses(&self) -> WarehouseCollection {
        WarehouseCollection { root: self.clone() }
    }
}

impl WarehouseCollection {
    /// The handle of warehouse `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> WarehouseResource {
        WarehouseResource::new(self.root.clone(), name.into())
    }

    /// Creates `warehouse` and returns its handle.
    pub async fn create(
        &self,
        warehouse: &Warehouse,
        mode: CreateMode,
    ) -> Result<WarehouseResource, CoreError> {
        self.create_async(warehouse, mode).await?.result().await?;
        Ok(self.get(warehouse.name.clone()))
    }

    /// Starts creating `warehouse`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        warehouse: &Warehouse,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Warehouse = to_wire(warehouse)?;
        let client: Client = self.root.api();
        let answer = client.create_warehouse(Some(mode.wire()?), &body).await;
        self.root.start("create_warehouse", answer, discard).await
    }

    /// Lists warehouses; set filters on the returned [`Listing`]. The API filters by `like`
    /// only: the other filters apply to what it returns.
    pub fn iter(&self) -> Listing<Warehouse> {
        let root = self.root.clone();
        Listing::new(move |options| {
            let root = root.clone();
            async move {
                let client: Client = root.api();
                let items = root
                    .idempotent("list_warehouses", || {
                        client.list_warehouses(options.like.as_deref())
                    })
                    .await?;
                let taken = ServerFilters {
                    like: true,
                    ..ServerFilters::default()
                };
                Ok(filter_locally(list_from_wire(items)?, &options, taken))
            }
        })
    }
}
