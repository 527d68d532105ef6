//! REST API v2 tables (`openapi/table.yaml`): list, create (from a definition, a query, a
//! template), fetch with columns and keys, create-or-alter, drop, clone, create-like, undrop and
//! swap. Everything runs as SQL in the caller's session; a fetched table's columns and keys are
//! read from the same catalog snapshot SQL sees.

use std::collections::HashSet;

use axum::{
    Json, Router,
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    body::JsonBody,
    caller::Caller,
    compute_util::{object_ref, run_ddl},
    error::RestError,
    params::{CreateMode, Params, RestPath, canonical, create_prefix, ident, sql_string},
    schema_objects, split_action, success,
    table_model::{
        ColumnBody, TableBody, all_constraints, body_key_identity, column_json, column_sql,
        constraint_sql, constraints_json, datatype, definition_sql, dotted_ident, drop_key_sql,
        kind_keyword, options_sql, refuse_unkept, stored_key_identity, table_json,
    },
    table_settings,
    tags::{self, Tagged},
};
use crate::{
    catalog::{Name, ObjectPath, Table, TagDomain},
    server::router::AppState,
    types::SfType,
};

const TABLES: &str = "/api/v2/databases/{database}/schemas/{schema}/tables";
const TABLE: &str = "/api/v2/databases/{database}/schemas/{schema}/tables/{name}";

/// The routes of this resource.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(TABLES, get(list).post(create))
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/tables:as-select",
            post(create_as_select),
        )
        .route(
            "/api/v2/databases/{database}/schemas/{schema}/tables:using-template",
            post(create_using_template),
        )
        .route(
            TABLE,
            get(fetch).put(create_or_alter).delete(delete).post(action),
        )
}

/// The stored table behind a SHOW TABLES row, from the caller's snapshot.
fn stored(caller: &Caller, row: &Map<String, Value>) -> Option<std::sync::Arc<Table>> {
    let part = |key: &str| row.get(key).and_then(Value::as_str).map(Name::canonical);
    let path = ObjectPath {
        database: part("database_name")?,
        schema: part("schema_name")?,
        name: part("name")?,
    };
    caller.session().snapshot().table(&path).ok().cloned()
}

/// A SHOW TABLES row as the model, with columns and keys when `deep`.
fn table_model(caller: &Caller, row: &Map<String, Value>, deep: bool) -> Value {
    let mut table = table_json(row);
    let live = row.get("dropped_on").is_none_or(Value::is_null);
    let stored = stored(caller, row).filter(|_| live);
    if let Some(stored) = &stored {
        table_settings::add_to_model(&mut table, stored);
    }
    if deep && let Some(stored) = stored {
        table.insert(
            "columns".into(),
            Value::Array(stored.columns.iter().map(column_json).collect()),
        );
        table.insert(
            "constraints".into(),
            Value::Array(constraints_json(&stored)),
        );
    }
    Value::Object(table)
}

async fn list(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
) -> Result<Json<Vec<Value>>, RestError> {
    let filter = params.list_filter()?;
    let deep = params.flag("deep", false)?;
    let show = if params.flag("history", false)? {
        "TABLES HISTORY"
    } else {
        "TABLES"
    };
    tracing::debug!(operation = "listTables", database, schema, "REST");
    let rows = schema_objects::list_rows(&caller, show, (&database, &schema), &filter).await?;
    Ok(Json(
        rows.iter()
            .map(|row| table_model(&caller, row, deep))
            .collect(),
    ))
}

/// The SHOW TABLES row of one live table; 404 when there is none.
async fn show_one(
    caller: &Caller,
    database: &str,
    schema: &str,
    name: &str,
) -> Result<Map<String, Value>, RestError> {
    schema_objects::find(caller, "TABLES", (database, schema), name)
        .await?
        .ok_or_else(|| schema_objects::not_found("Table", (database, schema), name))
}

async fn fetch(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    query: Params,
) -> Result<Json<Value>, RestError> {
    let (name, action) = split_action(&raw);
    match action {
        Some("get-tags") => {
            let names = [database.as_str(), schema.as_str(), name];
            return tags::get(&caller, Tagged::new(TagDomain::Table, &names), &query).await;
        }
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "Unknown table action '{other}'."
            )));
        }
        None => {}
    }
    tracing::debug!(operation = "fetchTable", database, schema, name, "REST");
    let row = show_one(&caller, &database, &schema, name).await?;
    Ok(Json(table_model(&caller, &row, true)))
}

/// `CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE [IF NOT EXISTS] <ref>`.
fn create_head(mode: CreateMode, kind: Option<&str>, reference: &str) -> Result<String, RestError> {
    let keyword = format!("{}TABLE", kind_keyword(kind)?);
    Ok(format!("{} {reference}", create_prefix(mode, &keyword)))
}

async fn create(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
    JsonBody(body): JsonBody<TableBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    tracing::debug!(
        operation = "createTable",
        database,
        schema,
        name = body.name,
        "REST"
    );
    let sql = format!(
        "{} {}{}",
        create_head(
            mode,
            body.kind.as_deref(),
            &object_ref(&database, &schema, &body.name)?
        )?,
        definition_sql(&body)?,
        options_sql(&body)?
    );
    run_ddl(&caller, &sql).await
}

/// The body of `tables:as-select`.
#[derive(Debug, Deserialize)]
struct AsSelectBody {
    name: String,
    columns: Option<Vec<ColumnBody>>,
    cluster_by: Option<Vec<String>>,
}

async fn create_as_select(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
    JsonBody(body): JsonBody<AsSelectBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    let query = params
        .get("query")
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| RestError::bad_request("The query parameter 'query' is required."))?;
    tracing::debug!(
        operation = "createTableAsSelect",
        database,
        schema,
        name = body.name,
        "REST"
    );
    let mut sql = create_head(mode, None, &object_ref(&database, &schema, &body.name)?)?;
    if let Some(columns) = body.columns.as_deref().filter(|c| !c.is_empty()) {
        let list = columns
            .iter()
            .map(|c| Ok(format!("{} {}", ident(&c.name)?, datatype(&c.datatype)?)))
            .collect::<Result<Vec<_>, RestError>>()?;
        sql.push_str(&format!(" ({})", list.join(", ")));
    }
    if let Some(cluster) = body.cluster_by.as_deref().filter(|c| !c.is_empty()) {
        let list = cluster
            .iter()
            .map(|c| ident(c))
            .collect::<Result<Vec<_>, _>>()?;
        sql.push_str(&format!(" CLUSTER BY ({})", list.join(", ")));
    }
    sql.push_str(&format!(" AS {query}"));
    run_ddl(&caller, &sql).await
}

/// The body of `tables:using-template` and `:create-like`.
#[derive(Debug, Deserialize)]
struct NameBody {
    name: String,
}

async fn create_using_template(
    caller: Caller,
    RestPath((database, schema)): RestPath<(String, String)>,
    params: Params,
    JsonBody(body): JsonBody<NameBody>,
) -> Result<Response, RestError> {
    let mode = params.create_mode()?;
    let query = params
        .get("query")
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| RestError::bad_request("The query parameter 'query' is required."))?;
    let sql = format!(
        "{} USING TEMPLATE ({query})",
        create_head(mode, None, &object_ref(&database, &schema, &body.name)?)?
    );
    run_ddl(&caller, &sql).await
}

async fn delete(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    params: Params,
) -> Result<Response, RestError> {
    tracing::debug!(operation = "deleteTable", database, schema, name, "REST");
    schema_objects::drop(&caller, &params, "TABLE", (&database, &schema), &name).await
}

/// `POST /tables/{name}:<action>`.
async fn action(
    caller: Caller,
    RestPath((database, schema, raw)): RestPath<(String, String, String)>,
    params: Params,
    body: axum::body::Bytes,
) -> Result<Response, RestError> {
    let (name, action) = split_action(&raw);
    let Some(action) = action else {
        return Err(RestError::bad_request(
            "POST on a table needs an action such as ':clone' or ':undrop'.",
        ));
    };
    tracing::debug!(
        operation = "tableAction",
        action,
        database,
        schema,
        name,
        "REST"
    );
    let source = object_ref(&database, &schema, name)?;
    let if_exists = params.if_exists_clause()?;
    match action {
        "undrop" => run_ddl(&caller, &format!("UNDROP TABLE {source}")).await,
        "clone" | "create-like" => {
            let value: Value = serde_json::from_slice(&body)
                .map_err(|e| RestError::bad_request(format!("Invalid request body: {e}.")))?;
            let target: CloneBody = super::body::decode(value)?;
            let target_db = params.get("targetDatabase").unwrap_or(&database);
            let target_schema = params.get("targetSchema").unwrap_or(&schema);
            let head = create_head(
                params.create_mode()?,
                target.kind.as_deref(),
                &object_ref(target_db, target_schema, &target.name)?,
            )?;
            let sql = if action == "clone" {
                format!(
                    "{head} CLONE {source}{}",
                    point_of_time(&target.point_of_time)?
                )
            } else {
                format!("{head} LIKE {source}")
            };
            run_ddl(&caller, &sql).await
        }
        "swap-with" => {
            let target = params.get("targetName").ok_or_else(|| {
                RestError::bad_request("The query parameter 'targetName' is required.")
            })?;
            let other = object_ref(
                params.get("targetDatabase").unwrap_or(&database),
                params.get("targetSchema").unwrap_or(&schema),
                target,
            )?;
            run_ddl(
                &caller,
                &format!("ALTER TABLE{if_exists} {source} SWAP WITH {other}"),
            )
            .await
        }
        "suspend-recluster" => {
            run_ddl(
                &caller,
                &format!("ALTER TABLE{if_exists} {source} SUSPEND RECLUSTER"),
            )
            .await
        }
        "resume-recluster" => {
            run_ddl(
                &caller,
                &format!("ALTER TABLE{if_exists} {source} RESUME RECLUSTER"),
            )
            .await
        }
        "set-tags" | "unset-tags" => {
            let names = [database.as_str(), schema.as_str(), name];
            let object = Tagged::new(TagDomain::Table, &names);
            tags::post(&caller, object, action, &params, &body).await
        }
        other => Err(RestError::bad_request(format!(
            "Unknown table action '{other}'."
        ))),
    }
}

/// The body of `:clone` (and `:create-like`, which only reads the name).
#[derive(Debug, Deserialize)]
struct CloneBody {
    name: String,
    kind: Option<String>,
    point_of_time: Option<Value>,
}

/// ` AT (…)` / ` BEFORE (…)` for a clone's `point_of_time`.
fn point_of_time(point: &Option<Value>) -> Result<String, RestError> {
    let Some(point) = point.as_ref().filter(|p| !p.is_null()) else {
        return Ok(String::new());
    };
    let text = |key: &str| point.get(key).and_then(Value::as_str);
    let reference = match text("reference").unwrap_or("at") {
        r if r.eq_ignore_ascii_case("before") => "BEFORE",
        _ => "AT",
    };
    let what = match text("point_of_time_type") {
        Some("timestamp") => text("timestamp").map(|t| format!("TIMESTAMP => {t}")),
        Some("offset") => text("offset").map(|o| format!("OFFSET => {o}")),
        Some("statement") => text("statement").map(|s| format!("STATEMENT => {}", sql_string(s))),
        _ => None,
    }
    .ok_or_else(|| {
        RestError::bad_request(
            "Invalid point_of_time: expected point_of_time_type timestamp, offset or statement with its value.",
        )
    })?;
    Ok(format!(" {reference} ({what})"))
}

/// PUT: creates the table when missing, otherwise alters it to match the body (columns added,
/// dropped or changed, keys added or dropped, comment and clustering set).
async fn create_or_alter(
    caller: Caller,
    RestPath((database, schema, name)): RestPath<(String, String, String)>,
    JsonBody(body): JsonBody<TableBody>,
) -> Result<Response, RestError> {
    tracing::debug!(
        operation = "createOrAlterTable",
        database,
        schema,
        name,
        "REST"
    );
    if canonical(&body.name) != canonical(&name) {
        return Err(RestError::bad_request(format!(
            "The body names table '{}' but the path names '{name}'.",
            body.name
        )));
    }
    let reference = object_ref(&database, &schema, &name)?;
    let existing = match show_one(&caller, &database, &schema, &name).await {
        Ok(row) => stored(&caller, &row),
        Err(error) if error.status.as_u16() == 404 => None,
        Err(error) => return Err(error),
    };
    let Some(table) = existing else {
        let sql = format!(
            "{} {}{}",
            create_head(CreateMode::ErrorIfExists, body.kind.as_deref(), &reference)?,
            definition_sql(&body)?,
            options_sql(&body)?
        );
        return run_ddl(&caller, &sql).await;
    };
    for statement in alterations(&table, &body)? {
        caller
            .sql(&format!("ALTER TABLE {reference} {statement}"))
            .await?;
    }
    Ok(success(format!(
        "Table {} successfully altered.",
        table.name.as_str()
    )))
}

/// The ALTER TABLE actions (after `ALTER TABLE t `) that make `table` match `body`.
fn alterations(table: &Table, body: &TableBody) -> Result<Vec<String>, RestError> {
    refuse_unkept(body)?;
    let mut out = Vec::new();
    let columns = body.columns.as_deref().unwrap_or_default();
    if columns.is_empty() {
        return Err(RestError::bad_request("A table needs at least one column."));
    }
    let wanted_names: HashSet<String> = columns.iter().map(|c| canonical(&c.name)).collect();
    let wanted_keys: Vec<_> = all_constraints(body)
        .into_iter()
        .map(|(key, column)| (body_key_identity(key, column), key, column))
        .collect();
    let stored_keys: Vec<_> = table
        .constraints
        .iter()
        .map(|key| (stored_key_identity(key), key))
        .collect();
    // Keys go first: a dropped column may be part of one.
    for (identity, key) in &stored_keys {
        if !wanted_keys.iter().any(|(wanted, ..)| wanted == identity) {
            out.push(drop_key_sql(key));
        }
    }
    for column in &table.columns {
        if !wanted_names.contains(column.name.as_str()) {
            out.push(format!("DROP COLUMN {}", quoted(&column.name)));
        }
    }
    for column in columns {
        let Some(current) = table.column(&Name::canonical(canonical(&column.name))) else {
            out.push(format!("ADD COLUMN {}", column_sql(column)?));
            continue;
        };
        let target = quoted(&current.name);
        let sf_type = SfType::parse(datatype(&column.datatype)?).map_err(RestError::from)?;
        if sf_type != current.sf_type {
            out.push(format!(
                "ALTER COLUMN {target} SET DATA TYPE {}",
                datatype(&column.datatype)?
            ));
        }
        let nullable = column.nullable.unwrap_or(true);
        if nullable != current.nullable {
            let change = if nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            };
            out.push(format!("ALTER COLUMN {target} {change}"));
        }
        if column.comment != current.comment {
            out.push(match &column.comment {
                Some(comment) => format!("ALTER COLUMN {target} COMMENT {}", sql_string(comment)),
                None => format!("ALTER COLUMN {target} UNSET COMMENT"),
            });
        }
    }
    let mut added = HashSet::new();
    for (identity, key, column) in &wanted_keys {
        let known = stored_keys.iter().any(|(stored, _)| stored == identity);
        if !known && added.insert(identity.clone()) {
            out.push(format!("ADD {}", constraint_sql(key, *column)?));
        }
    }
    if body.comment != table.info.comment {
        out.push(match &body.comment {
            Some(comment) => format!("SET COMMENT = {}", sql_string(comment)),
            None => "UNSET COMMENT".into(),
        });
    }
    let cluster: Vec<String> = body
        .cluster_by
        .iter()
        .flatten()
        .map(|c| canonical(c))
        .collect();
    let stored_cluster: Vec<String> = table.cluster_by.iter().map(|c| canonical(c)).collect();
    if cluster != stored_cluster {
        if cluster.is_empty() {
            out.push("DROP CLUSTERING KEY".into());
        } else {
            let list = body
                .cluster_by
                .iter()
                .flatten()
                .map(|c| dotted_ident(c))
                .collect::<Result<Vec<_>, _>>()?;
            out.push(format!("CLUSTER BY ({})", list.join(", ")));
        }
    }
    out.extend(body.settings()?.alterations(table));
    Ok(out)
}

/// A stored name as an exact SQL identifier.
fn quoted(name: &Name) -> String {
    format!("\"{}\"", name.as_str().replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn points_in_time() {
        assert_eq!(point_of_time(&None).unwrap(), "");
        let offset = json!({"point_of_time_type": "offset", "offset": "-60"});
        assert_eq!(point_of_time(&Some(offset)).unwrap(), " AT (OFFSET => -60)");
        let bad = json!({"point_of_time_type": "someday"});
        assert!(point_of_time(&Some(bad)).is_err());
    }
}
