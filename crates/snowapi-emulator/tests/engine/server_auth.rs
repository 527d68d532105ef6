//! Authentication over HTTP: key-pair JWT, OAuth (with the token endpoint), programmatic access
//! tokens, session token expiry and renewal.

use std::time::Duration;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::{
    RsaPrivateKey,
    pkcs8::{DecodePrivateKey, EncodePublicKey},
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use snowapi_emulator::server::{Emulator, EmulatorBuilder, ResultFormat, RunningEmulator};

const KEY_1: &str = include_str!("../fixtures/jwt_key_1.pem");
const KEY_2: &str = include_str!("../fixtures/jwt_key_2.pem");

fn builder() -> EmulatorBuilder {
    Emulator::builder()
        .account("SNOWAPI")
        .user("ADMIN", "admin-password")
        .result_format(ResultFormat::Json)
}

async fn post(url: &str, token: Option<&str>, body: &Value) -> Value {
    let mut request = reqwest::Client::new().post(url).json(body);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Snowflake Token=\"{token}\""));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn login_with(emulator: &RunningEmulator, data: Value) -> Value {
    let mut data = data;
    data["ACCOUNT_NAME"] = json!("snowapi");
    post(
        &format!("{}/session/v1/login-request", emulator.url()),
        None,
        &json!({ "data": data }),
    )
    .await
}

async fn admin_token(emulator: &RunningEmulator) -> String {
    let reply = login_with(
        emulator,
        json!({"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}),
    )
    .await;
    reply["data"]["token"].as_str().unwrap().to_owned()
}

async fn query(emulator: &RunningEmulator, token: &str, sql: &str) -> Value {
    post(
        &format!("{}/queries/v1/query-request", emulator.url()),
        Some(token),
        &json!({"sqlText": sql, "sequenceId": 1}),
    )
    .await
}

/// Base64 DER SubjectPublicKeyInfo of a private key's public half, as ALTER USER stores it.
fn public_key(pem: &str) -> String {
    let key = RsaPrivateKey::from_pkcs8_pem(pem).unwrap();
    let der = key.to_public_key().to_public_key_der().unwrap();
    base64::engine::general_purpose::STANDARD.encode(der.as_bytes())
}

fn fingerprint(pem: &str) -> String {
    let der = base64::engine::general_purpose::STANDARD
        .decode(public_key(pem))
        .unwrap();
    format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&der))
    )
}

/// A key-pair JWT signed with `signing`, naming the key `named` in its issuer.
fn jwt(
    signing: &str,
    named: &str,
    account: &str,
    user: &str,
    iat_offset: i64,
    lifetime: i64,
) -> String {
    let iat = chrono::Utc::now().timestamp() + iat_offset;
    let claims = json!({
        "iss": format!("{account}.{user}.{}", fingerprint(named)),
        "sub": format!("{account}.{user}"),
        "iat": iat,
        "exp": iat + lifetime,
    });
    let key = EncodingKey::from_rsa_pem(signing.as_bytes()).unwrap();
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap()
}

async fn jwt_login(emulator: &RunningEmulator, token: &str) -> Value {
    login_with(
        emulator,
        json!({"LOGIN_NAME": "admin", "AUTHENTICATOR": "SNOWFLAKE_JWT", "TOKEN": token}),
    )
    .await
}

#[tokio::test]
async fn key_pair_jwt_logins() {
    let emulator = builder().start().await.unwrap();
    let admin = admin_token(&emulator).await;
    let set = format!(
        "ALTER USER ADMIN SET RSA_PUBLIC_KEY = '{}'",
        public_key(KEY_1)
    );
    assert_eq!(query(&emulator, &admin, &set).await["success"], true);

    let good = jwt_login(&emulator, &jwt(KEY_1, KEY_1, "SNOWAPI", "ADMIN", 0, 60)).await;
    assert_eq!(good["success"], true, "{good}");
    let token = good["data"]["token"].as_str().unwrap();
    let me = query(&emulator, token, "SELECT CURRENT_USER()").await;
    assert_eq!(me["data"]["rowset"], json!([["ADMIN"]]), "{me}");
    let locator = jwt(KEY_1, KEY_1, "snowapi", "ADMIN", 0, 60);
    assert_eq!(jwt_login(&emulator, &locator).await["success"], true);

    let mut messages = Vec::new();
    for (token, why) in [
        (
            jwt(KEY_2, KEY_1, "SNOWAPI", "ADMIN", 0, 60),
            "forged signature",
        ),
        (
            jwt(KEY_1, KEY_1, "OTHERACCT", "ADMIN", 0, 60),
            "wrong account",
        ),
        (
            jwt(KEY_2, KEY_2, "SNOWAPI", "ADMIN", 0, 60),
            "unregistered key's fingerprint",
        ),
        (jwt(KEY_1, KEY_1, "SNOWAPI", "ADMIN", -600, 120), "expired"),
        (
            jwt(KEY_1, KEY_1, "SNOWAPI", "ADMIN", 0, 7200),
            "lifetime over an hour",
        ),
        ("not-a-jwt".to_owned(), "garbage"),
    ] {
        let reply = jwt_login(&emulator, &token).await;
        assert_eq!(reply["success"], false, "{why}: {reply}");
        assert_eq!(reply["code"], "390144", "{why}: {reply}");
        assert_eq!(reply["data"]["sqlState"], "28000", "{why}");
        messages.push(reply["message"].clone());
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:?}");

    // The second key works once registered, during rotation.
    let set_2 = format!(
        "ALTER USER ADMIN SET RSA_PUBLIC_KEY_2 = '{}'",
        public_key(KEY_2)
    );
    assert_eq!(query(&emulator, &admin, &set_2).await["success"], true);
    let second = jwt_login(&emulator, &jwt(KEY_2, KEY_2, "SNOWAPI", "ADMIN", 0, 60)).await;
    assert_eq!(second["success"], true, "{second}");
    emulator.shutdown().await;
}

/// POSTs a form to the OAuth token endpoint; the status and JSON answer.
async fn token_request(
    emulator: &RunningEmulator,
    basic: Option<(&str, &str)>,
    form: &str,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/oauth/token-request", emulator.url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form.to_owned());
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn oauth_login(emulator: &RunningEmulator, token: &str) -> Value {
    login_with(
        emulator,
        json!({"LOGIN_NAME": "admin", "AUTHENTICATOR": "OAUTH", "TOKEN": token}),
    )
    .await
}

#[tokio::test]
async fn oauth_token_endpoint_and_logins() {
    let emulator = builder()
        .oauth_client("app", "app-secret", "ADMIN")
        .start()
        .await
        .unwrap();
    let (status, issued) = token_request(
        &emulator,
        Some(("app", "app-secret")),
        "grant_type=client_credentials&scope=session%3Arole%3APUBLIC",
    )
    .await;
    assert_eq!(status, 200, "{issued}");
    assert_eq!(issued["token_type"], "Bearer");
    assert_eq!(issued["expires_in"], 600);
    assert_eq!(issued["username"], "ADMIN");
    assert_eq!(issued["scope"], "session:role:PUBLIC");
    let access = issued["access_token"].as_str().unwrap();
    let refresh = issued["refresh_token"].as_str().unwrap();
    let reply = oauth_login(&emulator, access).await;
    assert_eq!(reply["success"], true, "{reply}");

    // Refresh with the client in form fields; refresh tokens rotate.
    let form = format!(
        "grant_type=refresh_token&refresh_token={refresh}&client_id=app&client_secret=app-secret"
    );
    let (status, refreshed) = token_request(&emulator, None, &form).await;
    assert_eq!(status, 200, "{refreshed}");
    let new_access = refreshed["access_token"].as_str().unwrap();
    assert_ne!(new_access, access);
    assert_eq!(oauth_login(&emulator, new_access).await["success"], true);
    let (status, reused) = token_request(&emulator, None, &form).await;
    assert_eq!(
        (status, reused["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    let (status, refused) = token_request(
        &emulator,
        Some(("app", "wrong")),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, refused) = token_request(
        &emulator,
        Some(("app", "app-secret")),
        "grant_type=password",
    )
    .await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );

    let made_up = oauth_login(&emulator, "sfoa-made-up").await;
    assert_eq!(
        (made_up["success"].as_bool(), made_up["code"].as_str()),
        (Some(false), Some("390303"))
    );
    emulator.shutdown().await;

    // Access tokens expire.
    let short = builder()
        .oauth_client("app", "app-secret", "ADMIN")
        .oauth_token_validity(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let (_, issued) = token_request(
        &short,
        Some(("app", "app-secret")),
        "grant_type=client_credentials",
    )
    .await;
    let stale = oauth_login(&short, issued["access_token"].as_str().unwrap()).await;
    assert_eq!(stale["code"], "390318", "{stale}");
    short.shutdown().await;
}

#[tokio::test]
async fn programmatic_access_tokens() {
    let emulator = builder().start().await.unwrap();
    let admin = admin_token(&emulator).await;
    let added = query(
        &emulator,
        &admin,
        "ALTER USER ADMIN ADD PROGRAMMATIC ACCESS TOKEN ci_token DAYS_TO_EXPIRY = 1 COMMENT = 'ci'",
    )
    .await;
    assert_eq!(added["success"], true, "{added}");
    let columns: Vec<&str> = added["data"]["rowtype"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["token_name", "token_secret"]);
    let row = &added["data"]["rowset"][0];
    assert_eq!(row[0], "CI_TOKEN");
    let secret = row[1].as_str().unwrap();

    let as_token = login_with(
        &emulator,
        json!({"LOGIN_NAME": "admin", "AUTHENTICATOR": "PROGRAMMATIC_ACCESS_TOKEN", "TOKEN": secret}),
    )
    .await;
    assert_eq!(as_token["success"], true, "{as_token}");
    let no_user = login_with(
        &emulator,
        json!({"AUTHENTICATOR": "PROGRAMMATIC_ACCESS_TOKEN", "TOKEN": secret}),
    )
    .await;
    assert_eq!(no_user["success"], true, "{no_user}");
    let as_password = login_with(
        &emulator,
        json!({"LOGIN_NAME": "admin", "PASSWORD": secret}),
    )
    .await;
    assert_eq!(as_password["success"], true, "{as_password}");
    let wrong = login_with(
        &emulator,
        json!({"LOGIN_NAME": "admin", "AUTHENTICATOR": "PROGRAMMATIC_ACCESS_TOKEN", "TOKEN": "pat-wrong"}),
    )
    .await;
    assert_eq!(wrong["code"], "390100", "{wrong}");
    let again = query(&emulator, &admin, "ALTER USER ADMIN ADD PAT ci_token").await;
    assert_eq!(again["success"], false, "{again}");
    emulator.shutdown().await;
}

async fn renew(emulator: &RunningEmulator, master: &str, old: &str) -> Value {
    post(
        &format!("{}/session/token-request?requestId=1", emulator.url()),
        Some(master),
        &json!({"oldSessionToken": old, "requestType": "RENEW"}),
    )
    .await
}

#[tokio::test]
async fn session_tokens_expire_and_renew() {
    let emulator = builder()
        .session_validity(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let reply = login_with(
        &emulator,
        json!({"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}),
    )
    .await;
    assert_eq!(reply["data"]["validityInSeconds"], 1);
    let token = reply["data"]["token"].as_str().unwrap().to_owned();
    let master = reply["data"]["masterToken"].as_str().unwrap().to_owned();
    assert_eq!(query(&emulator, &token, "SELECT 1").await["success"], true);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let expired = query(&emulator, &token, "SELECT 1").await;
    assert_eq!(expired["code"], "390112", "{expired}");
    let beat = post(
        &format!("{}/session/heartbeat", emulator.url()),
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(beat["code"], "390112", "{beat}");

    let renewed = renew(&emulator, &master, &token).await;
    assert_eq!(renewed["success"], true, "{renewed}");
    let data = &renewed["data"];
    for field in [
        "sessionToken",
        "validityInSecondsST",
        "masterToken",
        "validityInSecondsMT",
        "masterValidityInSeconds",
        "sessionId",
    ] {
        assert!(!data[field].is_null(), "{field} missing: {renewed}");
    }
    assert_eq!(data["sessionId"], reply["data"]["sessionId"]);
    let fresh = data["sessionToken"].as_str().unwrap().to_owned();
    assert_ne!(fresh, token);
    assert_eq!(query(&emulator, &fresh, "SELECT 1").await["success"], true);
    // The replaced token still reads as expired (not unknown), so clients renew, not re-login.
    assert_eq!(query(&emulator, &token, "SELECT 1").await["code"], "390112");

    let unknown = renew(&emulator, "ver:1-hint-master:nope", &fresh).await;
    assert_eq!(unknown["code"], "390113", "{unknown}");

    // Logout works with the expired token and ends the session.
    let out = post(
        &format!("{}/session?delete=true", emulator.url()),
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(out["success"], true);
    assert_eq!(query(&emulator, &fresh, "SELECT 1").await["code"], "390104");
    emulator.shutdown().await;
}

#[tokio::test]
async fn expired_master_tokens_and_expire_sessions() {
    let emulator = builder()
        .session_validity(Duration::from_secs(1))
        .master_validity(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let reply = login_with(
        &emulator,
        json!({"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}),
    )
    .await;
    let token = reply["data"]["token"].as_str().unwrap();
    let master = reply["data"]["masterToken"].as_str().unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let refused = renew(&emulator, master, token).await;
    assert_eq!(refused["code"], "390114", "{refused}");
    emulator.shutdown().await;

    let emulator = builder().start().await.unwrap();
    let reply = login_with(
        &emulator,
        json!({"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}),
    )
    .await;
    let token = reply["data"]["token"].as_str().unwrap();
    let master = reply["data"]["masterToken"].as_str().unwrap();
    assert_eq!(query(&emulator, token, "SELECT 1").await["success"], true);
    emulator.expire_sessions();
    assert_eq!(query(&emulator, token, "SELECT 1").await["code"], "390112");
    let renewed = renew(&emulator, master, token).await;
    let fresh = renewed["data"]["sessionToken"].as_str().unwrap();
    let after = query(&emulator, fresh, "SELECT 1").await;
    assert_eq!(after["success"], true, "{after}");
    emulator.shutdown().await;
}
