//! Account roles: `root.roles()`, with their grants.

mod collection;
mod grants;
mod model;
mod resource;

pub use collection::RoleCollection;
pub use model::Role;
pub use resource::RoleResource;
