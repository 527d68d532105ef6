//! REST API v2 users (`openapi/user.yaml`): list, create, fetch, create-or-alter, drop, and the
//! roles granted to a user. A password is only ever sent: no answer carries it.

use axum::{
    Json, Router,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    error::RestError,
    grantee_grants::{Change, Grantee, change, listed},
    grants::run_secret,
    params::{CreateMode, Params, RestPath, canonical, create_prefix, ident, sql_string},
    split_action, success,
    tags::{self, Tagged},
};
use crate::{
    catalog::{Name, TagDomain},
    server::router::AppState,
};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/users", get(list).post(create))
        .route(
            "/api/v2/users/{name}",
            get(fetch)
                .put(create_or_alter)
                .delete(delete)
                .post(|c, p, q, b| tags::account_post(TagDomain::User, c, p, q, b)),
        )
        .route(
            "/api/v2/users/{name}/grants",
            get(list_grants).post(|c, p, q, b| change(Grantee::User, Change::GRANT, c, p, q, b)),
        )
        .route(
            "/api/v2/users/{name}/grants:revoke",
            post(|c, p, q, b| change(Grantee::User, Change::REVOKE, c, p, q, b)),
        )
}

/// Text properties: the model's field and the SQL property it sets.
const TEXT: &[&str] = &[
    "login_name",
    "display_name",
    "first_name",
    "middle_name",
    "last_name",
    "email",
    "default_warehouse",
    "default_namespace",
    "default_role",
    "rsa_public_key",
    "rsa_public_key_2",
    "comment",
    "type",
    "network_policy",
];
/// Boolean properties.
const FLAGS: &[&str] = &[
    "must_change_password",
    "disabled",
    "enable_unredacted_query_syntax_error",
];
/// Whole-number properties.
const NUMBERS: &[&str] = &["days_to_expiry", "mins_to_unlock", "mins_to_bypass_mfa"];

/// A user body: the name, the password (kept out of `Debug`) and the other writable fields.
#[derive(Deserialize)]
struct UserBody {
    name: String,
    password: Option<String>,
    #[serde(flatten)]
    fields: Map<String, Value>,
}

/// `KEY = value` for every writable field present in the body (not the password).
fn properties(fields: &Map<String, Value>) -> Result<Vec<String>, RestError> {
    let mut out = Vec::new();
    let bad = |key: &str, value: &Value, want: &str| {
        RestError::bad_request(format!("Invalid value {value} for {key}: expected {want}."))
    };
    for (key, value) in fields {
        if value.is_null() {
            continue;
        }
        let key = key.as_str();
        let sql = if TEXT.contains(&key) {
            let text = value.as_str().ok_or_else(|| bad(key, value, "a string"))?;
            sql_string(text)
        } else if FLAGS.contains(&key) {
            let flag = value
                .as_bool()
                .ok_or_else(|| bad(key, value, "true or false"))?;
            if flag { "TRUE" } else { "FALSE" }.to_owned()
        } else if NUMBERS.contains(&key) {
            let number = match value {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            };
            number
                .ok_or_else(|| bad(key, value, "a whole number"))?
                .to_string()
        } else if key == "default_secondary_roles" {
            secondary_roles(value).ok_or_else(|| bad(key, value, "ALL or NONE"))?
        } else {
            continue;
        };
        out.push(format!("{} = {sql}", key.to_ascii_uppercase()));
    }
    Ok(out)
}

/// `('ALL')` or `()` from `"ALL"`, `"NONE"`, `["ALL"]` or `'["ALL"]'`.
fn secondary_roles(value: &Value) -> Option<String> {
    let list: Vec<String> = match value {
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<_>>()?,
        Value::String(text) if text.trim_start().starts_with('[') => {
            serde_json::from_str(text).ok()?
        }
        Value::String(text) if text.eq_ignore_ascii_case("none") || text.is_empty() => Vec::new(),
        Value::String(text) => vec![text.clone()],
        _ => return None,
    };
    if list.iter().any(|r| !r.eq_ignore_ascii_case("all")) {
        return None;
    }
    Some(format!(
        "({})",
        list.iter().map(|_| "'ALL'").collect::<Vec<_>>().join(", ")
    ))
}

/// A SHOW USERS row as the model.
fn user_json(row: &Map<String, Value>) -> Map<String, Value> {
    let mut user = Map::new();
    let text = |key: &str| row.get(key).and_then(Value::as_str);
    for key in TEXT
        .iter()
        .chain(["default_secondary_roles", "owner", "ext_authn_uid"].iter())
    {
        if let Some(value) = text(key).filter(|v| !v.is_empty()) {
            user.insert((*key).into(), json!(value));
        }
    }
    user.insert("name".into(), json!(text("name").unwrap_or_default()));
    for key in FLAGS.iter().chain(
        [
            "snowflake_lock",
            "has_password",
            "has_rsa_public_key",
            "ext_authn_duo",
        ]
        .iter(),
    ) {
        if let Some(value) = text(key) {
            user.insert((*key).into(), json!(value.eq_ignore_ascii_case("true")));
        }
    }
    for key in NUMBERS {
        if let Some(number) = text(key).and_then(|v| v.parse::<i64>().ok()) {
            user.insert((*key).into(), json!(number));
        }
    }
    let times = [
        ("created_on", "created_on"),
        ("last_success_login", "last_successful_login"),
        ("expires_at_time", "expires_at"),
        ("locked_until_time", "locked_until"),
    ];
    for (column, field) in times {
        user.insert(
            field.into(),
            row.get(column).cloned().unwrap_or(Value::Null),
        );
    }
    user
}

async fn list(caller: Caller, params: Params) -> Result<Json<Vec<Value>>, RestError> {
    let filter = params.list_filter()?;
    tracing::debug!(operation = "listUsers", "REST");
    let rows = super::account_objects::list_rows(&caller, "USERS", &filter).await?;
    Ok(Json(
        rows.iter()
            .map(|row| Value::Object(user_json(row)))
            .collect(),
    ))
}

/// The SHOW USERS row of one user, if it exists.
async fn show_one(caller: &Caller, name: &str) -> Result<Option<Map<String, Value>>, RestError> {
    super::account_objects::find(caller, "USERS", name).await
}

async fn fetch(
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("get-tags") => {
            return tags::get(&caller, Tagged::new(TagDomain::User, &[name]), &query).await;
        }
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "Unknown user action ':{other}'."
            )));
        }
        None => {}
    }
    tracing::debug!(operation = "fetchUser", name, "REST");
    let row = show_one(&caller, name)
        .await?
        .ok_or_else(|| RestError::not_found("User", &canonical(name)))?;
    let mut user = user_json(&row);
    // DESCRIBE USER knows what SHOW USERS leaves out (middle name, keys and their prints).
    let described = caller
        .sql_rows(&format!("DESCRIBE USER {}", ident(name)?))
        .await?;
    for property in described {
        let key = property
            .get("property")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let wanted = [
            "middle_name",
            "rsa_public_key",
            "rsa_public_key_fp",
            "rsa_public_key_2",
            "rsa_public_key_2_fp",
            "network_policy",
        ];
        if let Some(value) = property
            .get("value")
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty() && *v != "null")
            && wanted.contains(&key.as_str())
        {
            user.insert(key, json!(value));
        }
    }
    // Neither SHOW USERS nor DESCRIBE USER lists these; the catalog keeps them.
    let snapshot = caller.session().snapshot();
    if let Some(stored) = snapshot.users.get(&Name::canonical(canonical(name))) {
        let on = stored
            .property("ENABLE_UNREDACTED_QUERY_SYNTAX_ERROR")
            .is_some_and(|v| v == "true");
        user.insert("enable_unredacted_query_syntax_error".into(), json!(on));
        if let Some(policy) = stored.property("NETWORK_POLICY") {
            user.insert("network_policy".into(), json!(policy));
        }
    }
    user.remove("password");
    Ok(Json(Value::Object(user)))
}

async fn create(
    caller: Caller,
    params: Params,
    JsonBody(body): JsonBody<UserBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    tracing::debug!(operation = "createUser", name = body.name, "REST");
    run_secret(&caller, &create_sql(mode, &body)?).await
}

fn create_sql(mode: CreateMode, body: &UserBody) -> Result<String, RestError> {
    let mut sql = format!("{} {}", create_prefix(mode, "USER"), ident(&body.name)?);
    if let Some(password) = &body.password {
        sql.push_str(&format!(" PASSWORD = {}", sql_string(password)));
    }
    for property in properties(&body.fields)? {
        sql.push(' ');
        sql.push_str(&property);
    }
    Ok(sql)
}

/// PUT: creates the user when missing; otherwise sets every property the body gives and unsets
/// the others (the password stays as it is).
async fn create_or_alter(
    caller: Caller,
    RestPath(name): RestPath<String>,
    JsonBody(body): JsonBody<UserBody>,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "createOrAlterUser", name, "REST");
    if canonical(&body.name) != canonical(&name) {
        return Err(RestError::bad_request(format!(
            "The body names user '{}' but the path names '{name}'.",
            body.name
        )));
    }
    if show_one(&caller, &name).await?.is_none() {
        return run_secret(&caller, &create_sql(CreateMode::ErrorIfExists, &body)?).await;
    }
    let target = ident(&name)?;
    let set = properties(&body.fields)?;
    if !set.is_empty() {
        caller
            .sql(&format!("ALTER USER {target} SET {}", set.join(" ")))
            .await?;
    }
    let absent: Vec<String> = TEXT
        .iter()
        .chain(FLAGS)
        .chain(NUMBERS)
        .chain(["default_secondary_roles"].iter())
        .filter(|key| body.fields.get(**key).is_none_or(Value::is_null))
        .map(|key| key.to_ascii_uppercase())
        .collect();
    caller
        .sql(&format!("ALTER USER {target} UNSET {}", absent.join(", ")))
        .await?;
    Ok(success(format!(
        "User {} successfully altered.",
        canonical(&name)
    )))
}

async fn delete(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "deleteUser", name, "REST");
    super::account_objects::drop(&caller, &params, "USER", &name).await
}

async fn list_grants(
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    tracing::debug!(operation = "listUserGrants", name, "REST");
    let sql = format!("SHOW GRANTS TO USER {}", ident(&name)?);
    listed(&caller, &sql, &params, |row| {
        json!({
            "securable_type": "ROLE",
            "securable": {"name": row.get("role").cloned().unwrap_or_default()},
            "privileges": ["USAGE"],
            "created_on": row.get("created_on").cloned().unwrap_or_default(),
            "granted_by": row.get("granted_by").cloned().unwrap_or_default(),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secondary_roles_read_every_spelling() {
        assert_eq!(secondary_roles(&json!("ALL")).as_deref(), Some("('ALL')"));
        assert_eq!(
            secondary_roles(&json!("[\"ALL\"]")).as_deref(),
            Some("('ALL')")
        );
        assert_eq!(secondary_roles(&json!(["ALL"])).as_deref(), Some("('ALL')"));
        assert_eq!(secondary_roles(&json!("NONE")).as_deref(), Some("()"));
        assert_eq!(secondary_roles(&json!("SOME")), None);
    }
}
