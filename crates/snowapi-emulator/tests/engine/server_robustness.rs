//! The emulator against bad or awkward requests: repeated slashes, malformed, mistyped,
//! non-UTF-8, badly gzipped, empty and oversized bodies, huge headers. Every one gets an answer
//! (never a panic or a hung connection), with the code the protocol calls for.

use std::{io::Write, time::Duration};

use serde_json::{Value, json};
use snowapi_emulator::server::{Emulator, EmulatorBuilder, RunningEmulator};

fn builder() -> EmulatorBuilder {
    Emulator::builder().user("ADMIN", "admin-password")
}

/// What a raw request got back: the status and the body as JSON (Null when it is not JSON).
async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = tokio::time::timeout(Duration::from_secs(30), request.send())
        .await
        .expect("the server answers in time")
        .expect("the server answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("the body arrives whole");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

async fn token(emulator: &RunningEmulator) -> String {
    let (status, reply) = send(
        reqwest::Client::new()
            .post(format!("{}/session/v1/login-request", emulator.url()))
            .json(&json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}})),
    )
    .await;
    assert_eq!(status, 200);
    reply["data"]["token"].as_str().expect("a token").to_owned()
}

/// A raw POST with the body bytes as given and the optional headers.
fn raw_post(
    url: &str,
    token: Option<&str>,
    gzipped: bool,
    body: impl Into<reqwest::Body>,
) -> reqwest::RequestBuilder {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Snowflake Token=\"{token}\""));
    }
    if gzipped {
        request = request.header("Content-Encoding", "gzip");
    }
    request
}

#[tokio::test]
async fn repeated_slashes_route_like_single_ones() {
    let emulator = builder().start().await.unwrap();
    let (status, login) = send(
        reqwest::Client::new()
            .post(format!(
                "{}//session//v1/login-request?request_id=a//b",
                emulator.url()
            ))
            .json(&json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "admin-password"}})),
    )
    .await;
    assert_eq!((status, &login["success"]), (200, &json!(true)), "{login}");
    let token = login["data"]["token"].as_str().unwrap();
    let (status, reply) = send(raw_post(
        &format!("{}/queries//v1/query-request?requestId=1", emulator.url()),
        Some(token),
        false,
        r#"{"sqlText": "select 7 as x", "sequenceId": 1}"#,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(reply["data"]["rowtype"][0]["name"], "X", "{reply}");
    let query_id = reply["data"]["queryId"].as_str().unwrap();
    let (status, monitoring) = send(
        reqwest::Client::new()
            .get(format!(
                "{}/monitoring/queries//{query_id}?requestId=2",
                emulator.url()
            ))
            .header("Authorization", format!("Snowflake Token=\"{token}\"")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(monitoring["success"], true, "{monitoring}");
    assert_eq!(monitoring["data"]["queries"][0]["id"], query_id);
    emulator.shutdown().await;
}

#[tokio::test]
async fn malformed_login_bodies_get_envelope_errors() {
    let emulator = builder().start().await.unwrap();
    let url = format!("{}/session/v1/login-request", emulator.url());
    let cases: [(&str, bool, Vec<u8>, &str); 6] = [
        ("malformed JSON", false, b"{\"data\": {".to_vec(), "390400"),
        (
            "invalid UTF-8",
            false,
            b"{\"data\": {\"LOGIN_NAME\": \"\xff\xfe\"}}".to_vec(),
            "390400",
        ),
        ("garbage gzip", true, b"this is not gzip".to_vec(), "390400"),
        (
            "wrong types",
            false,
            br#"{"data": {"LOGIN_NAME": 5, "PASSWORD": ["x"]}}"#.to_vec(),
            "390100",
        ),
        ("empty body", false, Vec::new(), "390100"),
        ("not an object", false, b"[1, 2, 3]".to_vec(), "390100"),
    ];
    for (case, gzipped, body, code) in cases {
        let (status, reply) = send(raw_post(&url, None, gzipped, body)).await;
        assert_eq!(status, 200, "{case}");
        assert_eq!(reply["success"], false, "{case}: {reply}");
        assert_eq!(reply["code"], code, "{case}: {reply}");
    }
    let unknown_fields = json!({"data": {"LOGIN_NAME": "admin", "PASSWORD": "admin-password",
        "SOMETHING_NEW": {"x": 1}}, "extra": true});
    let (status, reply) = send(raw_post(
        &url,
        None,
        true,
        gzip(unknown_fields.to_string().as_bytes()),
    ))
    .await;
    assert_eq!((status, &reply["success"]), (200, &json!(true)), "{reply}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn malformed_query_bodies_get_envelope_errors() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    let url = format!("{}/queries/v1/query-request?requestId=9", emulator.url());
    let cases: [(&str, bool, Vec<u8>); 7] = [
        ("malformed JSON", false, b"{\"sqlText\": ".to_vec()),
        (
            "invalid UTF-8",
            false,
            b"{\"sqlText\": \"select '\xc3\x28'\"}".to_vec(),
        ),
        ("garbage gzip", true, b"\x1f\x8b\x08\x00garbage".to_vec()),
        ("wrong type", false, br#"{"sqlText": 5}"#.to_vec()),
        ("empty body", false, Vec::new()),
        ("gzipped nothing", true, gzip(b"")),
        (
            "bad bindings",
            false,
            br#"{"sqlText": "select ?", "bindings": 7}"#.to_vec(),
        ),
    ];
    for (case, gzipped, body) in cases {
        let (status, reply) = send(raw_post(&url, Some(&token), gzipped, body)).await;
        assert_eq!(status, 200, "{case}");
        assert_eq!(reply["success"], false, "{case}: {reply}");
        assert_eq!(reply["code"], "390400", "{case}: {reply}");
    }
    let (status, reply) = send(raw_post(
        &url,
        Some(&token),
        false,
        r#"{"sqlText": "select 1 as one", "queryTimeoutInSeconds": 0, "newField": [1]}"#,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(reply["data"]["rowtype"][0]["name"], "ONE", "{reply}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_the_handler() {
    let emulator = builder().max_body_bytes(4096).start().await.unwrap();
    let token = token(&emulator).await;
    let url = format!("{}/queries/v1/query-request", emulator.url());
    let padding = " ".repeat(10_000);
    let big = format!(r#"{{"sqlText": "select 1", "pad": "{padding}"}}"#);
    let too_large = |reply: &Value| {
        reply["success"] == false
            && reply["code"] == "390400"
            && reply["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("Request body too large"))
    };

    let (status, reply) = send(raw_post(&url, Some(&token), false, big.clone())).await;
    assert_eq!(status, 200);
    assert!(too_large(&reply), "declared length: {reply}");

    // No Content-Length: the cap applies while the body streams in.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big
        .as_bytes()
        .chunks(1000)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let streamed = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
    let (status, reply) = send(raw_post(&url, Some(&token), false, streamed)).await;
    assert_eq!(status, 200);
    assert!(too_large(&reply), "streamed: {reply}");

    // A gzip bomb: small on the wire, over the cap once inflated.
    let bomb = gzip(big.as_bytes());
    assert!(bomb.len() < 4096);
    let (status, reply) = send(raw_post(&url, Some(&token), true, bomb)).await;
    assert_eq!(status, 200);
    assert!(too_large(&reply), "gzip bomb: {reply}");

    let (status, reply) = send(
        raw_post(
            &format!("{}/api/v2/statements", emulator.url()),
            None,
            false,
            big,
        )
        .header("Authorization", format!("Snowflake Token=\"{token}\"")),
    )
    .await;
    assert_eq!(status, 413, "{reply}");
    assert_eq!(reply["code"], "390400");
    assert!(
        reply["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Request body too large"))
    );

    let (status, reply) = send(raw_post(
        &url,
        Some(&token),
        false,
        r#"{"sqlText": "select 2 as two"}"#,
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        reply["data"]["rowtype"][0]["name"], "TWO",
        "small bodies still pass: {reply}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn bodies_over_axums_default_limit_pass_under_the_configured_one() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    let padding = "x".repeat(3 * 1024 * 1024);
    let body = format!(r#"{{"sqlText": "select 3 as three", "pad": "{padding}"}}"#);
    for gzipped in [false, true] {
        let bytes = if gzipped {
            gzip(body.as_bytes())
        } else {
            body.clone().into_bytes()
        };
        let (status, reply) = send(raw_post(
            &format!("{}/queries/v1/query-request", emulator.url()),
            Some(&token),
            gzipped,
            bytes,
        ))
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            reply["data"]["rowtype"][0]["name"], "THREE",
            "gzip {gzipped}: {reply}"
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn huge_header_values_are_refused_without_hanging() {
    let emulator = builder().start().await.unwrap();
    let huge = "a".repeat(1024 * 1024);
    let sent = tokio::time::timeout(
        Duration::from_secs(30),
        reqwest::Client::new()
            .post(format!("{}/session/heartbeat", emulator.url()))
            .header("Authorization", format!("Snowflake Token=\"{huge}\""))
            .send(),
    )
    .await
    .expect("the server does not hang on a huge header");
    if let Ok(response) = sent {
        assert_eq!(response.status().as_u16(), 431);
    }
    // The server still serves other connections.
    let token = token(&emulator).await;
    assert!(!token.is_empty());
    emulator.shutdown().await;
}

/// The bad bodies every endpoint is sent: (case, gzipped, bytes).
fn unreadable_bodies() -> [(&'static str, bool, Vec<u8>); 3] {
    [
        ("malformed JSON", false, b"{\"requestType\": ".to_vec()),
        ("invalid UTF-8", false, b"{\"x\": \"\xff\"}".to_vec()),
        ("garbage gzip", true, b"\x1f\x8b\x08\x00garbage".to_vec()),
    ]
}

#[tokio::test]
async fn malformed_token_request_bodies_get_envelope_errors() {
    let emulator = builder().start().await.unwrap();
    let url = format!("{}/session/token-request?requestId=3", emulator.url());
    for (case, gzipped, body) in unreadable_bodies() {
        let (status, reply) = send(raw_post(&url, Some("some-master-token"), gzipped, body)).await;
        assert_eq!(status, 200, "{case}");
        assert_eq!(reply["success"], false, "{case}: {reply}");
        assert_eq!(reply["code"], "390400", "{case}: {reply}");
    }
    for (case, body) in [
        (
            "wrong types",
            br#"{"oldSessionToken": 5, "requestType": []}"#.to_vec(),
        ),
        ("empty body", Vec::new()),
    ] {
        let (status, reply) = send(raw_post(&url, Some("some-master-token"), false, body)).await;
        assert_eq!(status, 200, "{case}");
        assert_eq!(reply["success"], false, "{case}: {reply}");
        assert!(reply["code"].is_string(), "{case}: {reply}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn malformed_sql_api_bodies_get_http_400() {
    let emulator = builder().start().await.unwrap();
    let token = token(&emulator).await;
    let url = format!("{}/api/v2/statements", emulator.url());
    let mut cases = unreadable_bodies().to_vec();
    cases.push(("wrong type", false, br#"{"statement": 5}"#.to_vec()));
    cases.push(("empty body", false, Vec::new()));
    for (case, gzipped, body) in cases {
        let (status, reply) = send(raw_post(&url, Some(&token), gzipped, body)).await;
        assert_eq!(status, 400, "{case}: {reply}");
        assert_eq!(reply["code"], "390400", "{case}: {reply}");
        assert!(reply["message"].is_string(), "{case}: {reply}");
    }
    emulator.shutdown().await;
}
