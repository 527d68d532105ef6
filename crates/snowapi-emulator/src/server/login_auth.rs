//! Which user a login body proves to be, per `AUTHENTICATOR` (PROTOCOL.md §1.4): a password (or
//! a PAT given as the password), `SNOWFLAKE_JWT`, `OAUTH`, `PROGRAMMATIC_ACCESS_TOKEN`.

use std::sync::Arc;

use axum::response::Response;
use serde_json::{Value, json};

use super::{
    envelope,
    jwt::{self, JwtRejection},
    oauth_tokens::AccessCheck,
    router::AppState,
};
use crate::catalog::{Catalog, User};

/// Why a login was refused. Each answer's message is fixed, so it never says which check
/// failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Wrong user, password or PAT, or a login naming another account (390100).
    BadCredentials,
    /// A key-pair JWT that does not verify or has expired (390144).
    JwtInvalid,
    /// An OAuth access token this server did not issue, or for another user (390303).
    OAuthInvalid,
    /// An OAuth access token that has expired (390318).
    OAuthExpired,
    /// An authenticator the emulator does not offer (SSO, MFA, workload identity).
    Unsupported,
}

impl Refusal {
    /// The failure envelope for this refusal.
    pub(crate) fn response(self, authenticator: &str) -> Response {
        let (code, message) = match self {
            Self::BadCredentials => ("390100", "Incorrect username or password was specified."),
            Self::JwtInvalid => ("390144", "JWT token is invalid."),
            Self::OAuthInvalid => ("390303", "Invalid OAuth access token."),
            Self::OAuthExpired => ("390318", "OAuth access token expired."),
            Self::Unsupported => (
                "390100",
                "This authenticator is not supported by the emulator.",
            ),
        };
        envelope::failure(
            code,
            message,
            json!({"nextAction": null, "authnMethod": authenticator, "sqlState": "28000"}),
        )
    }
}

/// Who a login proved to be.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// The user (not disabled).
    pub(crate) user: Arc<User>,
    /// The ROLE_RESTRICTION of the PAT it logged in with, if any.
    pub(crate) role_restriction: Option<String>,
}

/// Who the login `data` proves to be, and the authenticator it used.
pub(crate) fn authenticate(state: &AppState, data: &Value) -> (String, Result<Identity, Refusal>) {
    let authenticator = data["AUTHENTICATOR"]
        .as_str()
        .filter(|a| !a.is_empty())
        .unwrap_or("SNOWFLAKE")
        .to_uppercase();
    // Snowflake routes a login by its account, so one naming another account never reaches
    // this account's users: it fails like wrong credentials. Old clients may omit the field.
    if let Some(account) = data["ACCOUNT_NAME"].as_str().filter(|a| !a.is_empty())
        && !jwt::same_account(account, &state.config.account)
    {
        tracing::debug!(account, "login names another account");
        return (authenticator, Err(Refusal::BadCredentials));
    }
    let catalog = state.engine.snapshot();
    let login = data["LOGIN_NAME"].as_str().filter(|l| !l.is_empty());
    let token = data["TOKEN"].as_str().unwrap_or("");
    let mut role_restriction = None;
    let found = match authenticator.as_str() {
        "SNOWFLAKE" | "USERNAME_PASSWORD_MFA" => {
            let password = data["PASSWORD"].as_str().unwrap_or("");
            login
                .and_then(|l| catalog.user_by_login(l))
                .ok_or(Refusal::BadCredentials)
                .and_then(|user| {
                    if user.verify_password(password) {
                        Ok(Arc::clone(user))
                    } else {
                        // A PAT works as a password too, as in Snowflake.
                        pat(user, password, &mut role_restriction)
                    }
                })
        }
        "PROGRAMMATIC_ACCESS_TOKEN" => match login {
            Some(login) => catalog
                .user_by_login(login)
                .ok_or(Refusal::BadCredentials)
                .and_then(|u| pat(u, token, &mut role_restriction)),
            None => catalog
                .users
                .values()
                .find_map(|u| pat(u, token, &mut role_restriction).ok())
                .ok_or(Refusal::BadCredentials),
        },
        "SNOWFLAKE_JWT" => jwt::verify(&catalog, &state.config.account, token)
            .map_err(|r| match r {
                JwtRejection::Invalid | JwtRejection::Expired => Refusal::JwtInvalid,
            })
            .and_then(|user| same_user(&catalog, login, user, Refusal::JwtInvalid)),
        "OAUTH" => match state.sessions.oauth.check(token) {
            AccessCheck::Valid(name) => by_name(&catalog, &name)
                .ok_or(Refusal::OAuthInvalid)
                .and_then(|user| same_user(&catalog, login, user, Refusal::OAuthInvalid)),
            AccessCheck::Expired => Err(Refusal::OAuthExpired),
            AccessCheck::Unknown => Err(Refusal::OAuthInvalid),
        },
        _ => Err(Refusal::Unsupported),
    };
    let found = found.and_then(|user| {
        if user.is_disabled() {
            Err(Refusal::BadCredentials)
        } else {
            Ok(Identity {
                user,
                role_restriction,
            })
        }
    });
    (authenticator, found)
}

/// `user` if `secret` is one of its PATs, noting the token's role restriction.
fn pat(
    user: &Arc<User>,
    secret: &str,
    role_restriction: &mut Option<String>,
) -> Result<Arc<User>, Refusal> {
    let grant = user
        .programmatic_access_token(secret)
        .ok_or(Refusal::BadCredentials)?;
    *role_restriction = grant.role_restriction;
    Ok(Arc::clone(user))
}

/// The user by canonical name.
fn by_name(catalog: &Catalog, name: &str) -> Option<Arc<User>> {
    catalog
        .users
        .values()
        .find(|u| u.name.as_str() == name)
        .cloned()
}

/// `user`, unless LOGIN_NAME names someone else.
fn same_user(
    catalog: &Catalog,
    login: Option<&str>,
    user: Arc<User>,
    refusal: Refusal,
) -> Result<Arc<User>, Refusal> {
    match login {
        Some(login)
            if catalog
                .user_by_login(login)
                .is_none_or(|u| u.name != user.name) =>
        {
            Err(refusal)
        }
        _ => Ok(user),
    }
}
