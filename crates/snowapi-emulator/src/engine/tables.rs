//! The catalog as DataFusion sees it: databases are DataFusion catalogs, schemas are schemas,
//! tables are in-memory tables over the snapshot the statement reads.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::{
    catalog::{CatalogProvider, CatalogProviderList, MemTable, SchemaProvider, TableProvider},
    error::{DataFusionError, Result as DfResult},
};
use parking_lot::RwLock;

use crate::catalog::{Catalog, Name, ObjectPath};

/// The snapshot a session's statements read; swapped before each statement.
pub(crate) type SnapshotCell = Arc<RwLock<Arc<Catalog>>>;

/// Every database of the snapshot, as DataFusion catalogs.
#[derive(Debug)]
pub(crate) struct Databases {
    pub(crate) snapshot: SnapshotCell,
}

impl Databases {
    fn current(&self) -> Arc<Catalog> {
        self.snapshot.read().clone()
    }
}

impl CatalogProviderList for Databases {
    fn register_catalog(
        &self,
        _name: String,
        _catalog: Arc<dyn CatalogProvider>,
    ) -> Option<Arc<dyn CatalogProvider>> {
        // Databases are created with SQL, never registered by DataFusion.
        None
    }

    fn catalog_names(&self) -> Vec<String> {
        self.current()
            .databases
            .keys()
            .map(|n| n.to_string())
            .collect()
    }

    fn catalog(&self, name: &str) -> Option<Arc<dyn CatalogProvider>> {
        let database = Name::canonical(name);
        self.current().databases.contains_key(&database).then(|| {
            Arc::new(DatabaseSchemas {
                snapshot: self.snapshot.clone(),
                database,
            }) as Arc<dyn CatalogProvider>
        })
    }
}

/// The schemas of one database.
#[derive(Debug)]
struct DatabaseSchemas {
    snapshot: SnapshotCell,
    database: Name,
}

impl CatalogProvider for DatabaseSchemas {
    fn schema_names(&self) -> Vec<String> {
        let catalog = self.snapshot.read().clone();
        catalog
            .database(&self.database)
            .map(|db| db.schemas.keys().map(|n| n.to_string()).collect())
            .unwrap_or_default()
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        if name == super::information_schema::SCHEMA_NAME {
            return Some(Arc::new(super::information_schema::InformationSchema::new(
                self.snapshot.clone(),
                self.database.clone(),
            )));
        }
        let schema = Name::canonical(name);
        let catalog = self.snapshot.read().clone();
        catalog.schema(&self.database, &schema).ok()?;
        Some(Arc::new(SchemaTables {
            snapshot: self.snapshot.clone(),
            database: self.database.clone(),
            schema,
        }))
    }
}

/// The tables of one schema.
#[derive(Debug)]
struct SchemaTables {
    snapshot: SnapshotCell,
    database: Name,
    schema: Name,
}

impl SchemaTables {
    fn path(&self, name: &str) -> ObjectPath {
        ObjectPath {
            database: self.database.clone(),
            schema: self.schema.clone(),
            name: Name::canonical(name),
        }
    }
}

#[async_trait]
impl SchemaProvider for SchemaTables {
    fn table_names(&self) -> Vec<String> {
        let catalog = self.snapshot.read().clone();
        catalog
            .schema(&self.database, &self.schema)
            .map(|s| s.tables.keys().map(|n| n.to_string()).collect())
            .unwrap_or_default()
    }

    async fn table(&self, name: &str) -> DfResult<Option<Arc<dyn TableProvider>>> {
        let catalog = self.snapshot.read().clone();
        let Ok(table) = catalog.table(&self.path(name)) else {
            return Ok(None);
        };
        let provider = MemTable::try_new(table.arrow_schema(), vec![table.data.batches.to_vec()])
            .map_err(|e| DataFusionError::Plan(format!("table {name}: {e}")))?;
        Ok(Some(Arc::new(provider)))
    }

    fn table_exist(&self, name: &str) -> bool {
        self.snapshot.read().table(&self.path(name)).is_ok()
    }
}
