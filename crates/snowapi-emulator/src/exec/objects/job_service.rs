//! `EXECUTE JOB SERVICE IN COMPUTE POOL p NAME = [db.schema.]job FROM SPECIFICATION $$...$$ |
//! FROM @stage SPECIFICATION_FILE = '...' [ASYNC = TRUE|FALSE] [QUERY_WAREHOUSE = w]
//! [COMMENT = '...'] [EXTERNAL_ACCESS_INTEGRATIONS = (...)] [REPLICAS = n]`.
//!
//! The job's containers "run" at once: the job ends DONE, or FAILED when a container's image
//! names an image repository that does not exist (the pull would fail). A synchronous job that
//! failed answers an error; the job service stays, as in Snowflake, for its status and logs.

use std::sync::Arc;

use chrono::Utc;

use super::{
    compute_pool::resume_pool,
    object_path,
    service::read_spec,
    status,
    syntax::{Syntax, invalid_value},
};
use crate::{
    catalog::{
        Catalog, ComputePoolState, ImageRef, Name, ObjectInfo, ObjectPath, Service, ServiceSpec,
        ServiceStatus, spec_images,
    },
    engine::{QueryResult, Session},
    error::{EmulatorError, ErrorKind, Result},
};

/// The first image of `spec` whose repository does not exist, if any.
fn missing_image(catalog: &Catalog, spec: &ServiceSpec) -> Option<String> {
    spec_images(spec).into_iter().find(|image| {
        let Some(reference) = ImageRef::parse(image) else {
            return false;
        };
        let [database, schema, repository] = &reference.repository;
        let found = catalog.databases.iter().any(|(db_name, db)| {
            db_name.as_str().eq_ignore_ascii_case(database)
                && db.schemas.iter().any(|(schema_name, s)| {
                    schema_name.as_str().eq_ignore_ascii_case(schema)
                        && s.image_repositories
                            .keys()
                            .any(|r| r.as_str().eq_ignore_ascii_case(repository))
                })
        });
        !found
    })
}

/// Runs `EXECUTE JOB SERVICE` (after those three words).
pub(super) async fn execute(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    const COMMAND: &str = "EXECUTE JOB SERVICE";
    syntax.expect(&["IN", "COMPUTE", "POOL"])?;
    let pool = super::single(syntax.name()?)?;
    let mut path: Option<ObjectPath> = None;
    let mut spec = None;
    let mut is_async = false;
    let mut service = Service {
        name: Name::canonical("JOB"),
        info: ObjectInfo::new(&session.state().role, None),
        compute_pool: pool,
        spec: ServiceSpec::FromInline {
            spec_text: String::new(),
        },
        status: ServiceStatus::Pending,
        min_instances: 1,
        max_instances: 1,
        min_ready_instances: 1,
        auto_resume: false,
        auto_suspend_secs: 0,
        query_warehouse: None,
        external_access_integrations: Vec::new(),
        is_job: true,
        is_async_job: false,
        updated_on: None,
        resumed_on: None,
        suspended_on: None,
    };
    while !syntax.is_done() {
        if syntax.accept("FROM") {
            spec = Some(read_spec(session, &mut syntax, COMMAND)?);
            continue;
        }
        if syntax.accept("NAME") {
            syntax.expect_token(&sqlparser::tokenizer::Token::Eq)?;
            path = Some(object_path(session, syntax.name()?, COMMAND)?);
            continue;
        }
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        match key.as_str() {
            "ASYNC" => is_async = value.boolean().ok_or_else(|| invalid_value(&key, &value))?,
            "REPLICAS" => {
                let replicas = value
                    .unsigned()
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| invalid_value(&key, &value))?;
                service.min_instances = replicas;
                service.max_instances = replicas;
                service.min_ready_instances = replicas;
            }
            _ if super::service::apply(&mut service, &key, &value)? => {}
            _ => {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
        }
    }
    let path = path.ok_or_else(|| {
        EmulatorError::compilation(
            ErrorKind::SyntaxError,
            "missing required property 'NAME' for EXECUTE JOB SERVICE.",
        )
    })?;
    let (spec, stage) = spec.ok_or_else(|| {
        EmulatorError::compilation(
            ErrorKind::SyntaxError,
            "missing 'FROM SPECIFICATION' or 'FROM @stage' for EXECUTE JOB SERVICE.",
        )
    })?;
    service.name = path.name.clone();
    service.spec = spec;
    service.is_async_job = is_async;
    let name = path.name.clone();
    let failed_image = session
        .write(move |catalog| {
            if let Some(stage) = &stage {
                catalog.stage(stage)?;
            }
            let pool = catalog
                .compute_pools
                .get(&service.compute_pool)
                .cloned()
                .ok_or_else(|| EmulatorError::not_found("Compute pool", &service.compute_pool))?;
            if pool.state == ComputePoolState::Suspended && !pool.auto_resume {
                return Err(super::invalid_state(format!(
                    "Compute pool '{}' is suspended.",
                    pool.name
                )));
            }
            if catalog
                .schema(&path.database, &path.schema)?
                .services
                .contains_key(&path.name)
            {
                return Err(EmulatorError::already_exists("Object", &path.name));
            }
            resume_pool(catalog, &service.compute_pool)?;
            let missing = missing_image(catalog, &service.spec);
            let now = Utc::now();
            service.status = if missing.is_some() {
                ServiceStatus::Failed
            } else {
                ServiceStatus::Done
            };
            service.resumed_on = Some(now);
            service.updated_on = Some(now);
            catalog
                .schema_mut(&path.database, &path.schema)?
                .services
                .insert(path.name, Arc::new(service));
            Ok(missing)
        })
        .await?;
    match failed_image {
        Some(image) if !is_async => Err(EmulatorError::new(
            ErrorKind::InvalidValue,
            format!(
                "Job {name} completed with status: FAILED. Image '{image}' could not be pulled: its image repository does not exist."
            ),
        )),
        _ if is_async => status(format!("Job {name} successfully started.")),
        _ => status(format!(
            "Job {name} completed successfully with status: DONE."
        )),
    }
}
