//! Small helpers shared by the warehouse, task, compute pool, image repository and service
//! resources: object references in SQL, SHOW row lookups and timestamps.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use axum::response::Response;

use super::{caller::Caller, error::RestError, params::ident};

/// A SHOW row as JSON, keyed by lower-case column name.
pub(super) type Row = Map<String, Value>;

/// `"DB"."SCHEMA"` for path parameters.
pub(super) fn schema_ref(database: &str, schema: &str) -> Result<String, RestError> {
    Ok(format!("{}.{}", ident(database)?, ident(schema)?))
}

/// `"DB"."SCHEMA"."NAME"` for path parameters.
pub(super) fn object_ref(database: &str, schema: &str, name: &str) -> Result<String, RestError> {
    Ok(format!(
        "{}.{}",
        schema_ref(database, schema)?,
        ident(name)?
    ))
}

/// Splits a possibly qualified name (`T`, `S.T`, `DB.S.T`, parts may be `"quoted"`) at the dots
/// outside quotes.
pub(super) fn split_qualified(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '.' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
}

/// A task (or other schema object) named in a body, qualified with the path's database and
/// schema when the name does not say them.
pub(super) fn qualified_ref(database: &str, schema: &str, text: &str) -> Result<String, RestError> {
    let parts = split_qualified(text.trim());
    match parts.as_slice() {
        [name] => object_ref(database, schema, name),
        [s, name] => object_ref(database, s, name),
        [db, s, name] => object_ref(db, s, name),
        _ => Err(RestError::bad_request(format!(
            "Invalid object name '{text}': expected at most database.schema.name."
        ))),
    }
}

/// The row whose `name` column is exactly `name` (SHOW ... LIKE also matches `_` and `%`
/// loosely and ignores case).
pub(super) fn named(rows: Vec<Row>, name: &str) -> Option<Row> {
    rows.into_iter()
        .find(|row| row.get("name").and_then(Value::as_str) == Some(name))
}

/// `LIKE` pattern text matching `name` (with its `\`, `%` and `_` taken literally).
pub(super) fn like_exact(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A point in time as the REST API writes it (RFC 3339, UTC).
pub(super) fn timestamp(at: DateTime<Utc>) -> Value {
    json!(at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// An optional point in time (`null` when absent).
pub(super) fn opt_timestamp(at: Option<DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, timestamp)
}

/// A SHOW cell holding `true`/`false` (any case, also `Y`/`N`) as a JSON boolean; `null` for
/// anything else.
pub(super) fn flag(row: &Row, column: &str) -> Value {
    match row.get(column) {
        Some(Value::Bool(b)) => json!(b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") || s == "Y" => json!(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") || s == "N" => json!(false),
        _ => Value::Null,
    }
}

/// A SHOW cell copied as it is (`null` when absent).
pub(super) fn cell(row: &Row, column: &str) -> Value {
    row.get(column).cloned().unwrap_or(Value::Null)
}

/// Runs a DDL statement and answers 200 with its status text (`Warehouse W successfully
/// created.`) as the `{"status": ...}` body.
pub(super) async fn run_ddl(caller: &Caller, sql: &str) -> Result<Response, RestError> {
    Ok(status_answer(&caller.sql_rows(sql).await?))
}

/// The 200 `{"status": ...}` of a write: the first cell of the statement's result.
pub(super) fn status_answer(rows: &[Row]) -> Response {
    let status = rows
        .first()
        .and_then(|row| row.values().next())
        .and_then(Value::as_str)
        .unwrap_or("Statement executed successfully.")
        .to_owned();
    super::success(status)
}

/// 501 for an operation of the API the emulator does not offer.
pub(super) fn unsupported(what: &str) -> RestError {
    RestError::new(
        axum::http::StatusCode::NOT_IMPLEMENTED,
        crate::error::ErrorKind::Unsupported.code(),
        format!("Unsupported feature '{what}'."),
    )
}

/// `POST …/{name}:<action>` answered by `ALTER <kind> [IF EXISTS] <target> <VERB>`: `verbs`
/// maps the actions the resource offers (`resume`) to their SQL (`RESUME`); no action is a
/// 405, an action not offered a 501. Answers the 200 of a write.
pub(super) async fn alter_action(
    caller: &Caller,
    params: &super::params::Params,
    action: Option<&str>,
    (kind, target): (&str, &str),
    verbs: &[(&str, &str)],
) -> Result<Response, RestError> {
    let Some(action) = action else {
        let example = verbs.first().map_or("resume", |(action, _)| *action);
        return Err(RestError::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            super::error::BAD_REQUEST_CODE,
            format!("POST needs an action such as :{example}."),
        ));
    };
    let verb = verbs
        .iter()
        .find(|(offered, _)| *offered == action)
        .map(|(_, verb)| *verb)
        .ok_or_else(|| unsupported(&format!("{} :{action}", kind.to_ascii_lowercase())))?;
    let if_exists = params.if_exists_clause()?;
    caller
        .sql(&format!("ALTER {kind}{if_exists} {target} {verb}"))
        .await?;
    Ok(super::success("Statement executed successfully."))
}

/// A yes/no setting sent as a boolean or as the string `'true'`/`'false'`.
pub(super) fn yes_no(field: &str, value: &Value) -> Result<bool, RestError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(RestError::bad_request(format!(
            "Invalid value {other} for {field}: expected true or false."
        ))),
    }
}

/// A JSON value as a SQL property value: strings quoted, numbers and booleans as written.
pub(super) fn sql_value(value: &Value) -> Result<String, RestError> {
    match value {
        Value::String(s) => Ok(super::params::sql_string(s)),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        other => Err(RestError::bad_request(format!(
            "Invalid property value {other}: expected a string, number or boolean."
        ))),
    }
}

/// A property name from a body (session parameters): letters, digits and `_` only, upper-cased.
pub(super) fn property_name(key: &str) -> Result<String, RestError> {
    let valid = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(key.to_ascii_uppercase())
    } else {
        Err(RestError::bad_request(format!(
            "Invalid parameter name '{key}'."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names() {
        assert_eq!(split_qualified("a.\"b.c\".d"), ["a", "\"b.c\"", "d"]);
        assert_eq!(
            qualified_ref("db", "s", "t$1").unwrap(),
            "\"DB\".\"S\".\"T$1\""
        );
        assert_eq!(
            qualified_ref("db", "s", "X.Y.\"z\"").unwrap(),
            "\"X\".\"Y\".\"z\""
        );
        assert!(qualified_ref("db", "s", "a.b.c.d").is_err());
        assert_eq!(like_exact("A_B%"), "A\\_B\\%");
        assert!(property_name("query_tag").is_ok());
        assert!(property_name("x = 1; drop").is_err());
    }
}
