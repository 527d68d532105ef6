//! One source's share of a configuration: the keys it sets and their values.

use std::{collections::BTreeSet, path::Path};

use super::{ConnectionConfig, keys::Setting};
use crate::AuthError;

/// The settings one source gives (a file's connection table, some variables, a URL, the
/// builder). Merging applies layers from the lowest precedence to the highest, key by key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layer {
    pub(crate) config: ConnectionConfig,
    pub(crate) keys: BTreeSet<Setting>,
}

impl Layer {
    /// Sets a key from a raw value (see [`Setting::apply`]).
    pub(crate) fn set(
        &mut self,
        key: Setting,
        value: &toml::Value,
        origin: &dyn Fn() -> String,
        home: Option<&Path>,
    ) -> Result<(), AuthError> {
        key.apply(&mut self.config, value, origin, home)?;
        self.keys.insert(key);
        Ok(())
    }

    /// Marks a key as set (its field was written directly).
    pub(crate) fn mark(&mut self, key: Setting) {
        self.keys.insert(key);
    }

    /// The credential keys this layer sets, by name.
    pub(crate) fn credential_names(&self) -> Vec<&'static str> {
        self.keys
            .iter()
            .filter(|key| key.is_credential())
            .map(|key| key.name())
            .collect()
    }

    /// Writes this layer's keys over `target`.
    pub(crate) fn apply_to(&self, target: &mut ConnectionConfig) {
        for key in &self.keys {
            key.copy(&self.config, target);
        }
    }
}
