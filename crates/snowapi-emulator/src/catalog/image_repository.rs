//! Image repositories: OCI registries in a schema for Snowpark Container Services images.

use serde::{Deserialize, Serialize};

use super::{Name, ObjectInfo};

/// An image repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageRepository {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Images registered in it (see `image_registry.rs`).
    #[serde(default)]
    pub images: Vec<super::image_registry::RepositoryImage>,
}

impl ImageRepository {
    /// The registry URL Snowflake reports:
    /// `<account>.registry.snowflakecomputing.com/<db>/<schema>/<repository>`, lower case.
    pub fn repository_url(&self, account: &str, database: &Name, schema: &Name) -> String {
        let host = account.to_lowercase().replace('_', "-");
        format!(
            "{host}.registry.snowflakecomputing.com/{}/{}/{}",
            database.as_str().to_lowercase(),
            schema.as_str().to_lowercase(),
            self.name.as_str().to_lowercase()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ObjectInfo;

    #[test]
    fn url_is_lower_case() {
        let repo = ImageRepository {
            name: Name::canonical("IMAGES"),
            info: ObjectInfo::new("SYSADMIN", None),
            images: Vec::new(),
        };
        assert_eq!(
            repo.repository_url("MY_ACCT", &Name::canonical("DB"), &Name::canonical("S")),
            "my-acct.registry.snowflakecomputing.com/db/s/images"
        );
    }
}
