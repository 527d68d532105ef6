//! Snowflake's logical types, how they are written, and how they are stored in Arrow.

use std::{collections::HashMap, fmt};

use arrow::datatypes::{DataType, Field, TimeUnit};
use serde::{Deserialize, Serialize};

use crate::error::{EmulatorError, ErrorKind, Result};

/// Field-metadata key holding a column's Snowflake type, so it survives Arrow round trips.
pub const SF_TYPE_KEY: &str = "snowflake.type";

/// Default length of VARCHAR/STRING/TEXT.
pub const MAX_TEXT_LENGTH: u32 = 16_777_216;
/// Default length of BINARY.
pub const MAX_BINARY_LENGTH: u32 = 8_388_608;

/// A Snowflake column type with its precision, scale or length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SfType {
    /// NUMBER(p, s) and the INT family (NUMBER(38, 0)).
    Number {
        /// Total digits.
        precision: u8,
        /// Digits after the point.
        scale: i8,
    },
    /// FLOAT, DOUBLE, REAL (all 64-bit).
    Float,
    /// VARCHAR(n), STRING, TEXT, CHAR(n).
    Text {
        /// Maximum length in characters.
        length: u32,
    },
    /// BOOLEAN.
    Boolean,
    /// DATE.
    Date,
    /// TIME(s).
    Time {
        /// Fractional second digits.
        scale: u8,
    },
    /// TIMESTAMP_NTZ(s), also plain TIMESTAMP and DATETIME.
    TimestampNtz {
        /// Fractional second digits.
        scale: u8,
    },
    /// TIMESTAMP_LTZ(s).
    TimestampLtz {
        /// Fractional second digits.
        scale: u8,
    },
    /// TIMESTAMP_TZ(s).
    TimestampTz {
        /// Fractional second digits.
        scale: u8,
    },
    /// BINARY(n), VARBINARY(n).
    Binary {
        /// Maximum length in bytes.
        length: u32,
    },
    /// VARIANT (JSON of any shape).
    Variant,
    /// OBJECT (a JSON object).
    Object,
    /// ARRAY (a JSON array).
    Array,
}

impl SfType {
    /// NUMBER(38, 0), what INT and friends mean.
    pub const INTEGER: Self = Self::Number {
        precision: 38,
        scale: 0,
    };
    /// VARCHAR with the default length.
    pub const TEXT: Self = Self::Text {
        length: MAX_TEXT_LENGTH,
    };
    /// TIMESTAMP_NTZ(9).
    pub const TIMESTAMP_NTZ: Self = Self::TimestampNtz { scale: 9 };

    /// Parses a type as written in SQL (`number(10,2)`, `VARCHAR`, `timestamp_ltz(3)`,
    /// `DOUBLE PRECISION`).
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim().to_uppercase();
        let (name, args) = match text.find('(') {
            Some(open) => {
                let close = text
                    .rfind(')')
                    .filter(|c| *c > open)
                    .ok_or_else(|| bad_type(&text))?;
                let args: Vec<&str> = text[open + 1..close].split(',').map(str::trim).collect();
                (text[..open].trim().to_owned(), args)
            }
            None => (text.clone(), Vec::new()),
        };
        let number = |i: usize| -> Result<Option<i64>> {
            match args.get(i) {
                None => Ok(None),
                Some(arg) => {
                    // `VARCHAR(10 CHARACTERS)` and the like: only the number counts.
                    let digits = arg.split_whitespace().next().unwrap_or_default();
                    digits.parse().map(Some).map_err(|_| bad_type(&text))
                }
            }
        };
        let scale = |default: u8| -> Result<u8> {
            let value = number(0)?.unwrap_or(i64::from(default));
            u8::try_from(value)
                .ok()
                .filter(|s| *s <= 9)
                .ok_or_else(|| bad_type(&text))
        };
        let sf = match name.as_str() {
            "NUMBER" | "NUMERIC" | "DECIMAL" | "DEC" => {
                let precision = number(0)?.unwrap_or(38);
                let scale = number(1)?.unwrap_or(0);
                if !(1..=38).contains(&precision) || !(0..=precision).contains(&scale) {
                    return Err(bad_type(&text));
                }
                Self::Number {
                    precision: precision as u8,
                    scale: scale as i8,
                }
            }
            "INT" | "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" | "BYTEINT" => Self::INTEGER,
            "FLOAT" | "FLOAT4" | "FLOAT8" | "DOUBLE" | "DOUBLE PRECISION" | "REAL" => Self::Float,
            "VARCHAR" | "STRING" | "TEXT" | "NVARCHAR" | "NVARCHAR2" | "CHAR VARYING"
            | "CHARACTER VARYING" | "NCHAR VARYING" => Self::Text {
                length: length(number(0)?, MAX_TEXT_LENGTH, &text)?,
            },
            "CHAR" | "CHARACTER" | "NCHAR" => Self::Text {
                length: length(number(0)?, 1, &text)?,
            },
            "BOOLEAN" | "BOOL" => Self::Boolean,
            "DATE" => Self::Date,
            "TIME" => Self::Time { scale: scale(9)? },
            "TIMESTAMP"
            | "DATETIME"
            | "TIMESTAMP_NTZ"
            | "TIMESTAMPNTZ"
            | "TIMESTAMP WITHOUT TIME ZONE" => Self::TimestampNtz { scale: scale(9)? },
            "TIMESTAMP_LTZ" | "TIMESTAMPLTZ" | "TIMESTAMP WITH LOCAL TIME ZONE" => {
                Self::TimestampLtz { scale: scale(9)? }
            }
            "TIMESTAMP_TZ" | "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => {
                Self::TimestampTz { scale: scale(9)? }
            }
            "BINARY" | "VARBINARY" => Self::Binary {
                length: length(number(0)?, MAX_BINARY_LENGTH, &text)?,
            },
            "VARIANT" | "JSON" => Self::Variant,
            "OBJECT" => Self::Object,
            "ARRAY" => Self::Array,
            _ => return Err(bad_type(&text)),
        };
        Ok(sf)
    }

    /// How Snowflake writes the type in DESCRIBE and SHOW COLUMNS.
    pub fn to_sql(&self) -> String {
        match self {
            Self::Number { precision, scale } => format!("NUMBER({precision},{scale})"),
            Self::Float => "FLOAT".into(),
            Self::Text { length } => format!("VARCHAR({length})"),
            Self::Boolean => "BOOLEAN".into(),
            Self::Date => "DATE".into(),
            Self::Time { scale } => format!("TIME({scale})"),
            Self::TimestampNtz { scale } => format!("TIMESTAMP_NTZ({scale})"),
            Self::TimestampLtz { scale } => format!("TIMESTAMP_LTZ({scale})"),
            Self::TimestampTz { scale } => format!("TIMESTAMP_TZ({scale})"),
            Self::Binary { length } => format!("BINARY({length})"),
            Self::Variant => "VARIANT".into(),
            Self::Object => "OBJECT".into(),
            Self::Array => "ARRAY".into(),
        }
    }

    /// The lower-case type name of the connector protocol's `rowType` (`fixed`, `text`, ...).
    pub fn wire_name(&self) -> &'static str {
        match self {
            Self::Number { .. } => "fixed",
            Self::Float => "real",
            Self::Text { .. } => "text",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Time { .. } => "time",
            Self::TimestampNtz { .. } => "timestamp_ntz",
            Self::TimestampLtz { .. } => "timestamp_ltz",
            Self::TimestampTz { .. } => "timestamp_tz",
            Self::Binary { .. } => "binary",
            Self::Variant => "variant",
            Self::Object => "object",
            Self::Array => "array",
        }
    }

    /// How values of this type are held in Arrow inside the engine.
    pub fn arrow_type(&self) -> DataType {
        match self {
            Self::Number { scale: 0, .. } => DataType::Int64,
            Self::Number { precision, scale } => DataType::Decimal128(*precision, *scale),
            Self::Float => DataType::Float64,
            Self::Text { .. } | Self::Variant | Self::Object | Self::Array => DataType::Utf8,
            Self::Boolean => DataType::Boolean,
            Self::Date => DataType::Date32,
            Self::Time { .. } => DataType::Time64(TimeUnit::Nanosecond),
            Self::TimestampNtz { .. } => DataType::Timestamp(TimeUnit::Nanosecond, None),
            Self::TimestampLtz { .. } => {
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
            }
            // The offset is kept per value (see `timestamp_tz`).
            Self::TimestampTz { .. } => crate::timestamp_tz::data_type(),
            Self::Binary { .. } => DataType::Binary,
        }
    }

    /// An Arrow field of this type that remembers the Snowflake type in its metadata.
    pub fn field(&self, name: &str, nullable: bool) -> Field {
        let metadata = HashMap::from([(SF_TYPE_KEY.to_owned(), self.to_sql())]);
        Field::new(name, self.arrow_type(), nullable).with_metadata(metadata)
    }

    /// The Snowflake type of an Arrow field: from its metadata when it has one, otherwise
    /// inferred from the Arrow type (expressions computed by a query).
    pub fn of_field(field: &Field) -> Self {
        if let Some(sf) = field
            .metadata()
            .get(SF_TYPE_KEY)
            .and_then(|t| Self::parse(t).ok())
        {
            // An expression over a typed column keeps the metadata only if the type still fits.
            if sf.arrow_type() == *field.data_type() {
                return sf;
            }
        }
        Self::of_arrow(field.data_type())
    }

    /// The Snowflake type closest to an Arrow type.
    pub fn of_arrow(data_type: &DataType) -> Self {
        match data_type {
            DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => Self::INTEGER,
            DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => {
                Self::INTEGER
            }
            DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => Self::Number {
                precision: (*p).min(38),
                scale: (*s).max(0),
            },
            DataType::Float16 | DataType::Float32 | DataType::Float64 => Self::Float,
            DataType::Boolean => Self::Boolean,
            DataType::Date32 | DataType::Date64 => Self::Date,
            DataType::Time32(_) | DataType::Time64(_) => Self::Time { scale: 9 },
            DataType::Timestamp(_, None) => Self::TIMESTAMP_NTZ,
            DataType::Timestamp(_, Some(_)) => Self::TimestampLtz { scale: 9 },
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView => Self::Binary {
                length: MAX_BINARY_LENGTH,
            },
            DataType::FixedSizeBinary(n) => Self::Binary {
                length: (*n).max(0) as u32,
            },
            DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..) => Self::Array,
            other if crate::timestamp_tz::is_timestamp_tz(other) => Self::TimestampTz { scale: 9 },
            DataType::Struct(_) | DataType::Map(..) => Self::Object,
            _ => Self::TEXT,
        }
    }
}

impl fmt::Display for SfType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sql())
    }
}

fn length(given: Option<i64>, default: u32, text: &str) -> Result<u32> {
    match given {
        None => Ok(default),
        Some(n) => u32::try_from(n)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| bad_type(text)),
    }
}

fn bad_type(text: &str) -> EmulatorError {
    EmulatorError::compilation(
        ErrorKind::SyntaxError,
        format!("unsupported data type '{text}'."),
    )
}

/// Metadata of one result column, as the protocols describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMeta {
    /// Column name.
    pub name: String,
    /// Snowflake type.
    pub sf_type: SfType,
    /// Whether it may hold NULL.
    pub nullable: bool,
}

impl ColumnMeta {
    /// Metadata of an Arrow field.
    pub fn of_field(field: &Field) -> Self {
        Self {
            name: field.name().clone(),
            sf_type: SfType::of_field(field),
            nullable: field.is_nullable(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_snowflake_accepts() {
        let cases = [
            ("int", "NUMBER(38,0)"),
            ("number(10, 2)", "NUMBER(10,2)"),
            ("DECIMAL", "NUMBER(38,0)"),
            ("double precision", "FLOAT"),
            ("string", "VARCHAR(16777216)"),
            ("varchar(100)", "VARCHAR(100)"),
            ("char", "VARCHAR(1)"),
            ("timestamp", "TIMESTAMP_NTZ(9)"),
            ("timestamp_ltz(3)", "TIMESTAMP_LTZ(3)"),
            ("time", "TIME(9)"),
            ("binary", "BINARY(8388608)"),
            ("variant", "VARIANT"),
        ];
        for (text, shown) in cases {
            assert_eq!(SfType::parse(text).unwrap().to_sql(), shown, "{text}");
        }
        for bad in [
            "number(50,0)",
            "number(5,6)",
            "time(12)",
            "varchar(0)",
            "blob",
            "int(",
        ] {
            let e = SfType::parse(bad).unwrap_err();
            assert_eq!(e.code(), "001003", "{bad}");
        }
    }

    #[test]
    fn arrow_round_trip_through_field_metadata() {
        for sf in [
            SfType::parse("number(10,2)").unwrap(),
            SfType::Variant,
            SfType::TIMESTAMP_NTZ,
        ] {
            let field = sf.field("C", true);
            assert_eq!(SfType::of_field(&field), sf);
        }
        assert_eq!(SfType::of_arrow(&DataType::Int32), SfType::INTEGER);
        assert_eq!(SfType::INTEGER.arrow_type(), DataType::Int64);
    }
}
