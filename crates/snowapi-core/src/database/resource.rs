//! One database: `root.databases().get(name)`.

use snowapi_rest::database::{Client, types};

use super::{Database, DatabaseClone};
use crate::{
    CoreError, CreateMode, PollingOperation, Root, TagAssignment, TagReference,
    call::discard,
    convert::{from_wire, list_from_wire, to_wire},
};

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
#[derive(Debug, Clone)]
pub struct DatabaseResource {
    root: Root,
    name: String,
}

impl DatabaseResource {
    pub(crate) fn new(root: Root, name: String) -> Self {
        Self { root, name }
    }

    /// The database's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name to use in SQL (for a database, its name).
    pub fn fully_qualified_name(&self) -> String {
        self.name.clone()
    }

    /// The root this handle belongs to.
    pub fn root(&self) -> &Root {
        &self.root
    }

    fn id(&self) -> types::Identifier {
        types::Identifier(self.name.clone())
    }

    fn client(&self) -> Client {
        self.root.api()
    }

    /// The database as Snowflake has it now.
    pub async fn fetch(&self) -> Result<Database, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("fetch_database", || client.fetch_database(&id))
            .await?;
        from_wire(wire)
    }

    /// Creates the database as `database` describes it, or alters the existing one to match
    /// (settings left unset go back to their defaults, as in snowflake.core).
    pub async fn create_or_alter(&self, database: &Database) -> Result<(), CoreError> {
        self.create_or_alter_async(database).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        database: &Database,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Database = to_wire(database)?;
        let answer = self
            .client()
            .create_or_alter_database(&self.id(), &body)
            .await;
        self.root
            .start("create_or_alter_database", answer, discard)
            .await
    }

    /// Drops the database; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the database if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the database, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let answer = self
            .client()
            .delete_database(&self.id(), Some(if_exists), None)
            .await;
        self.root.start("delete_database", answer, discard).await
    }

    /// Restores the most recently dropped database of this name.
    pub async fn undrop(&self) -> Result<(), CoreError> {
        let answer = self.client().undrop_database(&self.id()).await;
        self.root.finish("undrop_database", answer, discard).await
    }

    /// Clones the database (at a point of time, if `clone` names one) into a new one and
    /// returns the new database's handle.
    pub async fn clone_to(
        &self,
        clone: &DatabaseClone,
        mode: CreateMode,
    ) -> Result<DatabaseResource, CoreError> {
        self.clone_to_async(clone, mode).await?.result().await?;
        Ok(Self::new(self.root.clone(), clone.name.clone()))
    }

    /// [`clone_to`](Self::clone_to), returning the operation to poll.
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

    /// The tags set on the database (with those it inherits when `with_lineage`).
    pub async fn get_tags(&self, with_lineage: bool) -> Result<Vec<TagAssignment>, CoreError> {
        let (client, id) = (self.client(), self.id());
        let wire = self
            .root
            .idempotent("get_database_tags", || {
                client.get_database_tags(&id, Some(with_lineage))
            })
            .await?;
        list_from_wire(wire)
    }

    /// Sets tags on the database.
    pub async fn set_tags(&self, tags: &[TagAssignment]) -> Result<(), CoreError> {
        let body: Vec<types::TagAssignment> = to_wire(&tags)?;
        let answer = self
            .client()
            .set_database_tags(&self.id(), None, &body)
            .await;
        self.root.finish("set_database_tags", answer, discard).await
    }

    /// Removes tags from the database.
    pub async fn unset_tags(&self, tags: &[TagReference]) -> Result<(), CoreError> {
        let body: Vec<types::TagReference> = to_wire(&tags)?;
        let answer = self
            .client()
            .unset_database_tags(&self.id(), None, &body)
            .await;
        self.root
            .finish("unset_database_tags", answer, discard)
            .await
    }
}
