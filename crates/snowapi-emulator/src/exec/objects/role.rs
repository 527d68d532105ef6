//! CREATE, ALTER, DROP and SHOW ROLE (account roles).

use std::sync::Arc;

use super::{
    CreateHeader, Dropped, created, executed,
    filter::ShowFilter,
    rows::{Kind, Rows, int, opt_text, text, time, yes_no},
    single,
    syntax::Syntax,
};
use crate::{
    catalog::{Grantee, Name, ObjectInfo, Role},
    engine::{QueryResult, Session},
    error::{EmulatorError, ErrorKind, Result},
};

/// Roles every account has; they cannot be dropped or renamed.
pub(super) const SYSTEM_ROLES: &[&str] = &[
    "ACCOUNTADMIN",
    "SECURITYADMIN",
    "SYSADMIN",
    "USERADMIN",
    "ORGADMIN",
    "PUBLIC",
];

fn protected(name: &Name) -> Result<()> {
    if SYSTEM_ROLES.contains(&name.as_str()) {
        return Err(EmulatorError::new(
            ErrorKind::InsufficientPrivileges,
            format!(
                "SQL access control error:\nInsufficient privileges to operate on account role '{name}'"
            ),
        ));
    }
    Ok(())
}

/// `CREATE [OR REPLACE] ROLE [IF NOT EXISTS] r [COMMENT = '...']`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    let mut comment = None;
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        match key.as_str() {
            "COMMENT" => comment = Some(super::comment_value(&value)?),
            _ => {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
        }
    }
    let owner = session.state().role;
    let new = {
        let name = name.clone();
        session
            .write(move |catalog| {
                if catalog.roles.contains_key(&name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &name));
                    }
                    protected(&name)?;
                    catalog.forget_grantee(&Grantee::Role { name: name.clone() });
                }
                let role = Role {
                    name: name.clone(),
                    info: ObjectInfo::new(&owner, comment),
                };
                catalog.roles.insert(name, Arc::new(role));
                Ok(true)
            })
            .await?
    };
    created("Role", &name, new)
}

/// `ALTER ROLE [IF EXISTS] r SET COMMENT = '...' | UNSET COMMENT | RENAME TO x`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    let rename = if syntax.accept_all(&["RENAME", "TO"]) {
        Some(single(syntax.name()?)?)
    } else {
        None
    };
    let comment = if rename.is_some() {
        None
    } else if syntax.accept("SET") {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if key != "COMMENT" {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
        Some(Some(super::comment_value(&value)?))
    } else if syntax.accept("UNSET") {
        syntax.expect(&["COMMENT"])?;
        Some(None)
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    let current_role = session.state().role;
    let renamed = {
        let (name, rename) = (name.clone(), rename.clone());
        session
            .write(move |catalog| {
                let Some(role) = catalog.roles.get(&name).cloned() else {
                    return if if_exists {
                        Ok(false)
                    } else {
                        Err(EmulatorError::not_found("Role", &name))
                    };
                };
                let mut role = (*role).clone();
                if let Some(comment) = comment {
                    role.info.comment = comment;
                    catalog.roles.insert(name, Arc::new(role));
                    return Ok(false);
                }
                let Some(to) = rename else {
                    return Ok(false);
                };
                protected(&name)?;
                if catalog.roles.contains_key(&to) {
                    return Err(EmulatorError::already_exists("Object", &to));
                }
                catalog.roles.remove(&name);
                role.name = to.clone();
                catalog.roles.insert(to.clone(), Arc::new(role));
                catalog.rename_in_grants("ROLE", &name, &to);
                catalog.transfer_ownership(name.as_str(), to.as_str());
                Ok(true)
            })
            .await?
    };
    if renamed
        && current_role == name.as_str()
        && let Some(to) = rename
    {
        session.update(|state| state.role = to.to_string());
    }
    executed()
}

/// `DROP ROLE [IF EXISTS] r`: grants to and of it go; what it owned passes to the current role.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let name = single(parts)?;
    let current_role = session.state().role;
    session
        .write(move |catalog| {
            if !catalog.roles.contains_key(&name) {
                return Ok(Dropped::Missing(EmulatorError::not_found("Role", &name)));
            }
            protected(&name)?;
            catalog.roles.remove(&name);
            catalog.forget_grantee(&Grantee::Role { name: name.clone() });
            catalog.transfer_ownership(name.as_str(), &current_role);
            Ok(Dropped::Yes(name.to_string()))
        })
        .await
}

/// `SHOW ROLES [LIKE '...'] [STARTS WITH '...'] [LIMIT n [FROM '...']]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(&mut syntax, &session.name_context(), "SHOW ROLES", false)?;
    let catalog = session.snapshot();
    let state = session.state();
    let current = Name::canonical(state.role.clone());
    let default_role = catalog
        .users
        .get(&Name::canonical(state.user.clone()))
        .and_then(|u| u.property("DEFAULT_ROLE").map(str::to_uppercase));
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("name", Kind::Text),
        ("is_default", Kind::Text),
        ("is_current", Kind::Text),
        ("is_inherited", Kind::Text),
        ("assigned_to_users", Kind::Int),
        ("granted_to_roles", Kind::Int),
        ("granted_roles", Kind::Int),
        ("owner", Kind::Text),
        ("comment", Kind::Text),
        ("owner_role_type", Kind::Text),
    ]);
    let roles = filter.apply(catalog.roles.values().collect(), |r| r.name.as_str());
    for role in roles {
        let grants_of = catalog.grants.iter().filter(|g| {
            g.on.securable_type == "ROLE" && g.on.database.is_none() && g.on.name == role.name
        });
        let (to_users, to_roles) = grants_of.fold((0, 0), |(users, roles), g| match g.grantee {
            Grantee::User { .. } => (users + 1, roles),
            _ => (users, roles + 1),
        });
        let granted = catalog
            .granted_roles(&Grantee::Role {
                name: role.name.clone(),
            })
            .len();
        rows.push(vec![
            time(role.info.created_on),
            text(role.name.as_str()),
            yes_no(default_role.as_deref() == Some(role.name.as_str())),
            yes_no(role.name == current),
            yes_no(role.name != current && catalog.role_inherits(&current, &role.name)),
            int(to_users),
            int(to_roles),
            int(granted),
            text(role.info.owner.clone()),
            opt_text(role.info.comment.clone()),
            text(if role.info.owner.is_empty() {
                ""
            } else {
                "ROLE"
            }),
        ]);
    }
    rows.into_result()
}
