//! REST API v2 views (`openapi/view.yaml`): list, create from a query, fetch with columns, drop.

use axum::{Json, Router, response::Response, routing::get};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::{run_ddl, schema_ref},
    error::RestError,
    params::{Params, RestPath, create_prefix, ident, sql_string},
    schema_objects, split_action,
    tags::{self, Tagged},
};
use crate::{catalog::TagDomain, server::router::AppState};

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/views",
            get(list).post(create),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/views/{name}",
            get(fetch).delete(delete).post(action),
        )
}

/// A view as a create body gives it; read-only fields are ignored.
#[derive(Debug, Deserialize)]
struct ViewBody {
    name: String,
    kind: Option<String>,
    secure: Option<bool>,
    recursive: Option<bool>,
    columns: Vec<ViewColumnBody>,
    query: String,
    comment: Option<String>,
}

/// One column of a [`ViewBody`].
#[derive(Debug, Deserialize)]
struct ViewColumnBody {
    name: String,
    comment: Option<String>,
}

/// The query of a `CREATE … VIEW … AS <query>` text: what follows the first `AS` outside
/// quotes and parentheses.
fn query_of(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let (mut depth, mut quote) = (0i32, None::<u8>);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ if depth == 0
                    && (b == b'A' || b == b'a')
                    && text
                        .get(at..at + 2)
                        .is_some_and(|w| w.eq_ignore_ascii_case("as"))
                    && at > 0
                    && bytes[at - 1].is_ascii_whitespace()
                    && bytes.get(at + 2).is_some_and(u8::is_ascii_whitespace) =>
                {
                    return Some(text[at + 2..].trim());
                }
                _ => {}
            },
        }
        at += 1;
    }
    None
}

/// Whether a `CREATE … VIEW` text makes a temporary and a recursive view: SHOW VIEWS has no
/// column for either, so the keywords before `VIEW` tell.
fn head_keywords(text: &str) -> (bool, bool) {
    let head: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_uppercase)
        .take_while(|word| word != "VIEW")
        .collect();
    let has = |words: &[&str]| head.iter().any(|w| words.contains(&w.as_str()));
    (has(&["TEMPORARY", "TEMP", "VOLATILE"]), has(&["RECURSIVE"]))
}

/// A SHOW VIEWS row as the model (columns added by the caller).
fn view_json(row: &Map<String, Value>) -> Map<String, Value> {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let mut view = Map::new();
    view.insert("name".into(), json!(text("name")));
    let (temporary, recursive) = head_keywords(text("text"));
    view.insert(
        "kind".into(),
        json!(if temporary { "TEMPORARY" } else { "PERMANENT" }),
    );
    view.insert("recursive".into(), json!(recursive));
    view.insert(
        "secure".into(),
        json!(text("is_secure").eq_ignore_ascii_case("true")),
    );
    view.insert("columns".into(), json!([]));
    let definition = text("text");
    view.insert(
        "query".into(),
        json!(query_of(definition).unwrap_or(definition)),
    );
    if !text("comment").is_empty() {
        view.insert("comment".into(), json!(text("comment")));
    }
    for key in [
        "created_on",
        "database_name",
        "schema_name",
        "owner",
        "owner_role_type",
    ] {
        if let Some(value) = row.get(key) {
            view.insert(key.into(), value.clone());
        }
    }
    view
}

/// The view's columns from DESCRIBE VIEW.
async fn columns(caller: &Caller, row: &Map<String, Value>) -> Result<Value, RestError> {
    let part = |key: &str| {
        row.get(key)
            .and_then(Value::as_str)
            .map(|name| format!("\"{}\"", name.replace('"', "\"\"")))
            .ok_or_else(|| RestError::internal(format!("SHOW VIEWS row without {key}")))
    };
    let sql = format!(
        "DESCRIBE VIEW {}.{}.{}",
        part("database_name")?,
        part("schema_name")?,
        part("name")?
    );
    let described = caller.sql_rows(&sql).await?;
    Ok(Value::Array(
        described
            .iter()
            .map(|column| {
                let mut out = Map::new();
                out.insert(
                    "name".into(),
                    column.get("name").cloned().unwrap_or_default(),
                );
                out.insert(
                    "datatype".into(),
                    column.get("type").cloned().unwrap_or_default(),
                );
                if let Some(comment) = column.get("comment").filter(|c| !c.is_null()) {
                    out.insert("comment".into(), comment.clone());
                }
                Value::Object(out)
            })
            .collect(),
    ))
}

async fn list(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let filter = params.list_filter()?;
    let deep = params.flag("deep", false)?;
    tracing::debug!(operation = "listViews", database, schema, "REST");
    let rows = schema_objects::list_rows(&caller, "VIEWS", (&database, &schema), &filter).await?;
    let mut out = Vec::new();
    for row in &rows {
        let mut view = view_json(row);
        if deep {
            view.insert("columns".into(), columns(&caller, row).await?);
        }
        out.push(Value::Object(view));
    }
    Ok(Json(out))
}

async fn fetch(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("get-tags") => {
            let names = [database.as_str(), schema.as_str(), name];
            return tags::get(&caller, Tagged::new(TagDomain::View, &names), &query).await;
        }
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "Unknown view action ':{other}'."
            )));
        }
        None => {}
    }
    tracing::debug!(operation = "fetchView", database, schema, name, "REST");
    let place = (database.as_str(), schema.as_str());
    let row = schema_objects::find(&caller, "VIEWS", place, name)
        .await?
        .ok_or_else(|| schema_objects::not_found("View", place, name))?;
    let mut view = view_json(&row);
    view.insert("columns".into(), columns(&caller, &row).await?);
    Ok(Json(Value::Object(view)))
}

async fn create(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
    JsonBody(body): JsonBody<ViewBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    tracing::debug!(
        operation = "createView",
        database,
        schema,
        name = body.name,
        "REST"
    );
    if body.query.trim().is_empty() {
        return Err(RestError::bad_request("A view needs a query."));
    }
    let mut keyword = String::new();
    if body.secure == Some(true) {
        keyword.push_str("SECURE ");
    }
    match body.kind.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("" | "PERMANENT") => {}
        Some("TEMPORARY") => keyword.push_str("TEMPORARY "),
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "Invalid view kind '{other}': expected PERMANENT or TEMPORARY."
            )));
        }
    }
    if body.recursive == Some(true) {
        keyword.push_str("RECURSIVE ");
    }
    keyword.push_str("VIEW");
    let mut sql = format!(
        "{} {}.{}",
        create_prefix(mode, &keyword),
        schema_ref(&database, &schema)?,
        ident(&body.name)?
    );
    if !body.columns.is_empty() {
        let list = body
            .columns
            .iter()
            .map(|c| {
                let mut item = ident(&c.name)?;
                if let Some(comment) = &c.comment {
                    item.push_str(&format!(" COMMENT {}", sql_string(comment)));
                }
                Ok(item)
            })
            .collect::<Result<Vec<_>, RestError>>()?;
        sql.push_str(&format!(" ({})", list.join(", ")));
    }
    if let Some(comment) = &body.comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    sql.push_str(&format!(" AS {}", body.query));
    run_ddl(&caller, &sql).await
}

async fn delete(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    params: Params,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "deleteView", database, schema, name, "REST");
    schema_objects::drop(&caller, &params, "VIEW", (&database, &schema), &name).await
}

/// `POST /views/{name}:set-tags|unset-tags`.
async fn action(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    query: Params,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    match split_action(&raw) {
        (name, Some(action)) if tags::is_tag_action(action) => {
            let names = [database.as_str(), schema.as_str(), name];
            let object = Tagged::new(TagDomain::View, &names);
            tags::post(&caller, object, action, &query, &body).await
        }
        _ => Err(RestError::bad_request(format!(
            "Unknown view action in '{raw}'."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_come_out_of_definitions() {
        assert_eq!(
            query_of("CREATE VIEW v (a COMMENT 'x as y') AS select 1 as a"),
            Some("select 1 as a")
        );
        assert_eq!(
            query_of("create or replace view \"as v\"\nas\nselect 2"),
            Some("select 2")
        );
        assert_eq!(query_of("no query here"), None);
        assert_eq!(
            head_keywords("CREATE OR REPLACE TEMPORARY RECURSIVE VIEW v AS select 1"),
            (true, true)
        );
        assert_eq!(
            head_keywords("create view v comment = 'temporary' as select 1"),
            (false, false)
        );
    }
}
