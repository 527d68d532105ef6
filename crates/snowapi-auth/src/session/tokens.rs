//! The session's tokens, their validity, and the generation counter that makes renewal
//! single-flight.

use std::time::{Duration, Instant};

use secrecy::SecretString;

/// The longest a session token is renewed ahead of its expiry.
const MAX_RENEW_MARGIN: Duration = Duration::from_secs(60);

/// Tokens handed out by a login or a renewal.
pub(super) struct Grant {
    pub session_token: SecretString,
    pub master_token: Option<SecretString>,
    pub validity: Option<Duration>,
    pub master_validity: Option<Duration>,
    pub session_id: Option<i64>,
}

/// The tokens in use. `generation` grows by one at each renewal or re-login, so a caller
/// that saw generation `n` expire knows whether someone already replaced it.
pub(super) struct Tokens {
    pub session: SecretString,
    pub master: Option<SecretString>,
    /// When to renew ahead of expiry; `None` when the server gave no validity.
    pub renew_at: Option<Instant>,
    pub master_expires_at: Option<Instant>,
    pub generation: u64,
}

impl Tokens {
    /// The first tokens of a session.
    pub(super) fn new(grant: Grant) -> Self {
        Self::build(grant, None, 0)
    }

    /// The tokens after a renewal or re-login; a renewal that names no master token keeps
    /// the current one.
    pub(super) fn next(&self, grant: Grant, relogin: bool) -> Self {
        let previous = if relogin {
            None
        } else {
            self.master.clone().map(|m| (m, self.master_expires_at))
        };
        Self::build(grant, previous, self.generation + 1)
    }

    fn build(
        grant: Grant,
        previous_master: Option<(SecretString, Option<Instant>)>,
        generation: u64,
    ) -> Self {
        let now = Instant::now();
        let (master, master_expires_at) = match grant.master_token {
            Some(master) => (Some(master), grant.master_validity.map(|v| now + v)),
            None => match previous_master {
                Some((master, expires_at)) => (Some(master), expires_at),
                None => (None, None),
            },
        };
        Self {
            session: grant.session_token,
            master,
            renew_at: grant.validity.map(|v| now + v - renew_margin(v)),
            master_expires_at,
            generation,
        }
    }

    /// Whether the session token can be handed out as it is.
    pub(super) fn is_fresh(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|at| now < at)
    }

    /// The master token, unless it is known to have expired.
    pub(super) fn usable_master(&self, now: Instant) -> Option<SecretString> {
        let alive = self.master_expires_at.is_none_or(|at| now < at);
        self.master.clone().filter(|_| alive)
    }
}

/// How long before expiry a session token is renewed: a quarter of its validity, at most a
/// minute.
fn renew_margin(validity: Duration) -> Duration {
    (validity / 4).min(MAX_RENEW_MARGIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(master: Option<&str>, validity: u64) -> Grant {
        Grant {
            session_token: SecretString::from("s"),
            master_token: master.map(SecretString::from),
            validity: Some(Duration::from_secs(validity)),
            master_validity: Some(Duration::from_secs(4 * validity)),
            session_id: None,
        }
    }

    #[test]
    fn renewal_keeps_the_master_when_none_is_returned() {
        let tokens = Tokens::new(grant(Some("m"), 3600));
        assert!(tokens.is_fresh(Instant::now()));
        assert!(!tokens.is_fresh(Instant::now() + Duration::from_secs(3541)));
        let next = tokens.next(grant(None, 3600), false);
        assert_eq!(next.generation, 1);
        assert!(next.usable_master(Instant::now()).is_some());
        let relogged = next.next(grant(None, 3600), true);
        assert!(relogged.master.is_none());
        assert_eq!(renew_margin(Duration::from_secs(4)), Duration::from_secs(1));
    }
}
