//! What handles of account-level objects (warehouses, roles, users, compute pools) share.

/// Declares the handle type of an account-level object: a `root` and a `name`, with
/// `new`, `name`, `fully_qualified_name` and `root`, and the private `id` (the name as the
/// API's path parameter) and `client` (the API's generated client, from module `$api` of
/// `snowapi_rest`).
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

            fn client(&self) -> snowapi_rest::$api::Client {
                self.root.api()
            }
        }
    };
}

pub(crate) use account_object_handle;
