//! [`SqlApiStatement`]: what one SQL API v2 submission carries (PROTOCOL §5).

use std::collections::HashMap;
use std::time::Duration;

use snowapi_rest::sqlapi::types::{Binding, BindingValue, StatementParameters, StatementRequest};

use crate::bind_value::ToSql;
use crate::binds::Binds;
use crate::error::QueryError;
use crate::wire::WireBindValue;

/// A statement for the SQL API v2: SQL text, binds, the context to run it in (database,
/// schema, warehouse, role), a server-side timeout and per-statement parameters.
///
/// Every field but the text is optional; omitted context falls back to the user's defaults.
///
/// ```
/// use std::time::Duration;
/// use snowapi_query::SqlApiStatement;
/// let statement = SqlApiStatement::new("select * from orders where id = ?")
///     .bind(42)
///     .database("SALES")
///     .schema("PUBLIC")
///     .warehouse("REPORTING")
///     .timeout(Duration::from_secs(600))
///     .query_tag("nightly");
/// assert_eq!(statement.sql(), "select * from orders where id = ?");
/// assert_eq!(statement.bind_values().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct SqlApiStatement {
    sql: String,
    binds: Binds,
    database: Option<String>,
    schema: Option<String>,
    warehouse: Option<String>,
    role: Option<String>,
    timeout: Option<Duration>,
    query_tag: Option<String>,
    timezone: Option<String>,
    multi_statement_count: Option<u32>,
}

impl SqlApiStatement {
    /// A statement of this SQL text, without binds, in the user's default context.
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            binds: Binds::new(),
            database: None,
            schema: None,
            warehouse: None,
            role: None,
            timeout: None,
            query_tag: None,
            timezone: None,
            multi_statement_count: None,
        }
    }

    /// Binds the next positional parameter (`?`).
    pub fn bind(mut self, value: impl ToSql) -> Self {
        self.binds.push(value);
        self
    }

    /// Replaces every bind with `binds`.
    pub fn binds(mut self, binds: Binds) -> Self {
        self.binds = binds;
        self
    }

    /// The database to run in (case-sensitive, as Snowflake stores the name).
    pub fn database(mut self, name: impl Into<String>) -> Self {
        self.database = Some(name.into());
        self
    }

    /// The schema to run in (case-sensitive).
    pub fn schema(mut self, name: impl Into<String>) -> Self {
        self.schema = Some(name.into());
        self
    }

    /// The warehouse to run on (case-sensitive).
    pub fn warehouse(mut self, name: impl Into<String>) -> Self {
        self.warehouse = Some(name.into());
        self
    }

    /// The role to run as (case-sensitive).
    pub fn role(mut self, name: impl Into<String>) -> Self {
        self.role = Some(name.into());
        self
    }

    /// Snowflake cancels the statement after this long (whole seconds, rounded up; the
    /// default is Snowflake's maximum, 7 days).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `QUERY_TAG` recorded with the statement in the query history.
    pub fn query_tag(mut self, tag: impl Into<String>) -> Self {
        self.query_tag = Some(tag.into());
        self
    }

    /// The time zone of the statement (`TIMEZONE`, such as `Europe/Paris`).
    pub fn timezone(mut self, zone: impl Into<String>) -> Self {
        self.timezone = Some(zone.into());
        self
    }

    /// How many `;`-separated statements the text holds (0: any number). The result of a
    /// multi-statement request lists each statement's handle.
    pub fn multi_statement_count(mut self, count: u32) -> Self {
        self.multi_statement_count = Some(count);
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

    /// The statement with `defaults` filling the context and tag it does not set itself.
    pub(crate) fn with_defaults(mut self, defaults: &Defaults) -> Self {
        let fill = |field: &mut Option<String>, default: &Option<String>| {
            if field.is_none() {
                field.clone_from(default);
            }
        };
        fill(&mut self.database, &defaults.database);
        fill(&mut self.schema, &defaults.schema);
        fill(&mut self.warehouse, &defaults.warehouse);
        fill(&mut self.role, &defaults.role);
        fill(&mut self.query_tag, &defaults.query_tag);
        self
    }

    /// The body of `POST /api/v2/statements`.
    pub(crate) fn to_request(&self) -> Result<StatementRequest, QueryError> {
        let mut bindings = HashMap::new();
        for (key, binding) in self.binds.to_wire()?.0 {
            let value = match binding.value {
                WireBindValue::Scalar(None) => None,
                WireBindValue::Scalar(Some(text)) => Some(BindingValue::String(text)),
                WireBindValue::Array(values) => Some(BindingValue::Array(values)),
            };
            bindings.insert(
                key,
                Binding {
                    type_: binding.sf_type,
                    value,
                },
            );
        }
        let parameters = StatementParameters {
            query_tag: self.query_tag.clone(),
            timezone: self.timezone.clone(),
            multi_statement_count: self.multi_statement_count.map(i64::from),
            ..StatementParameters::default()
        };
        let has_parameters = parameters != StatementParameters::default();
        Ok(StatementRequest {
            bindings,
            database: self.database.clone(),
            parameters: has_parameters.then_some(parameters),
            role: self.role.clone(),
            schema: self.schema.clone(),
            statement: self.sql.clone(),
            timeout: self.timeout.map(timeout_seconds),
            warehouse: self.warehouse.clone(),
        })
    }
}

/// The context a client gives statements that set none (from its connection configuration).
#[derive(Debug, Clone, Default)]
pub(crate) struct Defaults {
    pub(crate) database: Option<String>,
    pub(crate) schema: Option<String>,
    pub(crate) warehouse: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) query_tag: Option<String>,
}

/// Whole seconds, rounded up so a sub-second timeout does not become "no timeout" (0).
fn timeout_seconds(timeout: Duration) -> i64 {
    let seconds = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
    i64::try_from(seconds.max(1)).unwrap_or(i64::MAX)
}

impl From<&str> for SqlApiStatement {
    fn from(sql: &str) -> Self {
        Self::new(sql)
    }
}

impl From<String> for SqlApiStatement {
    fn from(sql: String) -> Self {
        Self::new(sql)
    }
}

impl From<&String> for SqlApiStatement {
    fn from(sql: &String) -> Self {
        Self::new(sql.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_carries_binds_context_and_parameters() {
        let request = SqlApiStatement::new("select ?, ?")
            .bind(5)
            .bind(Option::<String>::None)
            .database("D")
            .timeout(Duration::from_millis(1500))
            .query_tag("tag")
            .multi_statement_count(1)
            .to_request()
            .unwrap();
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["bindings"]["1"]["type"], "FIXED");
        assert_eq!(json["bindings"]["1"]["value"], "5");
        assert!(json["bindings"]["2"]["value"].is_null());
        assert_eq!(json["database"], "D");
        assert_eq!(json["timeout"], 2);
        assert_eq!(json["parameters"]["query_tag"], "tag");
        assert_eq!(json["parameters"]["multi_statement_count"], 1);
        assert!(json.get("schema").is_none());
        let defaults = Defaults {
            database: Some("CONFIGURED".into()),
            query_tag: Some("t".into()),
            ..Defaults::default()
        };
        let filled = SqlApiStatement::new("select 1")
            .database("OWN")
            .with_defaults(&defaults)
            .to_request()
            .unwrap();
        assert_eq!(filled.database.as_deref(), Some("OWN"));
        assert_eq!(filled.parameters.unwrap().query_tag.as_deref(), Some("t"));
        let bare = SqlApiStatement::new("select 1").to_request().unwrap();
        assert!(bare.parameters.is_none() && bare.bindings.is_empty());
    }
}
