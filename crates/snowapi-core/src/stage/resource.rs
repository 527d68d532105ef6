//! One stage: `schema.stages().get(name)`.

use snowapi_rest::stage::{Client, types};

use super::{FileTransferMaterial, Stage, StageFile};
use crate::{
    CoreError,
    convert::{from_wire, list_from_wire},
    schema::{SchemaObject, schema_object_accessors},
    verbs::drop_verbs,
};

/// A reference to one stage (snowflake.core's `StageResource`). Building it makes no request;
/// cheap to clone. (snowflake.core's `put` / `get` / `upload_file` / `download_file` run SQL
/// `PUT` / `GET` over a connection, not the REST API; use snowapi-query for them.)
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// let uploads = root.databases().get("sales").schemas().get("public").stages().get("uploads");
/// for file in uploads.list_files(Some(r".*\.csv")).await? {
///     tracing::info!(name = ?file.name, size = ?file.size, "staged file");
/// }
/// let link = uploads.get_presigned_url("2026/orders.csv", Some(3600)).await?;
/// tracing::info!(url = ?link.presigned_url, "download");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct StageResource {
    at: SchemaObject,
}

schema_object_accessors!(StageResource, "stage");

impl StageResource {
    pub(crate) fn new(at: SchemaObject) -> Self {
        Self { at }
    }

    fn ids(&self) -> (types::Identifier, types::Identifier, types::Identifier) {
        self.at.ids()
    }

    fn client(&self) -> Client {
        self.at.root().api()
    }

    /// The stage as Snowflake has it now (without its secrets).
    pub async fn fetch(&self) -> Result<Stage, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("fetch_stage", || {
                client.fetch_stage(&database, &schema, &name)
            })
            .await?;
        from_wire(wire)
    }

    /// The files on the stage, those whose path matches the regular expression `pattern` when
    /// given (such as `.*\.csv`).
    pub async fn list_files(&self, pattern: Option<&str>) -> Result<Vec<StageFile>, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let wire = self
            .root()
            .idempotent("list_stage_files", || {
                client.list_stage_files(&database, &schema, &name, pattern)
            })
            .await?;
        list_from_wire(wire)
    }

    /// A presigned URL to download file `file_path` (relative to the stage's root) directly
    /// from storage, valid `expiration_time` seconds (Snowflake's default when `None`). Internal
    /// stages with server-side encryption only.
    pub async fn get_presigned_url(
        &self,
        file_path: &str,
        expiration_time: Option<i64>,
    ) -> Result<FileTransferMaterial, CoreError> {
        let (client, (database, schema, name)) = (self.client(), self.ids());
        let body = types::PresignedUrlRequest { expiration_time };
        let wire = self
            .root()
            .idempotent("get_stage_presigned_url", || {
                client.get_stage_presigned_url(&database, &schema, &name, file_path, &body)
            })
            .await?;
        from_wire(wire)
    }
}

drop_verbs!(
    StageResource,
    "stage",
    (database, schema, name),
    delete_stage
);
