//! `POST /session/v1/login-request`: the connector login.

use std::{collections::BTreeMap, time::Duration};

use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{SessionInfo, tokens::Grant};
use crate::{
    AuthError, Authenticator,
    http::{ConnectorCall, request_id},
};

/// The `CLIENT_APP_ID` of every login.
pub(super) const CLIENT_APP_ID: &str = "snowapi-rust";

/// Everything a login sends besides the authenticator's fields; kept to log in again when
/// the master token has expired.
#[derive(Debug, Clone)]
pub(super) struct LoginSettings {
    pub account: String,
    pub user: Option<String>,
    pub database: Option<String>,
    pub schema: Option<String>,
    pub warehouse: Option<String>,
    pub role: Option<String>,
    pub session_parameters: BTreeMap<String, Value>,
    /// Timeout of a login request.
    pub login_timeout: Option<Duration>,
    /// Timeout of the other connector requests.
    pub request_timeout: Option<Duration>,
}

/// What the server says about the new session besides its tokens.
#[derive(Debug, Clone, Default)]
pub(super) struct SessionDetails {
    pub session_id: Option<i64>,
    pub server_version: Option<String>,
    pub info: SessionInfo,
    pub parameters: BTreeMap<String, Value>,
    pub master_validity: Option<Duration>,
}

/// `data` of a successful login answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoginData {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    validity_in_seconds: Option<Value>,
    #[serde(default)]
    master_token: Option<String>,
    #[serde(default)]
    master_validity_in_seconds: Option<Value>,
    #[serde(default)]
    session_id: Option<Value>,
    #[serde(default)]
    server_version: Option<String>,
    #[serde(default)]
    parameters: Vec<Parameter>,
    #[serde(default)]
    session_info: Option<WireSessionInfo>,
}

#[derive(Deserialize)]
struct Parameter {
    name: String,
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSessionInfo {
    #[serde(default)]
    database_name: Option<String>,
    #[serde(default)]
    schema_name: Option<String>,
    #[serde(default)]
    warehouse_name: Option<String>,
    #[serde(default)]
    role_name: Option<String>,
}

/// Logs in with `authenticator` and returns the tokens and the session's details.
pub(super) async fn login(
    http: &reqwest::Client,
    base_url: &str,
    settings: &LoginSettings,
    authenticator: &dyn Authenticator,
) -> Result<(Grant, SessionDetails), AuthError> {
    let fields = authenticator.login_fields().await?;
    let mut data = Map::new();
    data.insert("CLIENT_APP_ID".into(), CLIENT_APP_ID.into());
    data.insert(
        "CLIENT_APP_VERSION".into(),
        env!("CARGO_PKG_VERSION").into(),
    );
    data.insert("ACCOUNT_NAME".into(), settings.account.clone().into());
    if let Some(user) = &settings.user {
        data.insert("LOGIN_NAME".into(), user.clone().into());
    }
    data.insert(
        "SESSION_PARAMETERS".into(),
        Value::Object(settings.session_parameters.clone().into_iter().collect()),
    );
    data.insert("CLIENT_ENVIRONMENT".into(), client_environment());
    fields.write_into(&mut data);
    let mut envelope = Map::new();
    envelope.insert("data".into(), Value::Object(data));
    let body = serde_json::to_vec(&envelope)
        .map_err(|e| AuthError::Unavailable(format!("cannot encode the login request: {e}")))?;
    // The envelope holds the secrets as plain strings: drop it as soon as it is encoded.
    drop(envelope);

    let request_id = request_id();
    let mut query = Vec::new();
    for (name, value) in [
        ("databaseName", &settings.database),
        ("schemaName", &settings.schema),
        ("warehouse", &settings.warehouse),
        ("roleName", &settings.role),
    ] {
        if let Some(value) = value {
            query.push((name, value.clone()));
        }
    }
    query.push(("request_id", request_id.clone()));
    let data = ConnectorCall {
        operation: "login",
        request_id,
        url: format!("{base_url}/session/v1/login-request"),
        query,
        authorization: SecretString::from("Snowflake Token=\"None\""),
        body: Some(body),
        timeout: settings.login_timeout,
        secrets: fields.secrets().collect(),
    }
    .send(http)
    .await?;
    parse(data)
}

/// The `CLIENT_ENVIRONMENT` object: informational, no secrets.
fn client_environment() -> Value {
    json!({
        "APPLICATION": CLIENT_APP_ID,
        "OS": std::env::consts::OS,
        "ISA": std::env::consts::ARCH,
        "RUNTIME_NAME": "rust",
        "CORE_VERSION": env!("CARGO_PKG_VERSION"),
    })
}

fn parse(data: Value) -> Result<(Grant, SessionDetails), AuthError> {
    let invalid = |reason: String| AuthError::InvalidResponse {
        operation: "login",
        reason,
    };
    let data: LoginData =
        serde_json::from_value(data).map_err(|e| invalid(format!("malformed data: {e}")))?;
    let token = data
        .token
        .ok_or_else(|| invalid("no session token (data.token)".to_owned()))?;
    let master_validity = data.master_validity_in_seconds.as_ref().and_then(seconds);
    let info = data.session_info.map(|i| SessionInfo {
        database: i.database_name,
        schema: i.schema_name,
        warehouse: i.warehouse_name,
        role: i.role_name,
    });
    let session_id = data.session_id.as_ref().and_then(session_id);
    let details = SessionDetails {
        session_id,
        server_version: data.server_version,
        info: info.unwrap_or_default(),
        parameters: data
            .parameters
            .into_iter()
            .map(|p| (p.name.to_ascii_uppercase(), p.value))
            .collect(),
        master_validity,
    };
    let grant = Grant {
        session_token: SecretString::from(token),
        master_token: data.master_token.map(SecretString::from),
        validity: data.validity_in_seconds.as_ref().and_then(seconds),
        master_validity,
        session_id,
    };
    Ok((grant, details))
}

/// A number of seconds sent as a number or a string.
pub(super) fn seconds(value: &Value) -> Option<Duration> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|s: &f64| s.is_finite() && *s >= 0.0)
    .map(Duration::from_secs_f64)
}

/// A session id sent as a number or a string.
pub(super) fn session_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_minimal_answer() {
        let (grant, details) = parse(json!({"token": "t"})).unwrap();
        assert!(grant.master_token.is_none() && grant.validity.is_none());
        assert_eq!(details.session_id, None);
        assert!(matches!(
            parse(json!({"masterToken": "m"})),
            Err(AuthError::InvalidResponse { .. })
        ));
        assert!(matches!(
            parse(Value::Null),
            Err(AuthError::InvalidResponse { .. })
        ));
    }

    #[test]
    fn numbers_may_be_strings() {
        assert_eq!(session_id(&json!("42")), Some(42));
        assert_eq!(session_id(&json!(42)), Some(42));
        assert_eq!(seconds(&json!("3600")), Some(Duration::from_secs(3600)));
        assert_eq!(seconds(&json!(true)), None);
    }
}
