//! The `authenticator` setting: which login flow a configuration asks for.

use std::{fmt, str::FromStr};

use super::ConnectionConfig;
use crate::AuthError;

/// A value of the `authenticator` setting, with Snowflake's names (case-insensitive).
///
/// ```
/// use snowapi_auth::AuthenticatorKind;
/// let kind: AuthenticatorKind = "SNOWFLAKE_JWT".parse()?;
/// assert_eq!(kind, AuthenticatorKind::SnowflakeJwt);
/// assert_eq!(kind.as_str(), "snowflake_jwt");
/// # Ok::<(), snowapi_auth::AuthError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthenticatorKind {
    /// `snowflake`: user and password (the default).
    Snowflake,
    /// `snowflake_jwt`: key-pair authentication with a signed JWT.
    SnowflakeJwt,
    /// `oauth`: an OAuth access token obtained elsewhere (`token` or `token_file_path`).
    OAuth,
    /// `oauth_client_credentials`: the OAuth client-credentials flow.
    OAuthClientCredentials,
    /// `programmatic_access_token`: a programmatic access token.
    ProgrammaticAccessToken,
    /// `username_password_mfa`: password plus multi-factor passcode or push.
    UsernamePasswordMfa,
}

impl AuthenticatorKind {
    /// Every kind, in documentation order.
    pub const ALL: [AuthenticatorKind; 6] = [
        Self::Snowflake,
        Self::SnowflakeJwt,
        Self::OAuth,
        Self::OAuthClientCredentials,
        Self::ProgrammaticAccessToken,
        Self::UsernamePasswordMfa,
    ];

    /// Snowflake's name of the authenticator, lower-case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Snowflake => "snowflake",
            Self::SnowflakeJwt => "snowflake_jwt",
            Self::OAuth => "oauth",
            Self::OAuthClientCredentials => "oauth_client_credentials",
            Self::ProgrammaticAccessToken => "programmatic_access_token",
            Self::UsernamePasswordMfa => "username_password_mfa",
        }
    }

    /// Whether the flow logs in as a named user (`user` must be set).
    pub fn needs_user(self) -> bool {
        matches!(
            self,
            Self::Snowflake | Self::SnowflakeJwt | Self::UsernamePasswordMfa
        )
    }
}

impl FromStr for AuthenticatorKind {
    type Err = AuthError;

    fn from_str(text: &str) -> Result<Self, AuthError> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| AuthError::UnknownAuthenticator {
                name: text.to_owned(),
            })
    }
}

impl fmt::Display for AuthenticatorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ConnectionConfig {
    /// The authenticator in effect: `authenticator` when set; otherwise `snowflake_jwt` when a
    /// private key is configured, and `snowflake` (password) in every other case.
    ///
    /// ```
    /// use snowapi_auth::{AuthenticatorKind, ConnectionConfig};
    /// let config = ConnectionConfig::builder().account("a").user("u").password("p").build()?;
    /// assert_eq!(config.authenticator_kind()?, AuthenticatorKind::Snowflake);
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::UnknownAuthenticator`] when `authenticator` names no supported flow.
    pub fn authenticator_kind(&self) -> Result<AuthenticatorKind, AuthError> {
        match &self.authenticator {
            Some(name) => name.parse(),
            None if self.private_key.is_some() || self.private_key_file.is_some() => {
                Ok(AuthenticatorKind::SnowflakeJwt)
            }
            None => Ok(AuthenticatorKind::Snowflake),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_case_insensitively() {
        for kind in AuthenticatorKind::ALL {
            assert_eq!(kind.as_str().parse::<AuthenticatorKind>().unwrap(), kind);
            assert_eq!(
                kind.as_str()
                    .to_uppercase()
                    .parse::<AuthenticatorKind>()
                    .unwrap(),
                kind
            );
            assert_eq!(kind.to_string(), kind.as_str());
        }
        let error = "externalbrowser".parse::<AuthenticatorKind>().unwrap_err();
        assert!(
            matches!(&error, AuthError::UnknownAuthenticator { name } if name == "externalbrowser")
        );
        assert!(error.to_string().contains("snowflake_jwt"), "{error}");
    }

    #[test]
    fn the_default_follows_the_credentials() {
        let mut config = ConnectionConfig::default();
        assert_eq!(
            config.authenticator_kind().unwrap(),
            AuthenticatorKind::Snowflake
        );
        config.private_key_file = Some("key.p8".into());
        assert_eq!(
            config.authenticator_kind().unwrap(),
            AuthenticatorKind::SnowflakeJwt
        );
        config.authenticator = Some("OAuth".to_owned());
        assert_eq!(
            config.authenticator_kind().unwrap(),
            AuthenticatorKind::OAuth
        );
    }
}
