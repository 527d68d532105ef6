//! The statements of a query-request's SQL text: splitting it at top-level semicolons (for
//! multi-statement requests) and counting its bind placeholders (for `describeOnly`).

use std::{collections::HashSet, ops::ControlFlow};

use sqlparser::{
    ast::{Expr, Statement, Value, ValueWithSpan, visit_expressions},
    dialect::SnowflakeDialect,
    tokenizer::{Location, Token, Tokenizer},
};

/// The statements of `sql`, each as its own trimmed text, without the separating semicolons and
/// without empty pieces. Semicolons inside strings, quoted names and comments do not split.
/// Text the tokenizer rejects is returned whole, so the engine reports the error.
pub(crate) fn split(sql: &str) -> Vec<&str> {
    let Ok(tokens) = Tokenizer::new(&SnowflakeDialect, sql).tokenize_with_location() else {
        return vec![sql.trim()];
    };
    let lines = line_starts(sql);
    let mut pieces = Vec::new();
    let mut start = 0;
    for token in &tokens {
        if token.token == Token::SemiColon {
            let at = offset(sql, &lines, token.span.start);
            pieces.push(sql.get(start..at).unwrap_or_default());
            start = (at + 1).min(sql.len());
        }
    }
    pieces.push(sql.get(start..).unwrap_or_default());
    let statements: Vec<&str> = pieces
        .into_iter()
        .map(str::trim)
        .filter(|piece| !only_comments(piece))
        .collect();
    if statements.is_empty() {
        vec![sql.trim()]
    } else {
        statements
    }
}

/// Whether `piece` holds nothing but whitespace and comments.
fn only_comments(piece: &str) -> bool {
    Tokenizer::new(&SnowflakeDialect, piece)
        .tokenize()
        .map(|tokens| tokens.iter().all(|t| matches!(t, Token::Whitespace(_))))
        .unwrap_or(false)
}

/// Byte offset where each line of `sql` starts.
fn line_starts(sql: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(sql.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Byte offset of a tokenizer location (line and column from 1, columns in characters).
fn offset(sql: &str, lines: &[usize], location: Location) -> usize {
    let line = usize::try_from(location.line.saturating_sub(1)).unwrap_or(usize::MAX);
    let Some(&start) = lines.get(line) else {
        return sql.len();
    };
    let column = usize::try_from(location.column.saturating_sub(1)).unwrap_or(usize::MAX);
    sql.get(start..)
        .and_then(|rest| rest.char_indices().nth(column))
        .map_or(sql.len(), |(i, _)| start + i)
}

/// The placeholders of a statement: how many `?` there are, and the distinct `:N`/`:name` ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Placeholders {
    /// Number of `?`.
    pub(crate) anonymous: usize,
    /// The `:N`/`:name` placeholders (without the colon), each once.
    pub(crate) named: HashSet<String>,
}

impl Placeholders {
    /// Counts the placeholders of `statement`.
    pub(crate) fn of(statement: &Statement) -> Self {
        let mut found = Self::default();
        let _ = visit_expressions(statement, |expr| {
            if let Expr::Value(ValueWithSpan {
                value: Value::Placeholder(text),
                ..
            }) = expr
            {
                if text == "?" {
                    found.anonymous += 1;
                } else {
                    found
                        .named
                        .insert(text.trim_start_matches([':', '$']).to_lowercase());
                }
            }
            ControlFlow::<()>::Continue(())
        });
        found
    }

    /// How many values the statement binds (`numberOfBinds`).
    pub(crate) fn count(&self) -> usize {
        self.anonymous + self.named.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_semicolons_only() {
        assert_eq!(split("select 1"), vec!["select 1"]);
        assert_eq!(split("select 1;"), vec!["select 1"]);
        assert_eq!(
            split("select 1; select ';' as \"a;b\";\n-- c; d\nselect 'é';"),
            vec!["select 1", "select ';' as \"a;b\"", "-- c; d\nselect 'é'"]
        );
        assert_eq!(split("select 1; -- done"), vec!["select 1"]);
        assert_eq!(split("  "), vec![""]);
        assert_eq!(split("select 'open"), vec!["select 'open"]);
    }

    #[test]
    fn counts_placeholders() {
        let statement = crate::sql::parse("insert into t values (?, ?, :1, :1, :name)")
            .unwrap()
            .remove(0);
        let found = Placeholders::of(&statement);
        assert_eq!(found.anonymous, 2);
        assert_eq!(found.count(), 4);
    }
}
