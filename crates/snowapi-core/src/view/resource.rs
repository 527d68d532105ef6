//! One view: `schema.views().get(name)`.

use snowapi_rest::view::types;

use super::View;
use crate::{schema::schema_object_handle, verbs::generic_verbs};

schema_object_handle!(
    /// A reference to one view (snowflake.core's `ViewResource`). Building it makes no request;
    /// cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let view = root.databases().get("sales").schemas().get("public").views().get("big_orders");
    /// let fetched = view.fetch().await?;
    /// for column in &fetched.columns {
    ///     tracing::info!(name = %column.name, datatype = ?column.datatype, "column");
    /// }
    /// view.drop_if_exists().await?;
    /// # Ok(()) }
    /// ```
    ViewResource,
    view,
    "view"
);

generic_verbs! {
    ViewResource, "view", ["view", "let view = root.databases().get(\"sales\").schemas().get(\"public\").views().get(\"recent_orders\");"], (database, schema, name);
    fetch(fetch_view -> View);
    drop(delete_view());
    tags(get_view_tags, set_view_tags, unset_view_tags);
}
