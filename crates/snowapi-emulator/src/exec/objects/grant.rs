//! GRANT and REVOKE: privileges on objects (one, ALL in a container, FUTURE in a container),
//! OWNERSHIP, and roles to roles and users. Grants are recorded, not enforced.

use chrono::Utc;
use sqlparser::tokenizer::Token;

use super::{executed, invalid_state, object_path, syntax::Syntax};
use crate::{
    catalog::{Catalog, FutureGrant, Grant, Grantee, Name, Securable},
    engine::{QueryResult, Session},
    error::{EmulatorError, ErrorKind, Result},
};

/// Where objects of a type live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Account,
    Database,
    Schema,
}

/// An object type that can be granted on: keywords, plural keywords, SHOW GRANTS' name for it,
/// the name used in "does not exist" errors, and where such objects live.
pub(super) struct ObjectType {
    pub(super) keywords: &'static [&'static str],
    pub(super) plural: &'static [&'static str],
    pub(super) securable_type: &'static str,
    pub(super) label: &'static str,
    pub(super) level: Level,
    /// What ALL [PRIVILEGES] stands for on this type.
    pub(super) all: &'static [&'static str],
}

/// The types the catalog holds. `DATABASE ROLE` comes before `DATABASE`, so it matches first.
pub(super) const OBJECT_TYPES: &[ObjectType] = &[
    ObjectType {
        keywords: &["WAREHOUSE"],
        plural: &["WAREHOUSES"],
        securable_type: "WAREHOUSE",
        label: "Warehouse",
        level: Level::Account,
        all: &["APPLYBUDGET", "MODIFY", "MONITOR", "OPERATE", "USAGE"],
    },
    ObjectType {
        keywords: &["COMPUTE", "POOL"],
        plural: &["COMPUTE", "POOLS"],
        securable_type: "COMPUTE_POOL",
        label: "Compute pool",
        level: Level::Account,
        all: &["MODIFY", "MONITOR", "OPERATE", "USAGE"],
    },
    ObjectType {
        keywords: &["USER"],
        plural: &["USERS"],
        securable_type: "USER",
        label: "User",
        level: Level::Account,
        all: &["MONITOR"],
    },
    ObjectType {
        keywords: &["ROLE"],
        plural: &["ROLES"],
        securable_type: "ROLE",
        label: "Role",
        level: Level::Account,
        all: &[],
    },
    ObjectType {
        keywords: &["DATABASE", "ROLE"],
        plural: &["DATABASE", "ROLES"],
        securable_type: "DATABASE_ROLE",
        label: "Database role",
        level: Level::Database,
        all: &[],
    },
    ObjectType {
        keywords: &["DATABASE"],
        plural: &["DATABASES"],
        securable_type: "DATABASE",
        label: "Database",
        level: Level::Account,
        all: &[
            "APPLYBUDGET",
            "CREATE DATABASE ROLE",
            "CREATE SCHEMA",
            "MODIFY",
            "MONITOR",
            "USAGE",
        ],
    },
    ObjectType {
        keywords: &["SCHEMA"],
        plural: &["SCHEMAS"],
        securable_type: "SCHEMA",
        label: "Schema",
        level: Level::Database,
        all: &[
            "ADD SEARCH OPTIMIZATION",
            "APPLYBUDGET",
            "CREATE ALERT",
            "CREATE DYNAMIC TABLE",
            "CREATE EXTERNAL TABLE",
            "CREATE FILE FORMAT",
            "CREATE FUNCTION",
            "CREATE IMAGE REPOSITORY",
            "CREATE MATERIALIZED VIEW",
            "CREATE PIPE",
            "CREATE PROCEDURE",
            "CREATE SEQUENCE",
            "CREATE SERVICE",
            "CREATE STAGE",
            "CREATE STREAM",
            "CREATE TABLE",
            "CREATE TAG",
            "CREATE TASK",
            "CREATE VIEW",
            "MODIFY",
            "MONITOR",
            "USAGE",
        ],
    },
    ObjectType {
        keywords: &["TABLE"],
        plural: &["TABLES"],
        securable_type: "TABLE",
        label: "Table",
        level: Level::Schema,
        all: &[
            "DELETE",
            "EVOLVE SCHEMA",
            "INSERT",
            "REBUILD",
            "REFERENCES",
            "SELECT",
            "TRUNCATE",
            "UPDATE",
        ],
    },
    ObjectType {
        keywords: &["VIEW"],
        plural: &["VIEWS"],
        securable_type: "VIEW",
        label: "View",
        level: Level::Schema,
        all: &["REFERENCES", "SELECT"],
    },
    ObjectType {
        keywords: &["TASK"],
        plural: &["TASKS"],
        securable_type: "TASK",
        label: "Task",
        level: Level::Schema,
        all: &["MONITOR", "OPERATE"],
    },
    ObjectType {
        keywords: &["STAGE"],
        plural: &["STAGES"],
        securable_type: "STAGE",
        label: "Stage",
        level: Level::Schema,
        all: &["READ", "WRITE"],
    },
    ObjectType {
        keywords: &["IMAGE", "REPOSITORY"],
        plural: &["IMAGE", "REPOSITORIES"],
        securable_type: "IMAGE_REPOSITORY",
        label: "Image repository",
        level: Level::Schema,
        all: &["READ", "WRITE"],
    },
    ObjectType {
        keywords: &["SERVICE"],
        plural: &["SERVICES"],
        securable_type: "SERVICE",
        label: "Service",
        level: Level::Schema,
        all: &["MONITOR", "OPERATE"],
    },
];

/// Object types Snowflake grants on that the catalog does not hold.
const OTHER_TYPES: &[&[&str]] = &[
    &["FUNCTION"],
    &["FUNCTIONS"],
    &["PROCEDURE"],
    &["PROCEDURES"],
    &["SEQUENCE"],
    &["SEQUENCES"],
    &["STREAM"],
    &["STREAMS"],
    &["PIPE"],
    &["PIPES"],
    &["FILE", "FORMAT"],
    &["FILE", "FORMATS"],
    &["EXTERNAL", "TABLE"],
    &["EXTERNAL", "TABLES"],
    &["DYNAMIC", "TABLE"],
    &["DYNAMIC", "TABLES"],
    &["MATERIALIZED", "VIEW"],
    &["MATERIALIZED", "VIEWS"],
    &["ICEBERG", "TABLE"],
    &["ICEBERG", "TABLES"],
    &["EVENT", "TABLE"],
    &["EVENT", "TABLES"],
    &["ALERT"],
    &["ALERTS"],
    &["SECRET"],
    &["SECRETS"],
    &["NETWORK", "RULE"],
    &["TAG"],
    &["INTEGRATION"],
    &["RESOURCE", "MONITOR"],
    &["EXTERNAL", "VOLUME"],
    &["NOTEBOOK"],
    &["STREAMLIT"],
    &["MODEL"],
    &["APPLICATION"],
    &["SHARE"],
    &["FAILOVER", "GROUP"],
    &["REPLICATION", "GROUP"],
];

/// Reads an object type (singular or plural) if one comes next.
pub(super) fn read_type(syntax: &mut Syntax<'_>, plural: bool) -> Result<&'static ObjectType> {
    if let Some(object_type) = OBJECT_TYPES
        .iter()
        .find(|t| syntax.accept_all(if plural { t.plural } else { t.keywords }))
    {
        return Ok(object_type);
    }
    if let Some(other) = OTHER_TYPES.iter().find(|k| syntax.peek(k)) {
        return Err(EmulatorError::unsupported(format!(
            "grants on {}",
            other.join(" ")
        )));
    }
    Err(syntax.unexpected())
}

/// The securable a type and a name stand for, resolved against the session.
pub(super) fn resolve(
    session: &Session,
    object_type: &ObjectType,
    parts: Vec<Name>,
    command: &str,
) -> Result<Securable> {
    let bad_name = |parts: &[Name]| {
        EmulatorError::invalid_identifier(
            parts.iter().map(Name::to_sql).collect::<Vec<_>>().join("."),
        )
    };
    match object_type.level {
        Level::Account => {
            let name = super::single(parts)?;
            Ok(Securable::account_level(object_type.securable_type, name))
        }
        Level::Database => {
            let (database, name) = match parts.as_slice() {
                [name] => (
                    session.state().database.ok_or_else(|| {
                        EmulatorError::new(
                            ErrorKind::NoCurrentDatabase,
                            format!("Cannot perform {command}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name."),
                        )
                    })?,
                    name.clone(),
                ),
                [database, name] => (database.clone(), name.clone()),
                _ => return Err(bad_name(&parts)),
            };
            Ok(Securable {
                securable_type: object_type.securable_type.to_owned(),
                database: Some(database),
                schema: None,
                name,
            })
        }
        Level::Schema => {
            let path = object_path(session, parts, command)?;
            Ok(Securable {
                securable_type: object_type.securable_type.to_owned(),
                database: Some(path.database),
                schema: Some(path.schema),
                name: path.name,
            })
        }
    }
}

/// Fails with Snowflake's "does not exist" error unless the object exists.
pub(super) fn check_exists(
    catalog: &Catalog,
    object_type: &ObjectType,
    on: &Securable,
) -> Result<()> {
    if catalog.securable_info(on).is_some() {
        return Ok(());
    }
    let shown = [on.database.as_ref(), on.schema.as_ref(), Some(&on.name)]
        .into_iter()
        .flatten()
        .map(Name::as_str)
        .collect::<Vec<_>>()
        .join(".");
    Err(EmulatorError::not_found(object_type.label, shown))
}

/// What a grant is on.
enum Target {
    Account,
    One(&'static ObjectType, Securable),
    /// Every existing object of a type in a database or schema.
    All(&'static ObjectType, Name, Option<Name>),
    /// Objects of a type created later in a database or schema.
    Future(&'static ObjectType, Name, Option<Name>),
}

/// `IN SCHEMA s | IN DATABASE d`.
fn container(
    session: &Session,
    syntax: &mut Syntax<'_>,
    command: &str,
) -> Result<(Name, Option<Name>)> {
    syntax.expect(&["IN"])?;
    if syntax.accept("DATABASE") {
        return Ok((super::single(syntax.name()?)?, None));
    }
    syntax.expect(&["SCHEMA"])?;
    let parts = syntax.name()?;
    let schema_type = OBJECT_TYPES
        .iter()
        .find(|t| t.securable_type == "SCHEMA")
        .ok_or_else(|| EmulatorError::internal("no SCHEMA object type"))?;
    let schema = resolve(session, schema_type, parts, command)?;
    let database = schema
        .database
        .ok_or_else(|| EmulatorError::internal("schema without database"))?;
    Ok((database, Some(schema.name)))
}

fn read_target(session: &Session, syntax: &mut Syntax<'_>, command: &str) -> Result<Target> {
    if syntax.accept("ACCOUNT") {
        return Ok(Target::Account);
    }
    if syntax.accept("ALL") {
        let object_type = read_type(syntax, true)?;
        let (database, schema) = container(session, syntax, command)?;
        return Ok(Target::All(object_type, database, schema));
    }
    if syntax.accept("FUTURE") {
        let object_type = read_type(syntax, true)?;
        let (database, schema) = container(session, syntax, command)?;
        return Ok(Target::Future(object_type, database, schema));
    }
    let object_type = read_type(syntax, false)?;
    let parts = syntax.name()?;
    Ok(Target::One(
        object_type,
        resolve(session, object_type, parts, command)?,
    ))
}

/// `[ROLE] r | DATABASE ROLE [db.]r | USER u` after TO or FROM.
pub(super) fn read_grantee(
    session: &Session,
    syntax: &mut Syntax<'_>,
    command: &str,
) -> Result<Grantee> {
    if syntax.accept_all(&["DATABASE", "ROLE"]) {
        let database_role = OBJECT_TYPES
            .iter()
            .find(|t| t.securable_type == "DATABASE_ROLE")
            .ok_or_else(|| EmulatorError::internal("no DATABASE ROLE object type"))?;
        let role = resolve(session, database_role, syntax.name()?, command)?;
        return Ok(Grantee::DatabaseRole {
            database: role
                .database
                .ok_or_else(|| EmulatorError::internal("database role without database"))?,
            name: role.name,
        });
    }
    if syntax.accept("USER") {
        return Ok(Grantee::User {
            name: super::single(syntax.name()?)?,
        });
    }
    if syntax.accept("SHARE") || syntax.accept("APPLICATION") {
        return Err(EmulatorError::unsupported(format!(
            "{command} to a share or application"
        )));
    }
    syntax.accept("ROLE");
    Ok(Grantee::Role {
        name: super::single(syntax.name()?)?,
    })
}

/// Fails unless the grantee exists.
pub(super) fn check_grantee(catalog: &Catalog, grantee: &Grantee) -> Result<()> {
    match grantee {
        Grantee::Role { name } if !catalog.roles.contains_key(name) => {
            Err(EmulatorError::not_found("Role", name))
        }
        Grantee::User { name } if !catalog.users.contains_key(name) => {
            Err(EmulatorError::not_found("User", name))
        }
        Grantee::DatabaseRole { database, name } => {
            catalog.database_role(database, name).map(|_| ())
        }
        _ => Ok(()),
    }
}

/// Privilege names before ON: `SELECT, INSERT`, `CREATE TABLE`, `ALL [PRIVILEGES]`.
fn read_privileges(syntax: &mut Syntax<'_>) -> Result<Vec<String>> {
    let mut privileges = Vec::new();
    loop {
        let mut words = vec![syntax.word()?];
        while !syntax.peek(&["ON"]) && !matches!(syntax.peek_token(), Some(Token::Comma) | None) {
            words.push(syntax.word()?);
        }
        let privilege = words.join(" ").to_uppercase();
        privileges.push(if privilege == "ALL PRIVILEGES" {
            "ALL".to_owned()
        } else {
            privilege
        });
        if !syntax.accept_token(&Token::Comma) {
            return Ok(privileges);
        }
    }
}

/// ALL expanded to the type's privileges (kept as ALL where the list is not known).
fn expand(privileges: &[String], object_type: Option<&ObjectType>) -> Vec<String> {
    let mut out = Vec::new();
    for privilege in privileges {
        match object_type {
            Some(t) if privilege == "ALL" && !t.all.is_empty() => {
                out.extend(t.all.iter().map(|p| (*p).to_owned()));
            }
            _ => out.push(privilege.clone()),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every existing object of a type in a database (or one schema of it).
fn objects_in(
    catalog: &Catalog,
    object_type: &ObjectType,
    database: &Name,
    schema: Option<&Name>,
) -> Result<Vec<Securable>> {
    match schema {
        Some(schema) => catalog.schema(database, schema).map(|_| ())?,
        None => catalog.database(database).map(|_| ())?,
    }
    Ok(catalog
        .securables()
        .into_iter()
        .map(|o| o.securable)
        .filter(|s| {
            s.securable_type == object_type.securable_type
                && s.database.as_ref() == Some(database)
                && (schema.is_none() || s.schema.as_ref() == schema)
        })
        .collect())
}

/// Runs GRANT or REVOKE.
pub(super) async fn grant_or_revoke(
    session: &Session,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let granting = syntax.accept("GRANT");
    if !granting {
        syntax.expect(&["REVOKE"])?;
    }
    let command = if granting { "GRANT" } else { "REVOKE" };
    if syntax.peek(&["SERVICE", "ROLE"]) {
        return super::service_role_grant::grant_or_revoke(session, syntax, granting).await;
    }
    let role = session.state().role;
    // Roles to roles and users.
    if syntax.peek(&["ROLE"]) || syntax.peek(&["DATABASE", "ROLE"]) {
        let is_database_role = syntax.accept_all(&["DATABASE", "ROLE"]);
        if !is_database_role {
            syntax.expect(&["ROLE"])?;
        }
        let role_type = OBJECT_TYPES
            .iter()
            .find(|t| {
                t.securable_type
                    == if is_database_role {
                        "DATABASE_ROLE"
                    } else {
                        "ROLE"
                    }
            })
            .ok_or_else(|| EmulatorError::internal("no role object type"))?;
        let granted = resolve(session, role_type, syntax.name()?, command)?;
        syntax.expect(&[if granting { "TO" } else { "FROM" }])?;
        let grantee = read_grantee(session, &mut syntax, command)?;
        syntax.finish()?;
        if matches!(grantee, Grantee::DatabaseRole { .. }) && !is_database_role {
            return Err(EmulatorError::unsupported(
                "granting an account role to a database role",
            ));
        }
        session
            .write(move |catalog| {
                check_exists(catalog, role_type, &granted)?;
                check_grantee(catalog, &grantee)?;
                let grant = Grant {
                    privilege: "USAGE".into(),
                    on: granted,
                    grantee,
                    grant_option: false,
                    granted_by: role,
                    created_on: Utc::now(),
                };
                if !granting {
                    catalog.grants.retain(|g| !g.same_as(&grant));
                    return Ok(());
                }
                if let (Grantee::Role { name: to }, "ROLE") =
                    (&grant.grantee, grant.on.securable_type.as_str())
                    && catalog.role_inherits(&grant.on.name, to)
                {
                    return Err(invalid_state(format!(
                        "Granting role '{}' to role '{to}' would create a cycle.",
                        grant.on.name
                    )));
                }
                catalog.add_grant(grant);
                Ok(())
            })
            .await?;
        return executed();
    }
    let grant_option_only = !granting && syntax.accept_all(&["GRANT", "OPTION", "FOR"]);
    let privileges = read_privileges(&mut syntax)?;
    syntax.expect(&["ON"])?;
    let target = read_target(session, &mut syntax, command)?;
    syntax.expect(&[if granting { "TO" } else { "FROM" }])?;
    let grantee = read_grantee(session, &mut syntax, command)?;
    let ownership = privileges.iter().any(|p| p == "OWNERSHIP");
    let mut revoke_current = false;
    let mut with_grant_option = false;
    if granting && ownership {
        if syntax.accept("REVOKE") {
            syntax.expect(&["CURRENT", "GRANTS"])?;
            revoke_current = true;
        } else if syntax.accept("COPY") {
            syntax.expect(&["CURRENT", "GRANTS"])?;
        }
    } else if granting {
        with_grant_option = syntax.accept_all(&["WITH", "GRANT", "OPTION"]);
    } else {
        syntax.accept_one_of(&["RESTRICT", "CASCADE"]);
    }
    syntax.finish()?;
    if let Grantee::User { .. } = grantee {
        return Err(EmulatorError::unsupported(format!(
            "{command} of privileges to a user (Snowflake grants privileges to roles)"
        )));
    }
    if ownership {
        if privileges.len() != 1 {
            return Err(syntax.unexpected());
        }
        if !granting {
            return Err(EmulatorError::unsupported(
                "REVOKE OWNERSHIP (transfer it with GRANT OWNERSHIP)",
            ));
        }
        let Grantee::Role { name: new_owner } = &grantee else {
            return Err(EmulatorError::unsupported(
                "OWNERSHIP granted to a database role",
            ));
        };
        let new_owner = new_owner.clone();
        session
            .write(move |catalog| {
                check_grantee(catalog, &grantee)?;
                let objects = match target {
                    Target::One(object_type, on) => {
                        check_exists(catalog, object_type, &on)?;
                        vec![on]
                    }
                    Target::All(object_type, database, schema) => {
                        objects_in(catalog, object_type, &database, schema.as_ref())?
                    }
                    Target::Account | Target::Future(..) => {
                        return Err(EmulatorError::unsupported(
                            "GRANT OWNERSHIP ON ACCOUNT or FUTURE objects",
                        ));
                    }
                };
                for on in objects {
                    if revoke_current {
                        catalog.grants.retain(|g| g.on != on);
                    }
                    if let Some(info) = catalog.securable_info_mut(&on) {
                        info.owner = new_owner.to_string();
                    }
                }
                Ok(())
            })
            .await?;
        return executed();
    }
    session
        .write(move |catalog| {
            check_grantee(catalog, &grantee)?;
            let now = Utc::now();
            let (object_type, objects) = match target {
                Target::Account => (
                    None,
                    vec![Securable::account_level(
                        "ACCOUNT",
                        Name::canonical("ACCOUNT"),
                    )],
                ),
                Target::One(object_type, on) => {
                    check_exists(catalog, object_type, &on)?;
                    (Some(object_type), vec![on])
                }
                Target::All(object_type, database, schema) => (
                    Some(object_type),
                    objects_in(catalog, object_type, &database, schema.as_ref())?,
                ),
                Target::Future(object_type, database, schema) => {
                    match &schema {
                        Some(schema) => catalog.schema(&database, schema).map(|_| ())?,
                        None => catalog.database(&database).map(|_| ())?,
                    }
                    let privileges = expand(&privileges, Some(object_type));
                    for privilege in privileges {
                        let future = FutureGrant {
                            privilege,
                            object_type: object_type.securable_type.to_owned(),
                            database: database.clone(),
                            schema: schema.clone(),
                            grantee: grantee.clone(),
                            grant_option: with_grant_option,
                            created_on: now,
                        };
                        let same = |f: &FutureGrant| {
                            f.privilege == future.privilege
                                && f.object_type == future.object_type
                                && f.database == future.database
                                && f.schema == future.schema
                                && f.grantee == future.grantee
                        };
                        if granting {
                            match catalog.future_grants.iter_mut().find(|f| same(f)) {
                                Some(existing) => existing.grant_option |= with_grant_option,
                                None => catalog.future_grants.push(future),
                            }
                        } else if grant_option_only {
                            catalog
                                .future_grants
                                .iter_mut()
                                .filter(|f| same(f))
                                .for_each(|f| f.grant_option = false);
                        } else {
                            catalog.future_grants.retain(|f| !same(f));
                        }
                    }
                    return Ok(());
                }
            };
            let privileges = expand(&privileges, object_type);
            for on in objects {
                for privilege in &privileges {
                    let grant = Grant {
                        privilege: privilege.clone(),
                        on: on.clone(),
                        grantee: grantee.clone(),
                        grant_option: with_grant_option,
                        granted_by: role.clone(),
                        created_on: now,
                    };
                    if granting {
                        catalog.add_grant(grant);
                    } else if grant_option_only {
                        catalog
                            .grants
                            .iter_mut()
                            .filter(|g| g.same_as(&grant))
                            .for_each(|g| g.grant_option = false);
                    } else {
                        catalog.grants.retain(|g| !g.same_as(&grant));
                    }
                }
            }
            Ok(())
        })
        .await?;
    executed()
}
