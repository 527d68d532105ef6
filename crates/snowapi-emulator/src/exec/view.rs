//! CREATE [OR REPLACE] [SECURE] VIEW and DROP VIEW. A view keeps its query with table names
//! qualified as its creator resolved them; queries read it through `sql::views::expand_views`.

use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use datafusion::sql::parser::Statement as DfStatement;
use sqlparser::ast::{
    ColumnOption, CreateTableOptions, CreateView, ObjectName, Query, Statement, ViewColumnDef,
};

use super::{dataframe::map_error, table::table_path};
use crate::{
    catalog::{Catalog, Name, ObjectInfo, ObjectPath, View},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
    sql::{
        normalize::normalize,
        views::{expand_views, qualify_tables},
    },
};

/// `CREATE [OR REPLACE] [SECURE] VIEW [IF NOT EXISTS] v [(columns)] [COMMENT = '…'] AS query`.
/// The query is planned against the catalog as it will be, so missing objects, a column list
/// of the wrong length and views that reach themselves are refused here.
pub(super) async fn create(session: &Session, create: CreateView) -> Result<QueryResult> {
    // Boxed: keeps the dispatcher's future small (deep futures overflow debug-build stacks).
    Box::pin(run_create(session, create)).await
}

async fn run_create(session: &Session, create: CreateView) -> Result<QueryResult> {
    if create.materialized {
        return Err(EmulatorError::unsupported("CREATE MATERIALIZED VIEW"));
    }
    if create.temporary {
        return Err(EmulatorError::unsupported("CREATE TEMPORARY VIEW"));
    }
    if create.or_alter || create.to.is_some() || create.params.is_some() {
        return Err(EmulatorError::unsupported("this form of CREATE VIEW"));
    }
    if !matches!(create.options, CreateTableOptions::None) || !create.cluster_by.is_empty() {
        return Err(EmulatorError::unsupported("CREATE VIEW options"));
    }
    let path = table_path(session, &create.name)?;
    let mut query: Query = (*create.query).clone();
    qualify_tables(&mut query, &session.name_context())?;
    let view = View {
        name: path.name.clone(),
        info: ObjectInfo::new(&session.state().role, create.comment.clone()),
        secure: create.secure,
        query: query.to_string(),
        text: create.to_string(),
        column_names: create
            .columns
            .iter()
            .map(|c| Name::from_ident(&c.name))
            .collect(),
        column_comments: create.columns.iter().map(column_comment).collect(),
    };
    let (or_replace, if_not_exists) = (create.or_replace, create.if_not_exists);
    let snapshot = session.snapshot();
    if let Some(outcome) = conflict(&snapshot, &path, or_replace, if_not_exists)? {
        return outcome;
    }
    let mut trial = (*snapshot).clone();
    trial
        .schema_mut(&path.database, &path.schema)?
        .views
        .insert(path.name.clone(), Arc::new(view.clone()));
    let schema = plan(session, Arc::new(trial), query).await?;
    if !view.column_names.is_empty() && view.column_names.len() != schema.fields().len() {
        return Err(EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!(
                "View definition for '{path}' declared {} column(s), but view query produces {} column(s).",
                view.column_names.len(),
                schema.fields().len()
            ),
        ));
    }
    let created = {
        let path = path.clone();
        session
            .write(move |catalog| {
                // Another statement created the object meanwhile: IF NOT EXISTS is satisfied.
                if conflict(catalog, &path, or_replace, if_not_exists)?.is_some() {
                    return Ok(false);
                }
                catalog
                    .schema_mut(&path.database, &path.schema)?
                    .views
                    .insert(path.name.clone(), Arc::new(view));
                Ok(true)
            })
            .await?
    };
    let message = if created {
        format!("View {} successfully created.", path.name)
    } else {
        format!("{} already exists, statement succeeded.", path.name)
    };
    QueryResult::status(StatementType::Ddl, message)
}

/// The `COMMENT '…'` of a column of the view's column list.
fn column_comment(column: &ViewColumnDef) -> Option<String> {
    column
        .options
        .as_ref()?
        .as_slice()
        .iter()
        .find_map(|option| match option {
            ColumnOption::Comment(text) => Some(text.clone()),
            _ => None,
        })
}

/// What an existing object of the view's name means: `None` to go on creating, otherwise the
/// statement's outcome (IF NOT EXISTS succeeds without creating; a table is never replaced).
fn conflict(
    catalog: &Catalog,
    path: &ObjectPath,
    or_replace: bool,
    if_not_exists: bool,
) -> Result<Option<Result<QueryResult>>> {
    let schema = catalog.schema(&path.database, &path.schema)?;
    let is_view = schema.views.contains_key(&path.name);
    if !is_view && !schema.tables.contains_key(&path.name) {
        return Ok(None);
    }
    if if_not_exists {
        return Ok(Some(QueryResult::status(
            StatementType::Ddl,
            format!("{} already exists, statement succeeded.", path.name),
        )));
    }
    if or_replace && is_view {
        return Ok(None);
    }
    Err(EmulatorError::already_exists("Object", &path.name))
}

/// The output schema of `query` planned against `snapshot` (views expanded), without running it.
async fn plan(session: &Session, snapshot: Arc<Catalog>, query: Query) -> Result<SchemaRef> {
    let mut statement = Statement::Query(Box::new(query));
    let context = session.name_context();
    expand_views(&mut statement, &snapshot, &context)?;
    normalize(&mut statement, &context)?;
    let plan = session
        .datafusion(snapshot)
        .state()
        .statement_to_plan(DfStatement::Statement(Box::new(statement)))
        .await
        .map_err(map_error)?;
    Ok(Arc::new(plan.schema().as_arrow().clone()))
}

/// `DROP VIEW [IF EXISTS] v`.
pub(super) async fn drop(
    session: &Session,
    names: Vec<ObjectName>,
    if_exists: bool,
) -> Result<QueryResult> {
    let [name] = <[ObjectName; 1]>::try_from(names)
        .map_err(|_| EmulatorError::unsupported("DROP of several views"))?;
    let path = table_path(session, &name)?;
    let dropped = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let removed = catalog
                    .schema_mut(&path.database, &path.schema)
                    .ok()
                    .and_then(|schema| schema.views.remove(&path.name));
                match removed {
                    Some(_) => Ok(true),
                    None if if_exists => Ok(false),
                    None => Err(EmulatorError::not_found("View", &path)),
                }
            })
            .await?
    };
    let message = if dropped {
        format!("{} successfully dropped.", path.name)
    } else {
        "Drop statement executed successfully (object does not exist).".to_owned()
    };
    QueryResult::status(StatementType::Ddl, message)
}
