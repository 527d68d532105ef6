//! `GENERATOR(ROWCOUNT => n [, TIMELIMIT => seconds])`: rows without columns, produced lazily in
//! batches, so a million rows never sit in memory at once. Generation stops at the row count or
//! when the time limit has passed, whichever comes first.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use arrow::{
    datatypes::{Schema, SchemaRef},
    record_batch::{RecordBatch, RecordBatchOptions},
};
use datafusion::{
    catalog::streaming::StreamingTable,
    common::Result,
    execution::{SendableRecordBatchStream, TaskContext},
    physical_plan::{stream::RecordBatchStreamAdapter, streaming::PartitionStream},
};

/// Rows per batch.
const BATCH_ROWS: u64 = 8192;

/// The limits of one GENERATOR call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// ROWCOUNT.
    pub(crate) rows: Option<u64>,
    /// TIMELIMIT.
    pub(crate) time: Option<Duration>,
}

/// The table GENERATOR scans.
pub(crate) fn table(limits: Limits) -> Result<StreamingTable> {
    let schema: SchemaRef = Arc::new(Schema::empty());
    let partition = Arc::new(Generator {
        schema: Arc::clone(&schema),
        limits,
    });
    StreamingTable::try_new(schema, vec![partition])
}

/// The one partition of a GENERATOR scan.
#[derive(Debug)]
struct Generator {
    schema: SchemaRef,
    limits: Limits,
}

impl PartitionStream for Generator {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let schema = Arc::clone(&self.schema);
        let limits = self.limits;
        let state = (0_u64, None::<Instant>);
        let batches = futures::stream::unfold(state, move |(produced, started)| {
            let schema = Arc::clone(&schema);
            async move {
                let started = started.unwrap_or_else(Instant::now);
                let rows = next_batch_rows(limits, produced, started.elapsed())?;
                let options = RecordBatchOptions::new().with_row_count(Some(rows as usize));
                let batch =
                    RecordBatch::try_new_with_options(schema, vec![], &options).map_err(Into::into);
                Some((batch, (produced + rows, Some(started))))
            }
        });
        Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            batches,
        ))
    }
}

/// How many rows the next batch has, or `None` when generation is over.
fn next_batch_rows(limits: Limits, produced: u64, elapsed: Duration) -> Option<u64> {
    if limits.time.is_some_and(|limit| elapsed >= limit) {
        return None;
    }
    let remaining = match limits.rows {
        Some(total) => total.saturating_sub(produced),
        None => BATCH_ROWS,
    };
    (remaining > 0).then(|| remaining.min(BATCH_ROWS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_stop_at_the_row_count_or_the_time_limit() {
        let rows = Limits {
            rows: Some(10_000),
            time: None,
        };
        assert_eq!(next_batch_rows(rows, 0, Duration::ZERO), Some(8192));
        assert_eq!(next_batch_rows(rows, 8192, Duration::ZERO), Some(1808));
        assert_eq!(next_batch_rows(rows, 10_000, Duration::ZERO), None);
        let timed = Limits {
            rows: None,
            time: Some(Duration::from_secs(1)),
        };
        assert_eq!(next_batch_rows(timed, 1 << 40, Duration::ZERO), Some(8192));
        assert_eq!(next_batch_rows(timed, 0, Duration::from_secs(1)), None);
    }
}
