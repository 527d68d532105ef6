//! How the engine holds TIMESTAMP_TZ: every value keeps its instant AND the offset it was
//! written with, as Snowflake does (`'2024-01-02 03:04:05 +01:00'::timestamp_tz` shows
//! `+0100` again). Arrow timestamps carry one time zone per column, so a value is a struct
//! `{utc: Timestamp(ns, "UTC"), offset_minutes: Int16}`. The instant comes first so that the
//! struct's natural order (ORDER BY, MIN, MAX) is the order of instants; comparisons, which
//! must ignore the offset, are planned on the instant alone (`functions::tz_planner`).

use std::sync::Arc;

use arrow::{
    array::{Array, ArrayRef, AsArray, Int16Array, StructArray, TimestampNanosecondArray},
    buffer::NullBuffer,
    datatypes::{DataType, Field, Fields, Int16Type, TimeUnit, TimestampNanosecondType},
};

/// Name of the child holding the instant (nanoseconds since the epoch, UTC).
pub const UTC_FIELD: &str = "utc";
/// Name of the child holding the offset from UTC in minutes (east positive).
pub const OFFSET_FIELD: &str = "offset_minutes";

const NANOS_PER_MINUTE: i64 = 60_000_000_000;

/// The Arrow type of a TIMESTAMP_TZ value inside the engine.
pub fn data_type() -> DataType {
    DataType::Struct(fields())
}

fn fields() -> Fields {
    Fields::from(vec![
        Field::new(
            UTC_FIELD,
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
            true,
        ),
        Field::new(OFFSET_FIELD, DataType::Int16, true),
    ])
}

/// Whether `data_type` is the engine's TIMESTAMP_TZ layout.
pub fn is_timestamp_tz(data_type: &DataType) -> bool {
    matches!(data_type, DataType::Struct(f) if *f == fields())
}

/// One TIMESTAMP_TZ value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TzValue {
    /// The instant: nanoseconds since 1970-01-01 00:00:00 UTC.
    pub utc_nanos: i64,
    /// The offset the value was written with, in minutes east of UTC.
    pub offset_minutes: i16,
}

impl TzValue {
    /// The value whose wall clock at `offset_minutes` is `local_nanos`; `None` out of range.
    pub fn from_local(local_nanos: i64, offset_minutes: i16) -> Option<Self> {
        let shift = i64::from(offset_minutes).checked_mul(NANOS_PER_MINUTE)?;
        Some(Self {
            utc_nanos: local_nanos.checked_sub(shift)?,
            offset_minutes,
        })
    }

    /// The wall clock the value shows (its instant at its own offset), as nanoseconds since
    /// 1970-01-01 00:00:00 of that clock; `None` out of range.
    pub fn local_nanos(&self) -> Option<i64> {
        let shift = i64::from(self.offset_minutes).checked_mul(NANOS_PER_MINUTE)?;
        self.utc_nanos.checked_add(shift)
    }

    /// The offset in seconds east of UTC.
    pub fn offset_seconds(&self) -> i32 {
        i32::from(self.offset_minutes) * 60
    }
}

/// The offset in minutes of an offset in seconds, when it is whole minutes within a day
/// (what Snowflake can store); `None` otherwise.
pub fn offset_minutes_of_seconds(seconds: i32) -> Option<i16> {
    if seconds % 60 != 0 || seconds.abs() >= 86_400 {
        return None;
    }
    i16::try_from(seconds / 60).ok()
}

/// A TIMESTAMP_TZ array of `values` (`None` is NULL).
pub fn build(values: impl IntoIterator<Item = Option<TzValue>>) -> ArrayRef {
    let values: Vec<Option<TzValue>> = values.into_iter().collect();
    let utc: TimestampNanosecondArray = values
        .iter()
        .map(|v| v.map(|v| v.utc_nanos))
        .collect::<TimestampNanosecondArray>()
        .with_timezone("UTC");
    let offsets: Int16Array = values.iter().map(|v| v.map(|v| v.offset_minutes)).collect();
    let nulls = NullBuffer::from(values.iter().map(Option::is_some).collect::<Vec<_>>());
    let nulls = (nulls.null_count() > 0).then_some(nulls);
    Arc::new(StructArray::new(
        fields(),
        vec![Arc::new(utc) as ArrayRef, Arc::new(offsets)],
        nulls,
    ))
}

/// The value at `row` of a TIMESTAMP_TZ array; `None` when it is NULL or `array` is not one.
pub fn value_at(array: &dyn Array, row: usize) -> Option<TzValue> {
    if array.is_null(row) || !is_timestamp_tz(array.data_type()) {
        return None;
    }
    let parts = array.as_struct();
    let utc = parts.column(0).as_primitive::<TimestampNanosecondType>();
    let offsets = parts.column(1).as_primitive::<Int16Type>();
    if utc.is_null(row) {
        return None;
    }
    Some(TzValue {
        utc_nanos: utc.value(row),
        offset_minutes: if offsets.is_null(row) {
            0
        } else {
            offsets.value(row)
        },
    })
}

/// Every value of a TIMESTAMP_TZ array (empty when `array` is not one).
pub fn values(array: &dyn Array) -> Vec<Option<TzValue>> {
    if !is_timestamp_tz(array.data_type()) {
        return Vec::new();
    }
    (0..array.len()).map(|row| value_at(array, row)).collect()
}

/// The instants of a TIMESTAMP_TZ array as TIMESTAMP_LTZ (`Timestamp(ns, "UTC")`).
pub fn instants(array: &dyn Array) -> ArrayRef {
    let values: TimestampNanosecondArray = values(array)
        .into_iter()
        .map(|v| v.map(|v| v.utc_nanos))
        .collect();
    Arc::new(values.with_timezone("UTC"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_with_their_offsets() {
        let one = TzValue::from_local(3_600 * 1_000_000_000, 60).unwrap();
        assert_eq!(one.utc_nanos, 0);
        assert_eq!(one.local_nanos(), Some(3_600 * 1_000_000_000));
        let array = build([Some(one), None]);
        assert!(is_timestamp_tz(array.data_type()));
        assert_eq!(values(array.as_ref()), vec![Some(one), None]);
        assert_eq!(array.null_count(), 1);
        assert_eq!(offset_minutes_of_seconds(-9_000), Some(-150));
        assert_eq!(offset_minutes_of_seconds(30), None);
        assert!(!is_timestamp_tz(&DataType::Int64));
    }
}
