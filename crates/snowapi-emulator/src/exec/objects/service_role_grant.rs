//! GRANT SERVICE ROLE `[db.][schema.]service!role` TO { ROLE r | DATABASE ROLE d.r }, REVOKE …
//! FROM …, and the name of a service role as SHOW GRANTS OF SERVICE ROLE reads it.
//!
//! Snowflake grants service roles to account, database and application roles, never to users,
//! so `TO USER` is a syntax error here as there.

use chrono::Utc;
use sqlparser::tokenizer::Token;

use super::{
    executed,
    grant::{OBJECT_TYPES, check_exists, check_grantee, read_grantee, resolve},
    syntax::Syntax,
};
use crate::{
    catalog::{Catalog, Grant, Name, Securable},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// Reads `[db.][schema.]service!role`, resolving the service's database and schema against the
/// session.
pub(super) fn read_service_role(
    session: &Session,
    syntax: &mut Syntax<'_>,
    command: &str,
) -> Result<Securable> {
    let service = resolve(session, service_type()?, syntax.name()?, command)?;
    syntax.expect_token(&Token::ExclamationMark)?;
    let role = super::single(syntax.name()?)?;
    let (Some(database), Some(schema)) = (service.database, service.schema) else {
        return Err(EmulatorError::internal("service without schema"));
    };
    Ok(Securable::service_role(
        database,
        schema,
        &service.name,
        &role,
    ))
}

fn service_type() -> Result<&'static super::grant::ObjectType> {
    OBJECT_TYPES
        .iter()
        .find(|t| t.securable_type == "SERVICE")
        .ok_or_else(|| EmulatorError::internal("no SERVICE object type"))
}

/// Fails with Snowflake's "does not exist" error unless the service exists and defines the
/// role; returns the securable with the role's canonical spelling.
pub(super) fn check_service_role(catalog: &Catalog, on: &Securable) -> Result<Securable> {
    let (service, role) = on
        .service_role_parts()
        .ok_or_else(|| EmulatorError::internal("not a service role"))?;
    let service_on = Securable {
        securable_type: "SERVICE".into(),
        database: on.database.clone(),
        schema: on.schema.clone(),
        name: service.clone(),
    };
    check_exists(catalog, service_type()?, &service_on)?;
    let found = catalog
        .service_of_role(on)
        .and_then(|found| found.service_role(&role))
        .ok_or_else(|| {
            EmulatorError::not_found(
                "Service role",
                format!(
                    "{}.{}.{}!{}",
                    service_on.database.as_ref().map_or("", Name::as_str),
                    service_on.schema.as_ref().map_or("", Name::as_str),
                    service,
                    role
                ),
            )
        })?;
    let (Some(database), Some(schema)) = (on.database.clone(), on.schema.clone()) else {
        return Err(EmulatorError::internal("service role without schema"));
    };
    Ok(Securable::service_role(database, schema, &service, &found))
}

/// Runs `GRANT SERVICE ROLE … TO …` / `REVOKE SERVICE ROLE … FROM …`, the syntax read up to
/// (not including) `SERVICE ROLE`.
pub(super) async fn grant_or_revoke(
    session: &Session,
    mut syntax: Syntax<'_>,
    granting: bool,
) -> Result<QueryResult> {
    let command = if granting { "GRANT" } else { "REVOKE" };
    syntax.expect(&["SERVICE", "ROLE"])?;
    let role = read_service_role(session, &mut syntax, command)?;
    syntax.expect(&[if granting { "TO" } else { "FROM" }])?;
    if syntax.peek(&["USER"]) {
        return Err(syntax.unexpected());
    }
    let grantee = read_grantee(session, &mut syntax, command)?;
    syntax.finish()?;
    let granted_by = session.state().role;
    tracing::debug!(command, service_role = %role.qualified_name(), grantee = %grantee, "service role grant");
    session
        .write(move |catalog| {
            let on = check_service_role(catalog, &role)?;
            check_grantee(catalog, &grantee)?;
            let grant = Grant {
                privilege: "USAGE".into(),
                on,
                grantee,
                grant_option: false,
                granted_by,
                created_on: Utc::now(),
            };
            if granting {
                catalog.add_grant(grant);
            } else {
                catalog.grants.retain(|g| !g.same_as(&grant));
            }
            Ok(())
        })
        .await?;
    executed()
}
