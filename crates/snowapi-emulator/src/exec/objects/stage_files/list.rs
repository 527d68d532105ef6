//! `LIST @stage[/path] [PATTERN = '<regex>']` and `REMOVE @stage[/path] [PATTERN = '<regex>']`.

use regex::Regex;

use super::{Location, Syntax};
use crate::{
    catalog::{StageFiles, StagedFile},
    engine::{
        QueryResult, Session,
        rowset::{Cell, RowSet},
    },
    error::{EmulatorError, ErrorKind, Result},
    types::SfType,
};

const TEXT: SfType = SfType::Text { length: 16_777_216 };

/// The PATTERN option, compiled to match a whole path; none without options.
pub(super) fn pattern(syntax: Option<Syntax<'_>>) -> Result<Option<Regex>> {
    let Some(mut syntax) = syntax else {
        return Ok(None);
    };
    syntax.expect(&["PATTERN"])?;
    syntax.expect_token(&sqlparser::tokenizer::Token::Eq)?;
    let text = syntax.string()?;
    syntax.finish()?;
    Regex::new(&format!("^(?:{text})$")).map(Some).map_err(|e| {
        EmulatorError::new(
            ErrorKind::InvalidValue,
            format!("Invalid regular expression '{text}': {e}"),
        )
    })
}

/// The files under the location's path whose path (or listed name) matches `pattern`.
fn selected<'a>(
    files: &'a StageFiles,
    location: &Location,
    pattern: Option<&Regex>,
) -> Vec<(&'a String, &'a StagedFile)> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with(&location.path))
        .filter(|(path, _)| {
            pattern.is_none_or(|p| p.is_match(path) || p.is_match(&location.listed_name(path)))
        })
        .collect()
}

/// LIST: name, size, md5, last_modified.
pub(super) fn list(
    session: &Session,
    location: &Location,
    pattern: Option<&Regex>,
) -> Result<QueryResult> {
    let catalog = session.snapshot();
    let files = catalog.files(&location.stage)?;
    let mut rows = RowSet::new(&[
        ("name", TEXT),
        (
            "size",
            SfType::Number {
                precision: 38,
                scale: 0,
            },
        ),
        ("md5", TEXT),
        ("last_modified", TEXT),
    ]);
    for (path, file) in selected(files, location, pattern) {
        rows.push(vec![
            Cell::text(location.listed_name(path)),
            Cell::number(file.size),
            Cell::text(file.md5.clone()),
            Cell::text(file.last_modified_text()),
        ])?;
    }
    rows.into_result()
}

/// REMOVE: name, result (`removed`) of each file removed.
pub(super) async fn remove(
    session: &Session,
    location: &Location,
    pattern: Option<&Regex>,
) -> Result<QueryResult> {
    let removed = {
        let location = location.clone();
        let pattern = pattern.cloned();
        session
            .write(move |catalog| {
                let files = catalog.files_mut(&location.stage)?;
                let doomed: Vec<String> = selected(files, &location, pattern.as_ref())
                    .into_iter()
                    .map(|(path, _)| path.clone())
                    .collect();
                for path in &doomed {
                    files.remove(path);
                }
                Ok(doomed)
            })
            .await?
    };
    let mut rows = RowSet::new(&[("name", TEXT), ("result", TEXT)]);
    for path in removed {
        rows.push(vec![
            Cell::text(location.listed_name(&path)),
            Cell::text("removed"),
        ])?;
    }
    rows.into_result()
}
