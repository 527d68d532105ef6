//! Grants: privileges on objects given to roles, roles given to roles and users, and future
//! grants. They are recorded (SHOW GRANTS and REST report them), not enforced.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Catalog, Name, ObjectInfo};

/// Who receives a grant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "grantee_type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Grantee {
    /// An account role.
    Role {
        /// Role name.
        name: Name,
    },
    /// A user (only roles are granted to users).
    User {
        /// User name.
        name: Name,
    },
    /// A database role.
    DatabaseRole {
        /// Its database.
        database: Name,
        /// Role name.
        name: Name,
    },
}

impl Grantee {
    /// The `granted_to` column of SHOW GRANTS: `ROLE`, `USER` or `DATABASE_ROLE`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Role { .. } => "ROLE",
            Self::User { .. } => "USER",
            Self::DatabaseRole { .. } => "DATABASE_ROLE",
        }
    }
}

impl fmt::Display for Grantee {
    /// The `grantee_name` column: `R`, or `DB.R` for a database role.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Role { name } | Self::User { name } => write!(f, "{name}"),
            Self::DatabaseRole { database, name } => write!(f, "{database}.{name}"),
        }
    }
}

/// The object a grant is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Securable {
    /// Object type as SHOW GRANTS writes it in `granted_on`: `ACCOUNT`, `DATABASE`, `SCHEMA`,
    /// `TABLE`, `VIEW`, `TASK`, `STAGE`, `WAREHOUSE`, `ROLE`, `USER`, `DATABASE_ROLE`,
    /// `COMPUTE_POOL`, `IMAGE_REPOSITORY`, `SERVICE`.
    pub securable_type: String,
    /// Database of database-level and schema-level objects.
    pub database: Option<Name>,
    /// Schema of schema-level objects.
    pub schema: Option<Name>,
    /// The object's own name (the account name for ACCOUNT).
    pub name: Name,
}

impl Securable {
    /// An account-level object (`WAREHOUSE`, `ROLE`, ...).
    pub fn account_level(securable_type: &str, name: Name) -> Self {
        Self {
            securable_type: securable_type.to_owned(),
            database: None,
            schema: None,
            name,
        }
    }

    /// The `name` column of SHOW GRANTS: parts quoted where needed and joined by dots
    /// (`DB.SCHEMA.SERVICE!ROLE` for a service role).
    pub fn qualified_name(&self) -> String {
        if let Some((service, role)) = self.service_role_parts() {
            return [self.database.as_ref(), self.schema.as_ref()]
                .into_iter()
                .flatten()
                .map(Name::to_sql)
                .chain(std::iter::once(format!(
                    "{}!{}",
                    service.to_sql(),
                    role.to_sql()
                )))
                .collect::<Vec<_>>()
                .join(".");
        }
        [
            self.database.as_ref(),
            self.schema.as_ref(),
            Some(&self.name),
        ]
        .into_iter()
        .flatten()
        .map(Name::to_sql)
        .collect::<Vec<_>>()
        .join(".")
    }
}

/// A privilege (or a role) granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// `SELECT`, `USAGE`, `CREATE TABLE`, `OWNERSHIP`, ... (`USAGE` for a granted role).
    pub privilege: String,
    /// What it is on (the granted role itself for role grants).
    pub on: Securable,
    /// Who has it.
    pub grantee: Grantee,
    /// WITH GRANT OPTION.
    pub grant_option: bool,
    /// Role that granted it.
    pub granted_by: String,
    /// When.
    pub created_on: DateTime<Utc>,
}

impl Grant {
    /// Whether this grants a role (account, database or service role) rather than a
    /// privilege.
    pub fn is_role_grant(&self) -> bool {
        matches!(
            self.on.securable_type.as_str(),
            "ROLE" | "DATABASE_ROLE" | "SERVICE_ROLE"
        )
    }

    /// Whether both name the same privilege on the same object for the same grantee.
    pub fn same_as(&self, other: &Grant) -> bool {
        self.privilege == other.privilege && self.on == other.on && self.grantee == other.grantee
    }
}

/// A grant on objects of a type that will be created in a schema or database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FutureGrant {
    /// The privilege.
    pub privilege: String,
    /// Object type, singular (`TABLE`, `VIEW`, `TASK`, ...).
    pub object_type: String,
    /// The database.
    pub database: Name,
    /// The schema; `None` for IN DATABASE.
    pub schema: Option<Name>,
    /// Who gets it.
    pub grantee: Grantee,
    /// WITH GRANT OPTION.
    pub grant_option: bool,
    /// When it was defined.
    pub created_on: DateTime<Utc>,
}

impl FutureGrant {
    /// The `name` column of SHOW FUTURE GRANTS: `DB.SCHEMA.<TABLE>` or `DB.<TABLE>`.
    pub fn pattern(&self) -> String {
        let mut parts = vec![self.database.to_sql()];
        if let Some(schema) = &self.schema {
            parts.push(schema.to_sql());
        }
        parts.push(format!("<{}>", self.object_type));
        parts.join(".")
    }
}

/// An object that exists, with its properties: what ownership and future grants apply to.
#[derive(Debug, Clone)]
pub struct OwnedObject<'a> {
    /// The object.
    pub securable: Securable,
    /// Its common properties (owner, created_on).
    pub info: &'a ObjectInfo,
}

impl Catalog {
    /// Every object of the account that can be granted on, with its properties.
    pub fn securables(&self) -> Vec<OwnedObject<'_>> {
        let mut out = Vec::new();
        let account = |kind: &str, name: &Name| Securable::account_level(kind, name.clone());
        for (name, warehouse) in &self.warehouses {
            out.push(OwnedObject {
                securable: account("WAREHOUSE", name),
                info: &warehouse.info,
            });
        }
        for (name, pool) in &self.compute_pools {
            out.push(OwnedObject {
                securable: account("COMPUTE_POOL", name),
                info: &pool.info,
            });
        }
        for (name, role) in &self.roles {
            out.push(OwnedObject {
                securable: account("ROLE", name),
                info: &role.info,
            });
        }
        for (name, user) in &self.users {
            out.push(OwnedObject {
                securable: account("USER", name),
                info: &user.info,
            });
        }
        for (db_name, database) in &self.databases {
            out.push(OwnedObject {
                securable: account("DATABASE", db_name),
                info: &database.info,
            });
            for (name, role) in &database.database_roles {
                out.push(OwnedObject {
                    securable: Securable {
                        securable_type: "DATABASE_ROLE".into(),
                        database: Some(db_name.clone()),
                        schema: None,
                        name: name.clone(),
                    },
                    info: &role.info,
                });
            }
            for (schema_name, schema) in &database.schemas {
                out.push(OwnedObject {
                    securable: Securable {
                        securable_type: "SCHEMA".into(),
                        database: Some(db_name.clone()),
                        schema: None,
                        name: schema_name.clone(),
                    },
                    info: &schema.info,
                });
                let mut push = |kind: &str, name: &Name, info| {
                    out.push(OwnedObject {
                        securable: Securable {
                            securable_type: kind.to_owned(),
                            database: Some(db_name.clone()),
                            schema: Some(schema_name.clone()),
                            name: name.clone(),
                        },
                        info,
                    })
                };
                schema
                    .tables
                    .iter()
                    .for_each(|(n, o)| push("TABLE", n, &o.info));
                schema
                    .views
                    .iter()
                    .for_each(|(n, o)| push("VIEW", n, &o.info));
                schema
                    .tasks
                    .iter()
                    .for_each(|(n, o)| push("TASK", n, &o.info));
                schema
                    .stages
                    .iter()
                    .for_each(|(n, o)| push("STAGE", n, &o.info));
                schema
                    .image_repositories
                    .iter()
                    .for_each(|(n, o)| push("IMAGE_REPOSITORY", n, &o.info));
                schema
                    .services
                    .iter()
                    .for_each(|(n, o)| push("SERVICE", n, &o.info));
            }
        }
        out
    }

    /// The properties of the object a securable names, if it exists. ACCOUNT has none.
    pub fn securable_info(&self, on: &Securable) -> Option<&ObjectInfo> {
        let schema = || self.schema(on.database.as_ref()?, on.schema.as_ref()?).ok();
        Some(match on.securable_type.as_str() {
            "WAREHOUSE" => &self.warehouses.get(&on.name)?.info,
            "COMPUTE_POOL" => &self.compute_pools.get(&on.name)?.info,
            "ROLE" => &self.roles.get(&on.name)?.info,
            "USER" => &self.users.get(&on.name)?.info,
            "DATABASE" => &self.databases.get(&on.name)?.info,
            "DATABASE_ROLE" => {
                &self
                    .databases
                    .get(on.database.as_ref()?)?
                    .database_roles
                    .get(&on.name)?
                    .info
            }
            "SCHEMA" => {
                &self
                    .databases
                    .get(on.database.as_ref()?)?
                    .schemas
                    .get(&on.name)?
                    .info
            }
            "TABLE" => &schema()?.tables.get(&on.name)?.info,
            "VIEW" => &schema()?.views.get(&on.name)?.info,
            "TASK" => &schema()?.tasks.get(&on.name)?.info,
            "STAGE" => &schema()?.stages.get(&on.name)?.info,
            "IMAGE_REPOSITORY" => &schema()?.image_repositories.get(&on.name)?.info,
            "SERVICE" => &schema()?.services.get(&on.name)?.info,
            "SERVICE_ROLE" => self.service_role_info(on)?,
            _ => return None,
        })
    }

    /// The properties of the object a securable names, ready to change (GRANT OWNERSHIP).
    pub fn securable_info_mut(&mut self, on: &Securable) -> Option<&mut ObjectInfo> {
        use std::sync::Arc;
        let kind = on.securable_type.as_str();
        match kind {
            "WAREHOUSE" => {
                return Some(&mut Arc::make_mut(self.warehouses.get_mut(&on.name)?).info);
            }
            "COMPUTE_POOL" => {
                return Some(&mut Arc::make_mut(self.compute_pools.get_mut(&on.name)?).info);
            }
            "ROLE" => return Some(&mut Arc::make_mut(self.roles.get_mut(&on.name)?).info),
            "USER" => return Some(&mut Arc::make_mut(self.users.get_mut(&on.name)?).info),
            "DATABASE" => return Some(&mut Arc::make_mut(self.databases.get_mut(&on.name)?).info),
            _ => {}
        }
        let database = Arc::make_mut(self.databases.get_mut(on.database.as_ref()?)?);
        match kind {
            "DATABASE_ROLE" => {
                return Some(&mut Arc::make_mut(database.database_roles.get_mut(&on.name)?).info);
            }
            "SCHEMA" => return Some(&mut Arc::make_mut(database.schemas.get_mut(&on.name)?).info),
            _ => {}
        }
        let schema = Arc::make_mut(database.schemas.get_mut(on.schema.as_ref()?)?);
        Some(match kind {
            "TABLE" => &mut Arc::make_mut(schema.tables.get_mut(&on.name)?).info,
            "VIEW" => &mut Arc::make_mut(schema.views.get_mut(&on.name)?).info,
            "TASK" => &mut Arc::make_mut(schema.tasks.get_mut(&on.name)?).info,
            "STAGE" => &mut Arc::make_mut(schema.stages.get_mut(&on.name)?).info,
            "IMAGE_REPOSITORY" => {
                &mut Arc::make_mut(schema.image_repositories.get_mut(&on.name)?).info
            }
            "SERVICE" => &mut Arc::make_mut(schema.services.get_mut(&on.name)?).info,
            _ => return None,
        })
    }

    /// Records a grant; granting again what is already granted only adds the grant option.
    pub fn add_grant(&mut self, grant: Grant) {
        match self.grants.iter_mut().find(|g| g.same_as(&grant)) {
            Some(existing) => existing.grant_option |= grant.grant_option,
            None => self.grants.push(grant),
        }
    }

    /// Every grant in force: those recorded (on objects that still exist), OWNERSHIP of every
    /// object by its owner role, and the future grants of a schema or database applied to the
    /// objects created there since. `account` names the ACCOUNT securable.
    pub fn effective_grants(&self, account: &str) -> Vec<Grant> {
        let exists =
            |on: &Securable| on.securable_type == "ACCOUNT" || self.securable_info(on).is_some();
        let mut out: Vec<Grant> = self
            .grants
            .iter()
            .filter(|g| exists(&g.on))
            .cloned()
            .collect();
        for grant in out.iter_mut().filter(|g| g.on.securable_type == "ACCOUNT") {
            grant.on.name = Name::canonical(account);
        }
        for object in self.securables() {
            if !object.info.owner.is_empty() {
                out.push(Grant {
                    privilege: "OWNERSHIP".into(),
                    on: object.securable.clone(),
                    grantee: Grantee::Role {
                        name: Name::canonical(object.info.owner.clone()),
                    },
                    grant_option: true,
                    granted_by: object.info.owner.clone(),
                    created_on: object.info.created_on,
                });
            }
            out.extend(self.future_grants_for(&object));
        }
        out
    }

    /// The future grants that apply to an object: its schema's for its type when there are
    /// any, otherwise its database's, each only if defined before the object was created.
    fn future_grants_for(&self, object: &OwnedObject<'_>) -> Vec<Grant> {
        let on = &object.securable;
        let Some(database) = &on.database else {
            return Vec::new();
        };
        let applies = |f: &&FutureGrant| {
            f.object_type == on.securable_type
                && &f.database == database
                && f.created_on <= object.info.created_on
        };
        let schema_level: Vec<&FutureGrant> = self
            .future_grants
            .iter()
            .filter(applies)
            .filter(|f| f.schema.is_some() && f.schema == on.schema)
            .collect();
        let chosen = if schema_level.is_empty() {
            self.future_grants
                .iter()
                .filter(applies)
                .filter(|f| f.schema.is_none())
                .collect()
        } else {
            schema_level
        };
        chosen
            .into_iter()
            .map(|f| Grant {
                privilege: f.privilege.clone(),
                on: on.clone(),
                grantee: f.grantee.clone(),
                grant_option: f.grant_option,
                granted_by: object.info.owner.clone(),
                created_on: object.info.created_on,
            })
            .collect()
    }

    /// Roles (account or database) granted directly to `grantee`.
    pub fn granted_roles(&self, grantee: &Grantee) -> Vec<Securable> {
        self.grants
            .iter()
            .filter(|g| g.is_role_grant() && &g.grantee == grantee)
            .map(|g| g.on.clone())
            .collect()
    }

    /// Whether `role` is `ancestor` or inherits it through role grants, including Snowflake's
    /// system hierarchy (ACCOUNTADMIN over SYSADMIN and SECURITYADMIN, SECURITYADMIN over
    /// USERADMIN, every role over PUBLIC).
    pub fn role_inherits(&self, role: &Name, ancestor: &Name) -> bool {
        if ancestor.as_str() == "PUBLIC" {
            return true;
        }
        let mut seen = vec![role.clone()];
        let mut queue = vec![role.clone()];
        while let Some(next) = queue.pop() {
            if &next == ancestor {
                return true;
            }
            let system: &[&str] = match next.as_str() {
                "ACCOUNTADMIN" => &["SYSADMIN", "SECURITYADMIN"],
                "SECURITYADMIN" => &["USERADMIN"],
                _ => &[],
            };
            let mut granted: Vec<Name> = system.iter().map(|r| Name::canonical(*r)).collect();
            granted.extend(
                self.granted_roles(&Grantee::Role { name: next })
                    .into_iter()
                    .filter(|s| s.securable_type == "ROLE")
                    .map(|s| s.name),
            );
            for name in granted {
                if !seen.contains(&name) {
                    seen.push(name.clone());
                    queue.push(name);
                }
            }
        }
        false
    }

    /// Hands every object owned by role `from` to role `to` (what DROP ROLE does).
    pub fn transfer_ownership(&mut self, from: &str, to: &str) {
        let owned: Vec<Securable> = self
            .securables()
            .into_iter()
            .filter(|o| o.info.owner == from)
            .map(|o| o.securable)
            .collect();
        for securable in owned {
            if let Some(info) = self.securable_info_mut(&securable) {
                info.owner = to.to_owned();
            }
        }
    }

    /// Forgets every grant to or of `grantee`, and of the role it is (DROP ROLE/USER).
    pub fn forget_grantee(&mut self, grantee: &Grantee) {
        let as_securable = match grantee {
            Grantee::Role { name } => Some(Securable::account_level("ROLE", name.clone())),
            Grantee::DatabaseRole { database, name } => Some(Securable {
                securable_type: "DATABASE_ROLE".into(),
                database: Some(database.clone()),
                schema: None,
                name: name.clone(),
            }),
            Grantee::User { .. } => None,
        };
        self.grants
            .retain(|g| &g.grantee != grantee && Some(&g.on) != as_securable.as_ref());
        self.future_grants.retain(|f| &f.grantee != grantee);
    }

    /// Points grants at an account-level object's new name (ALTER ... RENAME TO).
    pub fn rename_in_grants(&mut self, securable_type: &str, from: &Name, to: &Name) {
        for grant in &mut self.grants {
            if grant.on.securable_type == securable_type
                && grant.on.database.is_none()
                && &grant.on.name == from
            {
                grant.on.name = to.clone();
            }
            match (&mut grant.grantee, securable_type) {
                (Grantee::Role { name }, "ROLE") | (Grantee::User { name }, "USER")
                    if name == from =>
                {
                    *name = to.clone();
                }
                _ => {}
            }
        }
        if securable_type == "ROLE" {
            for future in &mut self.future_grants {
                if let Grantee::Role { name } = &mut future.grantee
                    && name == from
                {
                    *name = to.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Role;
    use std::sync::Arc;

    fn role(catalog: &mut Catalog, name: &str) {
        catalog.roles.insert(
            Name::canonical(name),
            Arc::new(Role {
                name: Name::canonical(name),
                info: ObjectInfo::new("USERADMIN", None),
            }),
        );
    }

    fn role_grant(role: &str, to: &str) -> Grant {
        Grant {
            privilege: "USAGE".into(),
            on: Securable::account_level("ROLE", Name::canonical(role)),
            grantee: Grantee::Role {
                name: Name::canonical(to),
            },
            grant_option: false,
            granted_by: "USERADMIN".into(),
            created_on: Utc::now(),
        }
    }

    #[test]
    fn role_hierarchy_and_ownership() {
        let mut catalog = Catalog::default();
        for name in ["A", "B", "C"] {
            role(&mut catalog, name);
        }
        catalog.add_grant(role_grant("A", "B"));
        catalog.add_grant(role_grant("A", "B"));
        catalog.add_grant(role_grant("B", "C"));
        assert_eq!(catalog.grants.len(), 2);
        assert!(catalog.role_inherits(&Name::canonical("C"), &Name::canonical("A")));
        assert!(!catalog.role_inherits(&Name::canonical("A"), &Name::canonical("C")));
        let effective = catalog.effective_grants("ACCT");
        assert_eq!(
            effective
                .iter()
                .filter(|g| g.privilege == "OWNERSHIP")
                .count(),
            3
        );
        catalog.transfer_ownership("USERADMIN", "SYSADMIN");
        assert!(catalog.roles.values().all(|r| r.info.owner == "SYSADMIN"));
        catalog.forget_grantee(&Grantee::Role {
            name: Name::canonical("B"),
        });
        assert!(catalog.grants.is_empty());
    }

    #[test]
    fn names_in_grants() {
        let on = Securable {
            securable_type: "TABLE".into(),
            database: Some(Name::canonical("DB")),
            schema: Some(Name::canonical("my s")),
            name: Name::canonical("T"),
        };
        assert_eq!(on.qualified_name(), "DB.\"my s\".T");
        let grantee = Grantee::DatabaseRole {
            database: Name::canonical("DB"),
            name: Name::canonical("R"),
        };
        assert_eq!(grantee.to_string(), "DB.R");
        assert_eq!(grantee.kind(), "DATABASE_ROLE");
    }
}
