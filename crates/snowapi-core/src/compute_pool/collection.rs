//! `root.compute_pools()`: create, list and address compute pools.

use std::num::NonZeroU64;

use snowapi_rest::compute_pool::{Client, types};

use super::{ComputePool, ComputePoolResource, InstanceFamily};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation, Root,
    call::discard,
    convert::{list_from_wire, to_wire},
    listing::{ServerFilters, filter_locally},
};

/// The compute pools of the account (snowflake.core's `ComputePoolCollection`). Cheap to
/// clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, compute_pool::ComputePool};
///
/// let pools = root.compute_pools();
/// for family in pools.instance_families().await? {
///     tracing::info!(name = %family.name, vcpu = ?family.vcpu, "instance family");
/// }
/// let pool = ComputePool::new("pool_s", "CPU_X64_S", 1, 1).initially_suspended(true);
/// let handle = pools.create(&pool, CreateMode::IfNotExists).await?;
/// handle.resume().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ComputePoolCollection {
    root: Root,
}

impl Root {
    /// The compute pools of the account.
    pub fn compute_pools(&self) -> ComputePoolCollection {
        ComputePoolCollection { root: self.clone() }
    }
}

impl ComputePoolCollection {
    /// The handle of compute pool `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> ComputePoolResource {
        ComputePoolResource::new(self.root.clone(), name.into())
    }

    /// Creates `pool` (suspended if `pool.initially_suspended`) and returns its handle.
    pub async fn create(
        &self,
        pool: &ComputePool,
        mode: CreateMode,
    ) -> Result<ComputePoolResource, CoreError> {
        self.create_async(pool, mode).await?.result().await?;
        Ok(self.get(pool.name.clone()))
    }

    /// Starts creating `pool`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        pool: &ComputePool,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::ComputePool = to_wire(pool)?;
        let client: Client = self.root.api();
        let answer = client
            .create_compute_pool(Some(mode.wire()?), pool.initially_suspended, &body)
            .await;
        self.root
            .start("create_compute_pool", answer, discard)
            .await
    }

    /// Lists compute pools; set filters on the returned [`Listing`]. The API does not take
    /// `from_name`: it applies to what the API returns.
    pub fn iter(&self) -> Listing<ComputePool> {
        let root = self.root.clone();
        Listing::new(move |options| {
            let root = root.clone();
            async move {
                let client: Client = root.api();
                // With `from_name`, the limit applies after it, here.
                let limit = options
                    .limit
                    .filter(|_| options.from_name.is_none())
                    .and_then(NonZeroU64::new);
                let items = root
                    .idempotent("list_compute_pools", || {
                        client.list_compute_pools(
                            options.like.as_deref(),
                            limit,
                            options.starts_with.as_deref(),
                        )
                    })
                    .await?;
                let taken = ServerFilters {
                    like: true,
                    starts_with: true,
                    limit: limit.is_some(),
                    from_name: false,
                };
                Ok(filter_locally(list_from_wire(items)?, &options, taken))
            }
        })
    }

    /// The machine types compute pool nodes can use.
    pub async fn instance_families(&self) -> Result<Vec<InstanceFamily>, CoreError> {
        let client: Client = self.root.api();
        let items = self
            .root
            .idempotent("list_compute_pool_instance_families", || {
                client.list_compute_pool_instance_families()
            })
            .await?;
        list_from_wire(items)
    }
}
