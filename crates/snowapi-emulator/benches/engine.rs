//! Engine figures: in-process statement latency and bulk insert throughput.
//!
//! `cargo bench -p snowapi-emulator --bench engine -- --quick` (2-core machines: keep it quick).

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use snowapi_emulator::{
    engine::{Engine, EngineConfig, Session},
    sql::binds::Binds,
};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

async fn run(session: &Session, sql: &str) {
    if let Err(error) = session.execute(sql, &Binds::none()).await {
        panic!("{sql}: {error}");
    }
}

/// An engine with database BENCH and an empty table T(N INT, LABEL VARCHAR).
async fn prepared() -> (Engine, Session) {
    let engine = Engine::open(EngineConfig::default()).expect("engine");
    let session = engine.session("ADMIN");
    run(&session, "create database bench").await;
    run(&session, "create table t (n int, label varchar)").await;
    (engine, session)
}

/// The statement that inserts a million generated rows.
const INSERT_1M: &str = "insert into t select seq8(), 'row ' || seq8() \
    from table(generator(rowcount => 1000000))";

fn latency(c: &mut Criterion) {
    let runtime = runtime();
    let (_engine, session) = runtime.block_on(prepared());
    runtime.block_on(run(&session, "insert into t values (1, 'one'), (2, 'two')"));
    runtime.block_on(run(&session, "create table small (n int, label varchar)"));
    let mut group = c.benchmark_group("latency");
    group.bench_function("select 1", |b| {
        b.to_async(&runtime).iter(|| run(&session, "select 1"));
    });
    group.bench_function("select from a table", |b| {
        b.to_async(&runtime)
            .iter(|| run(&session, "select n, label from t where n = 2"));
    });
    group.bench_function("insert one row", |b| {
        // Into a table of at most 100 rows: emptied (unmeasured) every 100 inserts, so the
        // figure does not depend on how many iterations criterion chose.
        let session = &session;
        b.to_async(&runtime).iter_custom(|iterations| async move {
            let mut total = Duration::ZERO;
            for i in 0..iterations {
                if i % 100 == 0 {
                    run(session, "truncate table small").await;
                }
                let started = Instant::now();
                run(session, "insert into small values (3, 'three')").await;
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();
}

fn bulk_insert(c: &mut Criterion) {
    let runtime = runtime();
    let mut group = c.benchmark_group("bulk");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("insert 1M rows", |b| {
        b.to_async(&runtime).iter_custom(|iterations| async move {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                // A fresh table each time, outside the measurement.
                let (_engine, session) = prepared().await;
                let started = Instant::now();
                run(&session, INSERT_1M).await;
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, latency, bulk_insert);
criterion_main!(benches);
