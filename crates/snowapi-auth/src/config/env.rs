//! Environment variables: `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` for one named connection, and
//! `SNOWFLAKE_<KEY>` for whichever connection is loaded. `<KEY>` is a key of connections.toml,
//! upper-cased (`SNOWFLAKE_PRIVATE_KEY_FILE`); variables with other names are ignored.

use std::{collections::BTreeMap, path::Path};

use toml::Value;

use super::{keys::Setting, layer::Layer};
use crate::AuthError;

/// Names the connection to load when the caller names none.
pub(crate) const DEFAULT_CONNECTION_NAME: &str = "SNOWFLAKE_DEFAULT_CONNECTION_NAME";
/// The Snowflake home directory (default `~/.snowflake`).
pub(crate) const SNOWFLAKE_HOME: &str = "SNOWFLAKE_HOME";

/// The prefix of the variables of connection `name`.
fn connection_prefix(name: &str) -> String {
    format!("SNOWFLAKE_CONNECTIONS_{}_", name.to_uppercase())
}

/// The `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` variables of connection `name`.
pub(crate) fn connection_layer(
    env: &BTreeMap<String, String>,
    name: &str,
    home: Option<&Path>,
) -> Result<Layer, AuthError> {
    let prefix = connection_prefix(name);
    layer(env, |var| var.strip_prefix(prefix.as_str()), home)
}

/// The `SNOWFLAKE_<KEY>` variables.
pub(crate) fn generic_layer(
    env: &BTreeMap<String, String>,
    home: Option<&Path>,
) -> Result<Layer, AuthError> {
    layer(env, |var| var.strip_prefix("SNOWFLAKE_"), home)
}

fn layer<'a>(
    env: &'a BTreeMap<String, String>,
    key_part: impl Fn(&'a str) -> Option<&'a str>,
    home: Option<&Path>,
) -> Result<Layer, AuthError> {
    let mut layer = Layer::default();
    for (var, value) in env {
        let Some(key) = key_part(var).and_then(Setting::from_name) else {
            continue;
        };
        let origin = || format!("environment variable {var}");
        layer.set(key, &Value::String(value.clone()), &origin, home)?;
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn generic_variables_map_to_keys() {
        let env = env(&[
            ("SNOWFLAKE_ACCOUNT", "org-acct"),
            ("SNOWFLAKE_PORT", "8080"),
            ("SNOWFLAKE_CLIENT_SESSION_KEEP_ALIVE", "true"),
            ("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "pp"),
            ("SNOWFLAKE_HOME", "/tmp/nowhere"),
            ("SNOWFLAKE_DEFAULT_CONNECTION_NAME", "prod"),
            ("SNOWFLAKE_CONNECTIONS_PROD_USER", "prod-user"),
            ("HOME", "/home/u"),
        ]);
        let layer = generic_layer(&env, None).unwrap();
        let keys: Vec<_> = layer.keys.iter().copied().collect();
        assert_eq!(
            keys,
            [
                Setting::Account,
                Setting::Port,
                Setting::PrivateKeyPassphrase,
                Setting::ClientSessionKeepAlive
            ]
        );
        assert_eq!(layer.config.port, Some(8080));
        assert!(layer.config.client_session_keep_alive);
    }

    #[test]
    fn connection_variables_belong_to_one_name() {
        let env = env(&[
            ("SNOWFLAKE_CONNECTIONS_PROD_USER", "prod-user"),
            ("SNOWFLAKE_CONNECTIONS_PROD_EU_USER", "eu-user"),
            ("SNOWFLAKE_CONNECTIONS_PROD_PRIVATE_KEY_FILE", "~/k.p8"),
        ]);
        let layer = connection_layer(&env, "prod", Some(Path::new("/home/u"))).unwrap();
        assert_eq!(layer.config.user.as_deref(), Some("prod-user"));
        assert_eq!(layer.config.private_key_file, Some("/home/u/k.p8".into()));
        let layer = connection_layer(&env, "prod_eu", None).unwrap();
        assert_eq!(layer.config.user.as_deref(), Some("eu-user"));
        assert!(connection_layer(&env, "dev", None).unwrap().keys.is_empty());
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let env = env(&[("SNOWFLAKE_LOGIN_TIMEOUT", "soon")]);
        let error = generic_layer(&env, None).unwrap_err();
        assert!(
            error.to_string().contains("SNOWFLAKE_LOGIN_TIMEOUT"),
            "{error}"
        );
    }
}
