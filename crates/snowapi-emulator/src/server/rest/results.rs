//! `GET /api/v2/results/{handle}`: the outcome of an operation answered with 202. While it runs
//! the answer is 202 again (same body and `Location`); once done, the operation's own status
//! and body. The same path serves the pages of a large listing (`?page=N`, see `pages.rs`).
//! Handles belong to the user who started the operation; others get 404.

use std::{collections::HashMap, sync::Arc};

use axum::{Extension, body::Bytes, http::StatusCode, response::Response};
use parking_lot::Mutex;

use super::{
    caller::Caller,
    error::RestError,
    long_running,
    pages::{self, PageStore},
    params::{Params, RestPath},
};

/// How many finished outcomes are kept; the oldest go first.
const KEPT: usize = 1024;

#[derive(Debug)]
struct Slot {
    user: String,
    outcome: Option<(StatusCode, Bytes)>,
    /// Order of finishing, for dropping the oldest.
    finished: u64,
}

/// Pending and finished long-running operations by handle.
#[derive(Debug, Default)]
pub(crate) struct ResultStore {
    slots: Mutex<(HashMap<String, Slot>, u64)>,
}

impl ResultStore {
    /// Registers a pending operation of `user`.
    pub(crate) fn pending(&self, handle: &str, user: &str) {
        self.slots.lock().0.insert(
            handle.to_owned(),
            Slot {
                user: user.to_owned(),
                outcome: None,
                finished: 0,
            },
        );
    }

    /// Records the outcome of an operation, dropping the oldest finished ones past the bound.
    pub(crate) fn finish(&self, handle: &str, status: StatusCode, body: Bytes) {
        let mut guard = self.slots.lock();
        let (slots, counter) = &mut *guard;
        *counter += 1;
        if let Some(slot) = slots.get_mut(handle) {
            slot.outcome = Some((status, body));
            slot.finished = *counter;
        }
        let done = slots.values().filter(|s| s.outcome.is_some()).count();
        if done > KEPT {
            let oldest = slots
                .iter()
                .filter(|(_, s)| s.outcome.is_some())
                .min_by_key(|(_, s)| s.finished)
                .map(|(h, _)| h.clone());
            if let Some(oldest) = oldest {
                slots.remove(&oldest);
            }
        }
    }

    /// `None` for an unknown handle (or another user's), `Some(None)` while pending.
    fn outcome(&self, handle: &str, user: &str) -> Option<Option<(StatusCode, Bytes)>> {
        let guard = self.slots.lock();
        let slot = guard.0.get(handle).filter(|s| s.user == user)?;
        Some(slot.outcome.clone())
    }
}

fn unknown(handle: &str) -> RestError {
    RestError::new(
        StatusCode::NOT_FOUND,
        crate::error::ErrorKind::StatementNotFound.code(),
        format!("Result handle {handle} not found."),
    )
}

/// Answers a poll of `handle` or a page of a listing; see the module documentation.
#[tracing::instrument(skip_all, fields(operation = "rest.results.fetch", result_handle = %handle))]
pub(crate) async fn fetch(
    Extension(store): Extension<Arc<ResultStore>>,
    Extension(listings): Extension<Arc<PageStore>>,
    caller: Caller,
    params: Params,
    RestPath(handle): RestPath<String>,
) -> Result<Response, RestError> {
    let page = match params.get("page").map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(text.parse::<usize>().map_err(|_| {
            RestError::bad_request(format!(
                "Invalid value '{text}' for parameter page: expected a page number from 0."
            ))
        })?),
    };
    if let Some(stored) = listings.pages(&handle, &caller.user) {
        let page = page.unwrap_or(0);
        return pages::page_response(&handle, &stored, page).ok_or_else(|| {
            RestError::bad_request(format!(
                "Page {page} is out of range: the result has {} pages.",
                stored.len()
            ))
        });
    }
    match store.outcome(&handle, &caller.user) {
        None => Err(unknown(&handle)),
        Some(None) => Ok(long_running::accepted(&handle)),
        Some(Some((status, body))) => Ok(long_running::replay(status, body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_keeps_owner_and_outcome() {
        let store = ResultStore::default();
        store.pending("h", "ANN");
        assert_eq!(store.outcome("h", "ANN"), Some(None));
        assert_eq!(store.outcome("h", "BOB"), None);
        store.finish("h", StatusCode::OK, Bytes::from_static(b"{}"));
        assert_eq!(
            store.outcome("h", "ANN"),
            Some(Some((StatusCode::OK, Bytes::from_static(b"{}"))))
        );
        assert_eq!(store.outcome("nope", "ANN"), None);
    }
}
