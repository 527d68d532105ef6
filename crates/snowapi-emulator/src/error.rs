//! Errors as Snowflake reports them: a code, a SQLSTATE and a message. The mapping from kind to
//! code lives in [`ERROR_TABLE`], the only place those numbers are written.

use std::fmt;

/// What went wrong, in Snowflake's categories. Each kind has exactly one row in [`ERROR_TABLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The statement does not parse.
    SyntaxError,
    /// An object named in the statement does not exist (or the role may not see it).
    ObjectNotFound,
    /// `DROP`/`ALTER` of an object that does not exist.
    ObjectNotFoundForOperation,
    /// `CREATE` of an object that exists already.
    AlreadyExists,
    /// A column or other name in the statement does not resolve.
    InvalidIdentifier,
    /// Text that should be a number is not one.
    NumericValueNotRecognized,
    /// A number that does not fit the precision it is converted to.
    NumericValueOutOfRange,
    /// Text that should be a date is not one.
    DateNotRecognized,
    /// Text that should be a timestamp is not one.
    TimestampNotRecognized,
    /// Text that should be JSON is not.
    InvalidJson,
    /// Division by zero.
    DivisionByZero,
    /// A NULL for a column declared NOT NULL.
    NullInNotNullColumn,
    /// No current database (or schema) to resolve an unqualified name against.
    NoCurrentDatabase,
    /// A function that does not exist.
    UnknownFunction,
    /// A function called with arguments it does not take.
    InvalidArguments,
    /// Values of the wrong type, or a value that does not fit its type.
    InvalidValue,
    /// ALTER TABLE ADD COLUMN of a name the table has.
    ColumnAlreadyExists,
    /// MERGE would update or delete a target row joined with several source rows.
    NondeterministicMerge,
    /// Valid Snowflake that the emulator does not implement.
    Unsupported,
    /// The statement was cancelled.
    Cancelled,
    /// The statement ran past STATEMENT_TIMEOUT_IN_SECONDS and was cancelled.
    StatementTimeout,
    /// SYSTEM$CANCEL_QUERY of a statement that is not running.
    NotExecuting,
    /// A statement or transaction is not allowed in the session's state.
    InvalidState,
    /// The statement is larger than the emulator accepts.
    StatementTooLarge,
    /// An object is not in a state the statement needs (`Invalid state. ...`): suspending a
    /// suspended warehouse, a task graph that would not be valid, a role grant cycle.
    InvalidObjectState,
    /// The role may not do this (system roles cannot be dropped or renamed).
    InsufficientPrivileges,
    /// USE ROLE of a role the session may not activate (not granted, or outside a PAT's
    /// ROLE_RESTRICTION).
    RoleNotAssigned,
    /// RESULT_SCAN of a statement whose result is unknown (or gone).
    StatementNotFound,
    /// SQL text with a different number of statements than MULTI_STATEMENT_COUNT asks for.
    StatementCountMismatch,
    /// The emulator failed (storage, a bug): never the user's fault.
    Internal,
}

/// Kind → (Snowflake error code, SQLSTATE).
pub const ERROR_TABLE: &[(ErrorKind, &str, &str)] = &[
    (ErrorKind::SyntaxError, "001003", "42000"),
    (ErrorKind::ObjectNotFound, "002003", "42S02"),
    (ErrorKind::ObjectNotFoundForOperation, "002043", "02000"),
    (ErrorKind::AlreadyExists, "002002", "42710"),
    (ErrorKind::InvalidIdentifier, "000904", "42000"),
    (ErrorKind::NumericValueNotRecognized, "100038", "22018"),
    (ErrorKind::NumericValueOutOfRange, "100039", "22003"),
    (ErrorKind::DateNotRecognized, "100040", "22007"),
    (ErrorKind::TimestampNotRecognized, "100035", "22007"),
    (ErrorKind::InvalidJson, "100069", "22P02"),
    (ErrorKind::DivisionByZero, "100051", "22012"),
    (ErrorKind::NullInNotNullColumn, "100072", "22000"),
    (ErrorKind::NoCurrentDatabase, "090105", "22000"),
    (ErrorKind::UnknownFunction, "002140", "42601"),
    (ErrorKind::InvalidArguments, "001044", "42P13"),
    (ErrorKind::InvalidValue, "100037", "22000"),
    (ErrorKind::ColumnAlreadyExists, "002025", "42S21"),
    (ErrorKind::NondeterministicMerge, "100090", "42P18"),
    (ErrorKind::Unsupported, "000002", "0A000"),
    (ErrorKind::Cancelled, "000604", "57014"),
    (ErrorKind::StatementTimeout, "000630", "57014"),
    (ErrorKind::NotExecuting, "000605", "01000"),
    (ErrorKind::InvalidState, "000606", "57P03"),
    (ErrorKind::StatementTooLarge, "001010", "42000"),
    (ErrorKind::InvalidObjectState, "090064", "22000"),
    (ErrorKind::InsufficientPrivileges, "003001", "42501"),
    (ErrorKind::RoleNotAssigned, "003013", "42501"),
    (ErrorKind::StatementNotFound, "000709", "02000"),
    (ErrorKind::StatementCountMismatch, "000008", "0A000"),
    (ErrorKind::Internal, "000603", "XX000"),
];

impl ErrorKind {
    /// Snowflake's error code of this kind.
    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// SQLSTATE of this kind.
    pub fn sql_state(self) -> &'static str {
        self.row().2
    }

    fn row(self) -> &'static (ErrorKind, &'static str, &'static str) {
        ERROR_TABLE
            .iter()
            .find(|(kind, _, _)| *kind == self)
            .unwrap_or(&(ErrorKind::Internal, "000603", "XX000"))
    }
}

/// A failed statement or engine operation, with Snowflake's code, SQLSTATE and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// A failure Snowflake would report with this kind's code (compilation, execution).
    #[error("{message}")]
    Sql {
        /// The category, which gives code and SQLSTATE.
        kind: ErrorKind,
        /// Snowflake-shaped message.
        message: String,
    },
    /// Reading or writing the data directory failed.
    #[error("storage failure: {0}")]
    Storage(String),
}

/// Result of engine operations.
pub type Result<T, E = EmulatorError> = std::result::Result<T, E>;

impl EmulatorError {
    /// An error of the given kind and message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::Sql {
            kind,
            message: message.into(),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Sql { kind, .. } => *kind,
            Self::Storage(_) => ErrorKind::Internal,
        }
    }

    /// Snowflake's error code.
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// SQLSTATE.
    pub fn sql_state(&self) -> &'static str {
        self.kind().sql_state()
    }

    /// `SQL compilation error:\n<what>`, Snowflake's shape for errors found before running.
    pub fn compilation(kind: ErrorKind, what: impl fmt::Display) -> Self {
        Self::new(kind, format!("SQL compilation error:\n{what}"))
    }

    /// `<Kind> '<name>' does not exist or not authorized.`
    pub fn not_found(object_kind: &str, name: impl fmt::Display) -> Self {
        Self::compilation(
            ErrorKind::ObjectNotFound,
            format!("{object_kind} '{name}' does not exist or not authorized."),
        )
    }

    /// `Object '<name>' already exists.`
    pub fn already_exists(object_kind: &str, name: impl fmt::Display) -> Self {
        Self::compilation(
            ErrorKind::AlreadyExists,
            format!("{object_kind} '{name}' already exists."),
        )
    }

    /// `invalid identifier '<name>'`
    pub fn invalid_identifier(name: impl fmt::Display) -> Self {
        Self::compilation(
            ErrorKind::InvalidIdentifier,
            format!("invalid identifier '{name}'"),
        )
    }

    /// A Snowflake feature the emulator does not implement, named.
    pub fn unsupported(feature: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::Unsupported,
            format!("Unsupported feature '{feature}': it is not supported by snowapi-emulator."),
        )
    }

    /// A bug or an unexpected state inside the emulator.
    pub fn internal(what: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::Internal,
            format!("SQL execution internal error: Processing aborted due to error 300002:{what}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_codes_are_distinct() {
        let mut codes: Vec<&str> = ERROR_TABLE.iter().map(|(_, code, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ERROR_TABLE.len());
        assert_eq!(ErrorKind::ObjectNotFound.code(), "002003");
        assert_eq!(ErrorKind::ObjectNotFound.sql_state(), "42S02");
        assert_eq!(ErrorKind::SyntaxError.code(), "001003");
        assert_eq!(ErrorKind::AlreadyExists.sql_state(), "42710");
        assert_eq!(ErrorKind::NumericValueNotRecognized.code(), "100038");
    }

    #[test]
    fn messages_have_snowflakes_shape() {
        let e = EmulatorError::not_found("Table", "DB.PUBLIC.T");
        assert_eq!(
            e.to_string(),
            "SQL compilation error:\nTable 'DB.PUBLIC.T' does not exist or not authorized."
        );
        assert_eq!(e.code(), "002003");
        assert!(
            EmulatorError::unsupported("CREATE PIPE")
                .to_string()
                .contains("snowapi-emulator")
        );
    }
}
