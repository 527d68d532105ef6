//! `schema.image_repositories()`: create, list and address image repositories.

use snowapi_rest::image_repository::{Client, types};

use super::{ImageRepository, ImageRepositoryResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
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
    schema ImageRepositoryCollection(at);
    /// The image repositories of this schema.
    fn image_repositories;
}

collection_verbs! {
    schema ImageRepositoryCollection => ImageRepositoryResource(ImageRepository), "image repository",
    ["repositories", "let repositories = root.databases().get(\"sales\").schemas().get(\"public\").image_repositories();", "images", "snowapi_core::image_repository::ImageRepository::new(\"images\")"],
    at, |this, repository| create_image_repository(),
    iter: list_image_repositories(like) local
}
