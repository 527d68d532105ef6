//! Who calls the stateless APIs (SQL API v2, REST API v2): `Authorization: Bearer <token>` with
//! `X-Snowflake-Authorization-Token-Type` (KEYPAIR_JWT, OAUTH, PROGRAMMATIC_ACCESS_TOKEN), or the
//! session token of a connector login (`Snowflake Token="…"`).

use axum::http::{HeaderMap, header};

use super::{
    jwt::{self, JwtRejection},
    oauth_tokens::AccessCheck,
    router::AppState,
    sessions::Lookup,
};

/// The header naming the kind of a bearer token; OAUTH when absent.
const TOKEN_TYPE_HEADER: &str = "x-snowflake-authorization-token-type";

/// How a caller proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CredentialKind {
    /// The session token of a connector login.
    SessionToken,
    /// A key-pair JWT (`KEYPAIR_JWT`).
    KeypairJwt,
    /// An access token the emulator's OAuth endpoint issued (`OAUTH`).
    OAuth,
    /// A programmatic access token (`PROGRAMMATIC_ACCESS_TOKEN`).
    ProgrammaticAccessToken,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The user's canonical name.
    pub(crate) user: String,
    /// How it authenticated.
    pub(crate) kind: CredentialKind,
    /// The one role the caller's statements run with (a PAT's ROLE_RESTRICTION, or that of the
    /// connector session whose token it presented).
    pub(crate) role_restriction: Option<String>,
}

impl Caller {
    /// A fresh engine session of the caller's user, pinned to its restricted role if it has one.
    pub(crate) fn open_session(&self, engine: &crate::engine::Engine) -> crate::engine::Session {
        let session = engine.session(&self.user);
        restrict_role(&session, self.role_restriction.as_deref());
        session
    }
}

/// Makes `role` the session's primary role and the only one USE ROLE may switch to (a PAT with a
/// ROLE_RESTRICTION); `None` leaves the session as it is.
pub(crate) fn restrict_role(session: &crate::engine::Session, role: Option<&str>) {
    if let Some(role) = role {
        session.update(|state| {
            state.role = role.to_owned();
            state.role_restriction = Some(role.to_owned());
        });
    }
}

/// Why a caller was turned away; the message a 401 body carries never says more than this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// No Authorization header, or one of an unknown scheme.
    Missing,
    /// A token that does not verify (forged, wrong account, unknown user, bad type).
    Invalid,
    /// A token that verified but has expired.
    Expired,
}

/// Authenticates the caller of a stateless API request.
pub(crate) fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Caller, Rejection> {
    if let Some(token) = super::auth::token(headers) {
        return match state.sessions.lookup(token) {
            Lookup::Valid(opened) => {
                let connector = opened.session.state();
                Ok(authenticated(
                    connector.user,
                    CredentialKind::SessionToken,
                    connector.role_restriction,
                ))
            }
            Lookup::Expired => Err(Rejection::Expired),
            Lookup::Unknown => Err(Rejection::Invalid),
        };
    }
    let token = bearer_token(headers).ok_or(Rejection::Missing)?;
    let kind = headers
        .get(TOKEN_TYPE_HEADER)
        .map(|v| v.to_str().map(str::trim).map_err(|_| Rejection::Invalid))
        .transpose()?
        .unwrap_or("OAUTH");
    let catalog = state.engine.snapshot();
    let mut role_restriction = None;
    let (user, kind) = if kind.eq_ignore_ascii_case("KEYPAIR_JWT") {
        let user = jwt::verify(&catalog, &state.config.account, token).map_err(|r| match r {
            JwtRejection::Invalid => Rejection::Invalid,
            JwtRejection::Expired => Rejection::Expired,
        })?;
        (user.name.to_string(), CredentialKind::KeypairJwt)
    } else if kind.eq_ignore_ascii_case("OAUTH") {
        let user = match state.sessions.oauth.check(token) {
            AccessCheck::Valid(user) => user,
            AccessCheck::Expired => return Err(Rejection::Expired),
            AccessCheck::Unknown => return Err(Rejection::Invalid),
        };
        (user, CredentialKind::OAuth)
    } else if kind.eq_ignore_ascii_case("PROGRAMMATIC_ACCESS_TOKEN") {
        let (user, grant) = catalog
            .users
            .values()
            .find_map(|u| u.programmatic_access_token(token).map(|grant| (u, grant)))
            .ok_or(Rejection::Invalid)?;
        role_restriction = grant.role_restriction;
        (
            user.name.to_string(),
            CredentialKind::ProgrammaticAccessToken,
        )
    } else {
        return Err(Rejection::Invalid);
    };
    // The user may have been dropped or disabled since the token was issued.
    let active = catalog
        .users
        .values()
        .any(|u| u.name.as_str() == user && !u.is_disabled());
    if !active {
        return Err(Rejection::Invalid);
    }
    Ok(authenticated(user, kind, role_restriction))
}

fn authenticated(user: String, kind: CredentialKind, role_restriction: Option<String>) -> Caller {
    let caller = Caller {
        user,
        kind,
        role_restriction,
    };
    tracing::debug!(user = %caller.user, kind = ?caller.kind, "bearer caller authenticated");
    caller
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("Bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use std::{sync::Arc, time::Duration};

    use axum::http::HeaderValue;
    use base64::Engine as _;
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    use rsa::{RsaPrivateKey, pkcs8::DecodePrivateKey, pkcs8::EncodePublicKey};
    use serde_json::json;

    use super::*;
    use crate::{
        engine::{Engine, EngineConfig},
        server::{config::ServerConfig, sessions::SessionTable},
        sql::binds::Binds,
    };

    const KEY: &str = include_str!("../../tests/fixtures/jwt_key_1.pem");
    const OTHER_KEY: &str = include_str!("../../tests/fixtures/jwt_key_2.pem");

    fn public_key_base64(pem: &str) -> String {
        let key = RsaPrivateKey::from_pkcs8_pem(pem).unwrap();
        let der = key.to_public_key().to_public_key_der().unwrap();
        base64::engine::general_purpose::STANDARD.encode(der.as_bytes())
    }

    fn jwt(
        signing: &str,
        fingerprint_of: &str,
        account: &str,
        user: &str,
        lifetime: i64,
    ) -> String {
        let fp = crate::catalog::User::public_key_fingerprint(&public_key_base64(fingerprint_of))
            .unwrap();
        let now = chrono::Utc::now().timestamp();
        let claims = json!({
            "iss": format!("{account}.{user}.{fp}"),
            "sub": format!("{account}.{user}"),
            "iat": now,
            "exp": now + lifetime,
        });
        let key = EncodingKey::from_rsa_pem(signing.as_bytes()).unwrap();
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap()
    }

    async fn state() -> AppState {
        let engine = Engine::open(EngineConfig::default()).unwrap();
        let session = engine.session("ADMIN");
        let key = public_key_base64(KEY);
        session
            .execute(
                &format!("CREATE USER ANN RSA_PUBLIC_KEY = '{key}'"),
                &Binds::none(),
            )
            .await
            .unwrap();
        AppState {
            engine,
            sessions: Arc::new(SessionTable::default()),
            config: Arc::new(ServerConfig {
                account: "SNOWAPI".into(),
                ..ServerConfig::default()
            }),
            chunks: Arc::new(super::super::chunks::ChunkStore::new(1 << 20)),
            statements: Arc::default(),
            query_store: Arc::default(),
        }
    }

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn bearer(token: &str, kind: Option<&str>) -> HeaderMap {
        let mut pairs = vec![("authorization", format!("Bearer {token}"))];
        if let Some(kind) = kind {
            pairs.push((TOKEN_TYPE_HEADER, kind.to_owned()));
        }
        headers(&pairs)
    }

    #[tokio::test]
    async fn keypair_jwts() {
        let state = state().await;
        let good = jwt(KEY, KEY, "SNOWAPI", "ANN", 60);
        let caller = authenticate(&state, &bearer(&good, Some("KEYPAIR_JWT"))).unwrap();
        assert_eq!(caller.user, "ANN");
        assert_eq!(caller.kind, CredentialKind::KeypairJwt);
        let locator = jwt(KEY, KEY, "snowapi", "ANN", 60);
        assert!(authenticate(&state, &bearer(&locator, Some("KEYPAIR_JWT"))).is_ok());
        for (token, why) in [
            (jwt(OTHER_KEY, KEY, "SNOWAPI", "ANN", 60), "forged"),
            (jwt(KEY, KEY, "OTHER", "ANN", 60), "wrong account"),
            (
                jwt(OTHER_KEY, OTHER_KEY, "SNOWAPI", "ANN", 60),
                "unknown key",
            ),
            (jwt(KEY, KEY, "SNOWAPI", "BOB", 60), "unknown user"),
            (jwt(KEY, KEY, "SNOWAPI", "ANN", 7200), "too long"),
        ] {
            assert_eq!(
                authenticate(&state, &bearer(&token, Some("KEYPAIR_JWT"))).unwrap_err(),
                Rejection::Invalid,
                "{why}"
            );
        }
        let expired = jwt(KEY, KEY, "SNOWAPI", "ANN", -600);
        assert_eq!(
            authenticate(&state, &bearer(&expired, Some("KEYPAIR_JWT"))).unwrap_err(),
            Rejection::Expired
        );
        assert_eq!(
            authenticate(&state, &bearer(&good, Some("SOMETHING"))).unwrap_err(),
            Rejection::Invalid
        );
    }

    #[tokio::test]
    async fn oauth_pat_and_session_tokens() {
        let state = state().await;
        let (access, _) = state
            .sessions
            .oauth
            .issue("app", "ANN", Duration::from_secs(60));
        let caller = authenticate(&state, &bearer(&access, None)).unwrap();
        assert_eq!(
            (caller.user.as_str(), caller.kind),
            ("ANN", CredentialKind::OAuth)
        );
        assert!(authenticate(&state, &bearer(&access, Some("OAUTH"))).is_ok());
        assert_eq!(
            authenticate(&state, &bearer("made-up", None)).unwrap_err(),
            Rejection::Invalid
        );
        let (stale, _) = state.sessions.oauth.issue("app", "ANN", Duration::ZERO);
        assert_eq!(
            authenticate(&state, &bearer(&stale, None)).unwrap_err(),
            Rejection::Expired
        );

        state
            .engine
            .commit(|catalog| {
                let mut ann = (**catalog
                    .users
                    .values()
                    .find(|u| u.name.as_str() == "ANN")
                    .unwrap())
                .clone();
                let later = chrono::Utc::now() + chrono::Duration::days(1);
                ann.add_programmatic_access_token("T", "pat-secret", later, None, None);
                catalog.users.insert(ann.name.clone(), Arc::new(ann));
                Ok(())
            })
            .await
            .unwrap();
        let pat = Some("PROGRAMMATIC_ACCESS_TOKEN");
        let caller = authenticate(&state, &bearer("pat-secret", pat)).unwrap();
        assert_eq!(caller.kind, CredentialKind::ProgrammaticAccessToken);
        assert_eq!(
            authenticate(&state, &bearer("pat-wrong", pat)).unwrap_err(),
            Rejection::Invalid
        );

        let opened = state.sessions.open(
            state.engine.session("ANN"),
            Duration::from_secs(60),
            Duration::from_secs(60),
        );
        let snowflake = headers(&[(
            "authorization",
            format!("Snowflake Token=\"{}\"", opened.token()),
        )]);
        assert_eq!(
            authenticate(&state, &snowflake).unwrap().kind,
            CredentialKind::SessionToken
        );
        state.sessions.expire_all();
        assert_eq!(
            authenticate(&state, &snowflake).unwrap_err(),
            Rejection::Expired
        );
        assert_eq!(
            authenticate(&state, &HeaderMap::new()).unwrap_err(),
            Rejection::Missing
        );
    }
}
