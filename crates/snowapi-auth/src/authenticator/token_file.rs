//! A token kept in a file that something else rewrites (a platform's token mount, a sidecar),
//! re-read when the file changes.

use std::{
    path::{Path, PathBuf},
    sync::Mutex,
    time::SystemTime,
};

use secrecy::{ExposeSecret, SecretString, zeroize::Zeroizing};

use crate::AuthError;

/// What the file looked like when it was last read, and the token it held.
struct Snapshot {
    token: SecretString,
    modified: Option<SystemTime>,
    len: u64,
}

/// A token file, read again whenever its modification time or size changes, or after the
/// token it held was rejected.
pub(crate) struct TokenFile {
    path: PathBuf,
    cache: Mutex<Option<Snapshot>>,
}

impl TokenFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            cache: Mutex::new(None),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The token in the file now. A `stat` per call; the file is read only when it changed.
    /// (Blocking file calls on a small local file cost less than a hop to a blocking thread.)
    pub(crate) fn token(&self) -> Result<SecretString, AuthError> {
        let metadata = std::fs::metadata(&self.path).map_err(|e| self.unreadable(&e))?;
        let modified = metadata.modified().ok();
        let len = metadata.len();
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(snapshot) = cache
            .as_ref()
            .filter(|s| s.modified == modified && s.len == len)
        {
            return Ok(snapshot.token.clone());
        }
        let text =
            Zeroizing::new(std::fs::read_to_string(&self.path).map_err(|e| self.unreadable(&e))?);
        let token = text.trim();
        if token.is_empty() {
            return Err(AuthError::UnreadableTokenFile {
                path: self.path.clone(),
                reason: "the file is empty".to_owned(),
            });
        }
        let token = SecretString::from(token);
        tracing::debug!(path = %self.path.display(), "read the token file");
        *cache = Some(Snapshot {
            token: token.clone(),
            modified,
            len,
        });
        Ok(token)
    }

    /// Forgets `rejected` if it is the cached token, so the next call reads the file again.
    pub(crate) fn forget(&self, rejected: &SecretString) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache
            .as_ref()
            .is_some_and(|s| s.token.expose_secret() == rejected.expose_secret())
        {
            *cache = None;
        }
    }

    fn unreadable(&self, error: &std::io::Error) -> AuthError {
        AuthError::UnreadableTokenFile {
            path: self.path.clone(),
            reason: error.to_string(),
        }
    }
}
