//! JSON rowsets to Arrow: connector rowsets and chunks (PROTOCOL §3.3) and SQL API v2
//! partitions (§5), decoded to the [standard schema](crate::schema).
//!
//! The decoder scans the JSON bytes once and appends each cell straight into an Arrow builder:
//! cells without escapes are borrowed from the input, nothing is allocated per cell, and no
//! JSON tree is built. It accepts both a full array (`[["1","a"],["2",null]]`, inline rowsets
//! and SQL API partitions) and the bracket-less form of connector chunks
//! (`["1","a"],["2",null]`).
//!
//! Both renderings of each type are accepted: BOOLEAN as `"1"`/`"0"` (connector) or
//! `"true"`/`"false"` (SQL API); fractions of TIME and TIMESTAMP with any number of digits
//! (shorter ones are right-padded, digits past nanoseconds are dropped). Timestamps are signed
//! decimals: `"-1.5"` is 1.5 s before the epoch. TIMESTAMP_TZ values (`"<epoch> <tz>"`) become
//! their UTC instant.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Decimal128Builder, Float64Builder,
    Int64Builder, StringBuilder, Time64NanosecondBuilder, TimestampNanosecondBuilder,
};
use arrow::datatypes::{DataType, SchemaRef};
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

use crate::error::QueryError;
use crate::schema::standard_schema;
use crate::types::{Column, SnowflakeType};

const NANOS_PER_SECOND: i64 = 1_000_000_000;
/// Longest excerpt of a bad cell quoted in an error.
const EXCERPT: usize = 40;

/// Decodes JSON rowsets of one result into record batches of the standard schema.
///
/// ```
/// use arrow::array::{Array, AsArray};
/// use arrow::datatypes::Int64Type;
/// use snowapi_query::{Column, JsonRowsetDecoder, SnowflakeType};
///
/// let decoder = JsonRowsetDecoder::new(vec![
///     Column::new("ID", SnowflakeType::Fixed { precision: 18, scale: 0 }),
///     Column::new("NAME", SnowflakeType::Text { length: 100 }),
/// ]);
/// // A connector chunk: rows without the enclosing brackets.
/// let batch = decoder.decode(br#"["1","a"],["2",null]"#)?;
/// assert_eq!(batch.num_rows(), 2);
/// assert_eq!(batch.column(0).as_primitive::<Int64Type>().value(1), 2);
/// assert!(batch.column(1).is_null(1));
/// # Ok::<(), snowapi_query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct JsonRowsetDecoder {
    columns: Vec<Column>,
    schema: SchemaRef,
}

impl JsonRowsetDecoder {
    /// A decoder for a result with these columns (from its `rowtype` or `rowType`).
    pub fn new(columns: Vec<Column>) -> Self {
        let schema = standard_schema(&columns);
        Self { columns, schema }
    }

    /// The standard schema of the decoded batches.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The result's columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Decodes a rowset or chunk body (UTF-8 JSON) into one batch.
    pub fn decode(&self, bytes: &[u8]) -> Result<RecordBatch, QueryError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| QueryError::decode("JSON rowset", format!("not UTF-8: {e}")))?;
        self.decode_str(text)
    }

    /// Decodes a rowset or chunk body already known to be text (such as an inline `rowset`
    /// kept as a [`serde_json::value::RawValue`]) into one batch.
    pub fn decode_str(&self, text: &str) -> Result<RecordBatch, QueryError> {
        // A rough row estimate sizes the builders once; 24 bytes is a small cell with quotes.
        let estimate = text.len() / (24 * self.columns.len().max(1)) + 1;
        let mut sinks = self
            .columns
            .iter()
            .zip(self.schema.fields())
            .map(|(column, field)| Sink::new(&column.sf_type, field.data_type(), estimate))
            .collect::<Vec<_>>();
        let rows = Scanner::new(text).rows(&mut sinks, &self.columns)?;
        let arrays: Vec<ArrayRef> = sinks.iter_mut().map(Sink::finish).collect();
        let options = RecordBatchOptions::new().with_row_count(Some(rows));
        RecordBatch::try_new_with_options(self.schema.clone(), arrays, &options)
            .map_err(|e| QueryError::decode("JSON rowset", e))
    }
}

/// Where the cells of one column go.
enum Sink {
    Int64(Int64Builder),
    Decimal(Decimal128Builder, u32),
    Float64(Float64Builder),
    Boolean(BooleanBuilder),
    Date32(Date32Builder),
    Time(Time64NanosecondBuilder),
    Timestamp(TimestampNanosecondBuilder, bool),
    Utf8(StringBuilder),
    Binary(BinaryBuilder, Vec<u8>),
}

impl Sink {
    fn new(sf_type: &SnowflakeType, target: &DataType, capacity: usize) -> Self {
        match target {
            DataType::Int64 => Self::Int64(Int64Builder::with_capacity(capacity)),
            DataType::Decimal128(precision, scale) => Self::Decimal(
                Decimal128Builder::with_capacity(capacity)
                    .with_data_type(DataType::Decimal128(*precision, *scale)),
                u32::from(scale.unsigned_abs()),
            ),
            DataType::Float64 => Self::Float64(Float64Builder::with_capacity(capacity)),
            DataType::Boolean => Self::Boolean(BooleanBuilder::with_capacity(capacity)),
            DataType::Date32 => Self::Date32(Date32Builder::with_capacity(capacity)),
            DataType::Time64(_) => Self::Time(Time64NanosecondBuilder::with_capacity(capacity)),
            DataType::Timestamp(_, timezone) => Self::Timestamp(
                TimestampNanosecondBuilder::with_capacity(capacity)
                    .with_timezone_opt(timezone.clone()),
                matches!(sf_type, SnowflakeType::TimestampTz { .. }),
            ),
            DataType::Binary => Self::Binary(BinaryBuilder::with_capacity(capacity, 0), Vec::new()),
            _ => Self::Utf8(StringBuilder::with_capacity(capacity, capacity * 8)),
        }
    }

    /// Appends one cell; the error says what the cell should have looked like.
    fn push(&mut self, cell: Option<&str>) -> Result<(), &'static str> {
        let Some(text) = cell else {
            self.push_null();
            return Ok(());
        };
        match self {
            Self::Int64(b) => b.append_value(parse_i64(text).ok_or("an integer")?),
            Self::Decimal(b, scale) => {
                b.append_value(parse_decimal(text, *scale).ok_or("a decimal number")?)
            }
            Self::Float64(b) => b.append_value(text.trim().parse().map_err(|_| "a number")?),
            Self::Boolean(b) => b.append_value(parse_bool(text).ok_or("1, 0, true or false")?),
            Self::Date32(b) => b.append_value(
                parse_i64(text)
                    .and_then(|d| i32::try_from(d).ok())
                    .ok_or("days since 1970-01-01")?,
            ),
            Self::Time(b) => {
                b.append_value(parse_epoch_nanos(text).ok_or("seconds since midnight")?)
            }
            Self::Timestamp(b, with_zone) => {
                let epoch = if *with_zone {
                    split_zone(text).ok_or("epoch seconds, a space and minutes + 1440")?
                } else {
                    text
                };
                b.append_value(
                    parse_epoch_nanos(epoch).ok_or("epoch seconds within years 1677 to 2262")?,
                )
            }
            Self::Utf8(b) => b.append_value(text),
            Self::Binary(b, scratch) => {
                decode_hex(text, scratch).ok_or("hexadecimal bytes")?;
                b.append_value(&scratch[..]);
            }
        }
        Ok(())
    }

    fn push_null(&mut self) {
        match self {
            Self::Int64(b) => b.append_null(),
            Self::Decimal(b, _) => b.append_null(),
            Self::Float64(b) => b.append_null(),
            Self::Boolean(b) => b.append_null(),
            Self::Date32(b) => b.append_null(),
            Self::Time(b) => b.append_null(),
            Self::Timestamp(b, _) => b.append_null(),
            Self::Utf8(b) => b.append_null(),
            Self::Binary(b, _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Int64(b) => Arc::new(b.finish()),
            Self::Decimal(b, _) => Arc::new(b.finish()),
            Self::Float64(b) => Arc::new(b.finish()),
            Self::Boolean(b) => Arc::new(b.finish()),
            Self::Date32(b) => Arc::new(b.finish()),
            Self::Time(b) => Arc::new(b.finish()),
            Self::Timestamp(b, _) => Arc::new(b.finish()),
            Self::Utf8(b) => Arc::new(b.finish()),
            Self::Binary(b, _) => Arc::new(b.finish()),
        }
    }
}

/// A cursor over the rowset text.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Holds the unescaped text of a cell that had escapes.
    scratch: String,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            scratch: String::new(),
        }
    }

    fn error(&self, detail: impl Into<String>) -> QueryError {
        QueryError::decode(
            "JSON rowset",
            format!("{} (at byte {})", detail.into(), self.pos),
        )
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Decodes every row into `sinks`, returning the row count.
    fn rows(&mut self, sinks: &mut [Sink], columns: &[Column]) -> Result<usize, QueryError> {
        self.skip_ws();
        let outer = self.starts_outer_array();
        if outer {
            self.pos += 1;
        }
        let mut rows = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                None if outer => return Err(self.error("unterminated rowset: missing `]`")),
                None => break,
                Some(b']') if outer => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.pos != self.bytes.len() {
                        return Err(self.error("unexpected text after the rowset"));
                    }
                    break;
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.row(rows, sinks, columns)?;
                    rows += 1;
                }
                Some(_) => return Err(self.error("expected a row (`[`)")),
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') if outer => {}
                None if !outer => {}
                None => return Err(self.error("unterminated rowset: missing `]`")),
                _ => return Err(self.error("expected `,` between rows")),
            }
        }
        Ok(rows)
    }

    /// Whether the text is a full `[[...],...]` array rather than bracket-less rows.
    fn starts_outer_array(&self) -> bool {
        if self.peek() != Some(b'[') {
            return false;
        }
        let mut next = self.pos + 1;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(next) {
            next += 1;
        }
        matches!(self.bytes.get(next), Some(b'[' | b']'))
    }

    /// Decodes the cells of one row (the `[` is consumed) and its closing `]`.
    fn row(
        &mut self,
        row: usize,
        sinks: &mut [Sink],
        columns: &[Column],
    ) -> Result<(), QueryError> {
        for (index, sink) in sinks.iter_mut().enumerate() {
            self.skip_ws();
            if index > 0 {
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b']') => {
                        return Err(self.error(format!(
                            "row {row} has {index} cells, the result has {} columns",
                            columns.len()
                        )));
                    }
                    _ => return Err(self.error("expected `,` between cells")),
                }
            }
            let start = self.pos;
            let cell = self.cell()?;
            if let Err(expected) = sink.push(cell) {
                let raw = &self.text[start..self.pos];
                let excerpt: String = raw.chars().take(EXCERPT).collect();
                let name = columns.get(index).map_or("?", |c| c.name.as_str());
                return Err(QueryError::decode(
                    format!("column {name}"),
                    format!("row {row}: expected {expected}, got {excerpt}"),
                ));
            }
        }
        self.skip_ws();
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                Ok(())
            }
            Some(b',') => Err(self.error(format!(
                "row {row} has more cells than the result's {} columns",
                columns.len()
            ))),
            _ => Err(self.error("expected `]` at the end of a row")),
        }
    }

    /// Reads one cell: a string, `null`, or (leniently) a bare number or boolean.
    fn cell(&mut self) -> Result<Option<&str>, QueryError> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string().map(Some)
            }
            Some(b'n') if self.bytes[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Ok(None)
            }
            Some(b'-' | b'0'..=b'9' | b't' | b'f') => {
                let start = self.pos;
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.pos += 1;
                }
                Ok(Some(&self.text[start..self.pos]))
            }
            _ => Err(self.error("expected a cell: a string or null")),
        }
    }

    /// Reads the rest of a string whose opening quote is consumed.
    fn string(&mut self) -> Result<&str, QueryError> {
        let start = self.pos;
        let end = find_quote_or_backslash(self.bytes, start);
        match self.bytes.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                Ok(&self.text[start..end])
            }
            Some(_) => {
                self.scratch.clear();
                self.scratch.push_str(&self.text[start..end]);
                self.pos = end;
                self.unescape_rest()?;
                Ok(&self.scratch)
            }
            None => Err(self.error("unterminated string")),
        }
    }

    /// Continues a string with escapes into `scratch`, up to and including the closing quote.
    fn unescape_rest(&mut self) -> Result<(), QueryError> {
        loop {
            let end = find_quote_or_backslash(self.bytes, self.pos);
            self.scratch
                .push_str(&self.text[self.pos..end.min(self.bytes.len())]);
            self.pos = end;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => {
                    let escape = self.bytes.get(self.pos + 1).copied();
                    self.pos += 2;
                    let c = match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape in a string")),
                    };
                    self.scratch.push(c);
                }
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Reads the hex digits of a `\u` escape (the `\u` is consumed), joining surrogate pairs.
    fn unicode_escape(&mut self) -> Result<char, QueryError> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return Ok(char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        if self.bytes[self.pos..].starts_with(b"\\u") {
            self.pos += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
        Ok(char::REPLACEMENT_CHARACTER)
    }

    fn hex4(&mut self) -> Result<u32, QueryError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(digits)
    }
}

/// The index of the first `"` or `\` at or after `from`, or the length of `bytes`.
///
/// Eight bytes at a time: a byte equal to the target becomes zero after XOR, and the classic
/// "has a zero byte" bit trick finds it without a branch per byte.
fn find_quote_or_backslash(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    let mut pos = from;
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let mut word = [0_u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let q = word ^ QUOTES;
        let s = word ^ BACKSLASHES;
        let found = (q.wrapping_sub(ONES) & !q & HIGHS) | (s.wrapping_sub(ONES) & !s & HIGHS);
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' {
            return pos;
        }
        pos += 1;
    }
    bytes.len()
}

/// An integer, such as a scale-0 NUMBER or a DATE; falls back to the decimal parser for forms
/// like `"12.0"`.
fn parse_i64(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if !digits.is_empty() && digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit) {
        // 18 digits cannot overflow, so the common case needs no checks.
        let value = digits
            .iter()
            .fold(0_i64, |acc, d| acc * 10 + i64::from(d - b'0'));
        return Some(if negative { -value } else { value });
    }
    parse_decimal(text, 0).and_then(|v| i64::try_from(v).ok())
}

/// A decimal number as the unscaled integer at `scale`: `"12.345"` at scale 3 is 12345. Fewer
/// fraction digits are padded; extra digits must be zeros, as they cannot be represented. An
/// exponent (`1.5e3`) is accepted.
fn parse_decimal(text: &str, scale: u32) -> Option<i128> {
    let bytes = text.as_bytes().trim_ascii();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // The common case (at most 18 digits, no exponent, no more fraction digits than the scale)
    // accumulates in a u64 that cannot overflow; anything else takes the general path.
    let mut mantissa: u64 = 0;
    let mut digits = 0_u32;
    let mut fraction_digits = 0_u32;
    let mut seen_point = false;
    for &b in rest {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                fraction_digits += u32::from(seen_point);
                if digits > 18 {
                    return parse_decimal_general(bytes, scale);
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return parse_decimal_general(bytes, scale),
        }
    }
    if digits == 0 || fraction_digits > scale {
        return parse_decimal_general(bytes, scale);
    }
    let unscaled =
        i128::from(mantissa).checked_mul(10_i128.checked_pow(scale - fraction_digits)?)?;
    Some(if negative { -unscaled } else { unscaled })
}

/// [`parse_decimal`] for long mantissas, exponents and extra fraction digits.
fn parse_decimal_general(bytes: &[u8], scale: u32) -> Option<i128> {
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa: i128 = 0;
    let mut fraction_digits: i64 = 0;
    let mut seen_digit = false;
    let mut seen_point = false;
    let mut index = 0;
    while let Some(&b) = rest.get(index) {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .checked_mul(10)?
                    .checked_add(i128::from(b - b'0'))?;
                seen_digit = true;
                if seen_point {
                    fraction_digits += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        index += 1;
    }
    if !seen_digit {
        return None;
    }
    let exponent: i64 = match rest.get(index) {
        Some(_) => std::str::from_utf8(&rest[index + 1..]).ok()?.parse().ok()?,
        None => 0,
    };
    let shift = exponent - fraction_digits + i64::from(scale);
    let unscaled = if shift >= 0 {
        mantissa.checked_mul(10_i128.checked_pow(u32::try_from(shift).ok()?)?)?
    } else {
        let divisor = 10_i128.checked_pow(u32::try_from(-shift).ok()?)?;
        if mantissa % divisor != 0 {
            return None;
        }
        mantissa / divisor
    };
    Some(if negative { -unscaled } else { unscaled })
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" => Some(true),
        "0" => Some(false),
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The epoch part of a TIMESTAMP_TZ cell (`"1704164645.123 1500"`), checking the zone part.
fn split_zone(text: &str) -> Option<&str> {
    match text.trim().split_once(' ') {
        Some((epoch, zone)) => {
            zone.trim().parse::<i32>().ok()?;
            Some(epoch)
        }
        None => Some(text),
    }
}

/// Signed decimal seconds (`"1704164645.123456"`, `"-1.5"`) → nanoseconds. Fractions of any
/// length are read as a fraction of a second; digits past the ninth are dropped.
fn parse_epoch_nanos(text: &str) -> Option<i64> {
    /// 10^(9 − n): pads n fraction digits to nanoseconds.
    const PAD: [i64; 10] = [
        1_000_000_000,
        100_000_000,
        10_000_000,
        1_000_000,
        100_000,
        10_000,
        1_000,
        100,
        10,
        1,
    ];
    let bytes = text.as_bytes().trim_ascii();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut seconds: i64 = 0;
    let mut nanos: i64 = 0;
    let mut fraction_digits = 0_usize;
    let mut whole_digits = 0_u32;
    let mut in_fraction = false;
    let mut seen_digit = false;
    for &b in rest {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                let digit = i64::from(b - b'0');
                if !in_fraction {
                    // 18 digits cannot overflow an i64; more could never fit in nanoseconds.
                    whole_digits += 1;
                    if whole_digits > 18 {
                        return None;
                    }
                    seconds = seconds * 10 + digit;
                } else if fraction_digits < 9 {
                    nanos = nanos * 10 + digit;
                    fraction_digits += 1;
                }
            }
            b'.' if !in_fraction => in_fraction = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    let total = seconds
        .checked_mul(NANOS_PER_SECOND)?
        .checked_add(nanos * PAD[fraction_digits])?;
    Some(if negative { -total } else { total })
}

/// Hex text → bytes into `out` (cleared first).
fn decode_hex(text: &str, out: &mut Vec<u8>) -> Option<()> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    out.clear();
    out.reserve(bytes.len() / 2);
    for pair in bytes.chunks_exact(2) {
        let high = hex_value(pair[0])?;
        let low = hex_value(pair[1])?;
        out.push(high << 4 | low);
    }
    Some(())
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
