//! `ALTER USER [IF EXISTS] u ADD {PROGRAMMATIC ACCESS TOKEN | PAT} name [DAYS_TO_EXPIRY = n]
//! [ROLE_RESTRICTION = r] [COMMENT = '…']`: creates a programmatic access token and answers its
//! secret once (only a hash is kept, see `catalog/user_token.rs`).

use std::sync::Arc;

use super::{
    comment_value,
    rows::{Kind, Rows, text},
    single,
    syntax::{Syntax, invalid_value},
};
use crate::{
    catalog::{Name, new_programmatic_access_token_secret},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// Snowflake's default lifetime of a PAT, in days.
const DEFAULT_DAYS: i64 = 15;
/// The longest lifetime allowed, in days.
const MAX_DAYS: i64 = 365;

/// Whether the statement continues with `ADD PROGRAMMATIC ACCESS TOKEN` or `ADD PAT`.
pub(super) fn is_add(syntax: &Syntax<'_>) -> bool {
    syntax.peek(&["ADD", "PROGRAMMATIC"]) || syntax.peek(&["ADD", "PAT"])
}

/// Reads the rest of the statement after the user name and adds the token. Answers one row:
/// `token_name`, `token_secret`.
pub(super) async fn add(
    session: &Session,
    if_exists: bool,
    user: Name,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    syntax.expect(&["ADD"])?;
    if !syntax.accept("PAT") {
        syntax.expect(&["PROGRAMMATIC", "ACCESS", "TOKEN"])?;
    }
    let token_name = single(syntax.name()?)?;
    let mut days = DEFAULT_DAYS;
    let mut role = None;
    let mut comment = None;
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        match key.as_str() {
            "DAYS_TO_EXPIRY" => {
                days = value
                    .unsigned()
                    .and_then(|d| i64::try_from(d).ok())
                    .filter(|d| (1..=MAX_DAYS).contains(d))
                    .ok_or_else(|| invalid_value(&key, &value))?;
            }
            "ROLE_RESTRICTION" => {
                let text = value.text().ok_or_else(|| invalid_value(&key, &value))?;
                role = Some(Name::parse(text)?.to_string());
            }
            "COMMENT" => comment = Some(comment_value(&value)?),
            _ => {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
        }
    }
    let secret = new_programmatic_access_token_secret();
    let expires_at = chrono::Utc::now() + chrono::Duration::days(days);
    let added = {
        let secret = secret.clone();
        let token_name = token_name.clone();
        session
            .write(move |catalog| {
                let Some(current) = catalog.users.get(&user).cloned() else {
                    return if if_exists {
                        Ok(false)
                    } else {
                        Err(EmulatorError::not_found("User", &user))
                    };
                };
                if current.has_programmatic_access_token(token_name.as_str()) {
                    return Err(EmulatorError::already_exists(
                        "Programmatic access token",
                        &token_name,
                    ));
                }
                let mut changed = (*current).clone();
                changed.add_programmatic_access_token(
                    token_name.as_str(),
                    &secret,
                    expires_at,
                    role,
                    comment,
                );
                catalog.users.insert(user, Arc::new(changed));
                Ok(true)
            })
            .await?
    };
    if !added {
        return super::executed();
    }
    let mut rows = Rows::new(&[("token_name", Kind::Text), ("token_secret", Kind::Text)]);
    rows.push(vec![text(token_name.to_string()), text(secret)]);
    rows.into_result()
}
