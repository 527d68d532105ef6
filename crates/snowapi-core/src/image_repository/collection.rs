//! `schema.image_repositories()`: create, list and address image repositories.

use snowapi_rest::image_repository::{Client, types};

use super::{ImageRepository, ImageRepositoryResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{list_from_wire, to_wire},
    listing::{ServerFilters, filter_locally},
    schema::{SchemaResource, SchemaScope},
};

/// The image repositories of a schema (snowflake.core's `ImageRepositoryCollection`). Cheap to
/// clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, image_repository::ImageRepository};
///
/// let repos = root.databases().get("spcs").schemas().get("public").image_repositories();
/// let images = repos.create(&ImageRepository::new("images"), CreateMode::IfNotExists).await?;
/// let url = images.fetch().await?.repository_url;
/// tracing::info!(?url, "docker push here");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ImageRepositoryCollection {
    at: SchemaScope,
}

impl SchemaResource {
    /// The image repositories of this schema.
    pub fn image_repositories(&self) -> ImageRepositoryCollection {
        ImageRepositoryCollection { at: self.scope() }
    }
}

impl ImageRepositoryCollection {
    /// The handle of repository `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> ImageRepositoryResource {
        ImageRepositoryResource::new(self.at.object(name.into()))
    }

    /// The schema the repositories belong to.
    pub fn schema(&self) -> SchemaResource {
        self.at.schema()
    }

    /// Creates `repository` and returns its handle.
    pub async fn create(
        &self,
        repository: &ImageRepository,
        mode: CreateMode,
    ) -> Result<ImageRepositoryResource, CoreError> {
        self.create_async(repository, mode).await?.result().await?;
        Ok(self.get(repository.name.clone()))
    }

    /// Starts creating `repository`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        repository: &ImageRepository,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::ImageRepository = to_wire(repository)?;
        let (database, schema) = self.at.ids();
        let client: Client = self.at.root.api();
        let answer = client
            .create_image_repository(&database, &schema, Some(mode.wire()?), &body)
            .await;
        self.at
            .root
            .start("create_image_repository", answer, discard)
            .await
    }

    /// Lists repositories. The API filters by `like` only; the other filters apply to what it
    /// returns.
    pub fn iter(&self) -> Listing<ImageRepository> {
        let at = self.at.clone();
        Listing::new(move |options| {
            let at = at.clone();
            async move {
                let client: Client = at.root.api();
                let (database, schema) = at.ids();
                let items = at
                    .root
                    .idempotent("list_image_repositories", || {
                        client.list_image_repositories(&database, &schema, options.like.as_deref())
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
