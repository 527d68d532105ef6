//! One warehouse: `root.warehouses().get(name)`.

use snowapi_rest::warehouse::types;

use super::Warehouse;
use crate::{
    CoreError, PollingOperation, TagAssignment, TagReference,
    account_object::account_object_handle,
    call::discard,
    convert::{from_wire, list_from_wire, to_wire},
};

account_object_handle!(
    /// A reference to one warehouse (snowflake.core's `WarehouseResource`). Building it makes no
    /// request; cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::warehouse::{Warehouse, WarehouseSize};
    ///
    /// let wh = root.warehouses().get("etl_wh");
    /// wh.create_or_alter(&Warehouse::new("etl_wh").warehouse_size(WarehouseSize::Medium)).await?;
    /// wh.resume().await?;
    /// wh.use_warehouse().await?;
    /// let renamed = wh.rename("etl_wh_2").await?;
    /// renamed.suspend().await?;
    /// renamed.drop().await?;
    /// # Ok(()) }
    /// ```
    WarehouseResource,
    warehouse,
    "warehouse"
);

/// The warehouse actions that take only `ifExists`.
#[derive(Clone, Copy)]
enum Action {
    Suspend,
    Resume,
    Abort,
    Enable,
    Disable,
}

impl WarehouseResource {
    /// The warehouse as Snowflake has it now.
    pub async fn fetch(&self) -> Result<Warehouse, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("fetch_warehouse", || client.fetch_warehouse(&id))
            .await?;
        from_wire(wire)
    }

    /// Creates the warehouse as `warehouse` describes it, or alters the existing one to match
    /// (settings left unset go back to their defaults, as in snowflake.core).
    pub async fn create_or_alter(&self, warehouse: &Warehouse) -> Result<(), CoreError> {
        self.create_or_alter_async(warehouse).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        warehouse: &Warehouse,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Warehouse = to_wire(warehouse)?;
        let answer = self
            .client()
            .create_or_alter_warehouse(&self.id(), &body)
            .await;
        self.root
            .start("create_or_alter_warehouse", answer, discard)
            .await
    }

    /// Drops the warehouse; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the warehouse if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the warehouse, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let answer = self
            .client()
            .delete_warehouse(&self.id(), Some(if_exists))
            .await;
        self.root.start("delete_warehouse", answer, discard).await
    }

    async fn action(
        &self,
        action: Action,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let (client, id, if_exists) = (self.client(), self.id(), Some(if_exists));
        let (operation, answer) = match action {
            Action::Suspend => (
                "suspend_warehouse",
                client.suspend_warehouse(&id, if_exists).await,
            ),
            Action::Resume => (
                "resume_warehouse",
                client.resume_warehouse(&id, if_exists).await,
            ),
            Action::Abort => (
                "abort_all_queries_on_warehouse",
                client.abort_all_queries_on_warehouse(&id, if_exists).await,
            ),
            Action::Enable => (
                "enable_warehouse",
                client.enable_warehouse(&id, if_exists).await,
            ),
            Action::Disable => (
                "disable_warehouse",
                client.disable_warehouse(&id, if_exists).await,
            ),
        };
        self.root.start(operation, answer, discard).await
    }

    /// Suspends the warehouse: its clusters stop and stop spending credits.
    pub async fn suspend(&self) -> Result<(), CoreError> {
        self.suspend_async(false).await?.result().await
    }

    /// Starts suspending the warehouse (doing nothing if it is missing and `if_exists`).
    pub async fn suspend_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Suspend, if_exists).await
    }

    /// Resumes the suspended warehouse.
    pub async fn resume(&self) -> Result<(), CoreError> {
        self.resume_async(false).await?.result().await
    }

    /// Starts resuming the warehouse (doing nothing if it is missing and `if_exists`).
    pub async fn resume_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Resume, if_exists).await
    }

    /// Cancels every statement running or queued on the warehouse.
    pub async fn abort_all_queries(&self) -> Result<(), CoreError> {
        self.abort_all_queries_async(false).await?.result().await
    }

    /// Starts cancelling every statement of the warehouse (doing nothing if it is missing and
    /// `if_exists`).
    pub async fn abort_all_queries_async(
        &self,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Abort, if_exists).await
    }

    /// Enables the warehouse (an administrator's switch; a disabled warehouse runs nothing).
    pub async fn enable(&self) -> Result<(), CoreError> {
        self.enable_async(false).await?.result().await
    }

    /// Starts enabling the warehouse (doing nothing if it is missing and `if_exists`).
    pub async fn enable_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Enable, if_exists).await
    }

    /// Disables the warehouse.
    pub async fn disable(&self) -> Result<(), CoreError> {
        self.disable_async(false).await?.result().await
    }

    /// Starts disabling the warehouse (doing nothing if it is missing and `if_exists`).
    pub async fn disable_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Disable, if_exists).await
    }

    /// Renames the warehouse and returns the handle of its new name (other settings are kept;
    /// use [`create_or_alter`](Self::create_or_alter) to change them).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let renamed = root.warehouses().get("old_wh").rename("new_wh").await?;
    /// assert_eq!(renamed.name(), "new_wh");
    /// # Ok(()) }
    /// ```
    pub async fn rename(
        &self,
        new_name: impl Into<String>,
    ) -> Result<WarehouseResource, CoreError> {
        let new_name = new_name.into();
        self.rename_async(&new_name, false).await?.result().await?;
        Ok(Self::new(self.root.clone(), new_name))
    }

    /// Starts renaming the warehouse to `new_name` (doing nothing if it is missing and
    /// `if_exists`).
    pub async fn rename_async(
        &self,
        new_name: &str,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Warehouse = to_wire(&Warehouse::new(new_name))?;
        let answer = self
            .client()
            .rename_warehouse(&self.id(), Some(if_exists), &body)
            .await;
        self.root.start("rename_warehouse", answer, discard).await
    }

    /// Makes the warehouse the current one of the session the root's requests run in.
    pub async fn use_warehouse(&self) -> Result<(), CoreError> {
        self.use_warehouse_async().await?.result().await
    }

    /// [`use_warehouse`](Self::use_warehouse), returning the operation to poll.
    pub async fn use_warehouse_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let answer = self.client().use_warehouse(&self.id()).await;
        self.root.start("use_warehouse", answer, discard).await
    }

    /// The tags set on the warehouse (with those it inherits when `with_lineage`).
    pub async fn get_tags(&self, with_lineage: bool) -> Result<Vec<TagAssignment>, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("get_warehouse_tags", || {
                client.get_warehouse_tags(&id, Some(with_lineage))
            })
            .await?;
        list_from_wire(wire)
    }

    /// Sets tags on the warehouse.
    pub async fn set_tags(&self, tags: &[TagAssignment]) -> Result<(), CoreError> {
        let body: Vec<types::TagAssignment> = to_wire(&tags)?;
        let answer = self
            .client()
            .set_warehouse_tags(&self.id(), None, &body)
            .await;
        self.root
            .finish("set_warehouse_tags", answer, discard)
            .await
    }

    /// Removes tags from the warehouse.
    pub async fn unset_tags(&self, tags: &[TagReference]) -> Result<(), CoreError> {
        let body: Vec<types::TagReference> = to_wire(&tags)?;
        let answer = self
            .client()
            .unset_warehouse_tags(&self.id(), None, &body)
            .await;
        self.root
            .finish("unset_warehouse_tags", answer, discard)
            .await
    }
}
