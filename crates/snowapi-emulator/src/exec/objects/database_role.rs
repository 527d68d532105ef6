//! CREATE, ALTER, DROP and SHOW DATABASE ROLE.

use std::sync::Arc;

use super::{
    CreateHeader, Dropped, created, executed,
    grant::{OBJECT_TYPES, resolve},
    rows::{Kind, Rows, int, opt_text, text, time, yes_no},
    syntax::Syntax,
};
use crate::{
    catalog::{DatabaseRole, Grantee, Name, ObjectInfo, Securable},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// `[db.]name` of a database role, resolved against the current database.
fn role_name(session: &Session, parts: Vec<Name>, command: &str) -> Result<(Name, Name)> {
    let role_type = OBJECT_TYPES
        .iter()
        .find(|t| t.securable_type == "DATABASE_ROLE")
        .ok_or_else(|| EmulatorError::internal("no DATABASE ROLE object type"))?;
    let securable = resolve(session, role_type, parts, command)?;
    let database = securable
        .database
        .ok_or_else(|| EmulatorError::internal("database role without database"))?;
    Ok((database, securable.name))
}

/// `CREATE [OR REPLACE] DATABASE ROLE [IF NOT EXISTS] [db.]r [COMMENT = '...']`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let (database, name) = role_name(session, syntax.name()?, "CREATE DATABASE ROLE")?;
    let mut comment = None;
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if key != "COMMENT" {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
        comment = Some(super::comment_value(&value)?);
    }
    let owner = session.state().role;
    let new = {
        let name = name.clone();
        session
            .write(move |catalog| {
                let grantee = Grantee::DatabaseRole {
                    database: database.clone(),
                    name: name.clone(),
                };
                let target = catalog.database_mut(&database)?;
                if target.database_roles.contains_key(&name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &name));
                    }
                }
                target.database_roles.insert(
                    name.clone(),
                    Arc::new(DatabaseRole {
                        name,
                        info: ObjectInfo::new(&owner, comment),
                    }),
                );
                if header.or_replace {
                    catalog.forget_grantee(&grantee);
                }
                Ok(true)
            })
            .await?
    };
    created("Database role", &name, new)
}

/// `ALTER DATABASE ROLE [IF EXISTS] [db.]r SET COMMENT = '...' | UNSET COMMENT | RENAME TO x`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let (database, name) = role_name(session, syntax.name()?, "ALTER DATABASE ROLE")?;
    enum Change {
        Comment(Option<String>),
        Rename(Name),
    }
    let change = if syntax.accept_all(&["RENAME", "TO"]) {
        let (to_database, to) = role_name(session, syntax.name()?, "ALTER DATABASE ROLE")?;
        if to_database != database {
            return Err(EmulatorError::unsupported(
                "moving a database role to another database",
            ));
        }
        Change::Rename(to)
    } else if syntax.accept("SET") {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if key != "COMMENT" {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
        Change::Comment(Some(super::comment_value(&value)?))
    } else if syntax.accept("UNSET") {
        syntax.expect(&["COMMENT"])?;
        Change::Comment(None)
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    session
        .write(move |catalog| {
            let target = catalog.database_mut(&database)?;
            let Some(role) = target.database_roles.get(&name).cloned() else {
                return if if_exists {
                    Ok(())
                } else {
                    Err(EmulatorError::not_found(
                        "Database role",
                        format!("{database}.{name}"),
                    ))
                };
            };
            let mut role = (*role).clone();
            match change {
                Change::Comment(comment) => {
                    role.info.comment = comment;
                    target.database_roles.insert(name, Arc::new(role));
                }
                Change::Rename(to) => {
                    if target.database_roles.contains_key(&to) {
                        return Err(EmulatorError::already_exists("Object", &to));
                    }
                    target.database_roles.remove(&name);
                    role.name = to.clone();
                    target.database_roles.insert(to.clone(), Arc::new(role));
                    for grant in &mut catalog.grants {
                        let on = &mut grant.on;
                        if on.securable_type == "DATABASE_ROLE"
                            && on.database.as_ref() == Some(&database)
                            && on.name == name
                        {
                            on.name = to.clone();
                        }
                        if let Grantee::DatabaseRole {
                            database: d,
                            name: n,
                        } = &mut grant.grantee
                            && *d == database
                            && *n == name
                        {
                            *n = to.clone();
                        }
                    }
                }
            }
            Ok(())
        })
        .await?;
    executed()
}

/// `DROP DATABASE ROLE [IF EXISTS] [db.]r`.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let (database, name) = role_name(session, parts, "DROP DATABASE ROLE")?;
    session
        .write(move |catalog| {
            let missing =
                || EmulatorError::not_found("Database role", format!("{database}.{name}"));
            let Ok(target) = catalog.database_mut(&database) else {
                return Ok(Dropped::Missing(missing()));
            };
            if target.database_roles.remove(&name).is_none() {
                return Ok(Dropped::Missing(missing()));
            }
            catalog.forget_grantee(&Grantee::DatabaseRole {
                database: database.clone(),
                name: name.clone(),
            });
            Ok(Dropped::Yes(name.to_string()))
        })
        .await
}

/// `SHOW DATABASE ROLES IN DATABASE d [LIKE '...'] [LIMIT n [FROM '...']]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let mut like = None;
    if syntax.accept("LIKE") {
        like = Some(syntax.string()?);
    }
    syntax.expect(&["IN", "DATABASE"])?;
    let database = super::single(syntax.name()?)?;
    if like.is_none() && syntax.accept("LIKE") {
        like = Some(syntax.string()?);
    }
    let mut filter = super::filter::ShowFilter::parse(
        &mut syntax,
        &session.name_context(),
        "SHOW DATABASE ROLES",
        false,
    )?;
    filter.like = like;
    let catalog = session.snapshot();
    let current = Name::canonical(session.state().role);
    let roles = catalog
        .database(&database)?
        .database_roles
        .values()
        .cloned();
    let roles = filter.apply(roles.collect(), |r| r.name.as_str());
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("name", Kind::Text),
        ("is_default", Kind::Text),
        ("is_current", Kind::Text),
        ("is_inherited", Kind::Text),
        ("granted_to_roles", Kind::Int),
        ("granted_to_database_roles", Kind::Int),
        ("granted_database_roles", Kind::Int),
        ("owner", Kind::Text),
        ("comment", Kind::Text),
        ("owner_role_type", Kind::Text),
    ]);
    for role in roles {
        let securable = Securable {
            securable_type: "DATABASE_ROLE".into(),
            database: Some(database.clone()),
            schema: None,
            name: role.name.clone(),
        };
        let grants_of: Vec<_> = catalog
            .grants
            .iter()
            .filter(|g| g.on == securable)
            .collect();
        let to_roles = grants_of
            .iter()
            .filter(|g| matches!(g.grantee, Grantee::Role { .. }))
            .count();
        let inherited = grants_of.iter().any(|g| match &g.grantee {
            Grantee::Role { name } => catalog.role_inherits(&current, name),
            _ => false,
        });
        let granted = catalog
            .granted_roles(&Grantee::DatabaseRole {
                database: database.clone(),
                name: role.name.clone(),
            })
            .len();
        rows.push(vec![
            time(role.info.created_on),
            text(role.name.as_str()),
            yes_no(false),
            yes_no(false),
            yes_no(inherited),
            int(to_roles),
            int(grants_of.len() - to_roles),
            int(granted),
            text(role.info.owner.clone()),
            opt_text(role.info.comment.clone()),
            text("ROLE"),
        ]);
    }
    rows.into_result()
}
