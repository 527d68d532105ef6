//! Tags set on objects: what `set_tags`, `unset_tags` and `get_tags` of every taggable resource
//! take and return.

use serde::{Deserialize, Serialize};

/// A tag, named with its database and schema when they differ from the tagged object's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TagReference {
    /// Database of the tag (defaults to the object's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_database: Option<String>,
    /// Schema of the tag (defaults to the object's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_schema: Option<String>,
    /// Name of the tag.
    pub tag_name: String,
}

impl TagReference {
    /// A tag named relative to the tagged object.
    ///
    /// ```
    /// use snowapi_core::TagReference;
    /// let cost_center = TagReference::new("cost_center");
    /// assert_eq!(cost_center.tag_name, "cost_center");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            tag_name: name.into(),
            ..Self::default()
        }
    }

    /// A tag named with its database and schema.
    ///
    /// ```
    /// use snowapi_core::TagReference;
    /// let pii = TagReference::qualified("governance", "tags", "pii");
    /// assert_eq!(pii.tag_database.as_deref(), Some("governance"));
    /// ```
    pub fn qualified(
        database: impl Into<String>,
        schema: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            tag_database: Some(database.into()),
            tag_schema: Some(schema.into()),
            tag_name: name.into(),
        }
    }
}

/// A tag and its value on an object.
///
/// ```
/// use snowapi_core::{TagAssignment, TagReference};
/// let tag = TagAssignment::new(TagReference::qualified("gov", "tags", "cost_center"), "finance");
/// assert_eq!(tag.tag.tag_name, "cost_center");
/// assert_eq!(tag.tag_value, "finance");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TagAssignment {
    /// Which tag.
    #[serde(flatten)]
    pub tag: TagReference,
    /// Its value on the object.
    pub tag_value: String,
    /// Where the tag is inherited from, when fetched with lineage (read-only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

impl TagAssignment {
    /// `tag` set to `value`.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{TagAssignment, TagReference};
    /// let tag = TagAssignment::new(TagReference::qualified("gov", "tags", "owner"), "data-eng");
    /// root.warehouses().get("etl_wh").set_tags(&[tag]).await?;
    /// # Ok(()) }
    /// ```
    pub fn new(tag: TagReference, value: impl Into<String>) -> Self {
        Self {
            tag,
            tag_value: value.into(),
            level: None,
        }
    }
}
