//! Durability: the catalog as `catalog.json`, each table's rows as an Arrow IPC file named by a
//! fresh id per version. A file is complete (written, fsynced, renamed) before the catalog that
//! names it is written the same way, so a crash at any point leaves either the old catalog with
//! its old files or the new one with its new files.

use std::{
    collections::BTreeSet,
    fs::{self, File},
    io::{BufReader, BufWriter, Write},
    path::{Path, PathBuf},
    sync::Arc,
};

use arrow::ipc::{reader::FileReader, writer::FileWriter};

use crate::{
    catalog::{Catalog, Schema, Table, TableData},
    error::{EmulatorError, Result},
};

const CATALOG_FILE: &str = "catalog.json";
const TABLES_DIR: &str = "tables";

/// A data directory.
#[derive(Debug)]
pub(super) struct Storage {
    dir: PathBuf,
}

/// A storage error naming what failed on which path.
pub(super) fn failed(what: &str, path: &Path, error: impl std::fmt::Display) -> EmulatorError {
    EmulatorError::Storage(format!("{what} {}: {error}", path.display()))
}

impl Storage {
    /// Uses `dir`, creating it if needed.
    pub(super) fn open(dir: &Path) -> Result<Self> {
        let tables = dir.join(TABLES_DIR);
        fs::create_dir_all(&tables).map_err(|e| failed("creating", &tables, e))?;
        let stages = dir.join(super::stage_storage::STAGES_DIR);
        fs::create_dir_all(&stages).map_err(|e| failed("creating", &stages, e))?;
        Ok(Self {
            dir: dir.to_owned(),
        })
    }

    /// The stored catalog with its rows, or `None` for a new directory.
    pub(super) fn load(&self) -> Result<Option<Catalog>> {
        let path = self.dir.join(CATALOG_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(failed("reading", &path, e)),
        };
        let mut catalog: Catalog =
            serde_json::from_str(&text).map_err(|e| failed("parsing", &path, e))?;
        let mut error = None;
        for_each_table_mut(&mut catalog, &mut |table: &mut Table| {
            if error.is_some() {
                return;
            }
            if let Some(id) = &table.data_id {
                match self.read_rows(id) {
                    Ok(data) => table.data = data,
                    Err(e) => error = Some(e),
                }
            }
        });
        match error {
            Some(e) => Err(e),
            None => {
                super::stage_storage::load(&self.dir, &mut catalog)?;
                Ok(Some(catalog))
            }
        }
    }

    /// Stores `next`: rows of tables whose data differs from `previous`, then the catalog, then
    /// removes files nothing names any more. Assigns the new data ids in `next`.
    pub(super) fn save(&self, previous: &Catalog, next: &mut Catalog) -> Result<()> {
        let mut kept = BTreeSet::new();
        for_each_table(previous, &mut |table| {
            if let Some(id) = &table.data_id {
                kept.insert((Arc::as_ptr(&table.data.batches) as usize, id.clone()));
            }
        });
        let mut error = None;
        for_each_table_mut(next, &mut |table: &mut Table| {
            if error.is_some() {
                return;
            }
            let pointer = Arc::as_ptr(&table.data.batches) as usize;
            let unchanged = table
                .data_id
                .as_ref()
                .is_some_and(|id| kept.contains(&(pointer, id.clone())));
            if unchanged {
                return;
            }
            if table.data.row_count() == 0 {
                table.data_id = None;
                return;
            }
            let id = uuid::Uuid::new_v4().simple().to_string();
            match self.write_rows(&id, table) {
                Ok(()) => table.data_id = Some(id),
                Err(e) => error = Some(e),
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        super::stage_storage::save(&self.dir, next)?;
        let text = serde_json::to_vec(next).map_err(|e| EmulatorError::Storage(e.to_string()))?;
        write_atomically(&self.dir, CATALOG_FILE, &text)?;
        self.remove_unnamed(next);
        super::stage_storage::remove_unnamed(&self.dir, next);
        Ok(())
    }

    fn rows_path(&self, id: &str) -> PathBuf {
        self.dir.join(TABLES_DIR).join(format!("{id}.arrow"))
    }

    fn read_rows(&self, id: &str) -> Result<TableData> {
        let path = self.rows_path(id);
        let file = File::open(&path).map_err(|e| failed("opening", &path, e))?;
        let reader = FileReader::try_new(BufReader::new(file), None)
            .map_err(|e| failed("reading", &path, e))?;
        let batches = reader
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| failed("reading", &path, e))?;
        Ok(TableData::new(batches))
    }

    fn write_rows(&self, id: &str, table: &Table) -> Result<()> {
        let schema = table.arrow_schema();
        let mut bytes = Vec::new();
        {
            let mut writer = FileWriter::try_new(BufWriter::new(&mut bytes), &schema)
                .map_err(|e| EmulatorError::Storage(e.to_string()))?;
            for batch in table.data.batches.iter() {
                writer
                    .write(batch)
                    .map_err(|e| EmulatorError::Storage(e.to_string()))?;
            }
            writer
                .finish()
                .map_err(|e| EmulatorError::Storage(e.to_string()))?;
        }
        write_atomically(&self.dir.join(TABLES_DIR), &format!("{id}.arrow"), &bytes)
    }

    /// Deletes row files no table (live or dropped) names. Failures only cost disk space.
    fn remove_unnamed(&self, catalog: &Catalog) {
        let mut named = BTreeSet::new();
        for_each_table(catalog, &mut |table| {
            if let Some(id) = &table.data_id {
                named.insert(format!("{id}.arrow"));
            }
        });
        let Ok(entries) = fs::read_dir(self.dir.join(TABLES_DIR)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !named.contains(&name) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes `name` in `dir` through a temporary file, fsync and rename, then fsyncs `dir`.
pub(super) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let target = dir.join(name);
    let temporary = dir.join(format!(".{name}.tmp"));
    let mut file = File::create(&temporary).map_err(|e| failed("creating", &temporary, e))?;
    file.write_all(bytes)
        .map_err(|e| failed("writing", &temporary, e))?;
    file.sync_all()
        .map_err(|e| failed("syncing", &temporary, e))?;
    fs::rename(&temporary, &target).map_err(|e| failed("renaming", &target, e))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| failed("syncing", dir, e))
}

/// Visits every schema, live or dropped, of live and dropped databases.
pub(super) fn for_each_schema(catalog: &Catalog, visit: &mut dyn FnMut(&Schema)) {
    let databases = catalog.databases.values().map(|d| d.as_ref());
    let dropped = catalog.dropped_databases.iter().map(|d| d.object.as_ref());
    for database in databases.chain(dropped) {
        let schemas = database.schemas.values().map(|s| s.as_ref());
        let dropped = database.dropped_schemas.iter().map(|s| s.object.as_ref());
        schemas.chain(dropped).for_each(&mut *visit);
    }
}

/// Visits every table, live or dropped, at every level.
fn for_each_table(catalog: &Catalog, visit: &mut dyn FnMut(&Table)) {
    for_each_schema(catalog, &mut |schema| {
        schema.tables.values().for_each(|t| visit(t));
        schema.dropped_tables.iter().for_each(|t| visit(&t.object));
    });
}

/// Visits every table, live or dropped, ready to change (copying what is shared).
fn for_each_table_mut(catalog: &mut Catalog, visit: &mut dyn FnMut(&mut Table)) {
    let databases = catalog.databases.values_mut();
    let dropped = catalog.dropped_databases.iter_mut().map(|d| &mut d.object);
    for database in databases.chain(dropped) {
        let database = Arc::make_mut(database);
        let schemas = database.schemas.values_mut();
        let dropped = database.dropped_schemas.iter_mut().map(|s| &mut s.object);
        for schema in schemas.chain(dropped) {
            let schema = Arc::make_mut(schema);
            schema
                .tables
                .values_mut()
                .for_each(|t| visit(Arc::make_mut(t)));
            schema
                .dropped_tables
                .iter_mut()
                .for_each(|t| visit(Arc::make_mut(&mut t.object)));
        }
    }
}
