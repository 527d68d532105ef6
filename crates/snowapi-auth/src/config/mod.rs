//! Connection configuration: the settings, where they come from, and how they are checked.
//!
//! * [`ConnectionConfig`] (`connection.rs`): the settings, with Snowflake's key names.
//! * `builder.rs`: [`ConnectionConfigBuilder`] and the precedence of the sources.
//! * `sources.rs`, `file.rs`, `env.rs`: [`ConfigSources`], connections.toml / config.toml,
//!   `SNOWFLAKE_*` variables.
//! * `connection_url.rs`: `snowflake://` URLs, parsed and formatted.
//! * `account.rs`, `endpoint.rs`: [`AccountIdentifier`] and the base URL.
//! * `authenticator_kind.rs`, `validate.rs`: [`AuthenticatorKind`] and the checks.
//! * `keys.rs`, `layer.rs`: the key table and one source's share of the settings (internal).

mod account;
mod authenticator_kind;
mod builder;
mod connection;
mod connection_url;
mod endpoint;
mod env;
mod file;
mod keys;
mod layer;
mod sources;
mod validate;

pub use account::AccountIdentifier;
pub use authenticator_kind::AuthenticatorKind;
pub use builder::ConnectionConfigBuilder;
pub use connection::ConnectionConfig;
pub use sources::ConfigSources;
