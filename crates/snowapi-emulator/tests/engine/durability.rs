//! Durability: a data directory survives SIGKILL at any moment, leftover temporary files and
//! restarts, and every statement acknowledged before the kill is still there afterwards.
//!
//! The process that gets killed is this test binary itself, run again with only the ignored
//! [`durability_child`] test selected and `SNOWAPI_DURABILITY_CHILD_DIR` set: it opens an engine
//! on that directory and executes SQL lines from stdin, printing `ACK <n>` after each success.
//! Re-running the test binary needs no extra build target, so `cargo test` always has it.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::{BufRead, BufReader, Write},
    path::Path,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use arrow::array::{Array, Int64Array, StringArray};
use snowapi_emulator::{
    engine::{Engine, EngineConfig, QueryResult, Session},
    sql::binds::Binds,
};

const CHILD_DIR: &str = "SNOWAPI_DURABILITY_CHILD_DIR";

fn open(dir: &Path) -> Engine {
    Engine::open(EngineConfig {
        data_dir: Some(dir.to_owned()),
        ..EngineConfig::default()
    })
    .unwrap_or_else(|e| panic!("data dir {} does not open: {e}", dir.display()))
}

/// The helper process: executes SQL lines from stdin against an engine on `$CHILD_DIR`,
/// acknowledging each success on stdout. Not a test on its own: the durability tests start it.
#[test]
#[ignore = "helper process started by the durability tests"]
fn durability_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let engine = open(Path::new(&dir));
    let session = engine.session("ADMIN");
    let mut out = std::io::stdout().lock();
    writeln!(out, "READY").expect("stdout");
    out.flush().expect("stdout");
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let Ok(line) = line else { break };
        let reply = match runtime.block_on(session.execute(&line, &Binds::none())) {
            Ok(_) => format!("ACK {n}"),
            Err(e) => format!("ERR {n} {}", e.to_string().replace('\n', " ")),
        };
        writeln!(out, "{reply}").expect("stdout");
        out.flush().expect("stdout");
    }
}

/// A running helper process, its acknowledgements arriving on a channel.
struct ChildEngine {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl ChildEngine {
    fn start(dir: &Path, statements: Vec<String>) -> Self {
        // This very binary, even if a rebuild replaced the file since it started.
        let this = Path::new("/proc/self/exe");
        let exe = if this.exists() {
            this.to_owned()
        } else {
            std::env::current_exe().expect("test binary path")
        };
        let mut child = Command::new(exe)
            .args([
                "durability::durability_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the helper process");
        let mut stdin = child.stdin.take().expect("stdin");
        // Feed every statement at once: the child is always busy when it is killed. Writes fail
        // once the child is dead, which ends this thread.
        std::thread::spawn(move || {
            for statement in statements {
                if writeln!(stdin, "{statement}").is_err() {
                    return;
                }
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        Self { child, lines }
    }

    /// The next line the child printed that is ours (`READY`, `ACK`, `ERR`), waiting at most
    /// 60 s; `None` when the child's output ended.
    fn next(&self) -> Option<String> {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line)
                    if ["READY", "ACK ", "ERR "]
                        .iter()
                        .any(|p| line.starts_with(p)) =>
                {
                    return Some(line);
                }
                Ok(_) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                Err(mpsc::RecvTimeoutError::Timeout) => panic!("the helper process hangs"),
            }
        }
    }

    /// Reads `count` acknowledgements (failing on an error reply); returns how many arrived.
    fn acknowledged(&self, count: usize) -> usize {
        let mut acks = 0;
        while acks < count {
            match self.next() {
                Some(line) if line.starts_with("ACK ") => acks += 1,
                Some(line) if line == "READY" => {}
                Some(line) => panic!("a statement failed in the helper: {line}"),
                None => break,
            }
        }
        acks
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reap. Returns how many more
    /// acknowledgements the child printed before it died.
    fn kill(mut self) -> usize {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut late = 0;
        while let Some(line) = self.next() {
            if line.starts_with("ACK ") {
                late += 1;
            }
        }
        late
    }

    /// Waits for the child to run every statement and exit (its stdin ends after the last).
    fn finish(mut self) {
        let status = self.child.wait().expect("helper exit");
        assert!(status.success(), "helper failed: {status}");
    }
}

/// A small deterministic generator, seeded from the clock; the seed is in failure messages.
struct Random(u64);

impl Random {
    fn seeded() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Self(nanos | 1)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

async fn run(session: &Session, sql: &str) -> QueryResult {
    session
        .execute(sql, &Binds::none())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn int_column(result: &QueryResult, index: usize) -> Vec<i64> {
    let mut out = Vec::new();
    for batch in &result.batches {
        let column = arrow::compute::cast(batch.column(index), &arrow::datatypes::DataType::Int64)
            .expect("integer column");
        let column = column.as_any().downcast_ref::<Int64Array>().expect("Int64");
        out.extend((0..column.len()).map(|i| column.value(i)));
    }
    out
}

fn text_column(result: &QueryResult, index: usize) -> Vec<String> {
    let mut out = Vec::new();
    for batch in &result.batches {
        let column = batch
            .column(index)
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("text column");
        out.extend((0..column.len()).map(|i| column.value(i).to_owned()));
    }
    out
}

const ROWS_PER_INSERT: u64 = 8;

fn insert_statement(round: u64, seq: u64) -> String {
    let rows: Vec<String> = (0..ROWS_PER_INSERT)
        .map(|r| format!("({round}, {seq}, {r}, '{}')", payload(round, seq, r)))
        .collect();
    format!("insert into durable.public.log values {}", rows.join(", "))
}

fn payload(round: u64, seq: u64, row: u64) -> String {
    format!("{round}-{seq}-{row}-{}", "x".repeat(64))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_rows_survive_sigkill_at_random_points() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut random = Random::seeded();
    let seed = random.0;
    const ROUNDS: u64 = 8;
    const STATEMENTS: u64 = 120;
    // Per round: how many inserts were acknowledged before the kill.
    let mut acked: BTreeMap<u64, u64> = BTreeMap::new();
    for round in 0..ROUNDS {
        let mut statements = Vec::new();
        if round == 0 {
            statements.push("create database durable".to_owned());
            statements.push(
                "create table durable.public.log (round int, seq int, r int, payload varchar)"
                    .to_owned(),
            );
        }
        let setup = statements.len();
        statements.extend((0..STATEMENTS).map(|seq| insert_statement(round, seq)));
        let child = ChildEngine::start(dir.path(), statements);
        // Round 1 is killed early, before or during its first statement; the others after a
        // random number of acknowledged inserts.
        let kill_after = if round == 1 {
            0
        } else {
            random.below(STATEMENTS - 10) + 1
        };
        let wanted = setup + kill_after as usize;
        let got = child.acknowledged(wanted);
        assert_eq!(got, wanted, "the helper ended early (seed {seed})");
        // Then let it run a random while (up to a few statements) so the kill lands anywhere
        // in a statement: parsing, writing a row file, the catalog, or between them.
        std::thread::sleep(Duration::from_micros(random.below(40_000)));
        let late = child.kill();
        let total_acks = setup + kill_after as usize + late;
        acked.insert(round, (total_acks - setup) as u64);

        // The directory always opens, with every acknowledged insert complete.
        let engine = open(dir.path());
        let session = engine.session("ADMIN");
        let rows = run(
            &session,
            "select round, seq, r, payload from durable.public.log order by round, seq, r",
        )
        .await;
        let (rounds, seqs, rs) = (
            int_column(&rows, 0),
            int_column(&rows, 1),
            int_column(&rows, 2),
        );
        let payloads = text_column(&rows, 3);
        let mut per_round: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
        let mut per_insert: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        for i in 0..rounds.len() {
            let (ro, se, r) = (rounds[i] as u64, seqs[i] as u64, rs[i] as u64);
            assert_eq!(payloads[i], payload(ro, se, r), "torn row (seed {seed})");
            per_round.entry(ro).or_default().insert(se);
            *per_insert.entry((ro, se)).or_default() += 1;
        }
        for (&(ro, se), &count) in &per_insert {
            assert_eq!(
                count, ROWS_PER_INSERT,
                "insert {ro}/{se} is partly there (seed {seed})"
            );
        }
        for (&ro, &acknowledged) in &acked {
            let present = per_round.get(&ro).cloned().unwrap_or_default();
            // Statements run one after another: what is there is a prefix of what was sent, at
            // least as long as what was acknowledged, and at most one longer (a statement that
            // committed but died before its acknowledgement).
            let expected_prefix: BTreeSet<u64> = (0..present.len() as u64).collect();
            assert_eq!(
                present, expected_prefix,
                "round {ro} has gaps (seed {seed})"
            );
            assert!(
                present.len() as u64 >= acknowledged,
                "round {ro}: {acknowledged} acknowledged, {} present (seed {seed})",
                present.len()
            );
            assert!(
                present.len() as u64 <= acknowledged + 1,
                "round {ro} (seed {seed})"
            );
        }
        drop(session);
        drop(engine);
    }

    // A last run that is not killed: everything it sends is there after a clean exit.
    let child = ChildEngine::start(dir.path(), vec![insert_statement(ROUNDS, 0)]);
    assert_eq!(child.acknowledged(1), 1);
    child.finish();
    let engine = open(dir.path());
    let session = engine.session("ADMIN");
    let last = run(
        &session,
        &format!("select count(*) from durable.public.log where round = {ROUNDS}"),
    )
    .await;
    assert_eq!(int_column(&last, 0), [ROWS_PER_INSERT as i64]);
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leftover_partial_temporary_files_do_not_break_opening() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let engine = open(dir.path());
        let session = engine.session("ADMIN");
        run(&session, "create database d").await;
        run(&session, "create table t (id int, name varchar)").await;
        run(
            &session,
            "insert into t values (1, 'a'), (2, 'b'), (3, 'c')",
        )
        .await;
    }
    // What a crash in the middle of writes leaves: half-written temporary copies of the catalog
    // and of a row file, and a complete row file that no catalog names yet.
    let catalog = std::fs::read(dir.path().join("catalog.json")).expect("catalog");
    std::fs::write(
        dir.path().join(".catalog.json.tmp"),
        &catalog[..catalog.len() / 2],
    )
    .expect("write");
    let tables = dir.path().join("tables");
    let rows_file = files_in(&tables)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "arrow"))
        .expect("a row file");
    let rows = std::fs::read(&rows_file).expect("rows");
    std::fs::write(
        tables.join(".0123456789abcdef0123456789abcdef.arrow.tmp"),
        &rows[..rows.len() / 3],
    )
    .expect("write");
    std::fs::write(tables.join("fedcba9876543210fedcba9876543210.arrow"), &rows).expect("write");
    std::fs::write(tables.join(".empty.arrow.tmp"), b"").expect("write");

    let engine = open(dir.path());
    let session = engine.session("ADMIN");
    let ids = run(&session, "select id from d.public.t order by id").await;
    assert_eq!(int_column(&ids, 0), [1, 2, 3]);
    // Writing works on top of the leftovers, and replaces or removes them.
    run(&session, "insert into d.public.t values (4, 'd')").await;
    let leftovers: Vec<_> = files_in(&tables)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".tmp") || name.starts_with("fedcba98")
        })
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    drop(session);
    drop(engine);
    let engine = open(dir.path());
    let session = engine.session("ADMIN");
    let ids = run(&session, "select id from d.public.t order by id").await;
    assert_eq!(int_column(&ids, 0), [1, 2, 3, 4]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_objects_rows_and_dropped_objects() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let engine = open(dir.path());
        let session = engine.session("ADMIN");
        for sql in [
            "create database keep",
            "create schema keep.staging",
            "create table keep.public.orders (id int, amount number(10,2), note varchar(20))",
            "insert into keep.public.orders values (1, 10.50, 'first'), (2, 3, null)",
            "create table keep.staging.raw (line varchar)",
            "insert into keep.staging.raw values ('x'), ('y')",
            "create table keep.public.gone (id int)",
            "insert into keep.public.gone values (7), (8), (9)",
            "drop table keep.public.gone",
            "create schema keep.old",
            "create table keep.old.t (v int)",
            "insert into keep.old.t values (42)",
            "drop schema keep.old",
            "create database scratch",
            "create table scratch.public.s (v int)",
            "insert into scratch.public.s values (5)",
            "drop database scratch",
        ] {
            run(&session, sql).await;
        }
    }
    {
        let engine = open(dir.path());
        let session = engine.session("ADMIN");
        let orders = run(
            &session,
            "select id, amount, note from keep.public.orders order by id",
        )
        .await;
        assert_eq!(int_column(&orders, 0), [1, 2]);
        let amounts = arrow::util::pretty::pretty_format_batches(&orders.batches)
            .expect("format")
            .to_string();
        assert!(
            amounts.contains("10.50") && amounts.contains("3.00"),
            "{amounts}"
        );
        assert_eq!(orders.columns[1].name, "AMOUNT");
        let raw = run(&session, "select count(*) from keep.staging.raw").await;
        assert_eq!(int_column(&raw, 0), [2]);
        // Dropped objects are gone, but UNDROP brings them back after the restart.
        for missing in [
            "select * from keep.public.gone",
            "select * from keep.old.t",
            "select * from scratch.public.s",
        ] {
            let error = session.execute(missing, &Binds::none()).await.unwrap_err();
            assert_eq!(error.code(), "002003", "{missing}: {error}");
        }
        run(&session, "undrop table keep.public.gone").await;
        run(&session, "undrop schema keep.old").await;
        run(&session, "undrop database scratch").await;
    }
    // The restored objects, with their rows, survive another restart.
    let engine = open(dir.path());
    let session = engine.session("ADMIN");
    let gone = run(&session, "select sum(id) from keep.public.gone").await;
    assert_eq!(int_column(&gone, 0), [24]);
    let old = run(&session, "select v from keep.old.t").await;
    assert_eq!(int_column(&old, 0), [42]);
    let scratch = run(&session, "select v from scratch.public.s").await;
    assert_eq!(int_column(&scratch, 0), [5]);
}
