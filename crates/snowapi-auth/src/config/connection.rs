//! The settings of one connection, with Snowflake's own key names (as in connections.toml).

use std::{collections::BTreeMap, fmt, path::PathBuf, time::Duration};

use secrecy::SecretString;

/// Everything needed to connect to one Snowflake account as one user. Field names are the keys
/// of `connections.toml` and of the Python connector's `connect()`; secrets are
/// [`SecretString`]s that never show in `Debug`.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ConnectionConfig {
    /// Account identifier: `org-account`, or a locator with region (`xy12345.us-east-2.aws`).
    pub account: Option<String>,
    /// Login name of the user.
    pub user: Option<String>,
    /// Host to connect to, when not `<account>.snowflakecomputing.com` (the emulator's
    /// `127.0.0.1`, a private link host).
    pub host: Option<String>,
    /// Port, when not the protocol's default.
    pub port: Option<u16>,
    /// `https` (default) or `http` (the emulator).
    pub protocol: Option<String>,
    /// Warehouse to use once connected.
    pub warehouse: Option<String>,
    /// Database to use once connected.
    pub database: Option<String>,
    /// Schema to use once connected.
    pub schema: Option<String>,
    /// Role to use once connected.
    pub role: Option<String>,
    /// How to authenticate: `snowflake` (password, the default), `snowflake_jwt`, `oauth`,
    /// `oauth_client_credentials`, `programmatic_access_token`, `username_password_mfa`.
    pub authenticator: Option<String>,
    /// Password.
    pub password: Option<SecretString>,
    /// MFA passcode to send with the password.
    pub passcode: Option<SecretString>,
    /// Whether the passcode is appended to the password rather than sent separately.
    pub passcode_in_password: bool,
    /// Path of a PKCS#8 private key (PEM or DER) for key-pair authentication.
    pub private_key_file: Option<PathBuf>,
    /// The private key itself, as PEM text.
    pub private_key: Option<SecretString>,
    /// Passphrase of an encrypted private key (`private_key_file_pwd` or
    /// `private_key_passphrase`).
    pub private_key_passphrase: Option<SecretString>,
    /// OAuth access token or programmatic access token.
    pub token: Option<SecretString>,
    /// File holding the token, re-read when it changes.
    pub token_file_path: Option<PathBuf>,
    /// OAuth client id (client-credentials and refresh-token flows).
    pub oauth_client_id: Option<String>,
    /// OAuth client secret.
    pub oauth_client_secret: Option<SecretString>,
    /// OAuth token endpoint.
    pub oauth_token_request_url: Option<String>,
    /// OAuth scope to ask for.
    pub oauth_scope: Option<String>,
    /// OAuth refresh token, for the refresh-token flow.
    pub oauth_refresh_token: Option<SecretString>,
    /// Query tag set on the session.
    pub query_tag: Option<String>,
    /// Session parameters set at login.
    pub session_parameters: BTreeMap<String, String>,
    /// How long a login may take.
    pub login_timeout: Option<Duration>,
    /// How long one request may take.
    pub network_timeout: Option<Duration>,
    /// Whether to keep the session alive with heartbeats.
    pub client_session_keep_alive: bool,
}

impl fmt::Debug for ConnectionConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn set<T>(value: &Option<T>) -> &'static str {
            if value.is_some() {
                "<redacted>"
            } else {
                "None"
            }
        }
        f.debug_struct("ConnectionConfig")
            .field("account", &self.account)
            .field("user", &self.user)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("protocol", &self.protocol)
            .field("warehouse", &self.warehouse)
            .field("database", &self.database)
            .field("schema", &self.schema)
            .field("role", &self.role)
            .field("authenticator", &self.authenticator)
            .field("password", &set(&self.password))
            .field("passcode", &set(&self.passcode))
            .field("passcode_in_password", &self.passcode_in_password)
            .field("private_key_file", &self.private_key_file)
            .field("private_key", &set(&self.private_key))
            .field("private_key_passphrase", &set(&self.private_key_passphrase))
            .field("token", &set(&self.token))
            .field("token_file_path", &self.token_file_path)
            .field("oauth_client_id", &self.oauth_client_id)
            .field("oauth_client_secret", &set(&self.oauth_client_secret))
            .field("oauth_token_request_url", &self.oauth_token_request_url)
            .field("oauth_scope", &self.oauth_scope)
            .field("oauth_refresh_token", &set(&self.oauth_refresh_token))
            .field("query_tag", &self.query_tag)
            .field("session_parameters", &self.session_parameters)
            .field("login_timeout", &self.login_timeout)
            .field("network_timeout", &self.network_timeout)
            .field("client_session_keep_alive", &self.client_session_keep_alive)
            .finish()
    }
}
