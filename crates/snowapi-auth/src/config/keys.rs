//! The configuration keys, with Snowflake's names, and how a raw value of each becomes a field.
//!
//! Files give TOML values; environment variables and URL query parameters give strings. Every
//! key accepts both: `port = 8080` and `SNOWFLAKE_PORT=8080` mean the same.

use std::{path::Path, path::PathBuf, time::Duration};

use secrecy::{ExposeSecret, SecretString};
use toml::Value;

use super::ConnectionConfig;
use crate::AuthError;

/// One setting of a [`ConnectionConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Setting {
    Account,
    User,
    Host,
    Port,
    Protocol,
    Warehouse,
    Database,
    Schema,
    Role,
    Authenticator,
    Password,
    Passcode,
    PasscodeInPassword,
    PrivateKeyFile,
    PrivateKey,
    PrivateKeyPassphrase,
    Token,
    TokenFilePath,
    OauthClientId,
    OauthClientSecret,
    OauthTokenRequestUrl,
    OauthScope,
    OauthRefreshToken,
    QueryTag,
    SessionParameters,
    LoginTimeout,
    NetworkTimeout,
    ClientSessionKeepAlive,
}

impl Setting {
    /// Every key, in the order URLs list them.
    pub(crate) const ALL: [Setting; 28] = [
        Setting::Account,
        Setting::User,
        Setting::Host,
        Setting::Port,
        Setting::Protocol,
        Setting::Warehouse,
        Setting::Database,
        Setting::Schema,
        Setting::Role,
        Setting::Authenticator,
        Setting::Password,
        Setting::Passcode,
        Setting::PasscodeInPassword,
        Setting::PrivateKeyFile,
        Setting::PrivateKey,
        Setting::PrivateKeyPassphrase,
        Setting::Token,
        Setting::TokenFilePath,
        Setting::OauthClientId,
        Setting::OauthClientSecret,
        Setting::OauthTokenRequestUrl,
        Setting::OauthScope,
        Setting::OauthRefreshToken,
        Setting::QueryTag,
        Setting::SessionParameters,
        Setting::LoginTimeout,
        Setting::NetworkTimeout,
        Setting::ClientSessionKeepAlive,
    ];

    /// Snowflake's name of the key, as written in connections.toml.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Setting::Account => "account",
            Setting::User => "user",
            Setting::Host => "host",
            Setting::Port => "port",
            Setting::Protocol => "protocol",
            Setting::Warehouse => "warehouse",
            Setting::Database => "database",
            Setting::Schema => "schema",
            Setting::Role => "role",
            Setting::Authenticator => "authenticator",
            Setting::Password => "password",
            Setting::Passcode => "passcode",
            Setting::PasscodeInPassword => "passcode_in_password",
            Setting::PrivateKeyFile => "private_key_file",
            Setting::PrivateKey => "private_key",
            Setting::PrivateKeyPassphrase => "private_key_file_pwd",
            Setting::Token => "token",
            Setting::TokenFilePath => "token_file_path",
            Setting::OauthClientId => "oauth_client_id",
            Setting::OauthClientSecret => "oauth_client_secret",
            Setting::OauthTokenRequestUrl => "oauth_token_request_url",
            Setting::OauthScope => "oauth_scope",
            Setting::OauthRefreshToken => "oauth_refresh_token",
            Setting::QueryTag => "query_tag",
            Setting::SessionParameters => "session_parameters",
            Setting::LoginTimeout => "login_timeout",
            Setting::NetworkTimeout => "network_timeout",
            Setting::ClientSessionKeepAlive => "client_session_keep_alive",
        }
    }

    /// The key a name denotes, case-insensitively, aliases included (`private_key_passphrase`,
    /// the Snowflake CLI's older `private_key_path`).
    pub(crate) fn from_name(name: &str) -> Option<Setting> {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "private_key_passphrase" => Some(Setting::PrivateKeyPassphrase),
            "private_key_path" => Some(Setting::PrivateKeyFile),
            _ => Setting::ALL.into_iter().find(|key| key.name() == name),
        }
    }

    /// Whether the value is a secret (kept in a `SecretString`, left out of plain URLs).
    pub(crate) fn is_secret(self) -> bool {
        matches!(
            self,
            Setting::Password
                | Setting::Passcode
                | Setting::PrivateKey
                | Setting::PrivateKeyPassphrase
                | Setting::Token
                | Setting::OauthClientSecret
                | Setting::OauthRefreshToken
        )
    }

    /// Whether the key is a credential: something that proves who the user is, on its own or
    /// by naming a file. A passcode or a key's passphrase only completes another credential.
    pub(crate) fn is_credential(self) -> bool {
        matches!(
            self,
            Setting::Password
                | Setting::PrivateKeyFile
                | Setting::PrivateKey
                | Setting::Token
                | Setting::TokenFilePath
                | Setting::OauthClientSecret
                | Setting::OauthRefreshToken
        )
    }

    /// Copies this key's field from `src` to `dst` (session parameters are added one by one).
    pub(crate) fn copy(self, src: &ConnectionConfig, dst: &mut ConnectionConfig) {
        fn take<T: Clone>(src: &Option<T>, dst: &mut Option<T>) {
            if src.is_some() {
                dst.clone_from(src);
            }
        }
        match self {
            Setting::Account => take(&src.account, &mut dst.account),
            Setting::User => take(&src.user, &mut dst.user),
            Setting::Host => take(&src.host, &mut dst.host),
            Setting::Port => take(&src.port, &mut dst.port),
            Setting::Protocol => take(&src.protocol, &mut dst.protocol),
            Setting::Warehouse => take(&src.warehouse, &mut dst.warehouse),
            Setting::Database => take(&src.database, &mut dst.database),
            Setting::Schema => take(&src.schema, &mut dst.schema),
            Setting::Role => take(&src.role, &mut dst.role),
            Setting::Authenticator => take(&src.authenticator, &mut dst.authenticator),
            Setting::Password => take(&src.password, &mut dst.password),
            Setting::Passcode => take(&src.passcode, &mut dst.passcode),
            Setting::PasscodeInPassword => dst.passcode_in_password = src.passcode_in_password,
            Setting::PrivateKeyFile => take(&src.private_key_file, &mut dst.private_key_file),
            Setting::PrivateKey => take(&src.private_key, &mut dst.private_key),
            Setting::PrivateKeyPassphrase => {
                take(&src.private_key_passphrase, &mut dst.private_key_passphrase)
            }
            Setting::Token => take(&src.token, &mut dst.token),
            Setting::TokenFilePath => take(&src.token_file_path, &mut dst.token_file_path),
            Setting::OauthClientId => take(&src.oauth_client_id, &mut dst.oauth_client_id),
            Setting::OauthClientSecret => {
                take(&src.oauth_client_secret, &mut dst.oauth_client_secret)
            }
            Setting::OauthTokenRequestUrl => take(
                &src.oauth_token_request_url,
                &mut dst.oauth_token_request_url,
            ),
            Setting::OauthScope => take(&src.oauth_scope, &mut dst.oauth_scope),
            Setting::OauthRefreshToken => {
                take(&src.oauth_refresh_token, &mut dst.oauth_refresh_token)
            }
            Setting::QueryTag => take(&src.query_tag, &mut dst.query_tag),
            Setting::SessionParameters => dst.session_parameters.extend(
                src.session_parameters
                    .iter()
                    .map(|(name, value)| (name.clone(), value.clone())),
            ),
            Setting::LoginTimeout => take(&src.login_timeout, &mut dst.login_timeout),
            Setting::NetworkTimeout => take(&src.network_timeout, &mut dst.network_timeout),
            Setting::ClientSessionKeepAlive => {
                dst.client_session_keep_alive = src.client_session_keep_alive
            }
        }
    }

    /// This key's field of `config` as text (a secret exposed), as a URL query carries it;
    /// `None` when unset (a `false` flag or an empty map counts as unset).
    pub(crate) fn text_in(self, config: &ConnectionConfig) -> Option<String> {
        fn seconds(duration: &Option<Duration>) -> Option<String> {
            duration.map(|duration| match duration.subsec_nanos() {
                0 => duration.as_secs().to_string(),
                _ => duration.as_secs_f64().to_string(),
            })
        }
        fn flag(set: bool) -> Option<String> {
            set.then(|| "true".to_owned())
        }
        let secret = |value: &Option<SecretString>| {
            value.as_ref().map(|value| value.expose_secret().to_owned())
        };
        let path = |value: &Option<PathBuf>| {
            value
                .as_ref()
                .map(|path| path.to_string_lossy().into_owned())
        };
        let c = config;
        match self {
            Setting::Account => c.account.clone(),
            Setting::User => c.user.clone(),
            Setting::Host => c.host.clone(),
            Setting::Port => c.port.map(|port| port.to_string()),
            Setting::Protocol => c.protocol.clone(),
            Setting::Warehouse => c.warehouse.clone(),
            Setting::Database => c.database.clone(),
            Setting::Schema => c.schema.clone(),
            Setting::Role => c.role.clone(),
            Setting::Authenticator => c.authenticator.clone(),
            Setting::Password => secret(&c.password),
            Setting::Passcode => secret(&c.passcode),
            Setting::PasscodeInPassword => flag(c.passcode_in_password),
            Setting::PrivateKeyFile => path(&c.private_key_file),
            Setting::PrivateKey => secret(&c.private_key),
            Setting::PrivateKeyPassphrase => secret(&c.private_key_passphrase),
            Setting::Token => secret(&c.token),
            Setting::TokenFilePath => path(&c.token_file_path),
            Setting::OauthClientId => c.oauth_client_id.clone(),
            Setting::OauthClientSecret => secret(&c.oauth_client_secret),
            Setting::OauthTokenRequestUrl => c.oauth_token_request_url.clone(),
            Setting::OauthScope => c.oauth_scope.clone(),
            Setting::OauthRefreshToken => secret(&c.oauth_refresh_token),
            Setting::QueryTag => c.query_tag.clone(),
            Setting::SessionParameters => (!c.session_parameters.is_empty()).then(|| {
                let table: toml::Table = c
                    .session_parameters
                    .iter()
                    .map(|(name, value)| (name.clone(), Value::String(value.clone())))
                    .collect();
                Value::Table(table).to_string()
            }),
            Setting::LoginTimeout => seconds(&c.login_timeout),
            Setting::NetworkTimeout => seconds(&c.network_timeout),
            Setting::ClientSessionKeepAlive => flag(c.client_session_keep_alive),
        }
    }

    /// Sets this key's field of `config` from a raw value. `origin` says where the value came
    /// from, for the error; `home` expands a leading `~/` in paths. Error messages never quote
    /// the value.
    pub(crate) fn apply(
        self,
        config: &mut ConnectionConfig,
        value: &Value,
        origin: &dyn Fn() -> String,
        home: Option<&Path>,
    ) -> Result<(), AuthError> {
        let invalid = |expected: &'static str| AuthError::InvalidConfigValue {
            key: self.name(),
            origin: origin(),
            expected,
        };
        let text = || match value {
            Value::String(text) => Ok(text.clone()),
            _ => Err(invalid("a string")),
        };
        let secret = || text().map(SecretString::from);
        let path = || text().map(|text| expand_home(&text, home));
        let c = config;
        match self {
            Setting::Account => c.account = Some(text()?),
            Setting::User => c.user = Some(text()?),
            Setting::Host => c.host = Some(text()?),
            Setting::Port => c.port = Some(port(value).ok_or_else(|| invalid(PORT))?),
            Setting::Protocol => c.protocol = Some(text()?),
            Setting::Warehouse => c.warehouse = Some(text()?),
            Setting::Database => c.database = Some(text()?),
            Setting::Schema => c.schema = Some(text()?),
            Setting::Role => c.role = Some(text()?),
            Setting::Authenticator => c.authenticator = Some(text()?),
            Setting::Password => c.password = Some(secret()?),
            Setting::Passcode => c.passcode = Some(secret()?),
            Setting::PasscodeInPassword => {
                c.passcode_in_password = boolean(value).ok_or_else(|| invalid(BOOL))?
            }
            Setting::PrivateKeyFile => c.private_key_file = Some(path()?),
            Setting::PrivateKey => c.private_key = Some(secret()?),
            Setting::PrivateKeyPassphrase => c.private_key_passphrase = Some(secret()?),
            Setting::Token => c.token = Some(secret()?),
            Setting::TokenFilePath => c.token_file_path = Some(path()?),
            Setting::OauthClientId => c.oauth_client_id = Some(text()?),
            Setting::OauthClientSecret => c.oauth_client_secret = Some(secret()?),
            Setting::OauthTokenRequestUrl => c.oauth_token_request_url = Some(text()?),
            Setting::OauthScope => c.oauth_scope = Some(text()?),
            Setting::OauthRefreshToken => c.oauth_refresh_token = Some(secret()?),
            Setting::QueryTag => c.query_tag = Some(text()?),
            Setting::SessionParameters => {
                let parameters = session_parameters(value).ok_or_else(|| invalid(TABLE))?;
                c.session_parameters.extend(parameters);
            }
            Setting::LoginTimeout => {
                c.login_timeout = Some(duration(value).ok_or_else(|| invalid(SECONDS))?)
            }
            Setting::NetworkTimeout => {
                c.network_timeout = Some(duration(value).ok_or_else(|| invalid(SECONDS))?)
            }
            Setting::ClientSessionKeepAlive => {
                c.client_session_keep_alive = boolean(value).ok_or_else(|| invalid(BOOL))?
            }
        }
        Ok(())
    }
}

const PORT: &str = "a port number from 1 to 65535";
const BOOL: &str = "a boolean (true/false, yes/no, on/off, 1/0)";
const SECONDS: &str = "a non-negative number of seconds";
const TABLE: &str = "a table of parameter names to strings, numbers or booleans \
                     (as a string: a TOML inline table such as {QUERY_TAG = \"etl\"})";

/// Expands a leading `~/` (or a lone `~`) against the home directory, when it is known.
pub(crate) fn expand_home(text: &str, home: Option<&Path>) -> PathBuf {
    match (home, text.strip_prefix('~')) {
        (Some(home), Some("")) => home.to_path_buf(),
        (Some(home), Some(rest)) if rest.starts_with('/') || rest.starts_with('\\') => {
            home.join(&rest[1..])
        }
        _ => PathBuf::from(text),
    }
}

fn port(value: &Value) -> Option<u16> {
    let number = match value {
        Value::Integer(number) => *number,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    u16::try_from(number).ok().filter(|port| *port != 0)
}

fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Boolean(flag) => Some(*flag),
        Value::Integer(0) => Some(false),
        Value::Integer(1) => Some(true),
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Some(true),
            "false" | "no" | "off" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn duration(value: &Value) -> Option<Duration> {
    let seconds = match value {
        Value::Integer(seconds) => return u64::try_from(*seconds).ok().map(Duration::from_secs),
        Value::Float(seconds) => *seconds,
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    Duration::try_from_secs_f64(seconds).ok()
}

/// Session parameters from a table, or from a string holding a TOML inline table. Names are
/// upper-cased (Snowflake's parameter names are case-insensitive); values become strings.
fn session_parameters(value: &Value) -> Option<Vec<(String, String)>> {
    let parsed;
    let table = match value {
        Value::Table(table) => table,
        Value::String(text) if text.trim().is_empty() => return Some(Vec::new()),
        Value::String(text) => {
            parsed = text.trim().parse::<Value>().ok()?;
            parsed.as_table()?
        }
        _ => return None,
    };
    table
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Value::String(text) => text.clone(),
                Value::Integer(number) => number.to_string(),
                Value::Float(number) => number.to_string(),
                Value::Boolean(flag) => flag.to_string(),
                Value::Datetime(datetime) => datetime.to_string(),
                Value::Array(_) | Value::Table(_) => return None,
            };
            Some((name.to_ascii_uppercase(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(key: Setting, value: Value) -> Result<ConnectionConfig, AuthError> {
        let mut config = ConnectionConfig::default();
        key.apply(
            &mut config,
            &value,
            &|| "test".to_owned(),
            Some(Path::new("/home/u")),
        )?;
        Ok(config)
    }

    #[test]
    fn names_round_trip_and_aliases_resolve() {
        for key in Setting::ALL {
            assert_eq!(Setting::from_name(key.name()), Some(key));
            assert_eq!(Setting::from_name(&key.name().to_uppercase()), Some(key));
        }
        assert_eq!(
            Setting::from_name("private_key_passphrase"),
            Some(Setting::PrivateKeyPassphrase)
        );
        assert_eq!(
            Setting::from_name("private_key_path"),
            Some(Setting::PrivateKeyFile)
        );
        assert_eq!(Setting::from_name("home"), None);
    }

    #[test]
    fn numbers_and_booleans_come_native_or_as_text() {
        assert_eq!(
            apply(Setting::Port, Value::Integer(8080)).unwrap().port,
            Some(8080)
        );
        assert_eq!(apply(Setting::Port, "443".into()).unwrap().port, Some(443));
        for bad in [
            Value::Integer(0),
            Value::Integer(70000),
            "http".into(),
            true.into(),
        ] {
            let error = apply(Setting::Port, bad).unwrap_err();
            assert!(matches!(
                error,
                AuthError::InvalidConfigValue { key: "port", .. }
            ));
        }
        let timeout = |value| apply(Setting::LoginTimeout, value).unwrap().login_timeout;
        assert_eq!(timeout(Value::Integer(30)), Some(Duration::from_secs(30)));
        assert_eq!(
            timeout(Value::Float(1.5)),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(timeout("90".into()), Some(Duration::from_secs(90)));
        assert!(apply(Setting::NetworkTimeout, Value::Integer(-1)).is_err());
        assert!(apply(Setting::NetworkTimeout, Value::Float(f64::NAN)).is_err());
        let keep_alive = |value| {
            apply(Setting::ClientSessionKeepAlive, value)
                .unwrap()
                .client_session_keep_alive
        };
        assert!(keep_alive(true.into()));
        assert!(keep_alive("TRUE".into()));
        assert!(keep_alive("yes".into()));
        assert!(keep_alive(Value::Integer(1)));
        assert!(!keep_alive("off".into()));
        assert!(apply(Setting::ClientSessionKeepAlive, "maybe".into()).is_err());
        assert!(apply(Setting::User, Value::Integer(3)).is_err());
    }

    #[test]
    fn session_parameters_from_a_table_or_an_inline_table_string() {
        let table: toml::Table = "query_tag = \"etl\"\nTIMEZONE = \"UTC\"\nROWS = 5\nX = true"
            .parse()
            .unwrap();
        let config = apply(Setting::SessionParameters, Value::Table(table)).unwrap();
        let expected = [
            ("QUERY_TAG", "etl"),
            ("ROWS", "5"),
            ("TIMEZONE", "UTC"),
            ("X", "true"),
        ];
        let expected = expected.map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(config.session_parameters, expected.into_iter().collect());
        let config = apply(Setting::SessionParameters, "{A = 1, b = \"x y\"}".into()).unwrap();
        assert_eq!(config.session_parameters["A"], "1");
        assert_eq!(config.session_parameters["B"], "x y");
        assert!(apply(Setting::SessionParameters, "not a table".into()).is_err());
        assert!(apply(Setting::SessionParameters, "{A = [1]}".into()).is_err());
    }

    #[test]
    fn paths_expand_the_home_directory() {
        let config = apply(Setting::PrivateKeyFile, "~/.ssh/key.p8".into()).unwrap();
        assert_eq!(
            config.private_key_file,
            Some(PathBuf::from("/home/u/.ssh/key.p8"))
        );
        let config = apply(Setting::TokenFilePath, "/run/token".into()).unwrap();
        assert_eq!(config.token_file_path, Some(PathBuf::from("/run/token")));
    }

    #[test]
    fn errors_never_quote_the_value() {
        let error = apply(Setting::Password, Value::Integer(123456789)).unwrap_err();
        assert!(!error.to_string().contains("123456789"));
        assert!(!format!("{error:?}").contains("123456789"));
    }
}
