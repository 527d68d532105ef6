//! The tag actions every taggable resource shares: `POST …/{name}:set-tags` (body
//! `[TagAssignment]`), `POST …/{name}:unset-tags` (`[TagReference]`) and `GET
//! …/{name}:get-tags[?withLineage=true]`, answered for any object kind of [`TagDomain`].
//!
//! Writes run `ALTER <kind> [IF EXISTS] <object> SET TAG …` / `UNSET TAG …` in the caller's
//! session; reads take the tags from the caller's catalog snapshot. A tag named without its
//! database or schema lives where the object does (a schema's tags default to that schema);
//! databases and database roles lend their database only, and account objects nothing, so
//! their tags must name the rest.

use axum::{Json, response::Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    body,
    caller::Caller,
    error::RestError,
    params::{Params, RestPath, canonical, ident, sql_string},
    split_action, success,
};
use crate::{
    catalog::{Name, TagDomain},
    server::envelope,
};

/// A `TagReference` (and, with `tag_value`, a `TagAssignment`) of a request body.
#[derive(Debug, Clone, Deserialize)]
struct TagIn {
    tag_database: Option<String>,
    tag_schema: Option<String>,
    tag_name: String,
    tag_value: Option<String>,
}

/// The object a tag action is on: its kind and its path names (`[database, schema, name]` for
/// schema-level objects, `[database, role]` for database roles, `[name]` otherwise).
#[derive(Debug, Clone, Copy)]
pub(super) struct Tagged<'a> {
    /// The kind of object.
    pub(super) domain: TagDomain,
    /// Its names as the path gives them.
    pub(super) names: &'a [&'a str],
}

impl<'a> Tagged<'a> {
    /// The object of kind `domain` named `names`.
    pub(super) fn new(domain: TagDomain, names: &'a [&'a str]) -> Self {
        Self { domain, names }
    }
}

/// Whether `action` is one of the tag actions.
pub(super) fn is_tag_action(action: &str) -> bool {
    matches!(action, "set-tags" | "unset-tags" | "get-tags")
}

/// Answers a tag action posted to the object: `set-tags` or `unset-tags` (`get-tags` is a GET,
/// see [`get`]).
#[tracing::instrument(skip_all, fields(operation = "rest.tags.post", user = %caller.user, action))]
pub(super) async fn post(
    caller: &Caller,
    object: Tagged<'_>,
    action: &str,
    query: &Params,
    raw_body: &[u8],
) -> Result<Response, RestError> {
    let set = match action {
        "set-tags" => true,
        "unset-tags" => false,
        "get-tags" => return Err(method_not_allowed()),
        other => {
            return Err(RestError::bad_request(format!(
                "Unknown tag action ':{other}'."
            )));
        }
    };
    let value = envelope::read_json(&axum::http::HeaderMap::new(), raw_body)
        .map_err(RestError::bad_request)?;
    let tags: Vec<TagIn> = body::decode(value)?;
    if tags.is_empty() {
        return Err(RestError::bad_request(
            "The request body must name at least one tag.",
        ));
    }
    let mut clauses = Vec::with_capacity(tags.len());
    for tag in &tags {
        let name = tag_name(object, tag)?;
        if set {
            let value = tag.tag_value.as_deref().ok_or_else(|| {
                RestError::bad_request(format!(
                    "Invalid request body: missing field `tag_value` for tag {}.",
                    canonical(&tag.tag_name)
                ))
            })?;
            clauses.push(format!("{name} = {}", sql_string(value)));
        } else {
            clauses.push(name);
        }
    }
    let sql = format!(
        "ALTER {}{} {} {} TAG {}",
        object.domain.keyword(),
        query.if_exists_clause()?,
        object_sql(object)?,
        if set { "SET" } else { "UNSET" },
        clauses.join(", ")
    );
    caller.sql(&sql).await?;
    tracing::info!(
        domain = object.domain.keyword(),
        tags = tags.len(),
        "tags changed"
    );
    Ok(success("Statement executed successfully."))
}

/// `GET …/{name}:get-tags[?withLineage=true]`: the tags set on the object, and with lineage
/// also those it inherits, each with the `level` it was set at.
#[tracing::instrument(skip_all, fields(operation = "rest.tags.get", user = %caller.user))]
pub(super) async fn get(
    caller: &Caller,
    object: Tagged<'_>,
    query: &Params,
) -> Result<Json<Value>, RestError> {
    let lineage = query.flag("withLineage", false)?;
    let parts: Vec<Name> = object
        .names
        .iter()
        .map(|name| Name::canonical(canonical(name)))
        .collect();
    let catalog = caller.session().snapshot();
    let found = catalog.tag_lineage(object.domain, &parts, lineage)?;
    Ok(Json(Value::Array(
        found
            .into_iter()
            .map(|found| {
                let tag = &found.assignment.tag;
                let mut model = json!({
                    "tag_database": tag.database.as_str(),
                    "tag_schema": tag.schema.as_str(),
                    "tag_name": tag.name.as_str(),
                    "tag_value": found.assignment.value,
                });
                if lineage {
                    model["level"] = json!(found.level.keyword());
                }
                model
            })
            .collect(),
    )))
}

/// A resource's GET dispatch in one call: the `:get-tags` answer for the object of `domain`
/// named `names`, or `None` when `action` is not `get-tags`.
pub(super) async fn get_if_asked(
    caller: &Caller,
    domain: TagDomain,
    names: &[&str],
    action: Option<&str>,
    query: &Params,
) -> Option<Result<Json<Value>, RestError>> {
    if action != Some("get-tags") {
        return None;
    }
    Some(get(caller, Tagged::new(domain, names), query).await)
}

/// A resource's POST dispatch in one call: the `:set-tags` / `:unset-tags` answer for the
/// object of `domain` named `names`, or `None` when `action` is not a tag action.
pub(super) async fn post_if_asked(
    caller: &Caller,
    domain: TagDomain,
    names: &[&str],
    action: Option<&str>,
    query: &Params,
    raw_body: &[u8],
) -> Option<Result<Response, RestError>> {
    let action = action.filter(|a| is_tag_action(a))?;
    Some(post(caller, Tagged::new(domain, names), action, query, raw_body).await)
}

/// `POST /api/v2/<objects>/{name}:set-tags|:unset-tags` of an account object (a role, a
/// user) whose only POST is the tag actions, as a whole handler.
pub(super) async fn account_post(
    domain: TagDomain,
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
    raw_body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    post_if_asked(&caller, domain, &[name], action, &query, &raw_body)
        .await
        .unwrap_or_else(|| Err(unknown(domain, &raw)))
}

/// `GET /api/v2/<objects>/{name}:get-tags` of an account object with no GET of its own.
pub(super) async fn account_get(
    domain: TagDomain,
    caller: Caller,
    RestPath(raw): RestPath<String>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    get_if_asked(&caller, domain, &[name], action, &query)
        .await
        .unwrap_or_else(|| Err(unknown(domain, &raw)))
}

/// `POST …/schemas/{schema}/<objects>/{name}:set-tags|:unset-tags` of a schema object whose
/// only POST is the tag actions, as a whole handler.
pub(super) async fn schema_object_post(
    domain: TagDomain,
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    query: Params,
    raw_body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    let names = [database.as_str(), &schema, name];
    post_if_asked(&caller, domain, &names, action, &query, &raw_body)
        .await
        .unwrap_or_else(|| Err(unknown(domain, &raw)))
}

/// The 400 of a request on an object that is none of its actions.
fn unknown(domain: TagDomain, raw: &str) -> RestError {
    RestError::bad_request(format!(
        "Unknown {} action in '{raw}'.",
        domain.keyword().to_lowercase()
    ))
}

/// The 405 of an action used with the wrong method.
fn method_not_allowed() -> RestError {
    RestError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        super::error::BAD_REQUEST_CODE,
        "Use GET for :get-tags and POST for :set-tags and :unset-tags.",
    )
}

/// The object as a qualified SQL name.
fn object_sql(object: Tagged<'_>) -> Result<String, RestError> {
    object
        .names
        .iter()
        .map(|name| ident(name))
        .collect::<Result<Vec<_>, _>>()
        .map(|parts| parts.join("."))
}

/// The tag as a qualified SQL name: its own database and schema, else the object's.
fn tag_name(object: Tagged<'_>, tag: &TagIn) -> Result<String, RestError> {
    let (object_database, object_schema) = match object.domain.parts() {
        3 => (object.names.first(), object.names.get(1)),
        _ if object.domain == TagDomain::Schema => (object.names.first(), object.names.get(1)),
        _ if matches!(object.domain, TagDomain::Database | TagDomain::DatabaseRole) => {
            (object.names.first(), None)
        }
        _ => (None, None),
    };
    let database = tag.tag_database.as_deref().or(object_database.copied());
    let schema = tag.tag_schema.as_deref().or(object_schema.copied());
    let (Some(database), Some(schema)) = (database, schema) else {
        return Err(RestError::bad_request(format!(
            "Tag {} must be qualified with tag_database and tag_schema on a {}.",
            canonical(&tag.tag_name),
            object.domain.keyword().to_lowercase()
        )));
    };
    Ok(format!(
        "{}.{}.{}",
        ident(database)?,
        ident(schema)?,
        ident(&tag.tag_name)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(database: Option<&str>, schema: Option<&str>) -> TagIn {
        TagIn {
            tag_database: database.map(str::to_owned),
            tag_schema: schema.map(str::to_owned),
            tag_name: "t".into(),
            tag_value: None,
        }
    }

    #[test]
    fn tags_default_to_the_objects_schema() {
        let table = Tagged {
            domain: TagDomain::Table,
            names: &["d", "s", "x"],
        };
        assert_eq!(
            tag_name(table, &tag(None, None)).unwrap(),
            "\"D\".\"S\".\"T\""
        );
        assert_eq!(
            tag_name(table, &tag(Some("o"), None)).unwrap(),
            "\"O\".\"S\".\"T\""
        );
        let schema = Tagged {
            domain: TagDomain::Schema,
            names: &["d", "s"],
        };
        assert_eq!(
            tag_name(schema, &tag(None, None)).unwrap(),
            "\"D\".\"S\".\"T\""
        );
        let database = Tagged {
            domain: TagDomain::Database,
            names: &["d"],
        };
        assert_eq!(
            tag_name(database, &tag(None, None)).unwrap_err().status,
            400
        );
        // The database's own name fills in the tag's database.
        assert_eq!(
            tag_name(database, &tag(None, Some("s"))).unwrap(),
            "\"D\".\"S\".\"T\""
        );
        let warehouse = Tagged {
            domain: TagDomain::Warehouse,
            names: &["w"],
        };
        let error = tag_name(warehouse, &tag(None, None)).unwrap_err();
        assert!(error.message.contains("qualified"), "{}", error.message);
        assert_eq!(
            tag_name(warehouse, &tag(Some("d"), Some("s"))).unwrap(),
            "\"D\".\"S\".\"T\""
        );
    }
}
