//! Domain types describing a result: its columns and the kind of statement that produced it.

use std::fmt;

use crate::wire::RowTypeDto;

/// Default TEXT length when Snowflake omits it (16 MiB).
const DEFAULT_TEXT_LENGTH: u64 = 16_777_216;
/// Default fraction digits of TIME and TIMESTAMP_* when Snowflake omits the scale.
const DEFAULT_TIME_SCALE: u8 = 9;

/// The Snowflake type of a column, with the parameters that change how values are encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnowflakeType {
    /// NUMBER(precision, scale).
    Fixed {
        /// Total digits, 1 to 38.
        precision: u8,
        /// Digits after the point, 0 to 37.
        scale: i8,
    },
    /// FLOAT / DOUBLE / REAL.
    Real,
    /// VARCHAR / STRING / TEXT.
    Text {
        /// Maximum length in characters.
        length: u64,
    },
    /// BOOLEAN.
    Boolean,
    /// DATE.
    Date,
    /// TIME(scale).
    Time {
        /// Fraction digits, 0 to 9.
        scale: u8,
    },
    /// TIMESTAMP_NTZ(scale): wall-clock time with no time zone.
    TimestampNtz {
        /// Fraction digits, 0 to 9.
        scale: u8,
    },
    /// TIMESTAMP_LTZ(scale): an instant, shown in the session time zone.
    TimestampLtz {
        /// Fraction digits, 0 to 9.
        scale: u8,
    },
    /// TIMESTAMP_TZ(scale): an instant with its own UTC offset.
    TimestampTz {
        /// Fraction digits, 0 to 9.
        scale: u8,
    },
    /// BINARY / VARBINARY.
    Binary {
        /// Maximum length in bytes.
        length: u64,
    },
    /// VARIANT (semi-structured, JSON text on the wire).
    Variant,
    /// OBJECT (semi-structured, JSON text on the wire).
    Object,
    /// ARRAY (semi-structured, JSON text on the wire).
    Array,
    /// MAP (structured).
    Map,
    /// GEOGRAPHY.
    Geography,
    /// GEOMETRY.
    Geometry,
    /// VECTOR(element type, dimension).
    Vector {
        /// Number of elements, when given.
        dimension: Option<u32>,
    },
    /// DECFLOAT.
    DecFloat,
    /// Any other type, by its upper-case name.
    Other(String),
}

impl SnowflakeType {
    /// Reads a `rowtype` entry's type and its parameters; names compare case-insensitively,
    /// and missing parameters get Snowflake's defaults.
    ///
    /// ```
    /// use snowapi_query::SnowflakeType;
    /// assert_eq!(
    ///     SnowflakeType::from_wire("fixed", Some(10), Some(2), None),
    ///     SnowflakeType::Fixed { precision: 10, scale: 2 }
    /// );
    /// assert_eq!(
    ///     SnowflakeType::from_wire("TIMESTAMP_TZ", None, None, None),
    ///     SnowflakeType::TimestampTz { scale: 9 }
    /// );
    /// ```
    pub fn from_wire(
        name: &str,
        precision: Option<i64>,
        scale: Option<i64>,
        length: Option<i64>,
    ) -> Self {
        let time_scale = scale
            .and_then(|s| u8::try_from(s).ok())
            .filter(|s| *s <= 9)
            .unwrap_or(DEFAULT_TIME_SCALE);
        let length = length.and_then(|l| u64::try_from(l).ok());
        match name.trim().to_ascii_uppercase().as_str() {
            "FIXED" | "NUMBER" | "DECIMAL" | "NUMERIC" | "INT" | "INTEGER" | "BIGINT" => {
                let precision = precision
                    .and_then(|p| u8::try_from(p).ok())
                    .filter(|p| (1..=38).contains(p))
                    .unwrap_or(38);
                let scale = scale
                    .and_then(|s| i8::try_from(s).ok())
                    .filter(|s| (0..=37).contains(s))
                    .unwrap_or(0);
                Self::Fixed { precision, scale }
            }
            "REAL" | "FLOAT" | "DOUBLE" => Self::Real,
            "TEXT" | "VARCHAR" | "STRING" | "CHAR" => Self::Text {
                length: length.unwrap_or(DEFAULT_TEXT_LENGTH),
            },
            "BOOLEAN" => Self::Boolean,
            "DATE" => Self::Date,
            "TIME" => Self::Time { scale: time_scale },
            "TIMESTAMP_NTZ" | "TIMESTAMP" | "DATETIME" => Self::TimestampNtz { scale: time_scale },
            "TIMESTAMP_LTZ" => Self::TimestampLtz { scale: time_scale },
            "TIMESTAMP_TZ" => Self::TimestampTz { scale: time_scale },
            "BINARY" | "VARBINARY" => Self::Binary {
                length: length.unwrap_or(8_388_608),
            },
            "VARIANT" => Self::Variant,
            "OBJECT" => Self::Object,
            "ARRAY" => Self::Array,
            "MAP" => Self::Map,
            "GEOGRAPHY" => Self::Geography,
            "GEOMETRY" => Self::Geometry,
            "VECTOR" => Self::Vector { dimension: None },
            "DECFLOAT" => Self::DecFloat,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The upper-case name Snowflake uses for the type (`FIXED`, `TIMESTAMP_TZ`...).
    pub fn name(&self) -> &str {
        match self {
            Self::Fixed { .. } => "FIXED",
            Self::Real => "REAL",
            Self::Text { .. } => "TEXT",
            Self::Boolean => "BOOLEAN",
            Self::Date => "DATE",
            Self::Time { .. } => "TIME",
            Self::TimestampNtz { .. } => "TIMESTAMP_NTZ",
            Self::TimestampLtz { .. } => "TIMESTAMP_LTZ",
            Self::TimestampTz { .. } => "TIMESTAMP_TZ",
            Self::Binary { .. } => "BINARY",
            Self::Variant => "VARIANT",
            Self::Object => "OBJECT",
            Self::Array => "ARRAY",
            Self::Map => "MAP",
            Self::Geography => "GEOGRAPHY",
            Self::Geometry => "GEOMETRY",
            Self::Vector { .. } => "VECTOR",
            Self::DecFloat => "DECFLOAT",
            Self::Other(name) => name,
        }
    }

    /// The fraction digits of TIME and TIMESTAMP_* values, the scale of FIXED ones.
    pub fn scale(&self) -> Option<i8> {
        match self {
            Self::Fixed { scale, .. } => Some(*scale),
            Self::Time { scale }
            | Self::TimestampNtz { scale }
            | Self::TimestampLtz { scale }
            | Self::TimestampTz { scale } => i8::try_from(*scale).ok(),
            _ => None,
        }
    }
}

impl fmt::Display for SnowflakeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed { precision, scale } => write!(f, "NUMBER({precision},{scale})"),
            Self::Text { length } => write!(f, "VARCHAR({length})"),
            Self::Binary { length } => write!(f, "BINARY({length})"),
            Self::Time { scale } => write!(f, "TIME({scale})"),
            Self::TimestampNtz { scale } => write!(f, "TIMESTAMP_NTZ({scale})"),
            Self::TimestampLtz { scale } => write!(f, "TIMESTAMP_LTZ({scale})"),
            Self::TimestampTz { scale } => write!(f, "TIMESTAMP_TZ({scale})"),
            other => f.write_str(other.name()),
        }
    }
}

/// One column of a result, as described by the server's `rowtype`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Column {
    /// The column name, as Snowflake spells it (upper case unless quoted).
    pub name: String,
    /// The type, with the parameters that matter for decoding.
    pub sf_type: SnowflakeType,
    /// Whether the column may hold NULL.
    pub nullable: bool,
    /// Precision as sent (FIXED).
    pub precision: Option<i64>,
    /// Scale as sent (FIXED, TIME, TIMESTAMP_*).
    pub scale: Option<i64>,
    /// Length in characters (TEXT) or bytes (BINARY), as sent.
    pub length: Option<i64>,
    /// Length in bytes, as sent.
    pub byte_length: Option<i64>,
    /// The source database, when the column comes from a table.
    pub database: Option<String>,
    /// The source schema.
    pub schema: Option<String>,
    /// The source table.
    pub table: Option<String>,
    /// The collation, if any.
    pub collation: Option<String>,
}

impl Column {
    /// A nullable column of the given name and type, with no source table.
    ///
    /// ```
    /// use snowapi_query::{Column, SnowflakeType};
    /// let id = Column::new("ID", SnowflakeType::Fixed { precision: 38, scale: 0 });
    /// assert!(id.nullable);
    /// assert_eq!(id.sf_type.name(), "FIXED");
    /// ```
    pub fn new(name: impl Into<String>, sf_type: SnowflakeType) -> Self {
        let (precision, scale) = match &sf_type {
            SnowflakeType::Fixed { precision, scale } => {
                (Some(i64::from(*precision)), Some(i64::from(*scale)))
            }
            other => (None, other.scale().map(i64::from)),
        };
        let length = match &sf_type {
            SnowflakeType::Text { length } | SnowflakeType::Binary { length } => {
                i64::try_from(*length).ok()
            }
            _ => None,
        };
        Self {
            name: name.into(),
            sf_type,
            nullable: true,
            precision,
            scale,
            length,
            byte_length: None,
            database: None,
            schema: None,
            table: None,
            collation: None,
        }
    }

    /// The column described by one `rowtype` entry. A non-empty `extTypeName` overrides `type`.
    pub fn from_wire(dto: &RowTypeDto) -> Self {
        let type_name = dto
            .ext_type_name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(&dto.sf_type);
        let mut sf_type = SnowflakeType::from_wire(type_name, dto.precision, dto.scale, dto.length);
        if let SnowflakeType::Vector { dimension } = &mut sf_type {
            *dimension = dto.vector_dimension.and_then(|d| u32::try_from(d).ok());
        }
        Self {
            name: dto.name.clone(),
            sf_type,
            nullable: dto.nullable.unwrap_or(true),
            precision: dto.precision,
            scale: dto.scale,
            length: dto.length,
            byte_length: dto.byte_length,
            database: dto.database.clone(),
            schema: dto.schema.clone(),
            table: dto.table.clone(),
            collation: dto.collation.clone(),
        }
    }

    /// The columns of a whole `rowtype`.
    pub fn from_rowtype(rowtype: &[RowTypeDto]) -> Vec<Self> {
        rowtype.iter().map(Self::from_wire).collect()
    }
}

/// What kind of statement ran, from the answer's `statementTypeId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatementType {
    /// SELECT (0x1000).
    Select,
    /// EXPLAIN (0x2000).
    Explain,
    /// INSERT (0x3100).
    Insert,
    /// UPDATE (0x3200).
    Update,
    /// DELETE (0x3300).
    Delete,
    /// MERGE (0x3400).
    Merge,
    /// Multi-table INSERT (0x3500).
    MultiTableInsert,
    /// COPY INTO (0x3600).
    Copy,
    /// Another DML statement (0x3000 family).
    Dml,
    /// SET (0x4100).
    Set,
    /// USE (0x4300).
    Use,
    /// SHOW (0x4400).
    Show,
    /// DESCRIBE (0x4500).
    Describe,
    /// Another system command (0x4000 family), such as ALTER SESSION.
    SystemCommand,
    /// COMMIT (0x5100).
    Commit,
    /// Another transaction-control statement (0x5000 family: BEGIN, ROLLBACK).
    Transaction,
    /// DDL (0x6000 family: CREATE, ALTER, DROP...).
    Ddl,
    /// PUT (0x7102).
    Put,
    /// GET (0x7101).
    Get,
    /// Another stage file operation (0x7000 family).
    FileOperation,
    /// CALL (0x9000).
    Call,
    /// A multi-statement request (0xA000).
    Multi,
    /// An id this crate does not know.
    Other(u64),
}

impl StatementType {
    /// The statement type of a `statementTypeId`.
    ///
    /// ```
    /// use snowapi_query::StatementType;
    /// assert_eq!(StatementType::from_id(4096), StatementType::Select);
    /// assert_eq!(StatementType::from_id(0x3100), StatementType::Insert);
    /// assert!(StatementType::from_id(0x3200).is_dml());
    /// assert_eq!(StatementType::from_id(0x6100), StatementType::Ddl);
    /// ```
    pub fn from_id(id: u64) -> Self {
        match id {
            0x1000 => Self::Select,
            0x2000 => Self::Explain,
            0x3100 => Self::Insert,
            0x3200 => Self::Update,
            0x3300 => Self::Delete,
            0x3400 => Self::Merge,
            0x3500 => Self::MultiTableInsert,
            0x3600 => Self::Copy,
            0x4100 => Self::Set,
            0x4300 => Self::Use,
            0x4400 => Self::Show,
            0x4500 => Self::Describe,
            0x5100 => Self::Commit,
            0x7101 => Self::Get,
            0x7102 => Self::Put,
            0x9000 => Self::Call,
            0xA000 => Self::Multi,
            _ => match id & 0xF000 {
                0x3000 => Self::Dml,
                0x4000 => Self::SystemCommand,
                0x5000 => Self::Transaction,
                0x6000 => Self::Ddl,
                0x7000 => Self::FileOperation,
                _ => Self::Other(id),
            },
        }
    }

    /// Whether the statement changes rows (its row count is "rows affected").
    pub fn is_dml(&self) -> bool {
        matches!(
            self,
            Self::Insert
                | Self::Update
                | Self::Delete
                | Self::Merge
                | Self::MultiTableInsert
                | Self::Copy
                | Self::Dml
        )
    }
}
