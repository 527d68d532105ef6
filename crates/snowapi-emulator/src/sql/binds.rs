//! Bind values, and putting them in place of `?`, `:1` and `:name` placeholders.

use std::{collections::HashMap, ops::ControlFlow};

use sqlparser::ast::{
    CastKind, DataType, Expr, Statement, TimezoneInfo, Value, ValueWithSpan, VisitMut, VisitorMut,
};

use crate::error::{EmulatorError, ErrorKind, Result};

/// One bound value, typed as the protocols type them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BindValue {
    /// SQL NULL.
    Null,
    /// BOOLEAN.
    Boolean(bool),
    /// An integer (FIXED without scale).
    Integer(i64),
    /// An exact number as text (FIXED with scale, or beyond i64).
    Decimal(String),
    /// A double (REAL).
    Float(f64),
    /// TEXT.
    Text(String),
    /// DATE as `YYYY-MM-DD`.
    Date(String),
    /// TIME as `HH:MM:SS[.f]`.
    Time(String),
    /// TIMESTAMP_NTZ as text.
    TimestampNtz(String),
    /// TIMESTAMP_LTZ as text.
    TimestampLtz(String),
    /// TIMESTAMP_TZ as text.
    TimestampTz(String),
    /// BINARY.
    Binary(Vec<u8>),
}

/// The values bound to a statement: by position (`?`, `:1`) or by name (`:name`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Binds {
    /// Values for `?` (in order) and `:N` (1-based).
    pub positional: Vec<BindValue>,
    /// Values for `:name`, keyed by lower-case name.
    pub named: HashMap<String, BindValue>,
}

impl Binds {
    /// No binds.
    pub fn none() -> Self {
        Self::default()
    }

    /// Positional binds.
    pub fn positional(values: Vec<BindValue>) -> Self {
        Self {
            positional: values,
            named: HashMap::new(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.positional.is_empty() && self.named.is_empty()
    }
}

/// Replaces every placeholder of `statement` with the literal of its bound value.
pub fn substitute(statement: &mut Statement, binds: &Binds) -> Result<()> {
    let mut visitor = Substitute { binds, next: 0 };
    match statement.visit(&mut visitor) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => Ok(()),
    }
}

struct Substitute<'a> {
    binds: &'a Binds,
    next: usize,
}

impl VisitorMut for Substitute<'_> {
    type Break = EmulatorError;

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<Self::Break> {
        let Expr::Value(ValueWithSpan {
            value: Value::Placeholder(placeholder),
            ..
        }) = expr
        else {
            return ControlFlow::Continue(());
        };
        let value = match self.lookup(placeholder) {
            Ok(value) => value,
            Err(error) => return ControlFlow::Break(error),
        };
        *expr = literal(value);
        ControlFlow::Continue(())
    }
}

impl Substitute<'_> {
    fn lookup(&mut self, placeholder: &str) -> Result<&BindValue> {
        let missing = || {
            EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!("Bind variable {placeholder} not set."),
            )
        };
        if placeholder == "?" {
            self.next += 1;
            return self.binds.positional.get(self.next - 1).ok_or_else(missing);
        }
        let key = placeholder.trim_start_matches([':', '$']);
        match key.parse::<usize>() {
            Ok(index) if index >= 1 => self.binds.positional.get(index - 1).ok_or_else(missing),
            Ok(_) => Err(missing()),
            Err(_) => self
                .binds
                .named
                .get(&key.to_lowercase())
                .ok_or_else(missing),
        }
    }
}

fn value(value: Value) -> Expr {
    Expr::Value(value.into())
}

fn cast(text: &str, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(value(Value::SingleQuotedString(text.to_owned()))),
        data_type,
        array: false,
        format: None,
    }
}

/// The SQL literal of a bound value.
pub fn literal(bound: &BindValue) -> Expr {
    match bound {
        BindValue::Null => value(Value::Null),
        BindValue::Boolean(b) => value(Value::Boolean(*b)),
        BindValue::Integer(i) => value(Value::Number(i.to_string(), false)),
        BindValue::Decimal(text) => value(Value::Number(text.clone(), false)),
        BindValue::Float(f) if f.is_finite() => value(Value::Number(format!("{f:?}"), false)),
        BindValue::Float(f) => cast(
            &f.to_string(),
            DataType::Double(sqlparser::ast::ExactNumberInfo::None),
        ),
        BindValue::Text(text) => value(Value::SingleQuotedString(text.clone())),
        BindValue::Date(text) => cast(text, DataType::Date),
        BindValue::Time(text) => cast(text, DataType::Time(None, TimezoneInfo::None)),
        BindValue::TimestampNtz(text) => cast(text, DataType::Timestamp(None, TimezoneInfo::None)),
        BindValue::TimestampLtz(text) | BindValue::TimestampTz(text) => {
            cast(text, DataType::Timestamp(None, TimezoneInfo::WithTimeZone))
        }
        BindValue::Binary(bytes) => value(Value::HexStringLiteral(
            bytes.iter().map(|b| format!("{b:02X}")).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse;

    fn bound(sql: &str, binds: &Binds) -> Result<String> {
        let mut statement = parse(sql)?.remove(0);
        substitute(&mut statement, binds)?;
        Ok(statement.to_string())
    }

    #[test]
    fn positional_numbered_and_named() {
        let binds = Binds {
            positional: vec![BindValue::Integer(7), BindValue::Text("it's".into())],
            named: HashMap::from([("who".into(), BindValue::Null)]),
        };
        assert_eq!(bound("select ?, ?", &binds).unwrap(), "SELECT 7, 'it''s'");
        assert_eq!(bound("select :2, :1", &binds).unwrap(), "SELECT 'it''s', 7");
        assert_eq!(bound("select :who", &binds).unwrap(), "SELECT NULL");
        assert_eq!(
            bound("select ?, ?, ?", &binds).unwrap_err().to_string(),
            "SQL compilation error:\nBind variable ? not set."
        );
    }
}
