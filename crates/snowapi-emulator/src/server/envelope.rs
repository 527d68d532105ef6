//! The connector envelope `{success, code, message, data}` and reading request bodies (JSON,
//! optionally gzipped).

use axum::{
    Json,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

/// Code for a request whose body cannot be read (not JSON, bad gzip, missing fields).
pub(crate) const BAD_REQUEST: &str = "390400";

/// `{"success": true, "code": null, "message": null, "data": data}` with HTTP 200.
pub(crate) fn success(data: Value) -> Response {
    Json(json!({"success": true, "code": null, "message": null, "data": data})).into_response()
}

/// `{"success": false, "code": code, "message": message, "data": data}` with HTTP 200.
pub(crate) fn failure(code: &str, message: &str, data: Value) -> Response {
    Json(json!({"success": false, "code": code, "message": message, "data": data})).into_response()
}

/// The JSON of a request body, inflated first when `Content-Encoding: gzip`. An empty body reads
/// as `{}`. The error is a message for a [`BAD_REQUEST`] failure.
pub(crate) fn read_json(headers: &HeaderMap, body: &[u8]) -> Result<Value, String> {
    let gzipped = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("gzip"));
    let inflated;
    // The server's body middleware inflates before handlers run; this path serves callers
    // outside it, still bounded so a gzip bomb cannot exhaust memory.
    let bytes = if gzipped {
        inflated = super::limits::inflate_gzip(body, super::limits::DEFAULT_MAX_BODY_BYTES)
            .map_err(|error| match error {
                super::limits::BodyError::TooLarge => "Request body too large.".to_owned(),
                super::limits::BodyError::Unreadable(message) => message,
            })?;
        inflated.as_slice()
    } else {
        body
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(bytes).map_err(|e| format!("Invalid JSON request body: {e}"))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn reads_plain_gzip_and_empty_bodies() {
        let mut headers = HeaderMap::new();
        assert_eq!(read_json(&headers, b"{\"a\":1}").unwrap(), json!({"a": 1}));
        assert_eq!(read_json(&headers, b"").unwrap(), json!({}));
        assert!(read_json(&headers, b"{nope").is_err());
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"{\"b\":2}").unwrap();
        let zipped = encoder.finish().unwrap();
        assert_eq!(read_json(&headers, &zipped).unwrap(), json!({"b": 2}));
        assert!(read_json(&headers, b"not gzip").is_err());
    }
}
