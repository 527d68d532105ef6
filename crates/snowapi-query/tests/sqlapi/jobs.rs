//! Orchestrator jobs: create, follow, cancel, and resume from serialized metadata.

use std::time::Duration;

use snowapi_emulator::server::Emulator;
use snowapi_query::{Binds, JobMetadata, Phase, QueryError, QueryJob};

use crate::common::Setup;

/// Polls the job until it leaves [`Phase::Running`].
async fn settle(jobs: &QueryJob, meta: &JobMetadata) -> Phase {
    for _ in 0..300 {
        let phase = jobs.get(meta).await.unwrap();
        if phase != Phase::Running {
            return phase;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {} never finished", meta.query_id);
}

#[tokio::test]
async fn a_job_runs_and_resumes_from_its_metadata_in_a_fresh_client() {
    let setup = Setup::start(Emulator::builder()).await;
    let jobs = QueryJob::connect(&setup.pat).await.unwrap();
    let meta = jobs
        .create("select system$wait(2) as w, ? as n", Binds::positional([5]))
        .await
        .unwrap();
    assert_eq!(jobs.get(&meta).await.unwrap(), Phase::Running);
    assert_eq!(meta.user, setup.emulator.user());
    assert_eq!(meta.account, setup.emulator.account());
    let running = jobs.metrics(&meta).await.unwrap();
    assert_eq!(running.phase, Phase::Running);
    assert!(running.rows.is_none() && running.ended_at.is_none());

    let saved = serde_json::to_string(&meta).unwrap();
    let fresh = QueryJob::connect(&setup.pat).await.unwrap();
    let resumed: JobMetadata = serde_json::from_str(&saved).unwrap();
    assert_eq!(resumed, meta);
    assert_eq!(settle(&fresh, &resumed).await, Phase::Succeeded { rows: 1 });

    let metrics = fresh.metrics(&resumed).await.unwrap();
    assert_eq!(metrics.rows, Some(1));
    assert!(metrics.bytes.is_some_and(|b| b > 0), "{metrics:?}");
    let elapsed = metrics.elapsed.unwrap();
    assert!(
        elapsed >= Duration::from_millis(1900) && elapsed < Duration::from_secs(30),
        "{metrics:?}"
    );
    assert!(
        metrics.started_at.is_some() && metrics.ended_at.is_some(),
        "{metrics:?}"
    );

    let logs = fresh.logs(&resumed).await.unwrap();
    assert_eq!(logs.query_text, "select system$wait(2) as w, ? as n");
    assert_eq!(logs.error, None);
    assert_eq!(
        logs.link,
        format!(
            "{}/monitoring/queries/{}",
            setup.emulator.url(),
            meta.query_id
        )
    );

    setup
        .conn
        .execute("create table d.public.t (id int)")
        .await
        .unwrap();
    let insert = jobs
        .create("insert into t values (1), (2), (3)", Binds::new())
        .await
        .unwrap();
    assert_eq!(settle(&jobs, &insert).await, Phase::Succeeded { rows: 3 });
    setup.emulator.shutdown().await;
}

#[tokio::test]
async fn failed_and_cancelled_jobs_report_their_code() {
    let setup = Setup::start(Emulator::builder()).await;
    let jobs = QueryJob::connect(&setup.pat).await.unwrap();
    let failing = jobs
        .create("select * from no_such_table", Binds::new())
        .await
        .unwrap();
    let Phase::Failed { code, message } = settle(&jobs, &failing).await else {
        panic!("the job should fail");
    };
    assert_eq!(code, "002003");
    assert!(message.contains("does not exist"), "{message}");
    let logs = jobs.logs(&failing).await.unwrap();
    assert!(logs.error.is_some_and(|e| e.starts_with("002003: ")));

    let long = jobs
        .create("select system$wait(60)", Binds::new())
        .await
        .unwrap();
    assert_eq!(jobs.get(&long).await.unwrap(), Phase::Running);
    assert!(jobs.delete(&long).await.unwrap());
    assert!(matches!(
        jobs.get(&long).await.unwrap(),
        Phase::Failed { code, .. } if code == "000604"
    ));
    assert!(!jobs.delete(&long).await.unwrap(), "already finished");

    let mut elsewhere = long.clone();
    elsewhere.base_url = "http://127.0.0.1:9".to_owned();
    assert!(matches!(
        jobs.get(&elsewhere).await.unwrap_err(),
        QueryError::Protocol(_)
    ));
    setup.emulator.shutdown().await;
}
