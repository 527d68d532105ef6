//! SHOW GRANTS [ON ACCOUNT | ON <type> <name> | TO ROLE r | TO DATABASE ROLE d.r | TO USER u |
//! OF ROLE r | OF DATABASE ROLE d.r | OF SERVICE ROLE [db.s.]svc!r] and SHOW FUTURE GRANTS IN
//! SCHEMA|DATABASE ... | TO ROLE r.

use super::{
    grant::{check_exists, check_grantee, read_grantee, read_type, resolve},
    rows::{Kind, Rows, text, time, true_false},
    service_role_grant::{check_service_role, read_service_role},
    syntax::Syntax,
};
use crate::{
    catalog::{FutureGrant, Grant, Grantee, Name, Securable},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

const COMMAND: &str = "SHOW GRANTS";

/// Runs SHOW [FUTURE] GRANTS.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    if syntax.accept_all(&["FUTURE", "GRANTS"]) {
        return show_future(session, syntax);
    }
    syntax.expect(&["GRANTS"])?;
    let catalog = session.snapshot();
    let account = session.engine().config().account.clone();
    let mut grants = catalog.effective_grants(&account);
    grants.sort_by(|a, b| {
        (a.created_on, &a.privilege, &a.on, &a.grantee).cmp(&(
            b.created_on,
            &b.privilege,
            &b.on,
            &b.grantee,
        ))
    });
    if syntax.is_done() {
        let user = Grantee::User {
            name: Name::canonical(session.state().user),
        };
        return role_grants(grants.into_iter().filter(|g| g.grantee == user));
    }
    if syntax.accept("ON") {
        if syntax.accept("ACCOUNT") {
            syntax.finish()?;
            return privilege_grants(
                grants
                    .into_iter()
                    .filter(|g| g.on.securable_type == "ACCOUNT"),
            );
        }
        let object_type = read_type(&mut syntax, false)?;
        let parts = syntax.name()?;
        syntax.finish()?;
        let on = resolve(session, object_type, parts, COMMAND)?;
        check_exists(&catalog, object_type, &on)?;
        return privilege_grants(grants.into_iter().filter(|g| g.on == on));
    }
    if syntax.accept("TO") {
        let grantee = read_grantee(session, &mut syntax, COMMAND)?;
        syntax.finish()?;
        check_grantee(&catalog, &grantee)?;
        let to_grantee = grants.into_iter().filter(|g| g.grantee == grantee);
        return match grantee {
            Grantee::User { .. } => role_grants(to_grantee),
            _ => privilege_grants(to_grantee),
        };
    }
    if syntax.accept("OF") {
        if syntax.accept_all(&["SERVICE", "ROLE"]) {
            let named = read_service_role(session, &mut syntax, COMMAND)?;
            syntax.finish()?;
            let role = check_service_role(&catalog, &named)?;
            // The service's owner role holds each of its service roles from the start.
            let owner = catalog.service_of_role(&role).map(|service| Grant {
                privilege: "USAGE".into(),
                on: role.clone(),
                grantee: Grantee::Role {
                    name: Name::canonical(service.info.owner.clone()),
                },
                grant_option: false,
                granted_by: service.info.owner.clone(),
                created_on: service.info.created_on,
            });
            let granted = grants.into_iter().filter(|g| g.on == role);
            return role_grants(owner.into_iter().chain(granted));
        }
        let is_database_role = syntax.accept_all(&["DATABASE", "ROLE"]);
        if !is_database_role {
            syntax.expect(&["ROLE"])?;
        }
        let role_type = super::grant::OBJECT_TYPES
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
        let parts = syntax.name()?;
        syntax.finish()?;
        let role: Securable = resolve(session, role_type, parts, COMMAND)?;
        check_exists(&catalog, role_type, &role)?;
        return role_grants(
            grants
                .into_iter()
                .filter(|g| g.privilege == "USAGE" && g.on == role),
        );
    }
    Err(syntax.unexpected())
}

/// created_on, privilege, granted_on, name, granted_to, grantee_name, grant_option, granted_by.
fn privilege_grants(grants: impl Iterator<Item = Grant>) -> Result<QueryResult> {
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("privilege", Kind::Text),
        ("granted_on", Kind::Text),
        ("name", Kind::Text),
        ("granted_to", Kind::Text),
        ("grantee_name", Kind::Text),
        ("grant_option", Kind::Text),
        ("granted_by", Kind::Text),
    ]);
    for grant in grants {
        rows.push(vec![
            time(grant.created_on),
            text(grant.privilege.clone()),
            text(grant.on.securable_type.clone()),
            text(grant.on.qualified_name()),
            text(grant.grantee.kind()),
            text(grant.grantee.to_string()),
            true_false(grant.grant_option),
            text(grant.granted_by.clone()),
        ]);
    }
    rows.into_result()
}

/// created_on, role, granted_to, grantee_name, granted_by: the role grants among `grants`.
fn role_grants(grants: impl Iterator<Item = Grant>) -> Result<QueryResult> {
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("role", Kind::Text),
        ("granted_to", Kind::Text),
        ("grantee_name", Kind::Text),
        ("granted_by", Kind::Text),
    ]);
    for grant in grants.filter(Grant::is_role_grant) {
        rows.push(vec![
            time(grant.created_on),
            text(grant.on.qualified_name()),
            text(grant.grantee.kind()),
            text(grant.grantee.to_string()),
            text(grant.granted_by.clone()),
        ]);
    }
    rows.into_result()
}

/// SHOW FUTURE GRANTS IN SCHEMA s | IN DATABASE d | TO ROLE r | TO DATABASE ROLE d.r.
fn show_future(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let catalog = session.snapshot();
    let keep: Box<dyn Fn(&FutureGrant) -> bool> = if syntax.accept("IN") {
        if syntax.accept("DATABASE") {
            let database = super::single(syntax.name()?)?;
            syntax.finish()?;
            catalog.database(&database)?;
            Box::new(move |f| f.database == database && f.schema.is_none())
        } else {
            syntax.expect(&["SCHEMA"])?;
            let schema_type = super::grant::OBJECT_TYPES
                .iter()
                .find(|t| t.securable_type == "SCHEMA")
                .ok_or_else(|| EmulatorError::internal("no SCHEMA object type"))?;
            let parts = syntax.name()?;
            syntax.finish()?;
            let schema = resolve(session, schema_type, parts, COMMAND)?;
            check_exists(&catalog, schema_type, &schema)?;
            Box::new(move |f| {
                Some(&f.database) == schema.database.as_ref()
                    && f.schema.as_ref() == Some(&schema.name)
            })
        }
    } else {
        syntax.expect(&["TO"])?;
        let grantee = read_grantee(session, &mut syntax, COMMAND)?;
        syntax.finish()?;
        check_grantee(&catalog, &grantee)?;
        Box::new(move |f| f.grantee == grantee)
    };
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("privilege", Kind::Text),
        ("grant_on", Kind::Text),
        ("name", Kind::Text),
        ("grant_to", Kind::Text),
        ("grantee_name", Kind::Text),
        ("grant_option", Kind::Text),
    ]);
    for future in catalog.future_grants.iter().filter(|f| keep(f)) {
        rows.push(vec![
            time(future.created_on),
            text(future.privilege.clone()),
            text(future.object_type.clone()),
            text(future.pattern()),
            text(future.grantee.kind()),
            text(future.grantee.to_string()),
            true_false(future.grant_option),
        ]);
    }
    rows.into_result()
}
