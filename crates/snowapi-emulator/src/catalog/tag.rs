//! Tags: schema-level objects whose values are assigned to other objects. An assignment lives
//! in the tagged object's [`ObjectInfo`](super::ObjectInfo), so it is dropped, restored by
//! UNDROP and copied by CLONE together with the object, as in Snowflake.

use std::{collections::BTreeMap, sync::Arc};

use serde::{Deserialize, Serialize};

use super::{Catalog, Database, Name, ObjectInfo, ObjectPath, Schema};

/// A tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// The only values the tag may take, when restricted with ALLOWED_VALUES.
    pub allowed_values: Option<Vec<String>>,
}

/// The value of one tag on an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagValue {
    /// The tag.
    pub tag: ObjectPath,
    /// Its value on the object.
    pub value: String,
}

impl ObjectInfo {
    /// The value of `tag` set on this object itself.
    pub fn tag_value(&self, tag: &ObjectPath) -> Option<&str> {
        self.tags
            .iter()
            .find(|t| &t.tag == tag)
            .map(|t| t.value.as_str())
    }

    /// Sets `tag` to `value` on this object (replacing an earlier value).
    pub fn set_tag(&mut self, tag: ObjectPath, value: String) {
        match self.tags.iter_mut().find(|t| t.tag == tag) {
            Some(existing) => existing.value = value,
            None => self.tags.push(TagValue { tag, value }),
        }
    }

    /// Removes `tag` from this object; unsetting a tag that is not set is not an error.
    pub fn unset_tag(&mut self, tag: &ObjectPath) {
        self.tags.retain(|t| &t.tag != tag);
    }
}

impl Catalog {
    /// Removes every assignment of `tag` (DROP TAG, CREATE OR REPLACE TAG), copying only the
    /// objects that carry it.
    pub fn forget_tag(&mut self, tag: &ObjectPath) {
        forget_in(&mut self.warehouses, tag, |o| &o.info, |o| &mut o.info);
        forget_in(&mut self.roles, tag, |o| &o.info, |o| &mut o.info);
        forget_in(&mut self.users, tag, |o| &o.info, |o| &mut o.info);
        forget_in(&mut self.compute_pools, tag, |o| &o.info, |o| &mut o.info);
        for database in self.databases.values_mut() {
            if !database_carries(database, tag) {
                continue;
            }
            let database = Arc::make_mut(database);
            database.info.unset_tag(tag);
            forget_in(
                &mut database.database_roles,
                tag,
                |o| &o.info,
                |o| &mut o.info,
            );
            for schema in database.schemas.values_mut() {
                if !schema_carries(schema, tag) {
                    continue;
                }
                let schema = Arc::make_mut(schema);
                schema.info.unset_tag(tag);
                forget_in(&mut schema.tables, tag, |o| &o.info, |o| &mut o.info);
                forget_in(&mut schema.views, tag, |o| &o.info, |o| &mut o.info);
                forget_in(&mut schema.stages, tag, |o| &o.info, |o| &mut o.info);
                forget_in(&mut schema.tasks, tag, |o| &o.info, |o| &mut o.info);
                forget_in(
                    &mut schema.image_repositories,
                    tag,
                    |o| &o.info,
                    |o| &mut o.info,
                );
                forget_in(&mut schema.services, tag, |o| &o.info, |o| &mut o.info);
            }
        }
    }
}

fn carried<T>(map: &BTreeMap<Name, Arc<T>>, tag: &ObjectPath, info: fn(&T) -> &ObjectInfo) -> bool {
    map.values().any(|o| info(o).tag_value(tag).is_some())
}

fn database_carries(database: &Database, tag: &ObjectPath) -> bool {
    database.info.tag_value(tag).is_some()
        || carried(&database.database_roles, tag, |o| &o.info)
        || database.schemas.values().any(|s| schema_carries(s, tag))
}

fn schema_carries(schema: &Schema, tag: &ObjectPath) -> bool {
    schema.info.tag_value(tag).is_some()
        || carried(&schema.tables, tag, |o| &o.info)
        || carried(&schema.views, tag, |o| &o.info)
        || carried(&schema.stages, tag, |o| &o.info)
        || carried(&schema.tasks, tag, |o| &o.info)
        || carried(&schema.image_repositories, tag, |o| &o.info)
        || carried(&schema.services, tag, |o| &o.info)
}

fn forget_in<T: Clone>(
    map: &mut BTreeMap<Name, Arc<T>>,
    tag: &ObjectPath,
    info: fn(&T) -> &ObjectInfo,
    info_mut: fn(&mut T) -> &mut ObjectInfo,
) {
    for object in map.values_mut() {
        if info(object).tag_value(tag).is_some() {
            info_mut(Arc::make_mut(object)).unset_tag(tag);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_and_unset_removes() {
        let mut info = ObjectInfo::new("SYSADMIN", None);
        let tag = ObjectPath {
            database: Name::canonical("D"),
            schema: Name::canonical("S"),
            name: Name::canonical("T"),
        };
        info.set_tag(tag.clone(), "a".into());
        info.set_tag(tag.clone(), "b".into());
        assert_eq!(info.tag_value(&tag), Some("b"));
        assert_eq!(info.tags.len(), 1);
        info.unset_tag(&tag);
        assert_eq!(info.tag_value(&tag), None);
    }
}
