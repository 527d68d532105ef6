//! `GET /api/v2/statements/{handle}`: where a statement is, and once done one partition of its
//! result (`?partition=N`; partitions after the first carry only `data`).

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};

use super::{
    errors::{self, BAD_REQUEST},
    reply, respond, result_set,
    store::Progress,
};
use crate::server::{bearer, router::AppState};

/// Answers the statement's state, or the partition asked for.
#[tracing::instrument(skip_all, fields(operation = "sqlapi.status", statement_handle = %handle))]
pub(crate) async fn status(
    State(state): State<AppState>,
    Path(handle): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let caller = match bearer::authenticate(&state, &headers) {
        Ok(caller) => caller,
        Err(rejection) => return errors::unauthorized(&headers, rejection),
    };
    let Some(entry) = state.statements.get(&handle, &caller.user) else {
        return errors::not_found(&headers, &handle);
    };
    let partition = match params.get("partition").map(|p| p.trim().parse::<usize>()) {
        None => 0,
        Some(Ok(index)) => index,
        Some(Err(_)) => {
            return errors::plain(
                &headers,
                StatusCode::BAD_REQUEST,
                BAD_REQUEST,
                "partition must be a non-negative integer.",
            );
        }
    };
    let progress = entry.progress();
    let Progress::Succeeded(done) = &progress else {
        return respond::progress(
            &headers,
            &entry,
            &progress,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    if partition == 0 {
        return respond::progress(
            &headers,
            &entry,
            &progress,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let Some(&part) = done.partitions.get(partition) else {
        return errors::plain(
            &headers,
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
            &format!(
                "Partition {partition} is out of range: the result has {} partition(s).",
                done.partitions.len()
            ),
        );
    };
    let link = result_set::link(&entry.handle, partition, done.partitions.len());
    let body = result_set::later_partition(&entry, done, part);
    reply::json(&headers, StatusCode::OK, &body, link)
}
