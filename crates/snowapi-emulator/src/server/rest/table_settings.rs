//! The settings fields of the `Table` model (`change_tracking`, `enable_schema_evolution`,
//! `data_retention_time_in_days`, `max_data_extension_time_in_days`, `default_ddl_collation`):
//! checked in bodies (a wrong type is a 400 naming the field), written as CREATE TABLE
//! options or ALTER TABLE SET/UNSET, and answered from the stored table.

use serde_json::{Map, Value, json};

use super::{error::RestError, params::sql_string};
use crate::catalog::Table;

/// How a setting's value is written in JSON and SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Days,
    Text,
}

/// The settings fields, in the order their clauses are written.
const FIELDS: &[(&str, Kind)] = &[
    ("data_retention_time_in_days", Kind::Days),
    ("max_data_extension_time_in_days", Kind::Days),
    ("change_tracking", Kind::Bool),
    ("enable_schema_evolution", Kind::Bool),
    ("default_ddl_collation", Kind::Text),
];

/// The settings a body gives, checked: `(field, SQL literal)` for each field given (not null).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Settings(Vec<(&'static str, String)>);

impl Settings {
    /// Reads the settings fields of `body` (a whole model object); 400 naming a field whose
    /// value has the wrong type.
    pub(super) fn from_body(body: &Map<String, Value>) -> Result<Self, RestError> {
        let mut given = Vec::new();
        for (field, kind) in FIELDS {
            let Some(value) = body.get(*field).filter(|v| !v.is_null()) else {
                continue;
            };
            let literal = match (kind, value) {
                (Kind::Bool, Value::Bool(on)) => on.to_string().to_uppercase(),
                (Kind::Days, Value::Number(n)) if n.as_u64().is_some() => n.to_string(),
                (Kind::Text, Value::String(text)) => sql_string(text),
                _ => {
                    let expected = match kind {
                        Kind::Bool => "a boolean",
                        Kind::Days => "a whole number of days",
                        Kind::Text => "a string",
                    };
                    return Err(RestError::bad_request(format!(
                        "Invalid request body: field `{field}` must be {expected}, not {value}."
                    )));
                }
            };
            given.push((*field, literal));
        }
        Ok(Self(given))
    }

    /// ` NAME = value …` for CREATE TABLE.
    pub(super) fn create_clause(&self) -> String {
        self.0
            .iter()
            .map(|(field, literal)| format!(" {} = {literal}", field.to_uppercase()))
            .collect()
    }

    /// The ALTER TABLE actions that make `table`'s settings those of the body: SET for the
    /// fields given with another value, UNSET (back to the default) for those left out.
    pub(super) fn alterations(&self, table: &Table) -> Vec<String> {
        let stored = stored_literals(table);
        let mut out = Vec::new();
        for (field, _) in FIELDS {
            let wanted = self.0.iter().find(|(f, _)| f == field).map(|(_, l)| l);
            let current = stored.iter().find(|(f, _)| f == field).map(|(_, l)| l);
            match (wanted, current) {
                (Some(wanted), current) if current != Some(wanted) => {
                    out.push(format!("SET {} = {wanted}", field.to_uppercase()));
                }
                // Retention always has a value: leaving it out asks for the inherited one.
                (None, Some(_)) => out.push(format!("UNSET {}", field.to_uppercase())),
                _ => {}
            }
        }
        out
    }
}

/// The settings `table` has set, as SQL literals (retention always, the others when set).
fn stored_literals(table: &Table) -> Vec<(&'static str, String)> {
    let settings = &table.settings;
    let mut out = vec![(
        "data_retention_time_in_days",
        table.retention_time.to_string(),
    )];
    if let Some(days) = settings.max_data_extension_time_in_days {
        out.push(("max_data_extension_time_in_days", days.to_string()));
    }
    if settings.change_tracking {
        out.push(("change_tracking", "TRUE".to_owned()));
    }
    if settings.enable_schema_evolution {
        out.push(("enable_schema_evolution", "TRUE".to_owned()));
    }
    if let Some(collation) = &settings.default_ddl_collation {
        out.push(("default_ddl_collation", sql_string(collation)));
    }
    out
}

/// Adds the settings SHOW TABLES has no column for to a model table.
pub(super) fn add_to_model(model: &mut Map<String, Value>, table: &Table) {
    let settings = &table.settings;
    if let Some(days) = settings.max_data_extension_time_in_days {
        model.insert("max_data_extension_time_in_days".into(), json!(days));
    }
    if let Some(collation) = &settings.default_ddl_collation {
        model.insert("default_ddl_collation".into(), json!(collation));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn bodies_become_clauses_and_wrong_types_name_the_field() {
        let given = Settings::from_body(&body(json!({
            "name": "t", "change_tracking": true, "max_data_extension_time_in_days": 7,
            "default_ddl_collation": "en-ci", "enable_schema_evolution": null
        })))
        .unwrap();
        assert_eq!(
            given.create_clause(),
            " MAX_DATA_EXTENSION_TIME_IN_DAYS = 7 CHANGE_TRACKING = TRUE \
             DEFAULT_DDL_COLLATION = 'en-ci'"
        );
        for wrong in [
            json!({"change_tracking": "yes"}),
            json!({"max_data_extension_time_in_days": -1}),
            json!({"default_ddl_collation": 5}),
        ] {
            let field = wrong.as_object().unwrap().keys().next().unwrap().clone();
            let error = Settings::from_body(&body(wrong)).unwrap_err();
            assert_eq!(error.status.as_u16(), 400);
            assert!(error.message.contains(&field), "{}", error.message);
        }
    }
}
