//! `database.database_roles()`: create, list and address the roles of a database.

use std::num::NonZeroU64;

use snowapi_rest::database_role::{Client, types};

use super::{DatabaseRole, DatabaseRoleResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{ident, list_from_wire},
    listing::{ServerFilters, filter_locally},
    verbs::{collection_type, collection_verbs},
};

collection_type! {
    /// The roles of a database (snowflake.core's `DatabaseRoleCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, database_role::DatabaseRole};
    ///
    /// let roles = root.databases().get("sales").database_roles();
    /// let reader = roles.create(&DatabaseRole::new("reader"), CreateMode::IfNotExists).await?;
    /// assert_eq!(reader.fully_qualified_name(), "sales.reader");
    /// for role in roles.iter().limit(10).send().await? {
    ///     tracing::info!(name = %role.name, "database role");
    /// }
    /// # Ok(()) }
    /// ```
    database DatabaseRoleCollection;
    /// The roles of this database.
    fn database_roles;
}

impl DatabaseRoleCollection {
    fn client(&self) -> Client {
        self.root.api()
    }

    /// Creates role `name` in this database as a copy of `source` (a role of this or another
    /// database) with every privilege and future grant it holds, and returns its handle.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::CreateMode;
    ///
    /// let roles = root.databases().get("sales").database_roles();
    /// let analyst = roles.get("analyst");
    /// let auditor = roles.create_clone(&analyst, "auditor", CreateMode::ErrorIfExists).await?;
    /// assert_eq!(auditor.name(), "auditor");
    /// # Ok(()) }
    /// ```
    pub async fn create_clone(
        &self,
        source: &DatabaseRoleResource,
        name: &str,
        mode: CreateMode,
    ) -> Result<DatabaseRoleResource, CoreError> {
        self.create_clone_async(source, name, mode)
            .await?
            .result()
            .await?;
        Ok(self.get(name))
    }

    /// [`create_clone`](Self::create_clone), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::CreateMode;
    ///
    /// let reporting = root.databases().get("reporting").database_roles();
    /// let source = root.databases().get("sales").database_roles().get("analyst");
    /// reporting.create_clone_async(&source, "analyst", CreateMode::OrReplace).await?.result().await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_clone_async(
        &self,
        source: &DatabaseRoleResource,
        name: &str,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body = types::DatabaseRoleClone { name: ident(name) };
        let (database, role) = source.ids();
        let target: types::Identifier = ident(&self.database);
        let answer = self
            .client()
            .clone_database_role(&database, &role, Some(mode.wire()?), Some(&target), &body)
            .await;
        self.root
            .start("clone_database_role", answer, discard)
            .await
    }

    /// Lists the roles of the database. The API pages by `from_name` and `limit` only;
    /// `like` and `starts_with` are applied here (then every role is fetched, and `limit` and
    /// `from_name` are applied here too).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// for role in root.databases().get("sales").database_roles().iter().limit(10).send().await? {
    ///     tracing::info!(name = %role.name, "database role");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn iter(&self) -> Listing<DatabaseRole> {
        let (root, database) = (self.root.clone(), self.database.clone());
        Listing::new(move |options| {
            let root = root.clone();
            let database: types::Identifier = ident(&database);
            async move {
                let client: Client = root.api();
                let local = options.like.is_some() || options.starts_with.is_some();
                let limit = options.limit.filter(|_| !local).and_then(NonZeroU64::new);
                let from_name = options.from_name.as_deref().filter(|_| !local);
                let items = root
                    .idempotent("list_database_roles", || {
                        client.list_database_roles(&database, from_name, limit)
                    })
                    .await?;
                let taken = ServerFilters {
                    from_name: !local,
                    limit: !local,
                    ..ServerFilters::default()
                };
                Ok(filter_locally(list_from_wire(items)?, &options, taken))
            }
        })
    }
}

collection_verbs! {
    database DatabaseRoleCollection => DatabaseRoleResource(DatabaseRole), "database role",
    ["roles", "let roles = root.databases().get(\"sales\").database_roles();", "reader", "snowapi_core::database_role::DatabaseRole::new(\"reader\")"],
    |role| create_database_role()
}
