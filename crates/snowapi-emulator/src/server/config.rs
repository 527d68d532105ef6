//! Settings of a running server that handlers read: token validities, result formats and
//! chunking, waits, limits. Built by [`EmulatorBuilder`](super::EmulatorBuilder).

use std::time::Duration;

/// Default rows per result chunk: a million-row result goes as 10 parts.
pub(crate) const DEFAULT_CHUNK_ROWS: usize = 100_000;

/// What handlers read from the builder's settings. Each protocol area owns its fields.
#[derive(Debug, Clone)]
pub(crate) struct ServerConfig {
    /// The account name logins must name (compared case-insensitively, region suffix ignored).
    pub(crate) account: String,
    /// How long a session token is valid.
    pub(crate) session_validity: Duration,
    /// How long a master token is valid.
    pub(crate) master_validity: Duration,
    /// The largest request body accepted, counted after gzip inflation; larger ones are refused
    /// with "Request body too large" (see `limits.rs`).
    pub(crate) max_body_bytes: usize,
    /// Fault rules active from the start (see `faults.rs`).
    pub(crate) faults: Vec<super::faults::FaultRule>,
    /// How long a SQL API submission waits for its statement before answering 202.
    pub(crate) sqlapi_sync_wait: Duration,
    /// Rows per SQL API result partition.
    pub(crate) sqlapi_partition_rows: usize,
    /// How long a synchronous query-request (and a result GET) waits for its statement before
    /// answering 333333.
    pub(crate) sync_wait: Duration,
    /// One result format for every row result (DML counts stay JSON), overriding the session's
    /// `QUERY_RESULT_FORMAT`; `None` serves Arrow unless the session asks for JSON.
    pub(crate) result_format: Option<super::result_data::ResultFormat>,
    /// Rows per result chunk; results with more rows keep this many inline and chunk the rest.
    pub(crate) chunk_rows: usize,
    /// This server's own origin (`http://HOST:PORT`), for absolute chunk URLs. Set at start.
    pub(crate) base_url: String,
    /// The most bytes of encoded result chunks kept in memory; the oldest results go first.
    pub(crate) chunk_store_bytes: usize,
    /// OAuth clients `/oauth/token-request` accepts (see `oauth.rs`).
    pub(crate) oauth_clients: Vec<super::oauth_tokens::OAuthClientConfig>,
    /// How long an OAuth access token issued by `/oauth/token-request` is valid.
    pub(crate) oauth_token_validity: Duration,
    /// REST API v2 operations answered `202 Accepted` and completed after a delay (see
    /// `rest/long_running.rs`); none by default.
    pub(crate) rest_long_running: Vec<super::rest::LongRunning>,
    /// Items per page of a REST API v2 listing; longer listings answer their first page with
    /// `Link` headers to the others (see `rest/pages.rs`). Large by default: one page.
    pub(crate) rest_page_size: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            account: crate::engine::EngineConfig::default().account,
            session_validity: Duration::from_secs(3600),
            master_validity: Duration::from_secs(14_400),
            max_body_bytes: super::limits::DEFAULT_MAX_BODY_BYTES,
            faults: Vec::new(),
            sqlapi_sync_wait: Duration::from_secs(45),
            sqlapi_partition_rows: 50_000,
            sync_wait: Duration::from_secs(45),
            result_format: None,
            chunk_rows: DEFAULT_CHUNK_ROWS,
            base_url: String::new(),
            chunk_store_bytes: 512 * 1024 * 1024,
            oauth_clients: Vec::new(),
            oauth_token_validity: Duration::from_secs(600),
            rest_long_running: Vec::new(),
            rest_page_size: 10_000,
        }
    }
}
