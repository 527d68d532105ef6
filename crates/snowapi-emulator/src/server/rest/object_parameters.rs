//! The object parameters of the `Database` and `Schema` models (`log_level`,
//! `default_ddl_collation`, the task defaults, …): read from bodies, written with `ALTER …
//! SET`/`UNSET`, and answered from the catalog, so what a client sets reads back.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::params::sql_string;

/// How a parameter's value is written in SQL and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Bool,
}

/// Model field, its kind, and whether only schemas have it.
const FIELDS: &[(&str, Kind, bool)] = &[
    ("default_ddl_collation", Kind::Text, false),
    ("log_level", Kind::Text, false),
    ("max_data_extension_time_in_days", Kind::Number, false),
    ("suspend_task_after_num_failures", Kind::Number, false),
    ("trace_level", Kind::Text, false),
    (
        "user_task_managed_initial_warehouse_size",
        Kind::Text,
        false,
    ),
    ("user_task_timeout_ms", Kind::Number, false),
    ("serverless_task_min_statement_size", Kind::Text, false),
    ("serverless_task_max_statement_size", Kind::Text, false),
    ("pipe_execution_paused", Kind::Bool, true),
];

/// The parameter fields of a body, by model field name (other fields are left to the model).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub(super) struct ObjectParameters(BTreeMap<String, Value>);

impl ObjectParameters {
    /// The fields given (not null) that a database (`schema == false`) or schema has.
    fn given(&self, schema: bool) -> impl Iterator<Item = (&'static str, Kind, &Value)> {
        FIELDS
            .iter()
            .filter(move |(_, _, only_schema)| schema || !only_schema)
            .filter_map(|(field, kind, _)| {
                self.0
                    .get(*field)
                    .filter(|v| !v.is_null())
                    .map(|v| (*field, *kind, v))
            })
    }

    /// ` NAME = value …` for the parameters given; 400 text naming a field of the wrong type.
    pub(super) fn set_clause(&self, schema: bool) -> Result<String, String> {
        let mut sql = String::new();
        for (field, kind, value) in self.given(schema) {
            let literal = match (kind, value) {
                (Kind::Text, Value::String(text)) => sql_string(text),
                (Kind::Number, Value::Number(n)) if n.as_u64().is_some() => n.to_string(),
                (Kind::Bool, Value::Bool(on)) => on.to_string().to_uppercase(),
                _ => {
                    return Err(format!(
                        "Invalid request body: invalid value {value} for field `{field}`."
                    ));
                }
            };
            sql.push_str(&format!(" {} = {literal}", field.to_uppercase()));
        }
        Ok(sql)
    }

    /// The parameters the body leaves out, to UNSET on create-or-alter.
    pub(super) fn missing(&self, schema: bool) -> Vec<String> {
        FIELDS
            .iter()
            .filter(|(_, _, only_schema)| schema || !only_schema)
            .filter(|(field, _, _)| self.0.get(*field).is_none_or(Value::is_null))
            .map(|(field, _, _)| field.to_uppercase())
            .collect()
    }
}

/// Adds the kept parameters to a model (null when not set).
pub(super) fn add_to_model(
    model: &mut Map<String, Value>,
    kept: Option<&BTreeMap<String, String>>,
    schema: bool,
) {
    for (field, kind, only_schema) in FIELDS {
        if *only_schema && !schema {
            continue;
        }
        let text = kept.and_then(|k| k.get(&field.to_uppercase()));
        let value = match (kind, text) {
            (_, None) => Value::Null,
            (Kind::Text, Some(text)) => json!(text),
            (Kind::Number, Some(text)) => text.parse::<u64>().map_or(Value::Null, |n| json!(n)),
            (Kind::Bool, Some(text)) => json!(text == "true"),
        };
        model.insert((*field).to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_sql_and_read_back() {
        let body: ObjectParameters = serde_json::from_value(json!({
            "log_level": "INFO", "user_task_timeout_ms": 5, "pipe_execution_paused": true,
            "name": "ignored"
        }))
        .unwrap();
        assert_eq!(
            body.set_clause(false).unwrap(),
            " LOG_LEVEL = 'INFO' USER_TASK_TIMEOUT_MS = 5"
        );
        assert!(
            body.set_clause(true)
                .unwrap()
                .ends_with("PIPE_EXECUTION_PAUSED = TRUE")
        );
        assert!(!body.missing(false).contains(&"LOG_LEVEL".to_owned()));
        assert!(body.missing(false).contains(&"TRACE_LEVEL".to_owned()));
        let wrong: ObjectParameters =
            serde_json::from_value(json!({"user_task_timeout_ms": "soon"})).unwrap();
        assert!(
            wrong
                .set_clause(false)
                .unwrap_err()
                .contains("user_task_timeout_ms")
        );
        let mut model = Map::new();
        let kept = BTreeMap::from([("USER_TASK_TIMEOUT_MS".to_owned(), "5".to_owned())]);
        add_to_model(&mut model, Some(&kept), false);
        assert_eq!(model["user_task_timeout_ms"], 5);
        assert!(model["log_level"].is_null());
        assert!(!model.contains_key("pipe_execution_paused"));
    }
}
