//! `database.schemas()`: create, list and address the schemas of a database.

use snowapi_rest::schema::{Client, types};

use super::{Schema, SchemaClone, SchemaResource};
use crate::{
    CoreError, CreateMode, PollingOperation,
    call::discard,
    convert::{ident, to_wire},
    verbs::{collection_type, collection_verbs},
};

collection_type! {
    /// The schemas of a database (snowflake.core's `SchemaCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, schema::Schema};
    ///
    /// let schemas = root.databases().get("sales").schemas();
    /// let staging = schemas.create(&Schema::new("staging").comment("raw loads"), CreateMode::IfNotExists).await?;
    /// assert_eq!(staging.fully_qualified_name(), "sales.staging");
    /// for schema in schemas.iter().starts_with("STAG").send().await? {
    ///     tracing::info!(name = %schema.name, "schema");
    /// }
    /// # Ok(()) }
    /// ```
    database SchemaCollection;
    /// The schemas of this database.
    fn schemas;
}

impl SchemaCollection {
    fn client(&self) -> Client {
        self.root.api()
    }

    /// Creates a schema of this database as a clone of `source` (a schema of this or another
    /// database), at a point of time if `clone` names one, and returns the new schema's handle
    /// (snowflake.core's `schemas.create(…, clone=…)`).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, PointOfTime, schema::SchemaClone};
    ///
    /// let source = root.databases().get("prod").schemas().get("orders");
    /// let copy = root.databases().get("dev").schemas().create_clone(
    ///     &source,
    ///     &SchemaClone::new("orders").point_of_time(PointOfTime::offset(-3600)),
    ///     CreateMode::OrReplace,
    /// ).await?;
    /// assert_eq!(copy.fully_qualified_name(), "dev.orders");
    /// # Ok(()) }
    /// ```
    pub async fn create_clone(
        &self,
        source: &SchemaResource,
        clone: &SchemaClone,
        mode: CreateMode,
    ) -> Result<SchemaResource, CoreError> {
        self.create_clone_async(source, clone, mode)
            .await?
            .result()
            .await?;
        Ok(self.get(clone.schema.name.clone()))
    }

    /// [`create_clone`](Self::create_clone), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, schema::SchemaClone};
    ///
    /// let source = root.databases().get("prod").schemas().get("orders");
    /// let dev = root.databases().get("dev").schemas();
    /// let op = dev.create_clone_async(&source, &SchemaClone::new("orders"), CreateMode::IfNotExists).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_clone_async(
        &self,
        source: &SchemaResource,
        clone: &SchemaClone,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::SchemaClone = to_wire(clone)?;
        let target: types::Identifier = ident(&self.database);
        let answer = self
            .client()
            .clone_schema(
                &ident(source.database_name()),
                &ident(source.name()),
                Some(mode.wire()?),
                None,
                Some(&target),
                &body,
            )
            .await;
        self.root.start("clone_schema", answer, discard).await
    }
}

collection_verbs! {
    database SchemaCollection => SchemaResource(Schema), "schema",
    ["schemas", "let schemas = root.databases().get(\"sales\").schemas();", "staging", "snowapi_core::schema::Schema::new(\"staging\")"],
    |schema| create_schema(None),
    iter: list_schemas(from_name, history, like, limit, starts_with)
}
