//! `schema.tables()`: create (from a definition, a query, a template, another table), list and
//! address the tables of a schema.

use std::num::NonZeroU64;

use snowapi_rest::table::{Client, types};

use super::{Table, TableClone, TableResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{ident, list_from_wire, to_wire},
    schema::{SchemaResource, SchemaScope},
};

/// The tables of a schema (snowflake.core's `TableCollection`). Cheap to clone.
///
/// snowflake.core's one `create` with `as_select`, `template`, `like_table` and `clone_table`
/// keywords is [`create`](Self::create), [`create_as_select`](Self::create_as_select),
/// [`create_using_template`](Self::create_using_template), [`create_like`](Self::create_like)
/// and [`create_clone`](Self::create_clone) here; `copy_grants=True` is
/// [`copy_grants(true)`](Self::copy_grants) on the collection.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, table::{Table, TableColumn}};
///
/// let tables = root.databases().get("sales").schemas().get("public").tables();
/// let orders = tables
///     .create(
///         &Table::new("orders")
///             .column(TableColumn::new("id", "INT").nullable(false))
///             .column(TableColumn::new("amount", "NUMBER(10,2)")),
///         CreateMode::IfNotExists,
///     )
///     .await?;
/// let big = tables
///     .create_as_select(&Table::new("big_orders"), "select * from orders where amount > 100", CreateMode::OrReplace)
///     .await?;
/// for table in tables.iter().like("%orders").deep(true).send().await? {
///     tracing::info!(name = %table.name, columns = table.columns.len(), "table");
/// }
/// # let _ = (orders, big); Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TableCollection {
    at: SchemaScope,
    copy_grants: bool,
}

impl SchemaResource {
    /// The tables of this schema.
    pub fn tables(&self) -> TableCollection {
        TableCollection {
            at: self.scope(),
            copy_grants: false,
        }
    }
}

impl TableCollection {
    /// The handle of table `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> TableResource {
        TableResource::new(self.at.object(name.into()), self.copy_grants)
    }

    /// The schema the tables belong to.
    pub fn schema(&self) -> SchemaResource {
        self.at.schema()
    }

    /// The same collection, whose creations (and the clones and copies of its tables) keep the
    /// grants of the table they replace or copy (`COPY GRANTS`).
    #[must_use]
    pub fn copy_grants(&self, copy_grants: bool) -> Self {
        Self {
            copy_grants,
            ..self.clone()
        }
    }

    fn client(&self) -> Client {
        self.at.root.api()
    }

    fn copying(&self) -> Option<bool> {
        self.copy_grants.then_some(true)
    }

    /// Creates `table` (columns, keys and settings) and returns its handle.
    pub async fn create(
        &self,
        table: &Table,
        mode: CreateMode,
    ) -> Result<TableResource, CoreError> {
        self.create_async(table, mode).await?.result().await?;
        Ok(self.get(table.name.clone()))
    }

    /// Starts creating `table`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        table: &Table,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Table = to_wire(table)?;
        let (database, schema) = self.at.ids();
        let answer = self
            .client()
            .create_table(
                &database,
                &schema,
                self.copying(),
                Some(mode.wire()?),
                &body,
            )
            .await;
        self.at.root.start("create_table", answer, discard).await
    }

    /// Creates a table filled with the rows of `query` (`CREATE TABLE … AS SELECT`), named as
    /// `table` says; its `columns` (if any) override those of the query and its `cluster_by`
    /// sets the clustering key; other settings are not used.
    pub async fn create_as_select(
        &self,
        table: &Table,
        query: &str,
        mode: CreateMode,
    ) -> Result<TableResource, CoreError> {
        self.create_as_select_async(table, query, mode)
            .await?
            .result()
            .await?;
        Ok(self.get(table.name.clone()))
    }

    /// [`create_as_select`](Self::create_as_select), returning the operation to poll.
    pub async fn create_as_select_async(
        &self,
        table: &Table,
        query: &str,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::TableAsSelect = to_wire(table)?;
        let (database, schema) = self.at.ids();
        let answer = self
            .client()
            .create_table_as_select(
                &database,
                &schema,
                self.copying(),
                Some(mode.wire()?),
                query,
                &body,
            )
            .await;
        self.at
            .root
            .start("create_table_as_select", answer, discard)
            .await
    }

    /// Creates table `name` with the columns `template` yields — a query over
    /// `INFER_SCHEMA(…)` of staged files (`CREATE TABLE … USING TEMPLATE`).
    ///
    /// ```no_run
    /// # async fn demo(tables: snowapi_core::table::TableCollection) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::CreateMode;
    /// let template = "select array_agg(object_construct(*)) from table(infer_schema(location => '@raw', file_format => 'parquet_format'))";
    /// tables.create_using_template("raw_events", template, CreateMode::ErrorIfExists).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_using_template(
        &self,
        name: &str,
        template: &str,
        mode: CreateMode,
    ) -> Result<TableResource, CoreError> {
        self.create_using_template_async(name, template, mode)
            .await?
            .result()
            .await?;
        Ok(self.get(name))
    }

    /// [`create_using_template`](Self::create_using_template), returning the operation to poll.
    pub async fn create_using_template_async(
        &self,
        name: &str,
        template: &str,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body = types::TableUsingTemplate { name: ident(name) };
        let (database, schema) = self.at.ids();
        let answer = self
            .client()
            .create_table_using_template(
                &database,
                &schema,
                self.copying(),
                Some(mode.wire()?),
                template,
                &body,
            )
            .await;
        self.at
            .root
            .start("create_table_using_template", answer, discard)
            .await
    }

    /// Creates table `name`, empty, with the columns of table `like_table` of this schema
    /// (`CREATE TABLE … LIKE`).
    pub async fn create_like(
        &self,
        name: &str,
        like_table: &str,
        mode: CreateMode,
    ) -> Result<TableResource, CoreError> {
        self.create_like_async(name, like_table, mode)
            .await?
            .result()
            .await?;
        Ok(self.get(name))
    }

    /// [`create_like`](Self::create_like), returning the operation to poll.
    pub async fn create_like_async(
        &self,
        name: &str,
        like_table: &str,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body = types::TableLike { name: ident(name) };
        let (database, schema) = self.at.ids();
        let answer = self
            .client()
            .create_table_like(
                &database,
                &schema,
                &ident(like_table),
                self.copying(),
                Some(mode.wire()?),
                &body,
            )
            .await;
        self.at
            .root
            .start("create_table_like", answer, discard)
            .await
    }

    /// Creates a table of this schema as a zero-copy clone of `source` (a table of any
    /// schema), at a point of time if `clone` names one, and returns the new table's handle.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, PointOfTime, table::TableClone};
    ///
    /// let orders = root.databases().get("prod").schemas().get("public").tables().get("orders");
    /// let scratch = root.databases().get("dev").schemas().get("scratch").tables();
    /// let copy = scratch
    ///     .create_clone(&orders, &TableClone::new("orders_an_hour_ago").point_of_time(PointOfTime::offset(-3600)), CreateMode::OrReplace)
    ///     .await?;
    /// assert_eq!(copy.fully_qualified_name(), "dev.scratch.orders_an_hour_ago");
    /// # Ok(()) }
    /// ```
    pub async fn create_clone(
        &self,
        source: &TableResource,
        clone: &TableClone,
        mode: CreateMode,
    ) -> Result<TableResource, CoreError> {
        self.create_clone_async(source, clone, mode)
            .await?
            .result()
            .await?;
        Ok(self.get(clone.table.name.clone()))
    }

    /// [`create_clone`](Self::create_clone), returning the operation to poll.
    pub async fn create_clone_async(
        &self,
        source: &TableResource,
        clone: &TableClone,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::TableClone = to_wire(clone)?;
        let (database, schema, name) = source.ids();
        let (target_database, target_schema) = self.at.ids();
        let answer = self
            .client()
            .clone_table(
                &database,
                &schema,
                &name,
                self.copying(),
                Some(mode.wire()?),
                Some(&target_database),
                Some(&target_schema),
                &body,
            )
            .await;
        self.at.root.start("clone_table", answer, discard).await
    }

    /// Lists tables; with [`deep`](Listing::deep), each with its columns and constraints; with
    /// [`history`](Listing::history), also dropped ones that can be undropped.
    pub fn iter(&self) -> Listing<Table> {
        let at = self.at.clone();
        Listing::new(move |options| {
            let at = at.clone();
            async move {
                let client: Client = at.root.api();
                let (database, schema): (types::Identifier, _) = at.ids();
                let limit = options.limit.and_then(NonZeroU64::new);
                let items = at
                    .root
                    .idempotent("list_tables", || {
                        client.list_tables(
                            &database,
                            &schema,
                            options.deep.then_some(true),
                            options.from_name.as_deref(),
                            options.history.then_some(true),
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
