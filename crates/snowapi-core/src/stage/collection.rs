//! `schema.stages()`: create, list and address the stages of a schema.

use snowapi_rest::stage::{Client, types};

use super::{Stage, StageResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{list_from_wire, to_wire},
    listing::{ServerFilters, filter_locally},
    schema::{SchemaResource, SchemaScope},
};

/// The stages of a schema (snowflake.core's `StageCollection`). Cheap to clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, stage::Stage};
///
/// let stages = root.databases().get("sales").schemas().get("public").stages();
/// let uploads = stages.create(&Stage::new("uploads").comment("partner files"), CreateMode::IfNotExists).await?;
/// for stage in stages.iter().like("up%").send().await? {
///     tracing::info!(name = %stage.name, "stage");
/// }
/// # let _ = uploads; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct StageCollection {
    at: SchemaScope,
}

impl SchemaResource {
    /// The stages of this schema.
    pub fn stages(&self) -> StageCollection {
        StageCollection { at: self.scope() }
    }
}

impl StageCollection {
    /// The handle of stage `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> StageResource {
        StageResource::new(self.at.object(name.into()))
    }

    /// The schema the stages belong to.
    pub fn schema(&self) -> SchemaResource {
        self.at.schema()
    }

    /// Creates `stage` and returns its handle.
    pub async fn create(
        &self,
        stage: &Stage,
        mode: CreateMode,
    ) -> Result<StageResource, CoreError> {
        self.create_async(stage, mode).await?.result().await?;
        Ok(self.get(stage.name.clone()))
    }

    /// Starts creating `stage`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        stage: &Stage,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Stage = to_wire(stage)?;
        let (database, schema) = self.at.ids();
        let client: Client = self.at.root.api();
        let answer = client
            .create_stage(&database, &schema, Some(mode.wire()?), &body)
            .await;
        self.at.root.start("create_stage", answer, discard).await
    }

    /// Lists stages. The API filters by `like` only; `starts_with`, `from_name` and `limit`
    /// are applied here, so they (and paging) work as for other listings.
    pub fn iter(&self) -> Listing<Stage> {
        let at = self.at.clone();
        Listing::new(move |options| {
            let at = at.clone();
            async move {
                let client: Client = at.root.api();
                let (database, schema): (types::Identifier, _) = at.ids();
                let items = at
                    .root
                    .idempotent("list_stages", || {
                        client.list_stages(&database, &schema, options.like.as_deref())
                    })
                    .await?;
                let taken = ServerFilters {
                    like: true,
                    ..ServerFilters::default()
                };
                Ok(filter_locally(list_from_wire(items)?, &options, taken))
            }
        })
    }
}
