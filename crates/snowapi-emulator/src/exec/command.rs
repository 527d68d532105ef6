//! Reading statements sqlparser does not parse (UNDROP, CREATE WAREHOUSE, EXECUTE TASK, ...):
//! the statement's tokens, walked with a cursor. Tokenising with sqlparser keeps quoting,
//! strings and comments right.

use sqlparser::{
    ast::{Ident, ObjectName},
    dialect::SnowflakeDialect,
    tokenizer::{Token, Tokenizer, Word},
};

use crate::error::{EmulatorError, ErrorKind, Result};

/// The tokens of one statement (whitespace and comments dropped), with a read position.
#[derive(Debug, Clone)]
pub(crate) struct Command {
    tokens: Vec<Token>,
    at: usize,
}

impl Command {
    /// Tokenises `sql`; `None` when it does not tokenise (sqlparser will report the error).
    pub(crate) fn new(sql: &str) -> Option<Self> {
        let tokens = Tokenizer::new(&SnowflakeDialect, sql).tokenize().ok()?;
        let tokens = tokens
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .collect::<Vec<_>>();
        let mut command = Self { tokens, at: 0 };
        while command.tokens.last() == Some(&Token::SemiColon) {
            command.tokens.pop();
        }
        command
            .tokens
            .is_empty()
            .then_some(())
            .map_or(Some(command), |_| None)
    }

    /// Whether the statement starts with these keywords (case-insensitive), without consuming.
    pub(crate) fn starts_with(&self, keywords: &[&str]) -> bool {
        keywords.iter().enumerate().all(|(i, k)| {
            self.word_at(self.at + i)
                .is_some_and(|w| w.eq_ignore_ascii_case(k))
        })
    }

    fn word_at(&self, index: usize) -> Option<&str> {
        match self.tokens.get(index)? {
            Token::Word(Word {
                value,
                quote_style: None,
                ..
            }) => Some(value),
            _ => None,
        }
    }

    /// Consumes the keyword if it is next.
    pub(crate) fn accept(&mut self, keyword: &str) -> bool {
        let matched = self
            .word_at(self.at)
            .is_some_and(|w| w.eq_ignore_ascii_case(keyword));
        if matched {
            self.at += 1;
        }
        matched
    }

    /// Consumes these keywords in order, or fails with a syntax error.
    pub(crate) fn expect(&mut self, keywords: &[&str]) -> Result<()> {
        for keyword in keywords {
            if !self.accept(keyword) {
                return Err(self.unexpected(&format!("expected {keyword}")));
            }
        }
        Ok(())
    }

    /// Consumes a token if it is `token`.
    pub(crate) fn accept_token(&mut self, token: &Token) -> bool {
        let matched = self.tokens.get(self.at) == Some(token);
        if matched {
            self.at += 1;
        }
        matched
    }

    /// A dotted object name (`db."My Schema".t`, `IDENTIFIER('x')` is not accepted here).
    pub(crate) fn object_name(&mut self) -> Result<ObjectName> {
        let mut parts = vec![self.ident()?];
        while self.accept_token(&Token::Period) {
            parts.push(self.ident()?);
        }
        Ok(ObjectName::from(parts))
    }

    /// One identifier, quoted or not.
    pub(crate) fn ident(&mut self) -> Result<Ident> {
        match self.tokens.get(self.at) {
            Some(Token::Word(word)) => {
                self.at += 1;
                Ok(match word.quote_style {
                    Some(quote) => Ident::with_quote(quote, word.value.clone()),
                    None => Ident::new(word.value.clone()),
                })
            }
            _ => Err(self.unexpected("expected an identifier")),
        }
    }

    /// Whether every token has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.at >= self.tokens.len()
    }

    /// Fails unless every token has been read.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.is_done() {
            Ok(())
        } else {
            Err(self.unexpected("unexpected text"))
        }
    }

    /// A syntax error at the current token.
    pub(crate) fn unexpected(&self, what: &str) -> EmulatorError {
        let found = self
            .tokens
            .get(self.at)
            .map_or("<EOF>".to_owned(), ToString::to_string);
        EmulatorError::compilation(
            ErrorKind::SyntaxError,
            format!("syntax error: {what}, unexpected '{found}'."),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Name, object_name_parts};

    #[test]
    fn walks_keywords_and_names() {
        let mut command = Command::new("undrop table db.\"My S\".t;").unwrap();
        assert!(command.starts_with(&["UNDROP", "TABLE"]));
        command.expect(&["undrop", "table"]).unwrap();
        let parts = object_name_parts(&command.object_name().unwrap()).unwrap();
        assert_eq!(
            parts.iter().map(Name::as_str).collect::<Vec<_>>(),
            ["DB", "My S", "T"]
        );
        command.finish().unwrap();
        assert!(Command::new("  -- nothing\n").is_none());
        let mut bad = Command::new("undrop table").unwrap();
        bad.expect(&["undrop", "table"]).unwrap();
        assert_eq!(bad.object_name().unwrap_err().code(), "001003");
    }
}
