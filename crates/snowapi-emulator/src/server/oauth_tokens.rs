//! The OAuth clients a server accepts and the access and refresh tokens its token endpoint
//! issued (kept in memory only: tokens do not survive a restart).

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use parking_lot::Mutex;

/// An OAuth client configured with [`EmulatorBuilder::oauth_client`](super::EmulatorBuilder::oauth_client).
#[derive(Clone)]
pub(crate) struct OAuthClientConfig {
    /// The client id.
    pub(crate) client_id: String,
    /// The client secret.
    pub(crate) client_secret: String,
    /// The user the client's tokens act as.
    pub(crate) user: String,
}

impl std::fmt::Debug for OAuthClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClientConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("user", &self.user)
            .finish()
    }
}

/// An issued access token.
struct Access {
    user: String,
    until: Instant,
}

/// An issued refresh token.
struct Refresh {
    client_id: String,
    user: String,
}

/// What an access token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AccessCheck {
    /// Valid, acting as this user.
    Valid(String),
    /// Issued here but expired.
    Expired,
    /// Never issued here.
    Unknown,
}

/// Access and refresh tokens issued by `/oauth/token-request`.
#[derive(Default)]
pub(crate) struct OAuthTokens {
    access: Mutex<HashMap<String, Access>>,
    refresh: Mutex<HashMap<String, Refresh>>,
}

impl std::fmt::Debug for OAuthTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Counts only: the tokens are credentials.
        f.debug_struct("OAuthTokens")
            .field("access", &self.access.lock().len())
            .field("refresh", &self.refresh.lock().len())
            .finish()
    }
}

impl OAuthTokens {
    /// Issues an access token valid for `validity` and a refresh token, both for `user`.
    pub(crate) fn issue(
        &self,
        client_id: &str,
        user: &str,
        validity: Duration,
    ) -> (String, String) {
        let now = Instant::now();
        let access = token("sfoa-");
        let refresh = token("sfor-");
        let mut issued = self.access.lock();
        // Drop long-expired tokens so the map stays small; recently expired ones are kept to
        // answer "expired" rather than "invalid".
        issued.retain(|_, a| now.saturating_duration_since(a.until) < Duration::from_secs(3600));
        issued.insert(
            access.clone(),
            Access {
                user: user.to_owned(),
                until: now + validity,
            },
        );
        drop(issued);
        self.refresh.lock().insert(
            refresh.clone(),
            Refresh {
                client_id: client_id.to_owned(),
                user: user.to_owned(),
            },
        );
        (access, refresh)
    }

    /// What `token` stands for.
    pub(crate) fn check(&self, token: &str) -> AccessCheck {
        match self.access.lock().get(token) {
            Some(access) if Instant::now() < access.until => {
                AccessCheck::Valid(access.user.clone())
            }
            Some(_) => AccessCheck::Expired,
            None => AccessCheck::Unknown,
        }
    }

    /// Consumes a refresh token of `client_id` (refresh tokens rotate); the user it was for.
    pub(crate) fn redeem_refresh(&self, refresh_token: &str, client_id: &str) -> Option<String> {
        let mut refresh = self.refresh.lock();
        if refresh.get(refresh_token)?.client_id != client_id {
            return None;
        }
        refresh.remove(refresh_token).map(|r| r.user)
    }
}

fn token(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_check_expire_and_rotate() {
        let tokens = OAuthTokens::default();
        let (access, refresh) = tokens.issue("app", "ANN", Duration::from_secs(60));
        assert_eq!(tokens.check(&access), AccessCheck::Valid("ANN".into()));
        assert_eq!(tokens.check("other"), AccessCheck::Unknown);
        assert_eq!(tokens.redeem_refresh(&refresh, "other-app"), None);
        assert_eq!(tokens.redeem_refresh(&refresh, "app"), Some("ANN".into()));
        assert_eq!(tokens.redeem_refresh(&refresh, "app"), None, "rotated");
        let (short, _) = tokens.issue("app", "ANN", Duration::ZERO);
        assert_eq!(tokens.check(&short), AccessCheck::Expired);
        assert!(!format!("{tokens:?}").contains(&access));
    }
}
