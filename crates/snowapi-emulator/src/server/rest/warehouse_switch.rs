//! The warehouse actions that change more than the warehouse's own properties: `:enable` and
//! `:disable` (an enabled flag Snowflake only exposes over REST) and `:use` (the current
//! warehouse of the calling connection).

use std::sync::Arc;

use axum::response::Response;
use chrono::Utc;

use super::{
    caller::Caller,
    error::RestError,
    params::{canonical, ident},
    success,
};
use crate::{catalog::Name, sql::binds::Binds};

/// `POST /api/v2/warehouses/{name}:enable|:disable[?ifExists=]`.
///
/// Snowflake switches *adaptive* warehouses on and off this way and has no SQL for it. In the
/// emulator every warehouse has the flag (`Warehouse::disabled`, kept in the catalog):
/// - `:disable` marks the warehouse disabled and suspends it. A disabled warehouse cannot be
///   resumed (`ALTER WAREHOUSE … RESUME` → 090064 "Invalid state", 409 over REST), and in a
///   session that uses it, queries that read tables and DML fail with 000606 as on a
///   suspended warehouse that may not auto-resume. USE WAREHOUSE, SHOW and DDL still work.
/// - `:enable` clears the flag; the warehouse stays suspended until resumed (or used: the
///   emulator resumes nothing by itself, so statements simply run again).
///
/// Both are idempotent. An unknown warehouse is 404 unless `ifExists=true`.
pub(super) async fn enable_or_disable(
    caller: &Caller,
    name: &str,
    enable: bool,
    if_exists: bool,
) -> Result<Response, RestError> {
    tracing::debug!(
        user = %caller.user,
        session_id = caller.session().id(),
        name,
        enable,
        "warehouse enable/disable"
    );
    let target = Name::canonical(canonical(name));
    let found = {
        let target = target.clone();
        caller
            .session()
            .write(move |catalog| {
                let Some(current) = catalog.warehouses.get(&target).cloned() else {
                    return Ok(false);
                };
                let mut warehouse = (*current).clone();
                warehouse.disabled = !enable;
                if !enable {
                    warehouse.state = "SUSPENDED".into();
                }
                warehouse.updated_on = Some(Utc::now());
                catalog.warehouses.insert(target, Arc::new(warehouse));
                Ok(true)
            })
            .await?
    };
    if !found && !if_exists {
        return Err(RestError::not_found("Warehouse", target.as_str()));
    }
    Ok(success("Statement executed successfully."))
}

/// `POST /api/v2/warehouses/{name}:use`: USE WAREHOUSE, 404 when it does not exist.
///
/// With a connector session token (`Snowflake Token="…"`) the warehouse becomes the current one
/// of that connection, which is what snowflake.core's `use_warehouse` means when it shares the
/// connector's session: `SELECT CURRENT_WAREHOUSE()` on the connection then returns it. A
/// bearer token (JWT, OAuth, PAT) has no session to change — each REST call runs in a fresh
/// session that ends with the call — so the warehouse is only checked.
pub(super) async fn use_warehouse(caller: &Caller, name: &str) -> Result<Response, RestError> {
    let sql = format!("USE WAREHOUSE {}", ident(name)?);
    match caller.connector_session() {
        Some(connection) => {
            tracing::debug!(
                user = %caller.user,
                session_id = connection.id(),
                name,
                "use warehouse in the connector session"
            );
            connection
                .execute(&sql, &Binds::none())
                .await
                .map_err(RestError::from)?;
        }
        None => {
            caller.sql(&sql).await?;
        }
    }
    Ok(success("Statement executed successfully."))
}
