//! Service role grants (SQL and REST), warehouse `:enable` / `:disable`, and `:use` acting on
//! the connector session whose token the REST call carries.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::rest_support::{Rest, texts};

const SERVICES: &str = "/api/v2/databases/spcs_g/schemas/public/services";
const SPEC: &str = "spec:\n  containers:\n  - name: main\n    image: /spcs_g/public/images/a:1\n  endpoints:\n  - name: web\n    port: 8080\nserviceRoles:\n- name: web_usage\n  endpoints:\n  - web\n";

/// The error code of SQL that must fail.
async fn sql_error(rest: &Rest, sql: &str) -> String {
    let answer = rest.sql_answer(sql).await;
    assert_eq!(answer["success"], false, "{sql}: {answer}");
    answer["code"].as_str().unwrap_or_default().to_owned()
}

/// A service `svc` (roles ALL_ENDPOINTS_USAGE and WEB_USAGE) and a role `reader`.
async fn service_and_role(rest: &Rest) {
    rest.sql("create database spcs_g").await;
    rest.sql("create image repository spcs_g.public.images")
        .await;
    rest.post_ok(
        "/api/v2/compute-pools",
        json!({"name": "gp", "min_nodes": 1, "max_nodes": 1,
                    "instance_family": "CPU_X64_XS"}),
    )
    .await;
    rest.post_ok(
        SERVICES,
        json!({"name": "svc", "compute_pool": "gp",
                    "spec": {"spec_type": "from_inline", "spec_text": SPEC}}),
    )
    .await;
    rest.sql("create role reader").await;
}

/// (granted_on, name, privilege) of every SHOW GRANTS TO ROLE row on a service role.
async fn service_role_grants_to(rest: &Rest, role: &str) -> Vec<(String, String, String)> {
    rest.sql(&format!("show grants to role {role}"))
        .await
        .into_iter()
        .filter(|row| row[2] == "SERVICE_ROLE")
        .map(|row| {
            (
                row[2].as_str().unwrap().to_owned(),
                row[3].as_str().unwrap().to_owned(),
                row[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn service_roles_are_granted_and_revoked_in_sql() {
    let rest = Rest::start().await;
    service_and_role(&rest).await;
    rest.sql("use schema spcs_g.public").await;
    rest.sql("grant service role svc!web_usage to role reader")
        .await;
    assert_eq!(
        service_role_grants_to(&rest, "reader").await,
        [(
            "SERVICE_ROLE".to_owned(),
            "SPCS_G.PUBLIC.SVC!WEB_USAGE".to_owned(),
            "USAGE".to_owned()
        )]
    );
    // Granting again changes nothing; the fully qualified name works too.
    rest.sql("grant service role spcs_g.public.svc!web_usage to role reader")
        .await;
    assert_eq!(service_role_grants_to(&rest, "reader").await.len(), 1);
    let of = rest
        .sql("show grants of service role spcs_g.public.svc!web_usage")
        .await;
    let holders: Vec<(&str, &str)> = of
        .iter()
        .map(|row| (row[2].as_str().unwrap(), row[3].as_str().unwrap()))
        .collect();
    assert_eq!(holders, [("ROLE", "ACCOUNTADMIN"), ("ROLE", "READER")]);
    assert_eq!(of[1][1], "SPCS_G.PUBLIC.SVC!WEB_USAGE");

    // Unknown service, unknown service role, unknown grantee: 002003. Users: syntax error.
    for (statement, code) in [
        ("grant service role nope!web_usage to role reader", "002003"),
        ("grant service role svc!nope to role reader", "002003"),
        ("grant service role svc!web_usage to role nobody", "002003"),
        ("show grants of service role svc!nope", "002003"),
        ("grant service role svc!web_usage to user admin", "001003"),
    ] {
        assert_eq!(sql_error(&rest, statement).await, code, "{statement}");
    }

    rest.sql("revoke service role svc!web_usage from role reader")
        .await;
    assert!(service_role_grants_to(&rest, "reader").await.is_empty());
    // The grant goes with the service.
    rest.sql("grant service role svc!all_endpoints_usage to role reader")
        .await;
    assert_eq!(service_role_grants_to(&rest, "reader").await.len(), 1);
    rest.sql("drop service svc").await;
    assert!(service_role_grants_to(&rest, "reader").await.is_empty());
}

#[tokio::test]
async fn service_roles_are_granted_and_revoked_over_rest() {
    let rest = Rest::start().await;
    service_and_role(&rest).await;
    let grant = json!({
        "securable_type": "SERVICE ROLE",
        "securable": {"database": "spcs_g", "schema": "public", "service": "svc",
                      "name": "web_usage"}
    });
    rest.post_ok("/api/v2/roles/reader/grants", grant.clone())
        .await;
    let holders = rest
        .get_ok(&format!("{SERVICES}/svc/roles/web_usage/grants-of"))
        .await;
    let names = texts(&holders, "grantee_name");
    assert_eq!(names, ["ACCOUNTADMIN", "READER"], "{holders}");
    assert_eq!(holders[1]["role"], "SPCS_G.PUBLIC.SVC!WEB_USAGE");
    assert_eq!(holders[1]["granted_to"], "ROLE");

    // The role's grants name the service role with its service.
    let grants = rest.get_ok("/api/v2/roles/reader/grants").await;
    let on_service_role: Vec<&Value> = grants
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["securable_type"] == "SERVICE_ROLE")
        .collect();
    assert_eq!(on_service_role.len(), 1, "{grants}");
    assert_eq!(
        on_service_role[0]["securable"],
        json!({"database": "SPCS_G", "schema": "PUBLIC", "service": "SVC", "name": "WEB_USAGE"})
    );

    // Unknown service role or service: 404 everywhere.
    let mut unknown = grant.clone();
    unknown["securable"]["name"] = json!("nope");
    let (status, body) = rest.post("/api/v2/roles/reader/grants", unknown).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    for path in [
        format!("{SERVICES}/svc/roles/nope/grants-of"),
        format!("{SERVICES}/nosvc/roles/web_usage/grants-of"),
    ] {
        let (status, body) = rest.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    // A user cannot hold a service role.
    let (status, body) = rest.post("/api/v2/users/admin/grants", grant.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    rest.post_ok("/api/v2/roles/reader/grants:revoke", grant)
        .await;
    let holders = rest
        .get_ok(&format!("{SERVICES}/svc/roles/web_usage/grants-of"))
        .await;
    assert_eq!(holders.as_array().unwrap().len(), 1, "{holders}");
}

#[tokio::test]
async fn disabled_warehouses_cannot_resume_or_run_queries() {
    let rest = Rest::start().await;
    rest.sql("create warehouse switch_wh").await;
    rest.sql("create database gdb").await;
    rest.sql("create table gdb.public.t (n int)").await;
    rest.sql("insert into gdb.public.t values (1)").await;
    rest.ok(Method::POST, "/api/v2/warehouses/switch_wh:disable", None)
        .await;
    let fetched = rest.get_ok("/api/v2/warehouses/switch_wh").await;
    assert_eq!(fetched["state"], "SUSPENDED", "{fetched}");
    // Disabling twice is fine; resuming is refused.
    rest.ok(Method::POST, "/api/v2/warehouses/switch_wh:disable", None)
        .await;
    let (status, body) = rest
        .post("/api/v2/warehouses/switch_wh:resume", json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        sql_error(&rest, "alter warehouse switch_wh resume").await,
        "090064"
    );
    // A session using it may still select it, but reading tables fails.
    rest.sql("use warehouse switch_wh").await;
    assert_eq!(
        sql_error(&rest, "select n from gdb.public.t").await,
        "000606"
    );
    assert_eq!(
        sql_error(&rest, "insert into gdb.public.t values (2)").await,
        "000606"
    );
    assert_eq!(
        rest.column("select current_warehouse()", 0).await,
        ["SWITCH_WH"]
    );

    rest.ok(Method::POST, "/api/v2/warehouses/switch_wh:enable", None)
        .await;
    assert_eq!(rest.column("select n from gdb.public.t", 0).await, ["1"]);
    rest.ok(Method::POST, "/api/v2/warehouses/switch_wh:resume", None)
        .await;
    let fetched = rest.get_ok("/api/v2/warehouses/switch_wh").await;
    assert_eq!(fetched["state"], "STARTED", "{fetched}");

    for action in ["enable", "disable"] {
        let (status, body) = rest
            .post(&format!("/api/v2/warehouses/no_wh:{action}"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{action}: {body}");
        rest.ok(
            Method::POST,
            &format!("/api/v2/warehouses/no_wh:{action}?ifExists=true"),
            None,
        )
        .await;
    }
}

#[tokio::test]
async fn use_sets_the_warehouse_of_the_connector_session() {
    let rest = Rest::start().await;
    rest.sql("create warehouse first_wh").await;
    rest.sql("create warehouse second_wh").await;
    rest.sql("use warehouse first_wh").await;
    rest.ok(Method::POST, "/api/v2/warehouses/second_wh:use", None)
        .await;
    assert_eq!(
        rest.column("select current_warehouse()", 0).await,
        ["SECOND_WH"]
    );
    let (status, body) = rest.post("/api/v2/warehouses/no_wh:use", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(
        rest.column("select current_warehouse()", 0).await,
        ["SECOND_WH"]
    );

    // A bearer token has no session to change: the warehouse is only checked.
    let added = rest.sql("alter user admin add pat use_token").await;
    let secret = added[0][1].as_str().unwrap().to_owned();
    let call = |name: &str| {
        rest.http
            .post(format!(
                "{}/api/v2/warehouses/{name}:use",
                rest.emulator.url()
            ))
            .header("Authorization", format!("Bearer {secret}"))
            .header(
                "X-Snowflake-Authorization-Token-Type",
                "PROGRAMMATIC_ACCESS_TOKEN",
            )
            .send()
    };
    assert_eq!(call("first_wh").await.unwrap().status(), StatusCode::OK);
    assert_eq!(call("no_wh").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(
        rest.column("select current_warehouse()", 0).await,
        ["SECOND_WH"]
    );
}
