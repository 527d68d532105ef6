//! The grant handlers account roles and users share: list what a grantee holds, and grant or
//! revoke (now or on future objects) with a `Grant` body, as GRANT/REVOKE … TO/FROM
//! `ROLE "R"` or `USER "U"`.

use axum::{Json, response::Response};
use serde_json::{Map, Value};

use super::{
    body::JsonBody,
    caller::Caller,
    error::RestError,
    grants::{Direction, GrantBody, grant_sql, limited, revoke_mode, run},
    params::{Params, RestPath, ident},
};

/// Who grants are made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Grantee {
    /// An account role.
    Role,
    /// A user.
    User,
}

impl Grantee {
    /// `ROLE "R"` / `USER "U"`.
    fn sql(self, name: &str) -> Result<String, RestError> {
        let keyword = match self {
            Self::Role => "ROLE",
            Self::User => "USER",
        };
        Ok(format!("{keyword} {}", ident(name)?))
    }
}

/// What a grant request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Change {
    /// REVOKE (with the `mode` query parameter) instead of GRANT.
    revoke: bool,
    /// On objects created later instead of existing ones.
    future: bool,
}

impl Change {
    /// GRANT on existing objects.
    pub(super) const GRANT: Self = Self {
        revoke: false,
        future: false,
    };
    /// REVOKE on existing objects.
    pub(super) const REVOKE: Self = Self {
        revoke: true,
        future: false,
    };
    /// GRANT on future objects.
    pub(super) const GRANT_FUTURE: Self = Self {
        revoke: false,
        future: true,
    };
    /// REVOKE on future objects.
    pub(super) const REVOKE_FUTURE: Self = Self {
        revoke: true,
        future: true,
    };
}

/// `POST …/{name}/grants`, `…/grants:revoke`, `…/future-grants`, `…/future-grants:revoke`.
pub(super) async fn change(
    grantee: Grantee,
    what: Change,
    caller: Caller,
    RestPath(name): RestPath<String>,
    params: Params,
    JsonBody(body): JsonBody<GrantBody>,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "changeGrants", ?grantee, ?what, name, user = %caller.user, "REST");
    let direction = if what.revoke {
        Direction::Revoke(revoke_mode(params.get("mode"))?)
    } else {
        Direction::Grant
    };
    let sql = grant_sql(&body, &grantee.sql(&name)?, direction, what.future)?;
    run(&caller, &sql).await
}

/// The rows of a SHOW GRANTS statement as models, at most `showLimit` of them.
pub(super) async fn listed(
    caller: &Caller,
    sql: &str,
    params: &Params,
    model: impl Fn(&Map<String, Value>) -> Value,
) -> Result<Json<Vec<Value>>, RestError> {
    let rows = caller.sql_rows(sql).await?;
    Ok(Json(limited(rows.iter().map(model).collect(), params)?))
}
