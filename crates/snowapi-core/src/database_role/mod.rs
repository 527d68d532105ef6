//! Database roles: `root.databases().get(db).database_roles()`.

mod collection;
mod grants;
mod model;
mod resource;

pub use collection::DatabaseRoleCollection;
pub use model::DatabaseRole;
pub use resource::DatabaseRoleResource;
