//! Writing a SQL API answer: JSON with the HTTP status, gzip-compressed when the client accepts
//! it, with an optional `Link` header.

use std::io::Write;

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::Value;

/// `body` as JSON with `status`; compressed when the request's `Accept-Encoding` names gzip.
pub(crate) fn json(
    request: &HeaderMap,
    status: StatusCode,
    body: &Value,
    link: Option<String>,
) -> Response {
    let text = body.to_string().into_bytes();
    let (bytes, gzipped) = if accepts_gzip(request) {
        match gzip(&text) {
            Some(zipped) => (zipped, true),
            None => (text, false),
        }
    } else {
        (text, false)
    };
    let mut response = (status, Body::from(bytes)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if gzipped {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Some(value) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LINK, value);
    }
    response
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            // `gzip;q=0` means "not gzip".
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn gzip_only_when_accepted() {
        assert!(accepts_gzip(&with("gzip")));
        assert!(accepts_gzip(&with("deflate, GZIP;q=0.5")));
        assert!(!accepts_gzip(&with("gzip;q=0")));
        assert!(!accepts_gzip(&with("br")));
        assert!(!accepts_gzip(&HeaderMap::new()));
        let answer = json(
            &with("gzip"),
            StatusCode::OK,
            &serde_json::json!({"a": 1}),
            None,
        );
        assert_eq!(answer.headers()[header::CONTENT_ENCODING], "gzip");
        let plain = json(
            &HeaderMap::new(),
            StatusCode::OK,
            &serde_json::json!({}),
            None,
        );
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    }
}
