//! The virtual INFORMATION_SCHEMA every database has: read-only views (DATABASES, SCHEMATA,
//! TABLES, COLUMNS, VIEWS) computed from the snapshot the statement reads, when it is scanned.
//!
//! Their rows are built at scan time, not when a statement is planned, so planning a view that
//! reads INFORMATION_SCHEMA.COLUMNS (whose rows need the columns of every view) never recurses.

mod catalog_views;
mod columns;

pub(crate) use columns::{byte_length, char_length, time_scale};

use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use async_trait::async_trait;
use datafusion::{
    catalog::{MemTable, SchemaProvider, Session as DataFusionSession, TableProvider},
    datasource::TableType,
    error::{DataFusionError, Result as DfResult},
    execution::context::SessionState,
    logical_expr::Expr,
    physical_plan::ExecutionPlan,
};

use super::{
    rowset::{RowSet, TIMESTAMP},
    tables::SnapshotCell,
};
use crate::{catalog::Name, types::SfType};

/// The name of the virtual schema.
pub(crate) const SCHEMA_NAME: &str = "INFORMATION_SCHEMA";

/// The comment SHOW SCHEMAS and SCHEMATA give the virtual schema.
pub(crate) const SCHEMA_COMMENT: &str = "Views describing the contents of schemas in this database";

/// One view of INFORMATION_SCHEMA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InformationView {
    /// COLUMNS: every column of every table and view of the database.
    Columns,
    /// DATABASES: every database of the account.
    Databases,
    /// SCHEMATA: the schemas of the database.
    Schemata,
    /// TABLES: the tables and views of the database.
    Tables,
    /// VIEWS: the views of the database.
    Views,
}

const TEXT: SfType = SfType::TEXT;
const NUMBER: SfType = SfType::INTEGER;

impl InformationView {
    /// Every view, in name order.
    pub(crate) const ALL: [Self; 5] = [
        Self::Columns,
        Self::Databases,
        Self::Schemata,
        Self::Tables,
        Self::Views,
    ];

    /// The view's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Columns => "COLUMNS",
            Self::Databases => "DATABASES",
            Self::Schemata => "SCHEMATA",
            Self::Tables => "TABLES",
            Self::Views => "VIEWS",
        }
    }

    /// The view called `name` (exact, canonical).
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The view's columns, in Snowflake's order, with their types.
    pub(crate) fn columns(self) -> &'static [(&'static str, SfType)] {
        match self {
            Self::Databases => &[
                ("DATABASE_NAME", TEXT),
                ("DATABASE_OWNER", TEXT),
                ("IS_TRANSIENT", TEXT),
                ("COMMENT", TEXT),
                ("CREATED", TIMESTAMP),
                ("LAST_ALTERED", TIMESTAMP),
                ("RETENTION_TIME", NUMBER),
                ("TYPE", TEXT),
                ("OWNER_ROLE_TYPE", TEXT),
            ],
            Self::Schemata => &[
                ("CATALOG_NAME", TEXT),
                ("SCHEMA_NAME", TEXT),
                ("SCHEMA_OWNER", TEXT),
                ("IS_TRANSIENT", TEXT),
                ("IS_MANAGED_ACCESS", TEXT),
                ("RETENTION_TIME", NUMBER),
                ("DEFAULT_CHARACTER_SET_CATALOG", TEXT),
                ("DEFAULT_CHARACTER_SET_SCHEMA", TEXT),
                ("DEFAULT_CHARACTER_SET_NAME", TEXT),
                ("SQL_PATH", TEXT),
                ("CREATED", TIMESTAMP),
                ("LAST_ALTERED", TIMESTAMP),
                ("COMMENT", TEXT),
                ("OBJECT_VISIBILITY", SfType::Object),
            ],
            Self::Tables => &[
                ("TABLE_CATALOG", TEXT),
                ("TABLE_SCHEMA", TEXT),
                ("TABLE_NAME", TEXT),
                ("TABLE_OWNER", TEXT),
                ("TABLE_TYPE", TEXT),
                ("IS_TRANSIENT", TEXT),
                ("CLUSTERING_KEY", TEXT),
                ("ROW_COUNT", NUMBER),
                ("BYTES", NUMBER),
                ("RETENTION_TIME", NUMBER),
                ("SELF_REFERENCING_COLUMN_NAME", TEXT),
                ("REFERENCE_GENERATION", TEXT),
                ("USER_DEFINED_TYPE_CATALOG", TEXT),
                ("USER_DEFINED_TYPE_SCHEMA", TEXT),
                ("USER_DEFINED_TYPE_NAME", TEXT),
                ("IS_INSERTABLE_INTO", TEXT),
                ("IS_TYPED", TEXT),
                ("COMMIT_ACTION", TEXT),
                ("CREATED", TIMESTAMP),
                ("LAST_ALTERED", TIMESTAMP),
                ("LAST_DDL", TIMESTAMP),
                ("LAST_DDL_BY", TEXT),
                ("AUTO_CLUSTERING_ON", TEXT),
                ("COMMENT", TEXT),
                ("IS_TEMPORARY", TEXT),
                ("IS_ICEBERG", TEXT),
                ("IS_DYNAMIC", TEXT),
                ("IS_IMMUTABLE", TEXT),
                ("IS_HYBRID", TEXT),
            ],
            Self::Views => &[
                ("TABLE_CATALOG", TEXT),
                ("TABLE_SCHEMA", TEXT),
                ("TABLE_NAME", TEXT),
                ("TABLE_OWNER", TEXT),
                ("VIEW_DEFINITION", TEXT),
                ("CHECK_OPTION", TEXT),
                ("IS_UPDATABLE", TEXT),
                ("INSERTABLE_INTO", TEXT),
                ("IS_SECURE", TEXT),
                ("CREATED", TIMESTAMP),
                ("LAST_ALTERED", TIMESTAMP),
                ("LAST_DDL", TIMESTAMP),
                ("LAST_DDL_BY", TEXT),
                ("COMMENT", TEXT),
            ],
            Self::Columns => columns::COLUMNS,
        }
    }

    /// The Arrow schema of the view's rows.
    pub(crate) fn schema(self) -> SchemaRef {
        RowSet::new(self.columns()).schema()
    }
}

/// The INFORMATION_SCHEMA of one database, as a DataFusion schema.
#[derive(Debug)]
pub(crate) struct InformationSchema {
    snapshot: SnapshotCell,
    database: Name,
}

impl InformationSchema {
    /// The virtual schema of `database`, reading `snapshot`.
    pub(crate) fn new(snapshot: SnapshotCell, database: Name) -> Self {
        Self { snapshot, database }
    }
}

#[async_trait]
impl SchemaProvider for InformationSchema {
    fn table_names(&self) -> Vec<String> {
        InformationView::ALL
            .iter()
            .map(|v| v.name().to_owned())
            .collect()
    }

    async fn table(&self, name: &str) -> DfResult<Option<Arc<dyn TableProvider>>> {
        Ok(InformationView::from_name(name).map(|view| {
            Arc::new(ViewTable {
                snapshot: self.snapshot.clone(),
                database: self.database.clone(),
                view,
                schema: view.schema(),
            }) as Arc<dyn TableProvider>
        }))
    }

    fn table_exist(&self, name: &str) -> bool {
        InformationView::from_name(name).is_some()
    }
}

/// One INFORMATION_SCHEMA view of one database.
#[derive(Debug)]
struct ViewTable {
    snapshot: SnapshotCell,
    database: Name,
    view: InformationView,
    schema: SchemaRef,
}

#[async_trait]
impl TableProvider for ViewTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::View
    }

    async fn scan(
        &self,
        state: &dyn DataFusionSession,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let catalog = self.snapshot.read().clone();
        let rows = match self.view {
            InformationView::Databases => catalog_views::databases(&catalog),
            InformationView::Schemata => catalog_views::schemata(&catalog, &self.database),
            InformationView::Tables => catalog_views::tables(&catalog, &self.database),
            InformationView::Views => catalog_views::views(&catalog, &self.database),
            InformationView::Columns => {
                let state = state.as_any().downcast_ref::<SessionState>();
                columns::columns(&catalog, &self.database, state).await
            }
        };
        let batch = rows
            .and_then(RowSet::into_batch)
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let table = MemTable::try_new(self.schema.clone(), vec![vec![batch]])?;
        table.scan(state, projection, filters, limit).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_have_names_and_schemas() {
        for view in InformationView::ALL {
            assert_eq!(InformationView::from_name(view.name()), Some(view));
            assert_eq!(view.schema().fields().len(), view.columns().len());
        }
        assert_eq!(InformationView::from_name("tables"), None);
        assert_eq!(
            InformationView::Tables.schema().field(4).name(),
            "TABLE_TYPE"
        );
    }
}
