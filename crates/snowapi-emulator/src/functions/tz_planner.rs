//! Comparisons of TIMESTAMP_TZ values: Snowflake compares them by instant, so
//! `'2024-01-02 03:04:05 +01:00'::timestamp_tz = '2024-01-02 02:04:05 +00:00'::timestamp_tz` is
//! true although the values show different offsets. The engine's values are structs keeping
//! their offsets (`crate::timestamp_tz`), which DataFusion would compare field by field (and
//! not at all against text or other timestamps), so this planner hands a comparison the
//! instant of each TIMESTAMP_TZ side instead, before DataFusion coerces the operands.

use std::sync::Arc;

use arrow::datatypes::{DataType, TimeUnit};
use datafusion::{
    common::{DFSchema, Result},
    logical_expr::{
        ColumnarValue, Expr, ExprSchemable, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
        Signature, Volatility,
        expr::ScalarFunction,
        planner::{ExprPlanner, PlannerResult, RawBinaryExpr},
    },
};
use sqlparser::ast::BinaryOperator;

use super::scalar_support::{Rows, argument_error};
use crate::timestamp_tz;

/// `TZ_INSTANT(tz)`: the instant of a TIMESTAMP_TZ value as TIMESTAMP_LTZ. Internal: the
/// planner below inserts it; its name cannot clash with a Snowflake function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct TzInstant {
    signature: Signature,
}

impl TzInstant {
    fn new() -> Self {
        Self {
            signature: Signature::any(1, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for TzInstant {
    fn name(&self) -> &str {
        "__snowapi_tz_instant"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        match arg_types {
            [t] if timestamp_tz::is_timestamp_tz(t) => Ok(DataType::Timestamp(
                TimeUnit::Nanosecond,
                Some("UTC".into()),
            )),
            _ => Err(argument_error("the instant of a non-TIMESTAMP_TZ value")),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        rows.finish(timestamp_tz::instants(rows.arrays[0].as_ref()))
    }
}

/// The planner comparing TIMESTAMP_TZ values by instant.
#[derive(Debug)]
pub(crate) struct TzComparison {
    instant: Arc<ScalarUDF>,
}

impl TzComparison {
    /// The planner, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            instant: Arc::new(ScalarUDF::new_from_impl(TzInstant::new())),
        }
    }

    /// `expr`, or its instant when it is a TIMESTAMP_TZ.
    fn instant_of(&self, expr: Expr, schema: &DFSchema) -> Expr {
        let zoned = expr
            .get_type(schema)
            .is_ok_and(|t| timestamp_tz::is_timestamp_tz(&t));
        if !zoned {
            return expr;
        }
        Expr::ScalarFunction(ScalarFunction::new_udf(
            Arc::clone(&self.instant),
            vec![expr],
        ))
    }
}

impl ExprPlanner for TzComparison {
    fn plan_binary_op(
        &self,
        expr: RawBinaryExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawBinaryExpr>> {
        let comparison = matches!(
            expr.op,
            BinaryOperator::Eq
                | BinaryOperator::NotEq
                | BinaryOperator::Lt
                | BinaryOperator::LtEq
                | BinaryOperator::Gt
                | BinaryOperator::GtEq
                | BinaryOperator::Spaceship
        );
        if !comparison {
            return Ok(PlannerResult::Original(expr));
        }
        let RawBinaryExpr { op, left, right } = expr;
        let left = self.instant_of(left, schema);
        let right = self.instant_of(right, schema);
        Ok(PlannerResult::Original(RawBinaryExpr { op, left, right }))
    }
}
