//! Connection configuration: the settings, where they come from, and how they are checked.

mod connection;

pub use connection::ConnectionConfig;
