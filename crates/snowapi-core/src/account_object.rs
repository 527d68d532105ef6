//! What handles of account-level objects (databases, warehouses, roles, users, compute pools)
//! share, and those of database-level ones (schemas, database roles).

/// Declares the handle type of an account-level object: a `root` and a `name`, with
/// `new`, `name`, `fully_qualified_name` and `root`, and the private `id` (the name as the
/// API's path parameter; `ids` for the [generic verbs](crate::verbs)) and `client` (the API's
/// generated client, from module `$api` of `snowapi_rest`).
macro_rules! account_object_handle {
    ($(#[$meta:meta])* $handle:ident, $api:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $handle {
            root: $crate::Root,
            name: String,
        }

        impl $handle {
            pub(crate) fn new(root: $crate::Root, name: String) -> Self {
                Self { root, name }
            }

            #[doc = concat!("The ", $what, "'s name as given.")]
            pub fn name(&self) -> &str {
                &self.name
            }

            #[doc = concat!("The name to use in SQL (for a ", $what, ", its name).")]
            pub fn fully_qualified_name(&self) -> String {
                self.name.clone()
            }

            /// The root this handle belongs to.
            pub fn root(&self) -> &$crate::Root {
                &self.root
            }

            fn id(&self) -> snowapi_rest::$api::types::Identifier {
                $crate::convert::ident(&self.name)
            }

            /// The path parameters of the generic verbs: the name.
            fn ids(&self) -> snowapi_rest::$api::types::Identifier {
                self.id()
            }

            fn client(&self) -> snowapi_rest::$api::Client {
                self.root.api()
            }
        }
    };
}

/// Declares the handle type of an object inside a database: a `root`, a `database` and a
/// `name`, with `new`, `name`, `fully_qualified_name` (`database.name`), `database` and `root`,
/// and the `ids` (database and name as path parameters) and private `client` (from module `$api`
/// of `snowapi_rest`) of the [generic verbs](crate::verbs).
macro_rules! database_object_handle {
    ($(#[$meta:meta])* $handle:ident, $api:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $handle {
            root: $crate::Root,
            database: String,
            name: String,
        }

        impl $handle {
            pub(crate) fn new(root: $crate::Root, database: String, name: String) -> Self {
                Self {
                    root,
                    database,
                    name,
                }
            }

            #[doc = concat!("The ", $what, "'s name as given.")]
            pub fn name(&self) -> &str {
                &self.name
            }

            #[doc = concat!("The name to use in SQL: `database.", $what, "`.")]
            pub fn fully_qualified_name(&self) -> String {
                format!("{}.{}", self.database, self.name)
            }

            #[doc = concat!("The database holding the ", $what, ".")]
            pub fn database(&self) -> $crate::database::DatabaseResource {
                $crate::database::DatabaseResource::new(self.root.clone(), self.database.clone())
            }

            /// The root this handle belongs to.
            pub fn root(&self) -> &$crate::Root {
                &self.root
            }

            pub(crate) fn ids(
                &self,
            ) -> (
                snowapi_rest::$api::types::Identifier,
                snowapi_rest::$api::types::Identifier,
            ) {
                (
                    $crate::convert::ident(&self.database),
                    $crate::convert::ident(&self.name),
                )
            }

            fn client(&self) -> snowapi_rest::$api::Client {
                self.root.api()
            }
        }
    };
}

pub(crate) use {account_object_handle, database_object_handle};
