//! SQL API credentials from a connection configuration: key-pair JWT, PAT, and the
//! password fallback through a session token.

use arrow::array::AsArray as _;
use base64::Engine as _;
use rsa::RsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _};
use snowapi_emulator::server::Emulator;
use snowapi_query::{QueryError, SqlApi};

use crate::common::{Setup, base, password_config};

const KEY: &str = include_str!("../../../snowapi-emulator/tests/fixtures/jwt_key_1.pem");

async fn current_user(api: &SqlApi) -> String {
    let result = api.submit("select current_user()").await.unwrap();
    let batch = &result.collect_arrow().await.unwrap()[0];
    batch.column(0).as_string::<i32>().value(0).to_owned()
}

#[tokio::test]
async fn keypair_jwt_pat_and_password_configurations_authenticate() {
    let setup = Setup::start(Emulator::builder()).await;
    let der = RsaPrivateKey::from_pkcs8_pem(KEY)
        .unwrap()
        .to_public_key()
        .to_public_key_der()
        .unwrap();
    let public = base64::engine::general_purpose::STANDARD.encode(der.as_bytes());
    setup
        .conn
        .execute(format!("create user ann rsa_public_key = '{public}'").as_str())
        .await
        .unwrap();
    let jwt = base(&setup.emulator)
        .user("ANN")
        .authenticator("snowflake_jwt")
        .private_key(KEY.to_owned())
        .build()
        .unwrap();
    let ann = SqlApi::from_config(&jwt).await.unwrap();
    assert_eq!(current_user(&ann).await, "ANN");

    let admin = setup.api().await;
    assert_eq!(
        current_user(&admin).await,
        setup.emulator.user().to_uppercase()
    );
    // One user's statements are invisible to another.
    let handle = admin.submit_async("select 1").await.unwrap();
    let hidden = ann.status(&handle).await.unwrap_err();
    assert!(
        matches!(hidden, QueryError::SqlApi { status: 404, .. }),
        "{hidden:?}"
    );

    let password = SqlApi::from_config(&password_config(&setup.emulator))
        .await
        .unwrap();
    assert_eq!(
        current_user(&password).await,
        setup.emulator.user().to_uppercase()
    );

    let wrong = base(&setup.emulator)
        .user(setup.emulator.user())
        .authenticator("programmatic_access_token")
        .token("not-a-token")
        .build()
        .unwrap();
    let refused = SqlApi::from_config(&wrong)
        .await
        .unwrap()
        .submit("select 1")
        .await
        .unwrap_err();
    assert!(
        matches!(refused, QueryError::SqlApi { status: 401, .. }),
        "{refused:?}"
    );
    setup.emulator.shutdown().await;
}
