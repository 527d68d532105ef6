//! Account-level and schema-level objects beyond tables: warehouses, tasks, stages, roles,
//! users, database roles, grants, compute pools, image repositories and services. Their
//! statements are read by a hand-written parser ([`syntax`]) before sqlparser is tried; each
//! family has its own module, and [`run`] routes a statement to it by its leading keywords.

mod compute_pool;
mod database_role;
mod filter;
mod grant;
mod image_repository;
mod job_service;
mod role;
mod rows;
mod service;
mod service_role_grant;
mod show_grants;
mod stage;
mod stage_files;
mod syntax;
mod tag;
mod tag_assign;
mod task;
mod task_run;
mod user;
mod user_pat;
mod warehouse;

use std::future::Future;

use syntax::Syntax;

use crate::{
    catalog::{Name, ObjectPath, TagDomain},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
};

/// The object families handled here, by the keywords that name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Warehouse,
    Task,
    Stage,
    Role,
    User,
    DatabaseRole,
    ComputePool,
    ImageRepository,
    Service,
    Tag,
}

impl Family {
    /// Singular keywords, plural keywords.
    const KEYWORDS: &'static [(Family, &'static [&'static str], &'static [&'static str])] = &[
        (Family::Warehouse, &["WAREHOUSE"], &["WAREHOUSES"]),
        (Family::Task, &["TASK"], &["TASKS"]),
        (Family::Stage, &["STAGE"], &["STAGES"]),
        (Family::Role, &["ROLE"], &["ROLES"]),
        (Family::User, &["USER"], &["USERS"]),
        (
            Family::DatabaseRole,
            &["DATABASE", "ROLE"],
            &["DATABASE", "ROLES"],
        ),
        (
            Family::ComputePool,
            &["COMPUTE", "POOL"],
            &["COMPUTE", "POOLS"],
        ),
        (
            Family::ImageRepository,
            &["IMAGE", "REPOSITORY"],
            &["IMAGE", "REPOSITORIES"],
        ),
        (Family::Service, &["SERVICE"], &["SERVICES"]),
        (Family::Tag, &["TAG"], &["TAGS"]),
    ];

    /// Consumes the family's keywords if they come next.
    fn accept(syntax: &mut Syntax<'_>, plural: bool) -> Option<Self> {
        Self::KEYWORDS
            .iter()
            .find(|(_, singular, many)| syntax.accept_all(if plural { many } else { singular }))
            .map(|(family, _, _)| *family)
    }

    /// The family's name in statements (`COMPUTE POOL`).
    fn keyword(self) -> String {
        Self::KEYWORDS
            .iter()
            .find(|(family, _, _)| *family == self)
            .map(|(_, singular, _)| singular.join(" "))
            .unwrap_or_default()
    }
}

/// `CREATE [OR REPLACE] [TEMPORARY] <kind> [IF NOT EXISTS]`, as read before the name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CreateHeader {
    /// OR REPLACE.
    pub(super) or_replace: bool,
    /// TEMPORARY.
    pub(super) temporary: bool,
    /// IF NOT EXISTS.
    pub(super) if_not_exists: bool,
}

/// Leading keywords of the statements handled here.
const LEADING: &[&str] = &[
    "CREATE", "ALTER", "DROP", "SHOW", "DESCRIBE", "DESC", "GRANT", "REVOKE", "EXECUTE",
];

/// Whether the statement may be one of ours, judged by its first word without tokenising it
/// (a large INSERT need not be tokenised twice). Text starting with a comment or anything but
/// a word is tokenised to find out.
fn may_be_ours(sql: &str) -> bool {
    let text = sql.trim_start();
    let word: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if word.is_empty() {
        return text.starts_with("--") || text.starts_with("/*") || text.starts_with("//");
    }
    LEADING.iter().any(|k| k.eq_ignore_ascii_case(&word))
}

/// Runs the statement if it is one of ours; `None` leaves it to the other parsers.
pub(crate) async fn run(session: &Session, sql: &str) -> Option<Result<QueryResult>> {
    if let Some(result) = stage_files::run(session, sql).await {
        return Some(result);
    }
    if !may_be_ours(sql) {
        return None;
    }
    let mut syntax = Syntax::new(sql)?;
    if syntax.accept("CREATE") {
        let or_replace = syntax.accept_all(&["OR", "REPLACE"]);
        let or_alter = !or_replace && syntax.accept_all(&["OR", "ALTER"]);
        let temporary = syntax.accept_one_of(&["TEMPORARY", "TEMP"]).is_some();
        let family = Family::accept(&mut syntax, false)?;
        if or_alter {
            return Some(Err(EmulatorError::unsupported(format!(
                "CREATE OR ALTER {}",
                family.keyword()
            ))));
        }
        if temporary && family != Family::Stage {
            return Some(Err(syntax.unexpected()));
        }
        let header = CreateHeader {
            or_replace,
            temporary,
            if_not_exists: syntax.accept_all(&["IF", "NOT", "EXISTS"]),
        };
        return Some(ddl(session, create(session, family, header, syntax)).await);
    }
    if syntax.accept("ALTER") {
        if let Some(result) = tag_assign::run(session, &syntax).await {
            return Some(result);
        }
        let family = Family::accept(&mut syntax, false)?;
        let if_exists = syntax.accept_all(&["IF", "EXISTS"]);
        return Some(ddl(session, alter(session, family, if_exists, syntax)).await);
    }
    if syntax.accept("DROP") {
        let family = Family::accept(&mut syntax, false)?;
        let if_exists = syntax.accept_all(&["IF", "EXISTS"]);
        return Some(ddl(session, drop(session, family, if_exists, syntax)).await);
    }
    if syntax.accept("SHOW") {
        let terse = syntax.accept("TERSE");
        if syntax.peek(&["GRANTS"]) || syntax.peek(&["FUTURE", "GRANTS"]) {
            return Some(show_grants::show(session, syntax));
        }
        if syntax.accept("IMAGES") {
            return Some(image_repository::show_images(session, syntax));
        }
        let family = Family::accept(&mut syntax, true)?;
        return Some(show(session, family, terse, syntax));
    }
    if syntax.accept_one_of(&["DESCRIBE", "DESC"]).is_some() {
        let family = Family::accept(&mut syntax, false)?;
        return Some(describe(session, family, syntax));
    }
    if syntax.peek(&["GRANT"]) || syntax.peek(&["REVOKE"]) {
        return Some(ddl(session, grant::grant_or_revoke(session, syntax)).await);
    }
    if syntax.accept_all(&["EXECUTE", "TASK"]) {
        return Some(task_run::execute(session, syntax).await);
    }
    if syntax.accept_all(&["EXECUTE", "JOB", "SERVICE"]) {
        return Some(ddl(session, job_service::execute(session, syntax)).await);
    }
    None
}

/// Runs DDL after committing the session's open transaction, as Snowflake does.
async fn ddl(
    session: &Session,
    statement: impl Future<Output = Result<QueryResult>>,
) -> Result<QueryResult> {
    super::ddl(session, statement).await
}

async fn create(
    session: &Session,
    family: Family,
    header: CreateHeader,
    syntax: Syntax<'_>,
) -> Result<QueryResult> {
    match family {
        Family::Warehouse => warehouse::create(session, header, syntax).await,
        Family::Task => task::create(session, header, syntax).await,
        Family::Stage => stage::create(session, header, syntax).await,
        Family::Role => role::create(session, header, syntax).await,
        Family::User => user::create(session, header, syntax).await,
        Family::DatabaseRole => database_role::create(session, header, syntax).await,
        Family::ComputePool => compute_pool::create(session, header, syntax).await,
        Family::ImageRepository => image_repository::create(session, header, syntax).await,
        Family::Service => service::create(session, header, syntax).await,
        Family::Tag => tag::create(session, header, syntax).await,
    }
}

async fn alter(
    session: &Session,
    family: Family,
    if_exists: bool,
    syntax: Syntax<'_>,
) -> Result<QueryResult> {
    match family {
        Family::Warehouse => warehouse::alter(session, if_exists, syntax).await,
        Family::Task => task::alter(session, if_exists, syntax).await,
        Family::Stage => stage::alter(session, if_exists, syntax).await,
        Family::Role => role::alter(session, if_exists, syntax).await,
        Family::User => user::alter(session, if_exists, syntax).await,
        Family::DatabaseRole => database_role::alter(session, if_exists, syntax).await,
        Family::ComputePool => compute_pool::alter(session, if_exists, syntax).await,
        Family::ImageRepository => Err(EmulatorError::unsupported("ALTER IMAGE REPOSITORY")),
        Family::Service => service::alter(session, if_exists, syntax).await,
        Family::Tag => Err(EmulatorError::unsupported("ALTER TAG")),
    }
}

async fn drop(
    session: &Session,
    family: Family,
    if_exists: bool,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let parts = syntax.name()?;
    // CASCADE and RESTRICT are accepted where Snowflake accepts them; nothing depends on these
    // objects in a way they would change.
    syntax.accept_one_of(&["CASCADE", "RESTRICT"]);
    syntax.finish()?;
    let dropped = match family {
        Family::Warehouse => warehouse::drop(session, parts).await?,
        Family::Task => task::drop(session, parts).await?,
        Family::Stage => stage::drop(session, parts).await?,
        Family::Role => role::drop(session, parts).await?,
        Family::User => user::drop(session, parts).await?,
        Family::DatabaseRole => database_role::drop(session, parts).await?,
        Family::ComputePool => compute_pool::drop(session, parts).await?,
        Family::ImageRepository => image_repository::drop(session, parts).await?,
        Family::Service => service::drop(session, parts).await?,
        Family::Tag => tag::drop(session, parts).await?,
    };
    match dropped {
        Dropped::Yes(name) => status(format!("{name} successfully dropped.")),
        Dropped::Missing(_) if if_exists => {
            status("Drop statement executed successfully (object does not exist).")
        }
        Dropped::Missing(error) => Err(error),
    }
}

/// What a family's DROP did.
#[derive(Debug)]
pub(super) enum Dropped {
    /// Dropped the object of this (display) name.
    Yes(String),
    /// There was no such object; the error to report without IF EXISTS.
    Missing(EmulatorError),
}

/// `DROP <kind> [IF EXISTS] name` of a schema-level object kept in the map `objects` picks.
pub(super) async fn drop_from_schema<T: Send + Sync + 'static>(
    session: &Session,
    parts: Vec<Name>,
    command: &str,
    kind: &'static str,
    objects: fn(
        &mut crate::catalog::Schema,
    ) -> &mut std::collections::BTreeMap<Name, std::sync::Arc<T>>,
) -> Result<Dropped> {
    let path = object_path(session, parts, command)?;
    session
        .write(move |catalog| {
            let removed = catalog
                .schema_mut(&path.database, &path.schema)
                .ok()
                .and_then(|schema| objects(schema).remove(&path.name));
            Ok(match removed {
                Some(_) => Dropped::Yes(path.name.to_string()),
                None => Dropped::Missing(EmulatorError::not_found(kind, &path)),
            })
        })
        .await
}

fn show(session: &Session, family: Family, terse: bool, syntax: Syntax<'_>) -> Result<QueryResult> {
    if terse && family != Family::Task {
        return Err(EmulatorError::unsupported(format!(
            "SHOW TERSE for {}",
            family.keyword()
        )));
    }
    match family {
        Family::Warehouse => warehouse::show(session, syntax),
        Family::Task => task::show(session, terse, syntax),
        Family::Stage => stage::show(session, syntax),
        Family::Role => role::show(session, syntax),
        Family::User => user::show(session, syntax),
        Family::DatabaseRole => database_role::show(session, syntax),
        Family::ComputePool => compute_pool::show(session, syntax),
        Family::ImageRepository => image_repository::show(session, syntax),
        Family::Service => service::show(session, syntax),
        Family::Tag => tag::show(session, syntax),
    }
}

fn describe(session: &Session, family: Family, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let parts = syntax.name()?;
    syntax.finish()?;
    match family {
        Family::Warehouse => warehouse::describe(session, parts),
        Family::Task => task::describe(session, parts),
        Family::User => user::describe(session, parts),
        Family::ComputePool => compute_pool::describe(session, parts),
        Family::Service => service::describe(session, parts),
        Family::Stage => stage::describe(session, parts),
        other => Err(EmulatorError::unsupported(format!(
            "DESCRIBE {}",
            other.keyword()
        ))),
    }
}

/// A DDL status result.
pub(super) fn status(message: impl Into<String>) -> Result<QueryResult> {
    QueryResult::status(StatementType::Ddl, message)
}

/// "Statement executed successfully."
pub(super) fn executed() -> Result<QueryResult> {
    status("Statement executed successfully.")
}

/// The status of CREATE: `<Kind> <NAME> successfully created.`, or, when the object existed and
/// IF NOT EXISTS was given, `<NAME> already exists, statement succeeded.`
pub(super) fn created(kind: &str, name: &impl std::fmt::Display, new: bool) -> Result<QueryResult> {
    if new {
        status(format!("{kind} {name} successfully created."))
    } else {
        status(format!("{name} already exists, statement succeeded."))
    }
}

/// The one name of an account-level object.
pub(super) fn single(parts: Vec<Name>) -> Result<Name> {
    let shown = parts.iter().map(Name::to_sql).collect::<Vec<_>>().join(".");
    <[Name; 1]>::try_from(parts)
        .map(|[name]| name)
        .map_err(|_| EmulatorError::invalid_identifier(shown))
}

/// The full path of a schema-level object named `name`, `schema.name` or `db.schema.name`.
/// `command` names the statement in the error for a session without a current database.
pub(super) fn object_path(
    session: &Session,
    parts: Vec<Name>,
    command: &str,
) -> Result<ObjectPath> {
    let state = session.state();
    let resolved = TagDomain::Table.resolve(
        parts,
        state.database.as_ref(),
        state.schema.as_ref(),
        command,
    )?;
    let [database, schema, name] = <[Name; 3]>::try_from(resolved)
        .map_err(|_| EmulatorError::internal("a resolved object name has three parts"))?;
    Ok(ObjectPath {
        database,
        schema,
        name,
    })
}

/// `Invalid state. <what>`, for objects not in a state the statement needs.
pub(super) fn invalid_state(what: impl std::fmt::Display) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::InvalidObjectState,
        format!("Invalid state. {what}"),
    )
}

/// Reads a comment value (`COMMENT = '...'`).
fn comment_value(value: &syntax::Value) -> Result<String> {
    match value {
        syntax::Value::Text(text) => Ok(text.clone()),
        other => Err(syntax::invalid_value("COMMENT", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_word_decides_what_is_tokenised() {
        assert!(may_be_ours("  create warehouse w"));
        assert!(may_be_ours("Show Grants"));
        assert!(may_be_ours("-- note\nshow tasks"));
        assert!(!may_be_ours("insert into t values (1)"));
        assert!(!may_be_ours("select 1"));
        assert!(!may_be_ours("(select 1)"));
        assert!(!may_be_ours("created"));
    }
}
