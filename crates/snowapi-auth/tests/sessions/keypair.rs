//! Key-pair JWTs: key formats, claims verified with the public key, regeneration, errors.

use std::time::Duration;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use snowapi_auth::{
    AuthError, Authenticator, Credential, KeyPairAuthenticator, PrivateKey, TokenProvider,
    TokenType,
};

use crate::{PASSPHRASE, fixture};

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    iat: u64,
    exp: u64,
}

fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE)
}

/// The fingerprint as OpenSSL computed it when the fixtures were made.
fn openssl_fingerprint() -> String {
    std::fs::read_to_string(fixture("rsa_key.pub.fingerprint"))
        .unwrap()
        .trim()
        .to_owned()
}

/// The fingerprint computed here from the public key PEM, with the rsa crate.
fn rsa_crate_fingerprint() -> String {
    let pem = std::fs::read_to_string(fixture("rsa_key.pub")).unwrap();
    let public = rsa::RsaPublicKey::from_public_key_pem(&pem).unwrap();
    let der = public.to_public_key_der().unwrap();
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(der.as_bytes()))
}

/// Verifies `token` with the fixture's public key and returns its claims.
fn verify(token: &str) -> Claims {
    let public = std::fs::read(fixture("rsa_key.pub")).unwrap();
    let key = DecodingKey::from_rsa_pem(&public).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .expect("the JWT verifies with the public key")
        .claims
}

#[test]
fn the_three_fixture_forms_load_the_same_key() {
    let pem = PrivateKey::from_file(fixture("rsa_key.p8"), None).unwrap();
    let der = PrivateKey::from_file(fixture("rsa_key.der"), None).unwrap();
    let encrypted =
        PrivateKey::from_file(fixture("rsa_key_encrypted.p8"), Some(&passphrase())).unwrap();
    let pem_text = std::fs::read_to_string(fixture("rsa_key.p8")).unwrap();
    let from_text = PrivateKey::from_pem(&pem_text, None).unwrap();
    let der_bytes = std::fs::read(fixture("rsa_key.der")).unwrap();
    let from_bytes = PrivateKey::from_der(&der_bytes, None).unwrap();

    let expected = format!("SHA256:{}", openssl_fingerprint());
    assert_eq!(openssl_fingerprint(), rsa_crate_fingerprint());
    for key in [&pem, &der, &encrypted, &from_text, &from_bytes] {
        assert_eq!(key.fingerprint(), expected);
    }
}

#[tokio::test]
async fn jwt_claims_verify_with_the_public_key() {
    let key = PrivateKey::from_file(fixture("rsa_key_encrypted.p8"), Some(&passphrase())).unwrap();
    let jwt = KeyPairAuthenticator::new("xy12345.us-east-1.aws", "Fake.User", key).unwrap();
    let credential = jwt.credential().await.unwrap();
    assert_eq!(credential.token_type(), Some(TokenType::KeypairJwt));
    let Credential::Bearer { token, .. } = &credential else {
        panic!("a bearer credential: {credential:?}");
    };
    let claims = verify(token.expose_secret());

    let fingerprint = rsa_crate_fingerprint();
    assert_eq!(
        claims.iss,
        format!("XY12345.FAKE.USER.SHA256:{fingerprint}")
    );
    assert_eq!(claims.sub, "XY12345.FAKE.USER");
    assert_eq!(jwt.issuer(), claims.iss);
    assert_eq!(jwt.subject(), claims.sub);
    assert!(claims.exp > claims.iat);
    assert!(claims.exp - claims.iat <= 3600);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        claims.iat.abs_diff(now) <= 5,
        "iat {} vs now {now}",
        claims.iat
    );
}

#[tokio::test]
async fn lifetime_is_capped_at_one_hour() {
    let key = PrivateKey::from_file(fixture("rsa_key.der"), None).unwrap();
    let jwt = KeyPairAuthenticator::new("myorg-my_acct", "u", key)
        .unwrap()
        .with_lifetime(Duration::from_secs(10 * 3600));
    let claims = verify(jwt.jwt().unwrap().expose_secret());
    assert_eq!(claims.exp - claims.iat, 3600);
    assert_eq!(claims.sub, "MYORG-MY_ACCT.U");
}

#[tokio::test]
async fn the_jwt_is_cached_then_regenerated_before_expiry() {
    let key = PrivateKey::from_file(fixture("rsa_key.p8"), None).unwrap();
    let jwt = KeyPairAuthenticator::new("acct", "user", key)
        .unwrap()
        .with_lifetime(Duration::from_secs(3))
        .with_refresh_margin(Duration::from_secs(2));
    let first = jwt.jwt().unwrap();
    let again = jwt.jwt().unwrap();
    assert_eq!(first.expose_secret(), again.expose_secret(), "cached");

    // One second later the JWT is within two seconds of its expiry: a new one is signed,
    // while the old one is still valid.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let second = jwt.jwt().unwrap();
    assert_ne!(first.expose_secret(), second.expose_secret(), "regenerated");
    let (old, new) = (
        verify(first.expose_secret()),
        verify(second.expose_secret()),
    );
    assert!(new.iat > old.iat);
    assert!(new.exp > old.exp);
}

#[tokio::test]
async fn invalidate_forces_a_new_jwt_only_for_the_current_one() {
    let key = PrivateKey::from_file(fixture("rsa_key.p8"), None).unwrap();
    let jwt = KeyPairAuthenticator::new("acct", "user", key).unwrap();
    let first = jwt.credential().await.unwrap();
    // A credential that is not the cached one changes nothing.
    TokenProvider::invalidate(&jwt, &Credential::bearer("other", TokenType::KeypairJwt)).await;
    let same = jwt.credential().await.unwrap();
    assert_eq!(
        first.authorization().expose_secret(),
        same.authorization().expose_secret()
    );
    // Signed within the same second the new JWT may equal the old one byte for byte; what
    // matters is that the cache was dropped, so wait for the next second.
    tokio::time::sleep(Duration::from_millis(1050)).await;
    TokenProvider::invalidate(&jwt, &first).await;
    let next = jwt.credential().await.unwrap();
    assert_ne!(
        first.authorization().expose_secret(),
        next.authorization().expose_secret()
    );
}

#[tokio::test]
async fn login_fields_carry_the_jwt() {
    let key = PrivateKey::from_file(fixture("rsa_key.p8"), None).unwrap();
    let jwt = KeyPairAuthenticator::new("acct", "user", key).unwrap();
    let fields = jwt.login_fields().await.unwrap();
    assert_eq!(fields.get("AUTHENTICATOR"), Some(&"SNOWFLAKE_JWT".into()));
    assert!(fields.contains("TOKEN"));
    assert_eq!(jwt.name(), "SNOWFLAKE_JWT");
}

#[test]
fn a_wrong_passphrase_is_a_typed_error() {
    let wrong = SecretString::from("not-the-passphrase");
    let error = PrivateKey::from_file(fixture("rsa_key_encrypted.p8"), Some(&wrong)).unwrap_err();
    assert!(matches!(error, AuthError::WrongPassphrase), "{error:?}");
    assert!(!error.to_string().contains("not-the-passphrase"));
}

#[test]
fn an_encrypted_key_without_passphrase_says_what_is_missing() {
    let error = PrivateKey::from_file(fixture("rsa_key_encrypted.p8"), None).unwrap_err();
    assert!(
        matches!(
            error,
            AuthError::MissingCredential {
                authenticator: "snowflake_jwt",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn bad_keys_are_typed_errors() {
    let missing = PrivateKey::from_file(fixture("no-such-key.p8"), None).unwrap_err();
    assert!(
        matches!(missing, AuthError::UnreadableKeyFile { .. }),
        "{missing:?}"
    );
    let public = std::fs::read_to_string(fixture("rsa_key.pub")).unwrap();
    let not_private = PrivateKey::from_pem(&public, None).unwrap_err();
    assert!(
        matches!(not_private, AuthError::InvalidPrivateKey { .. }),
        "{not_private:?}"
    );
    let garbage = PrivateKey::from_der(b"\x30\x03\x02\x01\x00", None).unwrap_err();
    assert!(
        matches!(garbage, AuthError::InvalidPrivateKey { .. }),
        "{garbage:?}"
    );
    let not_pem = PrivateKey::from_pem("hello", None).unwrap_err();
    assert!(
        matches!(not_pem, AuthError::InvalidPrivateKey { .. }),
        "{not_pem:?}"
    );
}

#[test]
fn empty_account_or_user_is_refused() {
    let key = PrivateKey::from_file(fixture("rsa_key.p8"), None).unwrap();
    assert!(matches!(
        KeyPairAuthenticator::new("", "user", key.clone()),
        Err(AuthError::UnsetAccount)
    ));
    assert!(matches!(
        KeyPairAuthenticator::new("acct", " ", key),
        Err(AuthError::UnsetUser { .. })
    ));
}
