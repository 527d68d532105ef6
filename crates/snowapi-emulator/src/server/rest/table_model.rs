//! The `Table` model of REST API v2: request bodies, the SQL they become, and the JSON a table
//! is answered with (from SHOW TABLES, DESCRIBE TABLE and the catalog's key constraints).

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    error::RestError,
    params::{canonical, ident, sql_string},
    refused_fields::{refuse, refuse_unless},
    table_settings::Settings,
};
use crate::catalog::{Column, Constraint, Name, Table};

/// A table as a create or create-or-alter body gives it; read-only fields are ignored.
#[derive(Debug, Deserialize)]
pub(super) struct TableBody {
    /// The table's name.
    pub(super) name: String,
    /// PERMANENT, TRANSIENT or TEMPORARY (any case; empty means PERMANENT).
    pub(super) kind: Option<String>,
    /// Columns, in order.
    pub(super) columns: Option<Vec<ColumnBody>>,
    /// Table-level keys.
    pub(super) constraints: Option<Vec<ConstraintBody>>,
    /// Clustering expressions.
    pub(super) cluster_by: Option<Vec<String>>,
    /// Free text.
    pub(super) comment: Option<String>,
    /// NORMAL, DYNAMIC, … (only NORMAL tables are made here).
    pub(super) table_type: Option<Value>,
    /// The other fields, the settings among them (read by [`TableBody::settings`]).
    #[serde(flatten)]
    pub(super) rest: Map<String, Value>,
}

impl TableBody {
    /// The settings fields of the body, checked.
    pub(super) fn settings(&self) -> Result<Settings, RestError> {
        Settings::from_body(&self.rest)
    }
}

/// One column of a [`TableBody`].
#[derive(Debug, Deserialize)]
pub(super) struct ColumnBody {
    /// The column's name.
    pub(super) name: String,
    /// Its SQL type.
    pub(super) datatype: String,
    /// Whether NULL is allowed (true when absent).
    pub(super) nullable: Option<bool>,
    /// Default expression.
    pub(super) default: Option<String>,
    /// Whether the column numbers rows itself.
    pub(super) autoincrement: Option<bool>,
    /// First auto-incremented value.
    pub(super) autoincrement_start: Option<i64>,
    /// Step of auto-incremented values.
    pub(super) autoincrement_increment: Option<i64>,
    /// Keys on this column alone.
    pub(super) constraints: Option<Vec<ConstraintBody>>,
    /// Free text.
    pub(super) comment: Option<String>,
    /// Column collation (not kept: refused).
    pub(super) collate: Option<Value>,
}

/// A key as the model writes it (`constraint_type` tells which).
#[derive(Debug, Deserialize)]
pub(super) struct ConstraintBody {
    /// `PRIMARY KEY`, `UNIQUE` or `FOREIGN KEY`.
    pub(super) constraint_type: String,
    /// Constraint name.
    pub(super) name: Option<String>,
    /// Columns of the key (the column itself when given on a column).
    pub(super) column_names: Option<Vec<String>>,
    /// Referenced table of a foreign key.
    pub(super) referenced_table_name: Option<String>,
    /// Referenced columns of a foreign key.
    pub(super) referenced_column_names: Option<Vec<String>>,
}

/// The SQL keyword of a table kind: `""`, `TRANSIENT ` or `TEMPORARY `.
pub(super) fn kind_keyword(kind: Option<&str>) -> Result<&'static str, RestError> {
    match kind.map(str::to_ascii_uppercase).as_deref() {
        None | Some("" | "PERMANENT" | "TABLE") => Ok(""),
        Some("TRANSIENT") => Ok("TRANSIENT "),
        Some("TEMPORARY" | "TEMP") => Ok("TEMPORARY "),
        Some(other) => Err(RestError::bad_request(format!(
            "Invalid table kind '{other}': expected PERMANENT, TRANSIENT or TEMPORARY."
        ))),
    }
}

/// A data type checked to be a type and nothing more, so a body cannot smuggle SQL in.
pub(super) fn datatype(text: &str) -> Result<&str, RestError> {
    let text = text.trim();
    let mut depth = 0i32;
    let allowed = text.chars().all(|c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        depth >= 0 && (c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | ',' | '(' | ')'))
    });
    if text.is_empty() || !allowed || depth != 0 {
        return Err(RestError::bad_request(format!(
            "Invalid column data type '{text}'."
        )));
    }
    Ok(text)
}

/// `name TYPE [NOT NULL] [DEFAULT …] [AUTOINCREMENT …] [COMMENT '…']`.
pub(super) fn column_sql(column: &ColumnBody) -> Result<String, RestError> {
    let mut sql = format!("{} {}", ident(&column.name)?, datatype(&column.datatype)?);
    if column.autoincrement == Some(true) {
        let start = column.autoincrement_start.unwrap_or(1);
        let step = column.autoincrement_increment.unwrap_or(1);
        sql.push_str(&format!(" AUTOINCREMENT START {start} INCREMENT {step}"));
    } else if let Some(default) = column.default.as_deref().filter(|d| !d.trim().is_empty()) {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if column.nullable == Some(false) {
        sql.push_str(" NOT NULL");
    }
    if let Some(comment) = &column.comment {
        sql.push_str(&format!(" COMMENT {}", sql_string(comment)));
    }
    Ok(sql)
}

/// The table-level keys of a body, column-level ones included (on their own column).
pub(super) fn all_constraints(body: &TableBody) -> Vec<(&ConstraintBody, Option<&str>)> {
    let mut keys: Vec<_> = body
        .constraints
        .iter()
        .flatten()
        .map(|key| (key, None))
        .collect();
    for column in body.columns.iter().flatten() {
        for key in column.constraints.iter().flatten() {
            keys.push((key, Some(column.name.as_str())));
        }
    }
    keys
}

fn ident_list(names: &[String]) -> Result<String, RestError> {
    Ok(names
        .iter()
        .map(|n| ident(n))
        .collect::<Result<Vec<_>, _>>()?
        .join(", "))
}

/// `[CONSTRAINT n] PRIMARY KEY (…)`, `UNIQUE (…)` or `FOREIGN KEY (…) REFERENCES t (…)`.
pub(super) fn constraint_sql(
    key: &ConstraintBody,
    column: Option<&str>,
) -> Result<String, RestError> {
    let own: Vec<String> = match (&key.column_names, column) {
        (Some(names), _) if !names.is_empty() => names.clone(),
        (_, Some(column)) => vec![column.to_owned()],
        _ => {
            return Err(RestError::bad_request(format!(
                "Constraint of type '{}' names no columns.",
                key.constraint_type
            )));
        }
    };
    let mut sql = match &key.name {
        Some(name) => format!("CONSTRAINT {} ", ident(name)?),
        None => String::new(),
    };
    let kind = key.constraint_type.to_ascii_uppercase();
    match kind.as_str() {
        "PRIMARY KEY" | "UNIQUE" => sql.push_str(&format!("{kind} ({})", ident_list(&own)?)),
        "FOREIGN KEY" => {
            let table = key
                .referenced_table_name
                .as_deref()
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    RestError::bad_request("A FOREIGN KEY needs referenced_table_name.")
                })?;
            let referenced = key.referenced_column_names.clone().unwrap_or_default();
            sql.push_str(&format!(
                "FOREIGN KEY ({}) REFERENCES {}",
                ident_list(&own)?,
                dotted_ident(table)?
            ));
            if !referenced.is_empty() {
                sql.push_str(&format!(" ({})", ident_list(&referenced)?));
            }
        }
        _ => {
            return Err(RestError::bad_request(format!(
                "Invalid constraint_type '{}': expected PRIMARY KEY, UNIQUE or FOREIGN KEY.",
                key.constraint_type
            )));
        }
    }
    Ok(sql)
}

/// A possibly qualified name (`t`, `s.t`, `db.s."T 1"`) as SQL, each part an identifier.
pub(super) fn dotted_ident(text: &str) -> Result<String, RestError> {
    Ok(super::compute_util::split_qualified(text)
        .iter()
        .map(|p| ident(p))
        .collect::<Result<Vec<_>, _>>()?
        .join("."))
}

/// The column list and keys of a CREATE TABLE: `(c1 …, c2 …, PRIMARY KEY (…))`.
pub(super) fn definition_sql(body: &TableBody) -> Result<String, RestError> {
    let columns = body.columns.as_deref().unwrap_or_default();
    if columns.is_empty() {
        return Err(RestError::bad_request("A table needs at least one column."));
    }
    let mut items = columns
        .iter()
        .map(column_sql)
        .collect::<Result<Vec<_>, _>>()?;
    for (key, column) in all_constraints(body) {
        items.push(constraint_sql(key, column)?);
    }
    Ok(format!("({})", items.join(", ")))
}

/// 400 naming the first field of `body` whose value the catalog cannot keep, so that what a
/// body sets is always what a fetch answers.
pub(super) fn refuse_unkept(body: &TableBody) -> Result<(), RestError> {
    refuse_unless("table_type", body.table_type.as_ref(), &[json!("NORMAL")])?;
    for column in body.columns.iter().flatten() {
        refuse("collate", column.collate.as_ref())?;
    }
    Ok(())
}

/// The clauses after the column list: CLUSTER BY, the settings and COMMENT.
pub(super) fn options_sql(body: &TableBody) -> Result<String, RestError> {
    refuse_unkept(body)?;
    let mut sql = String::new();
    if let Some(cluster) = body.cluster_by.as_deref().filter(|c| !c.is_empty()) {
        sql.push_str(&format!(" CLUSTER BY ({})", ident_list(cluster)?));
    }
    sql.push_str(&body.settings()?.create_clause());
    if let Some(comment) = &body.comment {
        sql.push_str(&format!(" COMMENT = {}", sql_string(comment)));
    }
    Ok(sql)
}

/// The keys of a stored table, as the model writes them.
pub(super) fn constraints_json(table: &Table) -> Vec<Value> {
    let names = |columns: &[Name]| -> Vec<String> {
        columns.iter().map(|c| c.as_str().to_owned()).collect()
    };
    let name = |n: &Option<Name>| n.as_ref().map(|n| n.as_str().to_owned());
    table
        .constraints
        .iter()
        .map(|constraint| match constraint {
            Constraint::PrimaryKey { name: n, columns } => json!({
                "constraint_type": "PRIMARY KEY",
                "name": name(n),
                "column_names": names(columns),
            }),
            Constraint::Unique { name: n, columns } => json!({
                "constraint_type": "UNIQUE",
                "name": name(n),
                "column_names": names(columns),
            }),
            Constraint::ForeignKey {
                name: n,
                columns,
                referenced_table,
                referenced_columns,
            } => json!({
                "constraint_type": "FOREIGN KEY",
                "name": name(n),
                "column_names": names(columns),
                "referenced_table_name": referenced_table
                    .iter()
                    .map(Name::to_sql)
                    .collect::<Vec<_>>()
                    .join("."),
                "referenced_column_names": names(referenced_columns),
            }),
        })
        .map(|mut key| {
            // An unnamed key has no name rather than a null one, as the model makes it optional.
            if let Some(object) = key.as_object_mut()
                && object.get("name") == Some(&Value::Null)
            {
                object.remove("name");
            }
            key
        })
        .collect()
}

/// A stored column as a model column.
pub(super) fn column_json(column: &Column) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(column.name.as_str()));
    out.insert("datatype".into(), json!(column.sf_type.to_sql()));
    out.insert("nullable".into(), json!(column.nullable));
    if let Some((start, step)) = column.autoincrement {
        out.insert("autoincrement".into(), json!(true));
        out.insert("autoincrement_start".into(), json!(start));
        out.insert("autoincrement_increment".into(), json!(step));
    } else if let Some(default) = &column.default {
        out.insert("default".into(), json!(default));
    }
    if let Some(comment) = &column.comment {
        out.insert("comment".into(), json!(comment));
    }
    Value::Object(out)
}

/// What identifies a key when a create-or-alter compares the wanted keys with the stored ones:
/// its type, its columns and, for a foreign key, the referenced table (last part) and columns.
pub(super) type KeyIdentity = (String, Vec<String>, Option<String>, Vec<String>);

/// The identity of a key of a body (`column` fills in a column-level key's columns).
pub(super) fn body_key_identity(key: &ConstraintBody, column: Option<&str>) -> KeyIdentity {
    let mut columns: Vec<String> = key
        .column_names
        .iter()
        .flatten()
        .map(|c| canonical(c))
        .collect();
    if columns.is_empty()
        && let Some(column) = column
    {
        columns.push(canonical(column));
    }
    let referenced_table = key
        .referenced_table_name
        .as_deref()
        .map(|t| canonical(last_part(t)));
    let referenced = key
        .referenced_column_names
        .iter()
        .flatten()
        .map(|c| canonical(c))
        .collect();
    (
        key.constraint_type.to_ascii_uppercase(),
        columns,
        referenced_table,
        referenced,
    )
}

/// The identity of a stored key.
pub(super) fn stored_key_identity(key: &Constraint) -> KeyIdentity {
    let strings = |names: &[Name]| names.iter().map(|n| n.as_str().to_owned()).collect();
    match key {
        Constraint::PrimaryKey { columns, .. } => {
            ("PRIMARY KEY".into(), strings(columns), None, Vec::new())
        }
        Constraint::Unique { columns, .. } => ("UNIQUE".into(), strings(columns), None, Vec::new()),
        Constraint::ForeignKey {
            columns,
            referenced_table,
            referenced_columns,
            ..
        } => (
            "FOREIGN KEY".into(),
            strings(columns),
            referenced_table.last().map(|n| n.as_str().to_owned()),
            strings(referenced_columns),
        ),
    }
}

/// `ADD`'s opposite for a stored key: `DROP CONSTRAINT n`, `DROP PRIMARY KEY`, `DROP UNIQUE
/// (…)` or `DROP FOREIGN KEY (…)`.
pub(super) fn drop_key_sql(key: &Constraint) -> String {
    let list = |names: &[Name]| {
        names
            .iter()
            .map(|n| format!("\"{}\"", n.as_str().replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match key {
        Constraint::PrimaryKey { name: Some(n), .. }
        | Constraint::Unique { name: Some(n), .. }
        | Constraint::ForeignKey { name: Some(n), .. } => {
            format!("DROP CONSTRAINT \"{}\"", n.as_str().replace('"', "\"\""))
        }
        Constraint::PrimaryKey { .. } => "DROP PRIMARY KEY".into(),
        Constraint::Unique { columns, .. } => format!("DROP UNIQUE ({})", list(columns)),
        Constraint::ForeignKey { columns, .. } => format!("DROP FOREIGN KEY ({})", list(columns)),
    }
}

/// The last part of a dotted name, quotes respected (`db."a.b"` → `"a.b"`).
fn last_part(text: &str) -> &str {
    let mut quoted = false;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => start = at + 1,
            _ => {}
        }
    }
    &text[start..]
}

/// A SHOW TABLES row as a model table (without columns and keys).
pub(super) fn table_json(row: &Map<String, Value>) -> Map<String, Value> {
    let text = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or_default();
    let flag = |key: &str| matches!(text(key), "Y" | "ON" | "true");
    let kind = match text("kind") {
        "TRANSIENT" => "TRANSIENT",
        "TEMPORARY" => "TEMPORARY",
        _ => "PERMANENT",
    };
    let table_type = if flag("is_dynamic") {
        "DYNAMIC"
    } else if flag("is_external") {
        "EXTERNAL"
    } else if flag("is_event") {
        "EVENT"
    } else if flag("is_hybrid") {
        "HYBRID"
    } else if flag("is_iceberg") {
        "ICEBERG"
    } else {
        "NORMAL"
    };
    let cluster_by: Vec<String> = text("cluster_by")
        .strip_prefix("LINEAR(")
        .and_then(|c| c.strip_suffix(')'))
        .map(|inner| inner.split(", ").map(canonical).collect())
        .unwrap_or_default();
    let mut table = Map::new();
    table.insert("name".into(), json!(text("name")));
    table.insert("kind".into(), json!(kind));
    table.insert("cluster_by".into(), json!(cluster_by));
    table.insert("change_tracking".into(), json!(flag("change_tracking")));
    table.insert(
        "enable_schema_evolution".into(),
        json!(flag("enable_schema_evolution")),
    );
    if let Ok(days) = text("retention_time").parse::<i64>() {
        table.insert("data_retention_time_in_days".into(), json!(days));
    }
    if !text("comment").is_empty() {
        table.insert("comment".into(), json!(text("comment")));
    }
    for key in [
        "created_on",
        "database_name",
        "schema_name",
        "rows",
        "bytes",
        "owner",
        "owner_role_type",
        "search_optimization_progress",
        "search_optimization_bytes",
        "budget",
        "dropped_on",
    ] {
        if let Some(value) = row.get(key) {
            table.insert(key.into(), value.clone());
        }
    }
    table.insert(
        "automatic_clustering".into(),
        json!(flag("automatic_clustering")),
    );
    table.insert(
        "search_optimization".into(),
        json!(flag("search_optimization")),
    );
    table.insert("table_type".into(), json!(table_type));
    table
}
