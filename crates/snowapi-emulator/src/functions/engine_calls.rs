//! Functions the engine evaluates itself, before DataFusion plans a statement: SYSTEM$WAIT,
//! SYSTEM$CANCEL_QUERY and SYSTEM$GET_TAG. DataFusion's scalar functions are synchronous, so a
//! function that waits, acts on the engine or reads its catalog cannot be one without blocking
//! a runtime thread. Instead, every call of
//! these functions in a statement is found after normalisation, evaluated here in the order the
//! calls appear in the text (the waits as async sleeps inside the statement's own future, so
//! cancellation and statement timeouts reach them), and replaced by its value as a literal;
//! DataFusion then plans a statement holding plain strings.
//!
//! Limits of this design: the arguments must be constants (literals, binds, or session
//! functions such as LAST_QUERY_ID() that normalisation turns into literals), and each call is
//! evaluated once per statement, before the rest of it runs, however many rows the query would
//! produce (Snowflake evaluates it per row) and even in a branch that would not be reached.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Statement, UnaryOperator, Value,
    VisitMut, VisitorMut,
};

use super::{system_cancel_query::CancelQuery, system_get_tag::GetTag, system_wait::Wait};
use crate::{
    engine::Session,
    error::{EmulatorError, ErrorKind, Result},
};

/// A call the engine evaluates, with its arguments read.
#[derive(Debug)]
enum Call {
    Wait(Wait),
    CancelQuery(CancelQuery),
    GetTag(GetTag),
}

/// Evaluates the engine-evaluated function calls of `statement` and puts their values in place.
pub(crate) async fn evaluate(session: &Session, statement: &mut Statement) -> Result<()> {
    let mut finder = Calls::Find(Vec::new());
    if let ControlFlow::Break(error) = statement.visit(&mut finder) {
        return Err(error);
    }
    let Calls::Find(calls) = finder else {
        return Ok(());
    };
    if calls.is_empty() {
        return Ok(());
    }
    let mut values = Vec::with_capacity(calls.len());
    for call in &calls {
        values.push(match call {
            Call::Wait(wait) => Some(wait.run().await),
            Call::CancelQuery(cancel) => cancel.run(session.engine())?,
            Call::GetTag(get) => get.run(session)?,
        });
    }
    values.reverse();
    let mut replacer = Calls::Replace(values);
    match statement.visit(&mut replacer) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => Ok(()),
    }
}

/// Walks a statement's expressions: first to find the calls, then to replace them by values
/// (held last call first).
enum Calls {
    Find(Vec<Call>),
    Replace(Vec<Option<String>>),
}

impl VisitorMut for Calls {
    type Break = EmulatorError;

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<Self::Break> {
        let Expr::Function(function) = expr else {
            return ControlFlow::Continue(());
        };
        let name = function.name.to_string().to_uppercase();
        if !["SYSTEM$WAIT", "SYSTEM$CANCEL_QUERY", "SYSTEM$GET_TAG"].contains(&name.as_str()) {
            return ControlFlow::Continue(());
        }
        match self {
            Calls::Find(calls) => {
                let call = arguments(&name, &function.args).and_then(|args| {
                    Ok(match name.as_str() {
                        "SYSTEM$WAIT" => Call::Wait(Wait::from_args(&args)?),
                        "SYSTEM$GET_TAG" => Call::GetTag(GetTag::from_args(&args)?),
                        _ => Call::CancelQuery(CancelQuery::from_args(&args)?),
                    })
                });
                match call {
                    Ok(call) => calls.push(call),
                    Err(error) => return ControlFlow::Break(error),
                }
            }
            Calls::Replace(values) => {
                let Some(value) = values.pop() else {
                    return ControlFlow::Break(EmulatorError::internal(
                        "engine-evaluated calls changed while being replaced",
                    ));
                };
                let value = value.map_or(Value::Null, Value::SingleQuotedString);
                *expr = Expr::Value(value.into());
            }
        }
        ControlFlow::Continue(())
    }
}

/// The positional arguments of a call.
fn arguments<'a>(name: &str, args: &'a FunctionArguments) -> Result<Vec<&'a Expr>> {
    match args {
        FunctionArguments::None => Ok(Vec::new()),
        FunctionArguments::Subquery(_) => Err(not_constant(name)),
        FunctionArguments::List(list) => list
            .args
            .iter()
            .map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)) => Ok(expr),
                _ => Err(EmulatorError::compilation(
                    ErrorKind::InvalidArguments,
                    format!("Invalid argument for function {name}: {arg}"),
                )),
            })
            .collect(),
    }
}

fn not_constant(name: &str) -> EmulatorError {
    EmulatorError::unsupported(format!("{name} with an argument that is not a constant"))
}

/// A constant non-negative integer argument.
pub(crate) fn literal_unsigned(name: &str, expr: &Expr) -> Result<u64> {
    let invalid = || {
        EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!("Invalid argument for function {name}: {expr} is not a non-negative integer"),
        )
    };
    match expr {
        Expr::Nested(inner) => literal_unsigned(name, inner),
        Expr::Value(value) => match &value.value {
            Value::Number(text, _) => text.parse().map_err(|_| invalid()),
            Value::SingleQuotedString(text) => text.trim().parse().map_err(|_| invalid()),
            _ => Err(invalid()),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr: inner,
        } if matches!(inner.as_ref(), Expr::Value(_)) => Err(invalid()),
        _ => Err(not_constant(name)),
    }
}

/// A constant string argument; `None` for NULL.
pub(crate) fn literal_text(name: &str, expr: &Expr) -> Result<Option<String>> {
    match expr {
        Expr::Nested(inner) => literal_text(name, inner),
        Expr::Value(value) => match &value.value {
            Value::SingleQuotedString(text)
            | Value::DollarQuotedString(sqlparser::ast::DollarQuotedString {
                value: text, ..
            }) => Ok(Some(text.clone())),
            Value::Null => Ok(None),
            other => Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!("Invalid argument for function {name}: {other} is not a string"),
            )),
        },
        _ => Err(not_constant(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        engine::{Engine, EngineConfig},
        sql::parse,
    };

    async fn evaluated(sql: &str) -> Result<String> {
        let engine = Engine::open(EngineConfig::default())?;
        let session = engine.session("ADMIN");
        let mut statement = parse(sql)?.remove(0);
        evaluate(&session, &mut statement).await?;
        Ok(statement.to_string())
    }

    #[tokio::test]
    async fn calls_become_literals_in_order() {
        assert_eq!(
            evaluated("select system$wait(1, 'milliseconds') as a, SYSTEM$WAIT((2), 'MILLISECONDS') from t where x = system$wait(0)")
                .await
                .unwrap(),
            "SELECT 'waited 1 milliseconds' AS a, 'waited 2 milliseconds' FROM t WHERE x = 'waited 0 seconds'"
        );
        assert_eq!(
            evaluated("insert into t select upper(system$wait('3', 'milliseconds'))")
                .await
                .unwrap(),
            "INSERT INTO t SELECT upper('waited 3 milliseconds')"
        );
        assert_eq!(evaluated("select 1").await.unwrap(), "SELECT 1");
    }

    #[tokio::test]
    async fn arguments_must_be_constants() {
        let column = evaluated("select system$wait(n) from t").await.unwrap_err();
        assert_eq!(column.code(), "000002");
        let negative = evaluated("select system$wait(-1)").await.unwrap_err();
        assert_eq!(negative.code(), "001044");
        let named = evaluated("select system$wait(amount => 1)")
            .await
            .unwrap_err();
        assert_eq!(named.code(), "001044");
        let number = evaluated("select system$cancel_query(42)")
            .await
            .unwrap_err();
        assert_eq!(number.code(), "001044");
        let missing = evaluated("select system$cancel_query('x')")
            .await
            .unwrap_err();
        assert_eq!(missing.code(), "000605");
    }
}
