//! Request parameters of REST API v2: path names, `createMode`, `ifExists`, the listing filters,
//! and the helpers that turn names and text into SQL.

use std::collections::HashMap;

use axum::{
    extract::{FromRequestParts, Path, Query},
    http::request::Parts,
};
use serde::de::DeserializeOwned;

use super::error::RestError;

/// Path parameters, with a 400 [`RestError`] (not axum's plain text) when they do not decode.
#[derive(Debug, Clone)]
pub(crate) struct RestPath<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for RestPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = RestError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Self(value))
            .map_err(|e| RestError::bad_request(format!("Invalid path: {}", e.body_text())))
    }
}

/// The query string as name → value (the last value of a repeated name wins).
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(pub(crate) HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = RestError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|Query(pairs)| Self(pairs.into_iter().collect()))
            .map_err(|e| RestError::bad_request(format!("Invalid query: {}", e.body_text())))
    }
}

impl Params {
    /// The value of `name`, if given.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A boolean parameter (`true`/`false`, any case); `default` when absent, 400 otherwise.
    pub(crate) fn flag(&self, name: &str, default: bool) -> Result<bool, RestError> {
        match self.get(name).map(str::trim) {
            None | Some("") => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(RestError::bad_request(format!(
                "Invalid value '{v}' for parameter {name}: expected true or false."
            ))),
        }
    }

    /// `ifExists` (default false).
    pub(crate) fn if_exists(&self) -> Result<bool, RestError> {
        self.flag("ifExists", false)
    }

    /// `ifExists` as the SQL clause that follows the object kind: `" IF EXISTS"` or `""`.
    pub(crate) fn if_exists_clause(&self) -> Result<&'static str, RestError> {
        Ok(if self.if_exists()? { " IF EXISTS" } else { "" })
    }

    /// `createMode` (default `errorIfExists`).
    pub(crate) fn create_mode(&self) -> Result<CreateMode, RestError> {
        self.get("createMode")
            .map_or(Ok(CreateMode::ErrorIfExists), CreateMode::parse)
    }

    /// `like`, `startsWith`, `showLimit`, `fromName`.
    pub(crate) fn list_filter(&self) -> Result<ListFilter, RestError> {
        let show_limit = match self.get("showLimit").map(str::trim) {
            None | Some("") => None,
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => Some(n),
                _ => {
                    return Err(RestError::bad_request(format!(
                        "Invalid value '{text}' for parameter showLimit: expected an integer from 1 to 10000."
                    )));
                }
            },
        };
        Ok(ListFilter {
            like: self.get("like").map(str::to_owned),
            starts_with: self.get("startsWith").map(str::to_owned),
            show_limit,
            from_name: self.get("fromName").map(str::to_owned),
        })
    }
}

/// What a create does when the object exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum CreateMode {
    /// Fail with 409 (the default).
    #[default]
    ErrorIfExists,
    /// Replace it (`CREATE OR REPLACE`).
    OrReplace,
    /// Leave it as it is (`CREATE … IF NOT EXISTS`).
    IfNotExists,
}

impl CreateMode {
    /// Reads a `createMode` value; 400 for anything but the three modes.
    pub(crate) fn parse(text: &str) -> Result<Self, RestError> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("errorIfExists") => Ok(Self::ErrorIfExists),
            t if t.eq_ignore_ascii_case("orReplace") => Ok(Self::OrReplace),
            t if t.eq_ignore_ascii_case("ifNotExists") => Ok(Self::IfNotExists),
            other => Err(RestError::bad_request(format!(
                "Invalid value '{other}' for parameter createMode: expected errorIfExists, orReplace or ifNotExists."
            ))),
        }
    }
}

/// `CREATE [OR REPLACE] <kind> [IF NOT EXISTS]` for `mode`; `kind` may hold several words
/// (`TRANSIENT DATABASE`).
pub(crate) fn create_prefix(mode: CreateMode, kind: &str) -> String {
    match mode {
        CreateMode::ErrorIfExists => format!("CREATE {kind}"),
        CreateMode::OrReplace => format!("CREATE OR REPLACE {kind}"),
        CreateMode::IfNotExists => format!("CREATE {kind} IF NOT EXISTS"),
    }
}

/// The filters of a listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListFilter {
    /// SQL pattern the names must match (case-insensitive).
    pub(crate) like: Option<String>,
    /// Prefix the names must have (case-sensitive).
    pub(crate) starts_with: Option<String>,
    /// At most this many rows.
    pub(crate) show_limit: Option<u32>,
    /// Start at the first name not before this one.
    pub(crate) from_name: Option<String>,
}

impl ListFilter {
    /// The `LIKE '…'` part of a SHOW statement (empty when not asked), which goes before `IN …`.
    pub(crate) fn like_clause(&self) -> String {
        self.like
            .as_deref()
            .map_or_else(String::new, |p| format!(" LIKE {}", sql_string(p)))
    }

    /// The `STARTS WITH '…' LIMIT n FROM '…'` part of a SHOW statement, which goes after `IN …`.
    pub(crate) fn tail_clause(&self) -> String {
        let mut sql = String::new();
        if let Some(prefix) = &self.starts_with {
            sql.push_str(&format!(" STARTS WITH {}", sql_string(prefix)));
        }
        if let Some(limit) = self.show_limit {
            sql.push_str(&format!(" LIMIT {limit}"));
            if let Some(from) = &self.from_name {
                sql.push_str(&format!(" FROM {}", sql_string(from)));
            }
        }
        sql
    }

    /// Applies `fromName` when it cannot go into SQL (SHOW only takes FROM after LIMIT): keeps
    /// the names after it, as SHOW's FROM does.
    pub(crate) fn keep_from(&self, name: &str) -> bool {
        self.show_limit.is_some() || self.from_name.as_deref().is_none_or(|from| name > from)
    }

    /// [`Self::keep_from`] for a SHOW row, by its `name` column.
    pub(crate) fn keep_row(&self, row: &serde_json::Map<String, serde_json::Value>) -> bool {
        self.keep_from(
            row.get("name")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default(),
        )
    }

    /// Both clauses around `in_clause` (`" IN DATABASE X"` or empty).
    pub(crate) fn show_suffix(&self, in_clause: &str) -> String {
        format!("{}{in_clause}{}", self.like_clause(), self.tail_clause())
    }
}

/// Whether `name` is a plain identifier (letters, digits, `_`, `$`; not starting with a digit
/// or `$`), which Snowflake folds to upper case.
fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The inner text of a `"quoted"` name (with `""` undoubled), if `name` is one.
fn quoted_inner(name: &str) -> Option<String> {
    let inner = name.strip_prefix('"')?.strip_suffix('"')?;
    let unescaped = inner.replace("\"\"", "\"");
    // A lone quote inside means the text is not one quoted identifier.
    (!inner.replace("\"\"", "").contains('"') && !unescaped.is_empty()).then_some(unescaped)
}

/// The name an identifier from a path or body stands for, as SHOW reports it: plain names
/// upper-cased, `"quoted"` names unquoted, anything else as it is.
pub(crate) fn canonical(name: &str) -> String {
    if is_plain(name) {
        name.to_ascii_uppercase()
    } else {
        quoted_inner(name).unwrap_or_else(|| name.to_owned())
    }
}

/// A path or body name as a SQL identifier: always double-quoted with the canonical name inside
/// (so a plain name still folds to upper case, and keywords or odd characters are safe). 400
/// for an empty name.
pub(crate) fn ident(name: &str) -> Result<String, RestError> {
    if name.trim().is_empty() {
        return Err(RestError::bad_request("The name must not be empty."));
    }
    if name.contains('\0') {
        return Err(RestError::bad_request("The name must not contain NUL."));
    }
    Ok(format!("\"{}\"", canonical(name).replace('"', "\"\"")))
}

/// `text` as a SQL string literal.
pub(crate) fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(ident("mydb").unwrap(), "\"MYDB\"");
        assert_eq!(ident("\"My Db\"").unwrap(), "\"My Db\"");
        assert_eq!(ident("\"a\"\"b\"").unwrap(), "\"a\"\"b\"");
        assert_eq!(ident("my db").unwrap(), "\"my db\"");
        assert_eq!(ident("a\"b").unwrap(), "\"a\"\"b\"");
        assert_eq!(ident("thé").unwrap(), "\"thé\"");
        assert!(ident("").is_err());
        assert!(ident("  ").is_err());
        assert_eq!(canonical("my_db$1"), "MY_DB$1");
        assert_eq!(canonical("\"x\""), "x");
        assert_eq!(sql_string("it's \\"), "'it''s \\\\'");
    }

    #[test]
    fn modes_and_filters() {
        assert_eq!(
            create_prefix(CreateMode::parse("orReplace").unwrap(), "DATABASE"),
            "CREATE OR REPLACE DATABASE"
        );
        assert_eq!(
            create_prefix(CreateMode::IfNotExists, "SCHEMA"),
            "CREATE SCHEMA IF NOT EXISTS"
        );
        assert!(CreateMode::parse("sometimes").is_err());
        let params = Params(
            [
                ("like", "a%"),
                ("startsWith", "A"),
                ("showLimit", "5"),
                ("fromName", "B"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        let filter = params.list_filter().unwrap();
        assert_eq!(
            filter.show_suffix(" IN ACCOUNT"),
            " LIKE 'a%' IN ACCOUNT STARTS WITH 'A' LIMIT 5 FROM 'B'"
        );
        let bad = Params([("showLimit".to_owned(), "0".to_owned())].into());
        assert_eq!(bad.list_filter().unwrap_err().status.as_u16(), 400);
        let flag = Params([("ifExists".to_owned(), "yes".to_owned())].into());
        assert!(flag.if_exists().is_err());
    }
}
