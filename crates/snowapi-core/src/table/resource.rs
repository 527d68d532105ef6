//! One table: `schema.tables().get(name)`.

use snowapi_rest::table::{Client, types};

use super::{Table, TableClone};
use crate::{
    CoreError, PollingOperation,
    call::discard,
    schema::{SchemaObject, schema_object_accessors},
    verbs::generic_verbs,
};

/// A reference to one table (snowflake.core's `TableResource`). Building it makes no request;
/// cheap to clone.
///
/// The Python quickstart's step — fetch a table, add a column and a primary key, apply:
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::table::{PrimaryKey, TableColumn};
///
/// let table = root.databases().get("demo").schemas().get("public").tables().get("readings");
/// let mut definition = table.fetch().await?;
/// definition.columns.push(
///     TableColumn::new("elevation", "INT").nullable(false).constraint(PrimaryKey::default()),
/// );
/// table.create_or_alter(&definition).await?;
/// assert_eq!(table.fetch().await?.columns.len(), definition.columns.len());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TableResource {
    at: SchemaObject,
    copy_grants: bool,
}

schema_object_accessors!(TableResource, "table");

impl TableResource {
    pub(crate) fn new(at: SchemaObject, copy_grants: bool) -> Self {
        Self { at, copy_grants }
    }

    pub(crate) fn ids(&self) -> (types::Identifier, types::Identifier, types::Identifier) {
        self.at.ids()
    }

    fn client(&self) -> Client {
        self.at.root().api()
    }

    fn siblings(&self) -> super::TableCollection {
        self.schema().tables().copy_grants(self.copy_grants)
    }

    /// Exchanges, atomically, the contents and metadata of this table with those of `other`
    /// (`ALTER TABLE … SWAP WITH`); with `if_exists`, does nothing when this table is missing.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let public = root.databases().get("sales").schemas().get("public");
    /// let (live, staged) = (public.tables().get("orders"), public.tables().get("orders_staging"));
    /// live.swap_with(&staged, false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn swap_with(&self, other: &TableResource, if_exists: bool) -> Result<(), CoreError> {
        self.swap_with_async(other, if_exists).await?.result().await
    }

    /// [`swap_with`](Self::swap_with), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let op = tables.get("dim_customer").swap_with_async(&tables.get("dim_customer_new"), true).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn swap_with_async(
        &self,
        other: &TableResource,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let (other_database, other_schema, other_name) = other.ids();
        let answer = self
            .client()
            .swap_with_table(
                &database,
                &schema,
                &name,
                Some(if_exists),
                Some(&other_database),
                &other_name,
                Some(&other_schema),
            )
            .await;
        self.root().start("swap_with_table", answer, discard).await
    }

    /// Pauses Automatic Clustering of the table; with `if_exists`, does nothing when it is
    /// missing.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let events = root.databases().get("logs").schemas().get("raw").tables().get("events");
    /// events.suspend_recluster(false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn suspend_recluster(&self, if_exists: bool) -> Result<(), CoreError> {
        self.suspend_recluster_async(if_exists)
            .await?
            .result()
            .await
    }

    /// [`suspend_recluster`](Self::suspend_recluster), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let events = root.databases().get("logs").schemas().get("raw").tables().get("events");
    /// let op = events.suspend_recluster_async(true).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn suspend_recluster_async(
        &self,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .suspend_recluster_table(&database, &schema, &name, Some(if_exists))
            .await;
        self.root()
            .start("suspend_recluster_table", answer, discard)
            .await
    }

    /// Restarts Automatic Clustering of the table; with `if_exists`, does nothing when it is
    /// missing.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let events = root.databases().get("logs").schemas().get("raw").tables().get("events");
    /// events.resume_recluster(true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn resume_recluster(&self, if_exists: bool) -> Result<(), CoreError> {
        self.resume_recluster_async(if_exists).await?.result().await
    }

    /// [`resume_recluster`](Self::resume_recluster), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let clicks = root.databases().get("logs").schemas().get("raw").tables().get("clicks");
    /// clicks.resume_recluster_async(false).await?.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn resume_recluster_async(
        &self,
        if_exists: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .resume_recluster_table(&database, &schema, &name, Some(if_exists))
            .await;
        self.root()
            .start("resume_recluster_table", answer, discard)
            .await
    }
}

generic_verbs! {
    TableResource, "table", ["orders", "let orders = root.databases().get(\"sales\").schemas().get(\"public\").tables().get(\"orders\");"], (database, schema, name);
    fetch(fetch_table -> Table);
    create_or_alter(create_or_alter_table(), Table, "snowapi_core::table::Table::new(\"orders\").column(snowapi_core::table::TableColumn::new(\"id\", \"NUMBER\"))", ": columns added, dropped or changed, keys added or dropped, settings set (send the whole definition, as a fetched and edited one is)");
    drop(delete_table());
    undrop(undrop_table);
    tags(get_table_tags, set_table_tags, unset_table_tags);
    clone_to(&TableClone, "&snowapi_core::table::TableClone::new(\"orders_copy\")", |this| this.siblings(), "a new table of the same schema (at a point of time, if `clone` names one)");
}
