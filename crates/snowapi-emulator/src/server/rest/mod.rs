//! REST API v2 (`/api/v2/...`, PROTOCOL.md 4): Snowflake's resource API over the same catalog
//! as SQL. Handlers translate each call into SQL run in a fresh engine session of the caller
//! and map SHOW/DESCRIBE rows onto the model JSON of `openapi/<resource>.yaml`.
//!
//! # Framework API (for resource files)
//!
//! - Each resource file exposes `pub(super) fn routes() -> Router<AppState>` and gets one
//!   `.merge(<resource>::routes())` line in [`routes`] below.
//! - Actions in the path (`/databases/{name}:clone`) cannot be routed by axum (a parameter must
//!   fill its segment), so register `POST /…/{name}` and split the action off with
//!   [`split_action`]: `let (name, action) = split_action(&raw)`.
//! - Handlers return `Result<Response, RestError>` (or `Result<Json<…>, RestError>`):
//!   - `error::RestError { status, code, message }`: `RestError::not_found(kind, name)` (404
//!     `002003`), `conflict(kind, name)` (409), `bad_request(msg)` (400), `unauthorized()`,
//!     `forbidden(msg)`, `internal(msg)`, and `From<EmulatorError>` (002003/002043 → 404, 002002
//!     → 409, invalid state → 409, privileges → 403, unsupported → 501, internal → 500, any
//!     other statement error → 400). The body `{error_code, code, message, request_id}` and the
//!     `X-Snowflake-Request-ID` header (on every REST response) are added by the layer here.
//! - Extractors (all reject with a `RestError`, never axum's plain text):
//!   - `caller::Caller`: authenticates (connector `Snowflake Token="…"` or bearer
//!     JWT/OAuth/PAT; 401 otherwise) and opens an engine session of the user (with the
//!     connector session's role for session tokens). `caller.sql(&sql).await ->
//!     Result<QueryResult, RestError>`; `caller.sql_rows(&sql).await -> Result<Vec<Map<String,
//!     Value>>, RestError>` (keys lower-case column names, typed values, timestamps RFC 3339,
//!     NULL → null); `caller.user`.
//!   - `params::RestPath<T>`: path parameters (`RestPath((database, name)):
//!     RestPath<(String, String)>`).
//!   - `params::Params`: the query string. `.create_mode()? -> CreateMode`, `.if_exists()?`,
//!     `.flag("deep", false)?`, `.get("kind")`, `.list_filter()? -> ListFilter`.
//!   - `body::JsonBody<T>`: a JSON body decoded as `T: Deserialize` (400 with serde's reason on
//!     bad JSON / missing required field / wrong type; declare the model's fields as `Option`
//!     except the required ones; unknown fields are ignored). `body::decode(value)` for a
//!     `serde_json::Value` in hand.
//! - SQL text helpers in `params`: `ident(name)? -> String` (any path/body name as a safe SQL
//!   identifier: plain names upper-cased, `"quoted"` names kept, anything else quoted with
//!   escaping; 400 when empty), `canonical(name)` (the name as SHOW reports it, for matching
//!   rows and messages), `sql_string(text)` (a string literal), `create_prefix(mode,
//!   "DATABASE")` → `CREATE [OR REPLACE] DATABASE [IF NOT EXISTS]`, `ListFilter::show_suffix(" IN
//!   DATABASE \"D\"")` → `LIKE '…' IN … STARTS WITH '…' LIMIT n FROM '…'` (and
//!   `keep_from(name)` to apply `fromName` without `showLimit`, which SHOW cannot express).
//! - [`success`]`("…")` is the 200 `{"status": "…"}` of writes.
//! - Long-running operations need nothing from handlers: the layer here answers configured
//!   requests (`EmulatorBuilder::rest_long_running("POST /api/v2/databases", delay)`) with 202
//!   and `Location: /api/v2/results/<h>` and runs them after the delay; `GET
//!   /api/v2/results/{h}` answers 202 until done, then the stored status and body.
//! - Paging needs nothing from handlers either: a GET answering a JSON array longer than
//!   `ServerConfig::rest_page_size` is cut into pages by the layer (see `pages.rs`).

mod account_objects;
mod alter_properties;
mod body;
mod caller;
mod compute_pools;
mod compute_util;
mod container_model;
mod database_roles;
mod databases;
mod error;
mod grantee_grants;
mod grants;
mod image_repositories;
mod long_running;
mod object_parameters;
mod pages;
mod params;
mod refused_fields;
mod results;
mod roles;
mod schema_objects;
mod schemas;
mod service_spec;
mod services;
mod show_rows;
mod stages;
mod table_model;
mod table_settings;
mod tables;
mod tags;
mod task_model;
mod tasks;
mod users;
mod views;
mod warehouse_switch;
mod warehouses;

use std::sync::Arc;

use axum::{
    Extension, Json, Router,
    extract::{Request, State},
    http::HeaderValue,
    middleware::{Next, from_fn_with_state},
    response::{IntoResponse, Response},
    routing::get,
};
use futures::FutureExt;
use serde_json::json;
use tracing::Instrument;

pub(crate) use long_running::LongRunning;

use self::{error::RestError, pages::PageStore, results::ResultStore};
use super::router::AppState;

/// The response header carrying the request id.
pub(crate) const REQUEST_ID_HEADER: &str = "x-snowflake-request-id";

/// What the REST layer keeps beside the application state.
#[derive(Debug, Clone)]
struct Shared {
    app: AppState,
    results: Arc<ResultStore>,
    pages: Arc<PageStore>,
}

/// The REST API v2 routes, with the request-id and long-running layer around them.
pub(crate) fn routes(state: AppState) -> Router<AppState> {
    let results = Arc::new(ResultStore::default());
    let pages = Arc::new(PageStore::default());
    let shared = Shared {
        app: state,
        results: Arc::clone(&results),
        pages: Arc::clone(&pages),
    };
    Router::new()
        .merge(databases::routes())
        .merge(schemas::routes())
        .merge(tables::routes())
        .merge(views::routes())
        .merge(stages::routes())
        .merge(roles::routes())
        .merge(users::routes())
        .merge(grants::routes())
        .merge(database_roles::routes())
        .merge(warehouses::routes())
        .merge(tasks::routes())
        .merge(compute_pools::routes())
        .merge(image_repositories::routes())
        .merge(services::routes())
        .route("/api/v2/results/{handle}", get(results::fetch))
        .layer(Extension(results))
        .layer(Extension(pages))
        .layer(from_fn_with_state(shared, stamp))
}

/// The 200 `{"status": message}` of a write that completed.
pub(crate) fn success(message: impl Into<String>) -> Response {
    Json(json!({ "status": message.into() })).into_response()
}

/// Splits `name:action` (as in `/databases/{name}:clone`) into the name and the action; a name
/// without a known-shaped action comes back whole. Quoted names may hold `:`, so only a suffix
/// after the closing quote (or of a plain name) counts.
pub(crate) fn split_action(raw: &str) -> (&str, Option<&str>) {
    match raw.rfind(':') {
        Some(at)
            if raw[at + 1..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-')
                && at + 1 < raw.len()
                && (!raw.starts_with('"') || raw[..at].ends_with('"')) =>
        {
            (&raw[..at], Some(&raw[at + 1..]))
        }
        _ => (raw, None),
    }
}

/// Gives every REST response an `X-Snowflake-Request-ID` header (and error bodies their
/// `request_id`), and starts configured long-running operations in the background.
async fn stamp(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let span = tracing::debug_span!(
        "rest",
        request_id = request_id.as_str(),
        method = %request.method(),
        path = request.uri().path()
    );
    let background = next.clone();
    let response = match long_running::configured(&shared.app, &request) {
        Some((delay, user)) => long_running::accept(
            &shared.results,
            request,
            long_running::Pending {
                delay,
                user,
                request_id: request_id.clone(),
            },
            move |request| async move { background.run(request).await }.boxed(),
        ),
        None if request.method() == axum::http::Method::GET
            && !request.uri().path().starts_with("/api/v2/results/") =>
        {
            let headers = request.headers().clone();
            let response = next.run(request).instrument(span).await;
            pages::paginate(&shared.pages, &shared.app, &headers, response).await
        }
        None => next.run(request).instrument(span).await,
    };
    with_request_id(response, &request_id)
}

fn with_request_id(mut response: Response, request_id: &str) -> Response {
    // axum answers a known path with the wrong method by an empty 405; clients expect JSON.
    if response.status() == axum::http::StatusCode::METHOD_NOT_ALLOWED
        && !response
            .headers()
            .contains_key(axum::http::header::CONTENT_TYPE)
    {
        let allow = response.headers().get(axum::http::header::ALLOW).cloned();
        response = RestError::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            error::BAD_REQUEST_CODE,
            "This method is not allowed on this resource.",
        )
        .into_response();
        if let Some(allow) = allow {
            response
                .headers_mut()
                .insert(axum::http::header::ALLOW, allow);
        }
    }
    if let Some(error) = response.extensions_mut().remove::<RestError>() {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        response = (status, Json(error.body(Some(request_id)))).into_response();
        for (name, value) in &headers {
            if name != axum::http::header::CONTENT_LENGTH {
                response.headers_mut().insert(name.clone(), value.clone());
            }
        }
    }
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_split_off_names() {
        assert_eq!(split_action("db:clone"), ("db", Some("clone")));
        assert_eq!(split_action("db:set-tags"), ("db", Some("set-tags")));
        assert_eq!(split_action("db"), ("db", None));
        assert_eq!(split_action("\"a:b\""), ("\"a:b\"", None));
        assert_eq!(split_action("\"a:b\":undrop"), ("\"a:b\"", Some("undrop")));
        assert_eq!(split_action("db:"), ("db:", None));
    }
}
