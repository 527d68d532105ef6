//! CREATE, ALTER, DROP, SHOW and DESCRIBE USER. Passwords are kept hashed and never shown.

use std::sync::Arc;

use super::{
    CreateHeader, Dropped, executed,
    filter::ShowFilter,
    rows::{Kind, Rows, opt_text, opt_time, property_rows, text, time, true_false},
    single, status,
    syntax::{Syntax, Value, invalid_value},
};
use crate::{
    catalog::{Grantee, Name, ObjectInfo, User},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// Properties kept in [`User::properties`], with how their values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Free text (a string or a word).
    Text,
    /// TRUE or FALSE, kept as `true`/`false`.
    Bool,
    /// A whole number.
    Number,
    /// A list of role names, kept as a JSON array (`["ALL"]`).
    RoleList,
}

const PROPERTIES: &[(&str, Shape)] = &[
    ("LOGIN_NAME", Shape::Text),
    ("DISPLAY_NAME", Shape::Text),
    ("FIRST_NAME", Shape::Text),
    ("MIDDLE_NAME", Shape::Text),
    ("LAST_NAME", Shape::Text),
    ("EMAIL", Shape::Text),
    ("MUST_CHANGE_PASSWORD", Shape::Bool),
    ("DISABLED", Shape::Bool),
    ("DAYS_TO_EXPIRY", Shape::Number),
    ("MINS_TO_UNLOCK", Shape::Number),
    ("DEFAULT_WAREHOUSE", Shape::Text),
    ("DEFAULT_NAMESPACE", Shape::Text),
    ("DEFAULT_ROLE", Shape::Text),
    ("DEFAULT_SECONDARY_ROLES", Shape::RoleList),
    ("MINS_TO_BYPASS_MFA", Shape::Number),
    ("MINS_TO_BYPASS_NETWORK_POLICY", Shape::Number),
    ("RSA_PUBLIC_KEY", Shape::Text),
    ("RSA_PUBLIC_KEY_2", Shape::Text),
    ("TYPE", Shape::Text),
    ("NETWORK_POLICY", Shape::Text),
    ("EXT_AUTHN_DUO", Shape::Bool),
    ("EXT_AUTHN_UID", Shape::Text),
    ("CUSTOM_LANDING_PAGE_URL", Shape::Text),
    ("CUSTOM_LANDING_PAGE_URL_FLUSH_NEXT_UI_LOAD", Shape::Bool),
    ("ENABLE_UNREDACTED_QUERY_SYNTAX_ERROR", Shape::Bool),
];

/// Sets one property; `false` when the name is not a user property.
fn apply(user: &mut User, key: &str, value: &Value) -> Result<bool> {
    let bad = || invalid_value(key, value);
    match key {
        "PASSWORD" => {
            let Value::Text(password) = value else {
                return Err(bad());
            };
            user.set_password(password);
            return Ok(true);
        }
        "COMMENT" => {
            user.info.comment = Some(super::comment_value(value)?);
            return Ok(true);
        }
        _ => {}
    }
    let Some((_, shape)) = PROPERTIES.iter().find(|(name, _)| *name == key) else {
        return Ok(false);
    };
    let stored = match shape {
        Shape::Text => value.text().ok_or_else(bad)?.to_owned(),
        Shape::Bool => value.boolean().ok_or_else(bad)?.to_string(),
        Shape::Number => value.unsigned().ok_or_else(bad)?.to_string(),
        Shape::RoleList => {
            let Value::List(items) = value else {
                return Err(bad());
            };
            let names = items
                .iter()
                .map(|item| item.text().map(str::to_uppercase).ok_or_else(bad))
                .collect::<Result<Vec<_>>>()?;
            serde_json::to_string(&names).map_err(EmulatorError::internal)?
        }
    };
    if key == "TYPE" {
        let kind = stored.to_uppercase();
        if !matches!(
            kind.as_str(),
            "PERSON" | "SERVICE" | "LEGACY_SERVICE" | "NULL"
        ) {
            return Err(bad());
        }
        if kind == "NULL" {
            user.properties.remove(key);
        } else {
            user.properties.insert(key.to_owned(), kind);
        }
        return Ok(true);
    }
    user.properties.insert(key.to_owned(), stored);
    Ok(true)
}

/// Puts a property back to its default; `false` when the name is not a user property.
fn unset(user: &mut User, key: &str) -> bool {
    match key {
        "PASSWORD" => {
            user.password_hash = None;
            user.password_last_set = None;
        }
        "COMMENT" => user.info.comment = None,
        _ if PROPERTIES.iter().any(|(name, _)| *name == key) => {
            user.properties.remove(key);
        }
        _ => return false,
    }
    true
}

fn read_properties(syntax: &mut Syntax<'_>, user: &mut User) -> Result<()> {
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if !apply(user, &key, &value)? {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
    }
    Ok(())
}

/// `CREATE [OR REPLACE] USER [IF NOT EXISTS] u [<property> = <value> ...]`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    let owner = session.state().role;
    let mut user = User {
        name: name.clone(),
        info: ObjectInfo::new(&owner, None),
        properties: Default::default(),
        password_hash: None,
        password_last_set: None,
    };
    read_properties(&mut syntax, &mut user)?;
    let new = {
        let name = name.clone();
        session
            .write(move |catalog| {
                if catalog.users.contains_key(&name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("User", &name));
                    }
                    catalog.forget_grantee(&Grantee::User { name: name.clone() });
                }
                let login = user.login_name();
                if let Some(other) = catalog
                    .users
                    .values()
                    .find(|u| u.name != name && u.login_name() == login)
                {
                    return Err(invalid_value(
                        "LOGIN_NAME",
                        &format!("{login} (used by user {})", other.name),
                    ));
                }
                catalog.users.insert(name, Arc::new(user));
                Ok(true)
            })
            .await?
    };
    if new {
        status(format!("User {name} successfully created."))
    } else {
        status(format!("{name} already exists, statement succeeded."))
    }
}

/// `ALTER USER [IF EXISTS] u SET ... | UNSET ... | RENAME TO x`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let name = single(syntax.name()?)?;
    if super::user_pat::is_add(&syntax) {
        return super::user_pat::add(session, if_exists, name, syntax).await;
    }
    enum Change {
        Set(User),
        Unset(Vec<String>),
        Rename(Name),
    }
    let change = if syntax.accept_all(&["RENAME", "TO"]) {
        Change::Rename(single(syntax.name()?)?)
    } else if syntax.accept("SET") {
        // Read into a scratch user first, so bad input fails before anything changes.
        let mut scratch = User {
            name: name.clone(),
            info: ObjectInfo::new("", None),
            properties: Default::default(),
            password_hash: None,
            password_last_set: None,
        };
        read_properties(&mut syntax, &mut scratch)?;
        Change::Set(scratch)
    } else if syntax.accept("UNSET") {
        let names = syntax.names_list()?;
        let mut probe = User {
            name: name.clone(),
            info: ObjectInfo::new("", None),
            properties: Default::default(),
            password_hash: None,
            password_last_set: None,
        };
        if let Some(unknown) = names.iter().find(|n| !unset(&mut probe, n)) {
            return Err(invalid_value("UNSET", unknown));
        }
        Change::Unset(names)
    } else if syntax.peek(&["RESET", "PASSWORD"]) {
        return Err(EmulatorError::unsupported("ALTER USER ... RESET PASSWORD"));
    } else if syntax.peek(&["ABORT", "ALL", "QUERIES"]) {
        return Err(EmulatorError::unsupported(
            "ALTER USER ... ABORT ALL QUERIES",
        ));
    } else {
        return Err(syntax.unexpected());
    };
    syntax.finish()?;
    session
        .write(move |catalog| {
            let Some(current) = catalog.users.get(&name).cloned() else {
                return if if_exists {
                    Ok(())
                } else {
                    Err(EmulatorError::not_found("User", &name))
                };
            };
            let mut user = (*current).clone();
            match change {
                Change::Set(scratch) => {
                    user.properties.extend(scratch.properties);
                    if scratch.password_hash.is_some() {
                        user.password_hash = scratch.password_hash;
                        user.password_last_set = scratch.password_last_set;
                    }
                    if scratch.info.comment.is_some() {
                        user.info.comment = scratch.info.comment;
                    }
                }
                Change::Unset(names) => {
                    for key in &names {
                        unset(&mut user, key);
                    }
                }
                Change::Rename(to) => {
                    if catalog.users.contains_key(&to) {
                        return Err(EmulatorError::already_exists("User", &to));
                    }
                    catalog.users.remove(&name);
                    user.name = to.clone();
                    catalog.rename_in_grants("USER", &name, &to);
                    catalog.users.insert(to, Arc::new(user));
                    return Ok(());
                }
            }
            catalog.users.insert(name, Arc::new(user));
            Ok(())
        })
        .await?;
    executed()
}

/// `DROP USER [IF EXISTS] u`.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let name = single(parts)?;
    session
        .write(move |catalog| {
            if catalog.users.remove(&name).is_none() {
                return Ok(Dropped::Missing(EmulatorError::not_found("User", &name)));
            }
            catalog.forget_grantee(&Grantee::User { name: name.clone() });
            Ok(Dropped::Yes(name.to_string()))
        })
        .await
}

/// `SHOW USERS [LIKE '...'] [STARTS WITH '...'] [LIMIT n [FROM '...']]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(&mut syntax, &session.name_context(), "SHOW USERS", false)?;
    let catalog = session.snapshot();
    let mut rows = Rows::new(&[
        ("name", Kind::Text),
        ("created_on", Kind::Time),
        ("login_name", Kind::Text),
        ("display_name", Kind::Text),
        ("first_name", Kind::Text),
        ("last_name", Kind::Text),
        ("email", Kind::Text),
        ("mins_to_unlock", Kind::Text),
        ("days_to_expiry", Kind::Text),
        ("comment", Kind::Text),
        ("disabled", Kind::Text),
        ("must_change_password", Kind::Text),
        ("snowflake_lock", Kind::Text),
        ("default_warehouse", Kind::Text),
        ("default_namespace", Kind::Text),
        ("default_role", Kind::Text),
        ("default_secondary_roles", Kind::Text),
        ("ext_authn_duo", Kind::Text),
        ("ext_authn_uid", Kind::Text),
        ("mins_to_bypass_mfa", Kind::Text),
        ("owner", Kind::Text),
        ("last_success_login", Kind::Time),
        ("expires_at_time", Kind::Time),
        ("locked_until_time", Kind::Time),
        ("has_password", Kind::Text),
        ("has_rsa_public_key", Kind::Text),
        ("type", Kind::Text),
        ("has_mfa", Kind::Text),
    ]);
    let users = filter.apply(catalog.users.values().collect(), |u| u.name.as_str());
    for user in users {
        let property = |key: &str| opt_text(user.property(key));
        let expires = user
            .property("DAYS_TO_EXPIRY")
            .and_then(|d| d.parse::<i64>().ok())
            .map(|days| user.info.created_on + chrono::Duration::days(days));
        rows.push(vec![
            text(user.name.as_str()),
            time(user.info.created_on),
            text(user.login_name()),
            text(user.display_name()),
            property("FIRST_NAME"),
            property("LAST_NAME"),
            property("EMAIL"),
            property("MINS_TO_UNLOCK"),
            property("DAYS_TO_EXPIRY"),
            opt_text(user.info.comment.clone()),
            true_false(user.is_disabled()),
            true_false(user.must_change_password()),
            true_false(false),
            property("DEFAULT_WAREHOUSE"),
            property("DEFAULT_NAMESPACE"),
            property("DEFAULT_ROLE"),
            property("DEFAULT_SECONDARY_ROLES"),
            true_false(user.property("EXT_AUTHN_DUO").is_some_and(|v| v == "true")),
            property("EXT_AUTHN_UID"),
            property("MINS_TO_BYPASS_MFA"),
            text(user.info.owner.clone()),
            opt_time(None),
            opt_time(expires),
            opt_time(None),
            true_false(user.has_password()),
            true_false(user.rsa_public_key().is_some()),
            property("TYPE"),
            true_false(false),
        ]);
    }
    rows.into_result()
}

/// `DESCRIBE USER u`: one row per property (property, value, default, description).
pub(super) fn describe(session: &Session, parts: Vec<Name>) -> Result<QueryResult> {
    let name = single(parts)?;
    let catalog = session.snapshot();
    let user = catalog
        .users
        .get(&name)
        .ok_or_else(|| EmulatorError::not_found("User", &name))?;
    let get = |key: &str| user.property(key).map(str::to_owned);
    let flag = |key: &str| Some(get(key).unwrap_or_else(|| "false".into()));
    let fingerprint = |key: Option<&str>| key.and_then(User::public_key_fingerprint);
    let rows = vec![
        ("NAME", Some(user.name.to_string()), None, "Name"),
        (
            "COMMENT",
            user.info.comment.clone(),
            None,
            "user comment associated to an object in the dictionary",
        ),
        (
            "DISPLAY_NAME",
            Some(user.display_name()),
            None,
            "Display name of the associated object",
        ),
        (
            "LOGIN_NAME",
            Some(user.login_name()),
            None,
            "Login name of the user",
        ),
        (
            "FIRST_NAME",
            get("FIRST_NAME"),
            None,
            "First name of the user",
        ),
        (
            "MIDDLE_NAME",
            get("MIDDLE_NAME"),
            None,
            "Middle name of the user",
        ),
        ("LAST_NAME", get("LAST_NAME"), None, "Last name of the user"),
        ("EMAIL", get("EMAIL"), None, "Email address of the user"),
        (
            "PASSWORD",
            user.has_password().then(|| "********".to_owned()),
            None,
            "Password of the user",
        ),
        (
            "MUST_CHANGE_PASSWORD",
            flag("MUST_CHANGE_PASSWORD"),
            Some("false".into()),
            "User must change the password",
        ),
        (
            "DISABLED",
            flag("DISABLED"),
            Some("false".into()),
            "Whether the user is disabled",
        ),
        (
            "SNOWFLAKE_LOCK",
            Some("false".into()),
            Some("false".into()),
            "Whether the user or account is locked by Snowflake",
        ),
        (
            "SNOWFLAKE_SUPPORT",
            Some("false".into()),
            Some("false".into()),
            "Snowflake Support is allowed to use the user or account",
        ),
        (
            "DAYS_TO_EXPIRY",
            get("DAYS_TO_EXPIRY"),
            None,
            "User record will be treated as expired after specified number of days",
        ),
        (
            "MINS_TO_UNLOCK",
            get("MINS_TO_UNLOCK"),
            None,
            "Temporary lock on the user will be removed after specified number of minutes",
        ),
        (
            "DEFAULT_WAREHOUSE",
            get("DEFAULT_WAREHOUSE"),
            None,
            "Default warehouse for this user",
        ),
        (
            "DEFAULT_NAMESPACE",
            get("DEFAULT_NAMESPACE"),
            None,
            "Default database namespace prefix for this user",
        ),
        (
            "DEFAULT_ROLE",
            get("DEFAULT_ROLE"),
            None,
            "Primary principal of user session will be set to this role",
        ),
        (
            "DEFAULT_SECONDARY_ROLES",
            get("DEFAULT_SECONDARY_ROLES"),
            None,
            "The secondary roles will be set to all roles provided here",
        ),
        (
            "EXT_AUTHN_DUO",
            flag("EXT_AUTHN_DUO"),
            Some("false".into()),
            "Whether Duo Security is enabled as second factor authentication",
        ),
        (
            "EXT_AUTHN_UID",
            get("EXT_AUTHN_UID"),
            None,
            "User id of Duo Security",
        ),
        (
            "MINS_TO_BYPASS_MFA",
            get("MINS_TO_BYPASS_MFA"),
            None,
            "Temporary bypass MFA for the user for a specified number of minutes",
        ),
        (
            "MINS_TO_BYPASS_NETWORK_POLICY",
            get("MINS_TO_BYPASS_NETWORK_POLICY"),
            None,
            "Temporary bypass network policy on the user for a specified number of minutes",
        ),
        (
            "RSA_PUBLIC_KEY",
            get("RSA_PUBLIC_KEY"),
            None,
            "RSA public key of the user",
        ),
        (
            "RSA_PUBLIC_KEY_FP",
            fingerprint(user.rsa_public_key()),
            None,
            "Fingerprint of user's RSA public key.",
        ),
        (
            "RSA_PUBLIC_KEY_2",
            get("RSA_PUBLIC_KEY_2"),
            None,
            "Second RSA public key of the user",
        ),
        (
            "RSA_PUBLIC_KEY_2_FP",
            fingerprint(user.rsa_public_key_2()),
            None,
            "Fingerprint of user's second RSA public key.",
        ),
        (
            "PASSWORD_LAST_SET_TIME",
            user.password_last_set.map(|t| t.to_rfc3339()),
            None,
            "The timestamp on which the last non-null password was set for the user. Default to null if no password has been set yet.",
        ),
        (
            "CUSTOM_LANDING_PAGE_URL",
            get("CUSTOM_LANDING_PAGE_URL"),
            None,
            "URL of the page the user lands on after login",
        ),
        (
            "CUSTOM_LANDING_PAGE_URL_FLUSH_NEXT_UI_LOAD",
            flag("CUSTOM_LANDING_PAGE_URL_FLUSH_NEXT_UI_LOAD"),
            Some("false".into()),
            "Whether the custom landing page is shown on the next UI load",
        ),
        (
            "HAS_MFA",
            Some("false".into()),
            Some("false".into()),
            "Whether the user is enrolled in multi-factor authentication",
        ),
        (
            "TYPE",
            get("TYPE"),
            None,
            "Type of the user: PERSON, SERVICE or LEGACY_SERVICE",
        ),
    ];
    property_rows(rows).into_result()
}
