//! Account identifiers: the forms users write, and the forms the wire needs.

use std::{fmt, str::FromStr};

use super::ConnectionConfig;
use crate::AuthError;

/// The domain of Snowflake's public endpoints.
const SNOWFLAKE_DOMAIN: &str = "snowflakecomputing.com";

/// A checked Snowflake account identifier: `org-account` (`myorg-my_acct`), a bare locator
/// (`xy12345`) or a locator with region and cloud (`xy12345.us-east-2.aws`).
///
/// A full host name pasted by mistake (`org-account.snowflakecomputing.com`) is accepted and
/// cut back to the identifier.
///
/// ```
/// use snowapi_auth::AccountIdentifier;
/// let account: AccountIdentifier = "xy12345.us-east-2.aws".parse()?;
/// assert_eq!(account.for_jwt(), "XY12345");
/// assert_eq!(account.for_login(), "xy12345.us-east-2.aws");
/// assert_eq!(account.default_host(), "xy12345.us-east-2.aws.snowflakecomputing.com");
/// # Ok::<(), snowapi_auth::AuthError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountIdentifier {
    identifier: String,
}

impl AccountIdentifier {
    /// Checks an identifier: letters, digits, `-`, `_` and dot-separated parts only.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] for an empty string, [`AuthError::InvalidAccount`] for
    /// anything else that is not an identifier (a URL, a space, an empty part).
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        let text = text.trim();
        let identifier = strip_suffix_ignore_case(text, SNOWFLAKE_DOMAIN)
            .and_then(|rest| rest.strip_suffix('.'))
            .unwrap_or(text);
        if identifier.is_empty() {
            return Err(AuthError::UnsetAccount);
        }
        let invalid = |reason: String| Err(AuthError::InvalidAccount { reason });
        if identifier.contains("://") || identifier.contains('/') || identifier.contains(':') {
            return invalid(
                "it looks like a URL: give the account identifier only (org-account, or \
                 locator.region such as xy12345.us-east-2.aws), and set host, port and \
                 protocol for a custom endpoint"
                    .to_owned(),
            );
        }
        if let Some(bad) = identifier
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return invalid(format!(
                "it contains {bad:?}; an identifier has letters, digits, `-`, `_` and `.` only"
            ));
        }
        if identifier.split('.').any(str::is_empty) {
            return invalid(
                "it has an empty part between dots; write org-account or locator.region.cloud"
                    .to_owned(),
            );
        }
        Ok(Self {
            identifier: identifier.to_owned(),
        })
    }

    /// The identifier as given (without a pasted `.snowflakecomputing.com`).
    pub fn as_str(&self) -> &str {
        &self.identifier
    }

    /// The part before the first `.`: the `org-account` name or the locator.
    pub fn name(&self) -> &str {
        self.identifier
            .split_once('.')
            .map_or(self.identifier.as_str(), |(name, _)| name)
    }

    /// What follows the locator (`us-east-2.aws`), when the identifier has a region.
    pub fn region(&self) -> Option<&str> {
        self.identifier.split_once('.').map(|(_, region)| region)
    }

    /// The account as a key-pair JWT's `iss`/`sub` need it: the part before the first `.`,
    /// upper-cased, `-` and `_` kept (`xy12345.us-east-2.aws` → `XY12345`, `org-account` →
    /// `ORG-ACCOUNT`).
    pub fn for_jwt(&self) -> String {
        self.name().to_ascii_uppercase()
    }

    /// The account as the login request's `ACCOUNT_NAME`: verbatim, as the 5.x Python
    /// connector sends it (Snowflake strips the region itself).
    pub fn for_login(&self) -> &str {
        &self.identifier
    }

    /// The account's public host, `<account>.snowflakecomputing.com`, lower-cased.
    pub fn default_host(&self) -> String {
        format!(
            "{}.{SNOWFLAKE_DOMAIN}",
            self.identifier.to_ascii_lowercase()
        )
    }
}

impl FromStr for AccountIdentifier {
    type Err = AuthError;

    fn from_str(text: &str) -> Result<Self, AuthError> {
        Self::parse(text)
    }
}

impl fmt::Display for AccountIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.identifier)
    }
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let split = text.len().checked_sub(suffix.len())?;
    let tail = text.get(split..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..split])
}

impl ConnectionConfig {
    /// The checked account identifier.
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] when `account` is not set, [`AuthError::InvalidAccount`]
    /// when it is malformed.
    pub fn account_identifier(&self) -> Result<AccountIdentifier, AuthError> {
        AccountIdentifier::parse(self.account.as_deref().ok_or(AuthError::UnsetAccount)?)
    }

    /// The account for a key-pair JWT (see [`AccountIdentifier::for_jwt`]).
    ///
    /// ```
    /// use snowapi_auth::ConnectionConfig;
    /// let config = ConnectionConfig::builder().account("org-account").user("u").password("p").build()?;
    /// assert_eq!(config.account_for_jwt()?, "ORG-ACCOUNT");
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`ConnectionConfig::account_identifier`].
    pub fn account_for_jwt(&self) -> Result<String, AuthError> {
        Ok(self.account_identifier()?.for_jwt())
    }

    /// The account for the login request's `ACCOUNT_NAME` (see
    /// [`AccountIdentifier::for_login`]).
    ///
    /// # Errors
    ///
    /// As [`ConnectionConfig::account_identifier`].
    pub fn account_name_for_login(&self) -> Result<String, AuthError> {
        Ok(self.account_identifier()?.for_login().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_users_write() {
        let cases = [
            // given, login, jwt, host
            ("testacct", "testacct", "TESTACCT", "testacct"),
            (
                "myorg-myacct",
                "myorg-myacct",
                "MYORG-MYACCT",
                "myorg-myacct",
            ),
            (
                "myorg-my_acct",
                "myorg-my_acct",
                "MYORG-MY_ACCT",
                "myorg-my_acct",
            ),
            (
                "xy12345.us-east-1",
                "xy12345.us-east-1",
                "XY12345",
                "xy12345.us-east-1",
            ),
            (
                "xy12345.us-east-2.aws",
                "xy12345.us-east-2.aws",
                "XY12345",
                "xy12345.us-east-2.aws",
            ),
            (
                "XY12345.EU-CENTRAL-1.privatelink",
                "XY12345.EU-CENTRAL-1.privatelink",
                "XY12345",
                "xy12345.eu-central-1.privatelink",
            ),
            (" org-account ", "org-account", "ORG-ACCOUNT", "org-account"),
            (
                "org-account.snowflakecomputing.com",
                "org-account",
                "ORG-ACCOUNT",
                "org-account",
            ),
            (
                "xy12345.us-east-2.aws.SnowflakeComputing.com",
                "xy12345.us-east-2.aws",
                "XY12345",
                "xy12345.us-east-2.aws",
            ),
        ];
        for (given, login, jwt, host) in cases {
            let account = AccountIdentifier::parse(given).unwrap();
            assert_eq!(account.for_login(), login, "{given}");
            assert_eq!(account.for_jwt(), jwt, "{given}");
            assert_eq!(
                account.default_host(),
                format!("{host}.snowflakecomputing.com")
            );
            assert_eq!(account.to_string(), login);
        }
        let account = AccountIdentifier::parse("xy12345.us-east-2.aws").unwrap();
        assert_eq!(account.name(), "xy12345");
        assert_eq!(account.region(), Some("us-east-2.aws"));
        assert_eq!(AccountIdentifier::parse("org-acct").unwrap().region(), None);
    }

    #[test]
    fn malformed_identifiers_say_what_to_write() {
        assert!(matches!(
            AccountIdentifier::parse("  "),
            Err(AuthError::UnsetAccount)
        ));
        for bad in [
            "https://org-acct.snowflakecomputing.com",
            "org acct",
            "org-acct..aws",
            ".org",
            "org/acct",
            "h\u{e9}llo",
        ] {
            let error = AccountIdentifier::parse(bad).unwrap_err();
            assert!(matches!(error, AuthError::InvalidAccount { .. }), "{bad}");
        }
        let error = AccountIdentifier::parse("https://x.snowflakecomputing.com").unwrap_err();
        assert!(error.to_string().contains("host"), "{error}");
    }

    #[test]
    fn config_accessors_need_an_account() {
        let config = ConnectionConfig::default();
        assert!(matches!(
            config.account_for_jwt(),
            Err(AuthError::UnsetAccount)
        ));
        assert!(matches!(
            config.account_name_for_login(),
            Err(AuthError::UnsetAccount)
        ));
        let config = ConnectionConfig {
            account: Some("xy12345.us-east-2.aws".to_owned()),
            ..ConnectionConfig::default()
        };
        assert_eq!(config.account_for_jwt().unwrap(), "XY12345");
        assert_eq!(
            config.account_name_for_login().unwrap(),
            "xy12345.us-east-2.aws"
        );
    }
}
