//! Runs every `tests/slt/*.slt` file against a fresh in-memory engine. Errors are matched
//! against `<code> (<sqlstate>): <message>`, so files can assert Snowflake's codes.

use std::{fmt, path::PathBuf};

use arrow::util::display::{ArrayFormatter, FormatOptions};
use async_trait::async_trait;
use snowapi_emulator::{
    EmulatorError,
    engine::{Engine, EngineConfig, Session, StatementType},
    sql::binds::Binds,
};
use sqllogictest::{AsyncDB, DBOutput, DefaultColumnType, Runner};

/// An engine error shown with its code and SQLSTATE, for `statement error <regex>`.
#[derive(Debug)]
struct Failure(EmulatorError);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.0.code(), self.0.sql_state(), self.0)
    }
}

impl std::error::Error for Failure {}

struct Connection(Session);

#[async_trait]
impl AsyncDB for Connection {
    type Error = Failure;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<Self::ColumnType>, Self::Error> {
        let result = self.0.execute(sql, &Binds::none()).await.map_err(Failure)?;
        if result.statement_type != StatementType::Select {
            return Ok(DBOutput::StatementComplete(
                result.rows_affected.unwrap_or(0),
            ));
        }
        let options = FormatOptions::default().with_null("NULL");
        let mut rows = Vec::new();
        for batch in &result.batches {
            let formatters = batch
                .columns()
                .iter()
                .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
                .collect::<Result<Vec<_>, _>>()
                .expect("every engine type can be displayed");
            for row in 0..batch.num_rows() {
                rows.push(
                    formatters
                        .iter()
                        .map(|f| f.value(row).to_string())
                        .collect(),
                );
            }
        }
        let types = vec![DefaultColumnType::Any; result.columns.len()];
        Ok(DBOutput::Rows { types, rows })
    }

    async fn shutdown(&mut self) {}
}

fn slt_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/slt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/slt exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "slt"))
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqllogictest_files() {
    let files = slt_files();
    assert!(!files.is_empty(), "no .slt files found");
    let mut failures = Vec::new();
    for file in &files {
        let engine = Engine::open(EngineConfig::default()).expect("in-memory engine");
        let mut runner = Runner::new(move || {
            let engine = engine.clone();
            async move { Ok(Connection(engine.session("ADMIN"))) }
        });
        if let Err(error) = runner.run_file_async(file).await {
            failures.push(format!("{}:\n{error}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} file(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
