//! CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS] s [CLONE src] [WITH MANAGED ACCESS]
//! [DATA_RETENTION_TIME_IN_DAYS = n] [COMMENT = '…'], read by hand: sqlparser knows none of
//! Snowflake's options. The new schema becomes the session's current one.

use std::sync::Arc;

use chrono::Utc;

use super::{
    alter_table::retention,
    database::public_schema,
    ddl_parser::{DdlParser, PropertyValue},
    schema::schema_path,
};
use crate::{
    catalog::{Dropped, Name, ObjectInfo},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

/// What the statement asks for.
struct Request {
    or_replace: bool,
    transient: bool,
    if_not_exists: bool,
    database: Name,
    schema: Name,
    clone: Option<(Name, Name)>,
    managed_access: bool,
    retention: Option<u32>,
    comment: Option<String>,
}

/// Runs CREATE SCHEMA.
pub(super) async fn create_schema(session: &Session, sql: &str) -> Result<QueryResult> {
    let request = parse(session, sql)?;
    let owner = session.state().role;
    let (database, schema) = (request.database.clone(), request.schema.clone());
    let created = session
        .write(move |catalog| {
            let copy = match &request.clone {
                Some((db, s)) => Some((**catalog.schema(db, s)?).clone()),
                None => None,
            };
            let target = catalog.database_mut(&request.database)?;
            if target.schemas.contains_key(&request.schema) {
                if request.if_not_exists {
                    return Ok(false);
                }
                if !request.or_replace {
                    return Err(EmulatorError::already_exists("Object", &request.schema));
                }
            }
            let inherited = target.retention_time;
            let mut new = match copy {
                Some(copy) => copy,
                None => {
                    let mut empty = public_schema(&owner);
                    empty.retention_time = inherited;
                    empty
                }
            };
            new.name = request.schema.clone();
            new.info = ObjectInfo::new(&owner, request.comment.clone());
            new.dropped_tables.clear();
            new.transient |= request.transient;
            new.managed_access |= request.managed_access;
            if let Some(days) = request.retention {
                new.retention_time = days;
            }
            if let Some(old) = target.schemas.insert(request.schema.clone(), Arc::new(new)) {
                target.dropped_schemas.push(Dropped {
                    dropped_on: Utc::now(),
                    object: old,
                });
            }
            Ok(true)
        })
        .await?;
    if !created {
        return QueryResult::status(
            StatementType::Ddl,
            format!("{schema} already exists, statement succeeded."),
        );
    }
    session.update(|state| {
        state.database = Some(database);
        state.schema = Some(schema.clone());
    });
    QueryResult::status(
        StatementType::Ddl,
        format!("Schema {schema} successfully created."),
    )
}

fn parse(session: &Session, sql: &str) -> Result<Request> {
    let mut p = DdlParser::new(sql)?;
    p.expect(&["CREATE"])?;
    let or_replace = p.accept_all(&["OR", "REPLACE"]);
    let transient = p.accept("TRANSIENT");
    p.expect(&["SCHEMA"])?;
    let if_not_exists = p.accept_all(&["IF", "NOT", "EXISTS"]);
    if or_replace && if_not_exists {
        return Err(p.unexpected());
    }
    let (database, schema) = schema_path(session, &p.object_name()?)?;
    let mut request = Request {
        or_replace,
        transient,
        if_not_exists,
        database,
        schema,
        clone: None,
        managed_access: false,
        retention: None,
        comment: None,
    };
    if p.accept("CLONE") {
        request.clone = Some(schema_path(session, &p.object_name()?)?);
        if p.peek("AT") || p.peek("BEFORE") {
            // No history is kept, so there is nothing to clone from the past.
            return Err(EmulatorError::unsupported("CLONE … AT"));
        }
    }
    loop {
        if p.accept_all(&["WITH", "MANAGED", "ACCESS"]) {
            request.managed_access = true;
            continue;
        }
        if p.peek("TAG") || p.accept_all(&["WITH", "TAG"]) {
            return Err(EmulatorError::unsupported("CREATE SCHEMA ... TAG"));
        }
        let properties = p.properties()?;
        if properties.is_empty() {
            break;
        }
        for (name, value) in properties {
            set_option(&mut request, &name, &value)?;
        }
    }
    p.finish()?;
    Ok(request)
}

fn set_option(request: &mut Request, name: &str, value: &PropertyValue) -> Result<()> {
    match name {
        "COMMENT" => request.comment = Some(value.as_text(name)?),
        "DATA_RETENTION_TIME_IN_DAYS" => request.retention = Some(retention(value)?),
        other => {
            return Err(EmulatorError::unsupported(format!(
                "CREATE SCHEMA ... {other}"
            )));
        }
    }
    Ok(())
}
