//! What query answers tell the connection about its session, as the official connectors keep
//! it: the session parameters of `data.parameters` (changed by `ALTER SESSION`, PROTOCOL §2.3)
//! merged over the login's, and the query-context cache of `data.queryContext`, echoed in the
//! next request's `queryContextDTO` (PROTOCOL §2.1).

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use serde_json::{Value, json};

use crate::wire::{ParameterDto, QueryContextDto, QueryContextEntry};

/// How many query-context entries are kept (the connectors' default
/// `QUERY_CONTEXT_CACHE_SIZE`); the lowest priorities (highest numbers) go first.
const QUERY_CONTEXT_CAPACITY: usize = 5;

/// Session parameters and query context learnt from answers; shared by clones of a connection.
#[derive(Debug, Default)]
pub(crate) struct SessionState {
    /// Parameters from query answers, by upper-case name; they override the login's.
    parameters: Mutex<BTreeMap<String, Value>>,
    query_context: Mutex<QueryContextCache>,
}

impl SessionState {
    /// Merges the parameters of an answer (each named one replaces the known value).
    pub(crate) fn merge_parameters(&self, parameters: &[ParameterDto]) {
        if parameters.is_empty() {
            return;
        }
        let mut known = self
            .parameters
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for parameter in parameters {
            known.insert(parameter.name.to_uppercase(), parameter.value.clone());
        }
    }

    /// A parameter learnt from answers, by name (any case).
    pub(crate) fn parameter(&self, name: &str) -> Option<Value> {
        self.parameters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&name.to_uppercase())
            .cloned()
    }

    /// Every parameter learnt from answers.
    pub(crate) fn parameters(&self) -> BTreeMap<String, Value> {
        self.parameters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Merges the `queryContext` of an answer into the cache.
    pub(crate) fn merge_query_context(&self, context: &QueryContextDto) {
        self.query_context
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .merge(context);
    }

    /// The `queryContextDTO` to send with the next query request.
    pub(crate) fn query_context_dto(&self) -> QueryContextDto {
        self.query_context
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .to_dto()
    }
}

/// A cached query-context entry; all three numbers are required (entries without them are
/// ignored, as the connectors reject them).
#[derive(Debug, Clone, PartialEq)]
struct CachedEntry {
    id: i64,
    timestamp: i64,
    priority: i64,
    context: Option<Value>,
}

/// The query-context cache: at most [`QUERY_CONTEXT_CAPACITY`] entries, one per id and one
/// per priority, ordered by priority.
#[derive(Debug, Default)]
struct QueryContextCache {
    entries: Vec<CachedEntry>,
}

impl QueryContextCache {
    /// Merges an answer's context: an empty one (`{}`) clears the cache; each entry replaces
    /// the entry of its id when it was read later (or at the same time with another
    /// priority), else the entry holding its priority, else is added.
    fn merge(&mut self, context: &QueryContextDto) {
        let Some(entries) = &context.entries else {
            self.entries.clear();
            return;
        };
        for entry in entries {
            let (Some(id), Some(timestamp), Some(priority)) =
                (entry.id, entry.timestamp, entry.priority)
            else {
                tracing::debug!("ignoring a query-context entry without id, timestamp or priority");
                continue;
            };
            let new = CachedEntry {
                id,
                timestamp,
                priority,
                context: entry.context.clone(),
            };
            if let Some(old) = self.entries.iter_mut().find(|e| e.id == id) {
                if timestamp > old.timestamp
                    || (timestamp == old.timestamp && priority != old.priority)
                {
                    *old = new;
                }
            } else if let Some(old) = self.entries.iter_mut().find(|e| e.priority == priority) {
                *old = new;
            } else {
                self.entries.push(new);
            }
        }
        self.entries.sort_by_key(|e| (e.priority, e.id));
        // Two entries may now share a priority (an id's entry moved to a taken one): keep the
        // first, as a priority names one slot.
        self.entries.dedup_by_key(|e| e.priority);
        self.entries.truncate(QUERY_CONTEXT_CAPACITY);
    }

    /// The cache as a request's `queryContextDTO`: `{}` when empty; the opaque context
    /// (a base64 string in answers) goes back as `{"base64Data": ...}`, as Snowflake wants it.
    fn to_dto(&self) -> QueryContextDto {
        if self.entries.is_empty() {
            return QueryContextDto::default();
        }
        let entries = self
            .entries
            .iter()
            .map(|e| QueryContextEntry {
                id: Some(e.id),
                timestamp: Some(e.timestamp),
                priority: Some(e.priority),
                context: Some(match &e.context {
                    Some(Value::String(data)) => json!({ "base64Data": data }),
                    Some(other @ Value::Object(_)) => other.clone(),
                    _ => json!({}),
                }),
            })
            .collect();
        QueryContextDto {
            entries: Some(entries),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dto(value: Value) -> QueryContextDto {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn parameters_merge_by_upper_case_name() {
        let state = SessionState::default();
        state.merge_parameters(&[
            ParameterDto {
                name: "timezone".into(),
                value: json!("UTC"),
            },
            ParameterDto {
                name: "AUTOCOMMIT".into(),
                value: json!(true),
            },
        ]);
        state.merge_parameters(&[ParameterDto {
            name: "TIMEZONE".into(),
            value: json!("Asia/Tokyo"),
        }]);
        assert_eq!(state.parameter("TimeZone"), Some(json!("Asia/Tokyo")));
        assert_eq!(state.parameters().len(), 2);
        assert_eq!(state.parameter("QUERY_TAG"), None);
    }

    #[test]
    fn the_query_context_is_merged_and_echoed_as_the_connectors_do() {
        let state = SessionState::default();
        assert_eq!(
            serde_json::to_value(state.query_context_dto()).unwrap(),
            json!({})
        );

        state.merge_query_context(&dto(json!({"entries": [
            {"id": 0, "timestamp": 10, "priority": 0, "context": "QUJD"},
            {"id": 1, "timestamp": 10, "priority": 1},
            {"id": 9, "priority": 2},
        ]})));
        // An older read of id 0 is ignored; a newer one of id 1 replaces it.
        state.merge_query_context(&dto(json!({"entries": [
            {"id": 0, "timestamp": 5, "priority": 0, "context": "T0xE"},
            {"id": 1, "timestamp": 11, "priority": 1, "context": "TkVX"},
        ]})));
        assert_eq!(
            serde_json::to_value(state.query_context_dto()).unwrap(),
            json!({"entries": [
                {"id": 0, "timestamp": 10, "priority": 0, "context": {"base64Data": "QUJD"}},
                {"id": 1, "timestamp": 11, "priority": 1, "context": {"base64Data": "TkVX"}},
            ]})
        );

        // A new id on a taken priority replaces that slot; the cache holds at most 5.
        state.merge_query_context(&dto(json!({"entries": [
            {"id": 5, "timestamp": 1, "priority": 1},
            {"id": 12, "timestamp": 1, "priority": 12},
            {"id": 13, "timestamp": 1, "priority": 13},
            {"id": 14, "timestamp": 1, "priority": 14},
            {"id": 15, "timestamp": 1, "priority": 15},
        ]})));
        let sent = serde_json::to_value(state.query_context_dto()).unwrap();
        let ids: Vec<i64> = sent["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [0, 5, 12, 13, 14]);
        assert_eq!(sent["entries"][1]["context"], json!({}));

        // An empty context clears the cache.
        state.merge_query_context(&dto(json!({})));
        assert_eq!(
            serde_json::to_value(state.query_context_dto()).unwrap(),
            json!({})
        );
    }
}
