//! TRUNCATE [TABLE] [IF EXISTS] t: removes every row, keeps the table. Like DELETE it is DML,
//! so inside a transaction it waits for COMMIT.

use sqlparser::ast::Truncate;

use super::table::table_path;
use crate::{
    catalog::TableData,
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// Runs TRUNCATE TABLE.
pub(super) async fn truncate(session: &Session, truncate: Truncate) -> Result<QueryResult> {
    if truncate.partitions.is_some()
        || truncate.identity.is_some()
        || truncate.cascade.is_some()
        || truncate.on_cluster.is_some()
    {
        return Err(EmulatorError::unsupported("TRUNCATE options"));
    }
    let [target] = truncate.table_names.as_slice() else {
        return Err(EmulatorError::unsupported("TRUNCATE of several tables"));
    };
    let path = table_path(session, &target.name)?;
    let if_exists = truncate.if_exists;
    session
        .write(move |catalog| {
            match catalog.table_mut(&path) {
                Ok(table) => table.data = TableData::default(),
                Err(_) if if_exists => {}
                Err(error) => return Err(error),
            }
            Ok(())
        })
        .await?;
    QueryResult::status(StatementType::Ddl, "Statement executed successfully.")
}
