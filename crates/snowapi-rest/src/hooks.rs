//! What every generated client does around each request: authenticate, identify itself, trace.
//!
//! Generation uses `HooksMode::Expected`, so a module without these hooks fails to compile; the
//! generated `mod.rs` calls [`impl_client_hooks!`] for every module.

use std::{fmt, sync::Arc};

use bytes::Bytes;
use progenitor_client::{Error, OperationInfo};
use reqwest::{
    StatusCode, Version,
    header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, InvalidHeaderValue, USER_AGENT},
};
use secrecy::ExposeSecret;
use snowapi_auth::{Credential, TokenProvider, TokenType};
use tracing::{Instrument, field::Empty};

/// Header naming the kind of a bearer token.
pub(crate) const TOKEN_TYPE: HeaderName =
    HeaderName::from_static("x-snowflake-authorization-token-type");
/// Header carrying Snowflake's id of a request.
pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-snowflake-request-id");
/// Progenitor sends the spec's `info.version` under this name; Snowflake has no use for it.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");
/// Snowflake's error code for an expired session token.
const SESSION_EXPIRED: &str = "390112";

/// What the hooks of every generated client share: where credentials come from and how the
/// client introduces itself. Cloning is cheap.
#[derive(Clone)]
pub struct HookContext {
    provider: Arc<dyn TokenProvider>,
    user_agent: HeaderValue,
}

impl HookContext {
    pub(crate) fn new(provider: Arc<dyn TokenProvider>, user_agent: HeaderValue) -> Self {
        Self {
            provider,
            user_agent,
        }
    }
}

impl fmt::Debug for HookContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The provider's own Debug is required to redact its secrets.
        f.debug_struct("HookContext")
            .field("provider", &self.provider)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// Runs before a request leaves: puts the credential and the user agent on it.
pub(crate) async fn prepare<E>(
    context: &HookContext,
    request: &mut reqwest::Request,
    info: &OperationInfo,
) -> Result<(), Error<E>> {
    let credential = context.provider.credential().await.map_err(|e| {
        Error::Custom(format!(
            "{}: no credential for the request: {e}",
            info.operation_id
        ))
    })?;
    let headers = request.headers_mut();
    headers.remove(API_VERSION);
    set_credential(headers, &credential)
        .map_err(|_| Error::Custom("the credential is not a valid header value".to_owned()))?;
    headers.insert(USER_AGENT, context.user_agent.clone());
    Ok(())
}

/// Puts `credential` in the `Authorization` (and token-type) headers, marked sensitive.
fn set_credential(
    headers: &mut HeaderMap,
    credential: &Credential,
) -> Result<(), InvalidHeaderValue> {
    let mut authorization = HeaderValue::from_str(credential.authorization().expose_secret())?;
    authorization.set_sensitive(true);
    headers.insert(AUTHORIZATION, authorization);
    match credential.token_type() {
        Some(kind) => headers.insert(TOKEN_TYPE, HeaderValue::from_static(kind.header_value())),
        None => headers.remove(TOKEN_TYPE),
    };
    Ok(())
}

/// The credential a request carries, read back from its headers.
fn credential_of(headers: &HeaderMap) -> Option<Credential> {
    let authorization = headers.get(AUTHORIZATION)?.to_str().ok()?;
    if let Some(token) = authorization.strip_prefix("Bearer ") {
        let kind = match headers.get(TOKEN_TYPE)?.to_str().ok()? {
            "KEYPAIR_JWT" => TokenType::KeypairJwt,
            "OAUTH" => TokenType::OAuth,
            "PROGRAMMATIC_ACCESS_TOKEN" => TokenType::ProgrammaticAccessToken,
            _ => return None,
        };
        return Some(Credential::bearer(token, kind));
    }
    let token = authorization
        .strip_prefix("Snowflake Token=\"")?
        .strip_suffix('"')?;
    Some(Credential::session(token))
}

/// Whether an error body carries Snowflake's "session token expired" code.
fn session_expired(body: &[u8]) -> bool {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    ["error_code", "code"]
        .iter()
        .any(|key| value.get(key).and_then(|v| v.as_str()) == Some(SESSION_EXPIRED))
}

/// Sends a request. When Snowflake answers that the session token expired (390112, whatever
/// the status), tells the token provider, and sends the request once more with a fresh
/// credential, as Snowflake's own clients do.
pub(crate) async fn execute(
    context: &HookContext,
    http: &reqwest::Client,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let replay = request.try_clone();
    let response = send(http, request, info).await?;
    if response.status().is_success() {
        return Ok(response);
    }
    let Some(mut replay) = replay else {
        return Ok(response);
    };
    let (status, version, headers) = (
        response.status(),
        response.version(),
        response.headers().clone(),
    );
    let body = response.bytes().await?;
    if !session_expired(&body) {
        return Ok(rebuilt(status, version, headers, body));
    }
    if let Some(rejected) = credential_of(replay.headers()) {
        context.provider.invalidate(&rejected).await;
    }
    let fresh = match context.provider.credential().await {
        Ok(fresh) => fresh,
        Err(error) => {
            tracing::warn!(%error, "no fresh credential after the session expired");
            return Ok(rebuilt(status, version, headers, body));
        }
    };
    if set_credential(replay.headers_mut(), &fresh).is_err() {
        return Ok(rebuilt(status, version, headers, body));
    }
    tracing::debug!(
        operation = info.operation_id,
        "session expired: replaying with a renewed token"
    );
    send(http, replay, info).await
}

/// A response equal to one whose body was already read.
fn rebuilt(
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

/// Sends a request inside a span named after its operation, recording Snowflake's request id.
async fn send(
    http: &reqwest::Client,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::info_span!(
        "snowflake.rest",
        operation = info.operation_id,
        method = %request.method(),
        path = request.url().path(),
        status = Empty,
        request_id = Empty,
    );
    async move {
        let result = http.execute(request).await;
        match &result {
            Ok(response) => {
                let span = tracing::Span::current();
                span.record("status", response.status().as_u16());
                let request_id = response
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok());
                if let Some(id) = request_id {
                    span.record("request_id", id);
                }
                tracing::debug!(status = response.status().as_u16(), request_id, "response");
            }
            Err(error) => tracing::warn!(%error, "request failed"),
        }
        result
    }
    .instrument(span)
    .await
}

/// Implements the hooks, and [`Api`](crate::Api), for the `Client` of each generated module.
macro_rules! impl_client_hooks {
    ($($module:ident),* $(,)?) => {$(
        impl progenitor_client::ClientHooks<$crate::hooks::HookContext>
            for $crate::generated::$module::Client
        {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), progenitor_client::Error<E>> {
                use progenitor_client::ClientInfo as _;
                $crate::hooks::prepare(self.inner(), request, info).await
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                use progenitor_client::ClientInfo as _;
                $crate::hooks::execute(self.inner(), self.client(), request, info).await
            }
        }

        impl $crate::Api for $crate::generated::$module::Client {
            fn from_rest(rest: &$crate::RestClient) -> Self {
                Self::new_with_client(rest.base_url(), rest.http().clone(), rest.hook_context())
            }
        }
    )*};
}
pub(crate) use impl_client_hooks;
