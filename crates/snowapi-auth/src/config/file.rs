//! `connections.toml` and `config.toml` in the Snowflake home directory.
//!
//! * `connections.toml`: one top-level table per connection, `[name]`.
//! * `config.toml`: `default_connection_name = "name"` and `[connections.name]` tables.
//!
//! A connection defined in both files is taken whole from `connections.toml`, as the Python
//! connector does. Like the Snowflake CLI, a file readable by group or others is used with a
//! warning, and one writable by others is refused.

use std::{
    collections::BTreeMap,
    fs::File,
    io::{self, Read},
    path::{Path, PathBuf},
};

use toml::{Table, Value};

use crate::AuthError;

/// The connection definitions found in the Snowflake home directory.
#[derive(Debug, Default)]
pub(crate) struct ConfigFiles {
    /// Connections by name.
    pub(crate) connections: BTreeMap<String, FileConnection>,
    /// `default_connection_name` of config.toml.
    pub(crate) default_connection_name: Option<String>,
}

/// One connection table and the file it came from.
#[derive(Debug)]
pub(crate) struct FileConnection {
    pub(crate) table: Table,
    pub(crate) path: PathBuf,
}

impl ConfigFiles {
    /// Reads both files of `snowflake_home`; a missing file is no error.
    pub(crate) fn read(snowflake_home: &Path) -> Result<Self, AuthError> {
        let mut files = Self::default();
        let config_path = snowflake_home.join("config.toml");
        if let Some(mut document) = read_toml(&config_path)? {
            match document.remove("default_connection_name") {
                None => {}
                Some(Value::String(name)) => files.default_connection_name = Some(name),
                Some(_) => {
                    return Err(AuthError::InvalidConfigValue {
                        key: "default_connection_name",
                        origin: config_path.display().to_string(),
                        expected: "a connection name (a string)",
                    });
                }
            }
            match document.remove("connections") {
                None => {}
                Some(Value::Table(connections)) => {
                    files.add_connections(connections, &config_path, "connections.")?
                }
                Some(_) => {
                    return Err(AuthError::ConfigFile {
                        path: config_path,
                        reason: "`connections` must be a table of [connections.<name>] tables"
                            .to_owned(),
                    });
                }
            }
        }
        let connections_path = snowflake_home.join("connections.toml");
        if let Some(document) = read_toml(&connections_path)? {
            files.add_connections(document, &connections_path, "")?;
        }
        Ok(files)
    }

    fn add_connections(
        &mut self,
        tables: Table,
        path: &Path,
        prefix: &str,
    ) -> Result<(), AuthError> {
        for (name, value) in tables {
            match value {
                Value::Table(table) => {
                    let path = path.to_path_buf();
                    self.connections
                        .insert(name, FileConnection { table, path });
                }
                _ => {
                    return Err(AuthError::ConfigFile {
                        path: path.to_path_buf(),
                        reason: format!(
                            "`{prefix}{name}` is not a table; write each connection as \
                             [{prefix}<name>] followed by its keys"
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Parses a TOML file, after checking its permissions. `None` when it does not exist.
fn read_toml(path: &Path) -> Result<Option<Table>, AuthError> {
    let failed = |reason: String| AuthError::ConfigFile {
        path: path.to_path_buf(),
        reason,
    };
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(failed(error.to_string())),
    };
    let metadata = file.metadata().map_err(|error| failed(error.to_string()))?;
    if metadata.is_dir() {
        return Err(failed("it is a directory".to_owned()));
    }
    check_permissions(path, &metadata)?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|error| failed(error.to_string()))?;
    // The error's own Display quotes the offending line, which may hold a secret: only its
    // message and line number are kept.
    text.parse::<Table>().map(Some).map_err(|error| {
        let line = error
            .span()
            .map(|span| newlines(text.as_bytes(), span.start) + 1);
        let message = error.message().trim();
        match line {
            Some(line) => failed(format!("TOML syntax error on line {line}: {message}")),
            None => failed(format!("TOML syntax error: {message}")),
        }
    })
}

/// The newlines before byte `end` (clamped), counted in bytes so no char boundary matters.
fn newlines(bytes: &[u8], end: usize) -> usize {
    bytes[..end.min(bytes.len())]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
}

#[cfg(unix)]
fn check_permissions(path: &Path, metadata: &std::fs::Metadata) -> Result<(), AuthError> {
    use std::os::unix::fs::PermissionsExt;

    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o002 != 0 {
        return Err(AuthError::InsecureConfigFile {
            path: path.to_path_buf(),
            mode,
        });
    }
    if mode & 0o077 != 0 {
        tracing::warn!(
            path = %path.display(),
            mode = %format_args!("{mode:o}"),
            "configuration file is accessible by group or others; run `chmod 0600` on it"
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _metadata: &std::fs::Metadata) -> Result<(), AuthError> {
    Ok(())
}
