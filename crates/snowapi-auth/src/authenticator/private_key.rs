//! Reading the RSA private key of key-pair authentication: PKCS#8 PEM or DER, plain or
//! encrypted (PBES2: PBKDF2 + AES, as `openssl pkcs8 -topk8 -v2 aes256` writes).

use std::{fmt, path::Path};

use base64::Engine as _;
use pkcs8::{
    DecodePrivateKey, EncodePublicKey, EncryptedPrivateKeyInfo, SecretDocument, der::Decode,
};
use rsa::{RsaPrivateKey, pkcs1::DecodeRsaPrivateKey, pkcs1::EncodeRsaPrivateKey};
use secrecy::{ExposeSecret, SecretString, zeroize::Zeroizing};
use sha2::{Digest, Sha256};

use crate::AuthError;

/// An RSA private key, held in memory that is zeroized when dropped. Its `Debug` shows only
/// the public key's fingerprint.
///
/// ```no_run
/// use secrecy::SecretString;
/// use snowapi_auth::PrivateKey;
/// let passphrase = SecretString::from("key passphrase");
/// let key = PrivateKey::from_file("rsa_key.p8", Some(&passphrase))?;
/// println!("register this fingerprint: {}", key.fingerprint());
/// # Ok::<(), snowapi_auth::AuthError>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    key: RsaPrivateKey,
    fingerprint: String,
}

impl PrivateKey {
    /// Reads a key file, PEM (`-----BEGIN ...`) or DER.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnreadableKeyFile`] when the file cannot be read; otherwise as
    /// [`from_pem`](Self::from_pem) and [`from_der`](Self::from_der).
    pub fn from_file(
        path: impl AsRef<Path>,
        passphrase: Option<&SecretString>,
    ) -> Result<Self, AuthError> {
        let path = path.as_ref();
        let bytes =
            Zeroizing::new(
                std::fs::read(path).map_err(|e| AuthError::UnreadableKeyFile {
                    path: path.to_owned(),
                    reason: e.to_string(),
                })?,
            );
        let trimmed = bytes.trim_ascii_start();
        if trimmed.starts_with(b"-----BEGIN") {
            let text = std::str::from_utf8(trimmed).map_err(|_| AuthError::InvalidPrivateKey {
                reason: "the PEM file is not valid UTF-8".to_owned(),
            })?;
            Self::from_pem(text, passphrase)
        } else {
            Self::from_der(&bytes, passphrase)
        }
    }

    /// Parses a PEM key: `PRIVATE KEY` (PKCS#8), `ENCRYPTED PRIVATE KEY` (PKCS#8 with PBES2;
    /// needs the passphrase) or `RSA PRIVATE KEY` (PKCS#1).
    ///
    /// # Errors
    ///
    /// [`AuthError::InvalidPrivateKey`] for malformed or non-RSA keys,
    /// [`AuthError::WrongPassphrase`] when an encrypted key cannot be decrypted, and
    /// [`AuthError::MissingCredential`] for an encrypted key without a passphrase.
    pub fn from_pem(pem: &str, passphrase: Option<&SecretString>) -> Result<Self, AuthError> {
        let (label, document) =
            SecretDocument::from_pem(pem.trim()).map_err(|e| AuthError::InvalidPrivateKey {
                reason: format!("not a PEM private key: {e}"),
            })?;
        let key = match label {
            "PRIVATE KEY" => pkcs8_key(document.as_bytes())?,
            "ENCRYPTED PRIVATE KEY" => encrypted_key(document.as_bytes(), passphrase)?,
            "RSA PRIVATE KEY" => {
                RsaPrivateKey::from_pkcs1_der(document.as_bytes()).map_err(|e| {
                    AuthError::InvalidPrivateKey {
                        reason: format!("malformed PKCS#1 RSA key: {e}"),
                    }
                })?
            }
            other => {
                return Err(AuthError::InvalidPrivateKey {
                    reason: format!(
                        "PEM label `{other}`: expected PRIVATE KEY, ENCRYPTED PRIVATE KEY or \
                         RSA PRIVATE KEY"
                    ),
                });
            }
        };
        Self::from_rsa(key)
    }

    /// Parses a DER key: PKCS#8 `PrivateKeyInfo`, PKCS#8 `EncryptedPrivateKeyInfo` (needs the
    /// passphrase), or PKCS#1 `RSAPrivateKey`.
    ///
    /// # Errors
    ///
    /// As [`from_pem`](Self::from_pem).
    pub fn from_der(der: &[u8], passphrase: Option<&SecretString>) -> Result<Self, AuthError> {
        let key = if EncryptedPrivateKeyInfo::from_der(der).is_ok() {
            encrypted_key(der, passphrase)?
        } else {
            match pkcs8_key(der) {
                Ok(key) => key,
                Err(pkcs8_error) => RsaPrivateKey::from_pkcs1_der(der).map_err(|_| pkcs8_error)?,
            }
        };
        Self::from_rsa(key)
    }

    fn from_rsa(key: RsaPrivateKey) -> Result<Self, AuthError> {
        let public =
            key.to_public_key()
                .to_public_key_der()
                .map_err(|e| AuthError::InvalidPrivateKey {
                    reason: format!("cannot encode the public key: {e}"),
                })?;
        let digest = Sha256::digest(public.as_bytes());
        let fingerprint = format!(
            "SHA256:{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        Ok(Self { key, fingerprint })
    }

    /// `SHA256:<base64>` of the public key's DER SubjectPublicKeyInfo: the value Snowflake
    /// shows as `RSA_PUBLIC_KEY_FP` and expects in a JWT's `iss`.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The key as PKCS#1 DER, the form `jsonwebtoken` signs with.
    pub(crate) fn pkcs1_der(&self) -> Result<Zeroizing<Vec<u8>>, AuthError> {
        let document = self
            .key
            .to_pkcs1_der()
            .map_err(|e| AuthError::InvalidPrivateKey {
                reason: format!("cannot encode the key: {e}"),
            })?;
        Ok(Zeroizing::new(document.as_bytes().to_vec()))
    }
}

fn pkcs8_key(der: &[u8]) -> Result<RsaPrivateKey, AuthError> {
    RsaPrivateKey::from_pkcs8_der(der).map_err(|e| AuthError::InvalidPrivateKey {
        reason: format!("not an RSA PKCS#8 key: {e}"),
    })
}

fn encrypted_key(
    der: &[u8],
    passphrase: Option<&SecretString>,
) -> Result<RsaPrivateKey, AuthError> {
    let Some(passphrase) = passphrase else {
        return Err(AuthError::MissingCredential {
            authenticator: "snowflake_jwt",
            needed: "private_key_file_pwd (the private key is encrypted)",
        });
    };
    let info =
        EncryptedPrivateKeyInfo::from_der(der).map_err(|e| AuthError::InvalidPrivateKey {
            reason: format!("malformed encrypted PKCS#8 key: {e}"),
        })?;
    let document = info
        .decrypt(passphrase.expose_secret().as_bytes())
        .map_err(|e| match e {
            // A bad padding after decryption means a wrong passphrase; pkcs5 0.7 reports it
            // as `EncryptFailed` when decrypting.
            pkcs8::Error::EncryptedPrivateKey(
                pkcs8::pkcs5::Error::DecryptFailed | pkcs8::pkcs5::Error::EncryptFailed,
            ) => AuthError::WrongPassphrase,
            other => AuthError::InvalidPrivateKey {
                reason: format!(
                    "cannot decrypt the key ({other}); supported: PBES2 with PBKDF2 and AES"
                ),
            },
        })?;
    // A wrong passphrase can decrypt to garbage with valid padding (about 1 in 256 tries).
    RsaPrivateKey::from_pkcs8_der(document.as_bytes()).map_err(|_| AuthError::WrongPassphrase)
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}
