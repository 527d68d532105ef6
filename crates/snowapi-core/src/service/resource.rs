//! One service: `schema.services().get(name)`.

use snowapi_rest::service::{Client, types};

use super::{
    Service, ServiceContainer, ServiceEndpoint, ServiceInstance, ServiceRole, ServiceRoleGrantTo,
};
use crate::{
    CoreError, PollingOperation,
    call::discard,
    convert::{from_json, from_wire, ident, list_from_wire, to_wire},
    grant::GrantOf,
    schema::{SchemaObject, schema_object_accessors},
};

/// A reference to one service (snowflake.core's `ServiceResource`). Building it makes no
/// request; cheap to clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// let echo = root.databases().get("spcs").schemas().get("public").services().get("echo");
/// for container in echo.get_containers().await? {
///     tracing::info!(name = ?container.container_name, status = ?container.status, "container");
/// }
/// let logs = echo.get_service_logs("0", "main", Some(50)).await?;
/// tracing::info!(%logs, "latest lines");
/// echo.suspend().await?;
/// echo.resume().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ServiceResource {
    at: SchemaObject,
}

schema_object_accessors!(ServiceResource, "service");

impl ServiceResource {
    pub(crate) fn new(at: SchemaObject) -> Self {
        Self { at }
    }

    fn ids(&self) -> (types::Identifier, types::Identifier, types::Identifier) {
        self.at.ids()
    }

    fn client(&self) -> Client {
        self.at.root().api()
    }

    /// The service as Snowflake has it now.
    pub async fn fetch(&self) -> Result<Service, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_service", || {
                client.fetch_service(&database, &schema, &name)
            })
            .await?;
        from_wire(wire)
    }

    /// Creates the service as `service` describes it, or alters the existing one to match.
    pub async fn create_or_alter(&self, service: &Service) -> Result<(), CoreError> {
        self.create_or_alter_async(service).await?.result().await
    }

    /// [`create_or_alter`](Self::create_or_alter), returning the operation to poll.
    pub async fn create_or_alter_async(
        &self,
        service: &Service,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Service = to_wire(service)?;
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .create_or_alter_service(&database, &schema, &name, &body)
            .await;
        self.root()
            .start("create_or_alter_service", answer, discard)
            .await
    }

    /// Drops the service; [`CoreError::NotFound`] if it does not exist.
    pub async fn drop(&self) -> Result<(), CoreError> {
        self.drop_async(false).await?.result().await
    }

    /// Drops the service if it exists.
    pub async fn drop_if_exists(&self) -> Result<(), CoreError> {
        self.drop_async(true).await?.result().await
    }

    /// Starts dropping the service, returning the operation to poll.
    pub async fn drop_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .delete_service(&database, &schema, &name, Some(if_exists))
            .await;
        self.root().start("delete_service", answer, discard).await
    }

    /// Suspends the service: its instances stop.
    pub async fn suspend(&self) -> Result<(), CoreError> {
        self.suspend_async(false).await?.result().await
    }

    /// Starts suspending the service (doing nothing if it is missing and `if_exists`).
    pub async fn suspend_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .suspend_service(&database, &schema, &name, Some(if_exists))
            .await;
        self.root().start("suspend_service", answer, discard).await
    }

    /// Resumes the suspended service.
    pub async fn resume(&self) -> Result<(), CoreError> {
        self.resume_async(false).await?.result().await
    }

    /// Starts resuming the service (doing nothing if it is missing and `if_exists`).
    pub async fn resume_async(&self, if_exists: bool) -> Result<PollingOperation<()>, CoreError> {
        let (database, schema, name) = self.ids();
        let answer = self
            .client()
            .resume_service(&database, &schema, &name, Some(if_exists))
            .await;
        self.root().start("resume_service", answer, discard).await
    }

    /// The status of every container, as Snowflake's `SYSTEM$GET_SERVICE_STATUS` reports it
    /// (one JSON object per container). With `timeout` seconds, Snowflake first waits that
    /// long for the service to settle. Superseded by [`get_containers`](Self::get_containers).
    pub async fn get_service_status(
        &self,
        timeout: Option<i64>,
    ) -> Result<Vec<serde_json::Value>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let status = self
            .root()
            .idempotent("fetch_service_status", || {
                client.fetch_service_status(&database, &schema, &name, timeout)
            })
            .await?;
        match status.system_get_service_status {
            Some(text) if !text.trim().is_empty() => {
                let value = serde_json::from_str(&text).map_err(CoreError::invalid_response)?;
                from_json(value)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// The latest log lines (`num_lines` of them, or all Snowflake keeps) of container
    /// `container_name` of instance `instance_id` (counted from `"0"`, as
    /// [`get_instances`](Self::get_instances) reports it).
    ///
    /// ```no_run
    /// # async fn demo(service: snowapi_core::service::ServiceResource) -> Result<(), snowapi_core::CoreError> {
    /// for container in service.get_containers().await? {
    ///     if let (Some(instance), Some(name)) = (&container.instance_id, &container.container_name) {
    ///         let logs = service.get_service_logs(instance, name, Some(10)).await?;
    ///         tracing::info!(%logs, container = %name, "logs");
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_service_logs(
        &self,
        instance_id: &str,
        container_name: &str,
        num_lines: Option<i64>,
    ) -> Result<String, CoreError> {
        let instance: i64 = instance_id.trim().parse().map_err(|_| {
            CoreError::InvalidInput(format!("instance id `{instance_id}` is not a number"))
        })?;
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let logs = self
            .root()
            .idempotent("fetch_service_logs", || {
                client.fetch_service_logs(
                    &database,
                    &schema,
                    &name,
                    container_name,
                    instance,
                    num_lines,
                )
            })
            .await?;
        Ok(logs.system_get_service_logs.unwrap_or_default())
    }

    /// The containers of every instance, with their state.
    pub async fn get_containers(&self) -> Result<Vec<ServiceContainer>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let rows = self
            .root()
            .idempotent("list_service_containers", || {
                client.list_service_containers(&database, &schema, &name)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The instances (replicas) of the service, with their state.
    pub async fn get_instances(&self) -> Result<Vec<ServiceInstance>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let rows = self
            .root()
            .idempotent("list_service_instances", || {
                client.list_service_instances(&database, &schema, &name)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The endpoints the service listens on.
    pub async fn get_endpoints(&self) -> Result<Vec<ServiceEndpoint>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let rows = self
            .root()
            .idempotent("list_service_endpoints", || {
                client.list_service_endpoints(&database, &schema, &name)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The roles the service's specification defines.
    pub async fn get_roles(&self) -> Result<Vec<ServiceRole>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let rows = self
            .root()
            .idempotent("list_service_roles", || {
                client.list_service_roles(&database, &schema, &name)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The users and roles service role `role_name` has been granted to.
    pub async fn iter_grants_of_service_role(
        &self,
        role_name: &str,
    ) -> Result<Vec<GrantOf>, CoreError> {
        let (client, (database, schema, service)) = (self.client(), self.ids());
        let role: types::Identifier = ident(role_name);
        let rows = self
            .root()
            .idempotent("list_service_role_grants_of", || {
                client.list_service_role_grants_of(&database, &schema, &service, &role)
            })
            .await?;
        list_from_wire(rows)
    }

    /// The privileges service role `role_name` holds (such as `USAGE` on endpoints).
    pub async fn iter_grants_to_service_role(
        &self,
        role_name: &str,
    ) -> Result<Vec<ServiceRoleGrantTo>, CoreError> {
        let (client, (database, schema, service)) = (self.client(), self.ids());
        let role: types::Identifier = ident(role_name);
        let rows = self
            .root()
            .idempotent("list_service_role_grants_to", || {
                client.list_service_role_grants_to(&database, &schema, &service, &role)
            })
            .await?;
        list_from_wire(rows)
    }
}
