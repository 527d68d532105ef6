//! The `snowapi` binary end to end: spawned as a process against an emulator, its output compared.

use std::{path::Path, process::Stdio};

use snowapi_emulator::server::{Emulator, RunningEmulator};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::Command,
};

/// A configuration directory with a connections.toml whose `emu` connection (the default)
/// reaches `emulator`.
fn config_home(emulator: &RunningEmulator) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let address = emulator.address();
    let toml = format!(
        "[emu]\naccount = \"{}\"\nuser = \"{}\"\npassword = \"{}\"\nhost = \"{}\"\nport = {}\nprotocol = \"http\"\n",
        emulator.account(),
        emulator.user(),
        emulator.password(),
        address.ip(),
        address.port()
    );
    write_private(&dir.path().join("connections.toml"), &toml);
    write_private(
        &dir.path().join("config.toml"),
        "default_connection_name = \"emu\"\n",
    );
    dir
}

fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// The binary with only `home` as configuration.
fn snowapi(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_snowapi"));
    for (key, _) in std::env::vars() {
        if key.starts_with("SNOWFLAKE_") {
            command.env_remove(key);
        }
    }
    command
        .env("SNOWFLAKE_HOME", home)
        .env("HOME", home)
        .stdin(Stdio::null());
    command
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn run(home: &Path, args: &[&str]) -> Outcome {
    let output = snowapi(home).args(args).output().await.unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

async fn ok(home: &Path, args: &[&str]) -> String {
    let outcome = run(home, args).await;
    assert_eq!(outcome.code, 0, "{args:?}: {}", outcome.stderr);
    outcome.stdout
}

#[tokio::test]
async fn sql_prints_tables_csv_json_and_arrow() {
    let emulator = Emulator::builder().start().await.unwrap();
    let home = config_home(&emulator);
    let home = home.path();
    ok(
        home,
        &[
            "sql",
            "-q",
            "create database cli_db; create table cli_db.public.t (id int, name varchar);\
             insert into cli_db.public.t values (1, 'a'), (2, 'b')",
        ],
    )
    .await;

    let select = "select id, name from cli_db.public.t order by id";
    let csv = ok(home, &["sql", "-q", select, "--format", "csv"]).await;
    assert_eq!(csv, "ID,NAME\n1,a\n2,b\n");

    let json = ok(home, &["sql", "-q", select, "--format", "json"]).await;
    let parsed: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(
        parsed,
        serde_json::json!([{"ID": 1, "NAME": "a"}, {"ID": 2, "NAME": "b"}])
    );

    let table = ok(home, &["sql", "-q", select]).await;
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[1], "| ID | NAME |", "{table}");
    assert_eq!(lines[3], "| 1  | a    |", "{table}");
    assert_eq!(lines[4], "| 2  | b    |", "{table}");

    let arrow_path = home.join("out.arrow");
    ok(
        home,
        &[
            "sql",
            "-q",
            select,
            "--format",
            "arrow",
            "-o",
            arrow_path.to_str().unwrap(),
        ],
    )
    .await;
    let file = std::fs::File::open(&arrow_path).unwrap();
    let reader = arrow::ipc::reader::StreamReader::try_new(file, None).unwrap();
    let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, 2);

    // A script file, then standard input.
    let script = home.join("script.sql");
    std::fs::write(
        &script,
        "-- two statements\nselect 1 as a;\nselect 'x;y' as b;\n",
    )
    .unwrap();
    let out = ok(
        home,
        &["sql", "-f", script.to_str().unwrap(), "--format", "csv"],
    )
    .await;
    assert_eq!(out, "A\n1\nB\nx;y\n");
    let mut child = snowapi(home)
        .args(["sql", "--format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stdin, b"select 40 + 2 as answer")
        .await
        .unwrap();
    drop(stdin);
    let output = child.wait_with_output().await.unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "ANSWER\n42\n");
}

#[tokio::test]
async fn errors_exit_non_zero_with_snowflake_code_on_stderr() {
    let emulator = Emulator::builder().start().await.unwrap();
    let home = config_home(&emulator);
    let failed = run(home.path(), &["sql", "-q", "select * from nope.public.t"]).await;
    assert_eq!(failed.code, 1);
    assert!(failed.stdout.is_empty(), "{}", failed.stdout);
    assert!(
        failed.stderr.starts_with("error: 002003 (02000)")
            || failed.stderr.starts_with("error: 002003"),
        "{}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains("does not exist"),
        "{}",
        failed.stderr
    );

    let unknown = run(home.path(), &["-c", "nope", "sql", "-q", "select 1"]).await;
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("nope"), "{}", unknown.stderr);

    let usage = run(home.path(), &["object", "list", "gizmo"]).await;
    assert_eq!(usage.code, 2, "{}", usage.stderr);
    assert!(
        usage.stderr.contains("unknown object kind"),
        "{}",
        usage.stderr
    );
}

#[tokio::test]
async fn connections_are_listed_without_secrets_and_tested() {
    let emulator = Emulator::builder().start().await.unwrap();
    let home = config_home(&emulator);
    let listed = ok(home.path(), &["connection", "list"]).await;
    let line = listed.lines().find(|l| l.starts_with("emu ")).unwrap();
    assert!(
        line.contains("yes") && line.contains(emulator.account()),
        "{listed}"
    );
    assert!(!listed.contains(emulator.password()), "{listed}");

    let tested = ok(home.path(), &["connection", "test"]).await;
    assert_eq!(
        tested.trim(),
        format!(
            "connection OK: account {}, user {}, role ACCOUNTADMIN",
            emulator.account(),
            emulator.user()
        )
    );
}

#[tokio::test]
async fn objects_are_created_listed_described_and_dropped() {
    let emulator = Emulator::builder().start().await.unwrap();
    let home = config_home(&emulator);
    let home = home.path();
    let created = ok(
        home,
        &[
            "object",
            "create",
            "database",
            "cli_obj",
            "--json",
            r#"{"comment": "from the cli"}"#,
        ],
    )
    .await;
    assert_eq!(created.trim(), "database cli_obj created.");
    let listed = ok(home, &["object", "list", "databases", "--like", "CLI_%"]).await;
    let line = listed.lines().find(|l| l.starts_with("CLI_OBJ")).unwrap();
    assert!(line.ends_with("from the cli"), "{listed}");
    let described = ok(home, &["object", "describe", "database", "cli_obj"]).await;
    let value: serde_json::Value = serde_json::from_str(&described).unwrap();
    assert_eq!(value["name"], "CLI_OBJ");
    assert_eq!(value["comment"], "from the cli");

    // Kinds inside a database and a schema take `--in`.
    ok(
        home,
        &["object", "create", "schema", "s1", "--in", "cli_obj"],
    )
    .await;
    let columns = r#"{"columns": [{"name": "id", "datatype": "int"}]}"#;
    ok(
        home,
        &[
            "object",
            "create",
            "table",
            "t1",
            "--in",
            "cli_obj.s1",
            "--json",
            columns,
        ],
    )
    .await;
    let tables = ok(
        home,
        &[
            "object",
            "list",
            "table",
            "--in",
            "cli_obj.s1",
            "--format",
            "json",
        ],
    )
    .await;
    let tables: serde_json::Value = serde_json::from_str(&tables).unwrap();
    assert_eq!(tables[0]["name"], "T1", "{tables}");
    let no_schema = run(home, &["object", "list", "table", "--in", "cli_obj"]).await;
    assert_eq!(no_schema.code, 2, "{}", no_schema.stderr);
    assert!(
        no_schema.stderr.contains("DATABASE.SCHEMA"),
        "{}",
        no_schema.stderr
    );

    ok(home, &["object", "drop", "database", "cli_obj"]).await;
    ok(
        home,
        &["object", "drop", "database", "cli_obj", "--if-exists"],
    )
    .await;
    let missing = run(home, &["object", "drop", "database", "cli_obj"]).await;
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("not found"), "{}", missing.stderr);
}

#[tokio::test]
async fn emulator_start_prints_a_working_connection_entry() {
    let home = tempfile::tempdir().unwrap();
    let mut child = snowapi(home.path())
        .args(["emulator", "start", "--port", "0"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        let done = line.starts_with("Press Ctrl-C");
        printed.push(line);
        if done {
            break;
        }
    }
    assert!(
        printed[0].starts_with("snowapi emulator listening on http://127.0.0.1:"),
        "{printed:?}"
    );
    let start = printed.iter().position(|l| l == "[emulator]").unwrap();
    let entry: Vec<&str> = printed[start..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(String::as_str)
        .collect();
    write_private(
        &home.path().join("connections.toml"),
        &(entry.join("\n") + "\n"),
    );
    let answer = ok(
        home.path(),
        &[
            "-c",
            "emulator",
            "sql",
            "-q",
            "select 6 * 7 as a",
            "--format",
            "csv",
        ],
    )
    .await;
    assert_eq!(answer, "A\n42\n");
    child.kill().await.unwrap();
}
