//! Files on internal stages (and the user stage `@~`) over real HTTP: COPY INTO @stage, LIST, REMOVE, the REST API's
//! listStageFiles and presigned URLs, the admin upload route, and a restart with a data dir.

use std::{io::Read, time::Duration};

use reqwest::StatusCode;
use serde_json::json;

use crate::rest_support::Rest;

const FILES: &str = "/api/v2/databases/sf/schemas/public/stages/st/files";

/// An emulator with database SF, stage ST and a three-row table T.
async fn setup(rest: &Rest) {
    for sql in [
        "create database sf",
        "create stage st",
        "create table t (id int, name varchar)",
        "insert into t values (1, 'a'), (2, 'b,c'), (3, null)",
    ] {
        rest.sql(sql).await;
    }
}

/// The error code of a statement that must fail.
async fn sql_error(rest: &Rest, sql: &str) -> String {
    let reply = rest.sql_answer(sql).await;
    assert_eq!(reply["success"], false, "{sql}: {reply}");
    reply["code"].as_str().unwrap_or_default().to_owned()
}

async fn presigned(rest: &Rest, file: &str, seconds: i64) -> String {
    let answer = rest
        .ok(
            reqwest::Method::POST,
            &format!("{FILES}/{file}:presigned-url"),
            Some(json!({"expiration_time": seconds})),
        )
        .await;
    answer["presigned_url"].as_str().unwrap().to_owned()
}

async fn download(rest: &Rest, url: &str) -> (StatusCode, Vec<u8>) {
    let response = rest.http.get(url).send().await.unwrap();
    (response.status(), response.bytes().await.unwrap().to_vec())
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[tokio::test]
async fn unload_list_remove_and_download() {
    let rest = Rest::start().await;
    setup(&rest).await;
    let unloaded = rest.sql("copy into @st from t").await;
    assert_eq!(unloaded[0][0], "3", "{unloaded:?}");
    let (input, output) = (&unloaded[0][1], &unloaded[0][2]);
    assert_ne!(input, "0");
    assert_ne!(output, "0");
    rest.sql(
        "copy into @sf.public.st/out/ from (select id, name from t order by id) \
         file_format = (type = csv compression = none) header = true",
    )
    .await;
    rest.sql(
        "copy into @st/j from (select object_construct('id', id) from t order by id) \
         file_format = (type = json)",
    )
    .await;
    assert_eq!(
        rest.column("list @st", 0).await,
        [
            "st/data_0_0_0.csv.gz",
            "st/j_0_0_0.json.gz",
            "st/out/data_0_0_0.csv"
        ]
    );
    let listed = rest.sql("ls @st/out").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0][1], "24");
    assert_eq!(listed[0][2].as_str().unwrap().len(), 32);
    assert!(listed[0][3].as_str().unwrap().ends_with(" GMT"));
    assert_eq!(
        rest.column(r"list @st pattern = '.*\.gz'", 0).await,
        ["st/data_0_0_0.csv.gz", "st/j_0_0_0.json.gz"]
    );

    let files = rest.ok(reqwest::Method::GET, FILES, None).await;
    assert_eq!(files.as_array().unwrap().len(), 3, "{files}");
    let only = rest
        .ok(
            reqwest::Method::GET,
            &format!("{FILES}?pattern=.*out.*"),
            None,
        )
        .await;
    assert_eq!(only[0]["name"], "st/out/data_0_0_0.csv", "{only}");
    assert_eq!(only[0]["size"], "24");
    assert_eq!(only[0]["md5"], listed[0][2]);
    assert!(only[0]["last_modified"].as_str().unwrap().ends_with("GMT"));

    let url = presigned(&rest, "out%2Fdata_0_0_0.csv", 600).await;
    assert!(url.starts_with(&rest.emulator.url()), "{url}");
    let (status, bytes) = download(&rest, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, b"ID,NAME\n1,a\n2,b\\,c\n3,\\N\n");
    let url = presigned(&rest, "data_0_0_0.csv.gz", 600).await;
    let (_, bytes) = download(&rest, &url).await;
    assert_eq!(gunzip(&bytes), "1,a\n2,b\\,c\n3,\\N\n");
    let url = presigned(&rest, "j_0_0_0.json.gz", 600).await;
    let (_, bytes) = download(&rest, &url).await;
    assert_eq!(gunzip(&bytes), "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
    let (status, _) = download(&rest, &format!("{url}x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a tampered token is refused");

    // A second unload to the same name needs OVERWRITE.
    assert_eq!(sql_error(&rest, "copy into @st from t").await, "100037");
    rest.sql("copy into @st from (select 1) overwrite = true")
        .await;
    let removed = rest.sql("remove @st/out").await;
    assert_eq!(
        removed,
        [[json!("st/out/data_0_0_0.csv"), json!("removed")]]
    );
    assert_eq!(rest.column("rm @st pattern = '.*json.*'", 0).await.len(), 1);
    assert_eq!(rest.column("list @st", 0).await, ["st/data_0_0_0.csv.gz"]);
    let (status, _) = download(&rest, &presigned(&rest, "data_0_0_0.csv.gz", 60).await).await;
    assert_eq!(status, StatusCode::OK);

    // Bad input.
    let (status, body) = rest
        .post(
            &format!("{FILES}/out%2Fdata_0_0_0.csv:presigned-url"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = rest
        .post(&format!("{FILES}/..%2Fx:presigned-url"), json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = rest
        .get("/api/v2/databases/sf/schemas/public/stages/nope/files")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "002003", "{body}");
    assert_eq!(sql_error(&rest, "list @nope").await, "002003");
    assert_eq!(
        sql_error(&rest, "copy into @st/../x from t").await,
        "001003"
    );
    assert_eq!(sql_error(&rest, "list @st pattern = '('").await, "100037");
}

#[tokio::test]
async fn presigned_urls_expire() {
    let rest = Rest::start().await;
    setup(&rest).await;
    rest.emulator
        .put_stage_file("SF.PUBLIC.ST", "a.txt", b"hello".to_vec())
        .await
        .unwrap();
    let url = presigned(&rest, "a.txt", 1).await;
    assert_eq!(
        download(&rest, &url).await,
        (StatusCode::OK, b"hello".to_vec())
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(download(&rest, &url).await.0, StatusCode::FORBIDDEN);
    let (status, _) = rest
        .post(
            &format!("{FILES}/a.txt:presigned-url"),
            json!({"expiration_time": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn dropping_or_replacing_a_stage_clears_its_files() {
    let rest = Rest::start().await;
    setup(&rest).await;
    let put = || async {
        rest.emulator
            .put_stage_file("SF.PUBLIC.ST", "x/a.txt", b"one".to_vec())
            .await
            .unwrap();
    };
    put().await;
    assert_eq!(rest.column("list @st", 0).await, ["st/x/a.txt"]);
    let url = presigned(&rest, "x%2Fa.txt", 600).await;
    rest.sql("create or replace stage st").await;
    assert!(rest.column("list @st", 0).await.is_empty());
    assert_eq!(download(&rest, &url).await.0, StatusCode::NOT_FOUND);
    put().await;
    rest.sql("drop stage st").await;
    rest.sql("create stage st").await;
    assert!(rest.column("list @st", 0).await.is_empty());
    assert!(
        rest.emulator
            .put_stage_file("SF.PUBLIC.NOPE", "a", vec![1])
            .await
            .is_err()
    );
    assert!(
        rest.emulator
            .put_stage_file("SF.PUBLIC.ST", "../a", vec![1])
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_admin_route_uploads_within_the_body_limit() {
    let rest = Rest::start_with(|b| b.max_body_bytes(1024)).await;
    setup(&rest).await;
    let upload = |path: &str, bytes: Vec<u8>| {
        rest.http
            .post(format!(
                "{}/__emulator/stages/SF/PUBLIC/ST/files/{path}",
                rest.emulator.url()
            ))
            .body(bytes)
            .send()
    };
    let response = upload("dir/b.bin", vec![7; 100]).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let listed = rest.sql("list @st").await;
    assert_eq!(listed[0][0], "st/dir/b.bin");
    assert_eq!(listed[0][1], "100");
    let response = upload("dir/big.bin", vec![7; 4096]).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let response = upload("a%2F..%2F..%2Fx", vec![1]).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = rest
        .http
        .post(format!(
            "{}/__emulator/stages/SF/PUBLIC/NOPE/files/a",
            rest.emulator.url()
        ))
        .body(vec![1])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(rest.column("list @st", 0).await, ["st/dir/b.bin"]);
}

#[tokio::test]
async fn staged_files_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = |dir: &std::path::Path| std::fs::read_dir(dir.join("stages")).unwrap().count();
    {
        let rest = Rest::start_with(|b| b.data_dir(dir.path())).await;
        setup(&rest).await;
        rest.sql("copy into @st from t file_format = (type = csv compression = none)")
            .await;
        rest.emulator
            .put_stage_file("SF.PUBLIC.ST", "gone.txt", b"bye".to_vec())
            .await
            .unwrap();
        rest.sql("copy into @~/mine.csv from (select 7) single = true")
            .await;
        assert_eq!(blobs(dir.path()), 3);
        rest.sql("remove @st/gone.txt").await;
        assert_eq!(blobs(dir.path()), 2, "a removed file's bytes are deleted");
        rest.emulator.shutdown().await;
    }
    let rest = Rest::start_with(|b| b.data_dir(dir.path())).await;
    assert_eq!(
        rest.column("list @sf.public.st", 0).await,
        ["st/data_0_0_0.csv"]
    );
    assert_eq!(rest.column("list @~", 0).await, ["mine.csv"]);
    let url = presigned(&rest, "data_0_0_0.csv", 60).await;
    let (status, bytes) = download(&rest, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, b"1,a\n2,b\\,c\n3,\\N\n");
    rest.sql("drop database sf").await;
    rest.sql("undrop database sf").await;
    assert_eq!(rest.column("list @sf.public.st", 0).await.len(), 1);
}
