//! One compute pool: `root.compute_pools().get(name)`.

use snowapi_rest::compute_pool::types;

use super::ComputePool;
use crate::{
    CoreError, PollingOperation, TagAssignment, TagReference,
    account_object::account_object_handle,
    call::discard,
    convert::{from_wire, list_from_wire, to_wire},
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
    /// The compute pool as Snowflake has it now.
    pub async fn fetch(&self) -> Result<ComputePool, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("fetch_compute_pool", || client.fetch_compute_pool(&id))
            .await?;
        from_wire(wire)
    }

    /// Creates the pool as `pool` describes it, or alters the existing one to match (its
    /// instance family cannot change).
    pub async fn create_or_alter(&self, pool: &ComputePool) -> Result<(), CoreError> {
        self.create_or_alter_async(pool).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        pool: &ComputePool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::ComputePool = to_wire(pool)?;
        let answer = self
            .client()
            .create_or_alter_compute_pool(&self.id(), &body)
            .await;
        self.root
            .start("create_or_alter_compute_pool", answer, discard)
            .await
    }

    /// Drops the pool; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the pool if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the pool, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let answer = self
            .client()
            .delete_compute_pool(&self.id(), Some(if_exists))
            .await;
        self.root
            .start("delete_compute_pool", answer, discard)
            .await
    }

    /// Suspends the pool: its nodes go away once its services are stopped.
    pub async fn suspend(&self) -> Result<(), CoreError> {
        self.suspend_async().await?.result().await
    }

    /// [`suspend`](Self::suspend), returning the operation to poll.
    pub async fn suspend_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let answer = self.client().suspend_compute_pool(&self.id()).await;
        self.root
            .start("suspend_compute_pool", answer, discard)
            .await
    }

    /// Resumes the suspended pool.
    pub async fn resume(&self) -> Result<(), CoreError> {
        self.resume_async().await?.result().await
    }

    /// [`resume`](Self::resume), returning the operation to poll.
    pub async fn resume_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let answer = self.client().resume_compute_pool(&self.id()).await;
        self.root
            .start("resume_compute_pool", answer, discard)
            .await
    }

    /// Stops every service and job running on the pool.
    pub async fn stop_all_services(&self) -> Result<(), CoreError> {
        self.stop_all_services_async().await?.result().await
    }

    /// [`stop_all_services`](Self::stop_all_services), returning the operation to poll.
    pub async fn stop_all_services_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let answer = self
            .client()
            .stop_all_services_in_compute_pool(&self.id())
            .await;
        self.root
            .start("stop_all_services_in_compute_pool", answer, discard)
            .await
    }

    /// The tags set on the pool (with those it inherits when `with_lineage`).
    pub async fn get_tags(&self, with_lineage: bool) -> Result<Vec<TagAssignment>, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("get_compute_pool_tags", || {
                client.get_compute_pool_tags(&id, Some(with_lineage))
            })
            .await?;
        list_from_wire(wire)
    }

    /// Sets tags on the pool.
    pub async fn set_tags(&self, tags: &[TagAssignment]) -> Result<(), CoreError> {
        let body: Vec<types::TagAssignment> = to_wire(&tags)?;
        let answer = self
            .client()
            .set_compute_pool_tags(&self.id(), None, &body)
            .await;
        self.root
            .finish("set_compute_pool_tags", answer, discard)
            .await
    }

    /// Removes tags from the pool.
    pub async fn unset_tags(&self, tags: &[TagReference]) -> Result<(), CoreError> {
        let body: Vec<types::TagReference> = to_wire(&tags)?;
        let answer = self
            .client()
            .unset_compute_pool_tags(&self.id(), None, &body)
            .await;
        self.root
            .finish("unset_compute_pool_tags", answer, discard)
            .await
    }
}
