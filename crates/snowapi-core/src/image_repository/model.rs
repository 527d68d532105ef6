//! The image repository model, and the images it stores.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::Named;

/// An image repository: an OCI registry in a schema that services pull their images from
/// (snowflake.core's `ImageRepository`). Only the name is written; the rest is reported.
///
/// ```
/// use snowapi_core::image_repository::ImageRepository;
/// let repo = ImageRepository::new("images");
/// assert_eq!(serde_json::to_value(&repo).unwrap(), serde_json::json!({"name": "images"}));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageRepository {
    /// Name of the repository.
    pub name: String,
    /// Database holding it (read-only).
    #[serde(default, skip_serializing)]
    pub database_name: Option<String>,
    /// Schema holding it (read-only).
    #[serde(default, skip_serializing)]
    pub schema_name: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// Registry address to `docker push` images to and pull them from (read-only).
    #[serde(default, skip_serializing)]
    pub repository_url: Option<String>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
}

impl ImageRepository {
    /// A repository named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

impl Named for ImageRepository {
    fn name(&self) -> &str {
        &self.name
    }
}

/// One tagged image stored in a repository (read-only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Image {
    /// When it was pushed, in Snowflake's own timestamp text.
    #[serde(default)]
    pub created_on: Option<String>,
    /// Name of the image, without its tag.
    #[serde(default)]
    pub image_name: Option<String>,
    /// The image's tags, as one string.
    #[serde(default)]
    pub tags: Option<String>,
    /// SHA-256 digest of the image content.
    #[serde(default)]
    pub digest: Option<String>,
    /// Full path `database/schema/repository/image:tag`.
    #[serde(default)]
    pub image_path: Option<String>,
}
