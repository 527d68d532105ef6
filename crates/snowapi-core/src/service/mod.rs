//! Services of Snowpark Container Services: `schema.services()`.

mod collection;
mod info;
mod model;
mod resource;

pub use collection::ServiceCollection;
pub use info::{
    ServiceContainer, ServiceEndpoint, ServiceInstance, ServiceRole, ServiceRoleGrantTo,
};
pub use model::{JobService, Service, ServiceSpec, ServiceStatus};
pub use resource::ServiceResource;
