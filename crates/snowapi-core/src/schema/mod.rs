//! Schemas: `root.databases().get(db).schemas()`.

mod collection;
mod model;
mod object;
mod resource;

pub use collection::SchemaCollection;
pub use model::{Schema, SchemaClone, SchemaKind};
pub(crate) use object::{SchemaObject, SchemaScope, schema_object_accessors, schema_object_handle};
pub use resource::SchemaResource;
