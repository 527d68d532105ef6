//! Settings of a connection that are not part of the session: retries, prefetch, timeouts.

use std::time::Duration;

use crate::retry::RetryPolicy;

/// The default number of result chunks downloaded ahead of the reader.
pub const DEFAULT_PREFETCH: usize = 4;

/// How a [`Connection`](crate::Connection) sends requests and reads results.
///
/// ```
/// use std::time::Duration;
/// use snowapi_query::{ConnectionOptions, RetryPolicy};
/// let options = ConnectionOptions::default()
///     .prefetch(8)
///     .query_tag("nightly-load")
///     .retry(RetryPolicy::default().max_attempts(3))
///     .request_timeout(Duration::from_secs(30));
/// assert_eq!(options.prefetch_window(), 8);
/// ```
#[derive(Debug, Clone)]
pub struct ConnectionOptions {
    pub(crate) retry: RetryPolicy,
    pub(crate) prefetch: usize,
    pub(crate) query_tag: Option<String>,
    pub(crate) request_timeout: Duration,
    pub(crate) max_renewals: u32,
    pub(crate) compressed_chunks: bool,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            prefetch: DEFAULT_PREFETCH,
            query_tag: None,
            // Longer than Snowflake's 45 s synchronous wait, so a slow answer is not retried.
            request_timeout: Duration::from_secs(120),
            max_renewals: 2,
            compressed_chunks: false,
        }
    }
}

impl ConnectionOptions {
    /// How failed requests and chunk downloads are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many result chunks are downloaded ahead of the reader (at least 1, default 4).
    /// Memory use of a streamed result is bounded by this many decoded chunks.
    pub fn prefetch(mut self, chunks: usize) -> Self {
        self.prefetch = chunks.max(1);
        self
    }

    /// Whether chunk downloads ask the server for gzip (`Accept-Encoding: gzip`; default
    /// `false`: `identity`). Snowflake's chunks come from cloud storage as they were stored
    /// (often gzipped, which is always handled), whatever the request says; the header only
    /// matters to servers that compress on the fly, where gzip costs CPU at both ends and pays
    /// off only on a slow link.
    pub fn compressed_chunks(mut self, gzip: bool) -> Self {
        self.compressed_chunks = gzip;
        self
    }

    /// The `QUERY_TAG` sent with every statement that does not set its own.
    pub fn query_tag(mut self, tag: impl Into<String>) -> Self {
        self.query_tag = Some(tag.into());
        self
    }

    /// How long one HTTP attempt may take before it is abandoned and retried.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The prefetch window in chunks.
    pub fn prefetch_window(&self) -> usize {
        self.prefetch
    }
}
