//! Large listings. Snowflake answers a listing longer than a page with the first page in the
//! body and a `Link` header naming every page by result handle,
//! `</api/v2/results/{handle}?page=N>; rel="first|next|prev|last"` (comma separated; pages from
//! 0). snowflake.core reads the page count from `rel="last"`, keeps the first body as page 0 and
//! fetches the others with `GET /api/v2/results/{handle}?page=N`. The page size is
//! `ServerConfig::rest_page_size` (large by default, so listings are one page).

use std::{collections::VecDeque, sync::Arc};

use axum::{
    body::{Body, Bytes},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use parking_lot::Mutex;
use serde_json::Value;

use super::long_running;
use crate::server::router::AppState;

/// How many paged listings are kept; the oldest go first.
const KEPT: usize = 256;

/// One paged listing: whose it is and its pages, each a JSON array.
#[derive(Debug)]
struct Listing {
    handle: String,
    user: String,
    pages: Arc<Vec<Bytes>>,
}

/// The pages of large listings by result handle.
#[derive(Debug, Default)]
pub(crate) struct PageStore {
    listings: Mutex<VecDeque<Listing>>,
}

impl PageStore {
    fn keep(&self, handle: &str, user: &str, pages: Vec<Bytes>) {
        let mut listings = self.listings.lock();
        if listings.len() >= KEPT {
            listings.pop_front();
        }
        listings.push_back(Listing {
            handle: handle.to_owned(),
            user: user.to_owned(),
            pages: Arc::new(pages),
        });
    }

    /// The pages of `handle` when it is a listing of `user`.
    pub(crate) fn pages(&self, handle: &str, user: &str) -> Option<Arc<Vec<Bytes>>> {
        self.listings
            .lock()
            .iter()
            .find(|l| l.handle == handle && l.user == user)
            .map(|l| Arc::clone(&l.pages))
    }
}

/// The `Link` header of page `page` out of `count`.
fn link(handle: &str, page: usize, count: usize) -> String {
    let at = |n: usize, rel: &str| {
        format!(
            "<{}?page={n}>; rel=\"{rel}\"",
            long_running::location(handle)
        )
    };
    let mut links = vec![at(0, "first")];
    if page > 0 {
        links.push(at(page - 1, "prev"));
    }
    if page + 1 < count {
        links.push(at(page + 1, "next"));
    }
    links.push(at(count.saturating_sub(1), "last"));
    links.join(",")
}

/// Page `page` of a stored listing as a response with its `Link` header.
pub(crate) fn page_response(handle: &str, pages: &[Bytes], page: usize) -> Option<Response> {
    let body = pages.get(page)?.clone();
    let mut response = (StatusCode::OK, Body::from(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(&link(handle, page, pages.len())) {
        headers.insert(header::LINK, value);
    }
    Some(response)
}

/// Splits a 200 JSON-array answer longer than the page size into pages: the first page is
/// answered, the rest kept for `GET /api/v2/results/{handle}?page=N`. Anything else passes.
pub(crate) async fn paginate(
    store: &PageStore,
    state: &AppState,
    headers: &HeaderMap,
    response: Response,
) -> Response {
    let size = state.config.rest_page_size.max(1);
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if response.status() != StatusCode::OK || !is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return super::error::RestError::internal("reading a listing's answer").into_response();
    };
    let items = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Array(items)) if items.len() > size => items,
        _ => return Response::from_parts(parts, Body::from(bytes)),
    };
    // Only an authenticated caller got a 200 listing, so this finds its user.
    let Ok(caller) = crate::server::bearer::authenticate(state, headers) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let pages: Vec<Bytes> = items
        .chunks(size)
        .map(|chunk| Bytes::from(serde_json::to_vec(chunk).unwrap_or_default()))
        .collect();
    let handle = uuid::Uuid::new_v4().to_string();
    tracing::debug!(
        result_handle = handle.as_str(),
        items = items.len(),
        pages = pages.len(),
        "REST listing paged"
    );
    let Some(mut response) = page_response(&handle, &pages, 0) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    for (name, value) in &parts.headers {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    store.keep(&handle, &caller.user, pages);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_first_prev_next_last() {
        assert_eq!(
            link("h", 0, 3),
            "</api/v2/results/h?page=0>; rel=\"first\",</api/v2/results/h?page=1>; rel=\"next\",</api/v2/results/h?page=2>; rel=\"last\""
        );
        let middle = link("h", 1, 3);
        assert!(middle.contains("?page=0>; rel=\"prev\""));
        assert!(middle.contains("?page=2>; rel=\"next\""));
        assert!(!link("h", 2, 3).contains("next"));
    }
}
