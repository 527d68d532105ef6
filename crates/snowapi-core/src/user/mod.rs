//! Users: `root.users()`, with the roles granted to them.

mod collection;
mod grants;
mod model;
mod resource;

pub use collection::UserCollection;
pub use model::{Password, User};
pub use resource::UserResource;
