//! The stage model, its secrets and settings, and the files it holds.

use std::fmt;

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters};

/// Whether a stage outlives the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum StageKind {
    /// A regular stage.
    Permanent,
    /// A stage gone when the session ends.
    Temporary,
}

/// Shows whether a secret is set, never its value.
fn redacted(secret: &Option<String>) -> &'static str {
    if secret.is_some() {
        "<redacted>"
    } else {
        "None"
    }
}

/// Access to an S3 bucket, by temporary keys or by an IAM role. `Debug` hides the secrets.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AwsCredentials {
    /// Access key id (from AWS STS when temporary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_key_id: Option<String>,
    /// Secret access key matching `aws_key_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_secret_key: Option<String>,
    /// Session token of temporary STS credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_token: Option<String>,
    /// ARN of an IAM role to assume instead of giving keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_role: Option<String>,
}

impl AwsCredentials {
    /// Keys of an AWS identity.
    pub fn keys(key_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            aws_key_id: Some(key_id.into()),
            aws_secret_key: Some(secret_key.into()),
            ..Self::default()
        }
    }

    /// An IAM role to assume.
    pub fn role(arn: impl Into<String>) -> Self {
        Self {
            aws_role: Some(arn.into()),
            ..Self::default()
        }
    }
}

setters!(AwsCredentials { aws_token: String });

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("aws_key_id", &redacted(&self.aws_key_id))
            .field("aws_secret_key", &redacted(&self.aws_secret_key))
            .field("aws_token", &redacted(&self.aws_token))
            .field("aws_role", &self.aws_role)
            .finish()
    }
}

/// Access to an Azure container by a shared access signature. `Debug` hides the token.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AzureCredentials {
    /// Shared access signature (SAS) token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_sas_token: Option<String>,
}

impl AzureCredentials {
    /// A SAS token.
    pub fn sas_token(token: impl Into<String>) -> Self {
        Self {
            azure_sas_token: Some(token.into()),
        }
    }
}

impl fmt::Debug for AzureCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredentials")
            .field("azure_sas_token", &redacted(&self.azure_sas_token))
            .finish()
    }
}

/// Secrets an external stage uses to reach its storage, told apart on the wire by
/// `credential_type`. Sent on writes, never returned.
///
/// ```
/// use snowapi_core::stage::{AwsCredentials, StageCredentials};
/// let credentials = StageCredentials::from(AwsCredentials::keys("AKIA…", "wJalrXUtnFEMI"));
/// assert_eq!(serde_json::to_value(&credentials).unwrap()["credential_type"], "AWS");
/// assert!(!format!("{credentials:?}").contains("wJalrXUtnFEMI"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "credential_type", rename_all = "UPPERCASE")]
pub enum StageCredentials {
    /// An S3 bucket.
    Aws(AwsCredentials),
    /// An Azure container.
    Azure(AzureCredentials),
}

impl From<AwsCredentials> for StageCredentials {
    fn from(credentials: AwsCredentials) -> Self {
        Self::Aws(credentials)
    }
}

impl From<AzureCredentials> for StageCredentials {
    fn from(credentials: AzureCredentials) -> Self {
        Self::Azure(credentials)
    }
}

/// Encryption scheme of a stage's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StageEncryptionType {
    /// Client- and server-side encryption by Snowflake (internal stages).
    SnowflakeFull,
    /// Server-side encryption by Snowflake (internal stages; needed for presigned URLs).
    SnowflakeSse,
    /// Client-side encryption with a master key (S3).
    AwsCse,
    /// S3 server-side encryption.
    AwsSseS3,
    /// S3 server-side encryption with a KMS key.
    AwsSseKms,
    /// Google Cloud Storage encryption with a KMS key.
    GcsSseKms,
    /// Client-side encryption with a master key (Azure).
    AzureCse,
    /// No encryption.
    None,
}

/// How a stage's files are encrypted. Sent on writes, never returned; `Debug` hides the key.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StageEncryption {
    /// The scheme.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub encryption_type: Option<StageEncryptionType>,
    /// Base64 client-side master key of 128 or 256 bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_key: Option<String>,
    /// KMS key used to encrypt files unloaded into the bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

impl StageEncryption {
    /// Encryption by `scheme`.
    pub fn new(scheme: StageEncryptionType) -> Self {
        Self {
            encryption_type: Some(scheme),
            ..Self::default()
        }
    }
}

setters!(StageEncryption {
    master_key: String,
    kms_key_id: String,
});

impl fmt::Debug for StageEncryption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StageEncryption")
            .field("encryption_type", &self.encryption_type)
            .field("master_key", &redacted(&self.master_key))
            .field("kms_key_id", &self.kms_key_id)
            .finish()
    }
}

/// Settings of the directory table cataloguing a stage's files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StageDirectoryTable {
    /// Whether the stage has a directory table (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Whether it is filled once right after the stage is created (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_on_create: Option<bool>,
    /// Whether storage event notifications keep it up to date (external stages; default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_refresh: Option<bool>,
    /// Notification integration carrying those events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_integration: Option<String>,
}

impl StageDirectoryTable {
    /// A directory table, enabled or not.
    pub fn enabled(enable: bool) -> Self {
        Self {
            enable: Some(enable),
            ..Self::default()
        }
    }
}

setters!(StageDirectoryTable {
    refresh_on_create: bool,
    auto_refresh: bool,
    notification_integration: String,
});

/// A stage (snowflake.core's `Stage`): a named place holding files, inside Snowflake
/// (internal) or in cloud storage (external). Read-only fields are filled by `fetch` and `iter`
/// and ignored on writes; secrets are sent but never returned.
///
/// ```
/// use snowapi_core::stage::{Stage, StageDirectoryTable, StageEncryption, StageEncryptionType};
/// let stage = Stage::new("uploads")
///     .encryption(StageEncryption::new(StageEncryptionType::SnowflakeSse))
///     .directory_table(StageDirectoryTable::enabled(true))
///     .comment("files from partners");
/// assert_eq!(stage.name, "uploads");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stage {
    /// Name of the stage.
    pub name: String,
    /// Permanent or temporary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<StageKind>,
    /// Cloud storage location of an external stage (none for an internal one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Endpoint of an S3-compatible storage service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Storage integration an external stage authenticates with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_integration: Option<String>,
    /// Free text about the stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Secrets of an external stage (write-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<StageCredentials>,
    /// How its files are encrypted (write-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<StageEncryption>,
    /// Its directory table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_table: Option<StageDirectoryTable>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// Whether the external stage holds access credentials (read-only).
    #[serde(default, skip_serializing)]
    pub has_credentials: Option<bool>,
    /// Whether the external stage holds encrypted files (read-only).
    #[serde(default, skip_serializing)]
    pub has_encryption_key: Option<bool>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Cloud region of its storage (read-only).
    #[serde(default, skip_serializing)]
    pub region: Option<String>,
    /// Cloud provider of an external stage (read-only).
    #[serde(default, skip_serializing)]
    pub cloud: Option<String>,
}

impl Stage {
    /// A stage definition with only its name set (an internal stage).
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(Stage {
    kind: StageKind,
    url: String,
    endpoint: String,
    storage_integration: String,
    comment: String,
    credentials: StageCredentials,
    encryption: StageEncryption,
    directory_table: StageDirectoryTable,
});

impl Named for Stage {
    fn name(&self) -> &str {
        &self.name
    }
}

/// A file held on a stage, as `list_files` reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StageFile {
    /// Path of the file, starting with the stage's name or location.
    #[serde(default)]
    pub name: Option<String>,
    /// Size in bytes, as text.
    #[serde(default)]
    pub size: Option<String>,
    /// MD5 digest, in hex.
    #[serde(default)]
    pub md5: Option<String>,
    /// When the file last changed, as text such as `Tue, 18 Jun 2024 01:01:01 GMT`.
    #[serde(default)]
    pub last_modified: Option<String>,
}

/// What is needed to download a stage file directly from its storage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileTransferMaterial {
    /// Presigned URL of the file.
    #[serde(default)]
    pub presigned_url: Option<String>,
}
