//! The query-context cache (PROTOCOL.md 2.1, 2.3): every successful query answer carries one
//! entry in `data.queryContext`, and clients that keep the cache (4.x, snowapi-query) echo it in
//! the next request's `queryContextDTO`. The emulator does not use the context; it records the
//! last `queryContextDTO` each session sent, so tests can check the echo.

use std::collections::{HashMap, VecDeque};

use base64::Engine as _;
use parking_lot::Mutex;
use serde_json::{Value, json};

/// How many sessions' last DTOs are kept; the oldest sessions go first.
const MAX_SESSIONS: usize = 10_000;

/// The last `queryContextDTO` received per session id.
#[derive(Debug, Default)]
pub(crate) struct QueryContexts {
    received: Mutex<Received>,
}

#[derive(Debug, Default)]
struct Received {
    by_session: HashMap<u64, Value>,
    order: VecDeque<u64>,
}

impl QueryContexts {
    /// Remembers the `queryContextDTO` of a query request of `session_id`; a request without
    /// one (4.x async submissions) changes nothing.
    pub(crate) fn record(&self, session_id: u64, dto: &Value) {
        if dto.is_null() {
            return;
        }
        let mut received = self.received.lock();
        if received
            .by_session
            .insert(session_id, dto.clone())
            .is_none()
        {
            received.order.push_back(session_id);
        }
        while received.order.len() > MAX_SESSIONS {
            if let Some(oldest) = received.order.pop_front() {
                received.by_session.remove(&oldest);
            }
        }
    }

    /// The last `queryContextDTO` session `session_id` sent.
    pub(crate) fn last(&self, session_id: u64) -> Option<Value> {
        self.received.lock().by_session.get(&session_id).cloned()
    }
}

/// The `queryContext` of an answer in session `session_id`: one main entry (id 0, priority 0)
/// read now, whose opaque context names the session. As in Snowflake, the answer's `context`
/// is a base64 string; clients send it back as `{"base64Data": ...}`.
pub(crate) fn answer(session_id: u64) -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let context = base64::engine::general_purpose::STANDARD
        .encode(format!("snowapi-emulator session {session_id}"));
    json!({"entries": [{"id": 0, "timestamp": now, "priority": 0, "context": context}]})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_dto_per_session_is_kept_and_null_is_ignored() {
        let contexts = QueryContexts::default();
        contexts.record(1, &json!({}));
        contexts.record(1, &json!({"entries": [{"id": 0}]}));
        contexts.record(1, &Value::Null);
        assert_eq!(contexts.last(1), Some(json!({"entries": [{"id": 0}]})));
        assert_eq!(contexts.last(2), None);

        let entry = &answer(7)["entries"][0];
        assert_eq!(entry["id"], 0);
        assert_eq!(entry["priority"], 0);
        assert!(entry["timestamp"].as_i64().is_some_and(|t| t > 0));
        assert_eq!(
            entry["context"],
            base64::engine::general_purpose::STANDARD.encode("snowapi-emulator session 7")
        );
    }
}
