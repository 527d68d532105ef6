//! User and password, optionally with a multi-factor passcode.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use super::{Authenticator, LoginFields};
use crate::AuthError;

/// How an MFA passcode travels with the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PasscodeMode {
    /// In its own `PASSCODE` login field (the default).
    #[default]
    Separate,
    /// Appended to the password (`passcode_in_password`).
    InPassword,
}

/// Password login, the `snowflake` authenticator, or `username_password_mfa` when built with
/// [`mfa`](Self::mfa). Only works through a session login: it has no bearer credential.
///
/// Login fields: `PASSWORD`; with a passcode, `EXT_AUTHN_DUO_METHOD: "passcode"` and
/// `PASSCODE` (or the passcode appended to `PASSWORD`); with `mfa` and no passcode,
/// `AUTHENTICATOR: "USERNAME_PASSWORD_MFA"` and `EXT_AUTHN_DUO_METHOD: "push"`.
///
/// ```
/// use snowapi_auth::{PasscodeMode, PasswordAuthenticator};
/// let authenticator = PasswordAuthenticator::new("correct horse")
///     .with_passcode("123456", PasscodeMode::Separate);
/// assert!(!format!("{authenticator:?}").contains("horse"));
/// ```
#[derive(Debug, Clone)]
pub struct PasswordAuthenticator {
    password: SecretString,
    passcode: Option<(SecretString, PasscodeMode)>,
    mfa: bool,
}

impl PasswordAuthenticator {
    /// Logs in with this password.
    pub fn new(password: impl Into<SecretString>) -> Self {
        Self {
            password: password.into(),
            passcode: None,
            mfa: false,
        }
    }

    /// Sends an MFA passcode with the password.
    pub fn with_passcode(mut self, passcode: impl Into<SecretString>, mode: PasscodeMode) -> Self {
        self.passcode = Some((passcode.into(), mode));
        self
    }

    /// Uses the `USERNAME_PASSWORD_MFA` authenticator: Duo push when no passcode is given.
    pub fn mfa(mut self) -> Self {
        self.mfa = true;
        self
    }
}

#[async_trait]
impl Authenticator for PasswordAuthenticator {
    fn name(&self) -> &'static str {
        if self.mfa {
            "USERNAME_PASSWORD_MFA"
        } else {
            "SNOWFLAKE"
        }
    }

    async fn login_fields(&self) -> Result<LoginFields, AuthError> {
        let mut fields = LoginFields::new();
        if self.mfa {
            fields = fields.authenticator("USERNAME_PASSWORD_MFA");
        }
        let fields = match &self.passcode {
            None if self.mfa => fields
                .secret("PASSWORD", self.password.clone())
                .field("EXT_AUTHN_DUO_METHOD", "push"),
            None => fields.secret("PASSWORD", self.password.clone()),
            Some((passcode, PasscodeMode::Separate)) => fields
                .secret("PASSWORD", self.password.clone())
                .field("EXT_AUTHN_DUO_METHOD", "passcode")
                .secret("PASSCODE", passcode.clone()),
            Some((passcode, PasscodeMode::InPassword)) => {
                let joined = format!(
                    "{}{}",
                    self.password.expose_secret(),
                    passcode.expose_secret()
                );
                fields
                    .secret("PASSWORD", SecretString::from(joined))
                    .field("EXT_AUTHN_DUO_METHOD", "passcode")
            }
        };
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;

    async fn body(authenticator: PasswordAuthenticator) -> Value {
        let mut data = Map::new();
        authenticator
            .login_fields()
            .await
            .unwrap()
            .write_into(&mut data);
        Value::Object(data)
    }

    #[tokio::test]
    async fn password_fields() {
        assert_eq!(
            body(PasswordAuthenticator::new("pw")).await,
            json!({"PASSWORD": "pw"})
        );
        assert_eq!(
            body(PasswordAuthenticator::new("pw").with_passcode("123456", PasscodeMode::Separate))
                .await,
            json!({"PASSWORD": "pw", "EXT_AUTHN_DUO_METHOD": "passcode", "PASSCODE": "123456"})
        );
        assert_eq!(
            body(
                PasswordAuthenticator::new("pw").with_passcode("123456", PasscodeMode::InPassword)
            )
            .await,
            json!({"PASSWORD": "pw123456", "EXT_AUTHN_DUO_METHOD": "passcode"})
        );
        assert_eq!(
            body(PasswordAuthenticator::new("pw").mfa()).await,
            json!({"AUTHENTICATOR": "USERNAME_PASSWORD_MFA", "PASSWORD": "pw",
                   "EXT_AUTHN_DUO_METHOD": "push"})
        );
        let plain = PasswordAuthenticator::new("pw");
        assert_eq!(plain.name(), "SNOWFLAKE");
        assert!(plain.bearer_credential().await.unwrap().is_none());
    }
}
