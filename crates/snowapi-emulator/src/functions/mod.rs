//! Snowflake functions DataFusion lacks, registered on every session.

mod iff;

use datafusion::{logical_expr::ScalarUDF, prelude::SessionContext};

/// Registers every Snowflake function on `context`.
pub(crate) fn register(context: &SessionContext) {
    context.register_udf(ScalarUDF::from(iff::Iff::new()));
}
