//! Closed sets of values Snowflake sends as text (sizes, kinds, states), kept open to values a
//! newer server may add, and yes/no settings some APIs send as the strings `"true"`/`"false"`.

/// Generates an enum of known text values plus `Other(String)`, (de)serialized as its text
/// (matched case-insensitively, with optional aliases), with `as_str`, `Display` and
/// `From<&str>`.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, as Snowflake sent it.
            Other(String),
        }

        impl $name {
            /// The value as Snowflake writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Other(text) => text,
                }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $(
                    if text.eq_ignore_ascii_case($text) $(|| text.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )*
                Self::Other(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from(text.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_enum;

/// `Option<bool>` fields that travel as `"true"` / `"false"` (read leniently: booleans, any
/// case, `Y`/`N`). Use with `#[serde(default, with = "crate::text_enum::bool_text",
/// skip_serializing_if = "Option::is_none")]`.
pub(crate) mod bool_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use serde_json::Value;

    pub(crate) fn serialize<S: Serializer>(value: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(true) => s.serialize_str("true"),
            Some(false) => s.serialize_str("false"),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        match Option::<Value>::deserialize(d)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(Value::String(text)) => match text.to_ascii_lowercase().as_str() {
                "true" | "y" | "yes" | "on" => Ok(Some(true)),
                "false" | "n" | "no" | "off" => Ok(Some(false)),
                _ => Err(D::Error::custom(format!("`{text}` is not true or false"))),
            },
            Some(other) => Err(D::Error::custom(format!("{other} is not true or false"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    text_enum!(
        /// A test enum.
        Size {
            /// Small.
            Small = "SMALL" | "S",
            /// Large.
            Large = "LARGE",
        }
    );

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Flags {
        #[serde(
            default,
            with = "super::bool_text",
            skip_serializing_if = "Option::is_none"
        )]
        on: Option<bool>,
    }

    #[test]
    fn known_aliased_and_unknown_values_round_trip() {
        assert_eq!(Size::from("small"), Size::Small);
        assert_eq!(Size::from("S"), Size::Small);
        assert_eq!(Size::from("huge"), Size::Other("huge".into()));
        assert_eq!(serde_json::to_value(Size::Large).unwrap(), "LARGE");
        let parsed: Size = serde_json::from_value("Large".into()).unwrap();
        assert_eq!(parsed, Size::Large);
    }

    #[test]
    fn yes_no_settings_travel_as_text() {
        let json = serde_json::to_value(Flags { on: Some(true) }).unwrap();
        assert_eq!(json, serde_json::json!({"on": "true"}));
        let read: Flags = serde_json::from_value(serde_json::json!({"on": false})).unwrap();
        assert_eq!(read.on, Some(false));
        let read: Flags = serde_json::from_value(serde_json::json!({"on": "FALSE"})).unwrap();
        assert_eq!(read.on, Some(false));
        let read: Flags = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(read.on, None);
    }
}
