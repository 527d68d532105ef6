//! `snowapi object list|describe|create|drop <kind> …` over the resource tree.

use std::io::Write;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};
use snowapi::{
    Client,
    core::{CreateMode, Listing, Named},
};

use crate::{
    CliError,
    cli::{Format, ObjectAction},
};

/// The kinds of object the command knows, as typed on the command line.
const KINDS: &str = "database";

/// Runs `snowapi object …`.
pub async fn run(client: &Client, action: ObjectAction) -> Result<(), CliError> {
    let root = client.root();
    let mut out = std::io::stdout().lock();
    match action {
        ObjectAction::List {
            kind,
            container,
            like,
            format,
        } => {
            let _ = container.as_deref().map(Container::parse).transpose()?;
            let rows = match normalize(&kind)?.as_str() {
                "database" => listed(root.databases().iter(), like).await?,
                other => return Err(unknown(other)),
            };
            print_list(&mut out, &rows, format)
        }
        ObjectAction::Describe {
            kind,
            name,
            container,
        } => {
            let _ = container.as_deref().map(Container::parse).transpose()?;
            let value = match normalize(&kind)?.as_str() {
                "database" => to_json(&root.databases().get(&name).fetch().await?)?,
                other => return Err(unknown(other)),
            };
            let text = serde_json::to_string_pretty(&value)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            writeln!(out, "{text}").map_err(CliError::stdout)
        }
        ObjectAction::Create {
            kind,
            name,
            container,
            json,
            replace,
            if_not_exists,
        } => {
            let _ = container.as_deref().map(Container::parse).transpose()?;
            let mode = match (replace, if_not_exists) {
                (true, _) => CreateMode::OrReplace,
                (_, true) => CreateMode::IfNotExists,
                _ => CreateMode::ErrorIfExists,
            };
            match normalize(&kind)?.as_str() {
                "database" => {
                    let model = model(&name, json.as_deref())?;
                    root.databases().create(&model, mode).await?;
                }
                other => return Err(unknown(other)),
            }
            writeln!(out, "{} {name} created.", normalize(&kind)?).map_err(CliError::stdout)
        }
        ObjectAction::Drop {
            kind,
            name,
            container,
            if_exists,
        } => {
            let _ = container.as_deref().map(Container::parse).transpose()?;
            match normalize(&kind)?.as_str() {
                "database" => {
                    let db = root.databases().get(&name);
                    if if_exists { db.drop_if_exists().await? } else { db.drop().await? }
                }
                other => return Err(unknown(other)),
            }
            writeln!(out, "{} {name} dropped.", normalize(&kind)?).map_err(CliError::stdout)
        }
    }
}

/// `database` or `database.schema`, as `--in` gives it.
#[derive(Debug)]
struct Container {
    database: String,
    schema: Option<String>,
}

impl Container {
    fn parse(text: &str) -> Result<Self, CliError> {
        let mut parts = text.splitn(2, '.');
        let database = parts.next().unwrap_or_default().trim().to_owned();
        let schema = parts.next().map(|s| s.trim().to_owned());
        if database.is_empty() || schema.as_deref() == Some("") {
            return Err(CliError::Usage(format!(
                "--in `{text}`: give `database` or `database.schema`"
            )));
        }
        Ok(Self { database, schema })
    }
}

/// The kind in singular, lower-case, with dashes: `Compute_Pools` → `compute-pool`.
fn normalize(kind: &str) -> Result<String, CliError> {
    let kind = kind.trim().to_ascii_lowercase().replace('_', "-");
    let singular = kind.strip_suffix('s').unwrap_or(&kind).to_owned();
    if singular.is_empty() {
        return Err(unknown(&kind));
    }
    Ok(singular)
}

fn unknown(kind: &str) -> CliError {
    CliError::Usage(format!("unknown object kind `{kind}`; known kinds: {KINDS}"))
}

/// A model named `name`, with the settings of `json` (the REST API's field names).
fn model<M: DeserializeOwned>(name: &str, json: Option<&str>) -> Result<M, CliError> {
    let mut fields: Map<String, Value> = match json {
        Some(text) => serde_json::from_str(text)
            .map_err(|e| CliError::Usage(format!("--json is not a JSON object: {e}")))?,
        None => Map::new(),
    };
    fields.insert("name".into(), Value::String(name.to_owned()));
    serde_json::from_value(Value::Object(fields))
        .map_err(|e| CliError::Usage(format!("--json does not fit this kind: {e}")))
}

fn to_json<M: Serialize>(model: &M) -> Result<Value, CliError> {
    serde_json::to_value(model).map_err(|e| CliError::Usage(e.to_string()))
}

async fn listed<M>(listing: Listing<M>, like: Option<String>) -> Result<Vec<Value>, CliError>
where
    M: Named + Serialize + Send + 'static,
{
    let listing = match like {
        Some(pattern) => listing.like(pattern),
        None => listing,
    };
    listing.send().await?.iter().map(to_json).collect()
}

/// A listing as a table of the columns every kind shares, or as JSON.
fn print_list(out: &mut dyn Write, rows: &[Value], format: Format) -> Result<(), CliError> {
    match format {
        Format::Json => {
            let text =
                serde_json::to_string_pretty(rows).map_err(|e| CliError::Usage(e.to_string()))?;
            writeln!(out, "{text}").map_err(CliError::stdout)
        }
        Format::Table => {
            let columns = ["name", "owner", "comment"];
            writeln!(out, "{:<32} {:<20} comment", "name", "owner").map_err(CliError::stdout)?;
            for row in rows {
                let cell = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
                let [name, owner, comment] = columns.map(cell);
                writeln!(out, "{name:<32} {owner:<20} {comment}").map_err(CliError::stdout)?;
            }
            Ok(())
        }
        other => Err(CliError::Usage(format!(
            "object listings print as table or json, not {other:?}"
        ))),
    }
}
