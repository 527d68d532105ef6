//! What a create does when the object exists already.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::{CoreError, convert::to_wire};

/// What `create` does when an object of that name exists already.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CreateMode {
    /// Fail with [`CoreError::Conflict`] (Snowflake's default).
    #[default]
    #[serde(rename = "errorIfExists")]
    ErrorIfExists,
    /// Replace the existing object (`CREATE OR REPLACE`).
    #[serde(rename = "orReplace")]
    OrReplace,
    /// Leave the existing object as it is (`CREATE … IF NOT EXISTS`).
    #[serde(rename = "ifNotExists")]
    IfNotExists,
}

impl CreateMode {
    /// The mode as the `createMode` type of a generated API.
    pub(crate) fn wire<W: DeserializeOwned>(self) -> Result<W, CoreError> {
        to_wire(&self)
    }
}
