//! One stage: `schema.stages().get(name)`.

use snowapi_rest::stage::types;

use super::{FileTransferMaterial, Stage, StageFile};
use crate::{
    CoreError,
    convert::{from_wire, list_from_wire},
    schema::schema_object_handle,
    verbs::generic_verbs,
};

schema_object_handle!(
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
    StageResource,
    stage,
    "stage"
);

impl StageResource {
    /// The files on the stage, those whose path matches the regular expression `pattern` when
    /// given (such as `.*\.csv`).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let landing = root.databases().get("lake").schemas().get("raw").stages().get("landing");
    /// for file in landing.list_files(Some(".*[.]parquet")).await? {
    ///     println!("{:?} ({:?} bytes)", file.name, file.size);
    /// }
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let reports = root.databases().get("lake").schemas().get("raw").stages().get("reports");
    /// let material = reports.get_presigned_url("2025/q1.pdf", Some(3600)).await?;
    /// println!("{:?}", material.presigned_url);
    /// # Ok(()) }
    /// ```
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

generic_verbs! {
    StageResource, "stage", ["stage", "let stage = root.databases().get(\"sales\").schemas().get(\"public\").stages().get(\"uploads\");"], (database, schema, name);
    fetch(fetch_stage -> Stage);
    drop(delete_stage());
}
