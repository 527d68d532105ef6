//! What handles of objects inside a schema (tables, views, stages, …) share: where they live.

use super::SchemaResource;
use crate::{Root, convert::ident};

/// A schema, as the collections of its objects address it.
#[derive(Debug, Clone)]
pub(crate) struct SchemaScope {
    pub(crate) root: Root,
    pub(crate) database: String,
    pub(crate) schema: String,
}

impl SchemaScope {
    /// The database and schema as path parameters of a generated API.
    pub(crate) fn ids<I: From<String>>(&self) -> (I, I) {
        (ident(&self.database), ident(&self.schema))
    }

    /// The handle of the schema itself.
    pub(crate) fn schema(&self) -> SchemaResource {
        SchemaResource::new(
            self.root.clone(),
            self.database.clone(),
            self.schema.clone(),
        )
    }

    /// An object of the schema named `name`.
    pub(crate) fn object(&self, name: String) -> SchemaObject {
        SchemaObject {
            scope: self.clone(),
            name,
        }
    }
}

/// One object of a schema, as its handle addresses it.
#[derive(Debug, Clone)]
pub(crate) struct SchemaObject {
    pub(crate) scope: SchemaScope,
    pub(crate) name: String,
}

impl SchemaObject {
    /// Database, schema and name as path parameters of a generated API.
    pub(crate) fn ids<I: From<String>>(&self) -> (I, I, I) {
        let (database, schema) = self.scope.ids();
        (database, schema, ident(&self.name))
    }

    pub(crate) fn root(&self) -> &Root {
        &self.scope.root
    }

    pub(crate) fn fully_qualified_name(&self) -> String {
        format!(
            "{}.{}.{}",
            self.scope.database, self.scope.schema, self.name
        )
    }
}

/// The accessors every handle of a schema object has, for a type with a `at: SchemaObject`
/// field: `name`, `fully_qualified_name`, `schema`, `database` and `root`.
macro_rules! schema_object_accessors {
    ($handle:ty, $what:literal) => {
        impl $handle {
            #[doc = concat!("The ", $what, "'s name as given.")]
            pub fn name(&self) -> &str {
                &self.at.name
            }

            #[doc = concat!("The ", $what, "'s name for SQL: `database.schema.name`.")]
            pub fn fully_qualified_name(&self) -> String {
                self.at.fully_qualified_name()
            }

            #[doc = concat!("The schema holding the ", $what, ".")]
            pub fn schema(&self) -> $crate::schema::SchemaResource {
                self.at.scope.schema()
            }

            #[doc = concat!("The database holding the ", $what, ".")]
            pub fn database(&self) -> $crate::database::DatabaseResource {
                self.at.scope.schema().database()
            }

            /// The root this handle belongs to.
            pub fn root(&self) -> &$crate::Root {
                self.at.root()
            }
        }
    };
}

/// Declares the handle type of an object inside a schema: a `at: SchemaObject` field, the
/// [accessors](schema_object_accessors), the crate's `new(at)`, and the private `ids` (database,
/// schema and name as path parameters) and `client` (the generated client of module `$api` of
/// `snowapi_rest`) of the [generic verbs](crate::verbs).
macro_rules! schema_object_handle {
    ($(#[$meta:meta])* $handle:ident, $api:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $handle {
            at: $crate::schema::SchemaObject,
        }

        $crate::schema::schema_object_accessors!($handle, $what);

        impl $handle {
            pub(crate) fn new(at: $crate::schema::SchemaObject) -> Self {
                Self { at }
            }

            fn ids(
                &self,
            ) -> (
                snowapi_rest::$api::types::Identifier,
                snowapi_rest::$api::types::Identifier,
                snowapi_rest::$api::types::Identifier,
            ) {
                self.at.ids()
            }

            fn client(&self) -> snowapi_rest::$api::Client {
                self.at.root().api()
            }
        }
    };
}

pub(crate) use {schema_object_accessors, schema_object_handle};
