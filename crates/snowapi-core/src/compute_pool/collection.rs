//! `root.compute_pools()`: create, list and address compute pools.

use std::num::NonZeroU64;

use snowapi_rest::compute_pool::{Client, types};

use super::{ComputePool, ComputePoolResource, InstanceFamily};
use crate::{
    CoreError, Listing,
    convert::list_from_wire,
    listing::{ServerFilters, filter_locally},
    verbs::{collection_type, collection_verbs},
};

collection_type! {
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
    account ComputePoolCollection;
    /// The compute pools of the account.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let pools = root.compute_pools();
    /// let listed = pools.iter().starts_with("POOL").send().await?;
    /// # Ok(()) }
    /// ```
    fn compute_pools;
}

impl ComputePoolCollection {
    /// Lists compute pools; set filters on the returned [`Listing`]. The API does not take
    /// `from_name`: it applies to what the API returns.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// for pool in root.compute_pools().iter().starts_with("POOL").limit(10).send().await? {
    ///     tracing::info!(name = %pool.name, state = ?pool.state, "compute pool");
    /// }
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// for family in root.compute_pools().instance_families().await? {
    ///     println!("{}: {:?}", family.name, family.description);
    /// }
    /// # Ok(()) }
    /// ```
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

collection_verbs! {
    account ComputePoolCollection => ComputePoolResource(ComputePool), "compute pool",
    ["pools", "let pools = root.compute_pools();", "pool_s", "snowapi_core::compute_pool::ComputePool::new(\"pool_s\", \"CPU_X64_S\", 1, 1).initially_suspended(true)"],
    |pool| create_compute_pool(pool.initially_suspended)
}
