//! Read-only records that Snowflake reports (`SHOW …` rows and the like), declared with less
//! ceremony: every field optional and defaulted when absent.

/// Declares a read-only record: a `#[non_exhaustive]` serde struct whose fields, written
/// `field: Type`, are all `pub` and `Option<Type>`, defaulting to `None` when the answer lacks
/// them. Field attributes (docs, `#[serde(rename = …)]`) pass through.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* $field:ident: $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default)]
                pub $field: Option<$ty>,
            )*
        }
    };
}

/// A [`record!`] of a privilege someone holds, starting with the fields every such row has:
/// `created_on`, `privilege`, `granted_on`, `name`, `granted_to` and `grantee_name`.
macro_rules! privilege_record {
    ($(#[$meta:meta])* pub struct $name:ident { $($rest:tt)* }) => {
        $crate::record::record! {
            $(#[$meta])*
            pub struct $name {
                /// When the privilege was granted.
                created_on: snowapi_rest::Timestamp,
                /// Privilege name, such as `OWNERSHIP` or `USAGE`.
                privilege: String,
                /// Kind of object the privilege is on, such as `ROLE` or `SERVICE_ENDPOINT`.
                granted_on: String,
                /// Name of the object the privilege is on.
                name: String,
                /// Kind of holder, such as `ROLE`, `USER` or `SERVICE_ROLE`.
                granted_to: String,
                /// Name of the holder.
                grantee_name: String,
                $($rest)*
            }
        }
    };
}

pub(crate) use {privilege_record, record};
