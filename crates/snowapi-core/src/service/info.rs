//! What a service reports about itself: endpoints, containers, instances and service roles.

use snowapi_rest::Timestamp;

use crate::record::{privilege_record, record};

record! {
    /// A named port (or port range) a service listens on.
    pub struct ServiceEndpoint {
        /// Endpoint name from the specification.
        name: String,
        /// Port listened on, when a single port is given.
        port: i64,
        /// Port range listened on, when a range is given.
        #[serde(rename = "portRange")]
        port_range: String,
        /// Protocol spoken: TCP, HTTP or HTTPS.
        protocol: String,
        /// Whether the endpoint is reachable from the internet.
        is_public: bool,
        /// Public address of the endpoint, when public.
        ingress_url: String,
    }
}

/// A [`record!`] about one instance of a service, starting with the fields naming it.
macro_rules! instance_record {
    ($(#[$meta:meta])* pub struct $name:ident { $($rest:tt)* }) => {
        record! {
            $(#[$meta])*
            pub struct $name {
                /// Database holding the service.
                database_name: String,
                /// Schema holding the service.
                schema_name: String,
                /// Service it belongs to.
                service_name: String,
                /// Status of the whole service.
                service_status: String,
                /// Index of the instance, counted from 0 (as text).
                instance_id: String,
                $($rest)*
            }
        }
    };
}

instance_record! {
    /// One container of one service instance, with its state.
    pub struct ServiceContainer {
        /// Status of the instance.
        instance_status: String,
        /// Container name from the specification.
        container_name: String,
        /// Status of the container, such as `PENDING` or `READY`.
        status: String,
        /// Detail on the container's status.
        message: String,
        /// Image the container runs.
        image_name: String,
        /// Digest of the image it runs.
        image_digest: String,
        /// Times Snowflake has restarted it.
        restart_count: i64,
        /// When it started, in Snowflake's timestamp text.
        start_time: String,
    }
}

instance_record! {
    /// One instance (replica) of a service, with its state.
    pub struct ServiceInstance {
        /// Status of the instance.
        status: String,
        /// Digest of the specification it runs.
        spec_digest: String,
        /// When Snowflake began creating it, in its timestamp text.
        creation_time: String,
        /// When it was seen running on a node, in Snowflake's timestamp text.
        start_time: String,
    }
}

record! {
    /// A role defined by a service's specification.
    pub struct ServiceRole {
        /// When it was created.
        created_on: Timestamp,
        /// Name of the service role.
        name: String,
        /// Free text about it.
        comment: String,
    }
}

privilege_record! {
    /// A privilege a service role holds (such as `USAGE` on an endpoint).
    pub struct ServiceRoleGrantTo {}
}
