//! `TO_VARCHAR(expr [, format])` and its synonym `TO_CHAR`: any value as Snowflake writes it,
//! dates and times in a date/time format model, numbers in a numeric format model.

use std::sync::Arc;

use arrow::{
    array::{ArrayRef, StringBuilder},
    compute::cast,
    datatypes::{DataType, FieldRef},
};
use chrono::NaiveDate;
use datafusion::{
    common::Result,
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use super::{
    civil_time::{date_from_days, datetime_from_nanos, time_from_nanos},
    datetime_format::{
        DATE_OUTPUT, DateTimeFormat, TIME_OUTPUT, TIMESTAMP_NTZ_OUTPUT, TIMESTAMP_TZ_OUTPUT,
    },
    number_format::{Decimal, NumberFormat, decimal_text, float_text},
    scalar_support::{
        Rows, Value, check_arity, normalized_type, sf_error, sf_field, text_at, value_at,
    },
};
use crate::{
    error::{EmulatorError, ErrorKind},
    types::SfType,
};

/// `TO_VARCHAR(expr [, format])`, also `TO_CHAR`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ToVarchar {
    signature: Signature,
    aliases: Vec<String>,
}

impl ToVarchar {
    /// The function, ready to register.
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::user_defined(Volatility::Immutable),
            aliases: vec!["to_char".into()],
        }
    }
}

impl ScalarUDFImpl for ToVarchar {
    fn name(&self) -> &str {
        "to_varchar"
    }

    fn aliases(&self) -> &[String] {
        &self.aliases
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == 0 {
                    normalized_type(t)
                } else {
                    DataType::Utf8
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        check_arity(self.name(), args.arg_fields.len(), 1, 2)?;
        Ok(sf_field(self.name(), SfType::TEXT))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = Rows::new(&args.args, args.number_rows)?;
        let values = &rows.arrays[0];
        // Types without a Snowflake text rule of their own are written by Arrow.
        let fallback = match values.data_type() {
            zoned if crate::timestamp_tz::is_timestamp_tz(zoned) => None,
            DataType::List(_)
            | DataType::LargeList(_)
            | DataType::Struct(_)
            | DataType::Map(..)
            | DataType::Interval(_)
            | DataType::Duration(_) => Some(cast(values, &DataType::Utf8)?),
            _ => None,
        };
        let mut formats = FormatCache::default();
        let mut out = StringBuilder::with_capacity(rows.len, rows.len * 16);
        for row in 0..rows.len {
            if let Some(texts) = &fallback {
                out.append_option(match value_at(texts, row) {
                    Value::Text(text) => Some(text),
                    _ => None,
                });
                continue;
            }
            let format = text_at(rows.get(1), row);
            let text = to_text(value_at(values, row), format, &mut formats).map_err(sf_error)?;
            out.append_option(text);
        }
        let result: ArrayRef = Arc::new(out.finish());
        rows.finish(result)
    }
}

/// Parsed format models, kept while the same model text repeats.
#[derive(Default)]
pub(crate) struct FormatCache {
    datetime: Option<(String, DateTimeFormat)>,
    number: Option<(String, NumberFormat)>,
}

impl FormatCache {
    fn datetime(&mut self, model: &str) -> Result<&DateTimeFormat, EmulatorError> {
        if self.datetime.as_ref().is_none_or(|(m, _)| m != model) {
            let parsed = DateTimeFormat::parse(model).ok_or_else(|| {
                EmulatorError::new(
                    ErrorKind::InvalidArguments,
                    format!("Invalid date/time format string '{model}'"),
                )
            })?;
            self.datetime = Some((model.to_owned(), parsed));
        }
        self.datetime
            .as_ref()
            .map(|(_, f)| f)
            .ok_or_else(|| EmulatorError::internal("format cache"))
    }

    fn number(&mut self, model: &str) -> Result<&NumberFormat, EmulatorError> {
        if self.number.as_ref().is_none_or(|(m, _)| m != model) {
            let parsed = NumberFormat::parse(model).ok_or_else(|| {
                EmulatorError::new(
                    ErrorKind::InvalidArguments,
                    format!("Invalid numeric format string '{model}'"),
                )
            })?;
            self.number = Some((model.to_owned(), parsed));
        }
        self.number
            .as_ref()
            .map(|(_, f)| f)
            .ok_or_else(|| EmulatorError::internal("format cache"))
    }
}

/// The text of one value, in `format` when given.
pub(crate) fn to_text(
    value: Value<'_>,
    format: Option<&str>,
    formats: &mut FormatCache,
) -> Result<Option<String>, EmulatorError> {
    let epoch_day = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let out_of_range = || EmulatorError::new(ErrorKind::InvalidValue, "Date or time out of range");
    let text = match value {
        Value::Null => return Ok(None),
        Value::Text(text) => text.to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(v) => match format {
            Some(model) => formats
                .number(model)?
                .print(&Decimal::from_unscaled(i128::from(v), 0)),
            None => v.to_string(),
        },
        Value::Decimal(v, scale) => match format {
            Some(model) => formats
                .number(model)?
                .print(&Decimal::from_unscaled(v, scale)),
            None => decimal_text(v, scale),
        },
        Value::Float(v) => match (format, Decimal::from_f64(v)) {
            (Some(model), Some(exact)) if v.is_finite() => formats.number(model)?.print(&exact),
            _ => float_text(v),
        },
        Value::Date(days) => {
            let date = date_from_days(days).ok_or_else(out_of_range)?;
            formats
                .datetime(format.unwrap_or(DATE_OUTPUT))?
                .print(date.and_time(chrono::NaiveTime::MIN), None)
        }
        Value::Time(nanos) => {
            let time = time_from_nanos(nanos).ok_or_else(out_of_range)?;
            formats
                .datetime(format.unwrap_or(TIME_OUTPUT))?
                .print(epoch_day.and_time(time), None)
        }
        Value::Timestamp { nanos, zoned } => {
            let datetime = datetime_from_nanos(nanos).ok_or_else(out_of_range)?;
            let (default, offset) = if zoned {
                (TIMESTAMP_TZ_OUTPUT, Some(0))
            } else {
                (TIMESTAMP_NTZ_OUTPUT, None)
            };
            formats
                .datetime(format.unwrap_or(default))?
                .print(datetime, offset)
        }
        Value::TimestampTz(value) => {
            // Shown on its own wall clock, with the offset it was written with.
            let local = value.local_nanos().ok_or_else(out_of_range)?;
            let datetime = datetime_from_nanos(local).ok_or_else(out_of_range)?;
            formats
                .datetime(format.unwrap_or(TIMESTAMP_TZ_OUTPUT))?
                .print(datetime, Some(value.offset_seconds()))
        }
        Value::Binary(bytes) => bytes.iter().map(|b| format!("{b:02X}")).collect(),
        Value::Other => return Ok(None),
    };
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: Value<'_>, format: Option<&str>) -> Option<String> {
        to_text(value, format, &mut FormatCache::default()).unwrap()
    }

    #[test]
    fn values_print_in_snowflakes_default_formats() {
        assert_eq!(text(Value::Int(-42), None).as_deref(), Some("-42"));
        assert_eq!(
            text(Value::Decimal(1230, 2), None).as_deref(),
            Some("12.30")
        );
        assert_eq!(text(Value::Float(1.5), None).as_deref(), Some("1.5"));
        assert_eq!(text(Value::Bool(true), None).as_deref(), Some("true"));
        assert_eq!(
            text(Value::Date(19_782), None).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            text(Value::Time(3_723_000_000_000), None).as_deref(),
            Some("01:02:03")
        );
        let nanos = 1_709_164_800_123_000_000;
        assert_eq!(
            text(
                Value::Timestamp {
                    nanos,
                    zoned: false
                },
                None
            )
            .as_deref(),
            Some("2024-02-29 00:00:00.123")
        );
        assert_eq!(
            text(Value::Timestamp { nanos, zoned: true }, None).as_deref(),
            Some("2024-02-29 00:00:00.123 Z")
        );
        assert_eq!(text(Value::Binary(b"AB"), None).as_deref(), Some("4142"));
        assert_eq!(text(Value::Null, Some("YYYY")), None);
    }

    #[test]
    fn formats_apply_by_type() {
        assert_eq!(
            text(Value::Date(19_782), Some("DD/MM/YYYY")).as_deref(),
            Some("29/02/2024")
        );
        assert_eq!(
            text(Value::Float(123.456), Some("999.99")).as_deref(),
            Some(" 123.46")
        );
        assert_eq!(text(Value::Int(7), Some("000")).as_deref(), Some(" 007"));
        let bad = to_text(Value::Date(0), Some("999"), &mut FormatCache::default());
        assert_eq!(bad.unwrap_err().code(), "001044");
    }
}
