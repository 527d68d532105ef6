//! The columns of a view: its query planned (not run) in the view's own database and schema,
//! renamed after the column list of its definition when it has one (with its column comments).

use arrow::datatypes::Field;
use datafusion::{execution::context::SessionState, sql::parser::Statement as DfStatement};
use sqlparser::ast::Statement;

use crate::{
    catalog::{Catalog, ObjectPath, View},
    error::{EmulatorError, ErrorKind, Result},
    exec::dataframe::map_error,
    sql::{
        self,
        normalize::{NameContext, normalize},
        views::expand_views,
    },
};

/// The columns `view` (at `path` in `catalog`) produces, planned with `state` (which must read
/// `catalog`). Views the query reads are expanded as queries expand them.
pub(crate) async fn view_columns(
    state: &SessionState,
    catalog: &Catalog,
    path: &ObjectPath,
    view: &View,
) -> Result<Vec<Field>> {
    let expansion = |error: EmulatorError| {
        EmulatorError::compilation(
            error.kind(),
            format!("Failure during expansion of view '{}': {error}", path.name),
        )
    };
    let mut statements = sql::parse(&view.query).map_err(expansion)?;
    let statement = match (statements.len(), statements.pop()) {
        (1, Some(statement @ Statement::Query(_))) => statement,
        _ => {
            return Err(expansion(EmulatorError::compilation(
                ErrorKind::SyntaxError,
                "the view's definition is not a single query",
            )));
        }
    };
    let mut statement = statement;
    let context = NameContext {
        database: Some(path.database.clone()),
        schema: Some(path.schema.clone()),
        session: Default::default(),
    };
    expand_views(&mut statement, catalog, &context).map_err(expansion)?;
    normalize(&mut statement, &context).map_err(expansion)?;
    let plan = state
        .statement_to_plan(DfStatement::Statement(Box::new(statement)))
        .await
        .map_err(|e| expansion(map_error(e)))?;
    let fields: Vec<Field> = plan
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    if view.column_names.is_empty() {
        return Ok(fields);
    }
    if view.column_names.len() != fields.len() {
        return Err(EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!(
                "View definition for '{path}' declared {} column(s), but view query produces {} column(s).",
                view.column_names.len(),
                fields.len()
            ),
        ));
    }
    Ok(fields
        .into_iter()
        .zip(&view.column_names)
        .enumerate()
        .map(|(at, (field, name))| {
            let field = field.with_name(name.as_str());
            match view.column_comments.get(at).cloned().flatten() {
                Some(comment) => {
                    let mut metadata = field.metadata().clone();
                    metadata.insert(COMMENT_KEY.to_owned(), comment);
                    field.with_metadata(metadata)
                }
                None => field,
            }
        })
        .collect())
}

/// Field metadata carrying the comment a view's definition gave a column: describers read the
/// fields [`view_columns`] returns, so the comment travels with its column.
const COMMENT_KEY: &str = "snowapi.view_column_comment";

/// The comment of a column [`view_columns`] returned, if its definition gave one.
pub(crate) fn view_column_comment(field: &Field) -> Option<&str> {
    field.metadata().get(COMMENT_KEY).map(String::as_str)
}
