//! One warehouse: `root.warehouses().get(name)`.

use snowapi_rest::warehouse::types;

use super::Warehouse;
use crate::{
    CoreError, PollingOperation, account_object::account_object_handle, call::discard,
    convert::to_wire, verbs::generic_verbs,
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
    Abort,
    Enable,
    Disable,
}

impl WarehouseResource {
    async fn action(
        &self,
        action: Action,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let (client, id, if_exists) = (self.client(), self.id(), Some(if_exists));
        let (operation, answer) = match action {
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

    /// Cancels every statement running or queued on the warehouse.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let wh = root.warehouses().get("adhoc_wh");
    /// wh.abort_all_queries().await?;
    /// # Ok(()) }
    /// ```
    pub async fn abort_all_queries(&self) -> Result<(), CoreError> {
        self.abort_all_queries_async(false).await?.result().await
    }

    /// Starts cancelling every statement of the warehouse (doing nothing if it is missing and
    /// `if_exists`).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.warehouses().get("etl_wh").abort_all_queries_async(false).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn abort_all_queries_async(
        &self,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Abort, if_exists).await
    }

    /// Enables the warehouse (an administrator's switch; a disabled warehouse runs nothing).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// root.warehouses().get("reporting_wh").enable().await?;
    /// # Ok(()) }
    /// ```
    pub async fn enable(&self) -> Result<(), CoreError> {
        self.enable_async(false).await?.result().await
    }

    /// Starts enabling the warehouse (doing nothing if it is missing and `if_exists`).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let wh = root.warehouses().get("reporting_wh");
    /// wh.enable_async(true).await?.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn enable_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        self.action(Action::Enable, if_exists).await
    }

    /// Disables the warehouse.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let wh = root.warehouses().get("legacy_wh");
    /// wh.disable().await?;
    /// # Ok(()) }
    /// ```
    pub async fn disable(&self) -> Result<(), CoreError> {
        self.disable_async(false).await?.result().await
    }

    /// Starts disabling the warehouse (doing nothing if it is missing and `if_exists`).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.warehouses().get("legacy_wh").disable_async(false).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let operation = root.warehouses().get("old_wh").rename_async("new_wh", true).await?;
    /// operation.result().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let wh = root.warehouses().get("compute_wh");
    /// wh.use_warehouse().await?;
    /// # Ok(()) }
    /// ```
    pub async fn use_warehouse(&self) -> Result<(), CoreError> {
        self.use_warehouse_async().await?.result().await
    }

    /// [`use_warehouse`](Self::use_warehouse), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let op = root.warehouses().get("compute_wh").use_warehouse_async().await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn use_warehouse_async(&self) -> Result<PollingOperation<()>, CoreError> {
        let answer = self.client().use_warehouse(&self.id()).await;
        self.root.start("use_warehouse", answer, discard).await
    }
}

generic_verbs! {
    WarehouseResource, "warehouse", ["wh", "let wh = root.warehouses().get(\"etl_wh\");"], (id);
    fetch(fetch_warehouse -> Warehouse);
    create_or_alter(create_or_alter_warehouse(), Warehouse, "snowapi_core::warehouse::Warehouse::new(\"etl_wh\").auto_suspend(60)", " (settings left unset go back to their defaults, as in snowflake.core)");
    drop(delete_warehouse());
    suspend_resume(suspend_warehouse, resume_warehouse, if_exists);
    tags(get_warehouse_tags, set_warehouse_tags, unset_warehouse_tags);
}
