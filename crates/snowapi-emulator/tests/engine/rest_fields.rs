//! Issue 7 over real HTTP: every writable field of a warehouse, table, user, view and stage body
//! reads back from a fetch as it was written, or the body is refused with a 400 naming it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::rest_support::Rest;

/// Asserts that every field of `sent` (but those in `skip`) reads back equal in `fetched`.
fn assert_round_trip(sent: &Value, fetched: &Value, skip: &[&str]) {
    for (field, value) in sent.as_object().unwrap() {
        if skip.contains(&field.as_str()) {
            continue;
        }
        assert_eq!(&fetched[field], value, "field `{field}` of {fetched}");
    }
}

/// Asserts a 400 whose message names `field`.
fn assert_refused(status: StatusCode, body: &Value, field: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body.to_string().contains(field),
        "{field} not named: {body}"
    );
}

#[tokio::test]
async fn rest_fields_warehouse_round_trip() {
    let rest = Rest::start().await;
    let sent = json!({
        "name": "FIELDS_WH",
        "warehouse_type": "STANDARD",
        "warehouse_size": "SMALL",
        "max_cluster_count": 3,
        "min_cluster_count": 2,
        "scaling_policy": "ECONOMY",
        "auto_suspend": 120,
        "auto_resume": "false",
        "comment": "every field",
        "enable_query_acceleration": "true",
        "query_acceleration_max_scale_factor": 4,
        "max_concurrency_level": 6,
        "statement_queued_timeout_in_seconds": 30,
        "statement_timeout_in_seconds": 600,
        "resource_monitor": "MONITOR_1",
    });
    let mut body = sent.clone();
    body["initially_suspended"] = json!("true");
    body["wait_for_completion"] = json!("true");
    rest.ok(reqwest::Method::POST, "/api/v2/warehouses", Some(body))
        .await;
    let (status, fetched) = rest.get("/api/v2/warehouses/fields_wh").await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    assert_round_trip(
        &sent,
        &fetched,
        &["auto_resume", "enable_query_acceleration"],
    );
    assert_eq!(fetched["state"], "SUSPENDED");
    assert_eq!(
        fetched["auto_resume"].as_str().map(str::to_lowercase),
        Some("false".into())
    );
    assert_eq!(
        fetched["enable_query_acceleration"]
            .as_str()
            .map(str::to_lowercase),
        Some("true".into())
    );

    for (field, value) in [
        ("warehouse_credit_limit", json!(100)),
        ("target_statement_size", json!("X-Small")),
    ] {
        let (status, body) = rest
            .post(
                "/api/v2/warehouses",
                json!({"name": "REFUSED_WH", field: value}),
            )
            .await;
        assert_refused(status, &body, field);
        let (status, body) = rest
            .put(
                "/api/v2/warehouses/fields_wh",
                json!({"name": "FIELDS_WH", field: value}),
            )
            .await;
        assert_refused(status, &body, field);
    }
    let (status, _) = rest.get("/api/v2/warehouses/refused_wh").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rest_fields_table_round_trip() {
    let rest = Rest::start().await;
    rest.sql("create database fields_db").await;
    let path = "/api/v2/databases/fields_db/schemas/public/tables";
    let sent = json!({
        "name": "EVERY_FIELD",
        "kind": "TRANSIENT",
        "columns": [{"name": "ID", "datatype": "NUMBER(38,0)", "nullable": false,
                     "comment": "key"}],
        "cluster_by": ["ID"],
        "change_tracking": false,
        "enable_schema_evolution": false,
        "data_retention_time_in_days": 0,
        "comment": "all of it",
        "table_type": "NORMAL",
    });
    rest.ok(reqwest::Method::POST, path, Some(sent.clone()))
        .await;
    let (status, fetched) = rest.get(&format!("{path}/every_field")).await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    assert_round_trip(&sent, &fetched, &["columns"]);
    assert_eq!(fetched["columns"][0]["comment"], "key");
    assert_eq!(fetched["columns"][0]["nullable"], false);

    // The table settings are kept now (rest_table_settings.rs); only these are refused.
    for (field, value) in [("table_type", json!("DYNAMIC"))] {
        let mut body = sent.clone();
        body[field] = value;
        let (status, answer) = rest.put(&format!("{path}/every_field"), body.clone()).await;
        assert_refused(status, &answer, field);
        body["name"] = json!("REFUSED_T");
        let (status, answer) = rest.post(path, body).await;
        assert_refused(status, &answer, field);
    }
    let mut body = sent.clone();
    body["columns"][0]["collate"] = json!("en-ci");
    let (status, answer) = rest.post(path, body).await;
    assert_refused(status, &answer, "collate");
    // Nothing refused was half-applied.
    let (status, fetched) = rest.get(&format!("{path}/every_field")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["change_tracking"], false);
    let (status, _) = rest.get(&format!("{path}/refused_t")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rest_fields_user_round_trip() {
    let rest = Rest::start().await;
    let sent = json!({
        "name": "FIELDS_USER",
        "login_name": "FIELDS_LOGIN",
        "display_name": "Fields User",
        "first_name": "Fi",
        "middle_name": "El",
        "last_name": "Ds",
        "email": "fields@example.com",
        "must_change_password": true,
        "disabled": true,
        "days_to_expiry": 30,
        "mins_to_unlock": 5,
        "default_warehouse": "FIELDS_WH",
        "default_namespace": "FIELDS_DB.PUBLIC",
        "default_role": "PUBLIC",
        "mins_to_bypass_mfa": 10,
        "comment": "every field",
        "type": "PERSON",
        "enable_unredacted_query_syntax_error": true,
        "network_policy": "FIELDS_POLICY",
        "rsa_public_key": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "rsa_public_key_2": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEB",
    });
    let mut body = sent.clone();
    body["password"] = json!("never-answered");
    body["default_secondary_roles"] = json!("ALL");
    rest.ok(reqwest::Method::POST, "/api/v2/users", Some(body))
        .await;
    let (status, fetched) = rest.get("/api/v2/users/fields_user").await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    assert_round_trip(&sent, &fetched, &[]);
    assert!(
        fetched["default_secondary_roles"]
            .to_string()
            .contains("ALL"),
        "{fetched}"
    );
    assert!(fetched.get("password").is_none());
    assert!(!fetched.to_string().contains("never-answered"));

    // Create-or-alter without the parameter puts it back to its default.
    rest.ok(
        reqwest::Method::PUT,
        "/api/v2/users/fields_user",
        Some(json!({"name": "FIELDS_USER"})),
    )
    .await;
    let (_, fetched) = rest.get("/api/v2/users/fields_user").await;
    assert_eq!(fetched["enable_unredacted_query_syntax_error"], false);
}

#[tokio::test]
async fn rest_fields_view_round_trip() {
    let rest = Rest::start().await;
    rest.sql("create database fields_db").await;
    rest.sql("create table fields_db.public.t (id int)").await;
    let path = "/api/v2/databases/fields_db/schemas/public/views";
    let sent = json!({
        "name": "EVERY_FIELD_V",
        "kind": "PERMANENT",
        "secure": true,
        "recursive": false,
        "columns": [{"name": "ID2"}],
        "query": "select id from fields_db.public.t",
        "comment": "view comment",
    });
    rest.ok(reqwest::Method::POST, path, Some(sent.clone()))
        .await;
    let (status, fetched) = rest.get(&format!("{path}/every_field_v")).await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    // The engine keeps the query as it re-renders it (keywords upper-cased).
    assert_round_trip(&sent, &fetched, &["columns", "query"]);
    assert!(
        fetched["query"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(sent["query"].as_str().unwrap()),
        "{fetched}"
    );
    assert_eq!(fetched["columns"][0]["name"], "ID2");
}

#[tokio::test]
async fn rest_fields_stage_round_trip() {
    let rest = Rest::start().await;
    rest.sql("create database fields_db").await;
    let path = "/api/v2/databases/fields_db/schemas/public/stages";
    let sent = json!({
        "name": "EVERY_FIELD_S",
        "kind": "PERMANENT",
        "comment": "stage comment",
        "directory_table": {"enable": true, "refresh_on_create": false, "auto_refresh": false},
    });
    let mut body = sent.clone();
    body["encryption"] = json!({"type": "SNOWFLAKE_SSE"});
    rest.ok(reqwest::Method::POST, path, Some(body)).await;
    let (status, fetched) = rest.get(&format!("{path}/every_field_s")).await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    assert_round_trip(&sent, &fetched, &[]);
}
