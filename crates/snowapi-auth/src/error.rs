//! The error type of snowapi-auth.

/// Why a credential could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The credential source refused or failed; the message says which and why, without secrets.
    #[error("could not obtain a credential: {0}")]
    Unavailable(String),

    // Connection configuration. No variant below ever holds a secret value: they name keys,
    // files and variables, and say what to change.
    /// No account identifier was given.
    #[error(
        "account is not set: set `account` (connections.toml), SNOWFLAKE_ACCOUNT, the host part of \
         a snowflake:// URL, or ConnectionConfigBuilder::account"
    )]
    UnsetAccount,
    /// The authenticator logs in as a user, and no user was given.
    #[error(
        "user is not set, and authenticator `{authenticator}` logs in as a user: set `user` \
         (connections.toml), SNOWFLAKE_USER, or ConnectionConfigBuilder::user"
    )]
    UnsetUser {
        /// The authenticator in effect.
        authenticator: &'static str,
    },
    /// The account identifier is malformed.
    #[error("invalid account identifier: {reason}")]
    InvalidAccount {
        /// What is wrong with it and what to give instead.
        reason: String,
    },
    /// `authenticator` names no authenticator this crate supports.
    #[error(
        "unknown authenticator `{name}`: use one of snowflake, snowflake_jwt, oauth, \
         oauth_client_credentials, programmatic_access_token, username_password_mfa"
    )]
    UnknownAuthenticator {
        /// The value given.
        name: String,
    },
    /// Two credentials that cannot be used together were both given.
    #[error("conflicting credentials: {first} and {second} are both set; {fix}")]
    ConflictingCredentials {
        /// The first credential (key names and where they came from, never values).
        first: String,
        /// The second credential.
        second: String,
        /// What to change.
        fix: String,
    },
    /// The authenticator in effect needs a credential that was not given.
    #[error("authenticator `{authenticator}` needs {needed}, which is not set")]
    MissingCredential {
        /// The authenticator in effect.
        authenticator: &'static str,
        /// The keys that would satisfy it.
        needed: &'static str,
    },
    /// `private_key_file` names a file that cannot be read.
    #[error(
        "cannot read private_key_file {}: {reason}; fix the path or the file's permissions",
        path.display()
    )]
    UnreadableKeyFile {
        /// The path given.
        path: std::path::PathBuf,
        /// Why it cannot be read.
        reason: String,
    },
    /// A setting has a value of the wrong type or form.
    #[error("invalid value for `{key}` from {origin}: expected {expected}")]
    InvalidConfigValue {
        /// The key, with Snowflake's name.
        key: &'static str,
        /// Where the value came from (file and connection, variable name, URL, builder).
        origin: String,
        /// What a valid value looks like.
        expected: &'static str,
    },
    /// A configuration file exists but cannot be read or parsed.
    #[error("cannot use configuration file {}: {reason}", path.display())]
    ConfigFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why (I/O error, or TOML syntax error with its line).
        reason: String,
    },
    /// A configuration file is writable by others, so it is not trusted.
    #[error(
        "refusing to read {}: it is writable by others (mode {mode:o}); run `chmod 0600` on it",
        path.display()
    )]
    InsecureConfigFile {
        /// The file.
        path: std::path::PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The named connection is defined nowhere.
    #[error(
        "no connection named `{name}` in {}/connections.toml, {}/config.toml [connections] or \
         SNOWFLAKE_CONNECTIONS_{}_* variables: define it or choose another name",
        snowflake_home.display(),
        snowflake_home.display(),
        name.to_uppercase()
    )]
    UnknownConnection {
        /// The connection name asked for.
        name: String,
        /// The directory searched (`$SNOWFLAKE_HOME`, default `~/.snowflake`).
        snowflake_home: std::path::PathBuf,
    },
    /// A `snowflake://` connection URL cannot be parsed.
    #[error("invalid connection URL: {reason}")]
    InvalidUrl {
        /// What is wrong (the URL itself is never repeated: it may hold a password).
        reason: String,
    },

    // Authenticators and sessions. No variant below ever holds a secret value: server
    // messages are scrubbed of the secrets that were sent.
    /// Snowflake answered a connector request with `success: false`.
    #[error("{operation} refused by Snowflake: error {code}: {message}")]
    Snowflake {
        /// The request (`login`, `token-request`, `heartbeat`, `logout`).
        operation: &'static str,
        /// Snowflake's error code, e.g. `390100` (bad credentials), `390112` (session token
        /// expired), `390114` (master token expired).
        code: String,
        /// Snowflake's message.
        message: String,
    },
    /// A request could not be sent, or got an HTTP error status.
    #[error("{operation} failed: {reason}")]
    Http {
        /// The request (`login`, `token-request`, `oauth-token`, ...).
        operation: &'static str,
        /// The HTTP status, when there was an answer.
        status: Option<u16>,
        /// What went wrong.
        reason: String,
    },
    /// The server's answer could not be understood.
    #[error("{operation}: unexpected answer: {reason}")]
    InvalidResponse {
        /// The request.
        operation: &'static str,
        /// What is missing or malformed.
        reason: String,
    },
    /// The OAuth token endpoint refused to issue a token (RFC 6749 error answer).
    #[error(
        "OAuth token endpoint refused (HTTP {status}): {error}{}",
        description.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
    )]
    OAuth {
        /// The HTTP status.
        status: u16,
        /// The `error` code (`invalid_client`, `invalid_grant`, ...).
        error: String,
        /// The `error_description`, if any.
        description: Option<String>,
    },
    /// The private key cannot be used for key-pair authentication.
    #[error("invalid private key: {reason}")]
    InvalidPrivateKey {
        /// What is wrong with it.
        reason: String,
    },
    /// The encrypted private key could not be decrypted with the passphrase given.
    #[error("cannot decrypt the private key: wrong passphrase")]
    WrongPassphrase,
    /// A token file cannot be read, or is empty.
    #[error("cannot read token file {}: {reason}", path.display())]
    UnreadableTokenFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        reason: String,
    },
    /// The session was closed.
    #[error("the session is closed")]
    SessionClosed,
}

impl AuthError {
    /// Snowflake's error code, for [`AuthError::Snowflake`].
    ///
    /// ```
    /// use snowapi_auth::AuthError;
    /// let error = AuthError::Snowflake {
    ///     operation: "login",
    ///     code: "390100".to_owned(),
    ///     message: "Incorrect username or password was specified.".to_owned(),
    /// };
    /// assert_eq!(error.snowflake_code(), Some("390100"));
    /// ```
    pub fn snowflake_code(&self) -> Option<&str> {
        match self {
            Self::Snowflake { code, .. } => Some(code),
            _ => None,
        }
    }
}
