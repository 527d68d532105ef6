//! One compute pool: `root.compute_pools().get(name)`.

use snowapi_rest::compute_pool::types;

use super::ComputePool;
use crate::{
    CoreError, PollingOperation, account_object::account_object_handle, call::discard,
    verbs::generic_verbs,
};

account_object_handle!(
    /// A reference to one compute pool (snowflake.core's `ComputePoolResource`). Building it makes
    /// no request; cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::compute_pool::{ComputePool, ComputePoolState};
    ///
    /// let pool = root.compute_pools().get("pool_s");
    /// pool.create_or_alter(&ComputePool::new("pool_s", "CPU_X64_S", 1, 2)).await?;
    /// pool.stop_all_services().await?;
    /// pool.suspend().await?;
    /// assert_eq!(pool.fetch().await?.state, Some(ComputePoolState::Suspended));
    /// pool.drop().await?;
    /// # Ok(()) }
    /// ```
    ComputePoolResource,
    compute_pool,
    "compute pool"
);

impl ComputePoolResource {
    /// Stops every service and job running on the pool.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let pool = root.compute_pools().get("pool_s");
    /// pool.stop_all_services().await?;
    /// pool.suspend().await?;
    /// # Ok(()) }
    /// ```
    pub async fn stop_all_services(&self) -> Result<(), CoreError> {
        self.stop_all_services_async().await?.result().await
    }

    /// [`stop_all_services`](Self::stop_all_services), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.compute_pools().get("gpu_pool").stop_all_services_async().await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn stop_all_services_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let answer = self
            .client()
            .stop_all_services_in_compute_pool(&self.id())
            .await;
        self.root
            .start("stop_all_services_in_compute_pool", answer, discard)
            .await
    }
}

generic_verbs! {
    ComputePoolResource, "compute pool", ["pool", "let pool = root.compute_pools().get(\"pool_s\");"], (id);
    fetch(fetch_compute_pool -> ComputePool);
    create_or_alter(create_or_alter_compute_pool(), ComputePool, "snowapi_core::compute_pool::ComputePool::new(\"pool_s\", \"CPU_X64_S\", 1, 2)", " (its instance family cannot change)");
    drop(delete_compute_pool());
    suspend_resume(suspend_compute_pool, resume_compute_pool);
    tags(get_compute_pool_tags, set_compute_pool_tags, unset_compute_pool_tags);
}
