//! `POST /session/v1/login-request` with each authenticator: the exact request, the parsed
//! answer, and refusals.

use std::sync::Arc;

use secrecy::ExposeSecret;
use serde_json::{Value, json};
use snowapi_auth::{
    AuthError, Authenticator, Credential, KeyPairAuthenticator, OAuthAuthenticator, PasscodeMode,
    PasswordAuthenticator, PatAuthenticator, PrivateKey, Session, SessionInfo, TokenProvider,
};

use crate::{
    fixture,
    support::{LOGIN, TestServer, login_ok, refused},
};

async fn login_with(server: &TestServer, authenticator: Arc<dyn Authenticator>) -> Session {
    Session::builder(server.url())
        .account("myorg-myaccount")
        .user("Tester")
        .authenticator(authenticator)
        .login()
        .await
        .expect("login")
}

/// `data` of the recorded login, without the informational CLIENT_ENVIRONMENT.
fn login_data(server: &TestServer) -> Value {
    let mut data = server.single(LOGIN).json()["data"].clone();
    let environment = data
        .as_object_mut()
        .unwrap()
        .remove("CLIENT_ENVIRONMENT")
        .expect("CLIENT_ENVIRONMENT");
    assert_eq!(environment["APPLICATION"], "snowapi-rust");
    assert_eq!(environment["OS"], std::env::consts::OS);
    data
}

#[tokio::test]
async fn password_login_sends_the_exact_request() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("session-1", "master-1", 3600, 14400));
    let session = Session::builder(format!("{}/", server.url()))
        .account("myorg-myaccount")
        .user("Tester")
        .database("DB1")
        .schema("PUBLIC")
        .warehouse("WH1")
        .role("SYSADMIN")
        .session_parameter("query_tag", "nightly")
        .authenticator(Arc::new(PasswordAuthenticator::new("pa55word")))
        .login()
        .await
        .unwrap();

    let request = server.single(LOGIN);
    request.assert_line("POST", "/session/v1/login-request");
    request.assert_query_names(&[
        "databaseName",
        "schemaName",
        "warehouse",
        "roleName",
        "request_id",
    ]);
    assert_eq!(request.query_param("databaseName").as_deref(), Some("DB1"));
    assert_eq!(request.query_param("schemaName").as_deref(), Some("PUBLIC"));
    assert_eq!(request.query_param("warehouse").as_deref(), Some("WH1"));
    assert_eq!(request.query_param("roleName").as_deref(), Some("SYSADMIN"));
    let request_id = request.query_param("request_id").unwrap();
    assert!(uuid::Uuid::parse_str(&request_id).is_ok(), "{request_id}");
    assert_eq!(
        request.header("authorization"),
        Some(r#"Snowflake Token="None""#)
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        login_data(&server),
        json!({
            "CLIENT_APP_ID": "snowapi-rust",
            "CLIENT_APP_VERSION": env!("CARGO_PKG_VERSION"),
            "ACCOUNT_NAME": "myorg-myaccount",
            "LOGIN_NAME": "Tester",
            "SESSION_PARAMETERS": {"QUERY_TAG": "nightly"},
            "PASSWORD": "pa55word",
        })
    );

    // The answer, parsed.
    assert_eq!(session.session_id(), Some(1234567890));
    assert_eq!(session.server_version().as_deref(), Some("9.99.0"));
    let mut expected = SessionInfo::default();
    expected.database = Some("DB1".into());
    expected.schema = Some("PUBLIC".into());
    expected.warehouse = Some("WH1".into());
    expected.role = Some("SYSADMIN".into());
    assert_eq!(session.info(), expected);
    assert_eq!(session.parameter("timezone"), Some(json!("UTC")));
    assert_eq!(
        session.parameter("CLIENT_STAGE_ARRAY_BINDING_THRESHOLD"),
        Some(json!(0))
    );
    assert_eq!(session.parameters().len(), 3);
    assert_eq!(session.base_url(), server.url());
    let credential = session.credential().await.unwrap();
    assert_eq!(
        credential.authorization().expose_secret(),
        r#"Snowflake Token="session-1""#
    );
    assert_eq!(credential.token_type(), None);
}

#[tokio::test]
async fn no_context_means_only_request_id_in_the_query() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    login_with(&server, Arc::new(PasswordAuthenticator::new("pw"))).await;
    server.single(LOGIN).assert_query_names(&["request_id"]);
}

#[tokio::test]
async fn passcode_logins() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let separate = PasswordAuthenticator::new("pw").with_passcode("123456", PasscodeMode::Separate);
    login_with(&server, Arc::new(separate)).await;
    let data = login_data(&server);
    assert_eq!(data["PASSWORD"], "pw");
    assert_eq!(data["PASSCODE"], "123456");
    assert_eq!(data["EXT_AUTHN_DUO_METHOD"], "passcode");
    assert!(data.get("AUTHENTICATOR").is_none());

    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let appended =
        PasswordAuthenticator::new("pw").with_passcode("123456", PasscodeMode::InPassword);
    login_with(&server, Arc::new(appended)).await;
    let data = login_data(&server);
    assert_eq!(data["PASSWORD"], "pw123456");
    assert_eq!(data["EXT_AUTHN_DUO_METHOD"], "passcode");
    assert!(data.get("PASSCODE").is_none());
}

#[tokio::test]
async fn key_pair_login_sends_a_verifiable_jwt() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let key = PrivateKey::from_file(fixture("rsa_key.p8"), None).unwrap();
    let jwt = KeyPairAuthenticator::new("myorg-myaccount", "Tester", key).unwrap();
    let subject = jwt.subject().to_owned();
    login_with(&server, Arc::new(jwt)).await;
    let data = login_data(&server);
    assert_eq!(data["AUTHENTICATOR"], "SNOWFLAKE_JWT");
    assert_eq!(data["LOGIN_NAME"], "Tester");
    let token = data["TOKEN"].as_str().unwrap();
    let public = std::fs::read(fixture("rsa_key.pub")).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_aud = false;
    let claims = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_rsa_pem(&public).unwrap(),
        &validation,
    )
    .unwrap()
    .claims;
    assert_eq!(claims["sub"], subject);
    assert_eq!(subject, "MYORG-MYACCOUNT.TESTER");
}

#[tokio::test]
async fn oauth_and_pat_logins() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    login_with(
        &server,
        Arc::new(OAuthAuthenticator::from_token("access-token")),
    )
    .await;
    let data = login_data(&server);
    assert_eq!(data["AUTHENTICATOR"], "OAUTH");
    assert_eq!(data["TOKEN"], "access-token");
    assert!(data.get("PASSWORD").is_none());

    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    login_with(&server, Arc::new(PatAuthenticator::new("my-pat"))).await;
    let data = login_data(&server);
    assert_eq!(data["AUTHENTICATOR"], "PROGRAMMATIC_ACCESS_TOKEN");
    assert_eq!(data["TOKEN"], "my-pat");
}

#[tokio::test]
async fn a_pat_login_may_omit_the_user() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    Session::builder(server.url())
        .account("acct")
        .authenticator(Arc::new(PatAuthenticator::new("my-pat")))
        .login()
        .await
        .unwrap();
    assert!(login_data(&server).get("LOGIN_NAME").is_none());
}

#[tokio::test]
async fn a_refused_login_keeps_code_and_message_but_not_the_secret() {
    let server = TestServer::start().await;
    // A server that echoes the password back must not get it into the error.
    server.respond(
        LOGIN,
        refused(
            "390100",
            "Incorrect username or password was specified (hunter22).",
        ),
    );
    let error = Session::builder(server.url())
        .account("acct")
        .user("u")
        .authenticator(Arc::new(PasswordAuthenticator::new("hunter22")))
        .login()
        .await
        .unwrap_err();
    match &error {
        AuthError::Snowflake {
            operation,
            code,
            message,
        } => {
            assert_eq!(*operation, "login");
            assert_eq!(code, "390100");
            assert!(
                message.starts_with("Incorrect username or password"),
                "{message}"
            );
        }
        other => panic!("expected a Snowflake error, got {other:?}"),
    }
    assert_eq!(error.snowflake_code(), Some("390100"));
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("hunter22"), "{shown}");
        assert!(shown.contains("390100"), "{shown}");
    }
}

#[tokio::test]
async fn http_errors_and_malformed_answers_are_typed() {
    let server = TestServer::start().await;
    server.respond_status(LOGIN, 503, json!({"message": "down"}));
    server.respond(
        LOGIN,
        json!({"success": true, "data": {"masterToken": "m"}}),
    );
    server.respond(LOGIN, json!(["not", "an", "envelope"]));
    let builder = || {
        Session::builder(server.url())
            .account("acct")
            .user("u")
            .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
    };
    let error = builder().login().await.unwrap_err();
    assert!(
        matches!(
            error,
            AuthError::Http {
                operation: "login",
                status: Some(503),
                ..
            }
        ),
        "{error:?}"
    );
    let error = builder().login().await.unwrap_err();
    assert!(
        matches!(error, AuthError::InvalidResponse { .. }),
        "{error:?}"
    );
    let error = builder().login().await.unwrap_err();
    assert!(
        matches!(error, AuthError::InvalidResponse { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn builder_checks() {
    let no_account = Session::builder("http://127.0.0.1:9")
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .unwrap_err();
    assert!(
        matches!(no_account, AuthError::UnsetAccount),
        "{no_account:?}"
    );
    let no_authenticator = Session::builder("http://127.0.0.1:9")
        .account("a")
        .login()
        .await
        .unwrap_err();
    assert!(
        matches!(no_authenticator, AuthError::Unavailable(_)),
        "{no_authenticator:?}"
    );
    let bad_url = Session::builder("127.0.0.1:9")
        .account("a")
        .authenticator(Arc::new(PasswordAuthenticator::new("pw")))
        .login()
        .await
        .unwrap_err();
    assert!(
        matches!(bad_url, AuthError::InvalidConfigValue { .. }),
        "{bad_url:?}"
    );
}

#[tokio::test]
async fn connect_uses_the_connection_config() {
    let server = TestServer::start().await;
    server.respond(LOGIN, login_ok("s", "m", 3600, 14400));
    let mut config = snowapi_auth::ConnectionConfig::default();
    config.account = Some("acct".into());
    config.user = Some("u".into());
    config.protocol = Some("http".into());
    config.host = Some("127.0.0.1".into());
    config.port = Some(server.addr.port());
    config.warehouse = Some("WH".into());
    config.authenticator = Some("programmatic_access_token".into());
    config.token = Some("my-pat".into());
    config.query_tag = Some("tag".into());
    config
        .session_parameters
        .insert("TIMEZONE".into(), "UTC".into());
    let session = Session::connect(&config).await.unwrap();
    let request = server.single(LOGIN);
    assert_eq!(request.query_param("warehouse").as_deref(), Some("WH"));
    let data = login_data(&server);
    assert_eq!(data["TOKEN"], "my-pat");
    assert_eq!(
        data["SESSION_PARAMETERS"],
        json!({"QUERY_TAG": "tag", "TIMEZONE": "UTC"})
    );
    assert!(matches!(
        session.credential().await.unwrap(),
        Credential::Session(_)
    ));
}
