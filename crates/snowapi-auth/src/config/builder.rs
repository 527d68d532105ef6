//! `ConnectionConfig::builder()`: explicit settings, optionally merged over a URL, the
//! environment and the files, and validated.

use std::{path::PathBuf, time::Duration};

use secrecy::{ExposeSecret, SecretString};

use super::{
    AccountIdentifier, ConfigSources, ConnectionConfig, connection_url, keys::Setting, layer::Layer,
};
use crate::AuthError;

/// Builds a validated [`ConnectionConfig`].
///
/// Without [`sources`](Self::sources) or [`connection_name`](Self::connection_name), only the
/// explicit settings (and [`url`](Self::url)) count. With them, settings are merged key by
/// key, highest precedence first:
///
/// 1. explicit setters of this builder;
/// 2. the [`url`](Self::url) given to this builder;
/// 3. `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` variables of the connection loaded;
/// 4. `SNOWFLAKE_<KEY>` variables;
/// 5. the connection's table in `$SNOWFLAKE_HOME/connections.toml`, else in
///    `$SNOWFLAKE_HOME/config.toml` `[connections.<name>]`.
///
/// `session_parameters` merge parameter by parameter. The connection loaded is
/// [`connection_name`](Self::connection_name), else `SNOWFLAKE_DEFAULT_CONNECTION_NAME`, else
/// config.toml's `default_connection_name`, else `default` when it exists.
///
/// Credentials (password, private key or its file, token or its file, client secret, refresh
/// token) are not mixed between a connection profile and the builder: when both give some,
/// [`build`](Self::build) fails with [`AuthError::ConflictingCredentials`].
///
/// ```
/// use std::time::Duration;
/// use snowapi_auth::ConnectionConfig;
/// let config = ConnectionConfig::builder()
///     .account("org-account")
///     .user("me")
///     .private_key_file("/etc/snowflake/rsa_key.p8")
///     .private_key_passphrase("passphrase")
///     .warehouse("wh")
///     .session_parameter("QUERY_TAG", "nightly")
///     .login_timeout(Duration::from_secs(30));
/// // build() checks, among others, that the key file can be read.
/// # let _ = config;
/// ```
#[derive(Debug, Default)]
#[must_use]
pub struct ConnectionConfigBuilder {
    explicit: Layer,
    url: Option<SecretString>,
    connection_name: Option<String>,
    sources: Option<ConfigSources>,
}

macro_rules! setters {
    ($($(#[$doc:meta])* $field:ident($value:ident: $arg:ty) => $key:ident, $set:expr;)*) => {
        $(
            $(#[$doc])*
            pub fn $field(mut self, $value: $arg) -> Self {
                self.explicit.config.$field = $set;
                self.explicit.mark(Setting::$key);
                self
            }
        )*
    };
}

impl ConnectionConfig {
    /// A builder with nothing set.
    ///
    /// ```
    /// use snowapi_auth::ConnectionConfig;
    /// let config = ConnectionConfig::builder()
    ///     .account("xy12345.us-east-2.aws")
    ///     .user("me")
    ///     .password("secret")
    ///     .build()?;
    /// assert_eq!(config.base_url()?, "https://xy12345.us-east-2.aws.snowflakecomputing.com");
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    pub fn builder() -> ConnectionConfigBuilder {
        ConnectionConfigBuilder::default()
    }
}

impl ConnectionConfigBuilder {
    setters! {
        /// Account identifier: `org-account` or `xy12345.us-east-2.aws`.
        account(value: impl Into<String>) => Account, Some(value.into());
        /// Login name of the user.
        user(value: impl Into<String>) => User, Some(value.into());
        /// Host, when not `<account>.snowflakecomputing.com` (the emulator's `127.0.0.1`).
        host(value: impl Into<String>) => Host, Some(value.into());
        /// Port, when not the protocol's default.
        port(value: u16) => Port, Some(value);
        /// `https` (default) or `http`.
        protocol(value: impl Into<String>) => Protocol, Some(value.into());
        /// Warehouse to use.
        warehouse(value: impl Into<String>) => Warehouse, Some(value.into());
        /// Database to use.
        database(value: impl Into<String>) => Database, Some(value.into());
        /// Schema to use.
        schema(value: impl Into<String>) => Schema, Some(value.into());
        /// Role to use.
        role(value: impl Into<String>) => Role, Some(value.into());
        /// Authenticator name (see [`AuthenticatorKind`](crate::AuthenticatorKind)).
        authenticator(value: impl Into<String>) => Authenticator, Some(value.into());
        /// Password.
        password(value: impl Into<SecretString>) => Password, Some(value.into());
        /// MFA passcode.
        passcode(value: impl Into<SecretString>) => Passcode, Some(value.into());
        /// Whether the passcode is appended to the password.
        passcode_in_password(value: bool) => PasscodeInPassword, value;
        /// Path of the private key file (PKCS#8, PEM or DER).
        private_key_file(value: impl Into<PathBuf>) => PrivateKeyFile, Some(value.into());
        /// The private key as PEM text.
        private_key(value: impl Into<SecretString>) => PrivateKey, Some(value.into());
        /// Passphrase of an encrypted private key (`private_key_file_pwd`).
        private_key_passphrase(value: impl Into<SecretString>) => PrivateKeyPassphrase, Some(value.into());
        /// OAuth access token or programmatic access token.
        token(value: impl Into<SecretString>) => Token, Some(value.into());
        /// File holding the token.
        token_file_path(value: impl Into<PathBuf>) => TokenFilePath, Some(value.into());
        /// OAuth client id.
        oauth_client_id(value: impl Into<String>) => OauthClientId, Some(value.into());
        /// OAuth client secret.
        oauth_client_secret(value: impl Into<SecretString>) => OauthClientSecret, Some(value.into());
        /// OAuth token endpoint.
        oauth_token_request_url(value: impl Into<String>) => OauthTokenRequestUrl, Some(value.into());
        /// OAuth scope.
        oauth_scope(value: impl Into<String>) => OauthScope, Some(value.into());
        /// OAuth refresh token.
        oauth_refresh_token(value: impl Into<SecretString>) => OauthRefreshToken, Some(value.into());
        /// Query tag of the session.
        query_tag(value: impl Into<String>) => QueryTag, Some(value.into());
        /// How long a login may take.
        login_timeout(value: Duration) => LoginTimeout, Some(value);
        /// How long one request may take.
        network_timeout(value: Duration) => NetworkTimeout, Some(value);
        /// Whether to keep the session alive with heartbeats.
        client_session_keep_alive(value: bool) => ClientSessionKeepAlive, value;
    }

    /// Sets one session parameter (its name upper-cased).
    pub fn session_parameter(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        let name = name.as_ref().to_ascii_uppercase();
        self.explicit
            .config
            .session_parameters
            .insert(name, value.into());
        self.explicit.mark(Setting::SessionParameters);
        self
    }

    /// A `snowflake://` connection URL whose settings rank below the explicit setters and
    /// above the environment (see [`ConnectionConfig::from_url`]). Kept as a secret: it may
    /// hold a password. Parse errors are reported by [`build`](Self::build).
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(SecretString::from(url.into()));
        self
    }

    /// The connection profile to load. Without [`sources`](Self::sources), the real home
    /// directory and process environment are read.
    pub fn connection_name(mut self, name: impl Into<String>) -> Self {
        self.connection_name = Some(name.into());
        self
    }

    /// Reads files and environment variables from `sources` (see the precedence above).
    pub fn sources(mut self, sources: ConfigSources) -> Self {
        self.sources = Some(sources);
        self
    }

    /// Merges the settings by precedence, normalises the account (a pasted
    /// `.snowflakecomputing.com` is cut off) and validates the result.
    ///
    /// # Errors
    ///
    /// Loading errors (see [`ConnectionConfig::load`]), [`AuthError::InvalidUrl`] for a bad
    /// [`url`](Self::url), [`AuthError::ConflictingCredentials`] when a connection profile and
    /// the builder both give credentials, and any error of [`ConnectionConfig::validate`].
    pub fn build(self) -> Result<ConnectionConfig, AuthError> {
        let sources = match (self.sources, &self.connection_name) {
            (Some(sources), _) => Some(sources),
            (None, Some(_)) => Some(ConfigSources::from_process()),
            (None, None) => None,
        };
        let loaded = sources
            .map(|sources| sources.layers(self.connection_name.as_deref()))
            .transpose()?;
        let url = self
            .url
            .map(|url| connection_url::parse_layer(url.expose_secret()))
            .transpose()?
            .unwrap_or_default();

        if let Some(loaded) = &loaded
            && let Some(profile) = &loaded.profile_name
        {
            let in_profile = loaded.profile_credentials();
            let mut explicit = self.explicit.credential_names();
            explicit.extend(url.credential_names());
            explicit.sort_unstable();
            explicit.dedup();
            if !in_profile.is_empty() && !explicit.is_empty() {
                return Err(AuthError::ConflictingCredentials {
                    first: format!("connection `{profile}` ({})", in_profile.join(", ")),
                    second: format!("explicit credentials ({})", explicit.join(", ")),
                    fix: "use the connection's own credentials and drop the explicit ones, or \
                          drop the connection (or remove its credentials) and pass them \
                          explicitly"
                        .to_owned(),
                });
            }
        }

        let mut config = ConnectionConfig::default();
        let source_layers = loaded.iter().flat_map(|loaded| loaded.in_order());
        for layer in source_layers.chain([&url, &self.explicit]) {
            layer.apply_to(&mut config);
        }
        if let Some(account) = &config.account
            && let Ok(identifier) = AccountIdentifier::parse(account)
        {
            config.account = Some(identifier.as_str().to_owned());
        }
        config.validate()?;
        Ok(config)
    }
}
