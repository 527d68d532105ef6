//! Settings of a running server that handlers read: token validities, result formats and
//! chunking, waits, limits. Built by [`EmulatorBuilder`](super::EmulatorBuilder).

use std::time::Duration;

/// What handlers read from the builder's settings. Each protocol area owns its fields.
#[derive(Debug, Clone)]
pub(crate) struct ServerConfig {
    /// The account name logins must name (compared case-insensitively, region suffix ignored).
    pub(crate) account: String,
    /// How long a session token is valid.
    pub(crate) session_validity: Duration,
    /// How long a master token is valid.
    pub(crate) master_validity: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            account: crate::engine::EngineConfig::default().account,
            session_validity: Duration::from_secs(3600),
            master_validity: Duration::from_secs(14_400),
        }
    }
}
