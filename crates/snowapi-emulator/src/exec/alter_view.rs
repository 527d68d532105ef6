//! ALTER VIEW [IF EXISTS] v RENAME TO w | SET COMMENT = '…' | SET SECURE | UNSET COMMENT |
//! UNSET SECURE (sqlparser only knows `ALTER VIEW v AS …`).

use std::sync::Arc;

use super::{ddl_parser::DdlParser, table::table_path};
use crate::{
    catalog::{Catalog, ObjectPath, View},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, Result},
};

enum Action {
    Rename(ObjectPath),
    SetComment(Option<String>),
    SetSecure(bool),
}

/// Runs ALTER VIEW.
pub(super) async fn alter_view(session: &Session, sql: &str) -> Result<QueryResult> {
    let (if_exists, path, actions) = parse(session, sql)?;
    if if_exists && session.snapshot().view(&path).is_none() {
        return done();
    }
    session
        .write(move |catalog| {
            for action in actions {
                apply(catalog, &path, action)?;
            }
            Ok(())
        })
        .await?;
    done()
}

/// `IF EXISTS`, the view and the actions.
fn parse(session: &Session, sql: &str) -> Result<(bool, ObjectPath, Vec<Action>)> {
    let mut p = DdlParser::new(sql)?;
    p.expect(&["ALTER", "VIEW"])?;
    let if_exists = p.accept_all(&["IF", "EXISTS"]);
    let path = table_path(session, &p.object_name()?)?;
    let mut actions = Vec::new();
    if p.accept_all(&["RENAME", "TO"]) {
        actions.push(Action::Rename(table_path(session, &p.object_name()?)?));
    } else if p.accept("SET") {
        loop {
            if p.accept("SECURE") {
                actions.push(Action::SetSecure(true));
            } else {
                let properties = p.properties()?;
                if properties.is_empty() {
                    break;
                }
                for (name, value) in properties {
                    if name != "COMMENT" {
                        return Err(EmulatorError::unsupported(format!("ALTER VIEW SET {name}")));
                    }
                    actions.push(Action::SetComment(Some(value.as_text(&name)?)));
                }
            }
        }
    } else if p.accept("UNSET") {
        for name in p.property_names()? {
            match name.as_str() {
                "COMMENT" => actions.push(Action::SetComment(None)),
                "SECURE" => actions.push(Action::SetSecure(false)),
                other => {
                    return Err(EmulatorError::unsupported(format!(
                        "ALTER VIEW UNSET {other}"
                    )));
                }
            }
        }
    }
    if actions.is_empty() {
        return Err(p.unexpected());
    }
    p.finish()?;
    Ok((if_exists, path, actions))
}

fn done() -> Result<QueryResult> {
    QueryResult::status(StatementType::Ddl, "Statement executed successfully.")
}

fn view_mut<'a>(catalog: &'a mut Catalog, path: &ObjectPath) -> Result<&'a mut View> {
    catalog
        .schema_mut(&path.database, &path.schema)?
        .views
        .get_mut(&path.name)
        .map(Arc::make_mut)
        .ok_or_else(|| EmulatorError::not_found("View", path))
}

fn apply(catalog: &mut Catalog, path: &ObjectPath, action: Action) -> Result<()> {
    match action {
        Action::Rename(to) => {
            if &to == path {
                return Ok(());
            }
            let target = catalog.schema(&to.database, &to.schema)?;
            if target.tables.contains_key(&to.name) || target.views.contains_key(&to.name) {
                return Err(EmulatorError::already_exists("Object", &to.name));
            }
            let view = catalog
                .schema_mut(&path.database, &path.schema)?
                .views
                .remove(&path.name)
                .ok_or_else(|| EmulatorError::not_found("View", path))?;
            let mut view = Arc::unwrap_or_clone(view);
            view.name = to.name.clone();
            catalog
                .schema_mut(&to.database, &to.schema)?
                .views
                .insert(to.name, Arc::new(view));
        }
        Action::SetComment(comment) => view_mut(catalog, path)?.info.comment = comment,
        Action::SetSecure(secure) => view_mut(catalog, path)?.secure = secure,
    }
    Ok(())
}
