//! The session table: login tokens mapped to engine sessions.

use std::{collections::HashMap, sync::Arc};

use parking_lot::Mutex;

use crate::engine::Session;

/// One logged-in connection: its engine session and its tokens.
#[derive(Debug)]
pub(crate) struct ServerSession {
    /// The engine session statements run in.
    pub(crate) session: Session,
    /// The session token (what query requests carry).
    pub(crate) token: String,
    /// The master token (for renewal and logout bookkeeping).
    pub(crate) master_token: String,
}

/// Logged-in sessions by session token.
#[derive(Debug, Default)]
pub(crate) struct SessionTable {
    by_token: Mutex<HashMap<String, Arc<ServerSession>>>,
}

impl SessionTable {
    /// Registers `session` under fresh random tokens and returns it.
    pub(crate) fn open(&self, session: Session) -> Arc<ServerSession> {
        let entry = Arc::new(ServerSession {
            session,
            token: new_token("ver:1-hint:"),
            master_token: new_token("ver:1-hint-master:"),
        });
        self.by_token
            .lock()
            .insert(entry.token.clone(), Arc::clone(&entry));
        entry
    }

    /// The session a token belongs to.
    pub(crate) fn get(&self, token: &str) -> Option<Arc<ServerSession>> {
        self.by_token.lock().get(token).cloned()
    }

    /// Forgets a token; returns the session it belonged to.
    pub(crate) fn close(&self, token: &str) -> Option<Arc<ServerSession>> {
        self.by_token.lock().remove(token)
    }
}

fn new_token(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}
