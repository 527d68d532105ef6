//! `schema.views()`: create, list and address the views of a schema.

use std::num::NonZeroU64;

use snowapi_rest::view::{Client, types};

use super::{View, ViewResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{list_from_wire, to_wire},
    schema::{SchemaResource, SchemaScope},
};

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
#[derive(Debug, Clone)]
pub struct ViewCollection {
    at: SchemaScope,
    copy_grants: bool,
}

impl SchemaResource {
    /// The views of this schema.
    pub fn views(&self) -> ViewCollection {
        ViewCollection {
            at: self.scope(),
            copy_grants: false,
        }
    }
}

impl ViewCollection {
    /// The handle of view `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> ViewResource {
        ViewResource::new(self.at.object(name.into()))
    }

    /// The schema the views belong to.
    pub fn schema(&self) -> SchemaResource {
        self.at.schema()
    }

    /// The same collection, whose creations keep the grants of the view they replace
    /// (`COPY GRANTS`).
    #[must_use]
    pub fn copy_grants(&self, copy_grants: bool) -> Self {
        Self {
            copy_grants,
            ..self.clone()
        }
    }

    /// Creates `view` and returns its handle.
    pub async fn create(&self, view: &View, mode: CreateMode) -> Result<ViewResource, CoreError> {
        self.create_async(view, mode).await?.result().await?;
        Ok(self.get(view.name.clone()))
    }

    /// Starts creating `view`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        view: &View,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::View = to_wire(view)?;
        let (database, schema) = self.at.ids();
        let client: Client = self.at.root.api();
        let answer = client
            .create_view(
                &database,
                &schema,
                self.copy_grants.then_some(true),
                Some(mode.wire()?),
                &body,
            )
            .await;
        self.at.root.start("create_view", answer, discard).await
    }

    /// Lists views; with [`deep`](Listing::deep), each with its columns.
    pub fn iter(&self) -> Listing<View> {
        let at = self.at.clone();
        Listing::new(move |options| {
            let at = at.clone();
            async move {
                let client: Client = at.root.api();
                let (database, schema): (types::Identifier, _) = at.ids();
                let limit = options.limit.and_then(NonZeroU64::new);
                let items = at
                    .root
                    .idempotent("list_views", || {
                        client.list_views(
                            &database,
                            &schema,
                            options.deep.then_some(true),
                            options.from_name.as_deref(),
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
