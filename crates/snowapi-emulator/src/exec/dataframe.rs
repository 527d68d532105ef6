//! Handing a statement to DataFusion, and DataFusion's errors back as Snowflake's.

use std::sync::Arc;

use arrow::{datatypes::SchemaRef, error::ArrowError, record_batch::RecordBatch};
use datafusion::{error::DataFusionError, sql::parser::Statement as DfStatement};
use sqlparser::ast::Statement;

use crate::{
    catalog::Catalog,
    engine::Session,
    error::{EmulatorError, ErrorKind, Result},
    sql::normalize::normalize,
};

/// Plans and runs a query (or any statement DataFusion can plan) against `snapshot`.
pub(crate) async fn run_query(
    session: &Session,
    snapshot: Arc<Catalog>,
    mut statement: Statement,
) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    crate::sql::views::expand_views(&mut statement, &snapshot, &session.name_context())?;
    normalize(&mut statement, &session.name_context())?;
    crate::functions::engine_calls::evaluate(session, &mut statement).await?;
    let context = session.datafusion(snapshot);
    let plan = context
        .state()
        .statement_to_plan(DfStatement::Statement(Box::new(statement)))
        .await
        .map_err(map_error)?;
    let frame = context
        .execute_logical_plan(plan)
        .await
        .map_err(map_error)?;
    let schema: SchemaRef = Arc::new(frame.schema().as_arrow().clone());
    let batches = frame.collect().await.map_err(map_error)?;
    Ok((schema, batches))
}

/// DataFusion's error as the Snowflake error a user would get for the same mistake.
pub(crate) fn map_error(error: DataFusionError) -> EmulatorError {
    match error.find_root() {
        DataFusionError::SchemaError(schema_error, _) => {
            let text = schema_error.to_string();
            match quoted_after(&text, "field with name ") {
                Some(field) => EmulatorError::invalid_identifier(field),
                None => EmulatorError::compilation(ErrorKind::InvalidIdentifier, text),
            }
        }
        DataFusionError::ArrowError(arrow_error, _) => map_arrow_error(arrow_error),
        DataFusionError::Plan(text) if text.contains("table") && text.contains("not found") => {
            let name = quoted_after(text, "table ").unwrap_or_else(|| text.clone());
            EmulatorError::not_found("Object", name.replace('"', ""))
        }
        DataFusionError::Plan(text) if text.contains("Invalid function") => {
            let name = quoted_after(text, "Invalid function ").unwrap_or_else(|| text.clone());
            EmulatorError::compilation(
                ErrorKind::UnknownFunction,
                format!("Unknown function {}", name.to_uppercase()),
            )
        }
        DataFusionError::Plan(text) | DataFusionError::SQL(_, Some(text)) => {
            EmulatorError::compilation(ErrorKind::InvalidArguments, first_line(text))
        }
        DataFusionError::NotImplemented(text) => EmulatorError::unsupported(first_line(text)),
        DataFusionError::Execution(text) if text.to_lowercase().contains("divide by zero") => {
            EmulatorError::new(ErrorKind::DivisionByZero, "Division by zero")
        }
        DataFusionError::External(external) => match external.downcast_ref::<EmulatorError>() {
            Some(ours) => ours.clone(),
            None => EmulatorError::internal(first_line(&external.to_string())),
        },
        other => EmulatorError::internal(first_line(&other.to_string())),
    }
}

/// Arrow's errors while computing values, as Snowflake's value errors.
pub(crate) fn map_arrow_error(error: &ArrowError) -> EmulatorError {
    let text = error.to_string();
    match error {
        ArrowError::DivideByZero => {
            EmulatorError::new(ErrorKind::DivisionByZero, "Division by zero")
        }
        ArrowError::CastError(_) | ArrowError::ParseError(_) => {
            let value =
                quoted_after(&text, "string ").or_else(|| quoted_after(&text, "Cannot cast "));
            let value = value.unwrap_or_else(|| first_line(&text));
            if text.contains("Date") {
                EmulatorError::new(
                    ErrorKind::DateNotRecognized,
                    format!("Date '{value}' is not recognized"),
                )
            } else if text.contains("Timestamp") || text.contains("Time") {
                EmulatorError::new(
                    ErrorKind::TimestampNotRecognized,
                    format!("Timestamp '{value}' is not recognized"),
                )
            } else {
                EmulatorError::new(
                    ErrorKind::NumericValueNotRecognized,
                    format!("Numeric value '{value}' is not recognized"),
                )
            }
        }
        _ => EmulatorError::internal(first_line(&text)),
    }
}

/// The text in quotes (`'x'` or `"x"`) right after `marker`.
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].to_owned())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}
