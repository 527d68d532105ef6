//! SHOW COLUMNS [LIKE …] [IN ACCOUNT | DATABASE [db] | SCHEMA [s] | [TABLE] t | [VIEW] v], and the
//! columns of one table or view as SHOW COLUMNS and DESCRIBE report them.

use std::sync::Arc;

use arrow::datatypes::Field;
use datafusion::execution::context::SessionState;

use super::{
    filter, information_schemas_in,
    options::{self, InClause, Scope, ShowOptions},
    schemas_in, view_column_comment, view_columns,
};
use crate::{
    catalog::{Catalog, Constraint, Name, ObjectPath, Table},
    engine::{
        QueryResult, Session,
        information_schema::{InformationView, SCHEMA_NAME},
        rowset::{Cell, RowSet},
    },
    error::{EmulatorError, Result},
    sql::normalize::NameContext,
    types::SfType,
};

const TEXT: SfType = SfType::TEXT;

const COLUMNS: &[(&str, SfType)] = &[
    ("table_name", TEXT),
    ("schema_name", TEXT),
    ("column_name", TEXT),
    ("data_type", TEXT),
    ("null?", TEXT),
    ("default", TEXT),
    ("kind", TEXT),
    ("expression", TEXT),
    ("comment", TEXT),
    ("database_name", TEXT),
    ("autoincrement", TEXT),
    ("schema_evolution_record", TEXT),
];

/// One column of a table or view, with what SHOW COLUMNS and DESCRIBE report about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ColumnInfo {
    /// Column name.
    pub(super) name: String,
    /// Snowflake type.
    pub(super) sf_type: SfType,
    /// Whether NULL is allowed.
    pub(super) nullable: bool,
    /// The DEFAULT expression, as written.
    pub(super) default: Option<String>,
    /// AUTOINCREMENT start and step.
    pub(super) autoincrement: Option<(i64, i64)>,
    /// Column comment.
    pub(super) comment: Option<String>,
    /// Whether a PRIMARY KEY constraint names the column.
    pub(super) primary_key: bool,
    /// Whether a UNIQUE constraint names the column.
    pub(super) unique_key: bool,
}

impl ColumnInfo {
    /// `IDENTITY START s INCREMENT i ORDER` for an autoincrement column.
    pub(super) fn identity(&self) -> Option<String> {
        self.autoincrement
            .map(|(start, step)| format!("IDENTITY START {start} INCREMENT {step} ORDER"))
    }
}

/// Whether a table or view was found, and its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ObjectKind {
    /// A table.
    Table,
    /// A view (of a schema, or of INFORMATION_SCHEMA).
    View,
}

fn table_columns(table: &Table) -> Vec<ColumnInfo> {
    let keyed = |name: &Name, primary: bool| {
        table.constraints.iter().any(|c| match c {
            Constraint::PrimaryKey { columns, .. } => primary && columns.contains(name),
            Constraint::Unique { columns, .. } => !primary && columns.contains(name),
            Constraint::ForeignKey { .. } => false,
        })
    };
    table
        .columns
        .iter()
        .map(|c| ColumnInfo {
            name: c.name.to_string(),
            sf_type: c.sf_type,
            nullable: c.nullable,
            default: c.default.clone(),
            autoincrement: c.autoincrement,
            comment: c.comment.clone(),
            primary_key: keyed(&c.name, true),
            unique_key: keyed(&c.name, false),
        })
        .collect()
}

fn field_columns(fields: &[Field]) -> Vec<ColumnInfo> {
    fields
        .iter()
        .map(|f| ColumnInfo {
            name: f.name().clone(),
            sf_type: SfType::of_field(f),
            nullable: f.is_nullable(),
            default: None,
            autoincrement: None,
            comment: view_column_comment(f).map(str::to_owned),
            primary_key: false,
            unique_key: false,
        })
        .collect()
}

/// The columns of the table or view at `path` (of the kinds accepted), `None` if there is none.
pub(super) async fn object_columns(
    state: &SessionState,
    catalog: &Catalog,
    path: &ObjectPath,
    tables: bool,
    views: bool,
) -> Result<Option<(ObjectKind, Vec<ColumnInfo>)>> {
    if path.schema.as_str() == SCHEMA_NAME {
        let found = views && catalog.databases.contains_key(&path.database);
        return Ok(found
            .then(|| InformationView::from_name(path.name.as_str()))
            .flatten()
            .map(|view| {
                let schema = view.schema();
                let fields: Vec<Field> =
                    schema.fields().iter().map(|f| f.as_ref().clone()).collect();
                (ObjectKind::View, field_columns(&fields))
            }));
    }
    let Ok(schema) = catalog.schema(&path.database, &path.schema) else {
        return Ok(None);
    };
    if tables && let Some(table) = schema.tables.get(&path.name) {
        return Ok(Some((ObjectKind::Table, table_columns(table))));
    }
    if views && let Some(view) = schema.views.get(&path.name) {
        let fields = view_columns(state, catalog, path, view).await?;
        return Ok(Some((ObjectKind::View, field_columns(&fields))));
    }
    Ok(None)
}

/// SHOW COLUMNS' `data_type`: the type as JSON, e.g.
/// `{"type":"FIXED","precision":38,"scale":0,"nullable":true}`.
pub(super) fn data_type_json(sf: &SfType, nullable: bool) -> String {
    use crate::engine::information_schema::{byte_length, char_length, time_scale};
    let kind = sf.wire_name().to_uppercase();
    let middle = match sf {
        SfType::Number { precision, scale } => {
            format!(",\"precision\":{precision},\"scale\":{scale}")
        }
        SfType::Text { .. } | SfType::Binary { .. } => format!(
            ",\"length\":{},\"byteLength\":{}",
            char_length(sf).unwrap_or_default(),
            byte_length(sf).unwrap_or_default()
        ),
        _ => match time_scale(sf) {
            Some(scale) => format!(",\"precision\":0,\"scale\":{scale}"),
            None => String::new(),
        },
    };
    let fixed = match sf {
        SfType::Text { .. } => ",\"fixed\":false",
        SfType::Binary { .. } => ",\"fixed\":true",
        _ => "",
    };
    format!("{{\"type\":\"{kind}\"{middle},\"nullable\":{nullable}{fixed}}}")
}

/// Runs SHOW COLUMNS.
pub(super) async fn show(
    session: &Session,
    catalog: Arc<Catalog>,
    context: &NameContext,
    options: &ShowOptions,
) -> Result<QueryResult> {
    let state = session.datafusion(catalog.clone()).state();
    let mut objects: Vec<(ObjectPath, Vec<ColumnInfo>)> = Vec::new();
    match &options.scope {
        Some(
            clause @ (InClause::Table(parts) | InClause::View(parts) | InClause::Named(parts)),
        ) => {
            let path = options::object_path(parts, context)?;
            let (tables, views, kind) = match clause {
                InClause::Table(_) => (true, false, "Table"),
                InClause::View(_) => (false, true, "View"),
                _ => (true, true, "Table"),
            };
            match object_columns(&state, catalog.as_ref(), &path, tables, views).await? {
                Some((_, columns)) => objects.push((path, columns)),
                None => return Err(EmulatorError::not_found(kind, &path)),
            }
        }
        clause => {
            let scope = options::resolve(clause.as_ref(), context, catalog.as_ref())?;
            collect_scope(&state, catalog.as_ref(), &scope, &mut objects).await;
        }
    }
    objects.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rows = RowSet::new(COLUMNS);
    for (path, columns) in &objects {
        let columns = filter::apply(columns.iter().collect(), options, |c| c.name.as_str());
        for column in columns {
            rows.push(vec![
                Cell::text(path.name.as_str()),
                Cell::text(path.schema.as_str()),
                Cell::text(column.name.as_str()),
                Cell::text(data_type_json(&column.sf_type, column.nullable)),
                Cell::text(if column.nullable { "true" } else { "NOT_NULL" }),
                Cell::text(column.default.clone().unwrap_or_default()),
                Cell::text("COLUMN"),
                Cell::text(""),
                Cell::text(column.comment.clone().unwrap_or_default()),
                Cell::text(path.database.as_str()),
                Cell::text(column.identity().unwrap_or_default()),
                Cell::Null,
            ])?;
        }
    }
    rows.into_result()
}

/// Every table and view of a scope with its columns. Views that no longer plan are left out.
async fn collect_scope(
    state: &SessionState,
    catalog: &Catalog,
    scope: &Scope,
    out: &mut Vec<(ObjectPath, Vec<ColumnInfo>)>,
) {
    let path = |database: &Name, schema: &Name, name: &Name| ObjectPath {
        database: database.clone(),
        schema: schema.clone(),
        name: name.clone(),
    };
    for (database, schema) in schemas_in(catalog, scope) {
        for table in schema.tables.values() {
            out.push((
                path(&database.name, &schema.name, &table.name),
                table_columns(table),
            ));
        }
        for view in schema.views.values() {
            let at = path(&database.name, &schema.name, &view.name);
            if let Ok(fields) = view_columns(state, catalog, &at, view).await {
                out.push((at, field_columns(&fields)));
            }
        }
    }
    // INFORMATION_SCHEMA's views only when that schema is asked for by name.
    if let Scope::Schema(_, _) = scope {
        let schema = Name::canonical(SCHEMA_NAME);
        for database in information_schemas_in(catalog, scope) {
            for view in InformationView::ALL {
                let at = path(&database.name, &schema, &Name::canonical(view.name()));
                let fields: Vec<Field> = view
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.as_ref().clone())
                    .collect();
                out.push((at, field_columns(&fields)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_type_is_snowflakes_json() {
        let case =
            |text: &str, nullable: bool| data_type_json(&SfType::parse(text).unwrap(), nullable);
        assert_eq!(
            case("int", true),
            r#"{"type":"FIXED","precision":38,"scale":0,"nullable":true}"#
        );
        assert_eq!(
            case("varchar(10)", false),
            r#"{"type":"TEXT","length":10,"byteLength":40,"nullable":false,"fixed":false}"#
        );
        assert_eq!(
            case("timestamp_ntz", true),
            r#"{"type":"TIMESTAMP_NTZ","precision":0,"scale":9,"nullable":true}"#
        );
        assert_eq!(case("float", true), r#"{"type":"REAL","nullable":true}"#);
        assert_eq!(
            case("binary(4)", true),
            r#"{"type":"BINARY","length":4,"byteLength":4,"nullable":true,"fixed":true}"#
        );
        for text in ["int", "varchar(10)", "date", "variant", "time(3)"] {
            let json: serde_json::Value = serde_json::from_str(&case(text, true)).unwrap();
            assert_eq!(json["nullable"], true, "{text}");
        }
    }
}
