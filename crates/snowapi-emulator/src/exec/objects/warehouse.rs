//! CREATE, ALTER, DROP, SHOW and DESCRIBE WAREHOUSE.

use std::sync::Arc;

use chrono::Utc;
use sha2::{Digest, Sha256};

use super::{
    CreateHeader, Dropped, created, executed, invalid_state,
    rows::{Kind, Rows, int, opt_text, opt_time, text, time, true_false, yes_no},
    single,
    syntax::{Syntax, Value, invalid_value},
};
use crate::{
    catalog::{Name, ObjectInfo, Warehouse, warehouse_keys as keys, warehouse_size},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// `CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS] w [WITH] <property> = <value> ...`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    syntax.accept("WITH");
    let owner = session.state().role;
    let mut warehouse = Warehouse {
        name: name.clone(),
        info: ObjectInfo::new(&owner, None),
        state: "STARTED".into(),
        warehouse_type: "STANDARD".into(),
        size: "X-Small".into(),
        auto_suspend: Some(600),
        auto_resume: true,
        properties: Default::default(),
        resumed_on: None,
        updated_on: None,
        disabled: false,
    };
    let mut initially_suspended = false;
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if key == "INITIALLY_SUSPENDED" {
            initially_suspended = value.boolean().ok_or_else(|| invalid_value(&key, &value))?;
            continue;
        }
        if !apply(&mut warehouse, &key, &value)? {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
    }
    check_cluster_counts(&warehouse)?;
    if initially_suspended {
        warehouse.state = "SUSPENDED".into();
    } else {
        warehouse.resumed_on = Some(warehouse.info.created_on);
    }
    let new = {
        let name = name.clone();
        session
            .write(move |catalog| {
                if catalog.warehouses.contains_key(&name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &name));
                    }
                }
                catalog.warehouses.insert(name, Arc::new(warehouse));
                Ok(true)
            })
            .await?
    };
    if new {
        // Snowflake makes a new warehouse the session's current one.
        session.update(|state| state.warehouse = Some(name.clone()));
    }
    created("Warehouse", &name, new)
}

/// Sets one property; `false` when the name is not a warehouse property.
fn apply(warehouse: &mut Warehouse, key: &str, value: &Value) -> Result<bool> {
    let bad = || invalid_value(key, value);
    let number = |min: u64, max: u64| -> Result<String> {
        value
            .unsigned()
            .filter(|n| (min..=max).contains(n))
            .map(|n| n.to_string())
            .ok_or_else(bad)
    };
    match key {
        "WAREHOUSE_SIZE" => {
            warehouse.size = value
                .text()
                .and_then(warehouse_size)
                .ok_or_else(bad)?
                .into();
        }
        "WAREHOUSE_TYPE" => {
            let kind = value.text().map(str::to_uppercase).ok_or_else(bad)?;
            if !matches!(kind.as_str(), "STANDARD" | "SNOWPARK-OPTIMIZED") {
                return Err(bad());
            }
            warehouse.warehouse_type = kind;
        }
        "AUTO_SUSPEND" => {
            warehouse.auto_suspend = match value {
                Value::Word(word) if word == "NULL" => None,
                _ => {
                    let seconds = value.unsigned().ok_or_else(bad)?;
                    let seconds = u32::try_from(seconds).map_err(|_| bad())?;
                    (seconds > 0).then_some(seconds)
                }
            };
        }
        "AUTO_RESUME" => warehouse.auto_resume = value.boolean().ok_or_else(bad)?,
        "COMMENT" => warehouse.info.comment = Some(super::comment_value(value)?),
        "MIN_CLUSTER_COUNT" | "MAX_CLUSTER_COUNT" => {
            let count = number(1, 300)?;
            warehouse.properties.insert(key.to_owned(), count);
        }
        "SCALING_POLICY" => {
            let policy = value.text().map(str::to_uppercase).ok_or_else(bad)?;
            if !matches!(policy.as_str(), "STANDARD" | "ECONOMY") {
                return Err(bad());
            }
            warehouse.properties.insert(key.to_owned(), policy);
        }
        "ENABLE_QUERY_ACCELERATION" => {
            let enabled = value.boolean().ok_or_else(bad)?;
            warehouse
                .properties
                .insert(key.to_owned(), enabled.to_string());
        }
        "QUERY_ACCELERATION_MAX_SCALE_FACTOR" => {
            let factor = number(0, 100)?;
            warehouse.properties.insert(key.to_owned(), factor);
        }
        "MAX_CONCURRENCY_LEVEL" => {
            let level = number(1, u64::from(u32::MAX))?;
            warehouse.properties.insert(key.to_owned(), level);
        }
        "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS" | "STATEMENT_TIMEOUT_IN_SECONDS" => {
            let seconds = number(0, 604_800)?;
            warehouse.properties.insert(key.to_owned(), seconds);
        }
        "RESOURCE_MONITOR" => {
            let monitor = value.text().ok_or_else(bad)?;
            warehouse
                .properties
                .insert(key.to_owned(), monitor.to_owned());
        }
        "WAIT_FOR_COMPLETION" => {
            // Resizing is instant here, so waiting changes nothing.
            value.boolean().ok_or_else(bad)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Puts a property back to its default; `false` when the name is not a warehouse property.
fn unset(warehouse: &mut Warehouse, key: &str) -> bool {
    match key {
        "WAREHOUSE_SIZE" => warehouse.size = "X-Small".into(),
        "WAREHOUSE_TYPE" => warehouse.warehouse_type = "STANDARD".into(),
        "AUTO_SUSPEND" => warehouse.auto_suspend = Some(600),
        "AUTO_RESUME" => warehouse.auto_resume = true,
        "COMMENT" => warehouse.info.comment = None,
        keys::MIN_CLUSTER_COUNT
        | keys::MAX_CLUSTER_COUNT
        | keys::SCALING_POLICY
        | keys::ENABLE_QUERY_ACCELERATION
        | keys::QUERY_ACCELERATION_MAX_SCALE_FACTOR
        | keys::MAX_CONCURRENCY_LEVEL
        | keys::STATEMENT_QUEUED_TIMEOUT_IN_SECONDS
        | keys::STATEMENT_TIMEOUT_IN_SECONDS
        | keys::RESOURCE_MONITOR => {
            warehouse.properties.remove(key);
        }
        _ => return false,
    }
    true
}

fn check_cluster_counts(warehouse: &Warehouse) -> Result<()> {
    if warehouse.min_cluster_count() > warehouse.max_cluster_count() {
        return Err(invalid_value(
            "MIN_CLUSTER_COUNT",
            &warehouse.min_cluster_count(),
        ));
    }
    Ok(())
}

/// `ALTER WAREHOUSE [IF EXISTS] w SUSPEND | RESUME [IF SUSPENDED] | RENAME TO x | SET ... |
/// UNSET ... | ABORT ALL QUERIES`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    enum Change {
        Suspend,
        Resume { if_suspended: bool },
        Rename(Name),
        Set(Vec<(usize, String, Value)>),
        Unset(Vec<String>),
    }
    let change = if syntax.accept("SUSPEND") {
        Change::Suspend
    } else if syntax.accept("RESUME") {
        Change::Resume {
            if_suspended: syntax.accept_all(&["IF", "SUSPENDED"]),
        }
    } else if syntax.accept_all(&["RENAME", "TO"]) {
        Change::Rename(single(syntax.name()?)?)
    } else if syntax.accept("SET") {
        let mut properties = Vec::new();
        while !syntax.is_done() {
            let at = syntax.position();
            let (key, value) = syntax.property()?;
            properties.push((at, key, value));
            syntax.accept_token(&sqlparser::tokenizer::Token::Comma);
        }
        if properties.is_empty() {
            return Err(syntax.unexpected());
        }
        // Unknown names are syntax errors, found before anything changes.
        let mut probe = probe_warehouse();
        for (at, key, value) in &properties {
            if !apply(&mut probe, key, value)? {
                syntax.rewind(*at);
                return Err(syntax.unexpected());
            }
        }
        Change::Set(properties)
    } else if syntax.accept("UNSET") {
        let names = syntax.names_list()?;
        let mut probe = probe_warehouse();
        if let Some(unknown) = names.iter().find(|n| !unset(&mut probe, n)) {
            return Err(invalid_value("UNSET", unknown));
        }
        Change::Unset(names)
    } else if syntax.peek(&["ABORT", "ALL", "QUERIES"]) {
        return Err(EmulatorError::unsupported(
            "ALTER WAREHOUSE ... ABORT ALL QUERIES (statements are not tied to warehouses here)",
        ));
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    let renamed = match &change {
        Change::Rename(to) => Some(to.clone()),
        _ => None,
    };
    let outcome = {
        let name = name.clone();
        session
            .write(move |catalog| {
                let Some(current) = catalog.warehouses.get(&name).cloned() else {
                    return if if_exists {
                        Ok(false)
                    } else {
                        Err(EmulatorError::not_found("Warehouse", &name))
                    };
                };
                let mut warehouse = (*current).clone();
                let now = Utc::now();
                match change {
                    Change::Suspend => {
                        if warehouse.is_suspended() {
                            return Err(invalid_state(format!(
                                "Warehouse '{name}' cannot be suspended."
                            )));
                        }
                        warehouse.state = "SUSPENDED".into();
                    }
                    Change::Resume { if_suspended } => {
                        if warehouse.disabled {
                            return Err(invalid_state(format!(
                                "Warehouse '{name}' cannot be resumed because it is disabled; enable it first."
                            )));
                        }
                        if !warehouse.is_suspended() {
                            if if_suspended {
                                return Ok(true);
                            }
                            return Err(invalid_state(format!(
                                "Warehouse '{name}' cannot be resumed because it is not suspended."
                            )));
                        }
                        warehouse.state = "STARTED".into();
                        warehouse.resumed_on = Some(now);
                    }
                    Change::Rename(to) => {
                        if catalog.warehouses.contains_key(&to) {
                            return Err(EmulatorError::already_exists("Object", &to));
                        }
                        catalog.warehouses.remove(&name);
                        warehouse.name = to.clone();
                        warehouse.updated_on = Some(now);
                        catalog.rename_in_grants("WAREHOUSE", &name, &to);
                        catalog.warehouses.insert(to, Arc::new(warehouse));
                        return Ok(true);
                    }
                    Change::Set(properties) => {
                        for (_, key, value) in &properties {
                            apply(&mut warehouse, key, value)?;
                        }
                        check_cluster_counts(&warehouse)?;
                        warehouse.updated_on = Some(now);
                    }
                    Change::Unset(names) => {
                        for key in &names {
                            unset(&mut warehouse, key);
                        }
                        warehouse.updated_on = Some(now);
                    }
                }
                catalog.warehouses.insert(name, Arc::new(warehouse));
                Ok(true)
            })
            .await?
    };
    if outcome && let Some(to) = renamed {
        session.update(|state| {
            if state.warehouse.as_ref() == Some(&name) {
                state.warehouse = Some(to);
            }
        });
    }
    executed()
}

/// A throw-away warehouse to check property names and values against.
fn probe_warehouse() -> Warehouse {
    Warehouse {
        name: Name::canonical("PROBE"),
        info: ObjectInfo::new("", None),
        state: "STARTED".into(),
        warehouse_type: "STANDARD".into(),
        size: "X-Small".into(),
        auto_suspend: None,
        auto_resume: true,
        properties: Default::default(),
        resumed_on: None,
        updated_on: None,
        disabled: false,
    }
}

/// `DROP WAREHOUSE [IF EXISTS] w`.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let name = single(parts)?;
    session
        .write(move |catalog| {
            Ok(match catalog.warehouses.remove(&name) {
                Some(_) => Dropped::Yes(name.to_string()),
                None => Dropped::Missing(EmulatorError::not_found("Warehouse", &name)),
            })
        })
        .await
}

/// A stable id for a warehouse, from its name and creation time.
fn uuid_of(warehouse: &Warehouse) -> String {
    let digest = Sha256::digest(format!(
        "{}/{}",
        warehouse.name,
        warehouse.info.created_on.timestamp_nanos_opt().unwrap_or(0)
    ));
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `SHOW WAREHOUSES [LIKE '...'] [STARTS WITH '...'] [LIMIT n]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = super::filter::ShowFilter::parse(
        &mut syntax,
        &session.name_context(),
        "SHOW WAREHOUSES",
        false,
    )?;
    let catalog = session.snapshot();
    let state = session.state();
    let default_warehouse = catalog
        .users
        .get(&Name::canonical(state.user.clone()))
        .and_then(|u| u.property("DEFAULT_WAREHOUSE").map(str::to_owned));
    let mut rows = Rows::new(&[
        ("name", Kind::Text),
        ("state", Kind::Text),
        ("type", Kind::Text),
        ("size", Kind::Text),
        ("min_cluster_count", Kind::Int),
        ("max_cluster_count", Kind::Int),
        ("started_clusters", Kind::Int),
        ("running", Kind::Int),
        ("queued", Kind::Int),
        ("is_default", Kind::Text),
        ("is_current", Kind::Text),
        ("auto_suspend", Kind::Int),
        ("auto_resume", Kind::Text),
        ("available", Kind::Text),
        ("provisioning", Kind::Text),
        ("quiescing", Kind::Text),
        ("other", Kind::Text),
        ("created_on", Kind::Time),
        ("resumed_on", Kind::Time),
        ("updated_on", Kind::Time),
        ("owner", Kind::Text),
        ("comment", Kind::Text),
        ("enable_query_acceleration", Kind::Text),
        ("query_acceleration_max_scale_factor", Kind::Int),
        ("resource_monitor", Kind::Text),
        ("actives", Kind::Int),
        ("pendings", Kind::Int),
        ("failed", Kind::Int),
        ("suspended", Kind::Int),
        ("uuid", Kind::Text),
        ("scaling_policy", Kind::Text),
        ("budget", Kind::Text),
        ("owner_role_type", Kind::Text),
    ]);
    let warehouses = filter.apply(catalog.warehouses.values().collect(), |w| w.name.as_str());
    for warehouse in warehouses {
        let started = !warehouse.is_suspended();
        let clusters = if started {
            warehouse.min_cluster_count()
        } else {
            0
        };
        let percent = |value: &str| text(if started { value } else { "" });
        rows.push(vec![
            text(warehouse.name.as_str()),
            text(warehouse.state.clone()),
            text(warehouse.warehouse_type.clone()),
            text(warehouse.size.clone()),
            int(warehouse.min_cluster_count()),
            int(warehouse.max_cluster_count()),
            int(clusters),
            int(0),
            int(0),
            yes_no(default_warehouse.as_deref() == Some(warehouse.name.as_str())),
            yes_no(state.warehouse.as_ref() == Some(&warehouse.name)),
            super::rows::Cell::Int(warehouse.auto_suspend.map(i64::from)),
            true_false(warehouse.auto_resume),
            percent("100"),
            percent("0"),
            percent("0"),
            percent("0"),
            time(warehouse.info.created_on),
            opt_time(warehouse.resumed_on),
            opt_time(warehouse.updated_on),
            text(warehouse.info.owner.clone()),
            opt_text(warehouse.info.comment.clone()),
            true_false(warehouse.enable_query_acceleration()),
            int(warehouse.query_acceleration_max_scale_factor()),
            text(warehouse.resource_monitor().unwrap_or("null")),
            int(clusters),
            int(0),
            int(0),
            int(if started {
                warehouse.max_cluster_count() - clusters
            } else {
                warehouse.max_cluster_count()
            }),
            text(uuid_of(warehouse)),
            text(warehouse.scaling_policy()),
            opt_text(None::<String>),
            text("ROLE"),
        ]);
    }
    rows.into_result()
}

/// `DESCRIBE WAREHOUSE w`: created_on, name, kind.
pub(super) fn describe(session: &Session, parts: Vec<Name>) -> Result<QueryResult> {
    let name = single(parts)?;
    let catalog = session.snapshot();
    let warehouse = catalog
        .warehouses
        .get(&name)
        .ok_or_else(|| EmulatorError::not_found("Warehouse", &name))?;
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("name", Kind::Text),
        ("kind", Kind::Text),
    ]);
    rows.push(vec![
        time(warehouse.info.created_on),
        text(warehouse.name.as_str()),
        text("WAREHOUSE"),
    ]);
    rows.into_result()
}
