//! The emulator's own admin endpoints, for tests that drive a server from another process:
//! `POST /__emulator/faults` (add a fault rule), `DELETE /__emulator/faults` (clear them) and
//! `POST /__emulator/expire-sessions`. They need no credentials, so they answer loopback peers
//! only (403 otherwise), and they live outside `/session` and `/api/v2`.
//!
//! The rule body is JSON: `{"path": "/queries/v1/query-request", "method": "POST",
//! "action": "status", "status": 503, "times": 2}`. `action` is `status`, `delay` (with
//! `delay_ms`), `drop_connection` or `truncate_body`, and may be left out when `status` or
//! `delay_ms` says it; `times` or `fraction` limit the rule (neither: every matching request).

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

use super::{
    faults::{FaultAction, FaultRule, FaultSet},
    sessions::SessionTable,
};

/// What the admin handlers reach.
#[derive(Debug, Clone)]
pub(crate) struct AdminState {
    /// The server's fault rules.
    pub(crate) faults: Arc<FaultSet>,
    /// The server's sessions.
    pub(crate) sessions: Arc<SessionTable>,
}

/// The admin routes, to merge into the application router.
pub(crate) fn router(state: AdminState) -> Router {
    Router::new()
        .route("/__emulator/faults", post(add_fault).delete(clear_faults))
        .route("/__emulator/expire-sessions", post(expire_sessions))
        .with_state(state)
}

/// Whether a peer may use the admin endpoints: loopback addresses only, IPv4-mapped IPv6
/// included.
pub(crate) fn is_admin_peer(peer: &SocketAddr) -> bool {
    match peer {
        SocketAddr::V4(v4) => v4.ip().is_loopback(),
        SocketAddr::V6(v6) => {
            v6.ip().is_loopback() || v6.ip().to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// The 403 of an admin request from a peer that is not on loopback.
pub(crate) fn refused(peer: &SocketAddr) -> Response {
    tracing::warn!(%peer, "admin request from a non-loopback peer refused");
    answer(
        StatusCode::FORBIDDEN,
        json!({"code": "403", "message": "The emulator admin endpoints answer loopback callers only."}),
    )
}

/// The answer to an admin request the engine refused: 404 for a missing object, 400 for
/// anything else, with Snowflake's code and message.
pub(crate) fn engine_error(error: &crate::error::EmulatorError) -> Response {
    let status = if matches!(
        error.kind(),
        crate::error::ErrorKind::ObjectNotFound
            | crate::error::ErrorKind::ObjectNotFoundForOperation
    ) {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::BAD_REQUEST
    };
    answer(
        status,
        json!({"code": error.code(), "message": error.to_string()}),
    )
}

fn answer(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

#[tracing::instrument(skip_all, fields(operation = "admin_add_fault"))]
async fn add_fault(
    State(state): State<AdminState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_admin_peer(&peer) {
        return refused(&peer);
    }
    let rule = super::envelope::read_json(&headers, &body).and_then(|spec| rule_from_json(&spec));
    match rule {
        Ok(rule) => {
            tracing::info!(rule = ?rule, "fault rule added");
            state.faults.add(rule);
            answer(StatusCode::OK, json!({"rules": state.faults.len()}))
        }
        Err(message) => answer(
            StatusCode::BAD_REQUEST,
            json!({"code": super::envelope::BAD_REQUEST, "message": message}),
        ),
    }
}

#[tracing::instrument(skip_all, fields(operation = "admin_clear_faults"))]
async fn clear_faults(
    State(state): State<AdminState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if !is_admin_peer(&peer) {
        return refused(&peer);
    }
    state.faults.clear();
    tracing::info!("fault rules cleared");
    answer(StatusCode::OK, json!({"rules": 0}))
}

#[tracing::instrument(skip_all, fields(operation = "admin_expire_sessions"))]
async fn expire_sessions(
    State(state): State<AdminState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if !is_admin_peer(&peer) {
        return refused(&peer);
    }
    state.sessions.expire_all();
    tracing::info!("all session tokens expired");
    answer(StatusCode::OK, json!({}))
}

/// A [`FaultRule`] from the JSON body of `POST /__emulator/faults` (shape in the module docs).
pub(crate) fn rule_from_json(spec: &Value) -> Result<FaultRule, String> {
    let text = |name: &str| -> Result<Option<&str>, String> {
        match &spec[name] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            _ => Err(format!("'{name}' must be a string.")),
        }
    };
    let number = |name: &str| -> Result<Option<u64>, String> {
        match &spec[name] {
            Value::Null => Ok(None),
            value => value
                .as_u64()
                .map(Some)
                .ok_or_else(|| format!("'{name}' must be a non-negative integer.")),
        }
    };
    let path = text("path")?
        .filter(|p| p.starts_with('/'))
        .ok_or("'path' must be a path prefix starting with '/'.")?;
    let status = number("status")?;
    let delay_ms = number("delay_ms")?;
    let action = match (text("action")?, status, delay_ms) {
        (Some("status") | None, Some(status), _) => {
            let status = u16::try_from(status)
                .ok()
                .filter(|s| (100..=599).contains(s))
                .ok_or("'status' must be an HTTP status (100-599).")?;
            FaultAction::Status(status)
        }
        (Some("delay") | None, None, Some(ms)) => FaultAction::Delay(Duration::from_millis(ms)),
        (Some("drop_connection"), None, None) => FaultAction::DropConnection,
        (Some("truncate_body"), None, None) => FaultAction::TruncateBody,
        (Some(other), _, _)
            if !matches!(
                other,
                "status" | "delay" | "drop_connection" | "truncate_body"
            ) =>
        {
            return Err(format!("Unknown fault action '{other}'."));
        }
        _ => {
            return Err(
                "Give one action: 'status' with a status, 'delay' with delay_ms, \
                 'drop_connection' or 'truncate_body'."
                    .into(),
            );
        }
    };
    let mut rule = FaultRule::path(path).action(action);
    if let Some(method) = text("method")? {
        rule = rule.method(method);
    }
    match (number("times")?, &spec["fraction"]) {
        (Some(_), fraction) if !fraction.is_null() => {
            return Err("Give 'times' or 'fraction', not both.".into());
        }
        (Some(times), _) => rule = rule.times(times),
        (None, Value::Null) => {}
        (None, fraction) => {
            let p = fraction
                .as_f64()
                .filter(|p| (0.0..=1.0).contains(p))
                .ok_or("'fraction' must be a number from 0 to 1.")?;
            rule = rule.fraction(p);
        }
    }
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    #[test]
    fn only_loopback_peers_may_administer() {
        let peer = |ip: std::net::IpAddr| SocketAddr::new(ip, 50_000);
        assert!(is_admin_peer(&peer(Ipv4Addr::LOCALHOST.into())));
        assert!(is_admin_peer(&peer(Ipv4Addr::new(127, 3, 2, 1).into())));
        assert!(is_admin_peer(&peer(Ipv6Addr::LOCALHOST.into())));
        assert!(is_admin_peer(&peer(
            Ipv4Addr::LOCALHOST.to_ipv6_mapped().into()
        )));
        assert!(!is_admin_peer(&peer(Ipv4Addr::new(10, 0, 0, 7).into())));
        assert!(!is_admin_peer(&peer(Ipv4Addr::UNSPECIFIED.into())));
        assert!(!is_admin_peer(&peer(
            Ipv4Addr::new(192, 168, 1, 2).to_ipv6_mapped().into()
        )));
        assert!(!is_admin_peer(&peer("2001:db8::1".parse().unwrap())));
    }

    #[test]
    fn rules_parse_from_json() {
        let rule = rule_from_json(&json!({
            "path": "/queries/v1/query-request", "method": "post", "status": 503, "times": 2
        }))
        .unwrap();
        assert_eq!(
            rule,
            FaultRule::path("/queries/v1/query-request")
                .method("POST")
                .status(503)
                .times(2)
        );
        assert_eq!(
            rule_from_json(&json!({"path": "/chunks/", "delay_ms": 250, "fraction": 0.5})).unwrap(),
            FaultRule::path("/chunks/")
                .delay(Duration::from_millis(250))
                .fraction(0.5)
        );
        assert_eq!(
            rule_from_json(&json!({"path": "/", "action": "truncate_body"})).unwrap(),
            FaultRule::path("/").truncate_body()
        );
        for bad in [
            json!({}),
            json!({"path": "queries"}),
            json!({"path": "/", "status": 99}),
            json!({"path": "/", "status": "503"}),
            json!({"path": "/", "action": "explode"}),
            json!({"path": "/", "action": "drop_connection", "status": 500}),
            json!({"path": "/", "status": 503, "times": 1, "fraction": 0.5}),
            json!({"path": "/", "status": 503, "fraction": 2}),
            json!({"path": "/"}),
        ] {
            assert!(rule_from_json(&bad).is_err(), "{bad}");
        }
    }
}
