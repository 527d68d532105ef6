//! Snowflake functions DataFusion lacks, registered on every session.

mod civil_time;
mod date_parts;
mod dateadd;
mod datediff;
mod datetime_format;
mod decode;
mod div0;
pub(crate) mod engine_calls;
mod iff;
pub(crate) mod implicit_cast;
mod last_day;
mod like_escape;
mod null_handling;
mod number_format;
mod random;
mod regexp_like;
pub(crate) mod result_scan;
mod scalar_registry;
mod scalar_support;
mod split_part;
mod system_cancel_query;
mod system_get_tag;
mod system_wait;
mod table;
mod to_boolean;
mod to_datetime;
mod to_double;
mod to_number;
mod to_varchar;
mod tz_planner;
mod tz_wall_clock;
mod uuid_string;
pub(crate) mod variant;

use std::sync::Arc;

use datafusion::{execution::FunctionRegistry, logical_expr::ScalarUDF, prelude::SessionContext};

pub(crate) use like_escape::LIKE_ESCAPE_FUNCTION;

/// Registers every Snowflake function on `context`.
pub(crate) fn register(context: &SessionContext) {
    context.register_udf(ScalarUDF::from(iff::Iff::new()));
    scalar_registry::register(context);
    tz_wall_clock::register(context);
    // TIMESTAMP_TZ comparisons go by instant (see `tz_planner`).
    context
        .state_ref()
        .write()
        .register_expr_planner(Arc::new(tz_planner::TzComparison::new()))
        .ok();
    variant::register(context);
    table::register(context);
}
