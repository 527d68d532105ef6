//! A cursor over the tokens of an object command (CREATE WAREHOUSE, ALTER TASK, GRANT, ...),
//! with each token's place in the text, so a task's `AS <statement>` and `WHEN <condition>` are
//! kept exactly as written and syntax errors name Snowflake's line and position.

use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Word};

use crate::{
    catalog::{Name, split_dotted},
    error::{EmulatorError, ErrorKind, Result},
};

/// The value of a `NAME = value` property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    /// A quoted string (`'x'` or `$$x$$`).
    Text(String),
    /// A number, as written.
    Number(String),
    /// A bare word (TRUE, XSMALL, an identifier), upper-cased unless it was quoted.
    Word(String),
    /// `( value, ... )`.
    List(Vec<Value>),
    /// `( NAME = value ... )`.
    Group(Vec<(String, Value)>),
}

impl Value {
    /// The value as text: strings, numbers and words.
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) | Self::Number(text) | Self::Word(text) => Some(text),
            Self::List(_) | Self::Group(_) => None,
        }
    }

    /// TRUE/FALSE, also as strings (`'true'`).
    pub(super) fn boolean(&self) -> Option<bool> {
        match self.text()?.to_ascii_uppercase().as_str() {
            "TRUE" => Some(true),
            "FALSE" => Some(false),
            _ => None,
        }
    }

    /// A whole number that is not negative.
    pub(super) fn unsigned(&self) -> Option<u64> {
        match self {
            Self::Number(text) | Self::Text(text) => text.trim().parse().ok(),
            _ => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(text) => write!(f, "'{}'", text.replace('\'', "\\'")),
            Self::Number(text) | Self::Word(text) => f.write_str(text),
            Self::List(values) => {
                let inner: Vec<String> = values.iter().map(ToString::to_string).collect();
                write!(f, "({})", inner.join(", "))
            }
            Self::Group(pairs) => {
                let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                write!(f, "({})", inner.join(" "))
            }
        }
    }
}

/// `invalid value [v] for parameter 'NAME'`, Snowflake's error for a bad property value.
pub(super) fn invalid_value(property: &str, value: &impl std::fmt::Display) -> EmulatorError {
    EmulatorError::compilation(
        ErrorKind::InvalidValue,
        format!("invalid value [{value}] for parameter '{property}'"),
    )
}

/// The tokens of one statement (whitespace and comments dropped), with a read position.
#[derive(Debug, Clone)]
pub(super) struct Syntax<'a> {
    sql: &'a str,
    tokens: Vec<TokenWithSpan>,
    at: usize,
    line_starts: Vec<usize>,
}

impl<'a> Syntax<'a> {
    /// Tokenises `sql`; `None` when it does not tokenise or is empty (sqlparser reports those).
    pub(super) fn new(sql: &'a str) -> Option<Self> {
        let dialect = sqlparser::dialect::SnowflakeDialect;
        let mut tokens: Vec<TokenWithSpan> = Tokenizer::new(&dialect, sql)
            .tokenize_with_location()
            .ok()?
            .into_iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .collect();
        while tokens.last().map(|t| &t.token) == Some(&Token::SemiColon) {
            tokens.pop();
        }
        if tokens.is_empty() {
            return None;
        }
        let line_starts = std::iter::once(0)
            .chain(sql.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Some(Self {
            sql,
            tokens,
            at: 0,
            line_starts,
        })
    }

    fn word_at(&self, index: usize) -> Option<&str> {
        match &self.tokens.get(index)?.token {
            Token::Word(Word {
                value,
                quote_style: None,
                ..
            }) => Some(value),
            _ => None,
        }
    }

    /// Whether these keywords come next (case-insensitive), without consuming them.
    pub(super) fn peek(&self, keywords: &[&str]) -> bool {
        keywords.iter().enumerate().all(|(i, k)| {
            self.word_at(self.at + i)
                .is_some_and(|w| w.eq_ignore_ascii_case(k))
        })
    }

    /// The next token, if any.
    pub(super) fn peek_token(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    /// Consumes `keyword` if it is next.
    pub(super) fn accept(&mut self, keyword: &str) -> bool {
        self.accept_all(&[keyword])
    }

    /// Consumes these keywords if all of them come next, otherwise nothing.
    pub(super) fn accept_all(&mut self, keywords: &[&str]) -> bool {
        let matched = self.peek(keywords);
        if matched {
            self.at += keywords.len();
        }
        matched
    }

    /// Consumes the first of `keywords` that comes next, returning it (as given).
    pub(super) fn accept_one_of<'k>(&mut self, keywords: &[&'k str]) -> Option<&'k str> {
        keywords.iter().copied().find(|k| self.accept(k))
    }

    /// Consumes these keywords in order, or fails with a syntax error.
    pub(super) fn expect(&mut self, keywords: &[&str]) -> Result<()> {
        for keyword in keywords {
            if !self.accept(keyword) {
                return Err(self.unexpected());
            }
        }
        Ok(())
    }

    /// Consumes `token` if it is next.
    pub(super) fn accept_token(&mut self, token: &Token) -> bool {
        let matched = self.peek_token() == Some(token);
        if matched {
            self.at += 1;
        }
        matched
    }

    /// Consumes `token`, or fails with a syntax error.
    pub(super) fn expect_token(&mut self, token: &Token) -> Result<()> {
        if self.accept_token(token) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Whether every token has been read.
    pub(super) fn is_done(&self) -> bool {
        self.at >= self.tokens.len()
    }

    /// Fails unless every token has been read.
    pub(super) fn finish(&self) -> Result<()> {
        if self.is_done() {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// One word: a keyword or identifier as written (quoted words keep their case, bare words
    /// are upper-cased).
    pub(super) fn word(&mut self) -> Result<String> {
        match self.peek_token() {
            Some(Token::Word(word)) => {
                let value = match word.quote_style {
                    Some(_) => word.value.clone(),
                    None => word.value.to_uppercase(),
                };
                self.at += 1;
                Ok(value)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A dotted object name (`db."My Schema".t`) or `IDENTIFIER('db.s.t')`, as canonical parts.
    pub(super) fn name(&mut self) -> Result<Vec<Name>> {
        if self.peek(&["IDENTIFIER"])
            && self.tokens.get(self.at + 1).map(|t| &t.token) == Some(&Token::LParen)
        {
            self.at += 2;
            let text = self.string()?;
            self.expect_token(&Token::RParen)?;
            return split_dotted(&text);
        }
        let mut parts = vec![self.name_part()?];
        while self.accept_token(&Token::Period) {
            parts.push(self.name_part()?);
        }
        Ok(parts)
    }

    fn name_part(&mut self) -> Result<Name> {
        match self.peek_token() {
            Some(Token::Word(word)) => {
                let name = match word.quote_style {
                    Some(_) if word.value.is_empty() => {
                        return Err(EmulatorError::invalid_identifier("\"\""));
                    }
                    Some(_) => Name::canonical(word.value.clone()),
                    None => Name::canonical(word.value.to_uppercase()),
                };
                self.at += 1;
                Ok(name)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A string literal: `'text'` or `$$text$$`.
    pub(super) fn string(&mut self) -> Result<String> {
        let text = match self.peek_token() {
            Some(Token::SingleQuotedString(text)) => text.clone(),
            Some(Token::DollarQuotedString(quoted)) => quoted.value.clone(),
            _ => return Err(self.unexpected()),
        };
        self.at += 1;
        Ok(text)
    }

    /// A whole number.
    pub(super) fn number(&mut self) -> Result<u64> {
        match self.peek_token() {
            Some(Token::Number(text, _)) => {
                let value = text.parse().map_err(|_| self.unexpected())?;
                self.at += 1;
                Ok(value)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A property value: a string, a (signed) number, a word, or a parenthesised list or group.
    pub(super) fn value(&mut self) -> Result<Value> {
        let value = match self.peek_token() {
            Some(Token::SingleQuotedString(_) | Token::DollarQuotedString(_)) => {
                Value::Text(self.string()?)
            }
            Some(Token::Number(text, _)) => {
                let text = text.clone();
                self.at += 1;
                Value::Number(text)
            }
            Some(Token::Minus) => {
                self.at += 1;
                match self.peek_token() {
                    Some(Token::Number(text, _)) => {
                        let text = format!("-{text}");
                        self.at += 1;
                        Value::Number(text)
                    }
                    _ => return Err(self.unexpected()),
                }
            }
            Some(Token::Word(_)) => {
                // A dotted name (`DB.SCHEMA`) reads as one word.
                let parts = self.name()?;
                Value::Word(parts.iter().map(Name::as_str).collect::<Vec<_>>().join("."))
            }
            Some(Token::LParen) => {
                self.at += 1;
                self.parenthesised()?
            }
            _ => return Err(self.unexpected()),
        };
        Ok(value)
    }

    /// The inside of `( ... )` after the `(`: a group of properties or a list of values.
    fn parenthesised(&mut self) -> Result<Value> {
        let is_group = matches!(self.peek_token(), Some(Token::Word(_)))
            && self.tokens.get(self.at + 1).map(|t| &t.token) == Some(&Token::Eq);
        if is_group {
            let mut pairs = Vec::new();
            while !self.accept_token(&Token::RParen) {
                pairs.push(self.property()?);
                self.accept_token(&Token::Comma);
            }
            return Ok(Value::Group(pairs));
        }
        let mut values = Vec::new();
        if self.accept_token(&Token::RParen) {
            return Ok(Value::List(values));
        }
        loop {
            values.push(self.value()?);
            if self.accept_token(&Token::RParen) {
                return Ok(Value::List(values));
            }
            self.expect_token(&Token::Comma)?;
        }
    }

    /// `NAME = value`, the name upper-cased.
    pub(super) fn property(&mut self) -> Result<(String, Value)> {
        let name = self.word()?.to_uppercase();
        self.expect_token(&Token::Eq)?;
        Ok((name, self.value()?))
    }

    /// Property names after UNSET: `NAME [, NAME ...]`.
    pub(super) fn names_list(&mut self) -> Result<Vec<String>> {
        let mut names = vec![self.word()?.to_uppercase()];
        while self.accept_token(&Token::Comma) {
            names.push(self.word()?.to_uppercase());
        }
        Ok(names)
    }

    /// The read position (a token index), to come back to or to take text from.
    pub(super) fn position(&self) -> usize {
        self.at
    }

    /// Moves the read position to `position` (from [`Self::position`]).
    pub(super) fn rewind(&mut self, position: usize) {
        self.at = position.min(self.tokens.len());
    }

    /// Skips one token.
    #[cfg(test)]
    pub(super) fn skip(&mut self) {
        self.at = (self.at + 1).min(self.tokens.len());
    }

    /// Byte offset in the text where token `index` starts (the text's end past the last).
    fn offset(&self, index: usize) -> usize {
        match self.tokens.get(index) {
            Some(token) => self.location_offset(token.span.start),
            None => self.sql.len(),
        }
    }

    /// Byte offset of a line and column (both counted from 1, columns in characters).
    fn location_offset(&self, location: sqlparser::tokenizer::Location) -> usize {
        let line = usize::try_from(location.line.saturating_sub(1)).unwrap_or(usize::MAX);
        let Some(&start) = self.line_starts.get(line) else {
            return self.sql.len();
        };
        let column = usize::try_from(location.column.saturating_sub(1)).unwrap_or(usize::MAX);
        self.sql[start..]
            .char_indices()
            .nth(column)
            .map_or(self.sql.len(), |(i, _)| start + i)
    }

    /// The text from token `from` up to (not including) token `to`, trimmed.
    pub(super) fn text_between(&self, from: usize, to: usize) -> &'a str {
        let (start, end) = (self.offset(from), self.offset(to));
        self.sql
            .get(start..end.max(start))
            .unwrap_or_default()
            .trim()
    }

    /// Everything from the read position to the end, as written (comments included, trailing
    /// `;` dropped), and consumes it.
    pub(super) fn rest(&mut self) -> &'a str {
        let from = self.at;
        self.at = self.tokens.len();
        let mut text = self.text_between(from, self.tokens.len());
        while let Some(shorter) = text.strip_suffix(';') {
            text = shorter.trim_end();
        }
        text
    }

    /// Finds the next `keyword` at parenthesis depth 0 from the read position, without
    /// consuming anything.
    pub(super) fn find_keyword(&self, keyword: &str) -> Option<usize> {
        let mut depth = 0usize;
        for index in self.at..self.tokens.len() {
            match &self.tokens[index].token {
                Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
                Token::RParen | Token::RBracket | Token::RBrace => {
                    depth = depth.saturating_sub(1);
                }
                _ if depth == 0
                    && self
                        .word_at(index)
                        .is_some_and(|w| w.eq_ignore_ascii_case(keyword)) =>
                {
                    return Some(index);
                }
                _ => {}
            }
        }
        None
    }

    /// Snowflake's syntax error at the current token:
    /// `syntax error line L at position P unexpected 'X'.`
    pub(super) fn unexpected(&self) -> EmulatorError {
        let (found, line, position) = match self.tokens.get(self.at) {
            Some(token) => (
                token.token.to_string(),
                token.span.start.line,
                token.span.start.column.saturating_sub(1),
            ),
            None => {
                let last = self.tokens.last().map(|t| t.span.end);
                (
                    "<EOF>".to_owned(),
                    last.map_or(1, |l| l.line),
                    last.map_or(0, |l| l.column.saturating_sub(1)),
                )
            }
        };
        EmulatorError::compilation(
            ErrorKind::SyntaxError,
            format!("syntax error line {line} at position {position} unexpected '{found}'."),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_names_and_values() {
        let mut s = Syntax::new(
            "create warehouse \"My Wh\" with warehouse_size = xsmall auto_suspend=60 comment='hi'\
             tags = (a = 'x', b = 'y') list = ('p', 'q');",
        )
        .unwrap();
        assert!(s.peek(&["CREATE", "warehouse"]));
        s.expect(&["create", "warehouse"]).unwrap();
        assert_eq!(s.name().unwrap(), vec![Name::canonical("My Wh")]);
        assert!(s.accept("WITH"));
        assert_eq!(
            s.property().unwrap(),
            ("WAREHOUSE_SIZE".into(), Value::Word("XSMALL".into()))
        );
        let (_, n) = s.property().unwrap();
        assert_eq!(n.unsigned(), Some(60));
        assert_eq!(s.property().unwrap().1, Value::Text("hi".into()), "comment");
        let (_, group) = s.property().unwrap();
        assert_eq!(
            group,
            Value::Group(vec![
                ("A".into(), Value::Text("x".into())),
                ("B".into(), Value::Text("y".into()))
            ])
        );
        let (_, list) = s.property().unwrap();
        assert_eq!(
            list,
            Value::List(vec![Value::Text("p".into()), Value::Text("q".into())])
        );
        s.finish().unwrap();
    }

    #[test]
    fn verbatim_text_and_errors() {
        let sql =
            "create task t\n  when x > (select 1 as y)\n  as insert into t values ('é', 2);  ";
        let mut s = Syntax::new(sql).unwrap();
        s.expect(&["create", "task"]).unwrap();
        s.name().unwrap();
        s.expect(&["WHEN"]).unwrap();
        let start = s.position();
        let end = s.find_keyword("AS").unwrap();
        assert_eq!(s.text_between(start, end), "x > (select 1 as y)");
        s.rewind(end + 1);
        assert_eq!(s.rest(), "insert into t values ('é', 2)");
        assert!(s.is_done());

        let mut s = Syntax::new("alter warehouse w\n  bogus").unwrap();
        s.expect(&["alter", "warehouse"]).unwrap();
        s.name().unwrap();
        let e = s.expect(&["SET"]).unwrap_err();
        assert_eq!(e.code(), "001003");
        assert!(
            e.to_string()
                .ends_with("syntax error line 2 at position 2 unexpected 'bogus'."),
            "{e}"
        );
        let mut s = Syntax::new("drop role").unwrap();
        s.expect(&["drop", "role"]).unwrap();
        assert!(s.name().unwrap_err().to_string().contains("'<EOF>'"));
        let mut s = Syntax::new("x identifier('db.\"S\".t')").unwrap();
        s.skip();
        let parts = s.name().unwrap();
        assert_eq!(parts[1], Name::canonical("S"));
        assert!(Syntax::new(" ; ").is_none());
    }
}
