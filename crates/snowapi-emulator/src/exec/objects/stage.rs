//! CREATE, ALTER, DROP, SHOW and DESCRIBE STAGE.

use std::sync::Arc;

use super::{
    CreateHeader, Dropped, created, executed,
    filter::ShowFilter,
    object_path,
    rows::{Kind, Rows, opt_text, text, time, yes_no},
    syntax::{Syntax, Value, invalid_value},
};
use crate::{
    catalog::{Name, ObjectPath, Stage},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

const URL_SCHEMES: &[&str] = &["s3://", "s3gov://", "s3compat://", "azure://", "gcs://"];

/// Sets one property; `false` when the name is not a stage property.
fn apply(stage: &mut Stage, key: &str, value: &Value) -> Result<bool> {
    let bad = || invalid_value(key, value);
    match key {
        "URL" => {
            let url = match value {
                Value::Text(url) => url.clone(),
                // `URL = ('s3://a', ...)`: the first location counts.
                Value::List(urls) => urls
                    .first()
                    .and_then(Value::text)
                    .ok_or_else(bad)?
                    .to_owned(),
                _ => return Err(bad()),
            };
            let lower = url.to_ascii_lowercase();
            if !URL_SCHEMES.iter().any(|s| lower.starts_with(s)) {
                return Err(bad());
            }
            stage.url = Some(url);
        }
        "ENDPOINT" => stage.endpoint = Some(value.text().ok_or_else(bad)?.to_owned()),
        "STORAGE_INTEGRATION" => {
            stage.storage_integration = Some(Name::canonical(value.text().ok_or_else(bad)?))
        }
        "CREDENTIALS" => {
            let Value::Group(pairs) = value else {
                return Err(bad());
            };
            stage.has_credentials = !pairs.is_empty();
        }
        "ENCRYPTION" => {
            let Value::Group(pairs) = value else {
                return Err(bad());
            };
            for (name, item) in pairs {
                match name.as_str() {
                    "TYPE" => {
                        stage.encryption_type = Some(item.text().ok_or_else(bad)?.to_uppercase());
                    }
                    "MASTER_KEY" | "KMS_KEY_ID" => stage.has_encryption_key = true,
                    _ => return Err(invalid_value(name, item)),
                }
            }
        }
        "DIRECTORY" => {
            let Value::Group(pairs) = value else {
                return Err(bad());
            };
            for (name, item) in pairs {
                let flag = || item.boolean().ok_or_else(|| invalid_value(name, item));
                match name.as_str() {
                    "ENABLE" => stage.directory.enable = flag()?,
                    "AUTO_REFRESH" => stage.directory.auto_refresh = flag()?,
                    "REFRESH_ON_CREATE" => stage.directory.refresh_on_create = flag()?,
                    "NOTIFICATION_INTEGRATION" => {
                        stage.directory.notification_integration = Some(
                            item.text()
                                .ok_or_else(|| invalid_value(name, item))?
                                .to_owned(),
                        );
                    }
                    _ => return Err(invalid_value(name, item)),
                }
            }
        }
        "FILE_FORMAT" => stage.file_format = Some(value.to_string()),
        "COPY_OPTIONS" => stage.copy_options = Some(value.to_string()),
        "COMMENT" => stage.info.comment = Some(super::comment_value(value)?),
        "USE_PRIVATELINK_ENDPOINT" => {
            value.boolean().ok_or_else(bad)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn read_properties(syntax: &mut Syntax<'_>, stage: &mut Stage) -> Result<()> {
    while !syntax.is_done() {
        if syntax.peek(&["WITH", "TAG"]) || syntax.peek(&["TAG"]) {
            return Err(EmulatorError::unsupported("tags on stages"));
        }
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        if !apply(stage, &key, &value)? {
            syntax.rewind(at);
            return Err(syntax.unexpected());
        }
    }
    if stage.url.is_none() && (stage.has_credentials || stage.storage_integration.is_some()) {
        return Err(invalid_value("URL", &"''"));
    }
    Ok(())
}

/// `CREATE [OR REPLACE] [TEMPORARY] STAGE [IF NOT EXISTS] s [URL = '...'] [DIRECTORY = (...)]
/// [FILE_FORMAT = ...] [COMMENT = '...'] ...`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "CREATE STAGE")?;
    let mut stage = Stage::new(path.name.clone(), &session.state().role);
    stage.temporary = header.temporary;
    read_properties(&mut syntax, &mut stage)?;
    let new = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let schema = catalog.schema_mut(&path.database, &path.schema)?;
                if schema.stages.contains_key(&path.name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                schema.stages.insert(path.name, Arc::new(stage));
                Ok(true)
            })
            .await?
    };
    created("Stage area", &path.name, new)
}

/// `ALTER STAGE [IF EXISTS] s RENAME TO x | SET <property> = <value> ...`.
pub(super) async fn alter(
    session: &Session,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "ALTER STAGE")?;
    let rename = if syntax.accept_all(&["RENAME", "TO"]) {
        Some(object_path(session, syntax.name()?, "ALTER STAGE")?)
    } else {
        None
    };
    let mut scratch = Stage::new(path.name.clone(), "");
    let mut properties = Vec::new();
    if rename.is_none() {
        if syntax.peek(&["REFRESH"]) {
            return Err(EmulatorError::unsupported("ALTER STAGE ... REFRESH"));
        }
        syntax.expect(&["SET"])?;
        while !syntax.is_done() {
            let at = syntax.position();
            let (key, value) = syntax.property()?;
            if !apply(&mut scratch, &key, &value)? {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
            properties.push((key, value));
        }
        if properties.is_empty() {
            return Err(syntax.unexpected());
        }
    }
    syntax.finish()?;
    session
        .write(move |catalog| {
            let Ok(current) = catalog.stage(&path).cloned() else {
                return if if_exists {
                    Ok(())
                } else {
                    Err(EmulatorError::not_found("Stage", &path))
                };
            };
            let mut stage = (*current).clone();
            if let Some(to) = rename {
                let target = catalog.schema_mut(&to.database, &to.schema)?;
                if target.stages.contains_key(&to.name) {
                    return Err(EmulatorError::already_exists("Object", &to.name));
                }
                stage.name = to.name.clone();
                target.stages.insert(to.name, Arc::new(stage));
                catalog
                    .schema_mut(&path.database, &path.schema)?
                    .stages
                    .remove(&path.name);
                return Ok(());
            }
            for (key, value) in &properties {
                apply(&mut stage, key, value)?;
            }
            catalog
                .schema_mut(&path.database, &path.schema)?
                .stages
                .insert(path.name.clone(), Arc::new(stage));
            Ok(())
        })
        .await?;
    executed()
}

/// `DROP STAGE [IF EXISTS] s`.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    super::drop_from_schema(session, parts, "DROP STAGE", "Stage", |schema| {
        &mut schema.stages
    })
    .await
}

/// `SHOW STAGES [LIKE '...'] [IN ...] [STARTS WITH '...'] [LIMIT n]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(&mut syntax, &session.name_context(), "SHOW STAGES", true)?;
    let catalog = session.snapshot();
    if let Some(scope) = &filter.scope {
        scope.check(&catalog)?;
    }
    let mut stages: Vec<(ObjectPath, &Arc<Stage>)> = Vec::new();
    for (db_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            if !filter.in_scope(db_name, schema_name) {
                continue;
            }
            for (name, stage) in &schema.stages {
                let path = ObjectPath {
                    database: db_name.clone(),
                    schema: schema_name.clone(),
                    name: name.clone(),
                };
                stages.push((path, stage));
            }
        }
    }
    let stages = filter.apply(stages, |(path, _)| path.name.as_str());
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("name", Kind::Text),
        ("database_name", Kind::Text),
        ("schema_name", Kind::Text),
        ("url", Kind::Text),
        ("has_credentials", Kind::Text),
        ("has_encryption_key", Kind::Text),
        ("owner", Kind::Text),
        ("comment", Kind::Text),
        ("region", Kind::Text),
        ("type", Kind::Text),
        ("cloud", Kind::Text),
        ("notification_channel", Kind::Text),
        ("storage_integration", Kind::Text),
        ("endpoint", Kind::Text),
        ("owner_role_type", Kind::Text),
        ("directory_enabled", Kind::Text),
    ]);
    for (path, stage) in stages {
        rows.push(vec![
            time(stage.info.created_on),
            text(path.name.as_str()),
            text(path.database.as_str()),
            text(path.schema.as_str()),
            text(stage.url.clone().unwrap_or_default()),
            yes_no(stage.has_credentials),
            yes_no(stage.has_encryption_key),
            text(stage.info.owner.clone()),
            opt_text(stage.info.comment.clone()),
            opt_text(None::<String>),
            text(stage.stage_type()),
            opt_text(stage.cloud()),
            opt_text(None::<String>),
            opt_text(stage.storage_integration.clone()),
            opt_text(stage.endpoint.clone()),
            text("ROLE"),
            yes_no(stage.directory.enable),
        ]);
    }
    rows.into_result()
}

/// `DESCRIBE STAGE s`: parent_property, property, property_type, property_value,
/// property_default.
pub(super) fn describe(session: &Session, parts: Vec<Name>) -> Result<QueryResult> {
    let path = object_path(session, parts, "DESCRIBE STAGE")?;
    let catalog = session.snapshot();
    let stage = catalog.stage(&path)?;
    let mut rows = Rows::new(&[
        ("parent_property", Kind::Text),
        ("property", Kind::Text),
        ("property_type", Kind::Text),
        ("property_value", Kind::Text),
        ("property_default", Kind::Text),
    ]);
    let flag = |value: bool| if value { "true" } else { "false" };
    let list = |value: Option<&str>| match value {
        Some(v) => format!("[{v}]"),
        None => String::new(),
    };
    let entries: Vec<(&str, &str, &str, String, &str)> = vec![
        (
            "STAGE_FILE_FORMAT",
            "FORMAT",
            "String",
            stage
                .file_format
                .clone()
                .unwrap_or_else(|| "(TYPE = CSV)".into()),
            "(TYPE = CSV)",
        ),
        (
            "STAGE_COPY_OPTIONS",
            "OPTIONS",
            "String",
            stage.copy_options.clone().unwrap_or_default(),
            "",
        ),
        (
            "STAGE_LOCATION",
            "URL",
            "String",
            list(stage.url.as_deref()),
            "",
        ),
        (
            "STAGE_INTEGRATION",
            "STORAGE_INTEGRATION",
            "String",
            stage
                .storage_integration
                .as_ref()
                .map(Name::to_string)
                .unwrap_or_default(),
            "",
        ),
        (
            "STAGE_CREDENTIALS",
            "HAS_CREDENTIALS",
            "Boolean",
            flag(stage.has_credentials).into(),
            "false",
        ),
        (
            "STAGE_ENCRYPTION",
            "TYPE",
            "String",
            stage.encryption_type.clone().unwrap_or_default(),
            "",
        ),
        (
            "DIRECTORY",
            "ENABLE",
            "Boolean",
            flag(stage.directory.enable).into(),
            "false",
        ),
        (
            "DIRECTORY",
            "AUTO_REFRESH",
            "Boolean",
            flag(stage.directory.auto_refresh).into(),
            "false",
        ),
        (
            "DIRECTORY",
            "NOTIFICATION_INTEGRATION",
            "String",
            stage
                .directory
                .notification_integration
                .clone()
                .unwrap_or_default(),
            "",
        ),
    ];
    for (parent, property, kind, value, default) in entries {
        rows.push(vec![
            text(parent),
            text(property),
            text(kind),
            text(value),
            text(default),
        ]);
    }
    rows.into_result()
}
