//! Image repositories of Snowpark Container Services: `schema.image_repositories()`.

mod collection;
mod model;
mod resource;

pub use collection::ImageRepositoryCollection;
pub use model::{Image, ImageRepository};
pub use resource::ImageRepositoryResource;
