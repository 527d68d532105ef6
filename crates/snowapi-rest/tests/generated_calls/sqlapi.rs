//! Requests of the `sqlapi` API (SQL API v2): submit, poll and page, cancel, and its failures.

use serde_json::json;
use snowapi_auth::TokenType;
use snowapi_rest::{
    Outcome, RestError, outcome,
    sqlapi::{Client, types},
};

use crate::support::{TOKEN, TestServer};

const REQUEST_ID: &str = "0f4a2c9e-6b1d-4e55-9a37-2f8c1d0b7e61";
const HANDLE: &str = "01b4f3a2-0001-8d7e-0000-4a2100c5d2f6";

fn client(server: &TestServer) -> Client {
    server.bearer_client(TokenType::KeypairJwt).api()
}

#[tokio::test]
async fn submit_with_bindings_and_parameters() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"code": "090001", "sqlState": "00000",
        "message": "Statement executed successfully.", "statementHandle": HANDLE,
        "statementStatusUrl": format!("/api/v2/statements/{HANDLE}?requestId={REQUEST_ID}"),
        "data": [["1"]]}),
    );
    let client = client(&server);
    let body: types::StatementRequest = serde_json::from_value(json!({
        "statement": "select id from orders where id = ?",
        "timeout": 60,
        "database": "SALES", "schema": "PUBLIC", "warehouse": "COMPUTE_WH", "role": "ANALYST",
        "bindings": {"1": {"type": "FIXED", "value": "1"}},
        "parameters": {"query_tag": "snowapi-tests", "multi_statement_count": 1,
                       "timezone": "America/Los_Angeles"}
    }))
    .unwrap();
    assert_eq!(
        body.bindings["1"].value,
        Some(types::BindingValue::String("1".to_owned())),
        "a text value decodes as a single value, not a column"
    );
    let answer = client
        .submit_statement(Some(false), None, Some(REQUEST_ID), Some(true), &body)
        .await
        .unwrap()
        .into_inner();

    assert_eq!(answer.statement_handle.as_deref(), Some(HANDLE));
    assert_eq!(answer.data, [[Some("1".to_owned())]]);
    let request = server.single();
    request.assert_line(
        "POST",
        "/api/v2/statements",
        Some(&format!("async=false&requestId={REQUEST_ID}&retry=true")),
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        request.header("x-snowflake-authorization-token-type"),
        Some("KEYPAIR_JWT")
    );
    assert!(
        request.header("user-agent").is_some(),
        "the SQL API refuses requests without one"
    );
    assert_eq!(
        request.json(),
        json!({
            "statement": "select id from orders where id = ?",
            "timeout": 60,
            "database": "SALES", "schema": "PUBLIC", "warehouse": "COMPUTE_WH", "role": "ANALYST",
            "bindings": {"1": {"type": "FIXED", "value": "1"}},
            "parameters": {"query_tag": "snowapi-tests", "multi_statement_count": 1,
                           "timezone": "America/Los_Angeles"}
        })
    );
}

#[tokio::test]
async fn null_and_column_bindings_keep_their_shape() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"statementHandle": HANDLE, "stats": {"numRowsInserted": 2}}),
    );
    let client = client(&server);
    let body: types::StatementRequest = serde_json::from_value(json!({
        "statement": "insert into t (a, b) values (?, ?)",
        "bindings": {"1": {"type": "TEXT", "value": ["x", null]},
                     "2": {"type": "FIXED", "value": null}}
    }))
    .unwrap();
    let answer = client
        .submit_statement(None, None, None, None, &body)
        .await
        .unwrap()
        .into_inner();

    assert_eq!(answer.stats.and_then(|s| s.num_rows_inserted), Some(2));
    let request = server.single();
    request.assert_line("POST", "/api/v2/statements", None);
    assert_eq!(
        request.json(),
        json!({"statement": "insert into t (a, b) values (?, ?)",
               "bindings": {"1": {"type": "TEXT", "value": ["x", null]},
                            "2": {"type": "FIXED", "value": null}}}),
        "a null value is sent as null (SQL NULL), not left out"
    );
}

#[tokio::test]
async fn a_result_set_decodes_with_partitions_columns_and_null_cells() {
    let server = TestServer::start().await;
    server.respond(200, json!({
        "resultSetMetaData": {
            "numRows": 3,
            "format": "jsonv2",
            "partitionInfo": [{"rowCount": 2, "uncompressedSize": 64},
                              {"rowCount": 1, "uncompressedSize": 30, "compressedSize": 20}],
            "rowType": [
                {"name": "ID", "database": "SALES", "schema": "PUBLIC", "table": "ORDERS",
                 "type": "fixed", "scale": 0, "precision": 38, "length": null, "byteLength": null,
                 "nullable": false, "collation": null},
                {"name": "NOTE", "database": "SALES", "schema": "PUBLIC", "table": "ORDERS",
                 "type": "text", "scale": null, "precision": null, "length": 16777216,
                 "byteLength": 16777216, "nullable": true, "collation": null}
            ],
            "nullable": true,
            "parameters": {"date_output_format": "YYYY-MM-DD", "multi_statement_count": 1}
        },
        "data": [["1", "first"], ["2", null]],
        "code": "090001",
        "statementStatusUrl": format!("/api/v2/statements/{HANDLE}?requestId={REQUEST_ID}"),
        "requestId": REQUEST_ID,
        "sqlState": "00000",
        "statementHandle": HANDLE,
        "message": "Statement executed successfully.",
        "createdOn": 1_718_700_000_000_i64
    }));
    let client = client(&server);
    let body: types::StatementRequest =
        serde_json::from_value(json!({"statement": "select id, note from orders"})).unwrap();
    let result = client
        .submit_statement(None, Some(true), Some(REQUEST_ID), None, &body)
        .await
        .unwrap()
        .into_inner();

    let meta = result.result_set_meta_data.expect("resultSetMetaData");
    assert_eq!(meta.num_rows, Some(3));
    assert_eq!(meta.partition_info.len(), 2);
    assert_eq!(meta.partition_info[0].row_count, Some(2));
    assert_eq!(meta.partition_info[0].compressed_size, None);
    assert_eq!(meta.partition_info[1].compressed_size, Some(20));
    assert_eq!(meta.row_type[0].name.as_deref(), Some("ID"));
    assert_eq!(meta.row_type[0].type_.as_deref(), Some("fixed"));
    assert_eq!(meta.row_type[0].precision, Some(38));
    assert_eq!(meta.row_type[0].length, None);
    assert_eq!(meta.row_type[1].byte_length, Some(16_777_216));
    assert_eq!(meta.row_type[1].nullable, Some(true));
    assert_eq!(
        meta.parameters.and_then(|p| p.multi_statement_count),
        Some(1)
    );
    assert_eq!(
        result.data,
        [
            [Some("1".to_owned()), Some("first".to_owned())],
            [Some("2".to_owned()), None]
        ]
    );
    assert_eq!(result.created_on, Some(1_718_700_000_000));
    assert_eq!(result.sql_state.as_deref(), Some("00000"));
    server.single().assert_line(
        "POST",
        "/api/v2/statements",
        Some(&format!("nullable=true&requestId={REQUEST_ID}")),
    );
}

#[tokio::test]
async fn get_a_later_partition() {
    let server = TestServer::start().await;
    // Partitions after the first carry only their rows.
    server.respond(200, json!({"data": [["5", null], [null, "e"]]}));
    let client = client(&server);
    let page = client
        .get_statement_status(HANDLE, Some(2), None)
        .await
        .unwrap()
        .into_inner();

    assert!(page.result_set_meta_data.is_none());
    assert_eq!(
        page.data,
        [[Some("5".to_owned()), None], [None, Some("e".to_owned())]]
    );
    let request = server.single();
    request.assert_line(
        "GET",
        &format!("/api/v2/statements/{HANDLE}"),
        Some("partition=2"),
    );
    assert!(request.body.is_empty());
    assert_eq!(
        request.header("x-snowflake-authorization-token-type"),
        Some("KEYPAIR_JWT")
    );
}

#[tokio::test]
async fn cancel_a_statement() {
    let server = TestServer::start().await;
    server.respond(
        200,
        json!({"code": "000604", "sqlState": "57014",
        "message": "SQL execution canceled", "statementHandle": HANDLE,
        "statementStatusUrl": format!("/api/v2/statements/{HANDLE}")}),
    );
    let client = client(&server);
    let cancelled = client
        .cancel_statement(HANDLE, Some(REQUEST_ID))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(cancelled.statement_handle.as_deref(), Some(HANDLE));
    assert_eq!(cancelled.code.as_deref(), Some("000604"));
    assert_eq!(cancelled.sql_state.as_deref(), Some("57014"));
    let request = server.single();
    request.assert_line(
        "POST",
        &format!("/api/v2/statements/{HANDLE}/cancel"),
        Some(&format!("requestId={REQUEST_ID}")),
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_failed_statement_is_an_api_error_with_sql_state_and_query_id() {
    let server = TestServer::start().await;
    server.respond(
        422,
        json!({"code": "002003", "sqlState": "42S02",
        "message": "SQL compilation error:\nObject 'ORDERS' does not exist or not authorized.",
        "statementHandle": HANDLE, "createdOn": 1_718_700_000_000_i64,
        "statementStatusUrl": format!("/api/v2/statements/{HANDLE}")}),
    );
    let client = client(&server);
    let body: types::StatementRequest =
        serde_json::from_value(json!({"statement": "select * from orders"})).unwrap();
    let error = client
        .submit_statement(None, None, None, None, &body)
        .await
        .unwrap_err();

    match &error {
        snowapi_rest::sqlapi::Error::ErrorResponse(failure) => {
            assert_eq!(failure.status().as_u16(), 422);
            assert_eq!(failure.statement_handle.as_deref(), Some(HANDLE));
            assert_eq!(failure.created_on, Some(1_718_700_000_000));
        }
        other => panic!("expected the typed failure body, got {other:?}"),
    }
    let RestError::Api {
        status,
        code,
        sql_state,
        message,
        request_id,
        query_id,
        ..
    } = RestError::from(error)
    else {
        panic!("expected RestError::Api");
    };
    assert_eq!(status.as_u16(), 422);
    assert_eq!(code.as_deref(), Some("002003"));
    assert_eq!(sql_state.as_deref(), Some("42S02"));
    assert!(message.starts_with("SQL compilation error"), "{message}");
    assert_eq!(query_id.as_deref(), Some(HANDLE));
    assert_eq!(request_id.as_deref(), Some("req-0001"));
}

#[tokio::test]
async fn a_statement_that_timed_out_is_a_408_api_error() {
    let server = TestServer::start().await;
    server.respond(408, json!({"code": "000630", "sqlState": "57014",
        "message": "Statement reached its statement or warehouse timeout of 10 second(s) and was canceled.",
        "statementHandle": HANDLE}));
    let client = client(&server);
    let error = client
        .get_statement_status(HANDLE, None, None)
        .await
        .unwrap_err();

    let error = RestError::from(error);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(408));
    assert_eq!(error.code(), Some("000630"));
    assert!(
        matches!(&error, RestError::Api { query_id: Some(q), .. } if q == HANDLE),
        "{error:?}"
    );
}

fn status_url() -> String {
    format!("/api/v2/statements/{HANDLE}?requestId={REQUEST_ID}")
}

/// The `QueryStatus` body of a statement that still runs.
fn running() -> serde_json::Value {
    json!({"code": "333334",
        "message": "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
        "statementHandle": HANDLE,
        "statementStatusUrl": status_url(),
        "createdOn": 1_718_700_000_000_i64})
}

/// As documented, the SQL API's 202 has no `Location` header: `outcome` polls the body's
/// `statementStatusUrl` and keeps the `statementHandle`.
#[tokio::test]
async fn a_202_query_status_on_submit_is_accepted() {
    let server = TestServer::start().await;
    server.respond(202, running());
    let client = client(&server);
    let body: types::StatementRequest =
        serde_json::from_value(json!({"statement": "call long_running()"})).unwrap();
    let answer = client
        .submit_statement(Some(true), None, Some(REQUEST_ID), None, &body)
        .await;

    let accepted = match outcome(answer).await {
        Ok(Outcome::Accepted(accepted)) => accepted,
        other => panic!("expected Accepted, got {other:?}"),
    };
    assert_eq!(accepted.location, status_url());
    assert_eq!(accepted.result_handler.as_deref(), Some(HANDLE));
    assert_eq!(accepted.code.as_deref(), Some("333334"));
    assert!(
        accepted
            .message
            .as_deref()
            .unwrap()
            .starts_with("Asynchronous execution")
    );
    assert_eq!(accepted.request_id.as_deref(), Some("req-0001"));
    server.single().assert_line(
        "POST",
        "/api/v2/statements",
        Some(&format!("async=true&requestId={REQUEST_ID}")),
    );
}

#[tokio::test]
async fn a_202_while_polling_is_accepted_and_a_location_header_wins() {
    let server = TestServer::start().await;
    let location = format!("/api/v2/statements/{HANDLE}");
    server.respond(202, running());
    server.respond_with(202, &[("location", location.as_str())], running());
    let client = client(&server);

    for expected in [status_url(), location] {
        let polled = outcome(
            client
                .get_statement_status(HANDLE, None, Some(REQUEST_ID))
                .await,
        )
        .await;
        match polled {
            Ok(Outcome::Accepted(accepted)) => {
                assert_eq!(accepted.location, expected);
                assert_eq!(accepted.result_handler.as_deref(), Some(HANDLE));
            }
            other => panic!("expected Accepted, got {other:?}"),
        }
    }
    for request in server.requests() {
        request.assert_line(
            "GET",
            &format!("/api/v2/statements/{HANDLE}"),
            Some(&format!("requestId={REQUEST_ID}")),
        );
    }
}
