//! What can go wrong in a command, and the exit code it gives.

/// A failed command.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// snowapi (configuration, SQL, REST) failed.
    #[error(transparent)]
    Snowapi(#[from] snowapi::Error),
    /// A file or the terminal could not be read or written.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// Results could not be formatted.
    #[error("cannot format the result: {0}")]
    Format(#[from] arrow::error::ArrowError),
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// An I/O failure while doing `context`.
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let context = context.into();
        move |source| Self::Io { context, source }
    }

    /// A failure to write to standard output.
    pub fn stdout(source: std::io::Error) -> Self {
        Self::Io {
            context: "cannot write to standard output".into(),
            source,
        }
    }

    /// The process exit code: 2 for usage mistakes, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<snowapi::query::QueryError> for CliError {
    fn from(error: snowapi::query::QueryError) -> Self {
        Self::Snowapi(error.into())
    }
}

impl From<snowapi::core::CoreError> for CliError {
    fn from(error: snowapi::core::CoreError) -> Self {
        Self::Snowapi(error.into())
    }
}

impl From<snowapi::auth::AuthError> for CliError {
    fn from(error: snowapi::auth::AuthError) -> Self {
        Self::Snowapi(error.into())
    }
}
