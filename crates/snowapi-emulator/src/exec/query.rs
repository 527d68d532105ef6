//! SELECT and other queries DataFusion answers.

use sqlparser::ast::{Query, Statement};

use super::run_query;
use crate::{
    engine::{QueryResult, Session, StatementType},
    error::Result,
};

/// Runs a query against the session's snapshot.
pub(super) async fn select(session: &Session, query: Query) -> Result<QueryResult> {
    let snapshot = session.snapshot();
    let (schema, batches) = run_query(session, snapshot, Statement::Query(Box::new(query))).await?;
    Ok(QueryResult::rows(StatementType::Select, schema, batches))
}
