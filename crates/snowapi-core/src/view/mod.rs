//! Views: `schema.views()`.

mod collection;
mod model;
mod resource;

pub use collection::ViewCollection;
pub use model::{View, ViewColumn, ViewKind};
pub use resource::ViewResource;
