//! One table: `schema.tables().get(name)`.

use snowapi_rest::table::{Client, types};

use super::{Table, TableClone};
use crate::{
    CoreError, CreateMode, PollingOperation,
    call::discard,
    convert::{from_wire, to_wire},
    schema::{SchemaObject, schema_object_accessors},
    verbs::{drop_verbs, tag_verbs},
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

    /// The table as Snowflake has it now, with its columns and constraints.
    pub async fn fetch(&self) -> Result<Table, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_table", || {
                client.fetch_table(&database, &schema, &name)
            })
            .await?;
        from_wire(wire)
    }

    /// Creates the table as `table` describes it, or alters the existing one to match: columns
    /// added, dropped or changed, keys added or dropped, settings set (send the whole
    /// definition, as a fetched and edited one is).
    pub async fn create_or_alter(&self, table: &Table) -> Result<(), CoreError> {
        self.create_or_alter_async(table).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        table: &Table,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Table = to_wire(table)?;
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .create_or_alter_table(&database, &schema, &name, &body)
            .await;
        self.root()
            .start("create_or_alter_table", answer, discard)
            .await
    }

    /// Restores the most recently dropped table of this name.
    pub async fn undrop(&self) -> Result<(), CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self.client().undrop_table(&database, &schema, &name).await;
        self.root().finish("undrop_table", answer, discard).await
    }

    /// Clones the table (at a point of time, if `clone` names one) into a new table of the same
    /// schema and returns its handle; [`TableCollection::create_clone`] clones into another
    /// schema.
    ///
    /// [`TableCollection::create_clone`]: super::TableCollection::create_clone
    pub async fn clone_to(
        &self,
        clone: &TableClone,
        mode: CreateMode,
    ) -> Result<TableResource, CoreError> {
        self.siblings().create_clone(self, clone, mode).await
    }

    /// [`clone_to`](Self::clone_to), returning the operation to poll.
    pub async fn clone_to_async(
        &self,
        clone: &TableClone,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.siblings().create_clone_async(self, clone, mode).await
    }

    fn siblings(&self) -> super::TableCollection {
        self.schema().tables().copy_grants(self.copy_grants)
    }

    /// Exchanges, atomically, the contents and metadata of this table with those of `other`
    /// (`ALTER TABLE … SWAP WITH`); with `if_exists`, does nothing when this table is missing.
    pub async fn swap_with(&self, other: &TableResource, if_exists: bool) -> Result<(), CoreError> {
        self.swap_with_async(other, if_exists).await?.result().await
    }

    /// [`swap_with`](Self::swap_with), returning the operation to poll.
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
    pub async fn suspend_recluster(&self, if_exists: bool) -> Result<(), CoreError> {
        self.suspend_recluster_async(if_exists)
            .await?
            .result()
            .await
    }

    /// [`suspend_recluster`](Self::suspend_recluster), returning the operation to poll.
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
    pub async fn resume_recluster(&self, if_exists: bool) -> Result<(), CoreError> {
        self.resume_recluster_async(if_exists).await?.result().await
    }

    /// [`resume_recluster`](Self::resume_recluster), returning the operation to poll.
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

drop_verbs!(
    TableResource,
    "table",
    (database, schema, name),
    delete_table
);

tag_verbs!(
    TableResource,
    "table",
    (database, schema, name),
    get_table_tags,
    set_table_tags,
    unset_table_tags
);
