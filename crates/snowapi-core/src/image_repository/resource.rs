//! One image repository: `schema.image_repositories().get(name)`.

use snowapi_rest::image_repository::{Client, types};

use super::{Image, ImageRepository};
use crate::{
    CoreError, PollingOperation,
    call::discard,
    convert::{from_wire, list_from_wire},
    schema::{SchemaObject, schema_object_accessors},
    verbs::tag_verbs,
};

/// A reference to one image repository (snowflake.core's `ImageRepositoryResource`). Building
/// it makes no request; cheap to clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// let repo = root.databases().get("spcs").schemas().get("public").image_repositories().get("images");
/// for image in repo.list_images().await? {
///     tracing::info!(path = ?image.image_path, digest = ?image.digest, "image");
/// }
/// repo.drop().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ImageRepositoryResource {
    at: SchemaObject,
}

schema_object_accessors!(ImageRepositoryResource, "image repository");

impl ImageRepositoryResource {
    pub(crate) fn new(at: SchemaObject) -> Self {
        Self { at }
    }

    fn ids(&self) -> (types::Identifier, types::Identifier, types::Identifier) {
        self.at.ids()
    }

    fn client(&self) -> Client {
        self.at.root().api()
    }

    /// The repository as Snowflake has it now.
    pub async fn fetch(&self) -> Result<ImageRepository, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_image_repository", || {
                client.fetch_image_repository(&database, &schema, &name)
            })
            .await?;
        from_wire(wire)
    }

    /// Drops the repository and its images; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the repository if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the repository, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .delete_image_repository(&database, &schema, &name, Some(if_exists))
            .await;
        self.root()
            .start("delete_image_repository", answer, discard)
            .await
    }

    /// The images pushed to the repository.
    pub async fn list_images(&self) -> Result<Vec<Image>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let rows = self
            .root()
            .idempotent("list_images_in_repository", || {
                client.list_images_in_repository(&database, &schema, &name)
            })
            .await?;
        list_from_wire(rows)
    }
}

tag_verbs!(
    ImageRepositoryResource,
    "image repository",
    (database, schema, name),
    get_image_repository_tags,
    set_image_repository_tags,
    unset_image_repository_tags
);
