//! CREATE, ALTER (SUSPEND, RESUME, SET, UNSET, FROM ...), DROP, SHOW and DESCRIBE SERVICE.
//! A service is RUNNING while its compute pool runs; on a suspended pool it waits as PENDING
//! (or resumes the pool when the pool has AUTO_RESUME).

use std::sync::Arc;

use chrono::Utc;
use sqlparser::tokenizer::Token;

use super::{
    CreateHeader, Dropped,
    compute_pool::resume_pool,
    created, executed,
    filter::ShowFilter,
    object_path,
    rows::{Cell, Kind, Rows, int, opt_text, opt_time, text, time, true_false},
    syntax::{Syntax, Value, invalid_value},
};
use crate::{
    catalog::{
        Catalog, ComputePoolState, Name, ObjectInfo, ObjectPath, Service, ServiceSpec,
        ServiceStatus,
    },
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// `FROM SPECIFICATION $$...$$ | FROM @stage[/path] SPECIFICATION_FILE = '...'`, after FROM.
/// Returns the spec and, for a stage, the stage's path (to check that it exists).
pub(super) fn read_spec(
    session: &Session,
    syntax: &mut Syntax<'_>,
    command: &str,
) -> Result<(ServiceSpec, Option<ObjectPath>)> {
    if syntax.accept("SPECIFICATION") {
        let spec_text = syntax.string()?;
        if !spec_text.contains("spec:") && !spec_text.contains("spec :") {
            return Err(invalid_value("SPECIFICATION", &"<missing 'spec' section>"));
        }
        return Ok((ServiceSpec::FromInline { spec_text }, None));
    }
    if syntax.peek(&["SPECIFICATION_TEMPLATE"]) || syntax.peek(&["SPECIFICATION_TEMPLATE_FILE"]) {
        return Err(EmulatorError::unsupported(
            "service specification templates",
        ));
    }
    syntax.expect_token(&Token::AtSign)?;
    let start = syntax.position();
    let parts = syntax.name()?;
    let stage = object_path(session, parts, command)?;
    let end = syntax
        .find_keyword("SPECIFICATION_FILE")
        .ok_or_else(|| syntax.unexpected())?;
    let written = syntax.text_between(start, end).to_owned();
    syntax.rewind(end);
    if syntax.peek(&["SPECIFICATION_TEMPLATE_FILE"]) {
        return Err(EmulatorError::unsupported(
            "service specification templates",
        ));
    }
    syntax.expect(&["SPECIFICATION_FILE"])?;
    syntax.expect_token(&Token::Eq)?;
    let spec_file = syntax.string()?;
    Ok((
        ServiceSpec::FromFile {
            stage: written,
            spec_file,
        },
        Some(stage),
    ))
}

/// Sets one property; `false` when the name is not a service property.
pub(super) fn apply(service: &mut Service, key: &str, value: &Value) -> Result<bool> {
    let bad = || invalid_value(key, value);
    let count = || {
        value
            .unsigned()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(bad)
    };
    match key {
        "MIN_INSTANCES" => service.min_instances = count()?,
        "MAX_INSTANCES" => service.max_instances = count()?,
        "MIN_READY_INSTANCES" => service.min_ready_instances = count()?,
        "AUTO_RESUME" => service.auto_resume = value.boolean().ok_or_else(bad)?,
        "AUTO_SUSPEND_SECS" => service.auto_suspend_secs = value.unsigned().ok_or_else(bad)?,
        "QUERY_WAREHOUSE" => {
            service.query_warehouse = Some(Name::canonical(value.text().ok_or_else(bad)?));
        }
        "EXTERNAL_ACCESS_INTEGRATIONS" => {
            let Value::List(items) = value else {
                return Err(bad());
            };
            service.external_access_integrations = items
                .iter()
                .map(|item| item.text().map(Name::canonical).ok_or_else(bad))
                .collect::<Result<_>>()?;
        }
        "COMMENT" => service.info.comment = Some(super::comment_value(value)?),
        _ => return Ok(false),
    }
    Ok(true)
}

fn check_instances(service: &Service) -> Result<()> {
    if service.min_instances > service.max_instances || service.min_instances == 0 {
        return Err(invalid_value("MIN_INSTANCES", &service.min_instances));
    }
    if service.min_ready_instances > service.min_instances {
        return Err(invalid_value(
            "MIN_READY_INSTANCES",
            &service.min_ready_instances,
        ));
    }
    Ok(())
}

/// Starts a service on its pool: RUNNING when the pool runs (resuming it if it may), PENDING
/// otherwise.
fn start(catalog: &mut Catalog, service: &mut Service) -> Result<()> {
    let pool = catalog
        .compute_pools
        .get(&service.compute_pool)
        .cloned()
        .ok_or_else(|| EmulatorError::not_found("Compute pool", &service.compute_pool))?;
    let now = Utc::now();
    if pool.state == ComputePoolState::Suspended && !pool.auto_resume {
        service.status = ServiceStatus::Pending;
        return Ok(());
    }
    resume_pool(catalog, &service.compute_pool)?;
    service.status = ServiceStatus::Running;
    service.resumed_on = Some(now);
    Ok(())
}

/// `CREATE SERVICE [IF NOT EXISTS] s IN COMPUTE POOL p FROM SPECIFICATION $$...$$ |
/// FROM @stage SPECIFICATION_FILE = '...' [<property> = <value> ...]`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "CREATE SERVICE")?;
    syntax.expect(&["IN", "COMPUTE", "POOL"])?;
    let pool = super::single(syntax.name()?)?;
    syntax.expect(&["FROM"])?;
    let (spec, stage) = read_spec(session, &mut syntax, "CREATE SERVICE")?;
    let mut service = Service {
        name: path.name.clone(),
        info: ObjectInfo::new(&session.state().role, None),
        compute_pool: pool,
        spec,
        status: ServiceStatus::Pending,
        min_instances: 1,
        max_instances: 1,
        min_ready_instances: 1,
        auto_resume: true,
        auto_suspend_secs: 0,
        query_warehouse: None,
        external_access_integrations: Vec::new(),
        is_job: false,
        is_async_job: false,
        updated_on: None,
        resumed_on: None,
        suspended_on: None,
    };
    let mut max_given = false;
    while !syntax.is_done() {
        if syntax.peek(&["WITH", "TAG"]) || syntax.peek(&["TAG"]) {
            return Err(EmulatorError::unsupported("tags on services"));
        }
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if !apply(&mut service, &key, &value)? {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
        max_given |= key == "MAX_INSTANCES";
    }
    if !max_given {
        service.max_instances = service.max_instances.max(service.min_instances);
    }
    service.min_ready_instances = service.min_ready_instances.min(service.min_instances);
    check_instances(&service)?;
    let new = {
        let path = path.clone();
        session
            .write(move |catalog| {
                if let Some(stage) = &stage {
                    catalog.stage(stage)?;
                }
                let exists = catalog
                    .schema(&path.database, &path.schema)?
                    .services
                    .contains_key(&path.name);
                if exists {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                start(catalog, &mut service)?;
                catalog
                    .schema_mut(&path.database, &path.schema)?
                    .services
                    .insert(path.name, Arc::new(service));
                Ok(true)
            })
            .await?
    };
    created("Service", &path.name, new)
}

/// `ALTER SERVICE [IF EXISTS] s SUSPEND | RESUME | SET ... | UNSET ... | FROM ...`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "ALTER SERVICE")?;
    enum Change {
        Suspend,
        Resume,
        Set(Vec<(String, Value)>),
        Unset(Vec<String>),
        Spec(ServiceSpec, Option<ObjectPath>),
    }
    let change = if syntax.accept("SUSPEND") {
        Change::Suspend
    } else if syntax.accept("RESUME") {
        Change::Resume
    } else if syntax.accept("FROM") {
        let (spec, stage) = read_spec(session, &mut syntax, "ALTER SERVICE")?;
        Change::Spec(spec, stage)
    } else if syntax.accept("SET") {
        let mut properties = Vec::new();
        while !syntax.is_done() {
            let at = syntax.position();
            let (key, value) = syntax.property()?;
            let known = [
                "MIN_INSTANCES",
                "MAX_INSTANCES",
                "MIN_READY_INSTANCES",
                "AUTO_RESUME",
                "AUTO_SUSPEND_SECS",
                "QUERY_WAREHOUSE",
                "EXTERNAL_ACCESS_INTEGRATIONS",
                "COMMENT",
            ];
            if !known.contains(&key.as_str()) {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
            properties.push((key, value));
        }
        if properties.is_empty() {
            return Err(syntax.unexpected());
        }
        Change::Set(properties)
    } else if syntax.accept("UNSET") {
        let names = syntax.names_list()?;
        let known = [
            "MIN_INSTANCES",
            "MAX_INSTANCES",
            "MIN_READY_INSTANCES",
            "AUTO_RESUME",
            "AUTO_SUSPEND_SECS",
            "QUERY_WAREHOUSE",
            "EXTERNAL_ACCESS_INTEGRATIONS",
            "COMMENT",
        ];
        if let Some(unknown) = names.iter().find(|n| !known.contains(&n.as_str())) {
            return Err(invalid_value("UNSET", unknown));
        }
        Change::Unset(names)
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    session
        .write(move |catalog| {
            let current = catalog
                .schema(&path.database, &path.schema)
                .ok()
                .and_then(|s| s.services.get(&path.name))
                .cloned();
            let Some(current) = current else {
                return if if_exists {
                    Ok(())
                } else {
                    Err(EmulatorError::not_found("Service", &path))
                };
            };
            let mut service = (*current).clone();
            let now = Utc::now();
            match change {
                Change::Suspend => {
                    if service.status != ServiceStatus::Suspended {
                        service.status = ServiceStatus::Suspended;
                        service.suspended_on = Some(now);
                    }
                }
                Change::Resume => {
                    if service.status == ServiceStatus::Suspended {
                        start(catalog, &mut service)?;
                    }
                }
                Change::Spec(spec, stage) => {
                    if let Some(stage) = &stage {
                        catalog.stage(stage)?;
                    }
                    service.spec = spec;
                }
                Change::Set(properties) => {
                    for (key, value) in &properties {
                        apply(&mut service, key, value)?;
                    }
                    check_instances(&service)?;
                }
                Change::Unset(names) => {
                    for key in names {
                        match key.as_str() {
                            "MIN_INSTANCES" | "MAX_INSTANCES" | "MIN_READY_INSTANCES" => {
                                service.min_instances = 1;
                                service.max_instances = 1;
                                service.min_ready_instances = 1;
                            }
                            "AUTO_RESUME" => service.auto_resume = true,
                            "AUTO_SUSPEND_SECS" => service.auto_suspend_secs = 0,
                            "QUERY_WAREHOUSE" => service.query_warehouse = None,
                            "EXTERNAL_ACCESS_INTEGRATIONS" => {
                                service.external_access_integrations.clear();
                            }
                            _ => service.info.comment = None,
                        }
                    }
                }
            }
            service.updated_on = Some(now);
            catalog
                .schema_mut(&path.database, &path.schema)?
                .services
                .insert(path.name.clone(), Arc::new(service));
            Ok(())
        })
        .await?;
    executed()
}

/// `DROP SERVICE [IF EXISTS] s`.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    super::drop_from_schema(session, parts, "DROP SERVICE", "Service", |schema| {
        &mut schema.services
    })
    .await
}

const COLUMNS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("status", Kind::Text),
    ("database_name", Kind::Text),
    ("schema_name", Kind::Text),
    ("owner", Kind::Text),
    ("compute_pool", Kind::Text),
    ("dns_name", Kind::Text),
    ("current_instances", Kind::Int),
    ("target_instances", Kind::Int),
    ("min_ready_instances", Kind::Int),
    ("min_instances", Kind::Int),
    ("max_instances", Kind::Int),
    ("auto_resume", Kind::Text),
    ("external_access_integrations", Kind::Text),
    ("created_on", Kind::Time),
    ("updated_on", Kind::Time),
    ("resumed_on", Kind::Time),
    ("suspended_on", Kind::Time),
    ("auto_suspend_secs", Kind::Int),
    ("comment", Kind::Text),
    ("owner_role_type", Kind::Text),
    ("query_warehouse", Kind::Text),
    ("is_job", Kind::Text),
    ("is_async_job", Kind::Text),
    ("spec_digest", Kind::Text),
    ("is_upgrading", Kind::Text),
    ("managing_object_domain", Kind::Text),
    ("managing_object_name", Kind::Text),
];

fn row(path: &ObjectPath, service: &Service) -> Vec<Cell> {
    let integrations: Vec<&str> = service
        .external_access_integrations
        .iter()
        .map(Name::as_str)
        .collect();
    let target = match service.status {
        ServiceStatus::Running | ServiceStatus::Pending => service.min_instances,
        ServiceStatus::Suspended | ServiceStatus::Done | ServiceStatus::Failed => 0,
    };
    vec![
        text(path.name.as_str()),
        text(service.status.as_str()),
        text(path.database.as_str()),
        text(path.schema.as_str()),
        text(service.info.owner.clone()),
        text(service.compute_pool.as_str()),
        text(service.dns_name(&path.database, &path.schema)),
        int(service.current_instances()),
        int(target),
        int(service.min_ready_instances),
        int(service.min_instances),
        int(service.max_instances),
        true_false(service.auto_resume),
        opt_text((!integrations.is_empty()).then(|| format!("[{}]", integrations.join(", ")))),
        time(service.info.created_on),
        opt_time(service.updated_on),
        opt_time(service.resumed_on),
        opt_time(service.suspended_on),
        int(service.auto_suspend_secs),
        opt_text(service.info.comment.clone()),
        text("ROLE"),
        opt_text(service.query_warehouse.clone()),
        true_false(service.is_job),
        true_false(service.is_async_job),
        text(service.spec.digest()),
        true_false(false),
        opt_text(None::<String>),
        opt_text(None::<String>),
    ]
}

/// `SHOW SERVICES [LIKE '...'] [IN ...] [STARTS WITH '...'] [LIMIT n]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(&mut syntax, &session.name_context(), "SHOW SERVICES", true)?;
    let catalog = session.snapshot();
    if let Some(scope) = &filter.scope {
        scope.check(&catalog)?;
    }
    let mut found: Vec<(ObjectPath, &Arc<Service>)> = Vec::new();
    for (db_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            if filter.in_scope(db_name, schema_name) {
                for (name, service) in &schema.services {
                    let path = ObjectPath {
                        database: db_name.clone(),
                        schema: schema_name.clone(),
                        name: name.clone(),
                    };
                    found.push((path, service));
                }
            }
        }
    }
    let found = filter.apply(found, |(path, _)| path.name.as_str());
    let mut rows = Rows::new(COLUMNS);
    for (path, service) in found {
        rows.push(row(&path, service));
    }
    rows.into_result()
}

/// `DESCRIBE SERVICE s`: the SHOW columns and the specification.
pub(super) fn describe(session: &Session, parts: Vec<Name>) -> Result<QueryResult> {
    let path = object_path(session, parts, "DESCRIBE SERVICE")?;
    let catalog = session.snapshot();
    let service = catalog
        .schema(&path.database, &path.schema)
        .ok()
        .and_then(|s| s.services.get(&path.name))
        .ok_or_else(|| EmulatorError::not_found("Service", &path))?;
    let mut columns = COLUMNS.to_vec();
    columns.push(("spec", Kind::Text));
    let mut rows = Rows::new(&columns);
    let mut cells = row(&path, service);
    cells.push(text(match &service.spec {
        ServiceSpec::FromInline { spec_text } => spec_text.clone(),
        ServiceSpec::FromFile { stage, spec_file } => format!("@{stage} {spec_file}"),
    }));
    rows.push(cells);
    rows.into_result()
}
