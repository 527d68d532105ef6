//! Object parameters of databases and schemas beyond comment and retention (LOG_LEVEL,
//! DEFAULT_DDL_COLLATION, the task defaults, …): kept by name as ALTER … SET gives them, so
//! they read back as set. They change nothing else in the emulator.

use std::collections::BTreeMap;

use super::ddl_parser::{PropertyValue, invalid_value};
use crate::error::Result;

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Bool,
    /// One of these words (upper-cased).
    Choice(&'static [&'static str]),
}

const LEVELS: &[&str] = &["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"];
const TRACE_LEVELS: &[&str] = &["ALWAYS", "ON_EVENT", "OFF", "PROPAGATE"];
const SIZES: &[&str] = &[
    "XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE", "XXXLARGE", "X4LARGE", "X5LARGE",
    "X6LARGE",
];

/// The parameters a database keeps (a schema also keeps PIPE_EXECUTION_PAUSED).
const PARAMETERS: &[(&str, Kind)] = &[
    ("DEFAULT_DDL_COLLATION", Kind::Text),
    ("LOG_LEVEL", Kind::Choice(LEVELS)),
    ("TRACE_LEVEL", Kind::Choice(TRACE_LEVELS)),
    ("MAX_DATA_EXTENSION_TIME_IN_DAYS", Kind::Number),
    ("SUSPEND_TASK_AFTER_NUM_FAILURES", Kind::Number),
    (
        "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
        Kind::Choice(SIZES),
    ),
    ("USER_TASK_TIMEOUT_MS", Kind::Number),
    ("SERVERLESS_TASK_MIN_STATEMENT_SIZE", Kind::Choice(SIZES)),
    ("SERVERLESS_TASK_MAX_STATEMENT_SIZE", Kind::Choice(SIZES)),
    ("PIPE_EXECUTION_PAUSED", Kind::Bool),
];

fn kind(name: &str, schema: bool) -> Option<Kind> {
    PARAMETERS
        .iter()
        .find(|(n, _)| *n == name && (schema || *n != "PIPE_EXECUTION_PAUSED"))
        .map(|(_, kind)| *kind)
}

/// Whether `name` is an object parameter of a schema (`schema`) or a database.
pub(super) fn is_parameter(name: &str, schema: bool) -> bool {
    kind(name, schema).is_some()
}

/// Checks `value` for parameter `name` and keeps it in `parameters` as SHOW PARAMETERS would
/// show it (words upper-cased, booleans `true`/`false`).
pub(super) fn set(
    parameters: &mut BTreeMap<String, String>,
    name: &str,
    value: &PropertyValue,
    schema: bool,
) -> Result<()> {
    let Some(kind) = kind(name, schema) else {
        return Err(invalid_value(name, &value.to_string()));
    };
    let text = match (kind, value) {
        (Kind::Text, PropertyValue::Text(text)) => text.clone(),
        (Kind::Number, PropertyValue::Number(number)) if number.parse::<u64>().is_ok() => {
            number.clone()
        }
        (Kind::Bool, PropertyValue::Bool(on)) => on.to_string(),
        (Kind::Choice(words), PropertyValue::Text(word) | PropertyValue::Word(word))
            if words.contains(&word.to_uppercase().as_str()) =>
        {
            word.to_uppercase()
        }
        _ => return Err(invalid_value(name, &value.to_string())),
    };
    parameters.insert(name.to_owned(), text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_and_kept_as_shown() {
        let mut kept = BTreeMap::new();
        set(
            &mut kept,
            "LOG_LEVEL",
            &PropertyValue::Text("info".into()),
            false,
        )
        .unwrap();
        set(
            &mut kept,
            "USER_TASK_TIMEOUT_MS",
            &PropertyValue::Number("5".into()),
            false,
        )
        .unwrap();
        set(
            &mut kept,
            "PIPE_EXECUTION_PAUSED",
            &PropertyValue::Bool(true),
            true,
        )
        .unwrap();
        assert_eq!(kept["LOG_LEVEL"], "INFO");
        assert_eq!(kept["PIPE_EXECUTION_PAUSED"], "true");
        assert!(
            set(
                &mut kept,
                "LOG_LEVEL",
                &PropertyValue::Text("loud".into()),
                false
            )
            .is_err()
        );
        assert!(
            set(
                &mut kept,
                "PIPE_EXECUTION_PAUSED",
                &PropertyValue::Bool(true),
                false
            )
            .is_err()
        );
        assert!(!is_parameter("COLOUR", true));
    }
}
