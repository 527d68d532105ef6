use std::collections::HashMap;

use arrow::array::{
    BooleanArray, Date32Array, Float64Array, Int8Array, Int16Array, Int32Array, ListArray,
    StringArray, Time64NanosecondArray,
};
use arrow::buffer::NullBuffer;
use arrow::datatypes::{Fields, Int32Type, Schema};
use arrow::ipc::writer::StreamWriter;

use super::*;
use crate::schema::{SNOWFLAKE_SCALE, SNOWFLAKE_TIMEZONE, SNOWFLAKE_TYPE};

/// A one-column wire batch with Snowflake's field metadata.
fn wire_batch(array: ArrayRef, metadata: &[(&str, &str)]) -> RecordBatch {
    let metadata: HashMap<String, String> = metadata
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let field = Field::new("C", array.data_type().clone(), true).with_metadata(metadata);
    RecordBatch::try_new(Arc::new(Schema::new(vec![field])), vec![array]).unwrap()
}

fn convert_one(sf_type: SnowflakeType, array: ArrayRef, metadata: &[(&str, &str)]) -> ArrayRef {
    let converter = ArrowConverter::new(vec![Column::new("C", sf_type)]);
    let batch = converter.convert(&wire_batch(array, metadata)).unwrap();
    assert_eq!(batch.schema(), *converter.schema());
    batch.column(0).clone()
}

fn convert_err(sf_type: SnowflakeType, array: ArrayRef, metadata: &[(&str, &str)]) -> String {
    let converter = ArrowConverter::new(vec![Column::new("C", sf_type)]);
    converter
        .convert(&wire_batch(array, metadata))
        .unwrap_err()
        .to_string()
}

fn fixed(precision: u8, scale: i8) -> SnowflakeType {
    SnowflakeType::Fixed { precision, scale }
}

fn ints(array: &ArrayRef) -> Vec<Option<i64>> {
    array.as_primitive::<Int64Type>().iter().collect()
}

fn decimals(array: &ArrayRef) -> Vec<Option<String>> {
    let d = array.as_primitive::<Decimal128Type>();
    (0..d.len())
        .map(|i| (!d.is_null(i)).then(|| d.value_as_string(i)))
        .collect()
}

fn timestamps(array: &ArrayRef) -> Vec<Option<i64>> {
    array
        .as_primitive::<arrow::datatypes::TimestampNanosecondType>()
        .iter()
        .collect()
}

#[test]
fn fixed_scale_zero_integers_of_any_width_become_int64() {
    let int8: ArrayRef = Arc::new(Int8Array::from(vec![Some(-128), None, Some(127)]));
    let out = convert_one(
        fixed(3, 0),
        int8,
        &[("logicalType", "FIXED"), ("scale", "0")],
    );
    assert_eq!(out.data_type(), &DataType::Int64);
    assert_eq!(ints(&out), [Some(-128), None, Some(127)]);

    let int16: ArrayRef = Arc::new(Int16Array::from(vec![i16::MIN, i16::MAX]));
    assert_eq!(
        ints(&convert_one(fixed(5, 0), int16, &[])),
        [Some(-32768), Some(32767)]
    );

    let int64: ArrayRef = Arc::new(Int64Array::from(vec![i64::MIN, 0, i64::MAX]));
    let out = convert_one(fixed(18, 0), int64, &[]);
    assert_eq!(ints(&out), [Some(i64::MIN), Some(0), Some(i64::MAX)]);
}

#[test]
fn fixed_scale_zero_decimal128_wire_becomes_int64() {
    let wire = Decimal128Array::from(vec![Some(42_i128), None, Some(-7)])
        .with_precision_and_scale(10, 0)
        .unwrap();
    let out = convert_one(fixed(10, 0), Arc::new(wire), &[]);
    assert_eq!(ints(&out), [Some(42), None, Some(-7)]);
}

#[test]
fn fixed_with_scale_from_scaled_integers() {
    let wire: ArrayRef = Arc::new(Int32Array::from(vec![Some(12345), Some(-5), None, Some(0)]));
    let out = convert_one(
        fixed(10, 3),
        wire,
        &[("logicalType", "FIXED"), ("scale", "3")],
    );
    assert_eq!(out.data_type(), &DataType::Decimal128(10, 3));
    assert_eq!(
        decimals(&out),
        [
            Some("12.345".into()),
            Some("-0.005".into()),
            None,
            Some("0.000".into())
        ]
    );
}

#[test]
fn fixed_max_precision_from_decimal128() {
    let max = 10_i128.pow(38) - 1;
    let wire = Decimal128Array::from(vec![Some(max), Some(-max), None])
        .with_precision_and_scale(38, 0)
        .unwrap();
    let out = convert_one(fixed(38, 0), Arc::new(wire), &[("scale", "0")]);
    assert_eq!(out.data_type(), &DataType::Decimal128(38, 0));
    assert_eq!(
        decimals(&out),
        [
            Some("9".repeat(38)),
            Some(format!("-{}", "9".repeat(38))),
            None
        ]
    );

    let scaled = Decimal128Array::from(vec![Some(max)])
        .with_precision_and_scale(38, 37)
        .unwrap();
    let out = convert_one(fixed(38, 37), Arc::new(scaled), &[]);
    assert_eq!(decimals(&out), [Some(format!("9.{}", "9".repeat(37)))]);
}

#[test]
fn fixed_scale_zero_with_large_precision_is_decimal() {
    let wire: ArrayRef = Arc::new(Int64Array::from(vec![Some(1), None]));
    let out = convert_one(fixed(38, 0), wire, &[("scale", "0")]);
    assert_eq!(out.data_type(), &DataType::Decimal128(38, 0));
    assert_eq!(decimals(&out), [Some("1".into()), None]);
}

#[test]
fn real_boolean_text_binary_pass_through() {
    let reals: ArrayRef = Arc::new(Float64Array::from(vec![Some(1.5), None, Some(f64::NAN)]));
    let out = convert_one(SnowflakeType::Real, reals, &[]);
    let out = out.as_primitive::<arrow::datatypes::Float64Type>();
    assert_eq!(out.value(0), 1.5);
    assert!(out.is_null(1) && out.value(2).is_nan());

    let bools: ArrayRef = Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)]));
    let out = convert_one(SnowflakeType::Boolean, bools, &[]);
    assert_eq!(
        out.as_boolean().iter().collect::<Vec<_>>(),
        [Some(true), None, Some(false)]
    );

    let text: ArrayRef = Arc::new(StringArray::from(vec![Some("héllo"), None]));
    let out = convert_one(SnowflakeType::Text { length: 10 }, text, &[]);
    assert_eq!(
        out.as_string::<i32>().iter().collect::<Vec<_>>(),
        [Some("héllo"), None]
    );

    let bytes: ArrayRef = Arc::new(BinaryArray::from(vec![Some(&b"AB"[..]), None]));
    let out = convert_one(SnowflakeType::Binary { length: 2 }, bytes, &[]);
    assert_eq!(
        out.as_binary::<i32>().iter().collect::<Vec<_>>(),
        [Some(&b"AB"[..]), None]
    );
}

#[test]
fn semi_structured_is_text_tagged_with_its_type() {
    let converter = ArrowConverter::new(vec![Column::new("V", SnowflakeType::Variant)]);
    let field = converter.schema().field(0);
    assert_eq!(field.data_type(), &DataType::Utf8);
    assert_eq!(field.metadata()[SNOWFLAKE_TYPE], "VARIANT");
    let json: ArrayRef = Arc::new(StringArray::from(vec![Some("{\n  \"a\": 1\n}"), None]));
    let out = convert_one(SnowflakeType::Object, json, &[("logicalType", "OBJECT")]);
    assert_eq!(out.as_string::<i32>().value(0), "{\n  \"a\": 1\n}");
}

#[test]
fn date_from_date32_and_int32() {
    let dates: ArrayRef = Arc::new(Date32Array::from(vec![Some(19724), Some(-1), None]));
    let out = convert_one(SnowflakeType::Date, dates, &[]);
    assert_eq!(
        out.as_primitive::<arrow::datatypes::Date32Type>()
            .iter()
            .collect::<Vec<_>>(),
        [Some(19724), Some(-1), None]
    );
    let days: ArrayRef = Arc::new(Int32Array::from(vec![Some(19724), None]));
    let out = convert_one(SnowflakeType::Date, days, &[]);
    assert_eq!(out.data_type(), &DataType::Date32);
    assert_eq!(
        out.as_primitive::<arrow::datatypes::Date32Type>().value(0),
        19724
    );
}

#[test]
fn time_from_int32_and_int64_by_scale() {
    // 12:34:56.789 at scale 3 (int32) and 9 (int64).
    let ms: ArrayRef = Arc::new(Int32Array::from(vec![Some(45_296_789), None]));
    let out = convert_one(SnowflakeType::Time { scale: 3 }, ms, &[("scale", "3")]);
    let out = out
        .as_any()
        .downcast_ref::<Time64NanosecondArray>()
        .unwrap();
    assert_eq!(out.value(0), 45_296_789_000_000);
    assert!(out.is_null(1));

    let ns: ArrayRef = Arc::new(Int64Array::from(vec![45_296_789_123_456_i64]));
    let out = convert_one(SnowflakeType::Time { scale: 9 }, ns, &[("scale", "9")]);
    assert_eq!(
        out.as_primitive::<arrow::datatypes::Time64NanosecondType>()
            .value(0),
        45_296_789_123_456
    );

    let secs: ArrayRef = Arc::new(Int32Array::from(vec![86_399]));
    let out = convert_one(SnowflakeType::Time { scale: 0 }, secs, &[("scale", "0")]);
    assert_eq!(
        out.as_primitive::<arrow::datatypes::Time64NanosecondType>()
            .value(0),
        86_399_000_000_000
    );
}

#[test]
fn ntz_from_int64_by_scale_including_pre_1970() {
    let micros: ArrayRef = Arc::new(Int64Array::from(vec![
        Some(1_704_164_645_123_456),
        Some(-1_500_000),
        None,
    ]));
    let out = convert_one(
        SnowflakeType::TimestampNtz { scale: 6 },
        micros,
        &[("logicalType", "TIMESTAMP_NTZ"), ("scale", "6")],
    );
    assert_eq!(
        out.data_type(),
        &DataType::Timestamp(TimeUnit::Nanosecond, None)
    );
    assert_eq!(
        timestamps(&out),
        [Some(1_704_164_645_123_456_000), Some(-1_500_000_000), None]
    );
}

fn epoch_fraction_struct(
    epochs: Vec<i64>,
    fractions: Vec<i32>,
    zones: Option<Vec<i32>>,
    nulls: Option<Vec<bool>>,
) -> ArrayRef {
    let mut fields = vec![
        Field::new("epoch", DataType::Int64, true),
        Field::new("fraction", DataType::Int32, true),
    ];
    let mut arrays: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from(epochs)),
        Arc::new(Int32Array::from(fractions)),
    ];
    if let Some(zones) = zones {
        fields.push(Field::new("timezone", DataType::Int32, true));
        arrays.push(Arc::new(Int32Array::from(zones)));
    }
    Arc::new(
        StructArray::try_new(Fields::from(fields), arrays, nulls.map(NullBuffer::from)).unwrap(),
    )
}

#[test]
fn ntz_and_ltz_from_epoch_fraction_structs() {
    // Pre-1970: 1969-12-31 23:59:58.5 is epoch −2 s + 0.5 s.
    let wire = epoch_fraction_struct(
        vec![1_704_164_645, -2, 0],
        vec![123_456_789, 500_000_000, 0],
        None,
        Some(vec![true, true, false]),
    );
    let out = convert_one(
        SnowflakeType::TimestampNtz { scale: 9 },
        wire.clone(),
        &[("scale", "9")],
    );
    assert_eq!(
        timestamps(&out),
        [Some(1_704_164_645_123_456_789), Some(-1_500_000_000), None]
    );
    let out = convert_one(
        SnowflakeType::TimestampLtz { scale: 9 },
        wire,
        &[("scale", "9")],
    );
    assert_eq!(
        out.data_type(),
        &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
    );
    assert_eq!(timestamps(&out)[0], Some(1_704_164_645_123_456_789));
}

#[test]
fn ltz_from_int64() {
    let wire: ArrayRef = Arc::new(Int64Array::from(vec![Some(1_704_164_645_123), None]));
    let out = convert_one(
        SnowflakeType::TimestampLtz { scale: 3 },
        wire,
        &[("scale", "3")],
    );
    assert_eq!(timestamps(&out), [Some(1_704_164_645_123_000_000), None]);
}

#[test]
fn tz_three_field_struct_becomes_the_utc_instant() {
    // 2024-01-02 04:04:05.123456789 +01:00 is 03:04:05.123456789 UTC.
    let wire = epoch_fraction_struct(
        vec![1_704_164_645, -1, 0],
        vec![123_456_789, 999_999_999, 0],
        Some(vec![1500, 1140, 1440]),
        Some(vec![true, true, false]),
    );
    let out = convert_one(
        SnowflakeType::TimestampTz { scale: 9 },
        wire,
        &[("scale", "9"), ("byteLength", "16")],
    );
    assert_eq!(
        timestamps(&out),
        [Some(1_704_164_645_123_456_789), Some(-1), None]
    );
    let converter = ArrowConverter::new(vec![Column::new(
        "C",
        SnowflakeType::TimestampTz { scale: 9 },
    )]);
    assert_eq!(
        converter.schema().field(0).metadata()[SNOWFLAKE_TIMEZONE],
        "UTC"
    );
    assert_eq!(converter.schema().field(0).metadata()[SNOWFLAKE_SCALE], "9");
}

#[test]
fn tz_two_field_struct_is_scaled_epoch() {
    let fields = Fields::from(vec![
        Field::new("epoch", DataType::Int64, true),
        Field::new("timezone", DataType::Int32, true),
    ]);
    let wire: ArrayRef = Arc::new(
        StructArray::try_new(
            fields,
            vec![
                Arc::new(Int64Array::from(vec![1_704_164_645_123, -1_500, 0])),
                Arc::new(Int32Array::from(vec![1500, 1440, 1440])),
            ],
            Some(NullBuffer::from(vec![true, true, false])),
        )
        .unwrap(),
    );
    let out = convert_one(
        SnowflakeType::TimestampTz { scale: 3 },
        wire,
        &[("scale", "3"), ("byteLength", "8")],
    );
    assert_eq!(
        timestamps(&out),
        [Some(1_704_164_645_123_000_000), Some(-1_500_000_000), None]
    );
}

#[test]
fn timestamps_outside_nanosecond_range_are_errors() {
    // 9999-12-31 in seconds.
    let wire: ArrayRef = Arc::new(Int64Array::from(vec![253_402_214_400_i64]));
    let error = convert_err(
        SnowflakeType::TimestampNtz { scale: 0 },
        wire,
        &[("scale", "0")],
    );
    assert!(
        error.contains("column C") && error.contains("nanosecond range"),
        "{error}"
    );

    let wire = epoch_fraction_struct(vec![253_402_214_400], vec![0], None, None);
    let error = convert_err(SnowflakeType::TimestampNtz { scale: 9 }, wire, &[]);
    assert!(error.contains("nanosecond range"), "{error}");
}

#[test]
fn wrong_column_count_is_an_error() {
    let converter = ArrowConverter::new(vec![
        Column::new("A", SnowflakeType::Real),
        Column::new("B", SnowflakeType::Real),
    ]);
    let wire = wire_batch(Arc::new(Float64Array::from(vec![1.0])), &[]);
    let error = converter.convert(&wire).unwrap_err().to_string();
    assert!(
        error.contains("1 columns") && error.contains("has 2"),
        "{error}"
    );
}

#[test]
fn unconvertible_wire_types_are_errors_not_panics() {
    let wire: ArrayRef = Arc::new(BooleanArray::from(vec![true]));
    let error = convert_err(SnowflakeType::Date, wire, &[]);
    assert!(error.contains("column C"), "{error}");
}

#[test]
fn vectors_become_text() {
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
        Some(vec![Some(1), Some(2), Some(3)]),
        None,
    ]);
    let out = convert_one(
        SnowflakeType::Vector { dimension: Some(3) },
        Arc::new(list),
        &[],
    );
    let out = out.as_string::<i32>();
    assert_eq!(out.value(0), "[1, 2, 3]");
    assert!(out.is_null(1));
}

#[test]
fn decfloat_struct_becomes_text() {
    let fields = Fields::from(vec![
        Field::new("exponent", DataType::Int16, true),
        Field::new("significand", DataType::Binary, true),
    ]);
    let wire: ArrayRef = Arc::new(
        StructArray::try_new(
            fields,
            vec![
                Arc::new(Int16Array::from(vec![-2, 0, 0])),
                Arc::new(BinaryArray::from(vec![
                    &[0x04_u8, 0xD2][..],
                    &[0xFF][..],
                    &[0][..],
                ])),
            ],
            Some(NullBuffer::from(vec![true, true, false])),
        )
        .unwrap(),
    );
    let out = convert_one(SnowflakeType::DecFloat, wire, &[]);
    let out = out.as_string::<i32>();
    assert_eq!(out.value(0), "1234e-2");
    assert_eq!(out.value(1), "-1");
    assert!(out.is_null(2));
}

#[test]
fn ipc_streams_raw_and_base64() {
    let columns = vec![
        Column::new("N", fixed(10, 2)),
        Column::new("T", SnowflakeType::TimestampNtz { scale: 3 }),
    ];
    let schema = Arc::new(Schema::new(vec![
        Field::new("N", DataType::Int32, true)
            .with_metadata(HashMap::from([("scale".to_owned(), "2".to_owned())])),
        Field::new("T", DataType::Int64, true)
            .with_metadata(HashMap::from([("scale".to_owned(), "3".to_owned())])),
    ]));
    let mut bytes = Vec::new();
    {
        let mut writer = StreamWriter::try_new(&mut bytes, &schema).unwrap();
        for (n, t) in [(150, 1_000), (-1, -1)] {
            let batch = RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(Int32Array::from(vec![n])),
                    Arc::new(Int64Array::from(vec![t])),
                ],
            )
            .unwrap();
            writer.write(&batch).unwrap();
        }
        writer.finish().unwrap();
    }
    let converter = ArrowConverter::new(columns);
    let batches = converter.convert_ipc(&bytes).unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(decimals(batches[0].column(0)), [Some("1.50".into())]);
    assert_eq!(timestamps(batches[1].column(1)), [Some(-1_000_000)]);

    let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let from_base64 = converter.convert_base64(&encoded).unwrap();
    assert_eq!(from_base64, batches);
    assert!(converter.convert_base64("").unwrap().is_empty());
    assert!(converter.convert_ipc(b"not arrow").is_err());
    assert!(converter.convert_base64("!!!").is_err());
}
