//! `snowapi object list|describe|create|drop <kind> …` over the resource tree.

use std::io::Write;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};
use snowapi::{
    Client,
    core::{CreateMode, Listing, Named, Root, database::DatabaseResource, schema::SchemaResource},
};

use crate::{
    CliError,
    cli::{Format, ObjectAction},
};

/// The kinds of object the command knows, as typed on the command line.
const KINDS: &str = "database, schema, table, view, stage, task, image-repository, service \
                     (in a schema), warehouse, role, user, compute-pool";

/// Runs one verb on the collection of `$kind`, binding it to `$c` in `$body` (`$role` for roles,
/// when the verb differs for them).
macro_rules! on_kind {
    ($root:expr, $kind:expr, $container:expr, |$c:ident| $body:expr) => {
        on_kind!($root, $kind, $container, |$c| $body, role: {
            let $c = $root.roles();
            $body
        })
    };
    ($root:expr, $kind:expr, $container:expr, |$c:ident| $body:expr, role: $role:expr) => {{
        let container = $container;
        match $kind {
            "database" => {
                let $c = $root.databases();
                $body
            }
            "warehouse" => {
                let $c = $root.warehouses();
                $body
            }
            "role" => $role,
            "user" => {
                let $c = $root.users();
                $body
            }
            "compute-pool" => {
                let $c = $root.compute_pools();
                $body
            }
            "schema" => {
                let $c = database_of(&$root, container)?.schemas();
                $body
            }
            "table" => {
                let $c = schema_of(&$root, container)?.tables();
                $body
            }
            "view" => {
                let $c = schema_of(&$root, container)?.views();
                $body
            }
            "stage" => {
                let $c = schema_of(&$root, container)?.stages();
                $body
            }
            "task" => {
                let $c = schema_of(&$root, container)?.tasks();
                $body
            }
            "image-repository" => {
                let $c = schema_of(&$root, container)?.image_repositories();
                $body
            }
            "service" => {
                let $c = schema_of(&$root, container)?.services();
                $body
            }
            other => return Err(unknown(other)),
        }
    }};
}

/// Runs `snowapi object …`.
pub async fn run(client: &Client, action: ObjectAction) -> Result<(), CliError> {
    let root = client.root().clone();
    let mut out = std::io::stdout().lock();
    match action {
        ObjectAction::List {
            kind,
            container,
            like,
            format,
        } => {
            let kind = normalize(&kind)?;
            let rows = on_kind!(root, kind.as_str(), container.as_deref(), |c| listed(
                c.iter(),
                like
            )
            .await?);
            print_list(&mut out, &rows, format)
        }
        ObjectAction::Describe {
            kind,
            name,
            container,
        } => {
            let kind = normalize(&kind)?;
            let value = on_kind!(
                root,
                kind.as_str(),
                container.as_deref(),
                |c| to_json(&c.get(&name).fetch().await?)?,
                // Roles have no fetch in the REST API: the one row of the listing.
                role: listed(root.roles().iter(), Some(name.clone()))
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| CliError::Usage(format!("role {name} not found")))?
            );
            let text =
                serde_json::to_string_pretty(&value).map_err(|e| CliError::Usage(e.to_string()))?;
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
            let kind = normalize(&kind)?;
            let mode = match (replace, if_not_exists) {
                (true, _) => CreateMode::OrReplace,
                (_, true) => CreateMode::IfNotExists,
                _ => CreateMode::ErrorIfExists,
            };
            on_kind!(root, kind.as_str(), container.as_deref(), |c| {
                c.create(&model(&name, json.as_deref())?, mode).await?;
            });
            writeln!(out, "{kind} {name} created.").map_err(CliError::stdout)
        }
        ObjectAction::Drop {
            kind,
            name,
            container,
            if_exists,
        } => {
            let kind = normalize(&kind)?;
            let dropped = on_kind!(root, kind.as_str(), container.as_deref(), |c| c
                .get(&name)
                .drop()
                .await);
            match dropped {
                Err(error) if if_exists && error.is_not_found() => {}
                other => other?,
            }
            writeln!(out, "{kind} {name} dropped.").map_err(CliError::stdout)
        }
    }
}

fn database_of(root: &Root, container: Option<&str>) -> Result<DatabaseResource, CliError> {
    let container = Container::parse(container.ok_or_else(|| {
        CliError::Usage("this kind lives in a database: give --in DATABASE".into())
    })?)?;
    Ok(root.databases().get(container.database))
}

fn schema_of(root: &Root, container: Option<&str>) -> Result<SchemaResource, CliError> {
    let text = container.ok_or_else(|| {
        CliError::Usage("this kind lives in a schema: give --in DATABASE.SCHEMA".into())
    })?;
    let container = Container::parse(text)?;
    let schema = container.schema.ok_or_else(|| {
        CliError::Usage(format!(
            "--in `{text}`: this kind lives in a schema, give DATABASE.SCHEMA"
        ))
    })?;
    Ok(root
        .databases()
        .get(container.database)
        .schemas()
        .get(schema))
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
    CliError::Usage(format!(
        "unknown object kind `{kind}`; known kinds: {KINDS}"
    ))
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
                let cell = |key: &str| {
                    row.get(key)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned()
                };
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
