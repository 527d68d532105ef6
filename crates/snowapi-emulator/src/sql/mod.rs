//! From SQL text to statements the engine can run: parsing with Snowflake's dialect, bind
//! substitution, and the identifier rules applied before DataFusion sees a statement.

pub mod binds;
mod casts;
pub mod literal;
pub mod normalize;
mod pattern_ops;
pub(crate) mod rewrites;
mod scalar_rewrite;
pub mod views;

use sqlparser::{ast::Statement, dialect::SnowflakeDialect, parser::Parser};

use crate::error::{EmulatorError, ErrorKind, Result};

/// Largest statement accepted, in bytes (Snowflake's own limit is 1 MB of text).
pub const MAX_STATEMENT_BYTES: usize = 1024 * 1024;

/// Parses SQL text into statements, with Snowflake's error shape for syntax errors.
pub fn parse(sql: &str) -> Result<Vec<Statement>> {
    if sql.len() > MAX_STATEMENT_BYTES {
        return Err(EmulatorError::compilation(
            ErrorKind::StatementTooLarge,
            format!(
                "statement of {} bytes exceeds the {MAX_STATEMENT_BYTES} byte limit",
                sql.len()
            ),
        ));
    }
    let statements = Parser::new(&SnowflakeDialect)
        .with_recursion_limit(200)
        .try_with_sql(sql)
        .and_then(|mut parser| parser.parse_statements())
        .map_err(|e| syntax_error(&e.to_string()))?;
    if statements.is_empty() {
        return Err(EmulatorError::compilation(
            ErrorKind::SyntaxError,
            "Empty SQL statement.",
        ));
    }
    Ok(statements)
}

/// Turns sqlparser's "Expected: X, found: Y at Line: L, Column: C" into Snowflake's
/// "syntax error line L at position P unexpected 'Y'."
pub(crate) fn syntax_error(message: &str) -> EmulatorError {
    let message = message.trim_start_matches("sql parser error: ");
    let number_after = |key: &str| -> Option<u64> {
        let rest = &message[message.find(key)? + key.len()..];
        rest.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let found = message
        .find("found: ")
        .map(|i| &message[i + 7..])
        .map(|rest| rest.split(" at Line:").next().unwrap_or(rest).trim());
    let text = match (number_after("Line:"), number_after("Column:"), found) {
        (Some(line), Some(column), Some(found)) => format!(
            "syntax error line {line} at position {} unexpected '{found}'.",
            column.saturating_sub(1)
        ),
        _ => format!("syntax error: {message}"),
    };
    EmulatorError::compilation(ErrorKind::SyntaxError, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_snowflakes_shape() {
        let e = parse("select from where").unwrap_err();
        assert_eq!(e.code(), "001003");
        assert!(
            e.to_string()
                .starts_with("SQL compilation error:\nsyntax error"),
            "{e}"
        );
        assert_eq!(parse("   ").unwrap_err().code(), "001003");
        assert_eq!(
            parse(&"x".repeat(MAX_STATEMENT_BYTES + 1))
                .unwrap_err()
                .code(),
            "001010"
        );
    }
}
