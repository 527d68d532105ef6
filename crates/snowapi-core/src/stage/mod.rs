//! Stages: `schema.stages()`.

mod collection;
mod model;
mod resource;

pub use collection::StageCollection;
pub use model::{
    AwsCredentials, AzureCredentials, FileTransferMaterial, Stage, StageCredentials,
    StageDirectoryTable, StageEncryption, StageEncryptionType, StageFile, StageKind,
};
pub use resource::StageResource;
