//! Connection URLs as data platforms hand them out:
//! `snowflake://user[:password]@account[/database[/schema]][?key=value&…]`.
//!
//! User, password, account, database and schema are percent-encoded; the query carries any
//! other key of connections.toml (`warehouse`, `role`, `authenticator`, `token`,
//! `private_key_file`, `host`, `port`, `protocol`, …) form-encoded, with `session_parameters`
//! as a TOML inline table (`{QUERY_TAG = "etl"}`).

use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use secrecy::SecretString;
use toml::Value;
use url::{Url, form_urlencoded};

use super::{ConnectionConfig, keys::Setting, layer::Layer};
use crate::AuthError;

/// Everything but RFC 3986's unreserved characters is percent-encoded in a URL component.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn invalid(reason: impl Into<String>) -> AuthError {
    AuthError::InvalidUrl {
        reason: reason.into(),
    }
}

/// The settings a connection URL gives. Errors never repeat the URL or a value of it.
pub(crate) fn parse_layer(text: &str) -> Result<Layer, AuthError> {
    let url = Url::parse(text.trim()).map_err(|error| invalid(error.to_string()))?;
    if url.scheme() != "snowflake" {
        return Err(invalid(format!(
            "the scheme is `{}`; a connection URL starts with snowflake://",
            url.scheme()
        )));
    }
    if url.fragment().is_some() {
        return Err(invalid(
            "remove the `#…` fragment: a connection URL has none",
        ));
    }
    let mut layer = Layer::default();
    put(&mut layer, Setting::User, decode(url.username(), "user")?)?;
    if let Some(password) = url.password() {
        put(&mut layer, Setting::Password, decode(password, "password")?)?;
    }
    if let Some(account) = url.host_str() {
        put(&mut layer, Setting::Account, decode(account, "account")?)?;
    }
    if let Some(port) = url.port() {
        put(&mut layer, Setting::Port, port.to_string())?;
    }
    let path = url.path().strip_prefix('/').unwrap_or(url.path());
    let mut segments: Vec<&str> = path.split('/').collect();
    while segments.last() == Some(&"") {
        segments.pop();
    }
    if segments.len() > 2 {
        return Err(invalid(
            "the path has more than /database/schema; percent-encode a `/` inside a name as %2F",
        ));
    }
    if segments.contains(&"") {
        return Err(invalid(
            "the path has an empty database name: write /database/schema",
        ));
    }
    for (key, segment) in [Setting::Database, Setting::Schema]
        .into_iter()
        .zip(segments)
    {
        put(&mut layer, key, decode(segment, key.name())?)?;
    }
    for (name, value) in url.query_pairs() {
        let key = Setting::from_name(&name).ok_or_else(|| unknown_parameter(&name))?;
        put(&mut layer, key, value.into_owned())?;
    }
    Ok(layer)
}

/// The error for a query parameter that is no key. The name is repeated only when it looks
/// like a key name (letters and `_`): anything else might be a secret pasted in the wrong place.
fn unknown_parameter(name: &str) -> AuthError {
    let looks_like_a_key =
        name.len() <= 40 && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    let shown = if looks_like_a_key {
        format!(" `{name}`")
    } else {
        String::new()
    };
    invalid(format!(
        "unknown query parameter{shown}: use the key names of connections.toml (warehouse, \
         role, authenticator, token, private_key_file, host, port, protocol, …)"
    ))
}

/// Sets a key of the URL's layer; an empty value counts as absent, a repeated key is an error.
fn put(layer: &mut Layer, key: Setting, value: String) -> Result<(), AuthError> {
    if value.is_empty() {
        return Ok(());
    }
    if layer.keys.contains(&key) {
        return Err(invalid(format!("`{}` is given twice", key.name())));
    }
    let origin = || "the connection URL".to_owned();
    layer.set(key, &Value::String(value), &origin, None)
}

fn decode(text: &str, what: &str) -> Result<String, AuthError> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| invalid(format!("the {what} is not UTF-8 once percent-decoded")))
}

impl ConnectionConfig {
    /// Parses a connection URL. The result is not validated: call
    /// [`ConnectionConfig::validate`], or pass the URL to
    /// [`ConnectionConfigBuilder::url`](crate::ConnectionConfigBuilder::url) to merge it with
    /// other settings and validate the whole.
    ///
    /// ```
    /// use secrecy::ExposeSecret;
    /// use snowapi_auth::ConnectionConfig;
    /// let config = ConnectionConfig::from_url(
    ///     "snowflake://me:p%40ss@org-account/sales/public?warehouse=wh&role=analyst",
    /// )?;
    /// assert_eq!(config.password.as_ref().unwrap().expose_secret(), "p@ss");
    /// assert_eq!(config.schema.as_deref(), Some("public"));
    /// assert_eq!(config.role.as_deref(), Some("analyst"));
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::InvalidUrl`] for a malformed URL, another scheme, a path deeper than
    /// database/schema, an unknown or repeated key; [`AuthError::InvalidConfigValue`] for a
    /// value of the wrong form (`port=abc`). The errors never quote the URL.
    pub fn from_url(url: &str) -> Result<Self, AuthError> {
        parse_layer(url).map(|layer| layer.config)
    }

    /// The configuration as a connection URL **without** its secrets: password, passcode,
    /// private key and its passphrase, token, client secret and refresh token are left out,
    /// so the result is safe to log or show.
    ///
    /// ```
    /// use snowapi_auth::ConnectionConfig;
    /// let config = ConnectionConfig::builder()
    ///     .account("org-account").user("me").password("secret").database("sales").warehouse("wh")
    ///     .build()?;
    /// assert_eq!(config.to_url()?, "snowflake://me@org-account/sales?warehouse=wh");
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] when `account` is not set.
    pub fn to_url(&self) -> Result<String, AuthError> {
        self.format_url(false)
    }

    /// The configuration as a connection URL **with** its secrets, as a [`SecretString`]:
    /// [`ConnectionConfig::from_url`] gives back the same configuration.
    ///
    /// ```
    /// use secrecy::ExposeSecret;
    /// use snowapi_auth::ConnectionConfig;
    /// let config = ConnectionConfig::from_url("snowflake://me:p%40ss@org-account")?;
    /// let url = config.to_url_with_secrets()?;
    /// assert_eq!(url.expose_secret(), "snowflake://me:p%40ss@org-account");
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] when `account` is not set.
    pub fn to_url_with_secrets(&self) -> Result<SecretString, AuthError> {
        self.format_url(true).map(SecretString::from)
    }

    fn format_url(&self, with_secrets: bool) -> Result<String, AuthError> {
        let text = |key: Setting| Setting::text_in(key, self).filter(|text| !text.is_empty());
        let account = text(Setting::Account).ok_or(AuthError::UnsetAccount)?;
        let encode = |text: &str| utf8_percent_encode(text, COMPONENT).to_string();
        let mut url = String::from("snowflake://");
        let user = text(Setting::User);
        let password = if with_secrets {
            text(Setting::Password)
        } else {
            None
        };
        if user.is_some() || password.is_some() {
            url += &encode(user.as_deref().unwrap_or_default());
            if let Some(password) = password {
                url.push(':');
                url += &encode(&password);
            }
            url.push('@');
        }
        url += &encode(&account);
        let database = text(Setting::Database);
        if let Some(database) = &database {
            url.push('/');
            url += &encode(database);
            if let Some(schema) = text(Setting::Schema) {
                url.push('/');
                url += &encode(&schema);
            }
        }
        let mut query = form_urlencoded::Serializer::new(String::new());
        for key in Setting::ALL {
            let in_authority_or_path = match key {
                Setting::Account | Setting::User | Setting::Password | Setting::Database => true,
                Setting::Schema => database.is_some(),
                _ => false,
            };
            if in_authority_or_path || (key.is_secret() && !with_secrets) {
                continue;
            }
            if let Some(value) = text(key) {
                query.append_pair(key.name(), &value);
            }
        }
        let query = query.finish();
        if !query.is_empty() {
            url.push('?');
            url += &query;
        }
        Ok(url)
    }
}

impl FromStr for ConnectionConfig {
    type Err = AuthError;

    /// As [`ConnectionConfig::from_url`].
    fn from_str(url: &str) -> Result<Self, AuthError> {
        Self::from_url(url)
    }
}
