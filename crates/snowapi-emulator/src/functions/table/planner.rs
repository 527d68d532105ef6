//! Plans Snowflake's table functions where DataFusion meets them in FROM: `TABLE(GENERATOR(...))`,
//! `TABLE(FLATTEN(...))` and `LATERAL FLATTEN(...)` (the SQL rewrite turns `TABLE(FLATTEN(…))`
//! into the lateral form, so FLATTEN may refer to the tables before it). Arguments are given by
//! name (`INPUT => v`) or by position, in Snowflake's order.

use std::time::Duration;

use datafusion::{
    catalog::default_table_source::provider_as_source,
    common::{DFSchema, Result, ScalarValue},
    logical_expr::{
        Expr, LogicalPlanBuilder,
        planner::{PlannedRelation, RelationPlanner, RelationPlannerContext, RelationPlanning},
    },
};
use sqlparser::ast::{
    Expr as SqlExpr, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectName, TableAlias,
    TableFactor,
};

use super::{
    flatten::{self, Mode, Options},
    generator::{self, Limits},
};
use crate::{
    error::ErrorKind,
    functions::variant::{path, value::compilation_error},
};

/// The planner of FLATTEN and GENERATOR in FROM clauses.
#[derive(Debug, Default)]
pub(crate) struct TableFunctions;

impl RelationPlanner for TableFunctions {
    fn plan_relation(
        &self,
        relation: TableFactor,
        context: &mut dyn RelationPlannerContext,
    ) -> Result<RelationPlanning> {
        let Some((function, args, alias)) = table_function(&relation) else {
            return Ok(RelationPlanning::Original(Box::new(relation)));
        };
        let plan = match function.as_str() {
            "FLATTEN" => {
                let [input, path, outer, recursive, mode] = bind(&function, &args, FLATTEN_PARAMS)?;
                let input = input.ok_or_else(|| missing(&function, "INPUT"))?;
                let input = context.sql_to_expr(input, &DFSchema::empty())?;
                let mut options = Options::default();
                if let Some(text) = constant_text(context, path, &function, "PATH")? {
                    options.path = path::parse(&text)
                        .map_err(|e| datafusion::common::DataFusionError::External(Box::new(e)))?;
                    options.path_text = text;
                }
                if let Some(flag) = constant_bool(context, outer, &function, "OUTER")? {
                    options.outer = flag;
                }
                if let Some(flag) = constant_bool(context, recursive, &function, "RECURSIVE")? {
                    options.recursive = flag;
                }
                if let Some(text) = constant_text(context, mode, &function, "MODE")? {
                    options.mode = Mode::parse(&text).ok_or_else(|| {
                        compilation_error(
                            ErrorKind::InvalidArguments,
                            format!("invalid value ['{text}'] for parameter 'MODE'"),
                        )
                    })?;
                }
                flatten::plan(input, options)?
            }
            "GENERATOR" => {
                let [rows, time] = bind(&function, &args, GENERATOR_PARAMS)?;
                let rows = constant_count(context, rows, &function, "ROWCOUNT")?;
                let time = constant_count(context, time, &function, "TIMELIMIT")?;
                if rows.is_none() && time.is_none() {
                    return Err(missing(&function, "ROWCOUNT"));
                }
                let limits = Limits {
                    rows,
                    time: time.map(Duration::from_secs),
                };
                let table = generator::table(limits)?;
                LogicalPlanBuilder::scan(
                    "GENERATOR",
                    provider_as_source(std::sync::Arc::new(table)),
                    None,
                )?
                .build()?
            }
            _ => return Ok(RelationPlanning::Original(Box::new(relation))),
        };
        Ok(RelationPlanning::Planned(Box::new(PlannedRelation::new(
            plan, alias,
        ))))
    }
}

const FLATTEN_PARAMS: [&str; 5] = ["INPUT", "PATH", "OUTER", "RECURSIVE", "MODE"];
const GENERATOR_PARAMS: [&str; 2] = ["ROWCOUNT", "TIMELIMIT"];

/// The upper-case name, arguments and alias of a table function in FROM, if it is one.
fn table_function(
    relation: &TableFactor,
) -> Option<(String, Vec<FunctionArg>, Option<TableAlias>)> {
    let (name, args, alias) = match relation {
        TableFactor::Function {
            name, args, alias, ..
        } => (name, args.clone(), alias.clone()),
        TableFactor::TableFunction {
            expr: SqlExpr::Function(function),
            alias,
        } => {
            let args = match &function.args {
                FunctionArguments::List(list) => list.args.clone(),
                FunctionArguments::None => Vec::new(),
                FunctionArguments::Subquery(_) => return None,
            };
            (&function.name, args, alias.clone())
        }
        _ => return None,
    };
    Some((function_name(name)?, args, alias))
}

/// The upper-case name of an unqualified, unquoted function name.
fn function_name(name: &ObjectName) -> Option<String> {
    let [part] = name.0.as_slice() else {
        return None;
    };
    let ident = part.as_ident()?;
    ident
        .quote_style
        .is_none()
        .then(|| ident.value.to_uppercase())
}

/// The arguments in parameter order, from names or positions.
fn bind<const N: usize>(
    function: &str,
    args: &[FunctionArg],
    params: [&str; N],
) -> Result<[Option<SqlExpr>; N]> {
    let mut bound: [Option<SqlExpr>; N] = std::array::from_fn(|_| None);
    for (position, arg) in args.iter().enumerate() {
        let (index, value) = match arg {
            FunctionArg::Named { name, arg, .. } => {
                let wanted = name.value.to_uppercase();
                let index = params.iter().position(|p| *p == wanted).ok_or_else(|| {
                    compilation_error(
                        ErrorKind::InvalidArguments,
                        format!("invalid argument name '{wanted}' for function {function}"),
                    )
                })?;
                (index, arg)
            }
            FunctionArg::Unnamed(arg) if position < N => (position, arg),
            _ => {
                return Err(compilation_error(
                    ErrorKind::InvalidArguments,
                    format!("too many arguments for function {function}, expected at most {N}"),
                ));
            }
        };
        let FunctionArgExpr::Expr(value) = value else {
            return Err(compilation_error(
                ErrorKind::InvalidArguments,
                format!("invalid argument {} for function {function}", params[index]),
            ));
        };
        if bound[index].replace(value.clone()).is_some() {
            return Err(compilation_error(
                ErrorKind::InvalidArguments,
                format!(
                    "argument {} given twice to function {function}",
                    params[index]
                ),
            ));
        }
    }
    Ok(bound)
}

fn missing(function: &str, param: &str) -> datafusion::common::DataFusionError {
    compilation_error(
        ErrorKind::InvalidArguments,
        format!("argument {param} is required by function {function}"),
    )
}

/// A constant argument's value.
fn constant(
    context: &mut dyn RelationPlannerContext,
    arg: Option<SqlExpr>,
    function: &str,
    param: &str,
) -> Result<Option<ScalarValue>> {
    let Some(arg) = arg else {
        return Ok(None);
    };
    let expr = context.sql_to_expr(arg, &DFSchema::empty())?;
    let value = match expr {
        Expr::Literal(value, _) => value,
        Expr::Negative(inner) => match *inner {
            Expr::Literal(value, _) => value.arithmetic_negate()?,
            _ => return Err(not_constant(function, param)),
        },
        _ => return Err(not_constant(function, param)),
    };
    Ok((!value.is_null()).then_some(value))
}

fn not_constant(function: &str, param: &str) -> datafusion::common::DataFusionError {
    compilation_error(
        ErrorKind::InvalidArguments,
        format!("argument {param} to function {function} needs to be constant"),
    )
}

fn constant_text(
    context: &mut dyn RelationPlannerContext,
    arg: Option<SqlExpr>,
    function: &str,
    param: &str,
) -> Result<Option<String>> {
    match constant(context, arg, function, param)? {
        None => Ok(None),
        Some(ScalarValue::Utf8(Some(text)) | ScalarValue::LargeUtf8(Some(text))) => Ok(Some(text)),
        Some(other) => Err(wrong_type(function, param, &other, "VARCHAR")),
    }
}

fn constant_bool(
    context: &mut dyn RelationPlannerContext,
    arg: Option<SqlExpr>,
    function: &str,
    param: &str,
) -> Result<Option<bool>> {
    match constant(context, arg, function, param)? {
        None => Ok(None),
        Some(ScalarValue::Boolean(Some(flag))) => Ok(Some(flag)),
        Some(other) => Err(wrong_type(function, param, &other, "BOOLEAN")),
    }
}

fn constant_count(
    context: &mut dyn RelationPlannerContext,
    arg: Option<SqlExpr>,
    function: &str,
    param: &str,
) -> Result<Option<u64>> {
    let Some(value) = constant(context, arg, function, param)? else {
        return Ok(None);
    };
    let count = match &value {
        ScalarValue::Int64(Some(n)) => u64::try_from(*n).ok(),
        ScalarValue::Int32(Some(n)) => u64::try_from(*n).ok(),
        ScalarValue::UInt64(Some(n)) => Some(*n),
        _ => None,
    };
    count
        .map(Some)
        .ok_or_else(|| wrong_type(function, param, &value, "a non-negative integer"))
}

fn wrong_type(
    function: &str,
    param: &str,
    value: &ScalarValue,
    expected: &str,
) -> datafusion::common::DataFusionError {
    compilation_error(
        ErrorKind::InvalidArguments,
        format!("argument {param} to function {function} must be {expected}, got {value}"),
    )
}
