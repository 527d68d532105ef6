//! `ALTER <kind> [IF EXISTS] <name> SET TAG t = 'v' [, ...]` and `... UNSET TAG t [, ...]` on
//! every kind of object tags can be set on ([`TagDomain`]).

use sqlparser::tokenizer::Token;

use super::{executed, object_path, syntax::Syntax};
use crate::{
    catalog::{Name, ObjectPath, TagDomain},
    engine::{QueryResult, Session},
    error::{EmulatorError, ErrorKind, Result},
};

/// Longest value Snowflake accepts for a tag.
const MAX_VALUE_CHARS: usize = 256;

/// One parsed tag statement.
#[derive(Debug, Clone)]
struct Assignment {
    domain: TagDomain,
    if_exists: bool,
    object: Vec<Name>,
    /// Tags (as written) and, for SET, their values.
    tags: Vec<(Vec<Name>, Option<String>)>,
}

/// Runs the statement after `ALTER` when it sets or unsets tags; `None` leaves any other
/// ALTER to its family's parser.
pub(super) async fn run(session: &Session, syntax: &Syntax<'_>) -> Option<Result<QueryResult>> {
    let mut syntax = syntax.clone();
    let domain = TagDomain::ALL.iter().find_map(|(domain, keyword)| {
        let words: Vec<&str> = keyword.split(' ').collect();
        syntax.accept_all(&words).then_some(*domain)
    })?;
    let if_exists = syntax.accept_all(&["IF", "EXISTS"]);
    let object = syntax.name().ok()?;
    let set = if syntax.accept_all(&["SET", "TAG"]) {
        true
    } else if syntax.accept_all(&["UNSET", "TAG"]) {
        false
    } else {
        return None;
    };
    let assignment = match read_tags(&mut syntax, set) {
        Ok(tags) => Assignment {
            domain,
            if_exists,
            object,
            tags,
        },
        Err(error) => return Some(Err(error)),
    };
    Some(super::ddl(session, apply(session, assignment)).await)
}

fn read_tags(syntax: &mut Syntax<'_>, set: bool) -> Result<Vec<(Vec<Name>, Option<String>)>> {
    let mut tags = Vec::new();
    loop {
        let tag = syntax.name()?;
        let value = if set {
            syntax.expect_token(&Token::Eq)?;
            Some(syntax.string()?)
        } else {
            None
        };
        tags.push((tag, value));
        if !syntax.accept_token(&Token::Comma) {
            break;
        }
    }
    syntax.finish()?;
    Ok(tags)
}

async fn apply(session: &Session, assignment: Assignment) -> Result<QueryResult> {
    let command = format!("ALTER {}", assignment.domain.keyword());
    let state = session.state();
    let object = assignment.domain.resolve(
        assignment.object,
        state.database.as_ref(),
        state.schema.as_ref(),
        &command,
    )?;
    let mut tags: Vec<(ObjectPath, Option<String>)> = Vec::new();
    for (tag, value) in assignment.tags {
        let path = object_path(session, tag, &command)?;
        if let Some(value) = &value
            && value.chars().count() > MAX_VALUE_CHARS
        {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidValue,
                format!(
                    "Tag value exceeds the maximum length of {MAX_VALUE_CHARS} characters for tag '{path}'."
                ),
            ));
        }
        tags.push((path, value));
    }
    let (domain, if_exists) = (assignment.domain, assignment.if_exists);
    session
        .write(move |catalog| {
            for (tag, value) in &tags {
                let schema = catalog.schema(&tag.database, &tag.schema).ok();
                let Some(definition) = schema.and_then(|s| s.tags.get(&tag.name)) else {
                    return Err(EmulatorError::not_found("Tag", tag));
                };
                if let (Some(value), Some(allowed)) = (value, &definition.allowed_values)
                    && !allowed.contains(value)
                {
                    return Err(EmulatorError::compilation(
                        ErrorKind::InvalidValue,
                        format!("Tag {tag} has allowed values constraint. Value '{value}' is not allowed."),
                    ));
                }
            }
            let info = match catalog.tagged_mut(domain, &object) {
                Ok(info) => info,
                Err(_) if if_exists => return Ok(()),
                Err(error) => return Err(error),
            };
            for (tag, value) in tags {
                match value {
                    Some(value) => info.set_tag(tag, value),
                    None => info.unset_tag(&tag),
                }
            }
            Ok(())
        })
        .await?;
    executed()
}
