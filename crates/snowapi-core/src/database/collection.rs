//! `root.databases()`: create, list and address databases.

use snowapi_rest::database::{Client, types};

use super::{Database, DatabaseResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
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
    account DatabaseCollection;
    /// The databases of the account.
    fn databases;
}

collection_verbs! {
    account DatabaseCollection => DatabaseResource(Database), "database",
    ["databases", "let databases = root.databases();", "sales", "snowapi_core::database::Database::new(\"sales\")"],
    |database| create_database(None),
    iter: list_databases(from_name, history, like, limit, starts_with)
}
