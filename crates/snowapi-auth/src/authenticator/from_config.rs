//! Choosing and building the authenticator a [`ConnectionConfig`] asks for.

use std::sync::Arc;

use secrecy::SecretString;

use super::{
    Authenticator, KeyPairAuthenticator, OAuthAuthenticator, OAuthClient, PasscodeMode,
    PasswordAuthenticator, PatAuthenticator, PrivateKey,
};
use crate::{AuthError, AuthenticatorKind, ConnectionConfig};

/// Builds the authenticator `config.authenticator` names (`snowflake` by default, or
/// `snowflake_jwt` when a private key is configured) from the config's credentials:
///
/// | authenticator | uses |
/// | --- | --- |
/// | `snowflake` | `password`, `passcode`, `passcode_in_password` |
/// | `username_password_mfa` | the same, with Duo push when there is no passcode |
/// | `snowflake_jwt` | `account`, `user`, `private_key` or `private_key_file`, `private_key_passphrase` |
/// | `oauth` | `token`, or `token_file_path`, or `oauth_refresh_token` with the client settings below |
/// | `oauth_client_credentials` | `oauth_client_id`, `oauth_client_secret`, `oauth_token_request_url`, `oauth_scope` |
/// | `programmatic_access_token` | `token` |
///
/// ```
/// use secrecy::SecretString;
/// use snowapi_auth::{ConnectionConfig, authenticator_from_config};
/// let mut config = ConnectionConfig::default();
/// config.authenticator = Some("programmatic_access_token".to_owned());
/// config.token = Some(SecretString::from("my-pat"));
/// let authenticator = authenticator_from_config(&config)?;
/// assert_eq!(authenticator.name(), "PROGRAMMATIC_ACCESS_TOKEN");
/// # Ok::<(), snowapi_auth::AuthError>(())
/// ```
///
/// # Errors
///
/// [`AuthError::UnknownAuthenticator`] for an unsupported name;
/// [`AuthError::MissingCredential`], [`AuthError::UnsetAccount`] or [`AuthError::UnsetUser`]
/// when a setting the authenticator needs is missing; key errors for `snowflake_jwt`.
pub fn authenticator_from_config(
    config: &ConnectionConfig,
) -> Result<Arc<dyn Authenticator>, AuthError> {
    Ok(match config.authenticator_kind()? {
        AuthenticatorKind::Snowflake => Arc::new(password(config, "snowflake")?),
        AuthenticatorKind::UsernamePasswordMfa => {
            Arc::new(password(config, "username_password_mfa")?.mfa())
        }
        AuthenticatorKind::SnowflakeJwt => Arc::new(key_pair(config)?),
        AuthenticatorKind::OAuth => Arc::new(oauth(config)?),
        AuthenticatorKind::OAuthClientCredentials => {
            Arc::new(OAuthAuthenticator::client_credentials(oauth_client(
                config,
                "oauth_client_credentials",
            )?))
        }
        AuthenticatorKind::ProgrammaticAccessToken => {
            let token = config.token.clone().ok_or(AuthError::MissingCredential {
                authenticator: "programmatic_access_token",
                needed: "token",
            })?;
            Arc::new(PatAuthenticator::new(token))
        }
    })
}

fn password(
    config: &ConnectionConfig,
    authenticator: &'static str,
) -> Result<PasswordAuthenticator, AuthError> {
    let password = config
        .password
        .clone()
        .ok_or(AuthError::MissingCredential {
            authenticator,
            needed: "password",
        })?;
    let authenticator = PasswordAuthenticator::new(password);
    Ok(match (&config.passcode, config.passcode_in_password) {
        (Some(passcode), false) => {
            authenticator.with_passcode(passcode.clone(), PasscodeMode::Separate)
        }
        (Some(passcode), true) => {
            authenticator.with_passcode(passcode.clone(), PasscodeMode::InPassword)
        }
        // The passcode is already at the end of the password.
        (None, true) => {
            authenticator.with_passcode(SecretString::from(""), PasscodeMode::InPassword)
        }
        (None, false) => authenticator,
    })
}

fn key_pair(config: &ConnectionConfig) -> Result<KeyPairAuthenticator, AuthError> {
    let account = config.account.as_deref().ok_or(AuthError::UnsetAccount)?;
    let user = config.user.as_deref().ok_or(AuthError::UnsetUser {
        authenticator: "snowflake_jwt",
    })?;
    let passphrase = config.private_key_passphrase.as_ref();
    let key = match (&config.private_key, &config.private_key_file) {
        (Some(pem), _) => {
            use secrecy::ExposeSecret as _;
            PrivateKey::from_pem(pem.expose_secret(), passphrase)?
        }
        (None, Some(path)) => PrivateKey::from_file(path, passphrase)?,
        (None, None) => {
            return Err(AuthError::MissingCredential {
                authenticator: "snowflake_jwt",
                needed: "private_key_file or private_key",
            });
        }
    };
    KeyPairAuthenticator::new(account, user, key)
}

fn oauth(config: &ConnectionConfig) -> Result<OAuthAuthenticator, AuthError> {
    if let Some(token) = &config.token {
        return Ok(OAuthAuthenticator::from_token(token.clone()));
    }
    if let Some(path) = &config.token_file_path {
        return Ok(OAuthAuthenticator::from_token_file(path.clone()));
    }
    if let Some(refresh_token) = &config.oauth_refresh_token {
        return Ok(OAuthAuthenticator::refresh_token(
            oauth_client(config, "oauth")?,
            refresh_token.clone(),
        ));
    }
    Err(AuthError::MissingCredential {
        authenticator: "oauth",
        needed: "token, token_file_path or oauth_refresh_token",
    })
}

fn oauth_client(
    config: &ConnectionConfig,
    authenticator: &'static str,
) -> Result<OAuthClient, AuthError> {
    let missing = AuthError::MissingCredential {
        authenticator,
        needed: "oauth_client_id, oauth_client_secret and oauth_token_request_url",
    };
    match (
        &config.oauth_token_request_url,
        &config.oauth_client_id,
        &config.oauth_client_secret,
    ) {
        (Some(url), Some(id), Some(secret)) => {
            let client = OAuthClient::new(url.clone(), id.clone(), secret.clone());
            Ok(match &config.oauth_scope {
                Some(scope) => client.with_scope(scope.clone()),
                None => client,
            })
        }
        _ => Err(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_authenticator() {
        let mut config = ConnectionConfig::default();
        assert!(matches!(
            authenticator_from_config(&config),
            Err(AuthError::MissingCredential {
                needed: "password",
                ..
            })
        ));
        config.password = Some(SecretString::from("pw"));
        assert_eq!(
            authenticator_from_config(&config).unwrap().name(),
            "SNOWFLAKE"
        );
        config.authenticator = Some("USERNAME_PASSWORD_MFA".to_owned());
        assert_eq!(
            authenticator_from_config(&config).unwrap().name(),
            "USERNAME_PASSWORD_MFA"
        );
        config.authenticator = Some("oauth".to_owned());
        assert!(authenticator_from_config(&config).is_err());
        config.token_file_path = Some("/nonexistent/token".into());
        assert_eq!(authenticator_from_config(&config).unwrap().name(), "OAUTH");
        config.authenticator = Some("oauth_client_credentials".to_owned());
        assert!(authenticator_from_config(&config).is_err());
        config.oauth_client_id = Some("id".to_owned());
        config.oauth_client_secret = Some(SecretString::from("secret"));
        config.oauth_token_request_url = Some("http://127.0.0.1:9/token".to_owned());
        assert_eq!(authenticator_from_config(&config).unwrap().name(), "OAUTH");
        config.authenticator = Some("snowflake_jwt".to_owned());
        assert!(matches!(
            authenticator_from_config(&config),
            Err(AuthError::UnsetAccount)
        ));
        config.authenticator = Some("externalbrowser".to_owned());
        assert!(matches!(
            authenticator_from_config(&config),
            Err(AuthError::UnknownAuthenticator { .. })
        ));
    }
}
