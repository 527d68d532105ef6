//! Telling 200 from 202 Accepted.

use serde_json::json;
use snowapi_rest::{Outcome, RestError, database, outcome};

use crate::support::{TestServer, id, ok};

fn db(name: &str) -> database::types::Database {
    serde_json::from_value(json!({ "name": name })).unwrap()
}

#[tokio::test]
async fn a_200_is_done() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: database::Client = server.client().api();
    let done = outcome(client.create_database(None, None, &db("a")).await)
        .await
        .unwrap();
    assert!(matches!(done, Outcome::Done(_)));
    assert_eq!(
        done.done().unwrap().status.as_deref(),
        Some("Request successfully completed")
    );
}

#[tokio::test]
async fn a_202_is_a_handle_to_poll() {
    let server = TestServer::start().await;
    server.respond_with(
        202,
        &[("location", "/api/v2/results/01b-handle")],
        json!({"code": "392604", "message": "Request execution in progress.",
               "resultHandler": "01b-handle"}),
    );
    let client: database::Client = server.client().api();
    let accepted = match outcome(client.create_database(None, None, &db("a")).await).await {
        Ok(Outcome::Accepted(accepted)) => accepted,
        other => panic!("expected Accepted, got {other:?}"),
    };
    assert_eq!(accepted.location, "/api/v2/results/01b-handle");
    assert_eq!(accepted.result_handler.as_deref(), Some("01b-handle"));
    assert_eq!(accepted.code.as_deref(), Some("392604"));
    assert_eq!(accepted.request_id.as_deref(), Some("req-0001"));
}

#[tokio::test]
async fn a_202_without_location_falls_back_to_the_handler_or_fails() {
    let server = TestServer::start().await;
    server.respond(202, json!({"resultHandler": "h2"}));
    server.respond(202, json!({"message": "in progress"}));
    server.respond_with(
        202,
        &[("location", "https://elsewhere.example/x")],
        json!({}),
    );
    let client: database::Client = server.client().api();

    let first = outcome(client.undrop_database(&id("a")).await)
        .await
        .unwrap();
    assert!(matches!(first, Outcome::Accepted(a) if a.location == "/api/v2/results/h2"));
    for _ in 0..2 {
        let error = outcome(client.undrop_database(&id("a")).await)
            .await
            .unwrap_err();
        assert!(matches!(error, RestError::Decode { .. }), "{error:?}");
    }
}

#[tokio::test]
async fn errors_stay_errors() {
    let server = TestServer::start().await;
    server.respond(
        409,
        json!({"error_code": "002002", "message": "already exists"}),
    );
    let client: database::Client = server.client().api();
    let error = outcome(client.create_database(None, None, &db("a")).await)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(error.code(), Some("002002"));
}

#[tokio::test]
async fn a_sql_api_202_with_only_a_handle_polls_the_statement() {
    let server = TestServer::start().await;
    server.respond(
        202,
        json!({"code": "333334", "statementHandle": "01b-stmt"}),
    );
    let client: database::Client = server.client().api();
    let accepted = match outcome(client.undrop_database(&id("a")).await).await {
        Ok(Outcome::Accepted(accepted)) => accepted,
        other => panic!("expected Accepted, got {other:?}"),
    };
    assert_eq!(accepted.location, "/api/v2/statements/01b-stmt");
    assert_eq!(accepted.result_handler.as_deref(), Some("01b-stmt"));
}
