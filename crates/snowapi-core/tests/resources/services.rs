//! Services: the compute pool → image repository → service lifecycle, and every verb of
//! `schema.services()` and `ServiceResource`.

use std::time::{Duration, Instant};

use snowapi_core::{
    CoreError, CreateMode,
    compute_pool::{ComputePool, ComputePoolResource, ComputePoolState},
    grant::SecurableRef,
    image_repository::ImageRepository,
    role::Role,
    schema::SchemaResource,
    service::{JobService, Service, ServiceResource, ServiceSpec, ServiceStatus},
};

use crate::{
    common::{Env, column, run, start},
    compute_pools::wait_for_state,
};

const SPEC: &str = "spec:
  containers:
  - name: main
    image: /spcs/public/images/echo:1.0
  endpoints:
  - name: api
    port: 8080
    public: true
  serviceRoles:
  - name: api_users
    endpoints:
    - api
";

/// Creates database `spcs`, compute pool `pool` (1 to `max_nodes` nodes, waited for until idle)
/// and image repository `spcs.public.images` holding `echo:1.0`; the pool and `spcs.public`.
async fn spcs_setup(
    env: &Env,
    pool: &str,
    max_nodes: i64,
) -> (ComputePoolResource, SchemaResource) {
    run(&env.conn, "create database spcs").await;
    let pool = env
        .root
        .compute_pools()
        .create(
            &ComputePool::new(pool, "CPU_X64_XS", 1, max_nodes),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    wait_for_state(&pool, ComputePoolState::Idle).await;
    let schema = env.root.databases().get("spcs").schemas().get("public");
    schema
        .image_repositories()
        .create(&ImageRepository::new("images"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    env.emulator
        .register_image("spcs.public.images", "echo", "1.0")
        .await
        .unwrap();
    (pool, schema)
}

/// Fetches `service` until it reports `status`, for at most five seconds.
async fn wait_for_status(service: &ServiceResource, status: ServiceStatus) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = service.fetch().await.unwrap().status;
        if now.as_ref() == Some(&status) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} stayed {now:?}, not {status}",
            service.name()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn compute_pool_image_repository_service_lifecycle() {
    let env = start().await;
    run(&env.conn, "create warehouse svc_wh").await;
    let (pool, schema) = spcs_setup(&env, "svc_pool", 2).await;

    let services = schema.services();
    let definition = Service::new("echo", "svc_pool", ServiceSpec::parse(SPEC).unwrap())
        .min_instances(1)
        .max_instances(2)
        .query_warehouse("svc_wh")
        .auto_resume(true)
        .comment("made by snowapi-core");
    let echo = services
        .create(&definition, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(echo.fully_qualified_name(), "spcs.public.echo");
    assert_eq!(services.schema().name(), "public");
    wait_for_status(&echo, ServiceStatus::Running).await;
    assert_eq!(
        pool.fetch().await.unwrap().state,
        Some(ComputePoolState::Active)
    );

    let fetched = echo.fetch().await.unwrap();
    assert_eq!(fetched.name, "ECHO");
    assert_eq!(fetched.compute_pool, "SVC_POOL");
    assert_eq!(
        (fetched.min_instances, fetched.max_instances),
        (Some(1), Some(2))
    );
    assert_eq!(fetched.query_warehouse.as_deref(), Some("SVC_WH"));
    assert_eq!(fetched.comment.as_deref(), Some("made by snowapi-core"));
    assert_eq!(fetched.database_name.as_deref(), Some("SPCS"));
    assert!(fetched.dns_name.is_some());
    let shown = column(&env.conn, "show services in schema spcs.public", 0).await;
    assert_eq!(shown, ["ECHO"]);

    let conflict = services
        .create(&definition, CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    services
        .create(&definition, CreateMode::IfNotExists)
        .await
        .unwrap();
    let refused = services
        .create(&definition, CreateMode::OrReplace)
        .await
        .unwrap_err();
    assert!(matches!(refused, CoreError::InvalidInput(_)), "{refused:?}");
    let listed = services.iter().like("ec%").send().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "ECHO");

    // What the service reports about itself.
    let containers = echo.get_containers().await.unwrap();
    assert_eq!(containers.len(), 1, "{containers:?}");
    assert_eq!(containers[0].container_name.as_deref(), Some("main"));
    assert_eq!(containers[0].status.as_deref(), Some("READY"));
    let instances = echo.get_instances().await.unwrap();
    assert_eq!(instances.len(), 1, "{instances:?}");
    assert_eq!(instances[0].instance_id.as_deref(), Some("0"));
    let endpoints = echo.get_endpoints().await.unwrap();
    assert_eq!(endpoints.len(), 1, "{endpoints:?}");
    assert_eq!(endpoints[0].name.as_deref(), Some("api"));
    assert_eq!(endpoints[0].port, Some(8080));
    assert_eq!(endpoints[0].is_public, Some(true));
    let status = echo.get_service_status(Some(0)).await.unwrap();
    assert_eq!(status.len(), 1, "{status:?}");
    assert_eq!(status[0]["containerName"], "main");
    let logs = echo.get_service_logs("0", "main", Some(5)).await.unwrap();
    assert!(logs.lines().count() <= 5, "{logs}");
    let bad = echo
        .get_service_logs("zero", "main", None)
        .await
        .unwrap_err();
    assert!(matches!(bad, CoreError::InvalidInput(_)), "{bad:?}");

    // Service roles and their grants.
    let roles = echo.get_roles().await.unwrap();
    assert!(
        roles.iter().any(|r| r
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case("api_users"))),
        "{roles:?}"
    );
    let to = echo.iter_grants_to_service_role("api_users").await.unwrap();
    assert!(
        to.iter().any(|g| g.privilege.as_deref() == Some("USAGE")),
        "{to:?}"
    );
    // Who holds the role (granting it: see `service_role_grants_of`).
    let of = echo.iter_grants_of_service_role("api_users").await.unwrap();
    assert!(of.iter().all(|g| g.grantee_name.is_some()), "{of:?}");

    // Alter, suspend, resume.
    echo.create_or_alter(
        &Service::new("echo", "svc_pool", ServiceSpec::inline(SPEC))
            .min_instances(2)
            .max_instances(2)
            .comment("altered"),
    )
    .await
    .unwrap();
    let altered = echo.fetch().await.unwrap();
    assert_eq!(altered.min_instances, Some(2));
    assert_eq!(altered.comment.as_deref(), Some("altered"));
    echo.suspend().await.unwrap();
    wait_for_status(&echo, ServiceStatus::Suspended).await;
    assert!(echo.get_instances().await.unwrap().is_empty());
    echo.resume().await.unwrap();
    wait_for_status(&echo, ServiceStatus::Running).await;

    // Stopping everything on the pool, then dropping.
    pool.stop_all_services().await.unwrap();
    assert!(echo.fetch().await.unwrap_err().is_not_found());
    echo.drop_if_exists().await.unwrap();
    assert!(echo.drop().await.unwrap_err().is_not_found());
    assert!(echo.suspend().await.unwrap_err().is_not_found());
    echo.suspend_async(true)
        .await
        .unwrap()
        .result()
        .await
        .unwrap();

    let again = services
        .create(&definition, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    again.drop().await.unwrap();
    assert!(again.fetch().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn job_services_run_to_completion() {
    let env = start().await;
    let (_, schema) = spcs_setup(&env, "job_pool", 1).await;
    let services = schema.services();
    let job = JobService::new("nightly", "job_pool", ServiceSpec::inline(SPEC)).comment("job");
    let run = services.execute_job(&job).await.unwrap();
    assert_eq!(run.name(), "nightly");
    let fetched = run.fetch().await.unwrap();
    assert_eq!(fetched.is_job, Some(true));
    assert_eq!(fetched.status, Some(ServiceStatus::Done));
    let logs = run.get_service_logs("0", "main", None).await.unwrap();
    tracing::info!(%logs, "job logs");

    let async_job =
        JobService::new("nightly_async", "job_pool", ServiceSpec::inline(SPEC)).is_async_job(true);
    let started = services.execute_job(&async_job).await.unwrap();
    let status = started.fetch().await.unwrap().status;
    assert!(status.is_some(), "{status:?}");

    let missing_pool = JobService::new("orphan", "no_pool", ServiceSpec::inline(SPEC));
    let error = services.execute_job(&missing_pool).await.unwrap_err();
    assert!(error.status().is_some(), "{error:?}");
}

#[test]
fn specs_parse_like_snowflake_core() {
    assert_eq!(
        ServiceSpec::parse("@stage/dir/spec.yaml").unwrap(),
        ServiceSpec::stage_file("stage", "dir/spec.yaml")
    );
    assert!(ServiceSpec::parse("@stage_only").is_err());
    assert!(ServiceSpec::parse("containers: []").is_err());
    let json = serde_json::to_value(ServiceSpec::inline(SPEC)).unwrap();
    assert_eq!(json["spec_type"], "from_inline");
}

#[tokio::test]
async fn service_role_grants_of() {
    let env = start().await;
    let (_, schema) = spcs_setup(&env, "svc_pool", 1).await;
    let echo = schema
        .services()
        .create(
            &Service::new("echo", "svc_pool", ServiceSpec::inline(SPEC)),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let client = env
        .root
        .roles()
        .create(&Role::new("api_client"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    client
        .grant_role(
            "SERVICE ROLE",
            SecurableRef::service_role("spcs", "public", "echo", "api_users"),
        )
        .await
        .unwrap();
    let of = echo.iter_grants_of_service_role("api_users").await.unwrap();
    assert!(
        of.iter()
            .any(|g| g.grantee_name.as_deref() == Some("API_CLIENT")),
        "{of:?}"
    );
}
