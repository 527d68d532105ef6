//! `schema.tables()`: create (from a definition, a query, a template, another table), list and
//! address the tables of a schema.

use snowapi_rest::table::{Client, types};

use super::{Table, TableClone, TableResource};
use crate::{
    CoreError, CreateMode, PollingOperation,
    call::discard,
    convert::{ident, to_wire},
    verbs::{collection_type, collection_verbs},
};

collection_type! {
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
    schema TableCollection(at, copy_grants);
    /// The tables of this schema.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let names: Vec<_> = tables.iter().like("ORD%").send().await?.into_iter().map(|t| t.name).collect();
    /// # Ok(()) }
    /// ```
    fn tables;
    /// The same collection, whose creations (and the clones and copies of its tables) keep the
    /// grants of the table they replace or copy (`COPY GRANTS`).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, table::Table};
    /// let tables = root.databases().get("sales").schemas().get("public").tables().copy_grants(true);
    /// tables.create(&Table::new("orders"), CreateMode::OrReplace).await?;
    /// # Ok(()) }
    /// ```
    fn copy_grants;
}

impl TableCollection {
    fn client(&self) -> Client {
        self.at.root.api()
    }

    fn copying(&self) -> Option<bool> {
        self.copy_grants.then_some(true)
    }

    /// Creates a table filled with the rows of `query` (`CREATE TABLE … AS SELECT`), named as
    /// `table` says; its `columns` (if any) override those of the query and its `cluster_by`
    /// sets the clustering key; other settings are not used.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, table::Table};
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let query = "SELECT * FROM orders WHERE amount > 1000";
    /// let big = tables.create_as_select(&Table::new("big_orders"), query, CreateMode::OrReplace).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, table::Table};
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let op = tables.create_as_select_async(&Table::new("daily"), "SELECT CURRENT_DATE() AS d", CreateMode::IfNotExists).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::CreateMode;
    /// let tables = root.databases().get("lake").schemas().get("raw").tables();
    /// let template = "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION => '@in', FILE_FORMAT => 'csv'))";
    /// tables.create_using_template_async("rides", template, CreateMode::OrReplace).await?.result().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::CreateMode;
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let empty = tables.create_like("orders_2025", "orders", CreateMode::IfNotExists).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::CreateMode;
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let op = tables.create_like_async("orders_scratch", "orders", CreateMode::OrReplace).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, table::TableClone};
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let op = tables.create_clone_async(&tables.get("orders"), &TableClone::new("orders_backup"), CreateMode::OrReplace).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
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
}

collection_verbs! {
    TableCollection => TableResource(Table), "table",
    ["tables", "let tables = root.databases().get(\"sales\").schemas().get(\"public\").tables();", "orders", "snowapi_core::table::Table::new(\"orders\").column(snowapi_core::table::TableColumn::new(\"id\", \"NUMBER\"))"],
    get: |this, name| TableResource::new(this.at.object(name), this.copy_grants),
    create: |this, table, mode, body| create_table {
        let (database, schema) = this.at.ids();
        let client: Client = this.at.root.api();
        (&this.at.root, client.create_table(&database, &schema, this.copying(), Some(mode.wire()?), &body).await)
    }
}

collection_verbs!(
    @iter TableCollection, Table, "table",
    ["tables", "let tables = root.databases().get(\"sales\").schemas().get(\"public\").tables();", "orders", "snowapi_core::table::Table::new(\"orders\")"],
    |this| this.at.clone(), |p| p.root, [database, schema] = p.ids::<types::Identifier>(),
    list_tables(deep, from_name, history, like, limit, starts_with)
);
