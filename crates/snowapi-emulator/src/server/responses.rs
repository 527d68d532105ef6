//! Final answers by query id: the envelope of a finished statement is rebuilt from the engine's
//! registry of outcomes ([`Engine::result`](crate::engine::Engine::result)) rather than stored,
//! so results are held once. What the registry cannot know (a multi-statement parent's
//! `resultIds`, the statement type `0xA000`) is kept here per query id, in a bounded map, next to
//! the `requestId`s of recent query-requests (retries replay the first execution).
//!
//! Also `GET /queries/{queryId}/result` (PROTOCOL.md 2.6).

use std::{
    collections::{HashMap, VecDeque},
    hash::Hash,
};

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use parking_lot::Mutex;
use serde_json::{Value, json};

use super::{envelope, login, query, result_data, router::AppState, sessions::ServerSession};
use crate::{
    engine::{QueryOutcome, QueryResult, Session},
    error::EmulatorError,
};

/// How many entries each map of the store keeps; the oldest go first.
const MAX_ENTRIES: usize = 10_000;

/// Code of an in-progress synchronous query (and of a result GET that is still waiting).
pub(crate) const STILL_RUNNING: &str = "333333";
/// Code of an accepted asynchronous submission.
pub(crate) const ASYNC_ACCEPTED: &str = "333334";
/// Code of a result GET for an id whose result is unknown or gone.
pub(crate) const RESULT_NOT_FOUND: &str = "000612";

/// A query-request remembered by its `requestId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The query id it started.
    pub(crate) query_id: String,
    /// Its SQL text: a retry repeats it, an unrelated request that reuses the id does not.
    pub(crate) sql: String,
}

/// The server's side of query answers: per-query extras and recent request ids.
#[derive(Debug, Default)]
pub(crate) struct QueryStore {
    extras: Mutex<Bounded<String, Value>>,
    requests: Mutex<Bounded<(u64, String), Request>>,
}

impl QueryStore {
    /// Keeps fields that override the rebuilt `data` of query `query_id`.
    pub(crate) fn set_extras(&self, query_id: &str, extras: Value) {
        self.extras.lock().insert(query_id.to_owned(), extras);
    }

    /// The overriding fields of query `query_id`, if any.
    pub(crate) fn extras(&self, query_id: &str) -> Option<Value> {
        self.extras.lock().get(&query_id.to_owned()).cloned()
    }

    /// Remembers that request `request_id` of session `session_id` started `request`.
    pub(crate) fn remember_request(&self, session_id: u64, request_id: &str, request: Request) {
        self.requests
            .lock()
            .insert((session_id, request_id.to_owned()), request);
    }

    /// The query started by request `request_id` of session `session_id`.
    pub(crate) fn request(&self, session_id: u64, request_id: &str) -> Option<Request> {
        self.requests
            .lock()
            .get(&(session_id, request_id.to_owned()))
            .cloned()
    }
}

/// A map that forgets its oldest entries beyond [`MAX_ENTRIES`].
#[derive(Debug)]
struct Bounded<K, V> {
    map: HashMap<K, V>,
    order: VecDeque<K>,
}

impl<K, V> Default for Bounded<K, V> {
    fn default() -> Self {
        Self {
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }
}

impl<K: Hash + Eq + Clone, V> Bounded<K, V> {
    fn insert(&mut self, key: K, value: V) {
        if self.map.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > MAX_ENTRIES {
            if let Some(oldest) = self.order.pop_front() {
                self.map.remove(&oldest);
            }
        }
    }

    fn get(&self, key: &K) -> Option<&V> {
        self.map.get(key)
    }
}

/// The success envelope of a finished statement: the result, `numberOfBinds`/
/// `arrayBindSupported`, the stored extras of its id, and the session's current context.
pub(crate) fn success(state: &AppState, session: &Session, result: &QueryResult) -> Response {
    let mut data = result_data::result_data(state, session, result);
    if let Some(map) = data.as_object_mut() {
        map.entry("numberOfBinds").or_insert(json!(0));
        map.entry("arrayBindSupported").or_insert(json!(false));
        if let Some(Value::Object(extras)) = state.query_store.extras(&result.query_id) {
            map.extend(extras);
        }
        map.insert(
            "queryContext".into(),
            super::query_context::answer(session.id()),
        );
    }
    add_context(&mut data, session);
    envelope::success(data)
}

/// The error envelope of a failed statement (PROTOCOL.md 2.4).
pub(crate) fn failure(error: &EmulatorError, query_id: &str, session: &Session) -> Response {
    let mut data = json!({
        "queryId": query_id,
        "sqlState": error.sql_state(),
        "errorCode": error.code(),
        "internalError": false,
    });
    add_context(&mut data, session);
    envelope::failure(error.code(), &error.to_string(), data)
}

/// The in-progress envelope (PROTOCOL.md 2.5): `333333` for a query still running after the
/// wait, `333334` for an accepted asynchronous one. It carries no rowset, which is what tells
/// 5.2.0 to follow `getResultUrl`.
pub(crate) fn in_progress(code: &str, query_id: &str) -> Response {
    let url = format!("/queries/{query_id}/result");
    let (message, data) = if code == ASYNC_ACCEPTED {
        (
            "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
            json!({
                "queryId": query_id,
                "getResultUrl": url,
                "queryAbortsAfterSecs": 300,
                "progressDesc": null,
            }),
        )
    } else {
        (
            "Query execution in progress. Use provided query id to perform query monitoring and management.",
            json!({"queryId": query_id, "getResultUrl": url}),
        )
    };
    Json(json!({"success": true, "code": code, "message": message, "data": data})).into_response()
}

/// `000612`: nothing is known (any more) about the result of `query_id`.
pub(crate) fn not_found(query_id: &str) -> Response {
    envelope::failure(
        RESULT_NOT_FOUND,
        &format!("Result for query {query_id} has expired or does not exist."),
        json!({"queryId": query_id}),
    )
}

/// Waits (at most the server's synchronous wait) for statement `query_id`, then answers like
/// a finished query-request, `333333` while it still runs, or `000612` for an unknown id.
pub(crate) async fn wait_and_answer(
    state: &AppState,
    opened: &ServerSession,
    query_id: &str,
) -> Response {
    state
        .engine
        .wait_for_query(query_id, state.config.sync_wait)
        .await;
    match state.engine.result(query_id) {
        Some(QueryOutcome::Running) => in_progress(STILL_RUNNING, query_id),
        Some(QueryOutcome::Finished(Ok(result))) => success(state, &opened.session, &result),
        Some(QueryOutcome::Finished(Err(error))) => failure(&error, query_id, &opened.session),
        _ => not_found(query_id),
    }
}

/// `GET /queries/{queryId}/result`: the final answer of a statement (PROTOCOL.md 2.6), after
/// waiting for it a while if it still runs.
#[tracing::instrument(skip_all, fields(operation = "query_result", query_id = %query_id, session_id = tracing::field::Empty))]
pub(crate) async fn result(
    State(state): State<AppState>,
    Path(query_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match query::caller(&state, &headers) {
        Ok(opened) => opened,
        Err(refused) => return refused.into_response(),
    };
    tracing::Span::current().record("session_id", opened.session.id());
    wait_and_answer(&state, &opened, &query_id).await
}

/// `parameters` and `finalDatabaseName`/`finalSchemaName`/`finalWarehouseName`/`finalRoleName`:
/// the session's context now (for a result fetched later, not the one at execution).
fn add_context(data: &mut Value, session: &Session) {
    let state = session.state();
    let name = |n: &Option<crate::catalog::Name>| n.as_ref().map(ToString::to_string);
    if let Some(map) = data.as_object_mut() {
        map.insert("parameters".into(), login::parameters(session));
        map.insert("finalDatabaseName".into(), json!(name(&state.database)));
        map.insert("finalSchemaName".into(), json!(name(&state.schema)));
        map.insert("finalWarehouseName".into(), json!(name(&state.warehouse)));
        map.insert("finalRoleName".into(), json!(state.role));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_maps_are_bounded_and_replace_entries() {
        let mut map = Bounded::default();
        for i in 0..MAX_ENTRIES + 5 {
            map.insert(i, i);
        }
        assert!(map.get(&0).is_none() && map.get(&4).is_none());
        assert_eq!(map.get(&5), Some(&5));
        map.insert(5, 50);
        assert_eq!(map.get(&5), Some(&50));
        assert_eq!(map.order.len(), MAX_ENTRIES);

        let store = QueryStore::default();
        let request = Request {
            query_id: "q".into(),
            sql: "select 1".into(),
        };
        store.remember_request(1, "r", request.clone());
        assert_eq!(store.request(1, "r"), Some(request));
        assert!(store.request(2, "r").is_none());
        store.set_extras("q", json!({"a": 1}));
        assert_eq!(store.extras("q"), Some(json!({"a": 1})));
    }
}
