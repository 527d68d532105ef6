//! Starting an emulator, connecting, and a `Root` over the connection's session.

use std::time::Duration;

use futures::TryStreamExt;
use snowapi_auth::ConnectionConfig;
use snowapi_core::{
    CreateMode, Listing, Named, PollingPolicy, RetryPolicy, Root, RootOptions,
    database::{Database, DatabaseResource},
    grant::PrivilegeGrant,
    schema::SchemaResource,
};
use snowapi_emulator::server::{EmulatorBuilder, RunningEmulator};
use snowapi_query::Connection;

/// What every test works with: the running emulator, a SQL connection and a root sharing its
/// session.
pub struct Env {
    /// The emulator (dropping it stops the server).
    pub emulator: RunningEmulator,
    /// A SQL connection, to cross-check what the REST API did.
    pub conn: Connection,
    /// The resource tree over the connection's session.
    pub root: Root,
}

/// Quick retries and polling, so fault and long-running tests do not wait seconds.
pub fn quick_options() -> RootOptions {
    RootOptions::default()
        .retry(RetryPolicy::new(
            4,
            Duration::from_millis(10),
            Duration::from_millis(50),
        ))
        .polling(PollingPolicy::new(
            Duration::from_millis(20),
            Duration::from_millis(100),
            Duration::from_secs(20),
        ))
}

/// A connection configuration for the emulator.
pub fn config(emulator: &RunningEmulator) -> ConnectionConfig {
    let address = emulator.address();
    ConnectionConfig::builder()
        .account(emulator.account())
        .user(emulator.user())
        .password(emulator.password().to_owned())
        .host(address.ip().to_string())
        .port(address.port())
        .protocol("http")
        .build()
        .expect("emulator config")
}

/// Starts an emulator from `builder`, connects, and builds a root with quick options.
pub async fn start_with(builder: EmulatorBuilder) -> Env {
    let emulator = builder.start().await.expect("emulator starts");
    let conn = Connection::connect(&config(&emulator))
        .await
        .expect("connect to the emulator");
    let rest = Root::from_connection(&conn).expect("root").rest().clone();
    let root = Root::with_options(rest, quick_options());
    Env {
        emulator,
        conn,
        root,
    }
}

/// Starts a default emulator.
pub async fn start() -> Env {
    start_with(snowapi_emulator::server::Emulator::builder()).await
}

/// A default emulator with database `name` created, and the database's handle.
pub async fn with_database(name: &str) -> (Env, DatabaseResource) {
    let env = start().await;
    let database = env
        .root
        .databases()
        .create(&Database::new(name), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    (env, database)
}

/// A default emulator with database `db` created, and the handle of its PUBLIC schema.
pub async fn with_public_schema(db: &str) -> (Env, SchemaResource) {
    let (env, database) = with_database(db).await;
    (env, database.schemas().get("public"))
}

/// Runs the SQL statement `sql`, which must succeed.
pub async fn run(conn: &Connection, sql: &str) {
    conn.execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The column `index` of every row of `sql`, as text.
pub async fn column(conn: &Connection, sql: &str, index: usize) -> Vec<String> {
    rows(conn, sql, &[index]).await
}

/// The columns `indexes` of every row of `sql`, as text joined by spaces: one string a row.
pub async fn rows(conn: &Connection, sql: &str, indexes: &[usize]) -> Vec<String> {
    conn.query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| {
            let cells: Vec<String> = indexes
                .iter()
                .map(|&i| {
                    row.get::<String>(i)
                        .unwrap_or_else(|e| panic!("{sql}: {e}"))
                })
                .collect();
            cells.join(" ")
        })
        .collect()
}

/// `grants` as sorted `PRIVILEGE KIND grant_option` strings, one a privilege, with the scope
/// (`DATABASE.SCHEMA`, `DATABASE.*` for a whole database) after the kind for grants on all or
/// future objects.
pub fn grant_lines(grants: &[PrivilegeGrant]) -> Vec<String> {
    let mut lines: Vec<String> = grants
        .iter()
        .flat_map(|g| {
            let option = g.grant_option.unwrap_or_default();
            let scope = g.containing_scope.as_ref().map_or(String::new(), |s| {
                format!(" {}.{}", s.database, s.schema.as_deref().unwrap_or("*"))
            });
            g.privileges
                .iter()
                .map(move |p| format!("{p} {}{scope} {option}", g.securable_type))
        })
        .collect();
    lines.sort();
    lines
}

/// The rows of a `SHOW [FUTURE] GRANTS TO …` as sorted `privilege granted_on name grant_option`
/// strings.
pub async fn shown_grants(conn: &Connection, sql: &str) -> Vec<String> {
    let mut shown = rows(conn, sql, &[1, 2, 3, 6]).await;
    shown.sort();
    shown
}

/// Asserts what [`grant_lines`] or [`shown_grants`] gave for the grants (`now`) and future grants
/// (`later`) of a role.
#[track_caller]
pub fn assert_grants((now, later): (Vec<String>, Vec<String>), expected: &[&str], future: &[&str]) {
    assert_eq!(now, expected, "grants");
    assert_eq!(later, future, "future grants");
}

/// The names of `items`, in order.
pub fn names_of<M: Named>(items: &[M]) -> Vec<String> {
    items.iter().map(|m| m.name().to_owned()).collect()
}

/// The names `listing` returns in one answer, in order.
pub async fn names<M: Named + Send + 'static>(listing: Listing<M>) -> Vec<String> {
    names_of(&listing.send().await.unwrap())
}

/// The names `listing` streams page by page, in order.
pub async fn streamed<M: Named + Send + 'static>(listing: Listing<M>) -> Vec<String> {
    listing
        .stream()
        .map_ok(|m| m.name().to_owned())
        .try_collect()
        .await
        .unwrap()
}

/// Asserts `error` is a 4xx answer (the API refused the request).
#[track_caller]
pub fn assert_client_error(error: &snowapi_core::CoreError) {
    assert!(
        error.status().is_some_and(|s| (400..500).contains(&s)),
        "{error:?}"
    );
}

/// Checks the create modes on `$collection` with `$model(comment)` models all named `$name`:
/// creates the "first", asserts `ErrorIfExists` then answers `Conflict`, `IfNotExists` keeps
/// "first" and `OrReplace` gives "third" (read back with `fetch`). Gives the conflict error.
macro_rules! create_modes {
    ($collection:expr, $name:expr, $model:expr) => {{
        let collection = &$collection;
        let model = $model;
        let comment = || async { collection.get($name).fetch().await.unwrap().comment };
        let (first, again) = (model("first"), snowapi_core::CreateMode::ErrorIfExists);
        collection.create(&first, again).await.unwrap();
        let conflict = collection.create(&first, again).await.unwrap_err();
        assert!(
            matches!(conflict, snowapi_core::CoreError::Conflict(_)),
            "{conflict:?}"
        );
        let keep = snowapi_core::CreateMode::IfNotExists;
        collection.create(&model("second"), keep).await.unwrap();
        assert_eq!(comment().await.as_deref(), Some("first"));
        let replace = snowapi_core::CreateMode::OrReplace;
        collection.create(&model("third"), replace).await.unwrap();
        assert_eq!(comment().await.as_deref(), Some("third"));
        conflict
    }};
}
pub(crate) use create_modes;

/// Asserts that `listing`, with dropped objects included (`history`), gives exactly one object,
/// which `dropped` says was dropped.
pub async fn assert_one_dropped<M: Named + std::fmt::Debug + Send + 'static>(
    listing: Listing<M>,
    dropped: impl Fn(&M) -> bool,
) {
    let history = listing.history(true).send().await.unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(dropped(&history[0]), "{history:?}");
}

/// Waits for the operation an `…_async` verb started, which must succeed, and gives its result.
pub async fn finish<T>(
    started: Result<snowapi_core::PollingOperation<T>, snowapi_core::CoreError>,
) -> T {
    started.unwrap().result().await.unwrap()
}
