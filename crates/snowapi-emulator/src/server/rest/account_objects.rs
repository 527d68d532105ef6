//! The scaffolding account-level resources (warehouses, compute pools, databases, roles, users)
//! share: the SHOW row of one object by name and `DROP <kind> [IF EXISTS]`.

use axum::response::Response;

use super::{
    caller::Caller,
    compute_util::{Row, like_exact, named, run_ddl},
    error::RestError,
    params::{ListFilter, Params, canonical, ident, sql_string},
};

/// The row of `SHOW <show> LIKE '<name>'<in_clause>` for exactly the object `name` (a path or
/// body name), if it exists. The pattern takes the name literally (SHOW's LIKE ignores case and
/// treats `_` and `%` as wildcards), and only the row of exactly that name counts.
pub(super) async fn find_in(
    caller: &Caller,
    show: &str,
    in_clause: &str,
    name: &str,
) -> Result<Option<Row>, RestError> {
    let shown = canonical(name);
    let rows = caller
        .sql_rows(&format!(
            "SHOW {show} LIKE {}{in_clause}",
            sql_string(&like_exact(&shown))
        ))
        .await?;
    Ok(named(rows, &shown))
}

/// The rows of `SHOW <show> [LIKE …]<in_clause> [STARTS WITH …] [LIMIT … FROM …]`, with
/// `fromName` applied where SHOW cannot express it (only after LIMIT).
pub(super) async fn list_rows_in(
    caller: &Caller,
    show: &str,
    in_clause: &str,
    filter: &ListFilter,
) -> Result<Vec<Row>, RestError> {
    let rows = caller
        .sql_rows(&format!("SHOW {show}{}", filter.show_suffix(in_clause)))
        .await?;
    Ok(rows
        .into_iter()
        .filter(|row| filter.keep_row(row))
        .collect())
}

/// [`list_rows_in`] for objects of the account (`show`: `WAREHOUSES`, `USERS`).
pub(super) async fn list_rows(
    caller: &Caller,
    show: &str,
    filter: &ListFilter,
) -> Result<Vec<Row>, RestError> {
    list_rows_in(caller, show, "", filter).await
}

/// [`find_in`] for an object of the account (`show` is the plural SHOW keyword: `WAREHOUSES`).
pub(super) async fn find(
    caller: &Caller,
    show: &str,
    name: &str,
) -> Result<Option<Row>, RestError> {
    find_in(caller, show, "", name).await
}

/// `DELETE /api/v2/<kinds>/{name}?ifExists=`: `DROP <keyword> [IF EXISTS] "NAME"`, answered
/// with the statement's status text.
pub(super) async fn drop(
    caller: &Caller,
    params: &Params,
    keyword: &str,
    name: &str,
) -> Result<Response, RestError> {
    let if_exists = params.if_exists_clause()?;
    let sql = format!("DROP {keyword}{if_exists} {}", ident(name)?);
    run_ddl(caller, &sql).await
}
