//! Collapsing repeated slashes in request paths before routing: connector 5.x asks for
//! `/monitoring/queries//<id>` (PROTOCOL.md 2.7), which must reach the same handler as the
//! single-slashed path.

use axum::http::{Request, Uri, uri::PathAndQuery};

/// `request` with every run of `/` in its path replaced by one `/`; the query string is kept
/// as it was (its slashes are data).
pub(crate) fn normalize<B>(mut request: Request<B>) -> Request<B> {
    if let Some(uri) = collapsed(request.uri()) {
        *request.uri_mut() = uri;
    }
    request
}

/// The URI with repeated slashes collapsed, or `None` when there is nothing to change (or the
/// rebuilt URI would not be valid, in which case routing sees the original).
fn collapsed(uri: &Uri) -> Option<Uri> {
    let path = uri.path();
    if !path.contains("//") {
        return None;
    }
    let mut clean = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    if let Some(query) = uri.query() {
        clean.push('?');
        clean.push_str(query);
    }
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(PathAndQuery::try_from(clean).ok()?);
    Uri::from_parts(parts).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(uri: &str) -> String {
        let request = Request::builder().uri(uri).body(()).unwrap();
        normalize(request).uri().to_string()
    }

    #[test]
    fn collapses_repeated_slashes_and_keeps_the_query() {
        assert_eq!(
            path_of("/monitoring/queries//01b2-c3?requestId=1&x=a//b"),
            "/monitoring/queries/01b2-c3?requestId=1&x=a//b"
        );
        assert_eq!(path_of("///session////heartbeat"), "/session/heartbeat");
        assert_eq!(
            path_of("http://127.0.0.1:8080//queries//v1/query-request"),
            "http://127.0.0.1:8080/queries/v1/query-request"
        );
    }

    #[test]
    fn leaves_clean_paths_alone() {
        assert_eq!(path_of("/session?delete=true"), "/session?delete=true");
        assert_eq!(path_of("/"), "/");
    }
}
