//! [`Cursor`]: the shape of the Python connector's cursor, for code and people coming from it.

use std::collections::VecDeque;
use std::sync::Arc;

use arrow::record_batch::RecordBatch;
use futures::stream::BoxStream;
use futures::{StreamExt as _, TryStreamExt as _};

use crate::connection::Connection;
use crate::error::QueryError;
use crate::result::{QueryResult, Row};
use crate::statement::Statement;
use crate::types::Column;

/// A cursor: run a statement with [`execute`](Self::execute), then fetch its rows one, some or
/// all at a time. Rows are read lazily, a batch at a time.
///
/// ```no_run
/// # async fn run(conn: snowapi_query::Connection) -> Result<(), snowapi_query::QueryError> {
/// let mut cursor = conn.cursor();
/// cursor.execute("select id, name from people order by id").await?;
/// println!("query {:?}, columns {:?}", cursor.sfqid(), cursor.description());
/// if let Some(first) = cursor.fetch_one().await? {
///     println!("first id {}", first.get::<i64>(0)?);
/// }
/// let next_ten = cursor.fetch_many(10).await?;
/// let rest = cursor.fetch_all().await?;
/// # Ok(()) }
/// ```
pub struct Cursor {
    conn: Connection,
    result: Option<QueryResult>,
    batches: Option<BoxStream<'static, Result<RecordBatch, QueryError>>>,
    buffered: VecDeque<Row>,
}

impl Connection {
    /// A new cursor on this connection.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            conn: self.clone(),
            result: None,
            batches: None,
            buffered: VecDeque::new(),
        }
    }
}

impl Cursor {
    /// Runs a statement, replacing the previous result.
    ///
    /// # Errors
    ///
    /// As [`Connection::execute`].
    pub async fn execute(
        &mut self,
        statement: impl Into<Statement>,
    ) -> Result<&mut Self, QueryError> {
        self.result = None;
        self.batches = None;
        self.buffered.clear();
        let result = self.conn.execute(statement).await?;
        self.batches = Some(result.arrow_stream().boxed());
        self.result = Some(result);
        Ok(self)
    }

    /// The next row, or `None` when there are no more (or nothing was executed).
    ///
    /// # Errors
    ///
    /// When a result chunk cannot be downloaded or decoded.
    pub async fn fetch_one(&mut self) -> Result<Option<Row>, QueryError> {
        loop {
            if let Some(row) = self.buffered.pop_front() {
                return Ok(Some(row));
            }
            let Some(batches) = self.batches.as_mut() else {
                return Ok(None);
            };
            match batches.try_next().await? {
                Some(batch) => self.buffered.extend(Row::all_of(Arc::new(batch))),
                None => {
                    self.batches = None;
                    return Ok(None);
                }
            }
        }
    }

    /// Up to `n` next rows (fewer at the end).
    ///
    /// # Errors
    ///
    /// As [`fetch_one`](Self::fetch_one).
    pub async fn fetch_many(&mut self, n: usize) -> Result<Vec<Row>, QueryError> {
        let mut rows = Vec::with_capacity(n.min(1024));
        while rows.len() < n {
            match self.fetch_one().await? {
                Some(row) => rows.push(row),
                None => break,
            }
        }
        Ok(rows)
    }

    /// Every remaining row.
    ///
    /// # Errors
    ///
    /// As [`fetch_one`](Self::fetch_one).
    pub async fn fetch_all(&mut self) -> Result<Vec<Row>, QueryError> {
        let mut rows = Vec::new();
        while let Some(row) = self.fetch_one().await? {
            rows.push(row);
        }
        Ok(rows)
    }

    /// The columns of the current result (empty before [`execute`](Self::execute)).
    pub fn description(&self) -> &[Column] {
        self.result.as_ref().map_or(&[], QueryResult::columns)
    }

    /// Rows changed by the last DML statement, or else the number of rows of the result, as
    /// the Python connector reports `rowcount`; `None` before anything ran.
    pub fn rowcount(&self) -> Option<u64> {
        let result = self.result.as_ref()?;
        result.rows_affected().or(result.total_rows())
    }

    /// The query id of the last statement (`sfqid`).
    pub fn sfqid(&self) -> Option<&str> {
        self.result.as_ref().map(QueryResult::query_id)
    }

    /// The full result of the last statement.
    pub fn result(&self) -> Option<&QueryResult> {
        self.result.as_ref()
    }
}

impl std::fmt::Debug for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("sfqid", &self.sfqid())
            .field("buffered", &self.buffered.len())
            .finish_non_exhaustive()
    }
}
