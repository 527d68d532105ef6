//! Warehouse properties kept in [`Warehouse::properties`], read with their defaults, and
//! Snowflake's warehouse sizes.

use super::Warehouse;

/// Sizes as SHOW WAREHOUSES writes them, with the codes CREATE/ALTER and REST accept.
const SIZES: &[(&str, &[&str])] = &[
    ("X-Small", &["XSMALL", "X-SMALL"]),
    ("Small", &["SMALL"]),
    ("Medium", &["MEDIUM"]),
    ("Large", &["LARGE"]),
    ("X-Large", &["XLARGE", "X-LARGE"]),
    ("2X-Large", &["XXLARGE", "X2LARGE", "2X-LARGE"]),
    ("3X-Large", &["XXXLARGE", "X3LARGE", "3X-LARGE"]),
    ("4X-Large", &["X4LARGE", "4X-LARGE"]),
    ("5X-Large", &["X5LARGE", "5X-LARGE"]),
    ("6X-Large", &["X6LARGE", "6X-LARGE"]),
];

/// The displayed size (`X-Small`) of a size as written (`xsmall`, `'X-SMALL'`, `X-Small`).
pub fn warehouse_size(text: &str) -> Option<&'static str> {
    let upper = text.trim().to_uppercase();
    SIZES
        .iter()
        .find(|(shown, codes)| shown.to_uppercase() == upper || codes.contains(&upper.as_str()))
        .map(|(shown, _)| *shown)
}

/// Property keys of [`Warehouse::properties`] and their defaults.
pub mod keys {
    /// MIN_CLUSTER_COUNT (default 1).
    pub const MIN_CLUSTER_COUNT: &str = "MIN_CLUSTER_COUNT";
    /// MAX_CLUSTER_COUNT (default 1).
    pub const MAX_CLUSTER_COUNT: &str = "MAX_CLUSTER_COUNT";
    /// SCALING_POLICY (default STANDARD).
    pub const SCALING_POLICY: &str = "SCALING_POLICY";
    /// ENABLE_QUERY_ACCELERATION (default false).
    pub const ENABLE_QUERY_ACCELERATION: &str = "ENABLE_QUERY_ACCELERATION";
    /// QUERY_ACCELERATION_MAX_SCALE_FACTOR (default 8).
    pub const QUERY_ACCELERATION_MAX_SCALE_FACTOR: &str = "QUERY_ACCELERATION_MAX_SCALE_FACTOR";
    /// MAX_CONCURRENCY_LEVEL (default 8).
    pub const MAX_CONCURRENCY_LEVEL: &str = "MAX_CONCURRENCY_LEVEL";
    /// STATEMENT_QUEUED_TIMEOUT_IN_SECONDS (default 0).
    pub const STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: &str = "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS";
    /// STATEMENT_TIMEOUT_IN_SECONDS (default 172800).
    pub const STATEMENT_TIMEOUT_IN_SECONDS: &str = "STATEMENT_TIMEOUT_IN_SECONDS";
    /// RESOURCE_MONITOR (default none).
    pub const RESOURCE_MONITOR: &str = "RESOURCE_MONITOR";
}

impl Warehouse {
    fn number(&self, key: &str, default: u64) -> u64 {
        self.properties
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// The size code REST uses (`XSMALL`, `XXLARGE`, ...).
    pub fn size_code(&self) -> &'static str {
        SIZES
            .iter()
            .find(|(shown, _)| *shown == self.size)
            .map_or("XSMALL", |(_, codes)| codes[0])
    }

    /// MIN_CLUSTER_COUNT.
    pub fn min_cluster_count(&self) -> u64 {
        self.number(keys::MIN_CLUSTER_COUNT, 1)
    }

    /// MAX_CLUSTER_COUNT.
    pub fn max_cluster_count(&self) -> u64 {
        self.number(keys::MAX_CLUSTER_COUNT, 1)
    }

    /// SCALING_POLICY.
    pub fn scaling_policy(&self) -> &str {
        self.properties
            .get(keys::SCALING_POLICY)
            .map_or("STANDARD", String::as_str)
    }

    /// ENABLE_QUERY_ACCELERATION.
    pub fn enable_query_acceleration(&self) -> bool {
        self.properties
            .get(keys::ENABLE_QUERY_ACCELERATION)
            .is_some_and(|v| v == "true")
    }

    /// QUERY_ACCELERATION_MAX_SCALE_FACTOR.
    pub fn query_acceleration_max_scale_factor(&self) -> u64 {
        self.number(keys::QUERY_ACCELERATION_MAX_SCALE_FACTOR, 8)
    }

    /// MAX_CONCURRENCY_LEVEL.
    pub fn max_concurrency_level(&self) -> u64 {
        self.number(keys::MAX_CONCURRENCY_LEVEL, 8)
    }

    /// STATEMENT_QUEUED_TIMEOUT_IN_SECONDS.
    pub fn statement_queued_timeout_in_seconds(&self) -> u64 {
        self.number(keys::STATEMENT_QUEUED_TIMEOUT_IN_SECONDS, 0)
    }

    /// STATEMENT_TIMEOUT_IN_SECONDS.
    pub fn statement_timeout_in_seconds(&self) -> u64 {
        self.number(keys::STATEMENT_TIMEOUT_IN_SECONDS, 172_800)
    }

    /// RESOURCE_MONITOR.
    pub fn resource_monitor(&self) -> Option<&str> {
        self.properties
            .get(keys::RESOURCE_MONITOR)
            .map(String::as_str)
    }

    /// Whether it is suspended.
    pub fn is_suspended(&self) -> bool {
        self.state == "SUSPENDED"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(warehouse_size("xsmall"), Some("X-Small"));
        assert_eq!(warehouse_size("X-Small"), Some("X-Small"));
        assert_eq!(warehouse_size("2X-LARGE"), Some("2X-Large"));
        assert_eq!(warehouse_size("xxlarge"), Some("2X-Large"));
        assert_eq!(warehouse_size("huge"), None);
    }
}
