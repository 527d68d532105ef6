//! A cursor for hand-written parsers of DDL that sqlparser does not know (ALTER VIEW, ALTER
//! DATABASE, Snowflake's CREATE SCHEMA options, ...). It drives sqlparser's own `Parser`, so
//! names (`IDENTIFIER('…')` included), literals, column definitions and constraints are read
//! exactly as in statements sqlparser parses whole.

use sqlparser::{
    ast::{Ident, ObjectName},
    dialect::SnowflakeDialect,
    parser::{Parser, ParserError},
    tokenizer::{Token, Word},
};

use crate::{
    error::{EmulatorError, ErrorKind, Result},
    sql::syntax_error,
};

/// The value of a `NAME = value` property.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PropertyValue {
    /// A quoted string.
    Text(String),
    /// A number, as written.
    Number(String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A bare word (an identifier or keyword).
    Word(String),
}

impl PropertyValue {
    /// The value as a whole number of days, hours, ...
    pub(super) fn as_u32(&self, property: &str) -> Result<u32> {
        match self {
            Self::Number(text) => text.parse().map_err(|_| invalid_value(property, text)),
            other => Err(invalid_value(property, &other.to_string())),
        }
    }

    /// The value as text.
    pub(super) fn as_text(&self, property: &str) -> Result<String> {
        match self {
            Self::Text(text) => Ok(text.clone()),
            other => Err(invalid_value(property, &other.to_string())),
        }
    }
}

impl std::fmt::Display for PropertyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(text) => write!(f, "'{text}'"),
            Self::Number(text) | Self::Word(text) => f.write_str(text),
            Self::Bool(value) => f.write_str(if *value { "TRUE" } else { "FALSE" }),
        }
    }
}

/// `invalid value [v] for parameter 'NAME'`.
pub(super) fn invalid_value(property: &str, value: &str) -> EmulatorError {
    EmulatorError::compilation(
        ErrorKind::InvalidValue,
        format!("invalid value [{value}] for parameter '{property}'"),
    )
}

/// A statement's tokens read through sqlparser's parser.
pub(super) struct DdlParser<'a> {
    parser: Parser<'a>,
}

impl<'a> DdlParser<'a> {
    /// A parser over `sql`, with Snowflake's identifier and literal rules.
    pub(super) fn new(sql: &'a str) -> Result<Self> {
        let parser = Parser::new(&SnowflakeDialect)
            .try_with_sql(sql)
            .map_err(|e| syntax_error(&e.to_string()))?;
        Ok(Self { parser })
    }

    fn peek_word(&self) -> Option<&str> {
        match &self.parser.peek_token_ref().token {
            Token::Word(Word {
                value,
                quote_style: None,
                ..
            }) => Some(value),
            _ => None,
        }
    }

    /// Whether the next word is `keyword` (case-insensitive), without consuming it.
    pub(super) fn peek(&self, keyword: &str) -> bool {
        self.peek_word()
            .is_some_and(|w| w.eq_ignore_ascii_case(keyword))
    }

    /// Consumes `keyword` if it is next.
    pub(super) fn accept(&mut self, keyword: &str) -> bool {
        let matched = self.peek(keyword);
        if matched {
            self.parser.next_token();
        }
        matched
    }

    /// Consumes these keywords if all of them come next, otherwise nothing.
    pub(super) fn accept_all(&mut self, keywords: &[&str]) -> bool {
        for (read, keyword) in keywords.iter().enumerate() {
            if !self.accept(keyword) {
                (0..read).for_each(|_| self.parser.prev_token());
                return false;
            }
        }
        true
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
        self.parser.consume_token(token)
    }

    /// Consumes `token`, or fails with a syntax error.
    pub(super) fn expect_token(&mut self, token: &Token) -> Result<()> {
        if self.accept_token(token) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// A dotted object name; `IDENTIFIER('…')` is accepted.
    pub(super) fn object_name(&mut self) -> Result<ObjectName> {
        self.with_parser(|p| p.parse_object_name(false))
    }

    /// One identifier.
    pub(super) fn ident(&mut self) -> Result<Ident> {
        self.with_parser(Parser::parse_identifier)
    }

    /// A quoted string literal.
    pub(super) fn string(&mut self) -> Result<String> {
        match self.parser.peek_token_ref().token {
            Token::SingleQuotedString(_) | Token::DollarQuotedString(_) => {}
            _ => return Err(self.unexpected()),
        }
        match self.parser.next_token().token {
            Token::SingleQuotedString(text) => Ok(text),
            Token::DollarQuotedString(text) => Ok(text.value),
            _ => Err(self.unexpected()),
        }
    }

    /// `( name [, name ...] )`.
    pub(super) fn ident_list(&mut self) -> Result<Vec<Ident>> {
        self.expect_token(&Token::LParen)?;
        let mut idents = vec![self.ident()?];
        while self.accept_token(&Token::Comma) {
            idents.push(self.ident()?);
        }
        self.expect_token(&Token::RParen)?;
        Ok(idents)
    }

    /// The value after `NAME =`.
    pub(super) fn property_value(&mut self) -> Result<PropertyValue> {
        let next = self.parser.peek_token_ref().token.clone();
        let value = match next {
            Token::SingleQuotedString(_) | Token::DollarQuotedString(_) => {
                PropertyValue::Text(self.string()?)
            }
            Token::Number(text, _) => {
                self.parser.next_token();
                PropertyValue::Number(text)
            }
            Token::Minus => {
                self.parser.next_token();
                match self.parser.next_token().token {
                    Token::Number(text, _) => PropertyValue::Number(format!("-{text}")),
                    _ => return Err(self.unexpected()),
                }
            }
            Token::Word(word) if word.quote_style.is_none() => {
                self.parser.next_token();
                if word.value.eq_ignore_ascii_case("TRUE") {
                    PropertyValue::Bool(true)
                } else if word.value.eq_ignore_ascii_case("FALSE") {
                    PropertyValue::Bool(false)
                } else {
                    PropertyValue::Word(word.value.to_uppercase())
                }
            }
            _ => return Err(self.unexpected()),
        };
        Ok(value)
    }

    /// `NAME = value [,] NAME = value ...` while the next word is followed by `=`; names are
    /// upper-cased.
    pub(super) fn properties(&mut self) -> Result<Vec<(String, PropertyValue)>> {
        let mut properties = Vec::new();
        while let Some(name) = self.peek_word().map(str::to_uppercase) {
            if self.parser.peek_nth_token_ref(1).token != Token::Eq {
                break;
            }
            self.parser.next_token();
            self.parser.next_token();
            properties.push((name, self.property_value()?));
            if self.accept_token(&Token::Comma) && self.peek_word().is_none() {
                self.parser.prev_token();
                break;
            }
        }
        Ok(properties)
    }

    /// `NAME [, NAME ...]`, upper-cased, as after UNSET.
    pub(super) fn property_names(&mut self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        loop {
            let Some(name) = self.peek_word().map(str::to_uppercase) else {
                return Err(self.unexpected());
            };
            self.parser.next_token();
            names.push(name);
            if !self.accept_token(&Token::Comma) {
                return Ok(names);
            }
        }
    }

    /// Runs one of sqlparser's own parsing functions at the current position.
    pub(super) fn with_parser<T>(
        &mut self,
        parse: impl FnOnce(&mut Parser<'a>) -> Result<T, ParserError>,
    ) -> Result<T> {
        parse(&mut self.parser).map_err(|e| syntax_error(&e.to_string()))
    }

    /// Whether every token has been read (a trailing `;` aside).
    pub(super) fn is_done(&mut self) -> bool {
        while self.parser.consume_token(&Token::SemiColon) {}
        self.parser.peek_token_ref().token == Token::EOF
    }

    /// Fails unless every token has been read.
    pub(super) fn finish(&mut self) -> Result<()> {
        if self.is_done() {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Snowflake's syntax error at the current token.
    pub(super) fn unexpected(&self) -> EmulatorError {
        let next = self.parser.peek_token_ref();
        let found = match &next.token {
            Token::EOF => "<EOF>".to_owned(),
            token => token.to_string(),
        };
        EmulatorError::compilation(
            ErrorKind::SyntaxError,
            format!(
                "syntax error line {} at position {} unexpected '{found}'.",
                next.span.start.line.max(1),
                next.span.start.column.saturating_sub(1)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keywords_names_and_properties() {
        let mut p = DdlParser::new(
            "alter schema IDENTIFIER('db.s') set comment = 'hi', data_retention_time_in_days = 3 managed = true;",
        )
        .unwrap();
        p.expect(&["ALTER", "SCHEMA"]).unwrap();
        assert!(!p.accept_all(&["IF", "EXISTS"]));
        let name = p.object_name().unwrap();
        let parts = crate::catalog::object_name_parts(&name).unwrap();
        assert_eq!(parts.len(), 2);
        assert!(p.accept("set"));
        let properties = p.properties().unwrap();
        assert_eq!(
            properties,
            vec![
                ("COMMENT".to_owned(), PropertyValue::Text("hi".into())),
                (
                    "DATA_RETENTION_TIME_IN_DAYS".to_owned(),
                    PropertyValue::Number("3".into())
                ),
                ("MANAGED".to_owned(), PropertyValue::Bool(true)),
            ]
        );
        p.finish().unwrap();
    }

    #[test]
    fn errors_have_snowflakes_shape() {
        let mut p = DdlParser::new("alter view v frobnicate").unwrap();
        p.expect(&["ALTER", "VIEW"]).unwrap();
        p.object_name().unwrap();
        let e = p.finish().unwrap_err();
        assert_eq!(e.code(), "001003");
        assert!(
            e.to_string()
                .contains("line 1 at position 13 unexpected 'frobnicate'"),
            "{e}"
        );
        let mut p = DdlParser::new("unset").unwrap();
        p.expect(&["UNSET"]).unwrap();
        assert_eq!(p.property_names().unwrap_err().code(), "001003");
        assert_eq!(
            PropertyValue::Word("X".into())
                .as_u32("DAYS")
                .unwrap_err()
                .code(),
            "100037"
        );
    }
}
