//! One view: `schema.views().get(name)`.

use snowapi_rest::view::{Client, types};

use super::View;
use crate::{
    CoreError,
    convert::from_wire,
    schema::{SchemaObject, schema_object_accessors},
    verbs::{drop_verbs, tag_verbs},
};

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
#[derive(Debug, Clone)]
pub struct ViewResource {
    at: SchemaObject,
}

schema_object_accessors!(ViewResource, "view");

impl ViewResource {
    pub(crate) fn new(at: SchemaObject) -> Self {
        Self { at }
    }

    fn ids(&self) -> (types::Identifier, types::Identifier, types::Identifier) {
        self.at.ids()
    }

    fn client(&self) -> Client {
        self.at.root().api()
    }

    /// The view as Snowflake has it now, with its columns and query.
    pub async fn fetch(&self) -> Result<View, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_view", || {
                client.fetch_view(&database, &schema, &name)
            })
            .await?;
        from_wire(wire)
    }
}

drop_verbs!(ViewResource, "view", (database, schema, name), delete_view);

tag_verbs!(
    ViewResource,
    "view",
    (database, schema, name),
    get_view_tags,
    set_view_tags,
    unset_view_tags
);
