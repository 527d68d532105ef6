//! Grants in REST API v2: the `Grant` model of the role API turned into GRANT/REVOKE text and
//! SHOW GRANTS rows turned back into it (shared with `roles.rs` and `users.rs`), and the older,
//! deprecated grants API of `openapi/grant.yaml`
//! (`/api/v2/grants/{granteeType}/{granteeName}/…`).

use axum::{
    Json, Router,
    response::Response,
    routing::{delete, get, post},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    error::RestError,
    params::{Params, RestPath, ident},
    table_model::dotted_ident,
};
use crate::{error::EmulatorError, server::router::AppState};

/// The routes of the deprecated grants API.
pub(super) fn routes() -> Router<AppState> {
    const GRANTEE: &str = "/api/v2/grants/{granteeType}/{granteeName}";
    Router::new()
        .route(GRANTEE, get(list_to))
        .route(
            &format!("{GRANTEE}/{{securableType}}/{{securableName}}/privileges"),
            post(grant_on_object),
        )
        .route(
            &format!("{GRANTEE}/{{securableType}}/{{securableName}}/privileges/{{privilege}}"),
            delete(revoke_on_object::<false>),
        )
        .route(
            &format!(
                "{GRANTEE}/{{securableType}}/{{securableName}}/privileges/{{privilege}}/grant-option"
            ),
            delete(revoke_on_object::<true>),
        )
        .route(
            &format!(
                "{GRANTEE}/{{bulkGrantType}}/{{securableTypePlural}}/{{scopeType}}/{{scopeName}}/privileges"
            ),
            post(grant_on_group),
        )
        .route(
            &format!(
                "{GRANTEE}/{{bulkGrantType}}/{{securableTypePlural}}/{{scopeType}}/{{scopeName}}/privileges/{{privilege}}"
            ),
            delete(revoke_on_group::<false>),
        )
        .route(
            &format!(
                "{GRANTEE}/{{bulkGrantType}}/{{securableTypePlural}}/{{scopeType}}/{{scopeName}}/privileges/{{privilege}}/grant-option"
            ),
            delete(revoke_on_group::<true>),
        )
}

/// Runs a statement and answers its status text as the `{"status": …}` of a write.
pub(super) use super::compute_util::run_ddl as run;

/// Like [`run`], for statements that carry secrets (passwords, cloud credentials): the
/// statement text is never logged, only the session it ran in.
pub(super) async fn run_secret(caller: &Caller, sql: &str) -> Result<Response, RestError> {
    tracing::debug!(
        session_id = caller.session().id(),
        "REST statement (text withheld: it carries a secret)"
    );
    let result = caller
        .session()
        .execute(sql, &crate::sql::binds::Binds::none())
        .await
        .map_err(|error| {
            tracing::debug!(code = error.code(), "REST statement failed");
            RestError::from(error)
        })?;
    let rows = super::show_rows::rows(&result)?;
    Ok(super::compute_util::status_answer(&rows))
}

/// A securable named in a Grant body.
#[derive(Debug, Deserialize)]
pub(super) struct SecurableBody {
    /// Database of a schema-level securable (or of a schema).
    pub(super) database: Option<String>,
    /// Schema of a schema-level securable.
    pub(super) schema: Option<String>,
    /// Service of a service role.
    pub(super) service: Option<String>,
    /// The securable's own name.
    pub(super) name: String,
}

/// Where a bulk (`ALL`/`FUTURE`) grant applies.
#[derive(Debug, Deserialize)]
pub(super) struct ScopeBody {
    /// The database.
    pub(super) database: String,
    /// The schema, when the scope is a schema.
    pub(super) schema: Option<String>,
}

/// The Grant model of the role and user APIs.
#[derive(Debug, Deserialize)]
pub(super) struct GrantBody {
    /// The object granted on (absent for ACCOUNT and bulk grants).
    pub(super) securable: Option<SecurableBody>,
    /// The database or schema of an ALL/FUTURE grant.
    pub(super) containing_scope: Option<ScopeBody>,
    /// Kind of securable: ACCOUNT, DATABASE, SCHEMA, TABLE, ROLE, …
    pub(super) securable_type: String,
    /// Whether the grantee may grant it on.
    pub(super) grant_option: Option<bool>,
    /// The privileges.
    pub(super) privileges: Option<Vec<String>>,
}

/// A securable type as SQL words: `DATABASE_ROLE` → `DATABASE ROLE`; letters, digits, `_` and
/// spaces only.
fn type_words(securable_type: &str) -> Result<String, RestError> {
    let words = securable_type.trim().replace('_', " ").to_ascii_uppercase();
    if words.is_empty() || !words.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') {
        return Err(RestError::bad_request(format!(
            "Invalid securable_type '{securable_type}'."
        )));
    }
    Ok(words)
}

/// The plural of a securable type as SQL words (`TABLE` → `TABLES`, `IMAGE_REPOSITORY` →
/// `IMAGE REPOSITORIES`).
fn plural_words(securable_type: &str) -> Result<String, RestError> {
    let words = type_words(securable_type)?;
    Ok(if words.ends_with('S') {
        words
    } else if let Some(stem) = words.strip_suffix('Y') {
        format!("{stem}IES")
    } else {
        format!("{words}S")
    })
}

/// The privileges as a SQL list; 400 when there are none or one is not a privilege name.
fn privilege_list(privileges: &[String]) -> Result<String, RestError> {
    if privileges.is_empty() {
        return Err(RestError::bad_request(
            "A grant needs at least one privilege.",
        ));
    }
    for privilege in privileges {
        let valid = !privilege.trim().is_empty()
            && privilege
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ');
        if !valid {
            return Err(RestError::bad_request(format!(
                "Invalid privilege '{privilege}'."
            )));
        }
    }
    Ok(privileges
        .iter()
        .map(|p| p.trim().to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join(", "))
}

/// The SQL name of a securable: its parts joined as identifiers (`db.s.svc!role` for a
/// service role).
fn securable_name(securable: &SecurableBody) -> Result<String, RestError> {
    let mut parts = Vec::new();
    for part in [&securable.database, &securable.schema]
        .into_iter()
        .flatten()
    {
        parts.push(ident(part)?);
    }
    let name = ident(&securable.name)?;
    parts.push(match &securable.service {
        Some(service) => format!("{}!{name}", ident(service)?),
        None => name,
    });
    Ok(parts.join("."))
}

/// `IN SCHEMA db.s` / `IN DATABASE db`.
fn scope_sql(scope: &ScopeBody) -> Result<String, RestError> {
    Ok(match &scope.schema {
        Some(schema) => format!("IN SCHEMA {}.{}", ident(&scope.database)?, ident(schema)?),
        None => format!("IN DATABASE {}", ident(&scope.database)?),
    })
}

/// Which way a Grant body goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// GRANT … TO.
    Grant,
    /// REVOKE … FROM, with `CASCADE`/`RESTRICT` when given.
    Revoke(Option<&'static str>),
}

/// The GRANT or REVOKE statement for a Grant body and a grantee (`ROLE "R"`, `USER "U"`);
/// `future` makes a bulk grant apply to objects created later instead of existing ones.
pub(super) fn grant_sql(
    body: &GrantBody,
    grantee: &str,
    direction: Direction,
    future: bool,
) -> Result<String, RestError> {
    let securable_type = type_words(&body.securable_type)?;
    let (verb, to) = match direction {
        Direction::Grant => ("GRANT", "TO"),
        Direction::Revoke(_) => ("REVOKE", "FROM"),
    };
    let tail = match direction {
        Direction::Revoke(Some(mode)) => format!(" {mode}"),
        _ => String::new(),
    };
    if matches!(
        securable_type.as_str(),
        "ROLE" | "DATABASE ROLE" | "SERVICE ROLE"
    ) && !future
    {
        if securable_type == "SERVICE ROLE" && grantee.starts_with("USER ") {
            return Err(RestError::bad_request(
                "A service role is granted to roles, not to users.",
            ));
        }
        let securable = body.securable.as_ref().ok_or_else(|| {
            RestError::bad_request("A role grant needs the securable naming the role.")
        })?;
        return Ok(format!(
            "{verb} {securable_type} {} {to} {grantee}",
            securable_name(securable)?
        ));
    }
    let privileges = privilege_list(body.privileges.as_deref().unwrap_or_default())?;
    let option = body.grant_option == Some(true);
    let (head, with) = match direction {
        Direction::Grant => (
            format!("GRANT {privileges}"),
            if option { " WITH GRANT OPTION" } else { "" },
        ),
        Direction::Revoke(_) if option => (format!("REVOKE GRANT OPTION FOR {privileges}"), ""),
        Direction::Revoke(_) => (format!("REVOKE {privileges}"), ""),
    };
    let on = if future || body.containing_scope.is_some() && body.securable.is_none() {
        let scope = body
            .containing_scope
            .as_ref()
            .ok_or_else(|| RestError::bad_request("A future grant needs containing_scope."))?;
        let bulk = if future { "FUTURE" } else { "ALL" };
        format!(
            "{bulk} {} {}",
            plural_words(&body.securable_type)?,
            scope_sql(scope)?
        )
    } else if securable_type == "ACCOUNT" {
        "ACCOUNT".to_owned()
    } else {
        let securable = body.securable.as_ref().ok_or_else(|| {
            RestError::bad_request(format!(
                "A grant on a {securable_type} needs the securable it is on."
            ))
        })?;
        format!("{securable_type} {}", securable_name(securable)?)
    };
    Ok(format!("{head} ON {on} {to} {grantee}{with}{tail}"))
}

/// `restrict`/`cascade` of a revoke's `mode` (or `deleteMode`) parameter.
pub(super) fn revoke_mode(value: Option<&str>) -> Result<Option<&'static str>, RestError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("restrict") => Ok(Some("RESTRICT")),
        Some(v) if v.eq_ignore_ascii_case("cascade") => Ok(Some("CASCADE")),
        Some(v) => Err(RestError::bad_request(format!(
            "Invalid revoke mode '{v}': expected restrict or cascade."
        ))),
    }
}

/// Splits a SHOW GRANTS `name` (`DB.S."T 1"`) into unquoted parts.
fn name_parts(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
}

/// A SHOW GRANTS TO ROLE row (one privilege) as the Grant model.
pub(super) fn grant_json(row: &Map<String, Value>) -> Value {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let securable_type = text("granted_on");
    let mut grant = Map::new();
    grant.insert("securable_type".into(), json!(securable_type));
    if securable_type != "ACCOUNT" {
        let mut parts = name_parts(text("name"));
        let name = parts.pop().unwrap_or_default();
        let mut securable = Map::new();
        let name = match name.split_once('!') {
            Some((service, role)) if securable_type == "SERVICE_ROLE" => {
                securable.insert("service".into(), json!(service));
                role.to_owned()
            }
            _ => name,
        };
        match parts.as_slice() {
            [database, schema] => {
                securable.insert("database".into(), json!(database));
                securable.insert("schema".into(), json!(schema));
            }
            [database] => {
                securable.insert("database".into(), json!(database));
            }
            _ => {}
        }
        securable.insert("name".into(), json!(name));
        grant.insert("securable".into(), Value::Object(securable));
    }
    grant.insert("privileges".into(), json!([text("privilege")]));
    grant.insert(
        "grant_option".into(),
        json!(text("grant_option").eq_ignore_ascii_case("true")),
    );
    grant.insert(
        "created_on".into(),
        row.get("created_on").cloned().unwrap_or_default(),
    );
    grant.insert("granted_by".into(), json!(text("granted_by")));
    Value::Object(grant)
}

/// A SHOW FUTURE GRANTS row (`name` is `DB.S.<TABLE>`) as the Grant model.
pub(super) fn future_grant_json(row: &Map<String, Value>) -> Value {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let mut parts = name_parts(text("name"));
    parts.pop();
    let mut scope = Map::new();
    if let Some(database) = parts.first() {
        scope.insert("database".into(), json!(database));
    }
    if let Some(schema) = parts.get(1) {
        scope.insert("schema".into(), json!(schema));
    }
    json!({
        "securable_type": text("grant_on"),
        "containing_scope": scope,
        "privileges": [text("privilege")],
        "grant_option": text("grant_option").eq_ignore_ascii_case("true"),
        "created_on": row.get("created_on").cloned().unwrap_or_default(),
    })
}

/// Keeps the first `showLimit` rows when given.
pub(super) fn limited(rows: Vec<Value>, params: &Params) -> Result<Vec<Value>, RestError> {
    let limit = params.list_filter()?.show_limit;
    Ok(match limit {
        Some(n) => rows.into_iter().take(n as usize).collect(),
        None => rows,
    })
}

// The deprecated grants API.

/// `ROLE "R"`, `USER "U"` or `DATABASE ROLE "D"."R"` for the path's grantee.
fn grantee_sql(grantee_type: &str, grantee_name: &str) -> Result<String, RestError> {
    match grantee_type {
        "role" => Ok(format!("ROLE {}", ident(grantee_name)?)),
        "user" => Ok(format!("USER {}", ident(grantee_name)?)),
        "database-role" => Ok(format!("DATABASE ROLE {}", dotted_ident(grantee_name)?)),
        "application-role" | "share" => Err(RestError::from(EmulatorError::unsupported(format!(
            "grants to a {grantee_type}"
        )))),
        other => Err(RestError::bad_request(format!(
            "Invalid granteeType '{other}': expected user, role, database-role, application-role or share."
        ))),
    }
}

/// A SHOW GRANTS row as the deprecated API's Grant.
fn old_grant_json(row: &Map<String, Value>, grantee_type: &str) -> Value {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    if row.contains_key("role") {
        // A role granted to a user.
        return json!({
            "privileges": ["USAGE"],
            "grant_option": false,
            "created_on": row.get("created_on").cloned().unwrap_or_default(),
            "grantee_type": grantee_type,
            "grantee_name": text("grantee_name"),
            "securable_type": "ROLE",
            "securable_name": text("role"),
            "granted_by_role_type": "ROLE",
            "granted_by_name": text("granted_by"),
        });
    }
    json!({
        "privileges": [text("privilege")],
        "grant_option": text("grant_option").eq_ignore_ascii_case("true"),
        "created_on": row.get("created_on").cloned().unwrap_or_default(),
        "grantee_type": grantee_type,
        "grantee_name": text("grantee_name"),
        "securable_type": text("granted_on"),
        "securable_name": text("name"),
        "granted_by_role_type": "ROLE",
        "granted_by_name": text("granted_by"),
    })
}

async fn list_to(
    caller: Caller,
    RestPath((grantee_type, grantee_name)): RestPath<(String, String)>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(
        operation = "listGrantsTo",
        grantee_type,
        grantee_name,
        "REST"
    );
    let grantee = grantee_sql(&grantee_type, &grantee_name)?;
    let rows = caller
        .sql_rows(&format!("SHOW GRANTS TO {grantee}"))
        .await?;
    let grants = rows
        .iter()
        .map(|row| old_grant_json(row, &grantee_type))
        .collect();
    Ok(Json(limited(grants, &params)?))
}

/// The deprecated API's Grant body: only the privileges and the grant option count.
#[derive(Debug, Deserialize)]
struct OldGrantBody {
    privileges: Option<Vec<String>>,
    grant_option: Option<bool>,
}

/// `TABLE "DB"."S"."T"` for a securable type and (possibly dotted) name from the path.
fn object_sql(securable_type: &str, securable_name: &str) -> Result<String, RestError> {
    let words = type_words(securable_type)?;
    if words == "ACCOUNT" {
        return Ok(words);
    }
    Ok(format!("{words} {}", dotted_ident(securable_name)?))
}

/// `ALL TABLES IN SCHEMA "DB"."S"` (or `FUTURE …`) for a bulk grant's path.
fn group_sql(
    bulk: &str,
    plural: &str,
    scope_type: &str,
    scope_name: &str,
) -> Result<String, RestError> {
    let bulk = match bulk {
        b if b.eq_ignore_ascii_case("all") => "ALL",
        b if b.eq_ignore_ascii_case("future") => "FUTURE",
        other => {
            return Err(RestError::bad_request(format!(
                "Invalid bulkGrantType '{other}': expected all or future."
            )));
        }
    };
    let scope = match scope_type {
        s if s.eq_ignore_ascii_case("database") => "DATABASE",
        s if s.eq_ignore_ascii_case("schema") => "SCHEMA",
        other => {
            return Err(RestError::bad_request(format!(
                "Invalid scopeType '{other}': expected database or schema."
            )));
        }
    };
    Ok(format!(
        "{bulk} {} IN {scope} {}",
        type_words(plural)?,
        dotted_ident(scope_name)?
    ))
}

async fn grant_on_object(
    caller: Caller,
    RestPath((grantee_type, grantee_name, securable_type, securable_name)): RestPath<(
        String,
        String,
        String,
        String,
    )>,
    JsonBody(body): JsonBody<OldGrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(
        operation = "grantPrivilege",
        grantee_type,
        grantee_name,
        "REST"
    );
    let on = || object_sql(&securable_type, &securable_name);
    grant_old(&caller, (&grantee_type, &grantee_name), on, &body).await
}

/// The GRANT of an `OldGrantBody`'s privileges on the securable `on` names to the path's
/// grantee (the privileges are checked before the securable, as the error order requires).
async fn grant_old(
    caller: &Caller,
    grantee: (&str, &str),
    on: impl FnOnce() -> Result<String, RestError>,
    body: &OldGrantBody,
) -> Result<Response, RestError> {
    let privileges = privilege_list(body.privileges.as_deref().unwrap_or_default())?;
    let with = if body.grant_option == Some(true) {
        " WITH GRANT OPTION"
    } else {
        ""
    };
    let sql = format!(
        "GRANT {privileges} ON {} TO {}{with}",
        on()?,
        grantee_sql(grantee.0, grantee.1)?
    );
    run(caller, &sql).await
}

/// A revoke of one privilege on `on` from the path's grantee.
async fn revoke_one(
    caller: &Caller,
    grantee: (&str, &str),
    on: &str,
    privilege: &str,
    option_only: bool,
    params: &Params,
) -> Result<Response, RestError> {
    let privilege = privilege_list(&[privilege.to_owned()])?;
    let mode = revoke_mode(params.get("deleteMode"))?
        .map(|m| format!(" {m}"))
        .unwrap_or_default();
    let option = if option_only { "GRANT OPTION FOR " } else { "" };
    let sql = format!(
        "REVOKE {option}{privilege} ON {on} FROM {}{mode}",
        grantee_sql(grantee.0, grantee.1)?
    );
    run(caller, &sql).await
}

/// Path of a revoke on one object.
type ObjectPrivilegePath = (String, String, String, String, String);

/// `DELETE …/privileges/{privilege}` (`OPTION_ONLY`: `…/grant-option`, which revokes only
/// the grant option).
async fn revoke_on_object<const OPTION_ONLY: bool>(
    caller: Caller,
    RestPath((grantee_type, grantee_name, securable_type, securable_name, privilege)): RestPath<
        ObjectPrivilegePath,
    >,
    params: Params,
) -> Result<Response, RestError> {
    let on = object_sql(&securable_type, &securable_name)?;
    let grantee = (grantee_type.as_str(), grantee_name.as_str());
    revoke_one(&caller, grantee, &on, &privilege, OPTION_ONLY, &params).await
}

/// Path of a bulk grant.
type GroupPath = (String, String, String, String, String, String);

async fn grant_on_group(
    caller: Caller,
    RestPath((grantee_type, grantee_name, bulk, plural, scope_type, scope_name)): RestPath<
        GroupPath,
    >,
    JsonBody(body): JsonBody<OldGrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(
        operation = "grantGroupPrivilege",
        grantee_type,
        grantee_name,
        "REST"
    );
    let on = || group_sql(&bulk, &plural, &scope_type, &scope_name);
    grant_old(&caller, (&grantee_type, &grantee_name), on, &body).await
}

/// Path of a bulk revoke of one privilege.
type GroupPrivilegePath = (String, String, String, String, String, String, String);

/// The bulk form of [`revoke_on_object`].
async fn revoke_on_group<const OPTION_ONLY: bool>(
    caller: Caller,
    RestPath((grantee_type, grantee_name, bulk, plural, scope_type, scope_name, privilege)): RestPath<
        GroupPrivilegePath,
    >,
    params: Params,
) -> Result<Response, RestError> {
    let on = group_sql(&bulk, &plural, &scope_type, &scope_name)?;
    let grantee = (grantee_type.as_str(), grantee_name.as_str());
    revoke_one(&caller, grantee, &on, &privilege, OPTION_ONLY, &params).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(value: Value) -> GrantBody {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn grant_bodies_become_statements() {
        let on_table = body(json!({
            "securable_type": "TABLE",
            "securable": {"database": "db", "schema": "s", "name": "t"},
            "privileges": ["select", "insert"], "grant_option": true
        }));
        assert_eq!(
            grant_sql(&on_table, "ROLE \"R\"", Direction::Grant, false).unwrap(),
            "GRANT SELECT, INSERT ON TABLE \"DB\".\"S\".\"T\" TO ROLE \"R\" WITH GRANT OPTION"
        );
        assert_eq!(
            grant_sql(
                &on_table,
                "ROLE \"R\"",
                Direction::Revoke(Some("CASCADE")),
                false
            )
            .unwrap(),
            "REVOKE GRANT OPTION FOR SELECT, INSERT ON TABLE \"DB\".\"S\".\"T\" FROM ROLE \"R\" CASCADE"
        );
        let role = body(json!({"securable_type": "ROLE", "securable": {"name": "child"}}));
        assert_eq!(
            grant_sql(&role, "USER \"U\"", Direction::Grant, false).unwrap(),
            "GRANT ROLE \"CHILD\" TO USER \"U\""
        );
        let future = body(json!({
            "securable_type": "IMAGE_REPOSITORY", "containing_scope": {"database": "db"},
            "privileges": ["READ"]
        }));
        assert_eq!(
            grant_sql(&future, "ROLE \"R\"", Direction::Grant, true).unwrap(),
            "GRANT READ ON FUTURE IMAGE REPOSITORIES IN DATABASE \"DB\" TO ROLE \"R\""
        );
        let account = body(json!({"securable_type": "ACCOUNT", "privileges": ["CREATE DATABASE"]}));
        assert_eq!(
            grant_sql(&account, "ROLE \"R\"", Direction::Grant, false).unwrap(),
            "GRANT CREATE DATABASE ON ACCOUNT TO ROLE \"R\""
        );
        let service_role = body(json!({
            "securable_type": "SERVICE ROLE",
            "securable": {"database": "db", "schema": "s", "service": "svc", "name": "r"}
        }));
        assert_eq!(
            grant_sql(&service_role, "ROLE \"R\"", Direction::Grant, false).unwrap(),
            "GRANT SERVICE ROLE \"DB\".\"S\".\"SVC\"!\"R\" TO ROLE \"R\""
        );
        assert!(grant_sql(&service_role, "USER \"U\"", Direction::Grant, false).is_err());
        let smuggled = body(json!({"securable_type": "TABLE; DROP", "privileges": ["SELECT"]}));
        assert!(grant_sql(&smuggled, "ROLE \"R\"", Direction::Grant, false).is_err());
        let empty = body(json!({"securable_type": "ACCOUNT", "privileges": []}));
        assert!(grant_sql(&empty, "ROLE \"R\"", Direction::Grant, false).is_err());
    }

    #[test]
    fn show_names_split_into_parts() {
        assert_eq!(name_parts("DB.\"my s\".T"), ["DB", "my s", "T"]);
        assert_eq!(name_parts("\"a\"\"b\""), ["a\"b"]);
    }
}
