//! When a statement started and ended, from the connector protocol's monitoring endpoint
//! (PROTOCOL §2.7): the SQL API reports only when a statement was created.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;
use snowapi_auth::ConnectionConfig;

use crate::connection::{Call, Connection};
use crate::error::QueryError;
use crate::wire::lenient;

/// Start, end and duration of a statement, as the server measured them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Timing {
    pub(crate) started: Option<DateTime<Utc>>,
    pub(crate) ended: Option<DateTime<Utc>>,
    pub(crate) duration: Option<Duration>,
}

#[derive(Debug, Default, Deserialize)]
struct MonitoringData {
    #[serde(default)]
    queries: Vec<MonitoredQuery>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MonitoredQuery {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    start_time: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    end_time: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    total_duration: Option<i64>,
}

/// Opens a short connector session, reads the statement's monitoring entry, and logs out.
pub(crate) async fn timing(
    config: &ConnectionConfig,
    query_id: &str,
) -> Result<Timing, QueryError> {
    let conn = Connection::connect(config).await?;
    let target = format!("/monitoring/queries/{query_id}");
    let answer = conn
        .shared()
        .call::<MonitoringData>(Call {
            operation: "monitoring",
            method: Method::GET,
            target: &target,
            body: None,
            request_id: Some(uuid::Uuid::new_v4()),
            query_id: Some(query_id),
        })
        .await;
    if let Err(error) = conn.close().await {
        tracing::debug!(%error, "closing the monitoring session failed");
    }
    let entry = answer?
        .data
        .and_then(|d| d.queries.into_iter().next())
        .unwrap_or_default();
    // 0 is how the monitoring endpoint says "not ended yet".
    let millis = |value: Option<i64>| {
        value
            .filter(|ms| *ms > 0)
            .and_then(DateTime::from_timestamp_millis)
    };
    Ok(Timing {
        started: millis(entry.start_time),
        ended: millis(entry.end_time),
        duration: entry
            .total_duration
            .and_then(|ms| u64::try_from(ms).ok())
            .map(Duration::from_millis),
    })
}
