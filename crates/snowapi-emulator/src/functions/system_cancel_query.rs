//! `SYSTEM$CANCEL_QUERY('<query id>')`: cancels a running statement of the engine.

use sqlparser::ast::Expr;

use super::engine_calls::literal_text;
use crate::{
    engine::Engine,
    error::{EmulatorError, ErrorKind, Result},
};

/// One call of SYSTEM$CANCEL_QUERY with its (constant) argument; `None` for a NULL id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CancelQuery {
    query_id: Option<String>,
}

impl CancelQuery {
    /// Reads the call's one argument, a query id string.
    pub(crate) fn from_args(args: &[&Expr]) -> Result<Self> {
        let [query_id] = args else {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!(
                    "Invalid number of arguments for function SYSTEM$CANCEL_QUERY: expected 1, got {}",
                    args.len()
                ),
            ));
        };
        Ok(Self {
            query_id: literal_text("SYSTEM$CANCEL_QUERY", query_id)?,
        })
    }

    /// Cancels the statement: `query [<id>] terminated.`, or error 000605 when no statement of
    /// that id is running. A NULL id gives NULL.
    pub(crate) fn run(&self, engine: &Engine) -> Result<Option<String>> {
        let Some(query_id) = &self.query_id else {
            return Ok(None);
        };
        let id = query_id.trim();
        if engine.cancel(id) || engine.cancel(&id.to_lowercase()) {
            Ok(Some(format!("query [{id}] terminated.")))
        } else {
            Err(EmulatorError::new(
                ErrorKind::NotExecuting,
                "Identified SQL statement is not currently executing.",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineConfig;
    use sqlparser::ast::Value;

    #[test]
    fn ids_that_are_not_running_are_errors() {
        let engine = Engine::open(EngineConfig::default()).unwrap();
        let id = Expr::Value(Value::SingleQuotedString("01b2-nothing".into()).into());
        let call = CancelQuery::from_args(&[&id]).unwrap();
        assert_eq!(call.run(&engine).unwrap_err().code(), "000605");
        let null = Expr::Value(Value::Null.into());
        let call = CancelQuery::from_args(&[&null]).unwrap();
        assert_eq!(call.run(&engine).unwrap(), None);
        assert_eq!(CancelQuery::from_args(&[]).unwrap_err().code(), "001044");
    }
}
