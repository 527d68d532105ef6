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
    ///
    /// ```
    /// use snowapi_core::PointOfTime;
    /// let at = PointOfTime::timestamp("2025-01-01 00:00:00 +00:00");
    /// # let _ = at;
    /// ```
    pub fn timestamp(expression: impl Into<String>) -> Self {
        Self::Timestamp {
            reference: Reference::At,
            timestamp: expression.into(),
        }
    }

    /// `AT (OFFSET => seconds)`; `seconds` is negative, counted back from now.
    ///
    /// ```
    /// use snowapi_core::PointOfTime;
    /// let an_hour_ago = PointOfTime::offset(-3600);
    /// # let _ = an_hour_ago;
    /// ```
    pub fn offset(seconds: i64) -> Self {
        Self::Offset {
            reference: Reference::At,
            offset: seconds.to_string(),
        }
    }

    /// `AT (STATEMENT => query_id)`.
    ///
    /// ```
    /// use snowapi_core::PointOfTime;
    /// let before_delete = PointOfTime::statement("01b2c3d4-0000-1111-0000-000000000001").before();
    /// # let _ = before_delete;
    /// ```
    pub fn statement(query_id: impl Into<String>) -> Self {
        Self::Statement {
            reference: Reference::At,
            statement: query_id.into(),
        }
    }

    /// The same moment, with `BEFORE` instead of `AT`.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use snowapi_core::{CreateMode, PointOfTime, table::TableClone};
    /// let tables = root.databases().get("sales").schemas().get("public").tables();
    /// let clone = TableClone::new("orders_before").point_of_time(PointOfTime::offset(-86_400).before());
    /// tables.get("orders").clone_to(&clone, CreateMode::ErrorIfExists).await?;
    /// # Ok(()) }
    /// ```
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
