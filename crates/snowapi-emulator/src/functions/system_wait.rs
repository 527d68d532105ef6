//! `SYSTEM$WAIT(amount [, unit])`: waits, then returns `waited <amount> <unit>`.
//!
//! The wait is an async sleep (no runtime thread is blocked) taken by the statement itself, so
//! cancelling the statement (or its STATEMENT_TIMEOUT_IN_SECONDS) ends the wait at once. See
//! [`super::engine_calls`] for when in a statement the wait happens.

use std::time::Duration;

use sqlparser::ast::Expr;

use super::engine_calls::{literal_text, literal_unsigned};
use crate::error::{EmulatorError, ErrorKind, Result};

/// The units SYSTEM$WAIT takes, and how many milliseconds one of each lasts.
const UNITS: &[(&str, u64)] = &[
    ("SECONDS", 1000),
    ("MILLISECONDS", 1),
    ("MINUTES", 60 * 1000),
    ("HOURS", 3600 * 1000),
];

/// One call of SYSTEM$WAIT with its (constant) arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wait {
    amount: u64,
    unit: &'static str,
    length: Duration,
}

impl Wait {
    /// Reads the call's arguments: an integer amount and an optional unit string.
    pub(crate) fn from_args(args: &[&Expr]) -> Result<Self> {
        let (amount, unit) = match args {
            [amount] => (*amount, None),
            [amount, unit] => (*amount, Some(*unit)),
            _ => {
                return Err(EmulatorError::compilation(
                    ErrorKind::InvalidArguments,
                    format!(
                        "Invalid number of arguments for function SYSTEM$WAIT: expected 1 or 2, got {}",
                        args.len()
                    ),
                ));
            }
        };
        let amount = literal_unsigned("SYSTEM$WAIT", amount)?;
        let unit = match unit {
            Some(unit) => literal_text("SYSTEM$WAIT", unit)?.ok_or_else(|| bad_unit("NULL"))?,
            None => "SECONDS".to_owned(),
        };
        let (unit, one) = UNITS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(unit.trim()))
            .ok_or_else(|| bad_unit(&unit))?;
        let length = amount
            .checked_mul(*one)
            .map(Duration::from_millis)
            .ok_or_else(|| {
                EmulatorError::new(
                    ErrorKind::InvalidValue,
                    format!("SYSTEM$WAIT amount {amount} is too large"),
                )
            })?;
        Ok(Self {
            amount,
            unit,
            length,
        })
    }

    /// How long the call waits.
    #[cfg(test)]
    pub(crate) fn length(&self) -> Duration {
        self.length
    }

    /// Waits, then returns the function's value.
    pub(crate) async fn run(&self) -> String {
        tokio::time::sleep(self.length).await;
        format!("waited {} {}", self.amount, self.unit.to_lowercase())
    }
}

fn bad_unit(unit: &str) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::InvalidValue,
        format!(
            "Invalid time unit '{unit}' for SYSTEM$WAIT: use SECONDS, MILLISECONDS, MINUTES or HOURS."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::Value;

    fn number(n: &str) -> Expr {
        Expr::Value(Value::Number(n.into(), false).into())
    }

    fn text(s: &str) -> Expr {
        Expr::Value(Value::SingleQuotedString(s.into()).into())
    }

    #[tokio::test]
    async fn units_and_messages() {
        let wait = Wait::from_args(&[&number("2")]).unwrap();
        assert_eq!(wait.length(), Duration::from_secs(2));
        let wait = Wait::from_args(&[&number("15"), &text("milliseconds")]).unwrap();
        assert_eq!(wait.length(), Duration::from_millis(15));
        let started = std::time::Instant::now();
        assert_eq!(wait.run().await, "waited 15 milliseconds");
        assert!(started.elapsed() >= Duration::from_millis(15));
        let wait = Wait::from_args(&[&number("3"), &text("Hours")]).unwrap();
        assert_eq!(wait.length(), Duration::from_secs(3 * 3600));
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert_eq!(Wait::from_args(&[]).unwrap_err().code(), "001044");
        let weeks = Wait::from_args(&[&number("1"), &text("WEEKS")]).unwrap_err();
        assert_eq!(weeks.code(), "100037");
        assert!(weeks.to_string().contains("'WEEKS'"));
        assert_eq!(
            Wait::from_args(&[&number("1.5")]).unwrap_err().code(),
            "001044"
        );
        let huge = Wait::from_args(&[&number("99999999999999"), &text("HOURS")]).unwrap_err();
        assert_eq!(huge.code(), "100037");
    }
}
