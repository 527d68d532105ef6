//! The login body fields an authenticator contributes, with secrets kept apart.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

/// One value: plain JSON, or a secret string that never shows in `Debug`.
#[derive(Clone)]
enum FieldValue {
    Plain(Value),
    Secret(SecretString),
}

/// Fields for the `data` object of a login request (`AUTHENTICATOR`, `TOKEN`, `PASSWORD`,
/// `PASSCODE`, `EXT_AUTHN_DUO_METHOD`, ...). Names are Snowflake's upper-case keys; setting a
/// name twice keeps the last value. Secret values are zeroized when dropped and shown as
/// `<redacted>` by `Debug`.
///
/// ```
/// use secrecy::SecretString;
/// use snowapi_auth::LoginFields;
/// let fields = LoginFields::new()
///     .authenticator("PROGRAMMATIC_ACCESS_TOKEN")
///     .secret("TOKEN", SecretString::from("my-pat"));
/// assert_eq!(fields.get("AUTHENTICATOR"), Some(&"PROGRAMMATIC_ACCESS_TOKEN".into()));
/// assert!(!format!("{fields:?}").contains("my-pat"));
/// ```
#[derive(Clone, Default)]
pub struct LoginFields {
    entries: Vec<(String, FieldValue)>,
}

impl LoginFields {
    /// No fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `AUTHENTICATOR` (`SNOWFLAKE_JWT`, `OAUTH`, `PROGRAMMATIC_ACCESS_TOKEN`, ...).
    pub fn authenticator(self, name: &str) -> Self {
        self.field("AUTHENTICATOR", name)
    }

    /// Sets a field that is not secret.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set(name.into(), FieldValue::Plain(value.into()));
        self
    }

    /// Sets a secret field (`PASSWORD`, `PASSCODE`, `TOKEN`).
    pub fn secret(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.set(name.into(), FieldValue::Secret(value));
        self
    }

    /// The value of a field that is not secret; `None` for secrets and absent fields.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries.iter().find_map(|(key, value)| match value {
            FieldValue::Plain(value) if key == name => Some(value),
            _ => None,
        })
    }

    /// Whether the field is set (secret or not).
    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|(key, _)| key == name)
    }

    /// The names of the fields set, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    fn set(&mut self, name: String, value: FieldValue) {
        match self.entries.iter_mut().find(|(key, _)| *key == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Writes every field into `data`, exposing secrets: only for the request body.
    pub(crate) fn write_into(&self, data: &mut Map<String, Value>) {
        for (key, value) in &self.entries {
            let value = match value {
                FieldValue::Plain(value) => value.clone(),
                FieldValue::Secret(secret) => Value::String(secret.expose_secret().to_owned()),
            };
            data.insert(key.clone(), value);
        }
    }

    /// The secret values, to scrub them from server messages.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.entries.iter().filter_map(|(_, value)| match value {
            FieldValue::Secret(secret) => Some(secret),
            FieldValue::Plain(_) => None,
        })
    }
}

impl fmt::Debug for LoginFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.entries {
            match value {
                FieldValue::Plain(value) => map.entry(key, value),
                FieldValue::Secret(_) => map.entry(key, &"<redacted>"),
            };
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_value_wins_and_secrets_are_written_but_not_shown() {
        let fields = LoginFields::new()
            .field("PASSCODE", "1")
            .secret("PASSCODE", SecretString::from("123456"))
            .field("EXT_AUTHN_DUO_METHOD", "passcode");
        assert_eq!(
            fields.names().collect::<Vec<_>>(),
            ["PASSCODE", "EXT_AUTHN_DUO_METHOD"]
        );
        assert_eq!(fields.get("PASSCODE"), None);
        assert!(fields.contains("PASSCODE"));
        let mut data = Map::new();
        fields.write_into(&mut data);
        assert_eq!(data["PASSCODE"], "123456");
        let shown = format!("{fields:?}");
        assert!(!shown.contains("123456"), "{shown}");
        assert_eq!(fields.secrets().count(), 1);
    }
}
