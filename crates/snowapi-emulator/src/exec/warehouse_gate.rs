//! Statements that need compute refuse to run on a disabled warehouse.
//!
//! The emulator runs every statement in-process, so warehouses are bookkeeping: a suspended
//! warehouse still "auto-resumes". A warehouse switched off with REST `:disable` is different:
//! it cannot resume, so queries that read tables and DML fail in a session that uses it, the
//! way Snowflake fails them on a suspended warehouse that may not auto-resume (000606). Queries
//! without a FROM clause (`SELECT CURRENT_WAREHOUSE()`), SHOW, DDL and USE need no warehouse.

use sqlparser::ast::{SetExpr, Statement};

use crate::{
    engine::Session,
    error::{EmulatorError, ErrorKind, Result},
};

/// Fails when `statement` needs a warehouse and the session's current one is disabled.
pub(super) fn check(session: &Session, statement: &Statement) -> Result<()> {
    let needs_compute = match statement {
        Statement::Query(query) => match query.body.as_ref() {
            SetExpr::Select(select) => !select.from.is_empty(),
            SetExpr::Values(_) => false,
            _ => true,
        },
        Statement::Insert(_)
        | Statement::Update(_)
        | Statement::Delete(_)
        | Statement::Merge(_) => true,
        _ => false,
    };
    if !needs_compute {
        return Ok(());
    }
    let Some(name) = session.state().warehouse else {
        return Ok(());
    };
    let disabled = session
        .snapshot()
        .warehouses
        .get(&name)
        .is_some_and(|warehouse| warehouse.disabled);
    if disabled {
        return Err(EmulatorError::new(
            ErrorKind::InvalidState,
            format!(
                "No active warehouse selected in the current session. Warehouse '{name}' is disabled and cannot be resumed; enable it, or select an active warehouse with the 'use warehouse' command."
            ),
        ));
    }
    Ok(())
}
