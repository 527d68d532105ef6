//! `schema.stages()`: create, list and address the stages of a schema.

use snowapi_rest::stage::{Client, types};

use super::{Stage, StageResource};
use crate::verbs::{collection_type, collection_verbs};

collection_type! {
    /// The stages of a schema (snowflake.core's `StageCollection`). Cheap to clone.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, stage::Stage};
    ///
    /// let stages = root.databases().get("sales").schemas().get("public").stages();
    /// let uploads = stages.create(&Stage::new("uploads").comment("partner files"), CreateMode::IfNotExists).await?;
    /// for stage in stages.iter().like("up%").send().await? {
    ///     tracing::info!(name = %stage.name, "stage");
    /// }
    /// # let _ = uploads; Ok(()) }
    /// ```
    schema StageCollection(at);
    /// The stages of this schema.
    fn stages;
}

collection_verbs! {
    schema StageCollection => StageResource(Stage), "stage",
    ["stages", "let stages = root.databases().get(\"sales\").schemas().get(\"public\").stages();", "uploads", "snowapi_core::stage::Stage::new(\"uploads\")"],
    at, |this, stage| create_stage(),
    iter: list_stages(like) local
}
