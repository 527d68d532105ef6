//! Secrets never reach `Debug`: every credential, authenticator and session type is
//! formatted with a known secret, and the secret must be absent.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use snowapi_auth::{
    Authenticator, BearerTokenProvider, ConnectionConfig, Credential, KeyPairAuthenticator,
    LoginFields, OAuthAuthenticator, OAuthClient, PasscodeMode, PasswordAuthenticator,
    PatAuthenticator, PrivateKey, Session, StaticTokenProvider, TokenProvider, TokenType,
};

use crate::{
    PASSPHRASE, fixture,
    support::{LOGIN, TestServer, login_ok},
};

const SECRET: &str = "Sup3r-Secret-Value-42";

#[track_caller]
fn assert_hidden(what: &str, shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!shown.contains(secret), "{what} shows a secret: {shown}");
    }
}

fn both(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

#[tokio::test]
async fn no_type_shows_its_secret() {
    let server = TestServer::start().await;
    server.respond(
        LOGIN,
        login_ok("session-token-xyz", "master-token-xyz", 3600, 14400),
    );

    let key = PrivateKey::from_file(
        fixture("rsa_key_encrypted.p8"),
        Some(&SecretString::from(PASSPHRASE)),
    )
    .unwrap();
    let key_text = std::fs::read_to_string(fixture("rsa_key.p8")).unwrap();
    // A line from the middle of the private key PEM must never appear.
    let key_line = key_text.lines().nth(5).unwrap().to_owned();
    let jwt = KeyPairAuthenticator::new("acct", "user", key.clone()).unwrap();
    let signed = jwt.jwt().unwrap().expose_secret().to_owned();

    let oauth_client = OAuthClient::new("http://127.0.0.1:9/token", "id", SECRET);
    let values: Vec<(&str, String)> = vec![
        ("Credential::session", both(&Credential::session(SECRET))),
        (
            "Credential::bearer",
            both(&Credential::bearer(SECRET, TokenType::OAuth)),
        ),
        (
            "StaticTokenProvider",
            both(&StaticTokenProvider::session(SECRET)),
        ),
        (
            "PasswordAuthenticator",
            both(&PasswordAuthenticator::new(SECRET)),
        ),
        (
            "PasswordAuthenticator with passcode",
            both(&PasswordAuthenticator::new("pw").with_passcode(SECRET, PasscodeMode::InPassword)),
        ),
        (
            "LoginFields",
            both(
                &PasswordAuthenticator::new(SECRET)
                    .login_fields()
                    .await
                    .unwrap(),
            ),
        ),
        (
            "LoginFields::secret",
            both(&LoginFields::new().secret("TOKEN", SecretString::from(SECRET))),
        ),
        ("PrivateKey", both(&key)),
        ("KeyPairAuthenticator", both(&jwt)),
        (
            "OAuthAuthenticator::from_token",
            both(&OAuthAuthenticator::from_token(SECRET)),
        ),
        ("OAuthClient", both(&oauth_client)),
        (
            "OAuthAuthenticator::client_credentials",
            both(&OAuthAuthenticator::client_credentials(
                oauth_client.clone(),
            )),
        ),
        (
            "OAuthAuthenticator::refresh_token",
            both(&OAuthAuthenticator::refresh_token(
                oauth_client.clone(),
                SECRET,
            )),
        ),
        ("PatAuthenticator", both(&PatAuthenticator::new(SECRET))),
        (
            "BearerTokenProvider",
            both(&BearerTokenProvider::new(Arc::new(PatAuthenticator::new(
                SECRET,
            )))),
        ),
    ];
    for (what, shown) in &values {
        assert_hidden(what, shown, &[SECRET, PASSPHRASE, &key_line, &signed]);
    }

    let mut config = ConnectionConfig::default();
    config.account = Some("acct".into());
    config.user = Some("u".into());
    config.password = Some(SECRET.into());
    config.token = Some(SECRET.into());
    config.oauth_client_secret = Some(SECRET.into());
    config.private_key_passphrase = Some(PASSPHRASE.into());
    assert_hidden("ConnectionConfig", &both(&config), &[SECRET, PASSPHRASE]);

    let builder = Session::builder(server.url())
        .account("acct")
        .user("u")
        .authenticator(Arc::new(PasswordAuthenticator::new(SECRET)));
    assert_hidden("SessionBuilder", &both(&builder), &[SECRET]);
    let session = builder.login().await.unwrap();
    let credential = session.credential().await.unwrap();
    let tokens = ["session-token-xyz", "master-token-xyz", SECRET];
    assert_hidden("Session", &both(&session), &tokens);
    assert_hidden("session Credential", &both(&credential), &tokens);
}

#[test]
fn errors_never_show_secrets() {
    let secret = SecretString::from(SECRET);
    let errors = [
        // The secret as a wrong passphrase, as key material, as a PEM body.
        PrivateKey::from_file(fixture("rsa_key_encrypted.p8"), Some(&secret)).unwrap_err(),
        PrivateKey::from_pem(SECRET, None).unwrap_err(),
        PrivateKey::from_pem(
            &format!("-----BEGIN PRIVATE KEY-----\n{SECRET}\n-----END PRIVATE KEY-----\n"),
            None,
        )
        .unwrap_err(),
        PrivateKey::from_der(SECRET.as_bytes(), Some(&secret)).unwrap_err(),
    ];
    for error in errors {
        assert_hidden("AuthError", &format!("{error}\n{error:?}"), &[SECRET]);
    }
}
