//! Statement-level parameters: a query-request's `parameters` (other than
//! MULTI_STATEMENT_COUNT, which shapes the request itself) hold for that statement only, as the
//! connectors' statement parameters (`_statement_params`, a per-statement QUERY_TAG) expect.

use serde_json::Value;

use crate::engine::Session;

/// What a session's parameters were before a statement's own were set: restored afterwards.
#[derive(Debug, Default)]
pub(crate) struct Saved(Vec<(String, Option<String>)>);

/// The statement parameters of a request body's `parameters` object, names upper-cased and
/// values as text (4.x sends JSON numbers and booleans, 5.x text).
pub(crate) fn from_body(parameters: &Value) -> Vec<(String, String)> {
    let Some(parameters) = parameters.as_object() else {
        return Vec::new();
    };
    parameters
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("MULTI_STATEMENT_COUNT"))
        .filter_map(|(name, value)| {
            let text = match value {
                Value::Null => return None,
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            Some((name.to_uppercase(), text))
        })
        .collect()
}

/// Sets `parameters` on the session; what they replace comes back for [`restore`].
pub(crate) fn apply(session: &Session, parameters: &[(String, String)]) -> Saved {
    if parameters.is_empty() {
        return Saved::default();
    }
    session.update(|state| {
        Saved(
            parameters
                .iter()
                .map(|(name, value)| {
                    let before = state.parameters.insert(name.clone(), value.clone());
                    (name.clone(), before)
                })
                .collect(),
        )
    })
}

/// Puts back what [`apply`] replaced.
pub(crate) fn restore(session: &Session, saved: Saved) {
    if saved.0.is_empty() {
        return;
    }
    session.update(|state| {
        for (name, before) in saved.0.into_iter().rev() {
            match before {
                Some(value) => state.parameters.insert(name, value),
                None => state.parameters.remove(&name),
            };
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_every_parameter_but_the_statement_count() {
        let read = from_body(&json!({
            "query_tag": "etl", "MULTI_STATEMENT_COUNT": 2, "STATEMENT_TIMEOUT_IN_SECONDS": 5,
            "AUTOCOMMIT": true, "X": null
        }));
        assert_eq!(
            read,
            [
                ("AUTOCOMMIT".to_owned(), "true".to_owned()),
                ("STATEMENT_TIMEOUT_IN_SECONDS".to_owned(), "5".to_owned()),
                ("QUERY_TAG".to_owned(), "etl".to_owned()),
            ]
        );
        assert!(from_body(&json!([])).is_empty());
    }
}
