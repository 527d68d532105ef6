//! The `bindings` object of a query request (PROTOCOL §2.2), shared by the connector protocol
//! and the SQL API v2.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One bound parameter: `{"type": "FIXED", "value": "10"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireBinding {
    /// The Snowflake type name, upper case (`FIXED`, `TEXT`, `TIMESTAMP_TZ`, `ANY`...).
    #[serde(rename = "type")]
    pub sf_type: String,
    /// The value: always text or null, or an array of those for array binding.
    #[serde(default)]
    pub value: WireBindValue,
    /// A format hint for structured types (`"json"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fmt: Option<String>,
    /// The schema of a structured-type value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
}

/// The `value` of a binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WireBindValue {
    /// One value, as text, or SQL NULL.
    Scalar(Option<String>),
    /// Array binding: one element per row.
    Array(Vec<Option<String>>),
}

impl Default for WireBindValue {
    fn default() -> Self {
        Self::Scalar(None)
    }
}

/// The whole `bindings` object, in the order the parameters were bound.
///
/// Keys are 1-based positions (`"1"`, `"2"`...) or parameter names. Serialized as a JSON object;
/// the order is kept so requests are readable in logs and reproducible in tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WireBindings(pub Vec<(String, WireBinding)>);

impl WireBindings {
    /// The binding under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&WireBinding> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, b)| b)
    }

    /// How many parameters are bound.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no parameter is bound.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for WireBindings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, binding) in &self.0 {
            map.serialize_entry(key, binding)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for WireBindings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;

        impl<'de> Visitor<'de> for MapVisitor {
            type Value = WireBindings;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of bindings")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(access.size_hint().unwrap_or(0));
                while let Some(entry) = access.next_entry::<String, WireBinding>()? {
                    entries.push(entry);
                }
                Ok(WireBindings(entries))
            }
        }

        deserializer.deserialize_map(MapVisitor)
    }
}
