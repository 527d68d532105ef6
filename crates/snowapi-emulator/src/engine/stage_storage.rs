//! Durability of staged files: each file's bytes in `stages/<blob id>.bin`, written (and
//! fsynced) before the catalog that names it, like table rows. A file keeps its blob while it is
//! unchanged; a replaced, removed or dropped file's blob is deleted once no catalog names it.

use std::{collections::BTreeSet, fs, path::Path, sync::Arc};

use super::storage::{failed, for_each_schema, write_atomically};
use crate::{
    catalog::{Catalog, StageFiles},
    error::Result,
};

/// The folder of staged files' bytes, under the data directory.
pub(super) const STAGES_DIR: &str = "stages";

fn blob_name(id: &str) -> String {
    format!("{id}.bin")
}

/// Reads the bytes of every stored file of `catalog`.
pub(super) fn load(dir: &Path, catalog: &mut Catalog) -> Result<()> {
    let folder = dir.join(STAGES_DIR);
    let mut error = None;
    for_each_files_mut(catalog, &mut |files| {
        for file in files.values_mut() {
            let Some(id) = &file.blob_id else { continue };
            if error.is_some() {
                return;
            }
            let path = folder.join(blob_name(id));
            match fs::read(&path) {
                Ok(bytes) => file.bytes = Arc::new(bytes),
                Err(e) => error = Some(failed("reading", &path, e)),
            }
        }
    });
    error.map_or(Ok(()), Err)
}

/// Stores the files of `next` that have no blob yet and names their blobs.
pub(super) fn save(dir: &Path, next: &mut Catalog) -> Result<()> {
    let folder = dir.join(STAGES_DIR);
    let mut any = false;
    for_each_files(next, &mut |files| {
        any |= files.values().any(|f| f.blob_id.is_none());
    });
    if !any {
        return Ok(());
    }
    let mut error = None;
    for_each_files_mut(next, &mut |files| {
        for file in files.values_mut() {
            if file.blob_id.is_some() || error.is_some() {
                continue;
            }
            let id = uuid::Uuid::new_v4().simple().to_string();
            match write_atomically(&folder, &blob_name(&id), &file.bytes) {
                Ok(()) => file.blob_id = Some(id),
                Err(e) => error = Some(e),
            }
        }
    });
    error.map_or(Ok(()), Err)
}

/// Deletes blobs no file of `catalog` names. Failures only cost disk space.
pub(super) fn remove_unnamed(dir: &Path, catalog: &Catalog) {
    let mut named = BTreeSet::new();
    for_each_files(catalog, &mut |files| {
        named.extend(
            files
                .values()
                .filter_map(|f| f.blob_id.as_deref().map(blob_name)),
        );
    });
    let Ok(entries) = fs::read_dir(dir.join(STAGES_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".bin") && !named.contains(&name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Visits the files of every stage (of live and dropped schemas and databases) and of every
/// user stage.
fn for_each_files(catalog: &Catalog, visit: &mut dyn FnMut(&StageFiles)) {
    for_each_schema(catalog, &mut |schema| {
        schema.stages.values().for_each(|s| visit(&s.files));
    });
    catalog.user_stages.values().for_each(&mut *visit);
}

/// Visits every non-empty set of files, ready to change (copying only the paths to those).
fn for_each_files_mut(catalog: &mut Catalog, visit: &mut dyn FnMut(&mut StageFiles)) {
    let databases = catalog.databases.values_mut();
    let dropped = catalog.dropped_databases.iter_mut().map(|d| &mut d.object);
    for database in databases.chain(dropped) {
        if !has_files(database.schemas.values().map(|s| s.as_ref()))
            && !has_files(database.dropped_schemas.iter().map(|s| s.object.as_ref()))
        {
            continue;
        }
        let database = Arc::make_mut(database);
        let schemas = database.schemas.values_mut();
        let dropped = database.dropped_schemas.iter_mut().map(|s| &mut s.object);
        for schema in schemas.chain(dropped) {
            if !has_files(std::iter::once(schema.as_ref())) {
                continue;
            }
            for stage in Arc::make_mut(schema).stages.values_mut() {
                if !stage.files.is_empty() {
                    visit(&mut Arc::make_mut(stage).files);
                }
            }
        }
    }
    catalog.user_stages.values_mut().for_each(&mut *visit);
}

fn has_files<'a>(mut schemas: impl Iterator<Item = &'a crate::catalog::Schema>) -> bool {
    schemas.any(|schema| schema.stages.values().any(|s| !s.files.is_empty()))
}
