//! CREATE, DROP and SHOW IMAGE REPOSITORY, and SHOW IMAGES IN IMAGE REPOSITORY.

use std::sync::Arc;

use super::{
    CreateHeader, Dropped, created,
    filter::ShowFilter,
    object_path,
    rows::{Kind, Rows, opt_text, text, time},
    syntax::Syntax,
};
use crate::{
    catalog::{ImageRepository, Name, ObjectInfo, ObjectPath},
    engine::{QueryResult, Session},
    error::{EmulatorError, Result},
};

/// `CREATE [OR REPLACE] IMAGE REPOSITORY [IF NOT EXISTS] r [COMMENT = '...']`.
pub(super) async fn create(
    session: &Session,
    header: CreateHeader,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    let path = object_path(session, syntax.name()?, "CREATE IMAGE REPOSITORY")?;
    let mut comment = None;
    while !syntax.is_done() {
        let at = syntax.position();
        let (key, value) = syntax.property()?;
        match key.as_str() {
            "COMMENT" => comment = Some(super::comment_value(&value)?),
            "ENCRYPTION" => {}
            _ => {
                syntax.rewind(at);
                return Err(syntax.unexpected());
            }
        }
    }
    let repository = ImageRepository {
        name: path.name.clone(),
        info: ObjectInfo::new(&session.state().role, comment),
        images: Vec::new(),
    };
    let new = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let schema = catalog.schema_mut(&path.database, &path.schema)?;
                if schema.image_repositories.contains_key(&path.name) {
                    if header.if_not_exists {
                        return Ok(false);
                    }
                    if !header.or_replace {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                schema
                    .image_repositories
                    .insert(path.name, Arc::new(repository));
                Ok(true)
            })
            .await?
    };
    created("Image Repository", &path.name, new)
}

/// `DROP IMAGE REPOSITORY [IF EXISTS] r`.
pub(super) async fn drop(session: &Session, parts: Vec<Name>) -> Result<Dropped> {
    super::drop_from_schema(
        session,
        parts,
        "DROP IMAGE REPOSITORY",
        "Image repository",
        |schema| &mut schema.image_repositories,
    )
    .await
}

/// `SHOW IMAGE REPOSITORIES [LIKE '...'] [IN ...]`.
pub(super) fn show(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    let filter = ShowFilter::parse(
        &mut syntax,
        &session.name_context(),
        "SHOW IMAGE REPOSITORIES",
        true,
    )?;
    let catalog = session.snapshot();
    if let Some(scope) = &filter.scope {
        scope.check(&catalog)?;
    }
    let account = session.engine().config().account.clone();
    let mut found: Vec<(ObjectPath, &Arc<ImageRepository>)> = Vec::new();
    for (db_name, database) in &catalog.databases {
        for (schema_name, schema) in &database.schemas {
            if filter.in_scope(db_name, schema_name) {
                for (name, repository) in &schema.image_repositories {
                    let path = ObjectPath {
                        database: db_name.clone(),
                        schema: schema_name.clone(),
                        name: name.clone(),
                    };
                    found.push((path, repository));
                }
            }
        }
    }
    let found = filter.apply(found, |(path, _)| path.name.as_str());
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("name", Kind::Text),
        ("database_name", Kind::Text),
        ("schema_name", Kind::Text),
        ("repository_url", Kind::Text),
        ("owner", Kind::Text),
        ("owner_role_type", Kind::Text),
        ("comment", Kind::Text),
    ]);
    for (path, repository) in found {
        rows.push(vec![
            time(repository.info.created_on),
            text(path.name.as_str()),
            text(path.database.as_str()),
            text(path.schema.as_str()),
            text(repository.repository_url(&account, &path.database, &path.schema)),
            text(repository.info.owner.clone()),
            text("ROLE"),
            opt_text(repository.info.comment.clone()),
        ]);
    }
    rows.into_result()
}

/// `SHOW IMAGES IN IMAGE REPOSITORY r`: the images registered in it or run from it by services
/// (see `catalog/image_registry.rs`).
pub(super) fn show_images(session: &Session, mut syntax: Syntax<'_>) -> Result<QueryResult> {
    if !syntax.accept_all(&["IN", "IMAGE", "REPOSITORY"]) {
        return Err(syntax.unexpected());
    }
    let path = object_path(session, syntax.name()?, "SHOW IMAGES")?;
    syntax.finish()?;
    let catalog = session.snapshot();
    let mut rows = Rows::new(&[
        ("created_on", Kind::Time),
        ("image_name", Kind::Text),
        ("tags", Kind::Text),
        ("digest", Kind::Text),
        ("image_path", Kind::Text),
    ]);
    for image in crate::catalog::images_in(&catalog, &path)? {
        rows.push(vec![
            time(image.created_on),
            text(image.name),
            text(image.tag),
            text(image.digest),
            text(image.image_path),
        ]);
    }
    rows.into_result()
}
