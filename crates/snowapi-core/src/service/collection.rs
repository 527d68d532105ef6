//! `schema.services()`: create, list and address services, and run job services.

use std::num::NonZeroU64;

use snowapi_rest::service::{Client, types};

use super::{JobService, Service, ServiceResource};
use crate::{
    CoreError, CreateMode, Listing, PollingOperation,
    call::discard,
    convert::{list_from_wire, to_wire},
    schema::{SchemaResource, SchemaScope},
};

/// The services of a schema (snowflake.core's `ServiceCollection`). Cheap to clone.
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use snowapi_core::{CreateMode, service::{JobService, Service, ServiceSpec}};
///
/// let services = root.databases().get("spcs").schemas().get("public").services();
/// let spec = ServiceSpec::parse("@specs/echo.yaml")?;
/// let echo = services.create(&Service::new("echo", "pool_s", spec), CreateMode::IfNotExists).await?;
/// tracing::info!(status = ?echo.fetch().await?.status, "service");
/// let job = JobService::new("nightly", "pool_s", ServiceSpec::stage_file("specs", "job.yaml"));
/// let run = services.execute_job(&job).await?;
/// tracing::info!(logs = %run.get_service_logs("0", "main", Some(20)).await?, "job output");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ServiceCollection {
    at: SchemaScope,
}

impl SchemaResource {
    /// The services of this schema.
    pub fn services(&self) -> ServiceCollection {
        ServiceCollection { at: self.scope() }
    }
}

impl ServiceCollection {
    /// The handle of service `name`; makes no request.
    pub fn get(&self, name: impl Into<String>) -> ServiceResource {
        ServiceResource::new(self.at.object(name.into()))
    }

    /// The schema the services belong to.
    pub fn schema(&self) -> SchemaResource {
        self.at.schema()
    }

    /// Creates `service` and returns its handle ([`CreateMode::OrReplace`] is refused: the
    /// API does not replace services).
    pub async fn create(
        &self,
        service: &Service,
        mode: CreateMode,
    ) -> Result<ServiceResource, CoreError> {
        self.create_async(service, mode).await?.result().await?;
        Ok(self.get(service.name.clone()))
    }

    /// Starts creating `service`; the operation may finish in the background.
    pub async fn create_async(
        &self,
        service: &Service,
        mode: CreateMode,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::Service = to_wire(service)?;
        let mode: types::CreateServiceCreateMode = mode.wire().map_err(|_| {
            CoreError::InvalidInput(format!("services cannot be created with {mode:?}"))
        })?;
        let (database, schema) = self.at.ids();
        let client: Client = self.at.root.api();
        let answer = client
            .create_service(&database, &schema, Some(mode), &body)
            .await;
        self.at.root.start("create_service", answer, discard).await
    }

    /// Runs a job service (its containers run once and stop) and returns its handle; unless
    /// `job.is_async_job`, Snowflake answers once the job has ended.
    pub async fn execute_job(&self, job: &JobService) -> Result<ServiceResource, CoreError> {
        self.execute_job_async(job).await?.result().await?;
        Ok(self.get(job.name.clone()))
    }

    /// [`execute_job`](Self::execute_job), returning the operation to poll.
    pub async fn execute_job_async(
        &self,
        job: &JobService,
    ) -> Result<PollingOperation<()>, CoreError> {
        let body: types::JobService = to_wire(job)?;
        let (database, schema) = self.at.ids();
        let client: Client = self.at.root.api();
        let answer = client.execute_job_service(&database, &schema, &body).await;
        self.at
            .root
            .start("execute_job_service", answer, discard)
            .await
    }

    /// Lists services; set filters on the returned [`Listing`].
    pub fn iter(&self) -> Listing<Service> {
        let at = self.at.clone();
        Listing::new(move |options| {
            let at = at.clone();
            async move {
                let client: Client = at.root.api();
                let (database, schema) = at.ids();
                let limit = options.limit.and_then(NonZeroU64::new);
                let items = at
                    .root
                    .idempotent("list_services", || {
                        client.list_services(
                            &database,
                            &schema,
                            options.from_name.as_deref(),
                            options.like.as_deref(),
                            limit,
                            options.starts_with.as_deref(),
                        )
                    })
                    .await?;
                list_from_wire(items)
            }
        })
    }
}
