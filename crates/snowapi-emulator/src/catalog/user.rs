//! What logins need from a user: password checks (passwords are kept only as salted SHA-256
//! hashes), key-pair public keys, login name and the other properties set with CREATE/ALTER USER.

use std::sync::Arc;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::{Catalog, User};

/// Prefix of stored password hashes: `sha256:<salt hex>:<digest hex>`.
const HASH_SCHEME: &str = "sha256";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(salt: &str, password: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update([0u8]);
    hasher.update(password.as_bytes());
    hex(&hasher.finalize())
}

/// A salted hash of `password`, as [`User::password_hash`] keeps it.
pub fn hash_password(password: &str) -> String {
    let salt = uuid::Uuid::new_v4().simple().to_string();
    format!("{HASH_SCHEME}:{salt}:{}", digest(&salt, password))
}

impl User {
    /// A property set with CREATE/ALTER USER (upper-case name), if set.
    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(String::as_str)
    }

    /// Whether `candidate` is the user's password. A user without a password has none to match.
    pub fn verify_password(&self, candidate: &str) -> bool {
        let Some(stored) = &self.password_hash else {
            return false;
        };
        let mut parts = stored.splitn(3, ':');
        let (Some(HASH_SCHEME), Some(salt), Some(expected)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let actual = digest(salt, candidate);
        // Compare every byte, so the time taken does not tell how much matched.
        actual.len() == expected.len()
            && actual
                .bytes()
                .zip(expected.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }

    /// Sets the password (kept hashed) and records when.
    pub fn set_password(&mut self, password: &str) {
        self.password_hash = Some(hash_password(password));
        self.password_last_set = Some(chrono::Utc::now());
    }

    /// Whether a password is set.
    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }

    /// RSA_PUBLIC_KEY (base64 DER, as given), for key-pair authentication.
    pub fn rsa_public_key(&self) -> Option<&str> {
        self.property("RSA_PUBLIC_KEY")
    }

    /// RSA_PUBLIC_KEY_2, the second key used while rotating keys.
    pub fn rsa_public_key_2(&self) -> Option<&str> {
        self.property("RSA_PUBLIC_KEY_2")
    }

    /// `SHA256:<base64 of the SHA-256 of the DER key>`, the fingerprint Snowflake shows and
    /// key-pair JWTs carry in their issuer; `None` if the key is not base64.
    pub fn public_key_fingerprint(key: &str) -> Option<String> {
        let body: String = key
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect::<String>()
            .split_whitespace()
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body)
            .ok()?;
        let digest = Sha256::digest(&der);
        Some(format!(
            "SHA256:{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        ))
    }

    /// The name the user logs in with (LOGIN_NAME, or the user name), upper case.
    pub fn login_name(&self) -> String {
        self.property("LOGIN_NAME")
            .map_or_else(|| self.name.to_string(), str::to_uppercase)
    }

    /// DISPLAY_NAME, or the user name.
    pub fn display_name(&self) -> String {
        self.property("DISPLAY_NAME")
            .map_or_else(|| self.name.to_string(), str::to_owned)
    }

    /// Whether DISABLED = TRUE.
    pub fn is_disabled(&self) -> bool {
        self.property("DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// Whether MUST_CHANGE_PASSWORD = TRUE.
    pub fn must_change_password(&self) -> bool {
        self.property("MUST_CHANGE_PASSWORD")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

impl Catalog {
    /// The user who logs in as `login` (case-insensitive; LOGIN_NAME first, then user name).
    pub fn user_by_login(&self, login: &str) -> Option<&Arc<User>> {
        let login = login.to_uppercase();
        self.users
            .values()
            .find(|u| u.login_name() == login)
            .or_else(|| self.users.values().find(|u| u.name.as_str() == login))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Name, ObjectInfo};

    fn user() -> User {
        User {
            name: Name::canonical("ANN"),
            info: ObjectInfo::new("USERADMIN", None),
            properties: Default::default(),
            password_hash: None,
            password_last_set: None,
        }
    }

    #[test]
    fn passwords_are_hashed_and_checked() {
        let mut ann = user();
        assert!(!ann.verify_password(""));
        ann.set_password("s3cret!");
        let stored = ann.password_hash.clone().unwrap();
        assert!(!stored.contains("s3cret!"));
        assert!(ann.verify_password("s3cret!"));
        assert!(!ann.verify_password("s3cret"));
        assert!(!ann.verify_password("S3CRET!"));
        let mut other = user();
        other.set_password("s3cret!");
        assert_ne!(other.password_hash.unwrap(), stored, "salted");
    }

    #[test]
    fn login_names_and_keys() {
        let mut ann = user();
        ann.properties
            .insert("LOGIN_NAME".into(), "ann@example.com".into());
        ann.properties
            .insert("RSA_PUBLIC_KEY".into(), "MIIBIjANBgkq".into());
        let mut catalog = Catalog::default();
        catalog.users.insert(ann.name.clone(), Arc::new(ann));
        let found = catalog.user_by_login("Ann@Example.com").unwrap();
        assert_eq!(found.name.as_str(), "ANN");
        assert!(catalog.user_by_login("ann").is_some());
        assert!(catalog.user_by_login("bob").is_none());
        assert_eq!(found.rsa_public_key(), Some("MIIBIjANBgkq"));
        assert_eq!(found.rsa_public_key_2(), None);
        let fp = User::public_key_fingerprint("MIIBIjANBgkq").unwrap();
        assert!(fp.starts_with("SHA256:") && fp.len() == 51, "{fp}");
        assert!(User::public_key_fingerprint("not base64!").is_none());
    }
}
