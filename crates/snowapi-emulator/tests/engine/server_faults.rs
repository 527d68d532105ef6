//! Fault injection: HTTP statuses, delays, dropped connections and truncated bodies, set on the
//! builder, at run time and through the loopback admin endpoints; and expiring sessions.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, EmulatorBuilder, FaultRule, RunningEmulator};

fn builder() -> EmulatorBuilder {
    Emulator::builder().user("ADMIN", "admin-password")
}

fn login_body() -> Value {
    json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}})
}

async fn token(emulator: &RunningEmulator) -> String {
    let reply: Value = reqwest::Client::new()
        .post(format!("{}/session/v1/login-request", emulator.url()))
        .json(&login_body())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["data"]["token"].as_str().expect("a token").to_owned()
}

fn query(emulator: &RunningEmulator, token: &str, sql: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(format!(
            "{}/queries/v1/query-request?requestId={}",
            emulator.url(),
            uuid::Uuid::new_v4()
        ))
        .header("Authorization", format!("Snowflake Token=\"{token}\""))
        .json(&json!({"sqlText": sql}))
}

async fn status_of(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn status_503_twice_then_success() {
    let emulator = builder()
        .fault(
            FaultRule::path("/queries/v1/query-request")
                .method("POST")
                .status(503)
                .times(2),
        )
        .start()
        .await
        .unwrap();
    let token = token(&emulator).await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(status_of(query(&emulator, &token, "select 1")).await);
    }
    assert_eq!(statuses, [503, 503, 200]);
    assert_eq!(emulator.faults_injected(), 2);
    let reply: Value = query(&emulator, &token, "select 5 as five")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["data"]["rowtype"][0]["name"], "FIVE", "{reply}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn status_429_for_every_request_until_cleared() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    emulator.inject(
        FaultRule::path("/session/heartbeat")
            .status(429)
            .fraction(1.0),
    );
    let heartbeat = || {
        reqwest::Client::new()
            .post(format!("{}/session/heartbeat", emulator.url()))
            .header("Authorization", format!("Snowflake Token=\"{token}\""))
    };
    for _ in 0..3 {
        assert_eq!(status_of(heartbeat()).await, 429);
    }
    // Other paths are untouched.
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 200);
    emulator.clear_faults();
    assert_eq!(status_of(heartbeat()).await, 200);
    assert_eq!(emulator.faults_injected(), 3);
    emulator.shutdown().await;
}

#[tokio::test]
async fn delay_holds_the_answer_back() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    let delay = Duration::from_millis(400);
    emulator.inject(FaultRule::path("/queries/").delay(delay).times(1));
    let started = Instant::now();
    let reply: Value = query(&emulator, &token, "select 1 as one")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
    assert_eq!(reply["data"]["rowtype"][0]["name"], "ONE", "{reply}");
    assert_eq!(emulator.faults_injected(), 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_is_a_client_error() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    emulator.inject(
        FaultRule::path("/queries/v1/query-request")
            .drop_connection()
            .times(1),
    );
    let outcome = match query(&emulator, &token, "select 1").send().await {
        Ok(response) => response.bytes().await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(outcome.is_err(), "the client must see a broken connection");
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 200);
    assert_eq!(emulator.faults_injected(), 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn truncated_body_is_a_short_read() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    emulator.inject(
        FaultRule::path("/queries/v1/query-request")
            .truncate_body()
            .times(1),
    );
    let response = query(&emulator, &token, "select 'a long enough answer' as t")
        .send()
        .await
        .expect("the status and headers arrive");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-length")
            .is_some_and(|length| length != "0"),
        "the full length is declared"
    );
    assert!(
        response.json::<Value>().await.is_err(),
        "the body must be cut short"
    );
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn admin_endpoint_adds_and_clears_rules() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    let client = reqwest::Client::new();
    let faults = format!("{}/__emulator/faults", emulator.url());
    let added = client
        .post(&faults)
        .json(
            &json!({"path": "/queries/v1/query-request", "method": "POST",
            "status": 500, "times": 1}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    assert_eq!(added.json::<Value>().await.unwrap()["rules"], 1);
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 500);
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 200);

    let bad = client
        .post(&faults)
        .json(&json!({"path": "/x", "action": "explode"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.json::<Value>().await.unwrap()["message"].is_string());

    // A catch-all rule leaves the admin endpoints reachable, so it can be cleared.
    let all = client
        .post(&faults)
        .json(&json!({"path": "/", "action": "status", "status": 503}))
        .send()
        .await
        .unwrap();
    assert_eq!(all.status(), 200);
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 503);
    let cleared = client.delete(&faults).send().await.unwrap();
    assert_eq!(cleared.status(), 200);
    assert_eq!(status_of(query(&emulator, &token, "select 1")).await, 200);
    assert_eq!(emulator.faults_injected(), 2);

    // Admin endpoints are not under the protocol prefixes.
    for path in ["/session/__emulator/faults", "/api/v2/__emulator/faults"] {
        let status = status_of(
            client
                .post(format!("{}{path}", emulator.url()))
                .json(&json!({"path": "/", "status": 503})),
        )
        .await;
        assert_eq!(status, 404, "{path}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn expire_sessions_makes_the_next_query_answer_390112() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    let before: Value = query(&emulator, &token, "select 1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(before["success"], true, "{before}");
    let expired = reqwest::Client::new()
        .post(format!("{}/__emulator/expire-sessions", emulator.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 200);
    let after: Value = query(&emulator, &token, "select 1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after["success"], false);
    assert_eq!(after["code"], "390112", "{after}");
    emulator.shutdown().await;
}
