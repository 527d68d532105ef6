//! Databases: `root.databases()`.

mod collection;
mod model;
mod resource;

pub use collection::DatabaseCollection;
pub use model::{Database, DatabaseClone, DatabaseKind};
pub use resource::DatabaseResource;
