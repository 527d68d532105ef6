//! Integration tests of authenticators and sessions, against an in-process HTTP server that
//! stands in for Snowflake's connector endpoints and an OAuth token endpoint. One test binary,
//! one module per concern.

mod heartbeat;
mod keypair;
mod login;
mod logout;
mod oauth;
mod renew;
mod secrets;
mod support;
mod tracing_output;

use std::path::PathBuf;

/// A file under tests/fixtures (made with openssl; see its README).
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The passphrase of tests/fixtures/rsa_key_encrypted.p8.
pub const PASSPHRASE: &str = "fixture-passphrase";
