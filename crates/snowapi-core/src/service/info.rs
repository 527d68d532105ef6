//! What a service reports about itself: endpoints, containers, instances and service roles.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

/// A named port (or port range) a service listens on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceEndpoint {
    /// Endpoint name from the specification.
    #[serde(default)]
    pub name: Option<String>,
    /// Port listened on, when a single port is given.
    #[serde(default)]
    pub port: Option<i64>,
    /// Port range listened on, when a range is given.
    #[serde(default, rename = "portRange")]
    pub port_range: Option<String>,
    /// Protocol spoken: TCP, HTTP or HTTPS.
    #[serde(default)]
    pub protocol: Option<String>,
    /// Whether the endpoint is reachable from the internet.
    #[serde(default)]
    pub is_public: Option<bool>,
    /// Public address of the endpoint, when public.
    #[serde(default)]
    pub ingress_url: Option<String>,
}

/// One container of one service instance, with its state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceContainer {
    /// Database holding the service.
    #[serde(default)]
    pub database_name: Option<String>,
    /// Schema holding the service.
    #[serde(default)]
    pub schema_name: Option<String>,
    /// Service the container belongs to.
    #[serde(default)]
    pub service_name: Option<String>,
    /// Status of the whole service.
    #[serde(default)]
    pub service_status: Option<String>,
    /// Index of the instance, counted from 0 (as text).
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Status of the instance.
    #[serde(default)]
    pub instance_status: Option<String>,
    /// Container name from the specification.
    #[serde(default)]
    pub container_name: Option<String>,
    /// Status of the container, such as `PENDING` or `READY`.
    #[serde(default)]
    pub status: Option<String>,
    /// Detail on the container's status.
    #[serde(default)]
    pub message: Option<String>,
    /// Image the container runs.
    #[serde(default)]
    pub image_name: Option<String>,
    /// Digest of the image it runs.
    #[serde(default)]
    pub image_digest: Option<String>,
    /// Times Snowflake has restarted it.
    #[serde(default)]
    pub restart_count: Option<i64>,
    /// When it started, in Snowflake's timestamp text.
    #[serde(default)]
    pub start_time: Option<String>,
}

/// One instance (replica) of a service, with its state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceInstance {
    /// Database holding the service.
    #[serde(default)]
    pub database_name: Option<String>,
    /// Schema holding the service.
    #[serde(default)]
    pub schema_name: Option<String>,
    /// Service the instance belongs to.
    #[serde(default)]
    pub service_name: Option<String>,
    /// Status of the whole service.
    #[serde(default)]
    pub service_status: Option<String>,
    /// Index of the instance, counted from 0 (as text).
    #[serde(default)]
    pub instance_id: Option<String>,
    /// Status of the instance.
    #[serde(default)]
    pub status: Option<String>,
    /// Digest of the specification it runs.
    #[serde(default)]
    pub spec_digest: Option<String>,
    /// When Snowflake began creating it, in its timestamp text.
    #[serde(default)]
    pub creation_time: Option<String>,
    /// When it was seen running on a node, in Snowflake's timestamp text.
    #[serde(default)]
    pub start_time: Option<String>,
}

/// A role defined by a service's specification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceRole {
    /// When it was created.
    #[serde(default)]
    pub created_on: Option<Timestamp>,
    /// Name of the service role.
    #[serde(default)]
    pub name: Option<String>,
    /// Free text about it.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A privilege a service role holds (such as `USAGE` on an endpoint).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceRoleGrantTo {
    /// When it was granted.
    #[serde(default)]
    pub created_on: Option<Timestamp>,
    /// Privilege held, such as `USAGE`.
    #[serde(default)]
    pub privilege: Option<String>,
    /// Kind of object it is on, such as `SERVICE_ENDPOINT`.
    #[serde(default)]
    pub granted_on: Option<String>,
    /// Name of the object it is on.
    #[serde(default)]
    pub name: Option<String>,
    /// Kind of grantee (a service role).
    #[serde(default)]
    pub granted_to: Option<String>,
    /// Name of the service role holding it.
    #[serde(default)]
    pub grantee_name: Option<String>,
}
