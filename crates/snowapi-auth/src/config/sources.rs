//! Where a configuration is loaded from: the Snowflake home directory and the environment,
//! passed in as data so loading can be tested without the real home or process environment.

use std::{collections::BTreeMap, fmt, path::PathBuf};

use super::{
    ConnectionConfig, env,
    file::{ConfigFiles, FileConnection},
    keys::{Setting, expand_home},
    layer::Layer,
};
use crate::AuthError;

/// The inputs of configuration loading: the user's home directory and the environment
/// variables. [`ConfigSources::from_process`] reads the real ones; tests build their own.
///
/// Its `Debug` shows the variables' names, never their values.
///
/// ```
/// use snowapi_auth::{ConfigSources, ConnectionConfig};
/// let sources = ConfigSources::new("/nonexistent-home")
///     .var("SNOWFLAKE_ACCOUNT", "org-account")
///     .var("SNOWFLAKE_USER", "me")
///     .var("SNOWFLAKE_PASSWORD", "secret");
/// let config = ConnectionConfig::load_from(&sources, None)?;
/// assert_eq!(config.user.as_deref(), Some("me"));
/// # Ok::<(), snowapi_auth::AuthError>(())
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ConfigSources {
    /// The user's home directory: `~` in paths, and `~/.snowflake` when `SNOWFLAKE_HOME` is
    /// unset. `None` when unknown (then only `SNOWFLAKE_HOME` locates the files).
    pub home: Option<PathBuf>,
    /// Environment variables by name.
    pub env: BTreeMap<String, String>,
}

impl ConfigSources {
    /// Sources with this home directory and no environment variables.
    pub fn new(home: impl Into<PathBuf>) -> Self {
        Self {
            home: Some(home.into()),
            env: BTreeMap::new(),
        }
    }

    /// Sources with this home directory (if known) and these environment variables.
    pub fn from_env_map(home: Option<PathBuf>, env: BTreeMap<String, String>) -> Self {
        Self { home, env }
    }

    /// The real home directory and the process's `SNOWFLAKE_*` variables (others are not
    /// kept; neither are values that are not UTF-8).
    pub fn from_process() -> Self {
        let env = std::env::vars_os()
            .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
            .filter(|(name, _)| name.starts_with("SNOWFLAKE_"))
            .collect();
        Self {
            home: std::env::home_dir(),
            env,
        }
    }

    /// These sources plus one environment variable.
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }

    /// The directory of connections.toml and config.toml: `$SNOWFLAKE_HOME` (a leading `~`
    /// expanded), else `<home>/.snowflake`; `None` when neither is known.
    pub fn snowflake_home(&self) -> Option<PathBuf> {
        match self.env.get(env::SNOWFLAKE_HOME).map(|dir| dir.trim()) {
            Some(dir) if !dir.is_empty() => Some(expand_home(dir, self.home.as_deref())),
            _ => self.home.as_ref().map(|home| home.join(".snowflake")),
        }
    }

    /// The connections `connections.toml` and `config.toml` define, in name order, and the
    /// name of the default one (`SNOWFLAKE_DEFAULT_CONNECTION_NAME`, else config.toml's
    /// `default_connection_name`, else `default`) — what `snow connection list` shows.
    ///
    /// ```
    /// use snowapi_auth::ConfigSources;
    /// let dir = tempfile::tempdir().unwrap();
    /// let sources = ConfigSources::new(dir.path());
    /// let (names, default) = sources.connection_names().unwrap();
    /// assert!(names.is_empty());
    /// assert_eq!(default, "default");
    /// ```
    ///
    /// # Errors
    ///
    /// When a configuration file cannot be read or parsed, or is writable by others.
    pub fn connection_names(&self) -> Result<(Vec<String>, String), AuthError> {
        let files = match self.snowflake_home() {
            Some(dir) => ConfigFiles::read(&dir)?,
            None => ConfigFiles::default(),
        };
        let default = self
            .env
            .get(env::DEFAULT_CONNECTION_NAME)
            .cloned()
            .or(files.default_connection_name)
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "default".to_owned());
        Ok((files.connections.into_keys().collect(), default))
    }

    /// The layers these sources give, lowest precedence first, for connection `name` (or the
    /// default connection).
    pub(crate) fn layers(&self, name: Option<&str>) -> Result<SourceLayers, AuthError> {
        let snowflake_home = self.snowflake_home();
        let files = match &snowflake_home {
            Some(dir) => ConfigFiles::read(dir)?,
            None => ConfigFiles::default(),
        };
        let chosen = name
            .map(str::to_owned)
            .or_else(|| self.env.get(env::DEFAULT_CONNECTION_NAME).cloned())
            .or_else(|| files.default_connection_name.clone())
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty());
        let named = chosen.is_some();
        let name = chosen.unwrap_or_else(|| "default".to_owned());
        let home = self.home.as_deref();

        let profile_file = match files.connections.get(&name) {
            Some(connection) => file_layer(&name, connection, home)?,
            None => Layer::default(),
        };
        let profile_env = env::connection_layer(&self.env, &name, home)?;
        let found = files.connections.contains_key(&name) || !profile_env.keys.is_empty();
        if named && !found {
            return Err(AuthError::UnknownConnection {
                name,
                snowflake_home: snowflake_home.unwrap_or_else(|| PathBuf::from("~/.snowflake")),
            });
        }
        tracing::debug!(connection = %name, found, "loading connection configuration");
        Ok(SourceLayers {
            profile_name: found.then_some(name),
            profile_file,
            generic_env: env::generic_layer(&self.env, home)?,
            profile_env,
        })
    }
}

/// What [`ConfigSources::layers`] found.
#[derive(Debug)]
pub(crate) struct SourceLayers {
    /// The name of the connection profile found, if one was.
    pub(crate) profile_name: Option<String>,
    /// The profile's table in the files.
    pub(crate) profile_file: Layer,
    /// The `SNOWFLAKE_<KEY>` variables.
    pub(crate) generic_env: Layer,
    /// The profile's `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` variables.
    pub(crate) profile_env: Layer,
}

impl SourceLayers {
    /// The credential keys the profile sets, in its file table or its own variables.
    pub(crate) fn profile_credentials(&self) -> Vec<&'static str> {
        let mut names = self.profile_file.credential_names();
        names.extend(self.profile_env.credential_names());
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The layers, lowest precedence first.
    pub(crate) fn in_order(&self) -> [&Layer; 3] {
        [&self.profile_file, &self.generic_env, &self.profile_env]
    }
}

fn file_layer(
    name: &str,
    connection: &FileConnection,
    home: Option<&std::path::Path>,
) -> Result<Layer, AuthError> {
    let mut layer = Layer::default();
    let origin = || format!("{} (connection `{name}`)", connection.path.display());
    for (key_name, value) in &connection.table {
        match Setting::from_name(key_name) {
            Some(key) => layer.set(key, value, &origin, home)?,
            None => tracing::debug!(
                path = %connection.path.display(),
                connection = %name,
                key = %key_name,
                "ignoring a key snowapi does not use"
            ),
        }
    }
    Ok(layer)
}

impl fmt::Debug for ConfigSources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigSources")
            .field("home", &self.home)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ConnectionConfig {
    /// Loads connection `name` (or the default connection) from the real home directory and
    /// process environment, and validates it.
    ///
    /// Precedence, highest first: `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` variables, then
    /// `SNOWFLAKE_<KEY>` variables, then the files (a connection of `connections.toml`
    /// replacing the same-named one of `config.toml`). The connection is `name`, else
    /// `SNOWFLAKE_DEFAULT_CONNECTION_NAME`, else config.toml's `default_connection_name`, else
    /// `default` (which may be absent: then only variables count). See
    /// [`ConnectionConfigBuilder`](crate::ConnectionConfigBuilder) to add explicit settings
    /// on top.
    ///
    /// ```no_run
    /// use snowapi_auth::ConnectionConfig;
    /// let config = ConnectionConfig::load(Some("prod"))?;
    /// let url = config.base_url()?;
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::UnknownConnection`] when `name` (or `SNOWFLAKE_DEFAULT_CONNECTION_NAME`,
    /// or config.toml's `default_connection_name`) is defined nowhere; file errors
    /// ([`AuthError::ConfigFile`], [`AuthError::InsecureConfigFile`]); bad values
    /// ([`AuthError::InvalidConfigValue`]); any error of [`ConnectionConfig::validate`].
    pub fn load(name: Option<&str>) -> Result<Self, AuthError> {
        Self::load_from(&ConfigSources::from_process(), name)
    }

    /// [`ConnectionConfig::load`] with the given sources instead of the real ones.
    ///
    /// # Errors
    ///
    /// As [`ConnectionConfig::load`].
    pub fn load_from(sources: &ConfigSources, name: Option<&str>) -> Result<Self, AuthError> {
        let mut builder = Self::builder().sources(sources.clone());
        if let Some(name) = name {
            builder = builder.connection_name(name);
        }
        builder.build()
    }
}
