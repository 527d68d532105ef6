//! `schema.services()`: create, list and address services, and run job services.

use snowapi_rest::service::{Client, types};

use super::{JobService, Service, ServiceResource};
use crate::{
    CoreError, PollingOperation,
    call::discard,
    convert::to_wire,
    verbs::{collection_type, collection_verbs},
};

collection_type! {
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
    schema ServiceCollection(at);
    /// The services of this schema.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let services = root.databases().get("spcs").schemas().get("public").services();
    /// let echo = services.get("echo");
    /// # Ok(()) }
    /// ```
    fn services;
}

impl ServiceCollection {
    /// Runs a job service (its containers run once and stop) and returns its handle; unless
    /// `job.is_async_job`, Snowflake answers once the job has ended.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::service::{JobService, ServiceSpec};
    /// let jobs = root.databases().get("spcs").schemas().get("public").services();
    /// let job = JobService::new("nightly_load", "pool_s", ServiceSpec::stage_file("@specs", "load.yaml"));
    /// let run = jobs.execute_job(&job).await?;
    /// println!("{:?}", run.get_containers().await?);
    /// # Ok(()) }
    /// ```
    pub async fn execute_job(&self, job: &JobService) -> Result<ServiceResource, CoreError> {
        self.execute_job_async(job).await?.result().await?;
        Ok(self.get(job.name.clone()))
    }

    /// [`execute_job`](Self::execute_job), returning the operation to poll.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::service::{JobService, ServiceSpec};
    /// let jobs = root.databases().get("spcs").schemas().get("public").services();
    /// let job = JobService::new("backfill", "pool_s", ServiceSpec::stage_file("@specs", "backfill.yaml"));
    /// let op = jobs.execute_job_async(&job).await?;
    /// op.result().await?;
    /// # Ok(()) }
    /// ```
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
}

collection_verbs! {
    ServiceCollection => ServiceResource(Service), "service",
    ["services", "let services = root.databases().get(\"sales\").schemas().get(\"public\").services();", "echo", "snowapi_core::service::Service::new(\"echo\", \"pool_s\", snowapi_core::service::ServiceSpec::stage_file(\"@specs\", \"echo.yaml\"))"],
    get: |this, name| ServiceResource::new(this.at.object(name)),
    create: |this, service, mode, body| create_service {
        let (database, schema) = this.at.ids();
        let client: Client = this.at.root.api();
        let mode: types::CreateServiceCreateMode = mode.wire().map_err(|_| {
            CoreError::InvalidInput(format!("services cannot be created with {mode:?}"))
        })?;
        (&this.at.root, client.create_service(&database, &schema, Some(mode), &body).await)
    }
}

collection_verbs!(
    @iter ServiceCollection, Service, "service",
    ["services", "let services = root.databases().get(\"sales\").schemas().get(\"public\").services();", "echo", "snowapi_core::service::Service::new(\"echo\", \"pool_s\", snowapi_core::service::ServiceSpec::stage_file(\"@specs\", \"echo.yaml\"))"],
    |this| this.at.clone(), |p| p.root, [database, schema] = p.ids::<types::Identifier>(),
    list_services(from_name, like, limit, starts_with)
);
