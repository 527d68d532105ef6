//! The statements of a request's text: splitting at `;` (outside strings, quoted identifiers,
//! `$$` blocks and comments), and the leading keywords that tell which statements the SQL API
//! refuses.

/// The non-empty statements of `text`, trimmed, without their `;`.
pub(crate) fn statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut meaningful = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                i = skip_quoted(bytes, i);
                meaningful = true;
                continue;
            }
            b'$' if bytes.get(i + 1) == Some(&b'$') => {
                i = text[i + 2..]
                    .find("$$")
                    .map_or(bytes.len(), |end| i + 2 + end + 2);
                meaningful = true;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(bytes.len(), |end| i + end + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |end| i + end + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |end| i + 2 + end + 2);
                continue;
            }
            b';' => {
                if meaningful {
                    out.push(text[start..i].trim().to_owned());
                }
                start = i + 1;
                meaningful = false;
            }
            byte if !byte.is_ascii_whitespace() => meaningful = true,
            _ => {}
        }
        i += 1;
    }
    if meaningful {
        out.push(text[start..].trim().to_owned());
    }
    out
}

/// The index just past the quoted run starting at `open` (a doubled quote stays inside; so does
/// a backslash-escaped one in string literals).
fn skip_quoted(bytes: &[u8], open: usize) -> usize {
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'\'' => i += 2,
            byte if byte == quote => {
                if bytes.get(i + 1) == Some(&quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The first `count` words of a statement, upper case, after comments and opening parentheses.
fn leading_words(statement: &str, count: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = statement;
    while words.len() < count {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = rest.strip_prefix("--").or_else(|| rest.strip_prefix("//")) {
            rest = after.split_once('\n').map_or("", |(_, tail)| tail);
            continue;
        }
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, tail)| tail);
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        words.push(rest[..end].to_ascii_uppercase());
        rest = &rest[end..];
    }
    words
}

/// The kind of statement the SQL API refuses, if `statement` is one: PUT and GET always; USE,
/// ALTER SESSION, transaction control, session variables and temporary tables or stages unless
/// the statement is part of a multi-statement request.
pub(crate) fn refused(statement: &str, in_batch: bool) -> Option<String> {
    let words = leading_words(statement, 5);
    let first = words.first().map(String::as_str).unwrap_or_default();
    if matches!(first, "PUT" | "GET") {
        return Some(first.to_owned());
    }
    if in_batch {
        return None;
    }
    let second = words.get(1).map(String::as_str).unwrap_or_default();
    match (first, second) {
        ("USE" | "BEGIN" | "COMMIT" | "ROLLBACK" | "SET" | "UNSET", _) => Some(first.to_owned()),
        ("START", "TRANSACTION") | ("ALTER", "SESSION") => Some(format!("{first} {second}")),
        ("CREATE", _)
            if words
                .iter()
                .any(|w| matches!(w.as_str(), "TEMP" | "TEMPORARY" | "VOLATILE")) =>
        {
            Some("CREATE TEMPORARY".to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_quotes_blocks_and_comments() {
        assert_eq!(
            statements("select 1; select ';' as \"a;b\" ; -- x;\n select $$a;b$$;/* ; */"),
            vec![
                "select 1",
                "select ';' as \"a;b\"",
                "-- x;\n select $$a;b$$"
            ]
        );
        assert_eq!(
            statements("select 'it''s; \\' ok';"),
            vec!["select 'it''s; \\' ok'"]
        );
        assert!(statements(" ; ;\n").is_empty());
        assert_eq!(statements("select 1"), vec!["select 1"]);
    }

    #[test]
    fn refuses_session_and_file_statements() {
        assert_eq!(refused("use database d", false).as_deref(), Some("USE"));
        assert_eq!(refused("use database d", true), None);
        assert_eq!(
            refused(" /* c */ put file://x @s", true).as_deref(),
            Some("PUT")
        );
        assert_eq!(
            refused("alter session set timezone = 'UTC'", false).as_deref(),
            Some("ALTER SESSION")
        );
        assert_eq!(
            refused("create or replace temporary table t (a int)", false).as_deref(),
            Some("CREATE TEMPORARY")
        );
        assert_eq!(refused("create table t (a int)", false), None);
        assert_eq!(refused("(select 1)", false), None);
        assert_eq!(refused("alter table t add column c int", false), None);
    }
}
