//! The SQL API's statements by handle: who submitted each, where it is in its life, and the
//! result (split into partitions) once it is done. Bounded: the oldest finished statements are
//! forgotten first.

use std::{
    collections::{HashMap, VecDeque},
    sync::Arc,
    time::Duration,
};

use parking_lot::Mutex;
use serde_json::Value;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::{errors::Failure, result_set::Partition};
use crate::engine::QueryResult;

/// How many statements the store remembers.
pub(crate) const MAX_STATEMENTS: usize = 1000;

/// A finished statement's result and how it is split into partitions.
#[derive(Debug)]
pub(crate) struct Done {
    /// The rows (for a multi-statement request, the one-row summary).
    pub(crate) result: QueryResult,
    /// Row ranges and sizes of the partitions, in order (at least one).
    pub(crate) partitions: Vec<Partition>,
    /// The handles of the statements of a multi-statement request.
    pub(crate) children: Vec<String>,
}

/// Where a statement is in its life.
#[derive(Debug, Clone)]
pub(crate) enum Progress {
    /// Still executing.
    Running,
    /// Finished with a result.
    Succeeded(Arc<Done>),
    /// Failed, timed out or was cancelled.
    Failed(Failure),
}

impl Progress {
    /// Whether the statement is still executing.
    pub(crate) fn is_running(&self) -> bool {
        matches!(self, Self::Running)
    }
}

/// One submitted statement (or batch).
#[derive(Debug)]
pub(crate) struct Entry {
    /// The statement handle (for a single statement, also its engine query id).
    pub(crate) handle: String,
    /// Canonical name of the user who submitted it; nobody else sees it.
    pub(crate) user: String,
    /// When it was submitted, in milliseconds since the epoch.
    pub(crate) created_on: i64,
    /// The caller's `requestId`, if any.
    pub(crate) request_id: Option<String>,
    /// `false` when NULL cells are rendered as the text `null`.
    pub(crate) nullable: bool,
    /// The output formats echoed in `resultSetMetaData.parameters`.
    pub(crate) parameters: Value,
    /// Cancelled by a cancel request; the runner stops the statement.
    pub(crate) cancel: CancellationToken,
    progress: watch::Sender<Progress>,
}

impl Entry {
    /// A running entry.
    pub(crate) fn new(
        handle: String,
        user: String,
        request_id: Option<String>,
        nullable: bool,
        parameters: Value,
        cancel: CancellationToken,
    ) -> Self {
        Self {
            handle,
            user,
            created_on: chrono::Utc::now().timestamp_millis(),
            request_id,
            nullable,
            parameters,
            cancel,
            progress: watch::Sender::new(Progress::Running),
        }
    }

    /// Where the statement is now.
    pub(crate) fn progress(&self) -> Progress {
        self.progress.borrow().clone()
    }

    /// Records the outcome; only the first one counts.
    pub(crate) fn finish(&self, outcome: Result<Done, Failure>) {
        let next = match outcome {
            Ok(done) => Progress::Succeeded(Arc::new(done)),
            Err(failure) => Progress::Failed(failure),
        };
        self.progress.send_if_modified(|current| {
            if current.is_running() {
                *current = next;
                true
            } else {
                false
            }
        });
    }

    /// Waits until the statement is done, at most `limit`, and says where it is then.
    pub(crate) async fn wait(&self, limit: Duration) -> Progress {
        let mut watching = self.progress.subscribe();
        let _ = tokio::time::timeout(limit, watching.wait_for(|p| !p.is_running())).await;
        self.progress()
    }
}

/// Marks an entry cancelled if its runner goes away before recording an outcome (its future
/// was dropped because the batch it belongs to was cancelled or timed out).
#[derive(Debug)]
pub(crate) struct FinishGuard(pub(crate) Arc<Entry>, pub(crate) Failure);

impl Drop for FinishGuard {
    fn drop(&mut self) {
        self.0.finish(Err(self.1.clone()));
    }
}

#[derive(Debug, Default)]
struct Inner {
    by_handle: HashMap<String, Arc<Entry>>,
    /// `(user, requestId)` → handle.
    by_request: HashMap<(String, String), String>,
    /// Handles, oldest first.
    order: VecDeque<String>,
}

/// Every statement the SQL API knows, by handle.
#[derive(Debug, Default)]
pub(crate) struct Statements {
    inner: Mutex<Inner>,
}

impl Statements {
    /// Adds `entry`, unless the same user already submitted its `requestId`: then answers that
    /// earlier entry and `false`.
    pub(crate) fn insert(&self, entry: Entry) -> (Arc<Entry>, bool) {
        let mut inner = self.inner.lock();
        if let Some(request_id) = &entry.request_id {
            let key = (entry.user.clone(), request_id.clone());
            if let Some(existing) = inner
                .by_request
                .get(&key)
                .and_then(|h| inner.by_handle.get(h))
            {
                return (Arc::clone(existing), false);
            }
            inner.by_request.insert(key, entry.handle.clone());
        }
        let entry = Arc::new(entry);
        inner.order.push_back(entry.handle.clone());
        inner
            .by_handle
            .insert(entry.handle.clone(), Arc::clone(&entry));
        inner.evict();
        (entry, true)
    }

    /// The statement `handle` if `user` submitted it.
    pub(crate) fn get(&self, handle: &str, user: &str) -> Option<Arc<Entry>> {
        self.inner
            .lock()
            .by_handle
            .get(handle)
            .filter(|e| e.user == user)
            .cloned()
    }
}

impl Inner {
    /// Forgets the oldest finished statements beyond [`MAX_STATEMENTS`]; running ones stay.
    fn evict(&mut self) {
        let mut excess = self.by_handle.len().saturating_sub(MAX_STATEMENTS);
        let mut kept = VecDeque::new();
        while excess > 0 {
            let Some(handle) = self.order.pop_front() else {
                break;
            };
            match self.by_handle.get(&handle) {
                Some(entry) if entry.progress.borrow().is_running() => kept.push_back(handle),
                Some(entry) => {
                    if let Some(request_id) = &entry.request_id {
                        self.by_request
                            .remove(&(entry.user.clone(), request_id.clone()));
                    }
                    self.by_handle.remove(&handle);
                    excess -= 1;
                }
                None => {}
            }
        }
        while let Some(handle) = kept.pop_back() {
            self.order.push_front(handle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(handle: &str, user: &str, request_id: Option<&str>) -> Entry {
        Entry::new(
            handle.into(),
            user.into(),
            request_id.map(Into::into),
            true,
            Value::Null,
            CancellationToken::new(),
        )
    }

    #[test]
    fn handles_are_per_user_and_request_ids_deduplicate() {
        let store = Statements::default();
        let (first, new) = store.insert(entry("h1", "A", Some("r1")));
        assert!(new);
        let (again, new) = store.insert(entry("h2", "A", Some("r1")));
        assert!(!new);
        assert_eq!(again.handle, first.handle);
        let (other, new) = store.insert(entry("h3", "B", Some("r1")));
        assert!(new && other.handle == "h3");
        assert!(store.get("h1", "A").is_some());
        assert!(store.get("h1", "B").is_none());
        assert!(store.get("h2", "A").is_none());
    }

    #[test]
    fn only_the_first_outcome_counts_and_running_entries_survive_eviction() {
        let store = Statements::default();
        let (running, _) = store.insert(entry("keep", "A", None));
        for i in 0..MAX_STATEMENTS + 5 {
            let (e, _) = store.insert(entry(&format!("h{i}"), "A", None));
            e.finish(Err(Failure::new("1", "2", "x")));
            e.finish(Err(Failure::new("3", "4", "y")));
            assert!(matches!(e.progress(), Progress::Failed(f) if f.code == "1"));
        }
        assert!(store.get("keep", "A").is_some());
        assert!(store.get("h0", "A").is_none());
        assert!(
            store
                .get(&format!("h{}", MAX_STATEMENTS + 4), "A")
                .is_some()
        );
        drop(FinishGuard(
            running,
            Failure::new("000604", "57014", "cancelled"),
        ));
        assert!(matches!(
            store.get("keep", "A").map(|e| e.progress()),
            Some(Progress::Failed(_))
        ));
    }
}
