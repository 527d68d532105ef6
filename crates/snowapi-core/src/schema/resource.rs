//! One schema: `database.schemas().get(name)`.

use snowapi_rest::schema::{Client, types};

use super::{Schema, SchemaClone};
use crate::{
    CoreError, CreateMode, PollingOperation, Root,
    call::discard,
    convert::{from_wire, ident, to_wire},
    database::DatabaseResource,
    verbs::tag_verbs,
};

/// A reference to one schema (snowflake.core's `SchemaResource`). Building it makes no request;
/// cheap to clone. Its `tables()`, `views()` and `stages()` lead to the objects inside.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, schema::{Schema, SchemaClone}};
///
/// let staging = root.databases().get("sales").schemas().get("staging");
/// staging.create_or_alter(&Schema::new("staging").comment("raw loads")).await?;
/// assert_eq!(staging.fetch().await?.comment.as_deref(), Some("raw loads"));
/// let copy = staging.clone_to(&SchemaClone::new("staging_copy"), CreateMode::OrReplace).await?;
/// copy.drop().await?;
/// copy.undrop().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SchemaResource {
    root: Root,
    database: String,
    name: String,
}

impl SchemaResource {
    pub(crate) fn new(root: Root, database: String, name: String) -> Self {
        Self {
            root,
            database,
            name,
        }
    }

    /// The schema's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name of its database as given.
    pub fn database_name(&self) -> &str {
        &self.database
    }

    /// The name to use in SQL: `database.schema`.
    pub fn fully_qualified_name(&self) -> String {
        format!("{}.{}", self.database, self.name)
    }

    /// The database holding the schema.
    pub fn database(&self) -> DatabaseResource {
        DatabaseResource::new(self.root.clone(), self.database.clone())
    }

    /// The root this handle belongs to.
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// Where the objects of this schema live, for their collections.
    pub(crate) fn scope(&self) -> super::SchemaScope {
        super::SchemaScope {
            root: self.root.clone(),
            database: self.database.clone(),
            schema: self.name.clone(),
        }
    }

    fn ids(&self) -> (types::Identifier, types::Identifier) {
        (ident(&self.database), ident(&self.name))
    }

    fn client(&self) -> Client {
        self.root.api()
    }

    /// The schema as Snowflake has it now.
    pub async fn fetch(&self) -> Result<Schema, CoreError> {
        let (client, (database, name)) = (self.client(), self.ids());
        let wire = self
            .root
            .idempotent("fetch_schema", || client.fetch_schema(&database, &name))
            .await?;
        from_wire(wire)
    }

    /// Creates the schema as `schema` describes it, or alters the existing one to match
    /// (settings left unset go back to their defaults, as in snowflake.core).
    pub async fn create_or_alter(&self, schema: &Schema) -> Result<(), CoreError> {
        self.create_or_alter_async(schema).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        schema: &Schema,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Schema = to_wire(schema)?;
        let (database, name) = self.ids();
        let answer = self
            .client()
            .create_or_alter_schema(&database, &name, None, &body)
            .await;
        self.root
            .start("create_or_alter_schema", answer, discard)
            .await
    }

    /// Drops the schema and everything in it; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false, false).await?.result().await
    }

    /// Drops the schema if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true, false).await?.result().await
    }

    /// Starts dropping the schema, returning the operation to poll. With `restrict`, Snowflake
    /// refuses when tables of the schema are referenced by foreign keys from elsewhere.
    pub async fn drop_async(
        &self,
        if_exists: bool,
        restrict: bool,
    ) -> Result<PollingOperation<()>, CoreError> {
        let (database, name) = self.ids();
        let answer = self
            .client()
            .delete_schema(&database, &name, Some(if_exists), restrict.then_some(true))
            .await;
        self.root.start("delete_schema", answer, discard).await
    }

    /// Restores the most recently dropped schema of this name.
    pub async fn undrop(&self) -> Result<(), CoreError> {
        let (database, name) = self.ids();
        let answer = self.client().undrop_schema(&database, &name).await;
        self.root.finish("undrop_schema", answer, discard).await
    }

    /// Clones the schema (at a point of time, if `clone` names one) into a new schema of the
    /// same database and returns its handle; [`SchemaCollection::create_clone`] clones into
    /// another database.
    ///
    /// [`SchemaCollection::create_clone`]: super::SchemaCollection::create_clone
    pub async fn clone_to(
        &self,
        clone: &SchemaClone,
        mode: CreateMode,
    ) -> Result<SchemaResource, CoreError> {
        self.database()
            .schemas()
            .create_clone(self, clone, mode)
            .await
    }

    /// [`clone_to`](Self::clone_to), returning the operation to poll.
    pub async fn clone_to_async(
        &self,
        clone: &SchemaClone,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        self.database()
            .schemas()
            .create_clone_async(self, clone, mode)
            .await
    }
}

tag_verbs!(
    SchemaResource,
    "schema",
    (database, name),
    get_schema_tags,
    set_schema_tags,
    unset_schema_tags
);
