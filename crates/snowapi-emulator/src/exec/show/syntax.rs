//! A cursor over the tokens of a SHOW or DESCRIBE statement: keywords, string literals, integers
//! and (dotted, quoted or `IDENTIFIER('…')`) names. Tokenising with sqlparser keeps quoting,
//! strings and comments right.

use sqlparser::{
    dialect::SnowflakeDialect,
    tokenizer::{Token, TokenWithSpan, Tokenizer, Word},
};

use crate::{
    catalog::{Name, split_dotted},
    error::{EmulatorError, ErrorKind, Result},
};

/// The tokens of one statement (whitespace, comments and trailing `;` dropped), with a position.
#[derive(Debug, Clone)]
pub(super) struct Tokens {
    tokens: Vec<TokenWithSpan>,
    at: usize,
}

impl Tokens {
    /// Tokenises `sql`; `None` when it does not tokenise (sqlparser reports the error then).
    pub(super) fn new(sql: &str) -> Option<Self> {
        let mut tokens: Vec<TokenWithSpan> = Tokenizer::new(&SnowflakeDialect, sql)
            .tokenize_with_location()
            .ok()?
            .into_iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .collect();
        while tokens.last().map(|t| &t.token) == Some(&Token::SemiColon) {
            tokens.pop();
        }
        Some(Self { tokens, at: 0 })
    }

    fn token(&self, index: usize) -> Option<&Token> {
        self.tokens.get(index).map(|t| &t.token)
    }

    fn keyword_at(&self, index: usize) -> Option<&str> {
        match self.token(index)? {
            Token::Word(Word {
                value,
                quote_style: None,
                ..
            }) => Some(value),
            _ => None,
        }
    }

    /// Whether the next tokens are these keywords (case-insensitive), without consuming them.
    pub(super) fn peek(&self, keywords: &[&str]) -> bool {
        keywords.iter().enumerate().all(|(i, k)| {
            self.keyword_at(self.at + i)
                .is_some_and(|w| w.eq_ignore_ascii_case(k))
        })
    }

    /// Consumes the keywords if they come next, all of them.
    pub(super) fn accept(&mut self, keywords: &[&str]) -> bool {
        let matched = self.peek(keywords);
        if matched {
            self.at += keywords.len();
        }
        matched
    }

    /// Consumes these keywords or fails with a syntax error.
    pub(super) fn expect(&mut self, keywords: &[&str]) -> Result<()> {
        for keyword in keywords {
            if !self.accept(&[keyword]) {
                return Err(self.unexpected());
            }
        }
        Ok(())
    }

    /// Consumes `token` if it comes next.
    pub(super) fn accept_token(&mut self, token: &Token) -> bool {
        let matched = self.token(self.at) == Some(token);
        if matched {
            self.at += 1;
        }
        matched
    }

    /// A single-quoted (or dollar-quoted) string literal.
    pub(super) fn string(&mut self) -> Result<String> {
        let value = match self.token(self.at) {
            Some(Token::SingleQuotedString(s)) => s.clone(),
            Some(Token::DollarQuotedString(s)) => s.value.clone(),
            _ => return Err(self.unexpected()),
        };
        self.at += 1;
        Ok(value)
    }

    /// A non-negative integer literal.
    pub(super) fn integer(&mut self) -> Result<u64> {
        let value = match self.token(self.at) {
            Some(Token::Number(text, _)) => text.parse().ok(),
            _ => None,
        };
        let value = value.ok_or_else(|| self.unexpected())?;
        self.at += 1;
        Ok(value)
    }

    /// Whether a name (not one of `stop_words`) comes next.
    pub(super) fn at_name(&self, stop_words: &[&str]) -> bool {
        match self.token(self.at) {
            Some(Token::Word(word)) => {
                word.quote_style.is_some()
                    || !stop_words
                        .iter()
                        .any(|s| word.value.eq_ignore_ascii_case(s))
            }
            _ => false,
        }
    }

    /// A dotted object name as canonical parts: `db."My Schema".t`, `IDENTIFIER('db.s')`.
    pub(super) fn name(&mut self) -> Result<Vec<Name>> {
        let mut parts = Vec::new();
        loop {
            if self.peek(&["IDENTIFIER"]) && self.token(self.at + 1) == Some(&Token::LParen) {
                self.at += 2;
                let text = self.string()?;
                if !self.accept_token(&Token::RParen) {
                    return Err(self.unexpected());
                }
                parts.extend(split_dotted(&text)?);
            } else {
                let part = match self.token(self.at) {
                    Some(Token::Word(word)) => match word.quote_style {
                        Some(_) if word.value.is_empty() => {
                            return Err(EmulatorError::invalid_identifier("\"\""));
                        }
                        Some(_) => Name::canonical(word.value.clone()),
                        None => Name::canonical(word.value.to_uppercase()),
                    },
                    _ => return Err(self.unexpected()),
                };
                self.at += 1;
                parts.push(part);
            }
            if !self.accept_token(&Token::Period) {
                return Ok(parts);
            }
        }
    }

    /// Fails unless every token has been read.
    pub(super) fn finish(&self) -> Result<()> {
        if self.at >= self.tokens.len() {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Snowflake's syntax error at the current token.
    pub(super) fn unexpected(&self) -> EmulatorError {
        let Some(current) = self.tokens.get(self.at) else {
            return EmulatorError::compilation(
                ErrorKind::SyntaxError,
                "syntax error: unexpected end of statement.",
            );
        };
        let start = current.span.start;
        EmulatorError::compilation(
            ErrorKind::SyntaxError,
            format!(
                "syntax error line {} at position {} unexpected '{}'.",
                start.line,
                start.column.saturating_sub(1),
                current.token
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(parts: &[Name]) -> Vec<&str> {
        parts.iter().map(Name::as_str).collect()
    }

    #[test]
    fn keywords_strings_numbers_and_names() {
        let mut t = Tokens::new("show Tables like 'a%' in db.\"My S\" limit 10 from 'X';").unwrap();
        assert!(t.peek(&["SHOW", "TABLES"]));
        assert!(t.accept(&["show", "tables"]));
        assert!(!t.accept(&["history"]));
        t.expect(&["LIKE"]).unwrap();
        assert_eq!(t.string().unwrap(), "a%");
        t.expect(&["IN"]).unwrap();
        assert!(t.at_name(&["LIMIT"]));
        assert_eq!(texts(&t.name().unwrap()), ["DB", "My S"]);
        assert!(!t.at_name(&["LIMIT"]));
        t.expect(&["LIMIT"]).unwrap();
        assert_eq!(t.integer().unwrap(), 10);
        t.expect(&["FROM"]).unwrap();
        assert_eq!(t.string().unwrap(), "X");
        t.finish().unwrap();
    }

    #[test]
    fn identifier_function_and_errors() {
        let mut t = Tokens::new("identifier('a.\"b\"').c").unwrap();
        assert_eq!(texts(&t.name().unwrap()), ["A", "b", "C"]);
        let mut bad = Tokens::new("limit x").unwrap();
        bad.expect(&["LIMIT"]).unwrap();
        let e = bad.integer().unwrap_err();
        assert_eq!(e.code(), "001003");
        assert!(e.to_string().contains("unexpected 'x'"), "{e}");
        assert!(Tokens::new("x").unwrap().string().is_err());
        assert!(Tokens::new("a b").unwrap().finish().is_err());
    }
}
