//! Object names under Snowflake's rules: unquoted identifiers fold to upper case and so match
//! case-insensitively; quoted identifiers are kept exactly.

use std::fmt;

use serde::{Deserialize, Serialize};
use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

use crate::error::{EmulatorError, ErrorKind, Result};

/// A name in canonical (stored) form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    /// A name from a parsed identifier: unquoted folds to upper case.
    pub fn from_ident(ident: &Ident) -> Self {
        match ident.quote_style {
            Some(_) => Self(ident.value.clone()),
            None => Self(ident.value.to_uppercase()),
        }
    }

    /// A name from text as a user writes it (`my_db`, `"My Db"`), as in REST paths.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            if inner.is_empty() {
                return Err(EmulatorError::invalid_identifier(text));
            }
            return Ok(Self(inner.replace("\"\"", "\"")));
        }
        if text.is_empty() {
            return Err(EmulatorError::invalid_identifier(text));
        }
        Ok(Self(text.to_uppercase()))
    }

    /// A name already in canonical form (from storage, or made by the engine).
    pub fn canonical(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name can be written without quotes.
    pub fn is_plain(&self) -> bool {
        let mut chars = self.0.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
            && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '$')
    }

    /// The name as SQL would write it: bare when possible, quoted otherwise.
    pub fn to_sql(&self) -> String {
        if self.is_plain() {
            self.0.clone()
        } else {
            format!("\"{}\"", self.0.replace('"', "\"\""))
        }
    }

    /// The name as a quoted identifier, for building SQL that must resolve exactly.
    pub fn to_ident(&self) -> Ident {
        Ident::with_quote('"', self.0.clone())
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of a dotted object name, each canonical. `IDENTIFIER('a.b')` is expanded.
pub fn object_name_parts(name: &ObjectName) -> Result<Vec<Name>> {
    let mut parts = Vec::new();
    for part in &name.0 {
        match part {
            ObjectNamePart::Identifier(ident) => parts.push(Name::from_ident(ident)),
            ObjectNamePart::Function(function) => {
                if !function.name.value.eq_ignore_ascii_case("identifier") {
                    return Err(EmulatorError::compilation(
                        ErrorKind::SyntaxError,
                        format!("unexpected function '{}' in an object name", function.name),
                    ));
                }
                let text = crate::sql::literal::single_string_arg(&function.args)?;
                parts.extend(split_dotted(&text)?);
            }
        }
    }
    Ok(parts)
}

/// Splits `db."My Schema".t` into canonical parts, honouring quotes.
pub fn split_dotted(text: &str) -> Result<Vec<Name>> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                current.push_str("\"\"");
                chars.next();
            }
            '"' => {
                in_quotes = !in_quotes;
                current.push('"');
            }
            '.' if !in_quotes => parts.push(Name::parse(&std::mem::take(&mut current))?),
            _ => current.push(c),
        }
    }
    if in_quotes {
        return Err(EmulatorError::invalid_identifier(text));
    }
    parts.push(Name::parse(&current)?);
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_quoting() {
        assert_eq!(
            Name::from_ident(&Ident::new("my_Table")).as_str(),
            "MY_TABLE"
        );
        assert_eq!(
            Name::from_ident(&Ident::with_quote('"', "my_Table")).as_str(),
            "my_Table"
        );
        assert_eq!(Name::parse("\"a \"\"b\"\"\"").unwrap().as_str(), "a \"b\"");
        assert_eq!(Name::canonical("MY_T").to_sql(), "MY_T");
        assert_eq!(Name::canonical("my t").to_sql(), "\"my t\"");
        assert!(Name::parse("\"\"").is_err());
    }

    #[test]
    fn dotted_names() {
        let parts = split_dotted("db.\"My.Schema\".t").unwrap();
        let parts: Vec<&str> = parts.iter().map(Name::as_str).collect();
        assert_eq!(parts, ["DB", "My.Schema", "T"]);
        assert!(split_dotted("db.\"open").is_err());
    }
}
