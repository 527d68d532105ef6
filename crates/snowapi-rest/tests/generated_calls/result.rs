//! Requests of the `result` API.

use serde_json::json;
use snowapi_rest::{Outcome, database, outcome, result::Client};

use crate::support::{TestServer, ok};

#[tokio::test]
async fn a_finished_operation_answers_its_own_object_body() {
    let server = TestServer::start().await;
    server.respond(200, ok());
    let client: Client = server.client().api();
    let answer = client
        .fetch_result("01b5-handle", None)
        .await
        .unwrap()
        .into_inner();

    assert_eq!(answer, ok());
    let status: database::types::SuccessResponse = serde_json::from_value(answer).unwrap();
    assert_eq!(
        status.status.as_deref(),
        Some("Request successfully completed")
    );
    let request = server.single();
    request.assert_line("GET", "/api/v2/results/01b5-handle", None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_page_of_a_listing_is_an_array_body() {
    let server = TestServer::start().await;
    server.respond_with(
        200,
        &[("link", "</api/v2/results/01b5-handle?page=3>; rel=\"next\"")],
        json!([{"name": "SALES", "kind": "PERMANENT"}, {"name": "HR", "kind": "TRANSIENT"}]),
    );
    let client: Client = server.client().api();
    let answer = client.fetch_result("01b5-handle", Some(2)).await.unwrap();

    assert_eq!(
        answer.headers().get("link").unwrap(),
        "</api/v2/results/01b5-handle?page=3>; rel=\"next\""
    );
    let page: Vec<database::types::Database> = serde_json::from_value(answer.into_inner()).unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].name.as_str(), "SALES");
    assert_eq!(page[1].kind, Some(database::types::DatabaseKind::Transient));
    server
        .single()
        .assert_line("GET", "/api/v2/results/01b5-handle", Some("page=2"));
}

#[tokio::test]
async fn a_still_running_operation_answers_202_again() {
    let server = TestServer::start().await;
    server.respond_with(
        202,
        &[("location", "/api/v2/results/01b5-handle")],
        json!({"code": "392604", "message": "Request execution in progress.",
               "resultHandler": "01b5-handle"}),
    );
    let client: Client = server.client().api();
    let polled = outcome(client.fetch_result("01b5-handle", Some(0)).await)
        .await
        .unwrap();

    let accepted = match polled {
        Outcome::Accepted(accepted) => accepted,
        other => panic!("expected Accepted, got {other:?}"),
    };
    assert_eq!(accepted.location, "/api/v2/results/01b5-handle");
    assert_eq!(accepted.result_handler.as_deref(), Some("01b5-handle"));
    server
        .single()
        .assert_line("GET", "/api/v2/results/01b5-handle", Some("page=0"));
}
