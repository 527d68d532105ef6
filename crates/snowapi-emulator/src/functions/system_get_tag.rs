//! `SYSTEM$GET_TAG('<tag>', '<object>', '<domain>')`: the value of a tag on an object, set on
//! it or inherited from its schema or database; NULL when the tag is not set.

use sqlparser::ast::Expr;

use super::engine_calls::literal_text;
use crate::{
    catalog::{Catalog, ObjectPath, TagDomain, split_dotted},
    engine::Session,
    error::{EmulatorError, ErrorKind, Result},
};

const NAME: &str = "SYSTEM$GET_TAG";

/// One call with its (constant) arguments; any NULL argument makes the result NULL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GetTag {
    tag: Option<String>,
    object: Option<String>,
    domain: Option<String>,
}

impl GetTag {
    /// Reads the call's three string arguments.
    pub(crate) fn from_args(args: &[&Expr]) -> Result<Self> {
        let [tag, object, domain] = args else {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!(
                    "Invalid number of arguments for function {NAME}: expected 3, got {}",
                    args.len()
                ),
            ));
        };
        Ok(Self {
            tag: literal_text(NAME, tag)?,
            object: literal_text(NAME, object)?,
            domain: literal_text(NAME, domain)?,
        })
    }

    /// The tag's value on the object, read from the session's snapshot.
    pub(crate) fn run(&self, session: &Session) -> Result<Option<String>> {
        let (Some(tag), Some(object), Some(domain)) = (&self.tag, &self.object, &self.domain)
        else {
            return Ok(None);
        };
        let invalid = |what: &str| {
            EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!("Invalid argument for function {NAME}: {what}"),
            )
        };
        let domain = TagDomain::parse(domain)
            .ok_or_else(|| invalid(&format!("unsupported domain '{domain}'")))?;
        let state = session.state();
        let (database, schema) = (state.database.as_ref(), state.schema.as_ref());
        let tag = TagDomain::Table.resolve(split_dotted(tag)?, database, schema, NAME)?;
        let [tag_database, tag_schema, tag_name] = <[_; 3]>::try_from(tag)
            .map_err(|_| EmulatorError::internal("a resolved tag name has three parts"))?;
        let tag = ObjectPath {
            database: tag_database,
            schema: tag_schema,
            name: tag_name,
        };
        let catalog = session.snapshot();
        if !catalog.tag_exists(&tag) {
            return Err(EmulatorError::not_found("Tag", &tag));
        }
        let object = domain.resolve(split_dotted(object)?, database, schema, NAME)?;
        value(&catalog, domain, &object, &tag)
    }
}

/// The value in `domain`, where the TABLE domain also finds views, as in Snowflake.
fn value(
    catalog: &Catalog,
    domain: TagDomain,
    object: &[crate::catalog::Name],
    tag: &ObjectPath,
) -> Result<Option<String>> {
    let lineage = match catalog.tag_lineage(domain, object, true) {
        Err(_) if domain == TagDomain::Table => catalog.tag_lineage(TagDomain::View, object, true),
        other => other,
    }?;
    Ok(lineage
        .into_iter()
        .find(|found| &found.assignment.tag == tag)
        .map(|found| found.assignment.value))
}
