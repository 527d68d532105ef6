//! One service: `schema.services().get(name)`.

use snowapi_rest::service::types;

use super::{
    Service, ServiceContainer, ServiceEndpoint, ServiceInstance, ServiceRole, ServiceRoleGrantTo,
};
use crate::{
    CoreError,
    convert::{from_json, ident, list_from_wire},
    grant::GrantOf,
    schema::schema_object_handle,
    verbs::generic_verbs,
};

schema_object_handle!(
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
    ServiceResource,
    service,
    "service"
);

impl ServiceResource {
    /// The status of every container, as Snowflake's `SYSTEM$GET_SERVICE_STATUS` reports it
    /// (one JSON object per container). With `timeout` seconds, Snowflake first waits that
    /// long for the service to settle. Superseded by [`get_containers`](Self::get_containers).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let svc = root.databases().get("spcs").schemas().get("public").services().get("echo");
    /// for container in svc.get_service_status(Some(10)).await? {
    ///     println!("{}", container["status"]);
    /// }
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let echo = root.databases().get("spcs").schemas().get("public").services().get("echo");
    /// let ready = echo.get_containers().await?.iter().filter(|c| c.status.as_deref() == Some("READY")).count();
    /// println!("{ready} containers ready");
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let svc = root.databases().get("spcs").schemas().get("app").services().get("api");
    /// for instance in svc.get_instances().await? {
    ///     println!("instance {:?}: {:?}", instance.instance_id, instance.status);
    /// }
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let svc = root.databases().get("spcs").schemas().get("public").services().get("web");
    /// let public = svc.get_endpoints().await?.into_iter().filter(|e| e.is_public == Some(true));
    /// let urls: Vec<_> = public.filter_map(|e| e.ingress_url).collect();
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let svc = root.databases().get("spcs").schemas().get("public").services().get("web");
    /// let names: Vec<_> = svc.get_roles().await?.into_iter().filter_map(|r| r.name).collect();
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let svc = root.databases().get("spcs").schemas().get("public").services().get("web");
    /// for holder in svc.iter_grants_of_service_role("web_user").await? {
    ///     println!("{:?} {:?}", holder.granted_to, holder.grantee_name);
    /// }
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let svc = root.databases().get("spcs").schemas().get("public").services().get("web");
    /// let held = svc.iter_grants_to_service_role("web_user").await?;
    /// let endpoints: Vec<_> = held.iter().filter_map(|g| g.name.as_deref()).collect();
    /// # Ok(()) }
    /// ```
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

generic_verbs! {
    ServiceResource, "service", ["service", "let service = root.databases().get(\"sales\").schemas().get(\"public\").services().get(\"echo\");"], (database, schema, name);
    fetch(fetch_service -> Service);
    create_or_alter(create_or_alter_service(), Service, "snowapi_core::service::Service::new(\"echo\", \"pool_s\", snowapi_core::service::ServiceSpec::stage_file(\"@specs\", \"echo.yaml\"))", "");
    drop(delete_service());
    suspend_resume(suspend_service, resume_service, if_exists);
}
