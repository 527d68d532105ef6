//! Snowflake's table functions: FLATTEN (plain and LATERAL) and GENERATOR.

mod flatten;
mod generator;
mod lateral;
mod planner;

use std::sync::Arc;

use datafusion::prelude::SessionContext;

/// Registers the FROM-clause planner of FLATTEN and GENERATOR and the lateral FLATTEN rewrite.
pub(crate) fn register(context: &SessionContext) {
    if let Err(error) = context.register_relation_planner(Arc::new(planner::TableFunctions)) {
        tracing::error!(%error, "FLATTEN and GENERATOR are not available");
    }
    context.add_analyzer_rule(Arc::new(lateral::LateralFlatten));
}
