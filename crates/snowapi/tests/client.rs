//! The facade end to end against the embedded emulator: every way to build a `Client`, SQL,
//! async queries and the resource tree over one session.

use std::time::Duration;

use snowapi::{Client, Error, prelude::*};

#[tokio::test]
async fn emulate_serves_sql_async_queries_and_the_resource_tree() {
    let client = Client::emulate().await.unwrap();
    assert!(client.is_emulated());
    assert!(
        client
            .emulator_url()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );

    client
        .root()
        .databases()
        .create(&Database::new("facade_db"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    // The resource tree and SQL share the session's catalog.
    client
        .sql("create table facade_db.public.t (id int, name varchar)")
        .await
        .unwrap();
    let inserted = client
        .sql(
            Statement::new("insert into facade_db.public.t values (?, ?), (?, ?)")
                .bind(1_i64)
                .bind("one")
                .bind(2_i64)
                .bind("two"),
        )
        .await
        .unwrap();
    assert_eq!(inserted.rows_affected(), Some(2));
    let rows = client
        .query("select id, name from facade_db.public.t order by id")
        .await
        .unwrap();
    let names: Vec<String> = rows.iter().map(|r| r.get(1).unwrap()).collect();
    assert_eq!(names, ["one", "two"]);

    let job = client
        .submit("select count(*) from facade_db.public.t")
        .await
        .unwrap();
    job.wait(Duration::from_secs(30)).await.unwrap();
    let counted = job.result().await.unwrap().rows().await.unwrap();
    assert_eq!(counted[0].get::<i64>(0).unwrap(), 2);

    let fetched = client
        .root()
        .databases()
        .get("facade_db")
        .fetch()
        .await
        .unwrap();
    assert_eq!(fetched.name, "FACADE_DB");
    client.close().await.unwrap();
}

#[tokio::test]
async fn builder_and_url_connect_to_a_running_server() {
    let host = Client::emulate().await.unwrap();
    let emulator = host.emulator().unwrap();
    let address = emulator.address();

    let built = Client::builder()
        .account(emulator.account())
        .user(emulator.user())
        .password(emulator.password().to_owned())
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
        .connect()
        .await
        .unwrap();
    assert!(!built.is_emulated());
    let one: i64 = built.query("select 1").await.unwrap()[0].get(0).unwrap();
    assert_eq!(one, 1);

    let url = format!(
        "snowflake://{}:{}@{}/?host={}&port={}&protocol=http",
        emulator.user(),
        emulator.password(),
        emulator.account(),
        address.ip(),
        address.port()
    );
    let from_url = Client::from_url(&url).await.unwrap();
    from_url.sql("create database url_db").await.unwrap();
    // Both clients reach the same account.
    let shown = built.query("show databases like 'URL_DB'").await.unwrap();
    assert_eq!(shown.len(), 1);
}

#[tokio::test]
async fn errors_keep_the_failing_layer_and_snowflake_details() {
    let client = Client::emulate().await.unwrap();
    match client
        .sql("select * from no_such_db.public.no_such_table")
        .await
        .unwrap_err()
    {
        Error::Query(error) => assert_eq!(error.code(), Some("002003"), "{error}"),
        other => panic!("expected a query error, got {other:?}"),
    }
    let missing: Error = client
        .root()
        .databases()
        .get("nope")
        .fetch()
        .await
        .unwrap_err()
        .into();
    match missing {
        Error::Core(error) => assert!(error.is_not_found(), "{error}"),
        other => panic!("expected a resource error, got {other:?}"),
    }
    let refused = Client::builder()
        .account("x")
        .user("u")
        .password("p".to_owned())
        .private_key_file("/no/such/key.p8")
        .connect()
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Auth(_)), "{refused:?}");
    let text = format!("{refused} {refused:?}");
    assert!(!text.contains("\"p\""), "{text}");
}
