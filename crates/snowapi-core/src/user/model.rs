//! The user model, as created, altered, listed and fetched.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, setters::setters};

/// A password: sent, never returned, and redacted in `Debug` output.
///
/// ```
/// use snowapi_core::user::Password;
/// let password = Password::new("s3cret!");
/// assert_eq!(format!("{password:?}"), "Password(<redacted>)");
/// assert_eq!(password.expose(), "s3cret!");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl From<String> for Password {
    fn from(password: String) -> Self {
        Self(password)
    }
}

impl From<&str> for Password {
    fn from(password: &str) -> Self {
        Self(password.to_owned())
    }
}

/// A user (snowflake.core's `User`). Read-only fields are filled by `fetch` and `iter` and
/// ignored on writes; the password is write-only.
///
/// ```
/// use snowapi_core::user::User;
/// let user = User::new("jdoe")
///     .password("correct horse")
///     .email("jdoe@example.com")
///     .default_role("analyst")
///     .must_change_password(true);
/// assert!(!format!("{user:?}").contains("correct horse"));
/// assert_eq!(serde_json::to_value(&user).unwrap()["password"], "correct horse");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// Name of the user.
    pub name: String,
    /// Initial password (write-only; not changed when an existing user is altered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
    /// Name the user signs in with, when it differs from the user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_name: Option<String>,
    /// Name shown in the web interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the user has to pick a new password at the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_change_password: Option<bool>,
    /// Whether the user is barred from signing in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Days left before the user expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_expiry: Option<i64>,
    /// Minutes before a user locked by failed sign-ins is let in again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mins_to_unlock: Option<i64>,
    /// Warehouse a new session of the user starts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_warehouse: Option<String>,
    /// Database, or `database.schema`, a new session starts in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_namespace: Option<String>,
    /// Primary role a new session starts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_role: Option<String>,
    /// Whether a new session turns on all the user's other roles (`ALL`) or none (`NONE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_secondary_roles: Option<String>,
    /// Minutes during which the user may sign in without multi-factor authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mins_to_bypass_mfa: Option<i64>,
    /// Public key for key-pair authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsa_public_key: Option<String>,
    /// Second public key, for rotation without downtime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsa_public_key_2: Option<String>,
    /// Free text about the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Kind of user, such as `PERSON`, `SERVICE` or `LEGACY_SERVICE`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
    /// Whether the query history shows the text of queries that failed to parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_unredacted_query_syntax_error: Option<bool>,
    /// Network policy applied to the user instead of the account's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_policy: Option<String>,
    /// When the user was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When the user last signed in (read-only).
    #[serde(default, skip_serializing)]
    pub last_successful_login: Option<Timestamp>,
    /// When the user expires (read-only).
    #[serde(default, skip_serializing)]
    pub expires_at: Option<Timestamp>,
    /// When a temporary lock on the user ends (read-only).
    #[serde(default, skip_serializing)]
    pub locked_until: Option<Timestamp>,
    /// Whether a password is set (read-only).
    #[serde(default, skip_serializing)]
    pub has_password: Option<bool>,
    /// Whether a public key is set (read-only).
    #[serde(default, skip_serializing)]
    pub has_rsa_public_key: Option<bool>,
    /// Fingerprint of the first public key (read-only).
    #[serde(default, skip_serializing)]
    pub rsa_public_key_fp: Option<String>,
    /// Fingerprint of the second public key (read-only).
    #[serde(default, skip_serializing)]
    pub rsa_public_key_2_fp: Option<String>,
    /// Whether the user is enrolled in Duo multi-factor authentication (read-only).
    #[serde(default, skip_serializing)]
    pub ext_authn_duo: Option<bool>,
    /// The user's id at the multi-factor authentication provider (read-only).
    #[serde(default, skip_serializing)]
    pub ext_authn_uid: Option<String>,
    /// Role that owns the user (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Whether Snowflake has locked the user (read-only).
    #[serde(default, skip_serializing)]
    pub snowflake_lock: Option<bool>,
    /// Whether Snowflake Support may act as this user (read-only).
    #[serde(default, skip_serializing)]
    pub snowflake_support: Option<bool>,
    /// Minutes during which the user's network policy is not enforced (read-only).
    #[serde(default, skip_serializing)]
    pub mins_to_bypass_network_policy: Option<i64>,
    /// When the password was last changed (read-only).
    #[serde(default, skip_serializing)]
    pub password_last_set: Option<Timestamp>,
    /// Page the web interface opens for the user (read-only).
    #[serde(default, skip_serializing)]
    pub custom_landing_page_url: Option<String>,
    /// Whether the web interface resets that landing page at its next load (read-only).
    #[serde(default, skip_serializing)]
    pub custom_landing_page_url_flush_next_ui_load: Option<bool>,
}

impl User {
    /// A user definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

setters!(User {
    password: Password,
    login_name: String,
    display_name: String,
    first_name: String,
    middle_name: String,
    last_name: String,
    email: String,
    must_change_password: bool,
    disabled: bool,
    days_to_expiry: i64,
    mins_to_unlock: i64,
    default_warehouse: String,
    default_namespace: String,
    default_role: String,
    default_secondary_roles: String,
    mins_to_bypass_mfa: i64,
    rsa_public_key: String,
    rsa_public_key_2: String,
    comment: String,
    user_type: String,
    enable_unredacted_query_syntax_error: bool,
    network_policy: String,
});

impl Named for User {
    fn name(&self) -> &str {
        &self.name
    }
}
