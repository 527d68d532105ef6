//! CREATE, DROP and SHOW TAG: the tags themselves (their values on objects are set by
//! [`super::tag_assign`]).

use std::sync::Arc;

use sqlparser::tokenizer::Token;

use super::{
    CreateHeader, Dropped, created,
    filter::ShowFilter,
    object_path,
    rows::{Kind, Rows, opt_text, text, time},
    syntax::Syntax,
};
use crate::{
    catalog::{Name, ObjectInfo, Tag},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// `CREATE [OR REPLACE] TAG [IF NOT EXISTS] t [ALLOWED_VALUES 'v1' [, 'v2' ...]]
/// [COMMENT = '...']`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "CREATE TAG")?;
    let (mut comment, mut allowed_values) = (None, None);
    while let Some(clause) = syntax.accept_one_of(&["ALLOWED_VALUES", "COMMENT"]) {
        if clause == "COMMENT" {
            syntax.expect_token(&Token::Eq)?;
            comment = Some(syntax.string()?);
        } else {
            let mut values = vec![syntax.string()?];
            while syntax.accept_token(&Token::Comma) {
                values.push(syntax.string()?);
            }
            allowed_values = Some(values);
        }
    }
    syntax.finish()?;
    let tag = Tag {
        name: path.name.clone(),
        info: ObjectInfo::new(&session.state().role, comment),
        allowed_values,
    };
    let new = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let exists = catalog
                    .schema(&path.database, &path.schema)?
                    .tags
                    .contains_key(&path.name);
                if exists {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                // A new tag starts with no values anywhere, even under an old tag's name.
                catalog.forget_tag(&path);
                catalog
                    .schema_mut(&path.database, &path.schema)?
                    .tags
                    .insert(path.name, Arc::new(tag));
                Ok(true)
            })
            .await?
    };
    created("Tag", &path.name, new)
}

/// `DROP TAG [IF EXISTS] t`: its values go with it.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    let path = object_path(session, parts, "DROP TAG")?;
    session
        .write(move |catalog| {
            let removed = catalog
                .schema_mut(&path.database, &path.schema)
                .ok()
                .and_then(|schema| schema.tags.remove(&path.name));
            if removed.is_none() {
                return Ok(Dropped::Missing(EmulatorError::not_found("Tag", &path)));
            }
            catalog.forget_tag(&path);
            Ok(Dropped::Yes(path.name.to_string()))
        })
        .await
}

/// `SHOW TAGS [LIKE '...'] [IN ACCOUNT | DATABASE d | SCHEMA s] [STARTS WITH '...'] [LIMIT n]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(&mut syntax, &session.name_context(), "SHOW TAGS", true)?;
    let catalog = session.snapshot();
    if let Some(scope) = &filter.scope {
        scope.check(&catalog)?;
    }
    let tags = filter.apply(filter.schema_objects(&catalog, |s| &s.tags), |(path, _)| {
        path.name.as_str()
    });
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("name", Kind::Text),
        ("database_name", Kind::Text),
        ("schema_name", Kind::Text),
        ("owner", Kind::Text),
        ("comment", Kind::Text),
        ("allowed_values", Kind::Text),
        ("owner_role_type", Kind::Text),
    ]);
    for (path, tag) in tags {
        let allowed = tag
            .allowed_values
            .as_ref()
            .map(|values| serde_json::Value::from(values.clone()).to_string());
        rows.push(vec![
            time(tag.info.created_on),
            text(path.name.as_str()),
            text(path.database.as_str()),
            text(path.schema.as_str()),
            text(tag.info.owner.as_str()),
            opt_text(tag.info.comment.as_deref()),
            opt_text(allowed),
            text("ROLE"),
        ]);
    }
    rows.into_result()
}
