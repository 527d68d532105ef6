//! The images of an image repository. The OCI distribution API (docker push) is not emulated:
//! an image counts as in a repository once it is registered (`RunningEmulator::register_image`,
//! `POST /__emulator/images`) or once a service specification runs it from there
//! (`image: /db/schema/repo/name:tag`). SHOW IMAGES and the REST API list both.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Catalog, ObjectPath, ServiceSpec};
use crate::error::{EmulatorError, Result};

/// One image (name and tag) registered in a repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepositoryImage {
    /// Image name, as written (`echo`, `team/web`).
    pub name: String,
    /// Tag (`latest` when none was given).
    pub tag: String,
    /// When it was registered.
    pub created_on: DateTime<Utc>,
}

/// An image reference split up: `/db/schema/repo/name:tag`, optionally after a registry host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Database, schema and repository as written (registry paths are lower case).
    pub repository: [String; 3],
    /// Image name.
    pub name: String,
    /// Tag (`latest` when absent).
    pub tag: String,
}

impl ImageRef {
    /// Reads an image reference; `None` for one that does not name a repository.
    pub fn parse(image: &str) -> Option<Self> {
        let parts: Vec<&str> = image.trim().split('/').filter(|p| !p.is_empty()).collect();
        // A registry host (with a dot) may come first; the name may hold further slashes.
        let parts = match parts.first() {
            Some(host) if host.contains('.') => &parts[1..],
            _ => &parts[..],
        };
        if parts.len() < 4 {
            return None;
        }
        let name = parts[3..].join("/");
        let (name, tag) = match name.rsplit_once(':') {
            Some((name, tag)) => (name.to_owned(), tag.to_owned()),
            None => (name, "latest".to_owned()),
        };
        Some(Self {
            repository: [
                parts[0].to_owned(),
                parts[1].to_owned(),
                parts[2].to_owned(),
            ],
            name,
            tag,
        })
    }

    fn is_in(&self, repository: &ObjectPath) -> bool {
        let [database, schema, name] = &self.repository;
        database.eq_ignore_ascii_case(repository.database.as_str())
            && schema.eq_ignore_ascii_case(repository.schema.as_str())
            && name.eq_ignore_ascii_case(repository.name.as_str())
    }
}

/// The `image:` values of an inline specification's containers, in order.
pub fn spec_images(spec: &ServiceSpec) -> Vec<String> {
    let ServiceSpec::FromInline { spec_text } = spec else {
        return Vec::new();
    };
    spec_text
        .lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches('-').trim_start();
            let value = line.strip_prefix("image:")?.trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            (!value.is_empty()).then(|| value.to_owned())
        })
        .collect()
}

/// An image as listed: registry path, digest and when it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedImage {
    /// Image name.
    pub name: String,
    /// Tag.
    pub tag: String,
    /// `sha256:<hex>`, stable for the same path.
    pub digest: String,
    /// `db/schema/repo/name:tag`, lower case as registries write it.
    pub image_path: String,
    /// When it was registered (or first run by a service).
    pub created_on: DateTime<Utc>,
}

/// The images of the repository at `path`: registered ones and those service specifications
/// run from it, each name and tag once (the earliest arrival counts).
pub fn images_in(catalog: &Catalog, path: &ObjectPath) -> Result<Vec<ListedImage>> {
    let repository = catalog
        .schema(&path.database, &path.schema)?
        .image_repositories
        .get(&path.name)
        .ok_or_else(|| EmulatorError::not_found("Image repository", &path.name))?;
    let mut found: BTreeMap<(String, String), DateTime<Utc>> = BTreeMap::new();
    let mut add = |name: String, tag: String, at: DateTime<Utc>| {
        found
            .entry((name, tag))
            .and_modify(|first| *first = (*first).min(at))
            .or_insert(at);
    };
    for image in &repository.images {
        add(image.name.clone(), image.tag.clone(), image.created_on);
    }
    for database in catalog.databases.values() {
        for schema in database.schemas.values() {
            for service in schema.services.values() {
                for image in spec_images(&service.spec) {
                    if let Some(image) = ImageRef::parse(&image).filter(|i| i.is_in(path)) {
                        add(image.name, image.tag, service.info.created_on);
                    }
                }
            }
        }
    }
    let prefix = format!(
        "{}/{}/{}",
        path.database.as_str().to_lowercase(),
        path.schema.as_str().to_lowercase(),
        path.name.as_str().to_lowercase()
    );
    Ok(found
        .into_iter()
        .map(|((name, tag), created_on)| {
            let image_path = format!("{prefix}/{name}:{tag}");
            let digest: String = Sha256::digest(image_path.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            ListedImage {
                name,
                tag,
                digest: format!("sha256:{digest}"),
                image_path,
                created_on,
            }
        })
        .collect())
}

/// Registers `name:tag` in the repository at `path` (again: a no-op).
pub fn register_image(
    catalog: &mut Catalog,
    path: &ObjectPath,
    name: &str,
    tag: &str,
) -> Result<()> {
    let valid = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
    };
    if !valid(name) || !valid(tag) || tag.contains('/') {
        return Err(EmulatorError::compilation(
            crate::error::ErrorKind::SyntaxError,
            format!("Invalid image name '{name}:{tag}'."),
        ));
    }
    let repository = catalog
        .schema_mut(&path.database, &path.schema)?
        .image_repositories
        .get_mut(&path.name)
        .map(std::sync::Arc::make_mut)
        .ok_or_else(|| EmulatorError::not_found("Image repository", &path.name))?;
    if !repository
        .images
        .iter()
        .any(|image| image.name == name && image.tag == tag)
    {
        repository.images.push(RepositoryImage {
            name: name.to_owned(),
            tag: tag.to_owned(),
            created_on: Utc::now(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_spec_images() {
        let image =
            ImageRef::parse("acct.registry.snowflakecomputing.com/db/s/repo/team/web:2").unwrap();
        assert_eq!(image.repository, ["db", "s", "repo"]);
        assert_eq!((image.name.as_str(), image.tag.as_str()), ("team/web", "2"));
        assert_eq!(ImageRef::parse("/db/s/repo/echo").unwrap().tag, "latest");
        assert!(ImageRef::parse("echo:latest").is_none());
        let spec = ServiceSpec::FromInline {
            spec_text: "spec:\n  containers:\n  - name: a\n    image: \"/db/s/r/a:1\"\n  - image: /db/s/r/b\n    name: b\n".into(),
        };
        assert_eq!(spec_images(&spec), ["/db/s/r/a:1", "/db/s/r/b"]);
    }
}
