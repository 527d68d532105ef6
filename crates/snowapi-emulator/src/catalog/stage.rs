//! Stages: named places for files, internal (Snowflake keeps the files) or external (a URL).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Catalog, Name, ObjectInfo, ObjectPath};
use crate::error::{EmulatorError, Result};

/// The directory table of a stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryTable {
    /// Whether the stage has a directory table.
    pub enable: bool,
    /// Whether it is refreshed when the stage is created.
    pub refresh_on_create: bool,
    /// Whether cloud events refresh it.
    pub auto_refresh: bool,
    /// Integration that delivers those events.
    pub notification_integration: Option<String>,
}

/// A stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// TEMPORARY stages belong to the session that created them.
    pub temporary: bool,
    /// Location of an external stage (`s3://bucket/path/`); `None` for internal stages.
    pub url: Option<String>,
    /// S3-compatible endpoint of an external stage.
    pub endpoint: Option<String>,
    /// Storage integration an external stage authenticates with.
    pub storage_integration: Option<Name>,
    /// Whether CREDENTIALS were given (they are not kept).
    pub has_credentials: bool,
    /// ENCRYPTION TYPE, as written (`SNOWFLAKE_SSE`, `AWS_SSE_KMS`, ...).
    pub encryption_type: Option<String>,
    /// Whether an encryption key was given (it is not kept).
    pub has_encryption_key: bool,
    /// The directory table.
    pub directory: DirectoryTable,
    /// FILE_FORMAT, as written (`(TYPE = CSV ...)` or a format name).
    pub file_format: Option<String>,
    /// COPY_OPTIONS, as written.
    pub copy_options: Option<String>,
    /// The files of an internal stage, by path.
    #[serde(default)]
    pub files: super::StageFiles,
}

impl Stage {
    /// An internal stage with default properties.
    pub fn new(name: Name, owner: &str) -> Self {
        Self {
            name,
            info: ObjectInfo::new(owner, None),
            temporary: false,
            url: None,
            endpoint: None,
            storage_integration: None,
            has_credentials: false,
            encryption_type: None,
            has_encryption_key: false,
            directory: DirectoryTable::default(),
            file_format: None,
            copy_options: None,
            files: super::StageFiles::new(),
        }
    }

    /// Whether the files live outside Snowflake.
    pub fn is_external(&self) -> bool {
        self.url.is_some()
    }

    /// The `type` column of SHOW STAGES: `INTERNAL`, `EXTERNAL`, with ` TEMPORARY` for
    /// temporary stages and `INTERNAL NO CSE` for server-side-only encryption.
    pub fn stage_type(&self) -> String {
        let base = if self.is_external() {
            "EXTERNAL"
        } else if self
            .encryption_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("SNOWFLAKE_SSE"))
        {
            "INTERNAL NO CSE"
        } else {
            "INTERNAL"
        };
        if self.temporary {
            format!("{base} TEMPORARY")
        } else {
            base.to_owned()
        }
    }

    /// Cloud of an external stage, from its URL scheme (`AWS`, `AZURE`, `GCP`).
    pub fn cloud(&self) -> Option<&'static str> {
        let url = self.url.as_deref()?.to_ascii_lowercase();
        if url.starts_with("s3://") || url.starts_with("s3gov://") || url.starts_with("s3compat://")
        {
            Some("AWS")
        } else if url.starts_with("azure://") {
            Some("AZURE")
        } else if url.starts_with("gcs://") {
            Some("GCP")
        } else {
            None
        }
    }
}

impl Catalog {
    /// The stage, or Snowflake's "does not exist" error.
    pub fn stage(&self, path: &ObjectPath) -> Result<&Arc<Stage>> {
        self.schema(&path.database, &path.schema)
            .ok()
            .and_then(|schema| schema.stages.get(&path.name))
            .ok_or_else(|| EmulatorError::not_found("Stage", path))
    }

    /// The stage, ready to change.
    pub fn stage_mut(&mut self, path: &ObjectPath) -> Result<&mut Stage> {
        self.schema_mut(&path.database, &path.schema)
            .ok()
            .and_then(|schema| schema.stages.get_mut(&path.name))
            .map(Arc::make_mut)
            .ok_or_else(|| EmulatorError::not_found("Stage", path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_clouds() {
        let mut stage = Stage::new(Name::canonical("S"), "SYSADMIN");
        assert_eq!(stage.stage_type(), "INTERNAL");
        assert_eq!(stage.cloud(), None);
        stage.temporary = true;
        assert_eq!(stage.stage_type(), "INTERNAL TEMPORARY");
        stage.temporary = false;
        stage.url = Some("S3://bucket/path/".into());
        assert_eq!(stage.stage_type(), "EXTERNAL");
        assert_eq!(stage.cloud(), Some("AWS"));
        stage.url = Some("azure://acct.blob.core.windows.net/c".into());
        assert_eq!(stage.cloud(), Some("AZURE"));
    }
}
