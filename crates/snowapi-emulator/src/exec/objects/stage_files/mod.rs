//! Files on internal stages: `COPY INTO @stage` (unload), `LIST @stage` and `REMOVE @stage`.
//! A statement starts with its keywords and a stage location, read here from the raw text (a
//! location such as `@db.s.st/2024/a.csv` is not one SQL token); its options are then read with
//! [`Syntax`].

mod list;
mod unload;

use super::{object_path, syntax::Syntax};
use crate::{
    catalog::{FileStore, Name, split_dotted},
    engine::{QueryResult, Session},
    error::{EmulatorError, ErrorKind, Result},
};

/// A place on a stage: the stage and a path prefix relative to its root (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location {
    /// The stage.
    pub(super) stage: FileStore,
    /// The path after the stage name, without its leading `/`.
    pub(super) path: String,
}

impl Location {
    /// How LIST names a file of this stage: `stagename/path`, the stage name lower-cased (just
    /// the path on the user stage).
    pub(super) fn listed_name(&self, file: &str) -> String {
        match &self.stage {
            FileStore::Stage(path) => format!("{}/{file}", path.name.as_str().to_lowercase()),
            FileStore::User(_) => file.to_owned(),
        }
    }

    /// How messages name the stage: `@NAME` or `@~`.
    pub(super) fn shown(&self) -> String {
        match &self.stage {
            FileStore::Stage(path) => format!("@{}", path.name),
            FileStore::User(_) => "@~".to_owned(),
        }
    }
}

fn syntax_error(what: impl std::fmt::Display) -> EmulatorError {
    EmulatorError::compilation(ErrorKind::SyntaxError, what)
}

/// Splits the leading word off `text` (letters and `_`), with what follows it.
fn leading_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .unwrap_or(text.len());
    (&text[..end], &text[end..])
}

/// The byte offset of the first character outside `"quoted"` identifiers that `wanted` picks.
fn unquoted_find(text: &str, wanted: impl Fn(char) -> bool) -> Option<usize> {
    let mut in_quotes = false;
    text.char_indices()
        .find(|&(_, c)| {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            !in_quotes && wanted(c)
        })
        .map(|(i, _)| i)
}

/// Reads a stage location (`@name[/path]` or `'@name[/path]'`) at the start of `text`; `None`
/// when `text` does not start with one. Returns the location text after `@` and the rest.
fn location_text(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if let Some(quoted) = text.strip_prefix("'@") {
        let end = quoted.find('\'')?;
        return Some((&quoted[..end], &quoted[end + 1..]));
    }
    let body = text.strip_prefix('@')?;
    let end = unquoted_find(body, |c| c.is_whitespace() || c == ';').unwrap_or(body.len());
    Some((&body[..end], &body[end..]))
}

/// Resolves the text after `@` to a named internal stage and a path.
fn resolve(session: &Session, text: &str, command: &str) -> Result<Location> {
    if text.starts_with('%') {
        return Err(EmulatorError::unsupported("table stages (@%table)"));
    }
    let (name, path) = match unquoted_find(text, |c| c == '/') {
        Some(i) => (&text[..i], text[i + 1..].trim_start_matches('/')),
        None => (text, ""),
    };
    if name.is_empty() {
        return Err(syntax_error(format!("Invalid stage location '@{text}'.")));
    }
    if path.split('/').any(|segment| segment == "..") {
        return Err(syntax_error(format!(
            "Invalid stage location '@{text}': a path may not contain '..'."
        )));
    }
    let stage = if name == "~" {
        FileStore::User(Name::canonical(session.state().user.clone()))
    } else {
        let stage = object_path(session, split_dotted(name)?, command)?;
        if session.snapshot().stage(&stage)?.is_external() {
            return Err(EmulatorError::unsupported("files on external stages"));
        }
        FileStore::Stage(stage)
    };
    Ok(Location {
        stage,
        path: path.to_owned(),
    })
}

/// The options after a location, or none.
fn options(rest: &str) -> Option<Syntax<'_>> {
    Syntax::new(rest)
}

/// Runs the statement if it is one of ours; `None` leaves it to the other parsers.
pub(super) async fn run(session: &Session, sql: &str) -> Option<Result<QueryResult>> {
    let (word, rest) = leading_word(sql);
    let word = word.to_ascii_uppercase();
    match word.as_str() {
        "LIST" | "LS" | "REMOVE" | "RM" => {
            let (location, rest) = location_text(rest)?;
            let result = async {
                let location = resolve(session, location, &word)?;
                let pattern = list::pattern(options(rest))?;
                if matches!(word.as_str(), "LIST" | "LS") {
                    list::list(session, &location, pattern.as_ref())
                } else {
                    list::remove(session, &location, pattern.as_ref()).await
                }
            };
            Some(result.await)
        }
        "COPY" => {
            let (into, rest) = leading_word(rest);
            if !into.eq_ignore_ascii_case("INTO") {
                return None;
            }
            let (location, rest) = location_text(rest)?;
            let result = async {
                let location = resolve(session, location, "COPY")?;
                let syntax = options(rest).ok_or_else(|| syntax_error("COPY INTO needs FROM."))?;
                unload::unload(session, location, syntax).await
            };
            Some(result.await)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_read_from_the_raw_text() {
        assert_eq!(
            location_text(" @db.s.st/a/b.csv pattern = 'x'"),
            Some(("db.s.st/a/b.csv", " pattern = 'x'"))
        );
        assert_eq!(
            location_text("@\"My Stage\"/x;"),
            Some(("\"My Stage\"/x", ";"))
        );
        assert_eq!(location_text("'@s/a b'"), Some(("s/a b", "")));
        assert_eq!(location_text("t from @s"), None);
        assert_eq!(leading_word("  copy into"), ("copy", " into"));
    }
}
