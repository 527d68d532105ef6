//! The session table: login tokens mapped to engine sessions, with their validity.
//!
//! A session has one current session token and one master token. Renewal
//! (`/session/token-request`) replaces the session token; the replaced ones stay known so a
//! request that still carries one is told "expired" (390112) rather than "unknown" (390104).

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use parking_lot::Mutex;

use super::oauth_tokens::OAuthTokens;
use crate::engine::Session;

/// How many replaced session tokens a session remembers (older ones become unknown).
const RETIRED_KEPT: usize = 4;

/// The tokens of one session and until when they are valid.
#[derive(Debug)]
struct Tokens {
    session: String,
    session_until: Instant,
    master: String,
    master_until: Instant,
    retired: Vec<String>,
}

/// One logged-in connection: its engine session and its tokens.
pub(crate) struct ServerSession {
    /// The engine session statements run in.
    pub(crate) session: Session,
    tokens: Mutex<Tokens>,
}

impl std::fmt::Debug for ServerSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The tokens are credentials: never print them.
        f.debug_struct("ServerSession")
            .field("session_id", &self.session.id())
            .finish_non_exhaustive()
    }
}

impl ServerSession {
    /// The current session token (what query requests carry).
    pub(crate) fn token(&self) -> String {
        self.tokens.lock().session.clone()
    }

    /// The master token (what renewal requests carry).
    pub(crate) fn master_token(&self) -> String {
        self.tokens.lock().master.clone()
    }

    /// Seconds the current session token has left.
    pub(crate) fn session_seconds_left(&self) -> u64 {
        seconds_left(self.tokens.lock().session_until)
    }

    /// Seconds the master token has left.
    pub(crate) fn master_seconds_left(&self) -> u64 {
        seconds_left(self.tokens.lock().master_until)
    }
}

fn seconds_left(until: Instant) -> u64 {
    until.saturating_duration_since(Instant::now()).as_secs()
}

/// What a session token stands for.
#[derive(Debug, Clone)]
pub(crate) enum Lookup {
    /// The current, unexpired token of a session.
    Valid(Arc<ServerSession>),
    /// A token of a live session that has expired or was replaced by renewal.
    Expired,
    /// A token never issued, or of a closed session.
    Unknown,
}

/// Why a renewal was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RenewError {
    /// No live session has this master token.
    UnknownMaster,
    /// The master token has expired.
    ExpiredMaster,
    /// `oldSessionToken` is not a token of the master token's session.
    WrongSessionToken,
}

/// Logged-in sessions by token, and the OAuth tokens the token endpoint issued.
#[derive(Debug, Default)]
pub(crate) struct SessionTable {
    by_token: Mutex<HashMap<String, Arc<ServerSession>>>,
    by_master: Mutex<HashMap<String, Arc<ServerSession>>>,
    /// Access and refresh tokens of `/oauth/token-request`.
    pub(crate) oauth: OAuthTokens,
    /// The last `queryContextDTO` each session sent.
    pub(crate) query_contexts: super::query_context::QueryContexts,
}

impl SessionTable {
    /// Registers `session` under fresh random tokens valid for the given times, and returns it.
    pub(crate) fn open(
        &self,
        session: Session,
        session_validity: Duration,
        master_validity: Duration,
    ) -> Arc<ServerSession> {
        let now = Instant::now();
        let entry = Arc::new(ServerSession {
            session,
            tokens: Mutex::new(Tokens {
                session: new_token("ver:1-hint:"),
                session_until: now + session_validity,
                master: new_token("ver:1-hint-master:"),
                master_until: now + master_validity,
                retired: Vec::new(),
            }),
        });
        self.by_token
            .lock()
            .insert(entry.token(), Arc::clone(&entry));
        self.by_master
            .lock()
            .insert(entry.master_token(), Arc::clone(&entry));
        entry
    }

    /// What a session token stands for now.
    pub(crate) fn lookup(&self, token: &str) -> Lookup {
        let Some(entry) = self.by_token.lock().get(token).cloned() else {
            return Lookup::Unknown;
        };
        let valid = {
            let tokens = entry.tokens.lock();
            tokens.session == token && Instant::now() < tokens.session_until
        };
        if valid {
            Lookup::Valid(entry)
        } else {
            Lookup::Expired
        }
    }

    /// A session token for the session of `master`, valid for `validity`. A new one is issued
    /// unless `old` was already replaced by a renewal whose token is still valid: concurrent
    /// renewals of one token then share the same new token.
    pub(crate) fn renew(
        &self,
        master: &str,
        old: Option<&str>,
        validity: Duration,
    ) -> Result<Arc<ServerSession>, RenewError> {
        let entry = self
            .by_master
            .lock()
            .get(master)
            .cloned()
            .ok_or(RenewError::UnknownMaster)?;
        let now = Instant::now();
        let mut by_token = self.by_token.lock();
        let mut tokens = entry.tokens.lock();
        if now >= tokens.master_until {
            return Err(RenewError::ExpiredMaster);
        }
        if let Some(old) = old {
            let current = tokens.session == old;
            if !current && !tokens.retired.iter().any(|t| t == old) {
                return Err(RenewError::WrongSessionToken);
            }
            if !current && now < tokens.session_until {
                drop(tokens);
                return Ok(entry);
            }
        }
        let replaced = std::mem::replace(&mut tokens.session, new_token("ver:1-hint:"));
        tokens.session_until = now + validity;
        tokens.retired.push(replaced);
        if tokens.retired.len() > RETIRED_KEPT {
            let forgotten = tokens.retired.remove(0);
            by_token.remove(&forgotten);
        }
        by_token.insert(tokens.session.clone(), Arc::clone(&entry));
        drop(tokens);
        Ok(entry)
    }

    /// Closes the session a session token (current, replaced or expired) belongs to, forgetting
    /// all its tokens; returns the session.
    pub(crate) fn close(&self, token: &str) -> Option<Arc<ServerSession>> {
        let (entry, master) = {
            let mut by_token = self.by_token.lock();
            let entry = by_token.get(token).cloned()?;
            let tokens = entry.tokens.lock();
            by_token.remove(&tokens.session);
            for retired in &tokens.retired {
                by_token.remove(retired);
            }
            let master = tokens.master.clone();
            drop(tokens);
            (entry, master)
        };
        // Taken after the others are released: expire_all locks by_master first.
        self.by_master.lock().remove(&master);
        Some(entry)
    }

    /// Makes every session token expired now (master tokens stay valid, so clients can renew).
    pub(crate) fn expire_all(&self) {
        let now = Instant::now();
        for entry in self.by_master.lock().values() {
            entry.tokens.lock().session_until = now;
        }
    }
}

fn new_token(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Engine, EngineConfig};

    const HOUR: Duration = Duration::from_secs(3600);

    fn table_with_session() -> (SessionTable, Arc<ServerSession>) {
        let engine = Engine::open(EngineConfig::default()).unwrap();
        let table = SessionTable::default();
        let opened = table.open(engine.session("ADMIN"), HOUR, HOUR);
        (table, opened)
    }

    #[test]
    fn renewal_replaces_the_token_and_the_old_one_reads_expired() {
        let (table, opened) = table_with_session();
        let first = opened.token();
        assert!(matches!(table.lookup(&first), Lookup::Valid(_)));
        assert!(matches!(table.lookup("nope"), Lookup::Unknown));
        table
            .renew(&opened.master_token(), Some(&first), HOUR)
            .unwrap();
        let second = opened.token();
        assert_ne!(first, second);
        assert!(matches!(table.lookup(&first), Lookup::Expired));
        assert!(matches!(table.lookup(&second), Lookup::Valid(_)));
        // A second renewal of the replaced token shares the new one.
        table
            .renew(&opened.master_token(), Some(&first), HOUR)
            .unwrap();
        assert_eq!(opened.token(), second);
        assert_eq!(
            table.renew("unknown", None, HOUR).unwrap_err(),
            RenewError::UnknownMaster
        );
        assert_eq!(
            table
                .renew(&opened.master_token(), Some("other"), HOUR)
                .unwrap_err(),
            RenewError::WrongSessionToken
        );
    }

    #[test]
    fn expiry_and_close() {
        let (table, opened) = table_with_session();
        let token = opened.token();
        table.expire_all();
        assert!(matches!(table.lookup(&token), Lookup::Expired));

        table
            .renew(&opened.master_token(), Some(&token), HOUR)
            .unwrap();
        assert!(matches!(table.lookup(&opened.token()), Lookup::Valid(_)));
        assert!(table.close(&token).is_some(), "closing by a replaced token");
        assert!(matches!(table.lookup(&opened.token()), Lookup::Unknown));
        assert_eq!(
            table.renew(&opened.master_token(), None, HOUR).unwrap_err(),
            RenewError::UnknownMaster
        );
        let engine = Engine::open(EngineConfig::default()).unwrap();
        let short = table.open(engine.session("ADMIN"), HOUR, Duration::ZERO);
        assert_eq!(
            table.renew(&short.master_token(), None, HOUR).unwrap_err(),
            RenewError::ExpiredMaster
        );
    }
}
