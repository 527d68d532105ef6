//! `database.schemas()`: create, list and address the schemas of a database.

use std::num::NonZeroU64;

use snowapi_rest::schema::{Client, types};

use super::{Schema, SchemaClone, SchemaResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation, Root,
    call::discard,
    convert::{ident, list_from_wire, to_wire},
    database::DatabaseResource,
};

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
#[derive(Debug, Clone)]
pub struct SchemaCollection {
    root: Root,
    database: String,
}

impl DatabaseResource {
    /// The schemas of this database.
    pub fn schemas(&self) -> SchemaCollection {
        SchemaCollection {
            root: self.root().clone(),
            database: self.name().to_owned(),
        }
    }
}

impl SchemaCollection {
    /// The handle of schema `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> SchemaResource {
        SchemaResource::new(self.root.clone(), self.database.clone(), name.into())
    }

    /// The database the schemas belong to.
    pub fn database(&self) -> DatabaseResource {
        DatabaseResource::new(self.root.clone(), self.database.clone())
    }

    fn client(&self) -> Client {
        self.root.api()
    }

    /// Creates `schema` and returns its handle.
    pub async fn create(
        &self,
        schema: &Schema,
        mode: CreateMode,
    ) -> Result<SchemaResource, CoreError> {
        self.create_async(schema, mode).await?.result().await?;
        Ok(self.get(schema.name.clone()))
    }

    /// Starts creating `schema`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        schema: &Schema,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Schema = to_wire(schema)?;
        let answer = self
            .client()
            .create_schema(&ident(&self.database), Some(mode.wire()?), None, &body)
            .await;
        self.root.start("create_schema", answer, discard).await
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

    /// Lists schemas (with `history`, also dropped ones that can be undropped); set filters on
    /// the returned [`Listing`].
    pub fn iter(&self) -> Listing<Schema> {
        let (root, database) = (self.root.clone(), self.database.clone());
        Listing::new(move |options| {
            let root = root.clone();
            let database: types::Identifier = ident(&database);
            async move {
                let client: Client = root.api();
                let limit = options.limit.and_then(NonZeroU64::new);
                let history = options.history.then_some(true);
                let items = root
                    .idempotent("list_schemas", || {
                        client.list_schemas(
                            &database,
                            options.from_name.as_deref(),
                            history,
                            options.like.as_deref(),
                            limit,
                            options.starts_with.as_deref(),
                        )
                    })
                    .await?;
                list_from_wire(items)
            }
        })
    }
}
