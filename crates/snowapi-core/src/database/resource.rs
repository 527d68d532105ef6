//! One database: `root.databases().get(name)`.

use snowapi_rest::database::types;

use super::{Database, DatabaseClone};
use crate::{
    CoreError, CreateMode, PollingOperation, account_object::account_object_handle, call::discard,
    convert::to_wire, verbs::generic_verbs,
};

account_object_handle!(
    /// A reference to one database (snowflake.core's `DatabaseResource`). Building it makes no
    /// request; cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, database::{Database, DatabaseClone}};
    ///
    /// let sales = root.databases().get("sales");
    /// sales.create_or_alter(&Database::new("sales").comment("orders")).await?;
    /// let copy = sales.clone_to(&DatabaseClone::new("sales_copy"), CreateMode::OrReplace).await?;
    /// copy.drop().await?;
    /// copy.undrop().await?;
    /// # Ok(()) }
    /// ```
    DatabaseResource,
    database,
    "database"
);

impl DatabaseResource {
    /// Clones the database (at a point of time, if `clone` names one) into a new one and
    /// returns the new database's handle.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, PointOfTime, database::DatabaseClone};
    ///
    /// let sales = root.databases().get("sales");
    /// let an_hour_ago = DatabaseClone::new("sales_before").point_of_time(PointOfTime::offset(-3600));
    /// let copy = sales.clone_to(&an_hour_ago, CreateMode::ErrorIfExists).await?;
    /// assert_eq!(copy.name(), "sales_before");
    /// # Ok(()) }
    /// ```
    pub async fn clone_to(
        &self,
        clone: &DatabaseClone,
        mode: CreateMode,
    ) -> Result<DatabaseResource, CoreError> {
        self.clone_to_async(clone, mode).await?.result().await?;
        Ok(Self::new(self.root.clone(), clone.name.clone()))
    }

    /// [`clone_to`](Self::clone_to), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, database::DatabaseClone};
    ///
    /// let sales = root.databases().get("sales");
    /// let operation = sales.clone_to_async(&DatabaseClone::new("sales_copy"), CreateMode::OrReplace).await?;
    /// operation.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn clone_to_async(
        &self,
        clone: &DatabaseClone,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::DatabaseClone = to_wire(clone)?;
        let answer = self
            .client()
            .clone_database(&self.id(), Some(mode.wire()?), &body)
            .await;
        self.root.start("clone_database", answer, discard).await
    }
}

generic_verbs! {
    DatabaseResource, "database", ["sales", "let sales = root.databases().get(\"sales\");"], (id);
    fetch(fetch_database -> Database);
    create_or_alter(create_or_alter_database(), Database, "snowapi_core::database::Database::new(\"sales\").comment(\"orders\")", " (settings left unset go back to their defaults, as in snowflake.core)");
    drop(delete_database(None));
    undrop(undrop_database);
    tags(get_database_tags, set_database_tags, unset_database_tags);
}
