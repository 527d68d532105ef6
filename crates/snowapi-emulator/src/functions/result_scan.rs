//! `TABLE(RESULT_SCAN('<query id>'))`: the rows of an earlier statement's result, as a table.
//!
//! DataFusion plans `TABLE(f(…))` through relation planners; this one answers RESULT_SCAN from
//! the engine's store of finished statements (bounded: old results are forgotten). The query id
//! is a literal by the time the statement is planned (`LAST_QUERY_ID()` is replaced by its value
//! when the statement is normalised).

use std::sync::Arc;

use datafusion::{
    catalog::MemTable,
    datasource::provider_as_source,
    error::{DataFusionError, Result as DfResult},
    logical_expr::{
        LogicalPlanBuilder,
        planner::{PlannedRelation, RelationPlanner, RelationPlannerContext, RelationPlanning},
    },
    prelude::SessionContext,
};
use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectNamePart, TableFactor,
    Value,
};

use arrow::{
    datatypes::{Field, Schema},
    record_batch::RecordBatch,
};

use crate::{
    engine::{Engine, QueryOutcome, QueryResult},
    error::{EmulatorError, ErrorKind, Result},
    sql::literal::string_value,
};

/// Plans `TABLE(RESULT_SCAN(…))` relations.
#[derive(Debug)]
struct ResultScan {
    engine: Engine,
}

/// Registers RESULT_SCAN on `context`, reading results that `engine` keeps.
pub(crate) fn register(context: &SessionContext, engine: Engine) {
    if let Err(error) = context.register_relation_planner(Arc::new(ResultScan { engine })) {
        tracing::warn!("RESULT_SCAN is not available: {error}");
    }
}

impl RelationPlanner for ResultScan {
    fn plan_relation(
        &self,
        relation: TableFactor,
        _context: &mut dyn RelationPlannerContext,
    ) -> DfResult<RelationPlanning> {
        let TableFactor::TableFunction {
            expr: Expr::Function(function),
            alias,
        } = &relation
        else {
            return Ok(RelationPlanning::Original(Box::new(relation)));
        };
        if !is_result_scan(function) {
            return Ok(RelationPlanning::Original(Box::new(relation)));
        }
        let external = |e: EmulatorError| DataFusionError::External(Box::new(e));
        let query_id = query_id_argument(function).map_err(external)?;
        let result = stored_result(&self.engine, &query_id).map_err(external)?;
        let table = result_table(&result).map_err(external)?;
        let plan =
            LogicalPlanBuilder::scan("RESULT_SCAN", provider_as_source(Arc::new(table)), None)?
                .build()?;
        Ok(RelationPlanning::Planned(Box::new(PlannedRelation::new(
            plan,
            alias.clone(),
        ))))
    }
}

fn is_result_scan(function: &Function) -> bool {
    matches!(
        function.name.0.as_slice(),
        [ObjectNamePart::Identifier(ident)] if ident.value.eq_ignore_ascii_case("RESULT_SCAN")
    )
}

/// The query id RESULT_SCAN is called with: one string literal.
fn query_id_argument(function: &Function) -> Result<String> {
    let invalid = |what: &str| {
        EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!(
                "Invalid argument {what} for function RESULT_SCAN: a query id string is expected."
            ),
        )
    };
    let FunctionArguments::List(list) = &function.args else {
        return Err(invalid("list"));
    };
    let [FunctionArg::Unnamed(FunctionArgExpr::Expr(expr))] = list.args.as_slice() else {
        return Err(EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!(
                "Invalid number of arguments for function RESULT_SCAN: expected 1, got {}",
                list.args.len()
            ),
        ));
    };
    if let Expr::Value(value) = expr
        && value.value == Value::Null
    {
        // LAST_QUERY_ID() of a session that ran nothing yet.
        return Err(not_found("NULL"));
    }
    string_value(expr).ok_or_else(|| invalid(&format!("[{expr}]")))
}

fn not_found(query_id: &str) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::StatementNotFound,
        format!("Statement {query_id} not found"),
    )
}

/// The finished result of statement `query_id`.
fn stored_result(engine: &Engine, query_id: &str) -> Result<QueryResult> {
    match engine.result(query_id.trim()) {
        Some(QueryOutcome::Finished(Ok(result))) => Ok(result),
        Some(QueryOutcome::Finished(Err(_))) => Err(EmulatorError::new(
            ErrorKind::StatementNotFound,
            format!("Statement {query_id} failed; it has no result to scan."),
        )),
        Some(QueryOutcome::Running) => Err(EmulatorError::new(
            ErrorKind::InvalidState,
            format!("Statement {query_id} is still running; its result cannot be scanned yet."),
        )),
        Some(QueryOutcome::Expired) => Err(EmulatorError::new(
            ErrorKind::StatementNotFound,
            format!("The result of statement {query_id} is no longer available."),
        )),
        None => Err(not_found(query_id)),
    }
}

/// A stored result as a table: the same columns (nullable, with their Snowflake types).
fn result_table(result: &QueryResult) -> Result<MemTable> {
    let schema = Arc::new(Schema::new(
        result
            .schema
            .fields()
            .iter()
            .map(|f| Field::clone(f).with_nullable(true))
            .collect::<Vec<_>>(),
    ));
    let batches = result
        .batches
        .iter()
        .map(|batch| RecordBatch::try_new(schema.clone(), batch.columns().to_vec()))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(EmulatorError::internal)?;
    MemTable::try_new(schema, vec![batches]).map_err(EmulatorError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse;
    use sqlparser::ast::{SetExpr, Statement};

    fn function_of(sql: &str) -> Function {
        let Statement::Query(query) = parse(sql).unwrap().remove(0) else {
            panic!("not a query");
        };
        let SetExpr::Select(select) = *query.body else {
            panic!("not a select");
        };
        match &select.from[0].relation {
            TableFactor::TableFunction {
                expr: Expr::Function(function),
                ..
            } => function.clone(),
            other => panic!("not a table function: {other:?}"),
        }
    }

    #[test]
    fn reads_the_query_id_argument() {
        let f = function_of("select * from table(result_scan('01-ab'))");
        assert!(is_result_scan(&f));
        assert_eq!(query_id_argument(&f).unwrap(), "01-ab");
        let f = function_of("select * from table(Result_Scan(null))");
        assert_eq!(query_id_argument(&f).unwrap_err().code(), "000709");
        let f = function_of("select * from table(result_scan(1 + 1))");
        assert_eq!(query_id_argument(&f).unwrap_err().code(), "001044");
        let f = function_of("select * from table(result_scan('a', 'b'))");
        assert_eq!(query_id_argument(&f).unwrap_err().code(), "001044");
        assert!(!is_result_scan(&function_of(
            "select * from table(flatten('x'))"
        )));
    }

    #[tokio::test]
    async fn scans_a_result_by_id_from_another_session() {
        use crate::{engine::EngineConfig, sql::binds::Binds, types::SfType};
        let engine = Engine::open(EngineConfig::default()).unwrap();
        let first = engine.session("ADMIN");
        let earlier = Box::pin(first.execute("select 1 as one, 'a' as letter", &Binds::none()))
            .await
            .unwrap();
        let second = engine.session("ADMIN");
        let sql = format!(
            "select letter, one + 1 as two from table(result_scan('{}'))",
            earlier.query_id
        );
        let scanned = Box::pin(second.execute(&sql, &Binds::none()))
            .await
            .unwrap();
        assert_eq!(scanned.row_count(), 1);
        let names: Vec<&str> = scanned.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["LETTER", "TWO"]);
        assert_eq!(
            scanned.columns[0].sf_type,
            SfType::of_field(earlier.schema.field(1))
        );
        let unknown = Box::pin(second.execute(
            "select * from table(result_scan('no-such-id'))",
            &Binds::none(),
        ))
        .await
        .unwrap_err();
        assert_eq!(unknown.code(), "000709");
    }
}
