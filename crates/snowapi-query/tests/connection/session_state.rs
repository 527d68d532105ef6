//! Session parameters returned in answers and the query-context cache echo.

use base64::Engine as _;
use serde_json::json;
use snowapi_emulator::server::Emulator;

use crate::common::start;

#[tokio::test]
async fn altered_session_parameters_are_known_without_a_query() {
    let (_emulator, conn) = start(Emulator::builder()).await;
    // The login answered the default.
    assert_eq!(conn.session_parameter("TIMEZONE"), Some(json!("UTC")));

    conn.execute("alter session set timezone = 'America/Los_Angeles'")
        .await
        .unwrap();
    assert_eq!(
        conn.session_parameter("timezone"),
        Some(json!("America/Los_Angeles"))
    );
    assert_eq!(
        conn.session_parameters().get("TIMEZONE"),
        Some(&json!("America/Los_Angeles"))
    );
    // Clones share what the connection learnt.
    assert_eq!(
        conn.clone().session_parameter("TIMEZONE"),
        Some(json!("America/Los_Angeles"))
    );
    // Results tell which zone TIMESTAMP_LTZ values display in.
    let result = conn.execute("select 1").await.unwrap();
    assert_eq!(result.session_timezone(), Some("America/Los_Angeles"));

    conn.execute("alter session set query_tag = 'nightly'")
        .await
        .unwrap();
    assert_eq!(conn.session_parameter("QUERY_TAG"), Some(json!("nightly")));
    assert_eq!(
        conn.session_parameter("TIMEZONE"),
        Some(json!("America/Los_Angeles"))
    );
}

#[tokio::test]
async fn the_query_context_of_an_answer_is_echoed_in_the_next_request() {
    let (emulator, conn) = start(Emulator::builder()).await;
    let session_id = u64::try_from(conn.session().session_id().unwrap()).unwrap();
    // `start` ran one statement: its request had an empty cache.
    assert_eq!(emulator.last_query_context(session_id), Some(json!({})));

    conn.execute("select 1").await.unwrap();
    let echoed = emulator.last_query_context(session_id).unwrap();
    let entries = echoed["entries"].as_array().expect("entries echoed");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["id"], 0);
    assert_eq!(entries[0]["priority"], 0);
    assert!(entries[0]["timestamp"].as_i64().is_some_and(|t| t > 0));
    let context = base64::engine::general_purpose::STANDARD
        .encode(format!("snowapi-emulator session {session_id}"));
    assert_eq!(entries[0]["context"], json!({ "base64Data": context }));

    // Each answer refreshes the entry: the next request carries the later read.
    conn.execute("select 2").await.unwrap();
    let later = emulator.last_query_context(session_id).unwrap();
    assert!(later["entries"][0]["timestamp"].as_i64() >= entries[0]["timestamp"].as_i64());
    assert_eq!(later["entries"].as_array().map(Vec::len), Some(1));
}
