//! [`Statement`]: SQL text with its binds and per-statement settings.

use std::time::Duration;

use crate::bind_value::ToSql;
use crate::binds::Binds;

/// A statement to run: SQL text, bind values and settings that apply to this statement only.
///
/// ```
/// use std::time::Duration;
/// use snowapi_query::Statement;
/// let insert = Statement::new("insert into t (id, name) values (?, ?)")
///     .bind(42)
///     .bind("forty-two")
///     .query_tag("import")
///     .timeout(Duration::from_secs(60));
/// assert_eq!(insert.sql(), "insert into t (id, name) values (?, ?)");
/// assert_eq!(insert.bind_values().len(), 2);
///
/// let named = Statement::new("select * from t where id = :id").bind_named("id", 42);
/// assert_eq!(named.bind_values().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct Statement {
    pub(crate) sql: String,
    pub(crate) binds: Binds,
    pub(crate) query_tag: Option<String>,
    pub(crate) parameters: serde_json::Map<String, serde_json::Value>,
    pub(crate) describe_only: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) cancel_on_drop: bool,
    pub(crate) prefetch: Option<usize>,
}

impl Statement {
    /// A statement of this SQL text, with no binds.
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            binds: Binds::new(),
            query_tag: None,
            parameters: serde_json::Map::new(),
            describe_only: false,
            timeout: None,
            cancel_on_drop: true,
            prefetch: None,
        }
    }

    /// Binds the next positional parameter (`?` or `:n`).
    pub fn bind(mut self, value: impl ToSql) -> Self {
        self.binds.push(value);
        self
    }

    /// Binds the next positional parameter to one value per row (array binding, for batch
    /// INSERTs).
    pub fn bind_array<T: ToSql>(mut self, values: impl IntoIterator<Item = T>) -> Self {
        self.binds.push_array(values);
        self
    }

    /// Binds the named parameter `:name`.
    pub fn bind_named(mut self, name: impl Into<String>, value: impl ToSql) -> Self {
        self.binds.bind_named(name, value);
        self
    }

    /// Replaces every bind with `binds`.
    pub fn binds(mut self, binds: Binds) -> Self {
        self.binds = binds;
        self
    }

    /// The `QUERY_TAG` of this statement (over the connection's).
    pub fn query_tag(mut self, tag: impl Into<String>) -> Self {
        self.query_tag = Some(tag.into());
        self
    }

    /// A session parameter for this statement only (`TIMEZONE`, `STATEMENT_TIMEOUT_IN_SECONDS`...).
    pub fn parameter(
        mut self,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.parameters
            .insert(name.into().to_ascii_uppercase(), value.into());
        self
    }

    /// Asks for the result's columns without running the statement.
    pub fn describe_only(mut self) -> Self {
        self.describe_only = true;
        self
    }

    /// Gives up (and cancels the statement on the server) after this long.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Whether dropping the future of a running statement cancels it on the server (default
    /// `true`).
    pub fn cancel_on_drop(mut self, cancel: bool) -> Self {
        self.cancel_on_drop = cancel;
        self
    }

    /// How many result chunks to download ahead of the reader, over the connection's setting.
    pub fn prefetch(mut self, chunks: usize) -> Self {
        self.prefetch = Some(chunks.max(1));
        self
    }

    /// The SQL text.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The bind values.
    pub fn bind_values(&self) -> &Binds {
        &self.binds
    }
}

impl From<&str> for Statement {
    fn from(sql: &str) -> Self {
        Self::new(sql)
    }
}

impl From<String> for Statement {
    fn from(sql: String) -> Self {
        Self::new(sql)
    }
}

impl From<&String> for Statement {
    fn from(sql: &String) -> Self {
        Self::new(sql.as_str())
    }
}
