use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde_json::json;

use super::*;
use crate::bind_value::BindType;

fn encoded(value: impl ToSql) -> (&'static str, Option<String>) {
    let bound = value.to_bind();
    (bound.bind_type().as_str(), bound.value().map(str::to_owned))
}

fn some(text: &str) -> Option<String> {
    Some(text.to_owned())
}

#[test]
fn integers_are_fixed_decimal_text() {
    assert_eq!(encoded(10_i32), ("FIXED", some("10")));
    assert_eq!(encoded(-7_i8), ("FIXED", some("-7")));
    assert_eq!(encoded(u64::MAX), ("FIXED", some("18446744073709551615")));
    assert_eq!(
        encoded(i128::MIN),
        ("FIXED", some("-170141183460469231731687303715884105728"))
    );
}

#[test]
fn floats_are_real_text_that_round_trips() {
    assert_eq!(encoded(1.5_f64), ("REAL", some("1.5")));
    assert_eq!(encoded(0.1_f32), ("REAL", some("0.1")));
    assert_eq!(encoded(1e300_f64), ("REAL", some("1e300")));
    assert_eq!(encoded(-2.5e-7_f64), ("REAL", some("-2.5e-7")));
    assert_eq!(encoded(f64::NAN), ("REAL", some("NaN")));
    assert_eq!(encoded(f64::NEG_INFINITY), ("REAL", some("-inf")));
    for v in [123456.789_f64, 1e16, 9.999e-6, f64::MAX, f64::MIN_POSITIVE] {
        let text = v.to_bind().value().map(str::to_owned).unwrap_or_default();
        assert_eq!(text.parse::<f64>().ok(), Some(v), "{text}");
    }
}

#[test]
fn strings_booleans_and_bytes() {
    assert_eq!(encoded("héllo"), ("TEXT", some("héllo")));
    assert_eq!(encoded(String::from("x")), ("TEXT", some("x")));
    assert_eq!(encoded(true), ("BOOLEAN", some("true")));
    assert_eq!(encoded(false), ("BOOLEAN", some("false")));
    assert_eq!(encoded(&b"AB\x00\xff"[..]), ("BINARY", some("414200ff")));
    assert_eq!(encoded(vec![0x0a_u8]), ("BINARY", some("0a")));
}

#[test]
fn dates_are_milliseconds_since_epoch() {
    let d = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    assert_eq!(encoded(d), ("DATE", some("1704153600000")));
    let before = NaiveDate::from_ymd_opt(1969, 12, 31).unwrap();
    assert_eq!(encoded(before), ("DATE", some("-86400000")));
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    assert_eq!(encoded(epoch), ("DATE", some("0")));
}

#[test]
fn times_are_nanoseconds_since_midnight() {
    let t = NaiveTime::from_hms_nano_opt(12, 34, 56, 789_000_000).unwrap();
    assert_eq!(encoded(t), ("TIME", some("45296789000000")));
    assert_eq!(encoded(NaiveTime::MIN), ("TIME", some("0")));
}

#[test]
fn naive_timestamps_are_ntz_nanoseconds() {
    let dt = NaiveDate::from_ymd_opt(2024, 1, 2)
        .unwrap()
        .and_hms_opt(3, 4, 5)
        .unwrap();
    assert_eq!(encoded(dt), ("TIMESTAMP_NTZ", some("1704164645000000000")));
    let before = NaiveDate::from_ymd_opt(1969, 12, 31)
        .unwrap()
        .and_hms_nano_opt(23, 59, 58, 500_000_000)
        .unwrap();
    assert_eq!(encoded(before), ("TIMESTAMP_NTZ", some("-1500000000")));
    // Beyond the i64 nanosecond range: still encoded exactly.
    let far = NaiveDate::from_ymd_opt(9999, 12, 31)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    assert_eq!(
        encoded(far),
        ("TIMESTAMP_NTZ", some("253402214400000000000"))
    );
}

#[test]
fn zoned_timestamps_are_tz_with_offset_plus_1440() {
    let plus_one = FixedOffset::east_opt(3600).unwrap();
    let dt = plus_one.with_ymd_and_hms(2024, 1, 2, 4, 4, 5).unwrap();
    assert_eq!(
        encoded(dt),
        ("TIMESTAMP_TZ", some("1704164645000000000 1500"))
    );
    let minus_five = FixedOffset::west_opt(5 * 3600).unwrap();
    let dt = minus_five.with_ymd_and_hms(2024, 1, 1, 22, 4, 5).unwrap();
    assert_eq!(
        encoded(dt),
        ("TIMESTAMP_TZ", some("1704164645000000000 1140"))
    );
    let utc = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    assert_eq!(
        encoded(utc),
        ("TIMESTAMP_TZ", some("1704164645000000000 1440"))
    );
}

#[test]
fn ltz_and_ntz_from_zoned_values() {
    let plus_one = FixedOffset::east_opt(3600).unwrap();
    let dt = plus_one.with_ymd_and_hms(2024, 1, 2, 4, 4, 5).unwrap();
    let ltz = BindValue::timestamp_ltz(&dt);
    assert_eq!(ltz.bind_type(), BindType::TimestampLtz);
    assert_eq!(ltz.value(), Some("1704164645000000000"));
    let ntz = BindValue::timestamp_ntz(&dt);
    assert_eq!(ntz.bind_type(), BindType::TimestampNtz);
    assert_eq!(ntz.value(), Some("1704168245000000000"));
}

#[test]
fn options_are_typed_nulls() {
    assert_eq!(encoded(Option::<i64>::None), ("FIXED", None));
    assert_eq!(encoded(Option::<String>::None), ("TEXT", None));
    assert_eq!(encoded(Option::<NaiveDate>::None), ("DATE", None));
    assert_eq!(encoded(Some(3_u8)), ("FIXED", some("3")));
    assert_eq!(encoded(BindValue::null()), ("ANY", None));
}

#[test]
fn json_is_text_holding_json() {
    assert_eq!(
        encoded(json!({"a": [1, 2]})),
        ("TEXT", some(r#"{"a":[1,2]}"#))
    );
    assert_eq!(encoded(json!("s")), ("TEXT", some(r#""s""#)));
    assert_eq!(encoded(serde_json::Value::Null), ("TEXT", None));
}

#[test]
fn positional_binds_serialize_in_order() {
    let mut binds = Binds::new();
    for i in 1..=11 {
        binds.push(i);
    }
    let wire = binds.to_wire().unwrap();
    let keys: Vec<&str> = wire.0.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
    );
    let json = serde_json::to_value(&wire).unwrap();
    assert_eq!(json["11"], json!({"type": "FIXED", "value": "11"}));
}

#[test]
fn named_binds_use_names_and_replace() {
    let mut binds = Binds::new();
    binds
        .bind_named("id", 1)
        .bind_named("name", "a")
        .bind_named("id", 2);
    let json = serde_json::to_value(binds.to_wire().unwrap()).unwrap();
    assert_eq!(
        json,
        json!({"id": {"type": "FIXED", "value": "2"}, "name": {"type": "TEXT", "value": "a"}})
    );
}

#[test]
fn mixing_positional_and_named_is_refused() {
    let mut binds = Binds::new();
    binds.push(1).bind_named("x", 2);
    let error = binds.to_wire().unwrap_err();
    assert!(
        matches!(error, QueryError::Bind { ref param, .. } if param == "x"),
        "{error}"
    );
}

#[test]
fn array_binds_are_columns_with_nulls() {
    let mut binds = Binds::new();
    binds
        .push_array([Some(1), None, Some(3)])
        .push_array(["a", "b", "c"]);
    assert_eq!(binds.array_rows(), Some(3));
    let json = serde_json::to_value(binds.to_wire().unwrap()).unwrap();
    assert_eq!(
        json,
        json!({
            "1": {"type": "FIXED", "value": ["1", null, "3"]},
            "2": {"type": "TEXT", "value": ["a", "b", "c"]},
        })
    );
}

#[test]
fn array_binds_must_agree_on_length_and_shape() {
    let mut binds = Binds::new();
    binds.push_array([1, 2]).push_array([1, 2, 3]);
    let error = binds.to_wire().unwrap_err();
    assert!(error.to_string().contains("3 rows"), "{error}");

    let mut binds = Binds::new();
    binds.push_array([1, 2]).push(5);
    let error = binds.to_wire().unwrap_err();
    assert!(
        matches!(error, QueryError::Bind { ref param, .. } if param == "2"),
        "{error}"
    );
}

#[test]
fn array_of_bind_values_needs_one_type() {
    let column = ArrayBind::from_bind_values([
        BindValue::null(),
        BindValue::from(1.5),
        BindValue::typed_null(BindType::Real),
    ])
    .unwrap();
    assert_eq!(column.bind_type(), BindType::Real);
    assert_eq!(
        column.to_wire().value,
        WireBindValue::Array(vec![None, some("1.5"), None])
    );

    let all_null = ArrayBind::from_bind_values([BindValue::null(), BindValue::null()]).unwrap();
    assert_eq!(all_null.bind_type(), BindType::Text);

    let mixed = ArrayBind::from_bind_values([BindValue::from(1), BindValue::from("x")]);
    assert!(mixed.unwrap_err().contains("row 1 is TEXT"));
}

#[test]
fn binds_from_iterators() {
    let binds: Binds = ["a", "b"].into_iter().collect();
    assert_eq!(binds.len(), 2);
    assert_eq!(binds.array_rows(), None);
    let wire = binds.to_wire().unwrap();
    assert_eq!(wire.get("2").map(|b| b.sf_type.as_str()), Some("TEXT"));
    assert!(Binds::new().to_wire().unwrap().is_empty());
}
