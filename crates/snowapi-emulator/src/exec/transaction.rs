//! BEGIN, COMMIT and ROLLBACK. A transaction works on a private copy of the catalog; COMMIT
//! publishes the tables it changed, unless another session changed them first.

use std::sync::Arc;

use crate::{
    catalog::Catalog,
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
};

/// `BEGIN` / `START TRANSACTION`.
pub(super) fn begin(session: &Session) -> Result<QueryResult> {
    let snapshot = session.engine().snapshot();
    session.update(|state| {
        if state.transaction.is_none() {
            state.transaction = Some(crate::engine::Transaction {
                base: snapshot.clone(),
                working: snapshot,
            });
        }
    });
    QueryResult::status(StatementType::Session, "Statement executed successfully.")
}

/// `COMMIT`.
pub(super) async fn commit(session: &Session) -> Result<QueryResult> {
    commit_open(session).await?;
    QueryResult::status(StatementType::Session, "Statement executed successfully.")
}

/// `ROLLBACK`: forgets the transaction's changes.
pub(super) fn rollback(session: &Session) -> Result<QueryResult> {
    session.update(|state| state.transaction = None);
    QueryResult::status(StatementType::Session, "Statement executed successfully.")
}

/// Commits the session's open transaction, if any (also what DDL does before it runs).
pub(super) async fn commit_open(session: &Session) -> Result<()> {
    let Some(transaction) = session.update(|state| state.transaction.take()) else {
        return Ok(());
    };
    if Arc::ptr_eq(&transaction.base, &transaction.working) {
        return Ok(());
    }
    session
        .engine()
        .commit(|current| merge(current, &transaction.base, &transaction.working))
        .await
}

/// Copies into `current` every table `working` changed since `base`, refusing when `current`
/// changed the same table meanwhile.
fn merge(current: &mut Catalog, base: &Catalog, working: &Catalog) -> Result<()> {
    for (database, working_db) in &working.databases {
        for (schema, working_schema) in &working_db.schemas {
            for (name, table) in &working_schema.tables {
                let at = |catalog: &Catalog| {
                    catalog
                        .databases
                        .get(database)?
                        .schemas
                        .get(schema)?
                        .tables
                        .get(name)
                        .cloned()
                };
                let before = at(base);
                if before.as_ref().is_some_and(|b| Arc::ptr_eq(b, table)) {
                    continue;
                }
                let now = at(current);
                let changed_elsewhere = match (&before, &now) {
                    (Some(before), Some(now)) => !Arc::ptr_eq(before, now),
                    (None, Some(_)) | (Some(_), None) => true,
                    (None, None) => false,
                };
                if changed_elsewhere {
                    return Err(EmulatorError::new(
                        ErrorKind::InvalidState,
                        format!(
                            "Transaction could not be committed: table {database}.{schema}.{name} was changed by another session; the transaction was rolled back."
                        ),
                    ));
                }
                current
                    .schema_mut(database, schema)?
                    .tables
                    .insert(name.clone(), table.clone());
            }
        }
    }
    Ok(())
}
