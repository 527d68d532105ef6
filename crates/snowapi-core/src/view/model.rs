//! The view model, as created and fetched.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters};

/// Lifetime of a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ViewKind {
    /// A regular view.
    Permanent,
    /// A view gone when the session ends.
    Temporary,
}

/// One column of a view (snowflake.core's `ViewColumn`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ViewColumn {
    /// Column name.
    pub name: String,
    /// Free text about the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// SQL data type Snowflake derived for the column (read-only).
    #[serde(default, skip_serializing)]
    pub datatype: Option<String>,
}

impl ViewColumn {
    /// A column named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(ViewColumn { comment: String });

/// A view (snowflake.core's `View`): a named query. Read-only fields are filled by `fetch` and
/// `iter` and ignored on writes.
///
/// ```
/// use snowapi_core::view::{View, ViewColumn};
/// let view = View::new("big_orders", "select id, amount from orders where amount > 100")
///     .column(ViewColumn::new("id"))
///     .column(ViewColumn::new("amount").comment("in euros"))
///     .secure(true);
/// assert_eq!(view.columns.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct View {
    /// Name of the view.
    pub name: String,
    /// Permanent or temporary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ViewKind>,
    /// Whether the view hides its definition and internals from non-owners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure: Option<bool>,
    /// Whether the view may refer to itself without a recursive CTE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recursive: Option<bool>,
    /// Columns of the view, in order (names and comments for those of the query).
    #[serde(default)]
    pub columns: Vec<ViewColumn>,
    /// The SELECT statement the view stands for.
    pub query: String,
    /// Free text about the view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// Database holding it (read-only).
    #[serde(default, skip_serializing)]
    pub database_name: Option<String>,
    /// Schema holding it (read-only).
    #[serde(default, skip_serializing)]
    pub schema_name: Option<String>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
}

impl View {
    /// A view `name` standing for `query`.
    pub fn new(name: impl Into<String>, query: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            query: query.into(),
            ..Self::default()
        }
    }

    /// Adds a column at the end.
    #[must_use]
    pub fn column(mut self, column: ViewColumn) -> Self {
        self.columns.push(column);
        self
    }
}

setters!(View {
    kind: ViewKind,
    secure: bool,
    recursive: bool,
    comment: String,
});

impl Named for View {
    fn name(&self) -> &str {
        &self.name
    }
}
