//! Connect from `snowflake://` URLs, as a platform handing out warehouse credentials does: once
//! with a user and password, once with an OAuth access token.
//!
//! `cargo run -p snowapi --example credentials_url`
//!
//! With `SNOWAPI_PASSWORD_URL` and/or `SNOWAPI_OAUTH_URL` set, those URLs are used; otherwise an
//! emulator is started with an OAuth client, and both URLs point at it.

#![allow(clippy::print_stdout)]

use snowapi::{Client, emulator::Emulator};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let given = (
        std::env::var("SNOWAPI_PASSWORD_URL").ok(),
        std::env::var("SNOWAPI_OAUTH_URL").ok(),
    );
    let (_emulator, password_url, oauth_url) = match given {
        (None, None) => {
            let emulator = Emulator::builder()
                .oauth_client("platform", "platform-secret", "ADMIN")
                .start()
                .await?;
            let address = emulator.address();
            let server = format!(
                "host={}&port={}&protocol=http",
                address.ip(),
                address.port()
            );
            let password_url = format!(
                "snowflake://{}:{}@{}/?{server}",
                emulator.user(),
                emulator.password(),
                emulator.account()
            );
            // The platform's side: a client-credentials grant at the OAuth token endpoint.
            let issued: serde_json::Value = reqwest::Client::new()
                .post(format!("{}/oauth/token-request", emulator.url()))
                .basic_auth("platform", Some("platform-secret"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials")
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let token = issued["access_token"]
                .as_str()
                .ok_or("no access token issued")?;
            let oauth_url = format!(
                "snowflake://{}@{}/?authenticator=oauth&token={token}&{server}",
                emulator.user(),
                emulator.account()
            );
            (Some(emulator), Some(password_url), Some(oauth_url))
        }
        (password_url, oauth_url) => (None, password_url, oauth_url),
    };

    for (kind, url) in [("password", password_url), ("OAuth token", oauth_url)] {
        let Some(url) = url else { continue };
        let client = Client::from_url(&url).await?;
        let rows = client
            .query("select current_user(), current_role()")
            .await?;
        let (user, role): (String, String) = (rows[0].get(0)?, rows[0].get(1)?);
        println!("{kind}: connected as {user} with role {role}");
        client.close().await?;
    }
    Ok(())
}
