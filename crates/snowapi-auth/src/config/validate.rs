//! Checks a configuration before anyone tries to log in with it.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use super::{AuthenticatorKind, ConnectionConfig, endpoint::checked_host};
use crate::AuthError;

impl ConnectionConfig {
    /// Checks that the configuration can be used to log in, in this order: the account; the
    /// authenticator's name; credentials that exclude each other (password and private key,
    /// private key twice, token and client secret, token twice); the user, when the
    /// authenticator logs in as one; the credential the authenticator needs; that
    /// `private_key_file` can be opened; the protocol and host. Empty strings count as unset.
    ///
    /// [`ConnectionConfigBuilder::build`](crate::ConnectionConfigBuilder::build) calls it;
    /// call it yourself after changing fields or after [`ConnectionConfig::from_url`].
    ///
    /// ```
    /// use snowapi_auth::{AuthError, ConnectionConfig};
    /// let mut config = ConnectionConfig::from_url("snowflake://me@org-account")?;
    /// assert!(matches!(config.validate(), Err(AuthError::MissingCredential { .. })));
    /// config.password = Some("secret".into());
    /// config.validate()?;
    /// # Ok::<(), AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first problem found: [`AuthError::UnsetAccount`], [`AuthError::InvalidAccount`],
    /// [`AuthError::UnknownAuthenticator`], [`AuthError::ConflictingCredentials`],
    /// [`AuthError::UnsetUser`], [`AuthError::MissingCredential`],
    /// [`AuthError::UnreadableKeyFile`] or [`AuthError::InvalidConfigValue`].
    pub fn validate(&self) -> Result<(), AuthError> {
        self.account_identifier()?;
        let kind = self.authenticator_kind()?;
        self.check_conflicts()?;
        if kind.needs_user() && !text_given(&self.user) {
            return Err(AuthError::UnsetUser {
                authenticator: kind.as_str(),
            });
        }
        self.check_credential(kind)?;
        if let Some(path) = &self.private_key_file {
            check_readable(path)?;
        }
        self.protocol_or_default()?;
        if let Some(host) = &self.host {
            checked_host(host)?;
        }
        Ok(())
    }

    fn check_conflicts(&self) -> Result<(), AuthError> {
        let conflict = |first: &str, second: &str, fix: &str| {
            Err(AuthError::ConflictingCredentials {
                first: format!("`{first}`"),
                second: format!("`{second}`"),
                fix: fix.to_owned(),
            })
        };
        let private_key = secret_given(&self.private_key);
        let private_key_file = self.private_key_file.is_some();
        let token = secret_given(&self.token);
        let token_file = self.token_file_path.is_some();
        if secret_given(&self.password) && (private_key || private_key_file) {
            let key = if private_key_file {
                "private_key_file"
            } else {
                "private_key"
            };
            return conflict(
                "password",
                key,
                "keep the password (authenticator snowflake) or the private key (authenticator \
                 snowflake_jwt), and remove the other",
            );
        }
        if private_key && private_key_file {
            return conflict(
                "private_key",
                "private_key_file",
                "give the key once: as PEM text in private_key or as a path in private_key_file",
            );
        }
        if (token || token_file) && secret_given(&self.oauth_client_secret) {
            let token_key = if token { "token" } else { "token_file_path" };
            return conflict(
                token_key,
                "oauth_client_secret",
                "a token is used as it is and a client secret obtains one: keep the token \
                 (authenticator oauth or programmatic_access_token) or the client id and secret \
                 (authenticator oauth_client_credentials), and remove the other",
            );
        }
        if token && token_file {
            return conflict(
                "token",
                "token_file_path",
                "give the token once: in token or in the file token_file_path names",
            );
        }
        Ok(())
    }

    fn check_credential(&self, kind: AuthenticatorKind) -> Result<(), AuthError> {
        let password = secret_given(&self.password);
        let token = secret_given(&self.token) || self.token_file_path.is_some();
        let (present, needed) = match kind {
            AuthenticatorKind::Snowflake | AuthenticatorKind::UsernamePasswordMfa => (
                password,
                "`password` (or another authenticator: snowflake_jwt for a key, oauth or \
                 programmatic_access_token for a token)",
            ),
            AuthenticatorKind::SnowflakeJwt => (
                secret_given(&self.private_key) || self.private_key_file.is_some(),
                "`private_key_file` or `private_key`",
            ),
            AuthenticatorKind::OAuth => (
                token || secret_given(&self.oauth_refresh_token),
                "`token`, `token_file_path` or `oauth_refresh_token`",
            ),
            AuthenticatorKind::OAuthClientCredentials => (
                text_given(&self.oauth_client_id) && secret_given(&self.oauth_client_secret),
                "`oauth_client_id` and `oauth_client_secret`",
            ),
            AuthenticatorKind::ProgrammaticAccessToken => (
                token || password,
                "`token` or `token_file_path` holding the programmatic access token",
            ),
        };
        if present {
            Ok(())
        } else {
            Err(AuthError::MissingCredential {
                authenticator: kind.as_str(),
                needed,
            })
        }
    }
}

fn text_given(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|text| !text.trim().is_empty())
}

fn secret_given(value: &Option<SecretString>) -> bool {
    value
        .as_ref()
        .is_some_and(|secret| !secret.expose_secret().is_empty())
}

fn check_readable(path: &Path) -> Result<(), AuthError> {
    let unreadable = |reason: String| AuthError::UnreadableKeyFile {
        path: path.to_path_buf(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|error| unreadable(error.to_string()))?;
    let metadata = file
        .metadata()
        .map_err(|error| unreadable(error.to_string()))?;
    if metadata.is_dir() {
        return Err(unreadable("it is a directory".to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> ConnectionConfig {
        ConnectionConfig {
            account: Some("org-acct".to_owned()),
            user: Some("me".to_owned()),
            password: Some("pw".into()),
            ..ConnectionConfig::default()
        }
    }

    #[test]
    fn a_password_config_is_valid() {
        base().validate().unwrap();
    }

    #[test]
    fn missing_pieces_are_named() {
        let config = ConnectionConfig {
            account: None,
            ..base()
        };
        assert!(matches!(config.validate(), Err(AuthError::UnsetAccount)));
        let config = ConnectionConfig {
            user: Some(" ".to_owned()),
            ..base()
        };
        assert!(matches!(
            config.validate(),
            Err(AuthError::UnsetUser {
                authenticator: "snowflake"
            })
        ));
        let config = ConnectionConfig {
            password: Some("".into()),
            ..base()
        };
        assert!(matches!(
            config.validate(),
            Err(AuthError::MissingCredential {
                authenticator: "snowflake",
                ..
            })
        ));
        let config = ConnectionConfig {
            user: None,
            password: None,
            authenticator: Some("oauth_client_credentials".to_owned()),
            oauth_client_id: Some("id".to_owned()),
            ..base()
        };
        assert!(matches!(
            config.validate(),
            Err(AuthError::MissingCredential {
                authenticator: "oauth_client_credentials",
                ..
            })
        ));
    }

    #[test]
    fn token_flows_need_no_user() {
        let config = ConnectionConfig {
            user: None,
            password: None,
            authenticator: Some("oauth".to_owned()),
            token: Some("t".into()),
            ..base()
        };
        config.validate().unwrap();
        let config = ConnectionConfig {
            authenticator: Some("programmatic_access_token".to_owned()),
            ..config
        };
        config.validate().unwrap();
    }
}
