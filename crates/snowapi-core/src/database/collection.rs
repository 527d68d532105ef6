//! `root.databases()`: create, list and address databases.

use std::num::NonZeroU64;

use snowapi_rest::database::{Client, types};

use super::{Database, DatabaseResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation, Root,
    convert::{list_from_wire, to_wire},
};

/// The databases of the account (snowflake.core's `DatabaseCollection`). Cheap to clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, database::Database};
///
/// let databases = root.databases();
/// let sales = databases.create(&Database::new("sales"), CreateMode::IfNotExists).await?;
/// let fetched = sales.fetch().await?;
/// assert_eq!(fetched.name, "SALES");
/// for db in databases.iter().like("sal%").send().await? {
///     tracing::info!(name = %db.name, "database");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DatabaseCollection {
    root: Root,
}

impl Root {
    /// The databases of the account.
    pub fn databases(&self) -> DatabaseCollection {
        DatabaseCollection { root: self.clone() }
    }
}

impl DatabaseCollection {
    /// The handle of database `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> DatabaseResource {
        DatabaseResource::new(self.root.clone(), name.into())
    }

    /// Creates `database` and returns its handle.
    pub async fn create(
        &self,
        database: &Database,
        mode: CreateMode,
    ) -> Result<DatabaseResource, CoreError> {
        self.create_async(database, mode).await?.result().await?;
        Ok(self.get(database.name.clone()))
    }

    /// Starts creating `database`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        database: &Database,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Database = to_wire(database)?;
        let client: Client = self.root.api();
        let answer = client
            .create_database(Some(mode.wire()?), None, &body)
            .await;
        self.root
            .start("create_database", answer, crate::call::discard)
            .await
    }

    /// Lists databases; set filters on the returned [`Listing`].
    pub fn iter(&self) -> Listing<Database> {
        let root = self.root.clone();
        Listing::new(move |options| {
            let root = root.clone();
            async move {
                let client: Client = root.api();
                let limit = options.limit.and_then(NonZeroU64::new);
                let history = options.history.then_some(true);
                let items = root
                    .idempotent("list_databases", || {
                        client.list_databases(
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
