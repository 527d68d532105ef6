//! The middleware around the application router, outermost first: path normalisation (it must
//! run before routing, so it wraps the router as a service rather than being a route layer),
//! panic catching, fault injection, then body limits.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    extract::DefaultBodyLimit,
    middleware::{from_fn, from_fn_with_state},
};
use tower::{Layer, util::MapRequestLayer};

use super::{
    catch_panic::catch_panic,
    faults::{FaultSet, inject},
    limits::{self, BodyLimits},
    normalize_path,
};

/// `app` wrapped in the server's middleware, as a router to serve.
pub(crate) fn wrap(app: Router, limits: BodyLimits, faults: Arc<FaultSet>) -> Router {
    // The body middleware enforces the configured cap; axum's own 2 MB default would undercut it.
    let app = app.layer(DefaultBodyLimit::disable());
    let service = from_fn_with_state(limits, limits::enforce).layer(app);
    let service = from_fn_with_state(faults, inject::apply).layer(service);
    let service = from_fn(catch_panic).layer(service);
    let service = MapRequestLayer::new(normalize_path::normalize::<Body>).layer(service);
    Router::new().fallback_service(service)
}
