//! The scaffolding every schema-level resource (tables, views, tasks, services, image
//! repositories, stages) shares: SHOW listings in one schema, the SHOW row of one object, the
//! `GET …/{name}:<action>` prelude and `DROP <kind> [IF EXISTS]`.

use axum::{Json, response::Response};
use serde_json::Value;

use super::{
    caller::Caller,
    compute_util::{Row, object_ref, run_ddl, schema_ref, unsupported},
    error::RestError,
    params::{ListFilter, Params, canonical},
};
use crate::catalog::TagDomain;

/// The rows of `SHOW <show> [LIKE …] IN SCHEMA db.schema [STARTS WITH …] [LIMIT … FROM …]`,
/// with `fromName` applied where SHOW cannot express it. `show` is the plural SHOW keyword
/// (`TABLES`, `VIEWS`, `TABLES HISTORY`).
pub(super) async fn list_rows(
    caller: &Caller,
    show: &str,
    (database, schema): (&str, &str),
    filter: &ListFilter,
) -> Result<Vec<Row>, RestError> {
    let in_clause = format!(" IN SCHEMA {}", schema_ref(database, schema)?);
    super::account_objects::list_rows_in(caller, show, &in_clause, filter).await
}

/// The SHOW row of the object named `name` in `database.schema`, if it exists (the SHOW itself
/// answers 404 when the schema does not). The LIKE pattern takes the name literally, and only
/// the row of exactly that name counts.
pub(super) async fn find(
    caller: &Caller,
    show: &str,
    (database, schema): (&str, &str),
    name: &str,
) -> Result<Option<Row>, RestError> {
    let in_clause = format!(" IN SCHEMA {}", schema_ref(database, schema)?);
    super::account_objects::find_in(caller, show, &in_clause, name).await
}

/// The 404 of a missing schema object, named `DB.SCHEMA.NAME` as SHOW reports the parts.
pub(super) fn not_found(kind: &str, (database, schema): (&str, &str), name: &str) -> RestError {
    RestError::not_found(
        kind,
        &format!(
            "{}.{}.{}",
            canonical(database),
            canonical(schema),
            canonical(name)
        ),
    )
}

/// The answer of a `GET …/{name}:<action>` that is not a plain fetch: `:get-tags` for the
/// object of `domain` named `names`, 501 naming `what` for any other action; `None` when
/// there is no action and the handler fetches the object itself.
pub(super) async fn get_action(
    caller: &Caller,
    (domain, names): (TagDomain, &[&str]),
    action: Option<&str>,
    query: &Params,
    what: &str,
) -> Option<Result<Json<Value>, RestError>> {
    if let Some(answer) = super::tags::get_if_asked(caller, domain, names, action, query).await {
        return Some(answer);
    }
    action.map(|action| Err(unsupported(&format!("GET {what} :{action}"))))
}

/// `DELETE …/{name}?ifExists=`: `DROP <keyword> [IF EXISTS] db.schema.name`, answered with the
/// statement's status text.
pub(super) async fn drop(
    caller: &Caller,
    params: &Params,
    keyword: &str,
    (database, schema): (&str, &str),
    name: &str,
) -> Result<Response, RestError> {
    let if_exists = params.if_exists_clause()?;
    let target = object_ref(database, schema, name)?;
    run_ddl(caller, &format!("DROP {keyword}{if_exists} {target}")).await
}
