//! The error type of snowapi-auth.

/// Why a credential could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The credential source refused or failed; the message says which and why, without secrets.
    #[error("could not obtain a credential: {0}")]
    Unavailable(String),
}
