//! One schema: `database.schemas().get(name)`.

use snowapi_rest::schema::types;

use super::{Schema, SchemaClone};
use crate::{
    CoreError, PollingOperation, account_object::database_object_handle, call::discard,
    verbs::generic_verbs,
};

database_object_handle!(
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
    SchemaResource,
    schema,
    "schema"
);

impl SchemaResource {
    /// The name of its database as given.
    pub fn database_name(&self) -> &str {
        &self.database
    }

    /// Where the objects of this schema live, for their collections.
    pub(crate) fn scope(&self) -> super::SchemaScope {
        super::SchemaScope {
            root: self.root.clone(),
            database: self.database.clone(),
            schema: self.name.clone(),
        }
    }

    /// Drops the schema and everything in it; [`CoreError::NotFound`] if it does not exist.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// root.databases().get("sales").schemas().get("staging").drop().await?;
    /// # Ok(()) }
    /// ```
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false, false).await?.result().await
    }

    /// Drops the schema if it exists.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// root.databases().get("sales").schemas().get("staging").drop_if_exists().await?;
    /// # Ok(()) }
    /// ```
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true, false).await?.result().await
    }

    /// Starts dropping the schema, returning the operation to poll. With `restrict`, Snowflake
    /// refuses when tables of the schema are referenced by foreign keys from elsewhere.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let staging = root.databases().get("sales").schemas().get("staging");
    /// let operation = staging.drop_async(true, true).await?;
    /// operation.result().await?;
    /// # Ok(()) }
    /// ```
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
}

generic_verbs! {
    SchemaResource, "schema", ["staging", "let staging = root.databases().get(\"sales\").schemas().get(\"staging\");"], (database, name);
    fetch(fetch_schema -> Schema);
    create_or_alter(create_or_alter_schema(None), Schema, "snowapi_core::schema::Schema::new(\"staging\").comment(\"raw loads\")", " (settings left unset go back to their defaults, as in snowflake.core)");
    undrop(undrop_schema);
    tags(get_schema_tags, set_schema_tags, unset_schema_tags);
    clone_to(&SchemaClone, "&snowapi_core::schema::SchemaClone::new(\"staging_copy\")", |this| this.database().schemas(), "a new schema of the same database (at a point of time, if `clone` names one)");
}
