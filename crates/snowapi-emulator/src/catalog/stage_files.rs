//! The files an internal stage holds. Their bytes live in memory (shared through `Arc`s, so a
//! catalog snapshot copies no file); a durable engine also keeps each file's bytes under the
//! data directory, named by `blob_id` (see `engine/stage_storage.rs`).

use std::{collections::BTreeMap, fmt, sync::Arc};

use chrono::{DateTime, Utc};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use super::{Catalog, Name, ObjectPath};
use crate::error::{EmulatorError, ErrorKind, Result};

/// One staged file. `Debug` leaves the bytes out.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StagedFile {
    /// The content.
    #[serde(skip)]
    pub bytes: Arc<Vec<u8>>,
    /// Size in bytes.
    pub size: u64,
    /// MD5 digest of the content, lower-case hex (as LIST shows it).
    pub md5: String,
    /// When the file was written.
    pub last_modified: DateTime<Utc>,
    /// Storage id of the content's file, when the engine is durable and has stored it.
    #[serde(default)]
    pub blob_id: Option<String>,
}

impl fmt::Debug for StagedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StagedFile")
            .field("size", &self.size)
            .field("md5", &self.md5)
            .field("last_modified", &self.last_modified)
            .finish_non_exhaustive()
    }
}

impl StagedFile {
    /// A file with this content, written now.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self {
            size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            md5: hex_md5(&bytes),
            last_modified: Utc::now(),
            bytes: Arc::new(bytes),
            blob_id: None,
        }
    }

    /// `last_modified` as LIST shows it: `Tue, 18 Jun 2024 01:01:01 GMT`.
    pub fn last_modified_text(&self) -> String {
        self.last_modified
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    }
}

fn hex_md5(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The files of one stage, by path relative to the stage's root.
pub type StageFiles = BTreeMap<String, StagedFile>;

/// A path relative to a stage's root, checked: no leading `/`, no empty, `.` or `..` segment
/// (a path may not climb out of its stage), no control characters.
pub fn stage_file_path(path: &str) -> Result<String> {
    let trimmed = path.trim_start_matches('/');
    let bad = trimmed.is_empty()
        || trimmed.chars().any(char::is_control)
        || trimmed
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        || trimmed.contains("//");
    if bad {
        return Err(EmulatorError::new(
            ErrorKind::SyntaxError,
            format!("Invalid stage file path '{path}'."),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Where files are kept: a named internal stage or a user's own stage (`@~`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStore {
    /// A named stage.
    Stage(ObjectPath),
    /// The stage of the user of this name.
    User(Name),
}

static NO_FILES: StageFiles = StageFiles::new();

impl Catalog {
    /// The files of `store` (none for a user stage nothing was put on).
    pub fn files(&self, store: &FileStore) -> Result<&StageFiles> {
        match store {
            FileStore::Stage(path) => Ok(&self.stage(path)?.files),
            FileStore::User(user) => Ok(self.user_stages.get(user).unwrap_or(&NO_FILES)),
        }
    }

    /// The files of `store`, ready to change.
    pub fn files_mut(&mut self, store: &FileStore) -> Result<&mut StageFiles> {
        match store {
            FileStore::Stage(path) => self.stage_files_mut(path),
            FileStore::User(user) => Ok(self.user_stages.entry(user.clone()).or_default()),
        }
    }

    /// The files of the internal stage at `path`, ready to change; an external stage holds
    /// none the emulator can reach.
    pub fn stage_files_mut(&mut self, path: &ObjectPath) -> Result<&mut StageFiles> {
        let stage = self.stage_mut(path)?;
        if stage.is_external() {
            return Err(EmulatorError::unsupported("files on external stages"));
        }
        Ok(&mut stage.files)
    }
}

/// Puts `bytes` on the stage at `stage` as `file` (replacing a file of that path).
pub fn put_stage_file(
    catalog: &mut Catalog,
    stage: &ObjectPath,
    file: &str,
    bytes: Vec<u8>,
) -> Result<()> {
    let file = stage_file_path(file)?;
    catalog
        .stage_files_mut(stage)?
        .insert(file, StagedFile::new(bytes));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_digests() {
        assert_eq!(stage_file_path("/a/b.csv").unwrap(), "a/b.csv");
        for bad in ["", "../x", "a/../../x", "a//b", "a/./b", "a\nb"] {
            assert!(stage_file_path(bad).is_err(), "{bad:?}");
        }
        let file = StagedFile::new(b"hello".to_vec());
        assert_eq!(file.md5, "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(file.size, 5);
        assert!(file.last_modified_text().ends_with(" GMT"));
        assert!(!format!("{file:?}").contains("104"));
    }
}
