//! Programmatic access tokens (PATs) of a user. Each is kept as a user property named
//! `PROGRAMMATIC_ACCESS_TOKEN:<token name>` holding JSON with a SHA-256 of the secret (never the
//! secret), its expiry, role restriction and comment, so it persists with the catalog.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::User;

/// Prefix of the property names PATs are kept under.
const PROPERTY_PREFIX: &str = "PROGRAMMATIC_ACCESS_TOKEN:";

/// What is kept of one PAT.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredToken {
    /// Hex SHA-256 of the secret.
    hash: String,
    expires_at: DateTime<Utc>,
    #[serde(default)]
    role_restriction: Option<String>,
    #[serde(default)]
    comment: Option<String>,
}

/// What a session authenticated with a PAT may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    /// The token's ROLE_RESTRICTION: the only role such a session runs with.
    pub role_restriction: Option<String>,
}

/// A fresh random PAT secret.
pub fn new_programmatic_access_token_secret() -> String {
    format!(
        "pat-{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl User {
    /// Whether the user has a PAT named `name` (upper case).
    pub fn has_programmatic_access_token(&self, name: &str) -> bool {
        self.properties
            .contains_key(&format!("{PROPERTY_PREFIX}{name}"))
    }

    /// Adds (or replaces) the PAT `name` with `secret`, valid until `expires_at`.
    pub fn add_programmatic_access_token(
        &mut self,
        name: &str,
        secret: &str,
        expires_at: DateTime<Utc>,
        role_restriction: Option<String>,
        comment: Option<String>,
    ) {
        let stored = StoredToken {
            hash: hash(secret),
            expires_at,
            role_restriction,
            comment,
        };
        // Serializing a struct of strings and a timestamp cannot fail.
        let json = serde_json::to_string(&stored).unwrap_or_default();
        self.properties
            .insert(format!("{PROPERTY_PREFIX}{name}"), json);
    }

    /// Whether `secret` is one of the user's unexpired PATs.
    pub fn verify_programmatic_access_token(&self, secret: &str) -> bool {
        self.programmatic_access_token(secret).is_some()
    }

    /// What the unexpired PAT whose secret is `secret` grants, if the user has one.
    pub fn programmatic_access_token(&self, secret: &str) -> Option<TokenGrant> {
        let candidate = hash(secret);
        let now = Utc::now();
        self.properties
            .range(PROPERTY_PREFIX.to_owned()..)
            .take_while(|(key, _)| key.starts_with(PROPERTY_PREFIX))
            .filter_map(|(_, value)| serde_json::from_str::<StoredToken>(value).ok())
            .find(|token| {
                token.expires_at > now
                    && token.hash.len() == candidate.len()
                    // Compare every byte, so the time taken does not tell how much matched.
                    && token
                        .hash
                        .bytes()
                        .zip(candidate.bytes())
                        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                        == 0
            })
            .map(|token| TokenGrant {
                role_restriction: token.role_restriction,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Name, ObjectInfo};

    #[test]
    fn tokens_are_hashed_checked_and_expire() {
        let mut user = User {
            name: Name::canonical("ANN"),
            info: ObjectInfo::new("USERADMIN", None),
            properties: Default::default(),
            password_hash: None,
            password_last_set: None,
        };
        let secret = new_programmatic_access_token_secret();
        assert!(!user.verify_programmatic_access_token(&secret));
        let later = Utc::now() + chrono::Duration::days(1);
        user.add_programmatic_access_token("T1", &secret, later, None, None);
        assert!(user.has_programmatic_access_token("T1"));
        assert!(user.verify_programmatic_access_token(&secret));
        assert!(!user.verify_programmatic_access_token("pat-wrong"));
        assert!(user.properties.values().all(|v| !v.contains(&secret)));
        let earlier = Utc::now() - chrono::Duration::days(1);
        user.add_programmatic_access_token("T1", &secret, earlier, None, None);
        assert!(!user.verify_programmatic_access_token(&secret));
    }
}
