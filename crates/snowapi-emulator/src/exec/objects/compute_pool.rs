//! CREATE, ALTER (SUSPEND, RESUME, STOP ALL, SET, UNSET), DROP, SHOW and DESCRIBE COMPUTE POOL.
//! A new pool is STARTING and a resumed one RESUMING until the engine's
//! `compute_pool_start_delay` has passed (worked out when shown, so the first look after the
//! delay sees it ready); a running pool is IDLE without services and ACTIVE with them.

use std::sync::Arc;

use chrono::Utc;

use super::{
    CreateHeader, Dropped, created, executed,
    filter::ShowFilter,
    invalid_state,
    rows::{Kind, Rows, int, opt_text, opt_time, text, time, true_false},
    single,
    syntax::{Syntax, Value, invalid_value},
};
use crate::{
    catalog::{
        Catalog, ComputePool, ComputePoolState, DEFAULT_POOL_AUTO_SUSPEND_SECS, INSTANCE_FAMILIES,
        Name, ObjectInfo, ServiceStatus,
    },
    engine::{QueryResult, Session},
    error::{EmulatorError, ErrorKind, Result},
};

/// Sets one property; `false` when the name is not a compute pool property.
fn apply(pool: &mut ComputePool, key: &str, value: &Value) -> Result<bool> {
    let bad = || invalid_value(key, value);
    let count = || {
        value
            .unsigned()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (1..=150).contains(n))
            .ok_or_else(bad)
    };
    match key {
        "MIN_NODES" => pool.min_nodes = count()?,
        "MAX_NODES" => pool.max_nodes = count()?,
        "INSTANCE_FAMILY" => {
            let family = value.text().map(str::to_uppercase).ok_or_else(bad)?;
            if !INSTANCE_FAMILIES.contains(&family.as_str()) {
                return Err(bad());
            }
            pool.instance_family = family;
        }
        "AUTO_RESUME" => pool.auto_resume = value.boolean().ok_or_else(bad)?,
        "AUTO_SUSPEND_SECS" => pool.auto_suspend_secs = value.unsigned().ok_or_else(bad)?,
        "COMMENT" => pool.info.comment = Some(super::comment_value(value)?),
        _ => return Ok(false),
    }
    Ok(true)
}

fn check_nodes(pool: &ComputePool) -> Result<()> {
    if pool.min_nodes > pool.max_nodes {
        return Err(invalid_value("MIN_NODES", &pool.min_nodes));
    }
    Ok(())
}

/// `CREATE COMPUTE POOL [IF NOT EXISTS] p MIN_NODES = n MAX_NODES = n INSTANCE_FAMILY = f
/// [AUTO_RESUME = b] [INITIALLY_SUSPENDED = b] [AUTO_SUSPEND_SECS = n] [COMMENT = '...']`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    if syntax.peek(&["FOR", "APPLICATION"]) {
        return Err(EmulatorError::unsupported(
            "CREATE COMPUTE POOL ... FOR APPLICATION",
        ));
    }
    let mut pool = ComputePool {
        name: name.clone(),
        info: ObjectInfo::new(&session.state().role, None),
        min_nodes: 0,
        max_nodes: 0,
        instance_family: String::new(),
        auto_resume: true,
        auto_suspend_secs: DEFAULT_POOL_AUTO_SUSPEND_SECS,
        is_exclusive: false,
        state: ComputePoolState::Starting,
        resumed_on: None,
        updated_on: None,
    };
    let mut suspended = false;
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if key == "INITIALLY_SUSPENDED" {
            suspended = value.boolean().ok_or_else(|| invalid_value(&key, &value))?;
            continue;
        }
        if !apply(&mut pool, &key, &value)? {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
    }
    for (missing, absent) in [
        ("MIN_NODES", pool.min_nodes == 0),
        ("MAX_NODES", pool.max_nodes == 0),
        ("INSTANCE_FAMILY", pool.instance_family.is_empty()),
    ] {
        if absent {
            return Err(EmulatorError::compilation(
                ErrorKind::SyntaxError,
                format!("missing required property '{missing}' for CREATE COMPUTE POOL."),
            ));
        }
    }
    check_nodes(&pool)?;
    if suspended {
        pool.state = ComputePoolState::Suspended;
    } else {
        pool.resumed_on = Some(pool.info.created_on);
    }
    let new = {
        let name = name.clone();
        session
            .write(move |catalog| {
                if catalog.compute_pools.contains_key(&name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &name));
                    }
                    if !services_on(catalog, &name).is_empty() {
                        return Err(has_services(&name));
                    }
                }
                catalog.compute_pools.insert(name, Arc::new(pool));
                Ok(true)
            })
            .await?
    };
    created("Compute Pool", &name, new)
}

/// The services running on (or assigned to) a pool, by path.
pub(super) fn services_on(catalog: &Catalog, pool: &Name) -> Vec<crate::catalog::ObjectPath> {
    let mut out = Vec::new();
    for (db_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            for (name, service) in &schema.services {
                if &service.compute_pool == pool {
                    out.push(crate::catalog::ObjectPath {
                        database: db_name.clone(),
                        schema: schema_name.clone(),
                        name: name.clone(),
                    });
                }
            }
        }
    }
    out
}

fn has_services(name: &Name) -> EmulatorError {
    invalid_state(format!(
        "Compute pool '{name}' has services; stop them first with ALTER COMPUTE POOL {name} STOP ALL."
    ))
}

/// The state SHOW reports: SUSPENDED; STARTING or RESUMING within `delay` of its (re)start;
/// else ACTIVE with services that are not suspended, or IDLE.
pub(super) fn shown_state(
    catalog: &Catalog,
    pool: &ComputePool,
    delay: std::time::Duration,
) -> ComputePoolState {
    match pool.state {
        ComputePoolState::Suspended => return ComputePoolState::Suspended,
        ComputePoolState::Starting | ComputePoolState::Resuming => {
            let since = pool.resumed_on.unwrap_or(pool.info.created_on);
            let ready =
                chrono::Duration::from_std(delay).map_or(true, |delay| Utc::now() - since >= delay);
            if !ready {
                return pool.state;
            }
        }
        ComputePoolState::Idle | ComputePoolState::Active => {}
    }
    let busy = services_on(catalog, &pool.name).iter().any(|path| {
        catalog
            .schema(&path.database, &path.schema)
            .ok()
            .and_then(|s| s.services.get(&path.name))
            .is_some_and(|s| matches!(s.status, ServiceStatus::Running | ServiceStatus::Pending))
    });
    if busy {
        ComputePoolState::Active
    } else {
        ComputePoolState::Idle
    }
}

/// Resumes a pool and starts the services that waited for it.
pub(super) fn resume_pool(catalog: &mut Catalog, name: &Name) -> Result<()> {
    let now = Utc::now();
    let pool = catalog
        .compute_pools
        .get_mut(name)
        .map(Arc::make_mut)
        .ok_or_else(|| EmulatorError::not_found("Compute pool", name))?;
    if pool.state != ComputePoolState::Suspended {
        return Ok(());
    }
    pool.state = ComputePoolState::Resuming;
    pool.resumed_on = Some(now);
    for path in services_on(catalog, name) {
        let service = catalog
            .schema_mut(&path.database, &path.schema)?
            .services
            .get_mut(&path.name)
            .map(Arc::make_mut);
        if let Some(service) = service
            && service.status == ServiceStatus::Pending
        {
            service.status = ServiceStatus::Running;
            service.resumed_on = Some(now);
        }
    }
    Ok(())
}

/// `ALTER COMPUTE POOL [IF EXISTS] p SUSPEND | RESUME | STOP ALL | SET ... | UNSET ...`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    enum Change {
        Suspend,
        Resume,
        StopAll,
        Set(Vec<(String, Value)>),
        Unset(Vec<String>),
    }
    let change = if syntax.accept("SUSPEND") {
        Change::Suspend
    } else if syntax.accept("RESUME") {
        Change::Resume
    } else if syntax.accept_all(&["STOP", "ALL"]) {
        Change::StopAll
    } else if syntax.accept("SET") {
        let mut probe = ComputePool {
            name: name.clone(),
            info: ObjectInfo::new("", None),
            min_nodes: 1,
            max_nodes: 1,
            instance_family: String::new(),
            auto_resume: true,
            auto_suspend_secs: 0,
            is_exclusive: false,
            state: ComputePoolState::Idle,
            resumed_on: None,
            updated_on: None,
        };
        let mut properties = Vec::new();
        while !syntax.is_done() {
            let at = syntax.position();
            let (key, value) = syntax.property()?;
            if !apply(&mut probe, &key, &value)? {
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
        if let Some(unknown) = names
            .iter()
            .find(|n| !matches!(n.as_str(), "AUTO_RESUME" | "AUTO_SUSPEND_SECS" | "COMMENT"))
        {
            return Err(invalid_value("UNSET", unknown));
        }
        Change::Unset(names)
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    session
        .write(move |catalog| {
            let Some(current) = catalog.compute_pools.get(&name).cloned() else {
                return if if_exists {
                    Ok(())
                } else {
                    Err(EmulatorError::not_found("Compute pool", &name))
                };
            };
            let now = Utc::now();
            let mut pool = (*current).clone();
            match change {
                Change::Resume => return resume_pool(catalog, &name),
                Change::Suspend => {
                    pool.state = ComputePoolState::Suspended;
                    for path in services_on(catalog, &name) {
                        let service = catalog
                            .schema_mut(&path.database, &path.schema)?
                            .services
                            .get_mut(&path.name)
                            .map(Arc::make_mut);
                        if let Some(service) = service
                            && matches!(
                                service.status,
                                ServiceStatus::Running | ServiceStatus::Pending
                            )
                        {
                            service.status = ServiceStatus::Suspended;
                            service.suspended_on = Some(now);
                        }
                    }
                }
                Change::StopAll => {
                    for path in services_on(catalog, &name) {
                        catalog
                            .schema_mut(&path.database, &path.schema)?
                            .services
                            .remove(&path.name);
                    }
                    return Ok(());
                }
                Change::Set(properties) => {
                    for (key, value) in &properties {
                        apply(&mut pool, key, value)?;
                    }
                    check_nodes(&pool)?;
                }
                Change::Unset(names) => {
                    for key in names {
                        match key.as_str() {
                            "AUTO_RESUME" => pool.auto_resume = true,
                            "AUTO_SUSPEND_SECS" => {
                                pool.auto_suspend_secs = DEFAULT_POOL_AUTO_SUSPEND_SECS;
                            }
                            _ => pool.info.comment = None,
                        }
                    }
                }
            }
            pool.updated_on = Some(now);
            catalog.compute_pools.insert(name, Arc::new(pool));
            Ok(())
        })
        .await?;
    executed()
}

/// `DROP COMPUTE POOL [IF EXISTS] p`: refused while services use it.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let name = single(parts)?;
    session
        .write(move |catalog| {
            if !catalog.compute_pools.contains_key(&name) {
                return Ok(Dropped::Missing(EmulatorError::not_found(
                    "Compute pool",
                    &name,
                )));
            }
            if !services_on(catalog, &name).is_empty() {
                return Err(has_services(&name));
            }
            catalog.compute_pools.remove(&name);
            Ok(Dropped::Yes(name.to_string()))
        })
        .await
}

const COLUMNS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("state", Kind::Text),
    ("min_nodes", Kind::Int),
    ("max_nodes", Kind::Int),
    ("instance_family", Kind::Text),
    ("num_services", Kind::Int),
    ("num_jobs", Kind::Int),
    ("auto_suspend_secs", Kind::Int),
    ("auto_resume", Kind::Text),
    ("active_nodes", Kind::Int),
    ("idle_nodes", Kind::Int),
    ("target_nodes", Kind::Int),
    ("created_on", Kind::Time),
    ("resumed_on", Kind::Time),
    ("updated_on", Kind::Time),
    ("owner", Kind::Text),
    ("comment", Kind::Text),
    ("is_exclusive", Kind::Text),
    ("application", Kind::Text),
    ("budget", Kind::Text),
    ("error_code", Kind::Text),
    ("status_message", Kind::Text),
];

fn row(
    catalog: &Catalog,
    pool: &ComputePool,
    delay: std::time::Duration,
) -> Vec<super::rows::Cell> {
    let state = shown_state(catalog, pool, delay);
    let services = services_on(catalog, &pool.name).len();
    let running = state != ComputePoolState::Suspended;
    let nodes = |on: bool| int(if on { pool.min_nodes } else { 0 });
    let message = match state {
        ComputePoolState::Idle => "Compute pool is idle.",
        ComputePoolState::Active => "Compute pool is running services.",
        ComputePoolState::Suspended => "Compute pool is suspended.",
        ComputePoolState::Starting => "Compute pool is starting.",
        ComputePoolState::Resuming => "Compute pool is resuming.",
    };
    vec![
        text(pool.name.as_str()),
        text(state.as_str()),
        int(pool.min_nodes),
        int(pool.max_nodes),
        text(pool.instance_family.clone()),
        int(services),
        int(0),
        int(pool.auto_suspend_secs),
        true_false(pool.auto_resume),
        nodes(state == ComputePoolState::Active),
        nodes(state == ComputePoolState::Idle),
        nodes(running),
        time(pool.info.created_on),
        opt_time(pool.resumed_on),
        opt_time(pool.updated_on),
        text(pool.info.owner.clone()),
        opt_text(pool.info.comment.clone()),
        true_false(pool.is_exclusive),
        opt_text(None::<String>),
        opt_text(None::<String>),
        opt_text(None::<String>),
        text(message),
    ]
}

/// `SHOW COMPUTE POOLS [LIKE '...'] [STARTS WITH '...'] [LIMIT n]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(
        &mut syntax,
        &session.name_context(),
        "SHOW COMPUTE POOLS",
        false,
    )?;
    let catalog = session.snapshot();
    let mut rows = Rows::new(COLUMNS);
    let pools = filter.apply(catalog.compute_pools.values().collect(), |p| {
        p.name.as_str()
    });
    for pool in pools {
        rows.push(row(&catalog, pool, start_delay(session)));
    }
    rows.into_result()
}

/// `DESCRIBE COMPUTE POOL p`: the SHOW row of that pool.
pub(super) fn describe(session: &Session, parts: Vec<Name>) -> Result<QueryResult> {
    let name = single(parts)?;
    let catalog = session.snapshot();
    let pool = catalog
        .compute_pools
        .get(&name)
        .ok_or_else(|| EmulatorError::not_found("Compute pool", &name))?;
    let mut rows = Rows::new(COLUMNS);
    rows.push(row(&catalog, pool, start_delay(session)));
    rows.into_result()
}

/// The engine's STARTING / RESUMING time of compute pools.
fn start_delay(session: &Session) -> std::time::Duration {
    session.engine().config().compute_pool_start_delay
}
