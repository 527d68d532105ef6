//! `schema.views()`: create, list and address the views of a schema.

use snowapi_rest::view::{Client, types};

use super::{View, ViewResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
    /// The views of a schema (snowflake.core's `ViewCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, view::{View, ViewColumn}};
    ///
    /// let views = root.databases().get("sales").schemas().get("public").views();
    /// let big = views
    ///     .create(
    ///         &View::new("big_orders", "select id from orders where amount > 100").column(ViewColumn::new("id")),
    ///         CreateMode::OrReplace,
    ///     )
    ///     .await?;
    /// for view in views.iter().deep(true).send().await? {
    ///     tracing::info!(name = %view.name, query = %view.query, "view");
    /// }
    /// # let _ = big; Ok(()) }
    /// ```
    schema ViewCollection(at, copy_grants);
    /// The views of this schema.
    fn views;
    /// The same collection, whose creations keep the grants of the view they replace
    /// (`COPY GRANTS`).
    fn copy_grants;
}

collection_verbs! {
    schema ViewCollection => ViewResource(View), "view",
    ["views", "let views = root.databases().get(\"sales\").schemas().get(\"public\").views();", "recent_orders", "snowapi_core::view::View::new(\"recent_orders\", \"select * from orders\")"],
    at, |this, view| create_view(this.copy_grants.then_some(true)),
    iter: list_views(deep, from_name, like, limit, starts_with)
}
