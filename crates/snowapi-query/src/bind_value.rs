//! Typed bind values, encoded exactly as the protocol wants them (PROTOCOL §2.2).
//!
//! Every value travels as text with a Snowflake type: integers and decimals as `FIXED` decimal
//! text, floats as `REAL`, strings as `TEXT`, booleans as `"true"`/`"false"`, bytes as `BINARY`
//! hex, dates as `DATE` milliseconds since the epoch, times as `TIME` nanoseconds since
//! midnight, naive date-times as `TIMESTAMP_NTZ` nanoseconds since the epoch, and zoned
//! date-times as `TIMESTAMP_TZ` `"<UTC epoch ns> <offset minutes + 1440>"`.
//!
//! JSON values ([`serde_json::Value`]) are bound as `TEXT` holding the JSON, which is what
//! Snowflake's own drivers do: the Python connector refuses dicts and lists ("Binding data in
//! type (dict) is not supported"), and users write `PARSE_JSON(?)` in the SQL, in an
//! `INSERT ... SELECT` since `VALUES` takes no function calls.

use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike as _, NaiveDate, NaiveDateTime, NaiveTime, Offset as _, TimeZone, Timelike,
};

use crate::wire::{WireBindValue, WireBinding};

/// The Snowflake type a bind value is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BindType {
    /// Exact numbers (integers, decimals), as decimal text.
    Fixed,
    /// Floating point, as text.
    Real,
    /// Strings.
    Text,
    /// `"true"` / `"false"`.
    Boolean,
    /// Milliseconds since 1970-01-01.
    Date,
    /// Nanoseconds since midnight.
    Time,
    /// Nanoseconds since the epoch, of the wall-clock reading.
    TimestampNtz,
    /// Nanoseconds since the epoch, of the instant.
    TimestampLtz,
    /// `"<UTC epoch ns> <offset minutes + 1440>"`.
    TimestampTz,
    /// Hexadecimal bytes.
    Binary,
    /// A NULL of no particular type.
    Any,
}

impl BindType {
    /// The name sent in the binding's `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "FIXED",
            Self::Real => "REAL",
            Self::Text => "TEXT",
            Self::Boolean => "BOOLEAN",
            Self::Date => "DATE",
            Self::Time => "TIME",
            Self::TimestampNtz => "TIMESTAMP_NTZ",
            Self::TimestampLtz => "TIMESTAMP_LTZ",
            Self::TimestampTz => "TIMESTAMP_TZ",
            Self::Binary => "BINARY",
            Self::Any => "ANY",
        }
    }
}

/// One bind value: a Snowflake type and the value's text, or NULL.
///
/// ```
/// use chrono::NaiveDate;
/// use snowapi_query::{BindType, BindValue};
/// let date = BindValue::from(NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
/// assert_eq!(date.bind_type(), BindType::Date);
/// assert_eq!(date.value(), Some("1704153600000"));
/// assert_eq!(BindValue::from(Option::<i32>::None).value(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindValue {
    bind_type: BindType,
    value: Option<String>,
}

impl BindValue {
    /// A value of the given type with its wire text already encoded, for types this crate has
    /// no conversion for (e.g. a decimal from another crate as `FIXED` text).
    pub fn new(bind_type: BindType, value: Option<String>) -> Self {
        Self { bind_type, value }
    }

    /// SQL NULL with no type (`ANY`).
    pub fn null() -> Self {
        Self::new(BindType::Any, None)
    }

    /// SQL NULL of a given type.
    pub fn typed_null(bind_type: BindType) -> Self {
        Self::new(bind_type, None)
    }

    /// A date-time sent as TIMESTAMP_NTZ: its wall-clock reading in that zone.
    pub fn timestamp_ntz<Tz: TimeZone>(value: &DateTime<Tz>) -> Self {
        Self::from(value.naive_local())
    }

    /// A date-time sent as TIMESTAMP_LTZ: the instant, in nanoseconds since the epoch.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use snowapi_query::BindValue;
    /// let t = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    /// assert_eq!(BindValue::timestamp_ltz(&t).value(), Some("1704164645000000000"));
    /// ```
    pub fn timestamp_ltz<Tz: TimeZone>(value: &DateTime<Tz>) -> Self {
        Self::new(
            BindType::TimestampLtz,
            Some(epoch_nanos(&value.naive_utc()).to_string()),
        )
    }

    /// A date-time sent as TIMESTAMP_TZ: the instant and its UTC offset.
    pub fn timestamp_tz<Tz: TimeZone>(value: &DateTime<Tz>) -> Self {
        let offset_minutes = value.offset().fix().local_minus_utc() / 60;
        Self::new(
            BindType::TimestampTz,
            Some(format!(
                "{} {}",
                epoch_nanos(&value.naive_utc()),
                offset_minutes + 1440
            )),
        )
    }

    /// The type it is sent as.
    pub fn bind_type(&self) -> BindType {
        self.bind_type
    }

    /// The wire text, or `None` for NULL.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The wire text, taken out, or `None` for NULL.
    pub fn into_value(self) -> Option<String> {
        self.value
    }

    /// Whether it is NULL.
    pub fn is_null(&self) -> bool {
        self.value.is_none()
    }

    /// The wire form of a single-value binding.
    pub fn to_wire(&self) -> WireBinding {
        WireBinding {
            sf_type: self.bind_type.as_str().to_owned(),
            value: WireBindValue::Scalar(self.value.clone()),
            fmt: None,
            schema: None,
        }
    }
}

/// Rust values that can be bound: each knows its Snowflake type and its wire text.
///
/// Implemented for integers, floats, `bool`, strings, byte slices and vectors, chrono dates,
/// times and date-times, [`serde_json::Value`], [`BindValue`] itself, references, and
/// `Option<T>` (NULL of `T`'s type).
pub trait ToSql {
    /// The type the value is sent as (also the type of a NULL `Option<Self>`).
    fn bind_type(&self) -> BindType;

    /// The type of a NULL of this Rust type.
    fn null_type() -> BindType
    where
        Self: Sized;

    /// The value, encoded.
    fn to_bind(&self) -> BindValue;
}

macro_rules! integer_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn bind_type(&self) -> BindType {
                BindType::Fixed
            }
            fn null_type() -> BindType {
                BindType::Fixed
            }
            fn to_bind(&self) -> BindValue {
                BindValue::new(BindType::Fixed, Some(self.to_string()))
            }
        }
    )*};
}

integer_to_sql!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

/// Text of a float that Snowflake reads back to the same value: Rust's shortest round-trip
/// form, with an exponent for very large or small magnitudes instead of hundreds of digits.
fn float_text(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

impl ToSql for f64 {
    fn bind_type(&self) -> BindType {
        BindType::Real
    }
    fn null_type() -> BindType {
        BindType::Real
    }
    fn to_bind(&self) -> BindValue {
        BindValue::new(BindType::Real, Some(float_text(*self)))
    }
}

impl ToSql for f32 {
    fn bind_type(&self) -> BindType {
        BindType::Real
    }
    fn null_type() -> BindType {
        BindType::Real
    }
    fn to_bind(&self) -> BindValue {
        // Through the f32's own shortest text, so 0.1f32 is sent as 0.1, not 0.10000000149.
        let text = self.to_string();
        let widened = text.parse::<f64>().unwrap_or(f64::from(*self));
        BindValue::new(BindType::Real, Some(float_text(widened)))
    }
}

impl ToSql for bool {
    fn bind_type(&self) -> BindType {
        BindType::Boolean
    }
    fn null_type() -> BindType {
        BindType::Boolean
    }
    fn to_bind(&self) -> BindValue {
        BindValue::new(BindType::Boolean, Some(self.to_string()))
    }
}

impl ToSql for str {
    fn bind_type(&self) -> BindType {
        BindType::Text
    }
    fn to_bind(&self) -> BindValue {
        BindValue::new(BindType::Text, Some(self.to_owned()))
    }
}

impl ToSql for String {
    fn bind_type(&self) -> BindType {
        BindType::Text
    }
    fn null_type() -> BindType {
        BindType::Text
    }
    fn to_bind(&self) -> BindValue {
        BindValue::new(BindType::Text, Some(self.clone()))
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(text, "{b:02x}");
    }
    text
}

impl ToSql for [u8] {
    fn bind_type(&self) -> BindType {
        BindType::Binary
    }
    fn to_bind(&self) -> BindValue {
        BindValue::new(BindType::Binary, Some(hex(self)))
    }
}

impl ToSql for Vec<u8> {
    fn bind_type(&self) -> BindType {
        BindType::Binary
    }
    fn null_type() -> BindType {
        BindType::Binary
    }
    fn to_bind(&self) -> BindValue {
        self.as_slice().to_bind()
    }
}

/// Nanoseconds since the epoch of a naive date-time read as UTC. An i128 cannot overflow for
/// any chrono date, so no value is refused here; the server checks its own range.
fn epoch_nanos(value: &NaiveDateTime) -> i128 {
    let utc = value.and_utc();
    i128::from(utc.timestamp()) * 1_000_000_000 + i128::from(utc.timestamp_subsec_nanos())
}

impl ToSql for NaiveDate {
    fn bind_type(&self) -> BindType {
        BindType::Date
    }
    fn null_type() -> BindType {
        BindType::Date
    }
    fn to_bind(&self) -> BindValue {
        let days = i64::from(self.num_days_from_ce()) - 719_163;
        BindValue::new(BindType::Date, Some((days * 86_400_000).to_string()))
    }
}

impl ToSql for NaiveTime {
    fn bind_type(&self) -> BindType {
        BindType::Time
    }
    fn null_type() -> BindType {
        BindType::Time
    }
    fn to_bind(&self) -> BindValue {
        let nanos = u64::from(self.num_seconds_from_midnight()) * 1_000_000_000
            + u64::from(self.nanosecond());
        BindValue::new(BindType::Time, Some(nanos.to_string()))
    }
}

impl ToSql for NaiveDateTime {
    fn bind_type(&self) -> BindType {
        BindType::TimestampNtz
    }
    fn null_type() -> BindType {
        BindType::TimestampNtz
    }
    fn to_bind(&self) -> BindValue {
        BindValue::new(BindType::TimestampNtz, Some(epoch_nanos(self).to_string()))
    }
}

/// Zoned date-times keep their offset: they are sent as TIMESTAMP_TZ. Use
/// [`BindValue::timestamp_ltz`] or [`BindValue::timestamp_ntz`] for the other kinds.
impl<Tz: TimeZone> ToSql for DateTime<Tz> {
    fn bind_type(&self) -> BindType {
        BindType::TimestampTz
    }
    fn null_type() -> BindType {
        BindType::TimestampTz
    }
    fn to_bind(&self) -> BindValue {
        BindValue::timestamp_tz(self)
    }
}

/// JSON is sent as TEXT holding the JSON text (JSON `null` is SQL NULL); see the module
/// documentation for why.
impl ToSql for serde_json::Value {
    fn bind_type(&self) -> BindType {
        BindType::Text
    }
    fn null_type() -> BindType {
        BindType::Text
    }
    fn to_bind(&self) -> BindValue {
        match self {
            serde_json::Value::Null => BindValue::typed_null(BindType::Text),
            other => BindValue::new(BindType::Text, Some(other.to_string())),
        }
    }
}

impl ToSql for BindValue {
    fn bind_type(&self) -> BindType {
        self.bind_type
    }
    fn null_type() -> BindType {
        BindType::Any
    }
    fn to_bind(&self) -> BindValue {
        self.clone()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn bind_type(&self) -> BindType {
        match self {
            Some(v) => v.bind_type(),
            None => T::null_type(),
        }
    }
    fn null_type() -> BindType {
        T::null_type()
    }
    fn to_bind(&self) -> BindValue {
        match self {
            Some(v) => v.to_bind(),
            None => BindValue::typed_null(T::null_type()),
        }
    }
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn bind_type(&self) -> BindType {
        (**self).bind_type()
    }
    fn null_type() -> BindType {
        BindType::Any
    }
    fn to_bind(&self) -> BindValue {
        (**self).to_bind()
    }
}

macro_rules! from_to_sql {
    ($($t:ty),*) => {$(
        impl From<$t> for BindValue {
            fn from(value: $t) -> Self {
                value.to_bind()
            }
        }
    )*};
}

from_to_sql!(
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    bool,
    &str,
    String,
    &[u8],
    Vec<u8>,
    NaiveDate,
    NaiveTime,
    NaiveDateTime,
    serde_json::Value
);

impl<Tz: TimeZone> From<DateTime<Tz>> for BindValue {
    fn from(value: DateTime<Tz>) -> Self {
        value.to_bind()
    }
}

impl<T: ToSql> From<Option<T>> for BindValue {
    fn from(value: Option<T>) -> Self {
        value.to_bind()
    }
}
