//! The facade's error: whichever layer failed, with that layer's details.

/// A failure anywhere in snowapi.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Configuration, credentials or the session.
    #[error(transparent)]
    Auth(#[from] snowapi_auth::AuthError),
    /// A low-level REST call.
    #[error(transparent)]
    Rest(Box<snowapi_rest::RestError>),
    /// A SQL statement.
    #[cfg(feature = "query")]
    #[error(transparent)]
    Query(Box<snowapi_query::QueryError>),
    /// A resource operation.
    #[cfg(feature = "core")]
    #[error(transparent)]
    Core(#[from] snowapi_core::CoreError),
    /// The embedded emulator could not start.
    #[cfg(feature = "emulator")]
    #[error("the embedded emulator could not start: {0}")]
    Emulator(String),
}

// Boxed: a `Result` stays small on the happy path whatever the layer's error carries.
impl From<snowapi_rest::RestError> for Error {
    fn from(error: snowapi_rest::RestError) -> Self {
        Self::Rest(Box::new(error))
    }
}

#[cfg(feature = "query")]
impl From<snowapi_query::QueryError> for Error {
    fn from(error: snowapi_query::QueryError) -> Self {
        Self::Query(Box::new(error))
    }
}

/// Results of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;
