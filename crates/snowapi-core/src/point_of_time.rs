//! Moments for Time Travel: clones and undrops "as of" a point in the past.

use serde::{Deserialize, Serialize};

/// Whether the moment itself counts, or the instant just before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reference {
    /// `AT (…)`: the state at the moment.
    #[default]
    At,
    /// `BEFORE (…)`: the state just before it.
    Before,
}

/// A moment in an object's Time Travel history.
///
/// ```
/// use snowapi_core::PointOfTime;
/// let an_hour_ago = PointOfTime::offset(-3600);
/// let json = serde_json::to_value(&an_hour_ago).unwrap();
/// assert_eq!(json["point_of_time_type"], "offset");
/// assert_eq!(json["offset"], "-3600");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "point_of_time_type", rename_all = "lowercase")]
pub enum PointOfTime {
    /// A timestamp expression, such as `TO_TIMESTAMP_LTZ('2026-11-01 10:00:00')`.
    Timestamp {
        /// At or just before it.
        #[serde(default)]
        reference: Reference,
        /// The timestamp expression.
        timestamp: String,
    },
    /// Seconds before now (a negative number).
    Offset {
        /// At or just before it.
        #[serde(default)]
        reference: Reference,
        /// The offset in seconds, as text.
        offset: String,
    },
    /// The start of a statement.
    Statement {
        /// At or just before it.
        #[serde(default)]
        reference: Reference,
        /// The statement's query id.
        statement: String,
    },
}

impl PointOfTime {
    /// `AT (TIMESTAMP => expression)`.
    pub fn timestamp(expression: impl Into<String>) -> Self {
        Self::Timestamp {
            reference: Reference::At,
            timestamp: expression.into(),
        }
    }

    /// `AT (OFFSET => seconds)`; `seconds` is negative, counted back from now.
    pub fn offset(seconds: i64) -> Self {
        Self::Offset {
            reference: Reference::At,
            offset: seconds.to_string(),
        }
    }

    /// `AT (STATEMENT => query_id)`.
    pub fn statement(query_id: impl Into<String>) -> Self {
        Self::Statement {
            reference: Reference::At,
            statement: query_id.into(),
        }
    }

    /// The same moment, with `BEFORE` instead of `AT`.
    #[must_use]
    pub fn before(self) -> Self {
        match self {
            Self::Timestamp { timestamp, .. } => Self::Timestamp {
                reference: Reference::Before,
                timestamp,
            },
            Self::Offset { offset, .. } => Self::Offset {
                reference: Reference::Before,
                offset,
            },
            Self::Statement { statement, .. } => Self::Statement {
                reference: Reference::Before,
                statement,
            },
        }
    }
}
