//! Objects tags can be set on, found by their domain (`TABLE`, `WAREHOUSE`, …) and fully
//! resolved name, and the tags they carry or inherit from their schema and database.

use std::{collections::BTreeMap, sync::Arc};

use super::{Catalog, Name, ObjectInfo, ObjectPath, TagValue};
use crate::error::{EmulatorError, ErrorKind, Result};

/// The kinds of object a tag can be set on, as SYSTEM$GET_TAG and ALTER name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagDomain {
    /// A database: name `[db]`.
    Database,
    /// A schema: `[db, schema]`.
    Schema,
    /// A table: `[db, schema, table]`.
    Table,
    /// A view: `[db, schema, view]`.
    View,
    /// A stage: `[db, schema, stage]`.
    Stage,
    /// A task: `[db, schema, task]`.
    Task,
    /// An image repository: `[db, schema, repository]`.
    ImageRepository,
    /// A service: `[db, schema, service]`.
    Service,
    /// A database role: `[db, role]`.
    DatabaseRole,
    /// A warehouse: `[warehouse]`.
    Warehouse,
    /// An account role: `[role]`.
    Role,
    /// A user: `[user]`.
    User,
    /// A compute pool: `[pool]`.
    ComputePool,
}

impl TagDomain {
    /// Every domain with its keyword, longest keywords first so `DATABASE ROLE` wins over
    /// `DATABASE`.
    pub const ALL: &'static [(TagDomain, &'static str)] = &[
        (Self::DatabaseRole, "DATABASE ROLE"),
        (Self::ImageRepository, "IMAGE REPOSITORY"),
        (Self::ComputePool, "COMPUTE POOL"),
        (Self::Database, "DATABASE"),
        (Self::Schema, "SCHEMA"),
        (Self::Table, "TABLE"),
        (Self::View, "VIEW"),
        (Self::Stage, "STAGE"),
        (Self::Task, "TASK"),
        (Self::Service, "SERVICE"),
        (Self::Warehouse, "WAREHOUSE"),
        (Self::Role, "ROLE"),
        (Self::User, "USER"),
    ];

    /// The domain named by `keyword` (case-insensitive, spaces between words free).
    pub fn parse(keyword: &str) -> Option<Self> {
        let wanted = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::ALL
            .iter()
            .find(|(_, k)| k.eq_ignore_ascii_case(&wanted))
            .map(|(domain, _)| *domain)
    }

    /// The domain's keyword (`DATABASE ROLE`).
    pub fn keyword(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(domain, _)| *domain == self)
            .map_or("", |(_, keyword)| keyword)
    }

    /// How many name parts a fully resolved name of this domain has.
    pub fn parts(self) -> usize {
        match self {
            Self::Warehouse | Self::Role | Self::User | Self::ComputePool | Self::Database => 1,
            Self::Schema | Self::DatabaseRole => 2,
            _ => 3,
        }
    }

    /// Fills in the current `database` and `schema` where `parts` leaves them out; `command`
    /// names the statement in the error of a session without them.
    pub fn resolve(
        self,
        mut parts: Vec<Name>,
        database: Option<&Name>,
        schema: Option<&Name>,
        command: &str,
    ) -> Result<Vec<Name>> {
        let missing = |what: &str| {
            EmulatorError::new(
                ErrorKind::NoCurrentDatabase,
                format!(
                    "Cannot perform {command}. This session does not have a current {what}. Call 'USE {}', or use a qualified name.",
                    what.to_uppercase()
                ),
            )
        };
        let wanted = self.parts();
        if parts.is_empty() || parts.len() > wanted {
            return Err(EmulatorError::invalid_identifier(
                parts.iter().map(Name::to_sql).collect::<Vec<_>>().join("."),
            ));
        }
        let lent_database = if parts.len() < wanted {
            Some(database.ok_or_else(|| missing("database"))?)
        } else {
            None
        };
        if parts.len() + 2 == wanted {
            parts.insert(0, schema.ok_or_else(|| missing("schema"))?.clone());
        }
        if let Some(database) = lent_database {
            parts.insert(0, database.clone());
        }
        Ok(parts)
    }

    /// The object's kind in "does not exist" messages.
    fn noun(self) -> &'static str {
        match self {
            Self::Database => "Database",
            Self::Schema => "Schema",
            Self::Table => "Table",
            Self::View => "View",
            Self::Stage => "Stage",
            Self::Task => "Task",
            Self::ImageRepository => "Image repository",
            Self::Service => "Service",
            Self::DatabaseRole => "Database role",
            Self::Warehouse => "Warehouse",
            Self::Role => "Role",
            Self::User => "User",
            Self::ComputePool => "Compute pool",
        }
    }
}

/// One tag on an object, as set there or inherited, with the domain it was set on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagLineage {
    /// The tag and its value.
    pub assignment: TagValue,
    /// Where the value was set (the object's own domain when set on it).
    pub level: TagDomain,
}

/// The 404 of an object that is not there.
fn missing(domain: TagDomain, parts: &[Name]) -> EmulatorError {
    let shown = parts
        .iter()
        .map(Name::to_string)
        .collect::<Vec<_>>()
        .join(".");
    EmulatorError::not_found(domain.noun(), shown)
}

fn in_map<'a, T>(
    map: &'a BTreeMap<Name, Arc<T>>,
    name: &Name,
    info: fn(&T) -> &ObjectInfo,
) -> Option<&'a ObjectInfo> {
    map.get(name).map(|object| info(object))
}

fn in_map_mut<'a, T: Clone>(
    map: &'a mut BTreeMap<Name, Arc<T>>,
    name: &Name,
    info: fn(&mut T) -> &mut ObjectInfo,
) -> Option<&'a mut ObjectInfo> {
    map.get_mut(name).map(|object| info(Arc::make_mut(object)))
}

impl Catalog {
    /// The common properties of the object `parts` (fully resolved, see
    /// [`TagDomain::parts`]) names in `domain`, or Snowflake's "does not exist" error.
    pub fn tagged(&self, domain: TagDomain, parts: &[Name]) -> Result<&ObjectInfo> {
        let found = match (domain, parts) {
            (TagDomain::Database, [db]) => self.databases.get(db).map(|d| &d.info),
            (TagDomain::Schema, [db, schema]) => self
                .databases
                .get(db)
                .and_then(|d| d.schemas.get(schema))
                .map(|s| &s.info),
            (TagDomain::DatabaseRole, [db, role]) => self
                .databases
                .get(db)
                .and_then(|d| in_map(&d.database_roles, role, |r| &r.info)),
            (TagDomain::Warehouse, [name]) => in_map(&self.warehouses, name, |w| &w.info),
            (TagDomain::Role, [name]) => in_map(&self.roles, name, |r| &r.info),
            (TagDomain::User, [name]) => in_map(&self.users, name, |u| &u.info),
            (TagDomain::ComputePool, [name]) => in_map(&self.compute_pools, name, |p| &p.info),
            (_, [db, schema, name]) => {
                let schema = self.databases.get(db).and_then(|d| d.schemas.get(schema));
                schema.and_then(|s| match domain {
                    TagDomain::Table => in_map(&s.tables, name, |t| &t.info),
                    TagDomain::View => in_map(&s.views, name, |v| &v.info),
                    TagDomain::Stage => in_map(&s.stages, name, |o| &o.info),
                    TagDomain::Task => in_map(&s.tasks, name, |o| &o.info),
                    TagDomain::ImageRepository => in_map(&s.image_repositories, name, |o| &o.info),
                    TagDomain::Service => in_map(&s.services, name, |o| &o.info),
                    _ => None,
                })
            }
            _ => None,
        };
        found.ok_or_else(|| missing(domain, parts))
    }

    /// [`Self::tagged`], ready to change.
    pub fn tagged_mut(&mut self, domain: TagDomain, parts: &[Name]) -> Result<&mut ObjectInfo> {
        let found = match (domain, parts) {
            (TagDomain::Database, [db]) => self
                .databases
                .get_mut(db)
                .map(|d| &mut Arc::make_mut(d).info),
            (TagDomain::Schema, [db, schema]) => self
                .databases
                .get_mut(db)
                .and_then(|d| Arc::make_mut(d).schemas.get_mut(schema))
                .map(|s| &mut Arc::make_mut(s).info),
            (TagDomain::DatabaseRole, [db, role]) => self.databases.get_mut(db).and_then(|d| {
                in_map_mut(&mut Arc::make_mut(d).database_roles, role, |r| &mut r.info)
            }),
            (TagDomain::Warehouse, [name]) => {
                in_map_mut(&mut self.warehouses, name, |w| &mut w.info)
            }
            (TagDomain::Role, [name]) => in_map_mut(&mut self.roles, name, |r| &mut r.info),
            (TagDomain::User, [name]) => in_map_mut(&mut self.users, name, |u| &mut u.info),
            (TagDomain::ComputePool, [name]) => {
                in_map_mut(&mut self.compute_pools, name, |p| &mut p.info)
            }
            (_, [db, schema, name]) => self
                .databases
                .get_mut(db)
                .and_then(|d| Arc::make_mut(d).schemas.get_mut(schema))
                .and_then(|s| {
                    let s = Arc::make_mut(s);
                    match domain {
                        TagDomain::Table => in_map_mut(&mut s.tables, name, |t| &mut t.info),
                        TagDomain::View => in_map_mut(&mut s.views, name, |v| &mut v.info),
                        TagDomain::Stage => in_map_mut(&mut s.stages, name, |o| &mut o.info),
                        TagDomain::Task => in_map_mut(&mut s.tasks, name, |o| &mut o.info),
                        TagDomain::ImageRepository => {
                            in_map_mut(&mut s.image_repositories, name, |o| &mut o.info)
                        }
                        TagDomain::Service => in_map_mut(&mut s.services, name, |o| &mut o.info),
                        _ => None,
                    }
                }),
            _ => None,
        };
        found.ok_or_else(|| missing(domain, parts))
    }

    /// Whether the tag exists.
    pub fn tag_exists(&self, tag: &ObjectPath) -> bool {
        self.schema(&tag.database, &tag.schema)
            .is_ok_and(|s| s.tags.contains_key(&tag.name))
    }

    /// The tags of an object: its own, then (with `inherited`) those of its schema and
    /// database it does not override. Tags dropped since they were set are left out.
    pub fn tag_lineage(
        &self,
        domain: TagDomain,
        parts: &[Name],
        inherited: bool,
    ) -> Result<Vec<TagLineage>> {
        let mut levels = vec![(domain, self.tagged(domain, parts)?)];
        if inherited {
            if parts.len() == 3 && domain != TagDomain::Schema {
                levels.push((
                    TagDomain::Schema,
                    self.tagged(TagDomain::Schema, &parts[..2])?,
                ));
            }
            if matches!(domain, TagDomain::Schema | TagDomain::DatabaseRole) || parts.len() == 3 {
                levels.push((
                    TagDomain::Database,
                    self.tagged(TagDomain::Database, &parts[..1])?,
                ));
            }
        }
        let mut found: Vec<TagLineage> = Vec::new();
        for (level, info) in levels {
            for assignment in &info.tags {
                if self.tag_exists(&assignment.tag)
                    && !found.iter().any(|f| f.assignment.tag == assignment.tag)
                {
                    found.push(TagLineage {
                        assignment: assignment.clone(),
                        level,
                    });
                }
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_read_their_keywords() {
        assert_eq!(
            TagDomain::parse("database  role"),
            Some(TagDomain::DatabaseRole)
        );
        assert_eq!(
            TagDomain::parse("Compute Pool"),
            Some(TagDomain::ComputePool)
        );
        assert_eq!(TagDomain::parse("table"), Some(TagDomain::Table));
        assert_eq!(TagDomain::parse("column"), None);
        assert_eq!(TagDomain::ImageRepository.keyword(), "IMAGE REPOSITORY");
        assert_eq!(TagDomain::Task.parts(), 3);
    }

    #[test]
    fn names_take_the_current_database_and_schema() {
        let (d, s) = (Name::canonical("D"), Name::canonical("S"));
        let t = || vec![Name::canonical("T")];
        let full = TagDomain::Table
            .resolve(t(), Some(&d), Some(&s), "X")
            .unwrap();
        assert_eq!(full, vec![d.clone(), s.clone(), Name::canonical("T")]);
        let role = TagDomain::DatabaseRole
            .resolve(t(), Some(&d), None, "X")
            .unwrap();
        assert_eq!(role.len(), 2);
        let error = TagDomain::Table
            .resolve(t(), None, None, "ALTER TABLE")
            .unwrap_err();
        assert!(error.to_string().contains("current database"), "{error}");
        assert!(
            TagDomain::Warehouse
                .resolve(vec![d.clone(), s], None, None, "X")
                .is_err()
        );
    }

    #[test]
    fn missing_objects_are_not_found() {
        let catalog = Catalog::default();
        let error = catalog
            .tagged(TagDomain::Warehouse, &[Name::canonical("W")])
            .unwrap_err();
        assert!(
            error.to_string().contains("Warehouse 'W' does not exist"),
            "{error}"
        );
    }
}
