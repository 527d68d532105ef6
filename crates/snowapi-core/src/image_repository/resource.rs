//! One image repository: `schema.image_repositories().get(name)`.

use snowapi_rest::image_repository::types;

use super::{Image, ImageRepository};
use crate::{
    CoreError, convert::list_from_wire, schema::schema_object_handle, verbs::generic_verbs,
};

schema_object_handle!(
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
    ImageRepositoryResource,
    image_repository,
    "image repository"
);

impl ImageRepositoryResource {
    /// The images pushed to the repository.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let repo = root.databases().get("spcs").schemas().get("public").image_repositories().get("repo");
    /// for image in repo.list_images().await? {
    ///     println!("{:?} created {:?}", image.image_name, image.created_on);
    /// }
    /// # Ok(()) }
    /// ```
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

generic_verbs! {
    ImageRepositoryResource, "image repository", ["repo", "let repo = root.databases().get(\"sales\").schemas().get(\"public\").image_repositories().get(\"images\");"], (database, schema, name);
    fetch(fetch_image_repository -> ImageRepository);
    drop(delete_image_repository());
    tags(get_image_repository_tags, set_image_repository_tags, unset_image_repository_tags);
}
