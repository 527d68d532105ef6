use arrow::array::{Array, AsArray};
use arrow::datatypes::{
    Date32Type, Decimal128Type, Float64Type, Int64Type, Time64NanosecondType,
    TimestampNanosecondType,
};

use super::*;

fn decoder(types: Vec<SnowflakeType>) -> JsonRowsetDecoder {
    JsonRowsetDecoder::new(
        types
            .into_iter()
            .enumerate()
            .map(|(i, t)| Column::new(format!("C{i}"), t))
            .collect(),
    )
}

fn one(sf_type: SnowflakeType, json: &str) -> ArrayRef {
    let batch = decoder(vec![sf_type]).decode(json.as_bytes()).unwrap();
    batch.column(0).clone()
}

fn error(sf_type: SnowflakeType, json: &str) -> String {
    decoder(vec![sf_type])
        .decode(json.as_bytes())
        .unwrap_err()
        .to_string()
}

#[test]
fn full_array_and_bracketless_chunk_give_the_same_batch() {
    let d = decoder(vec![
        SnowflakeType::Fixed {
            precision: 18,
            scale: 0,
        },
        SnowflakeType::Text { length: 10 },
    ]);
    let full = d.decode(br#"[["1","a"],["2",null]]"#).unwrap();
    let chunk = d.decode(br#"["1","a"],["2",null]"#).unwrap();
    let spaced = d
        .decode(b" [ [ \"1\" , \"a\" ] ,\n [\"2\", null ] ]\n")
        .unwrap();
    assert_eq!(full, chunk);
    assert_eq!(full, spaced);
    assert_eq!(full.schema(), *d.schema());
    assert_eq!(full.num_rows(), 2);
}

#[test]
fn empty_rowsets() {
    let d = decoder(vec![SnowflakeType::Real]);
    for empty in ["", "[]", "  [ ]  ", "\n"] {
        assert_eq!(
            d.decode(empty.as_bytes()).unwrap().num_rows(),
            0,
            "{empty:?}"
        );
    }
}

#[test]
fn fixed_to_int64_and_decimal() {
    let out = one(
        SnowflakeType::Fixed {
            precision: 18,
            scale: 0,
        },
        r#"[["123456789012"],["-5"],[null],["999999999999999999"],["-9223372036854775808"]]"#,
    );
    assert_eq!(
        out.as_primitive::<Int64Type>().iter().collect::<Vec<_>>(),
        [
            Some(123_456_789_012),
            Some(-5),
            None,
            Some(999_999_999_999_999_999),
            Some(i64::MIN)
        ]
    );
    let out = one(
        SnowflakeType::Fixed {
            precision: 10,
            scale: 3,
        },
        r#"[["12.345"],["-0.005"],["7"],["1.5"],[null]]"#,
    );
    let d = out.as_primitive::<Decimal128Type>();
    assert_eq!(
        (0..4).map(|i| d.value_as_string(i)).collect::<Vec<_>>(),
        ["12.345", "-0.005", "7.000", "1.500"]
    );
    assert!(d.is_null(4));
    let max = "9".repeat(38);
    let out = one(
        SnowflakeType::Fixed {
            precision: 38,
            scale: 0,
        },
        &format!(r#"[["{max}"],["-{max}"]]"#),
    );
    let d = out.as_primitive::<Decimal128Type>();
    assert_eq!(d.value_as_string(0), max);
    assert_eq!(d.value_as_string(1), format!("-{max}"));
}

#[test]
fn fixed_rejects_lossy_or_malformed_text() {
    let e = error(
        SnowflakeType::Fixed {
            precision: 10,
            scale: 2,
        },
        r#"[["1.234"]]"#,
    );
    assert!(
        e.contains("column C0") && e.contains("row 0") && e.contains("1.234"),
        "{e}"
    );
    let e = error(
        SnowflakeType::Fixed {
            precision: 18,
            scale: 0,
        },
        r#"[["abc"]]"#,
    );
    assert!(e.contains("an integer"), "{e}");
    let e = error(
        SnowflakeType::Fixed {
            precision: 18,
            scale: 0,
        },
        r#"[["99999999999999999999"]]"#,
    );
    assert!(e.contains("an integer"), "{e}");
}

#[test]
fn real_text_including_special_values() {
    let out = one(
        SnowflakeType::Real,
        r#"[["1.5"],["NaN"],["inf"],["-inf"],["1e300"],[null]]"#,
    );
    let f = out.as_primitive::<Float64Type>();
    assert_eq!(f.value(0), 1.5);
    assert!(f.value(1).is_nan());
    assert_eq!(f.value(2), f64::INFINITY);
    assert_eq!(f.value(3), f64::NEG_INFINITY);
    assert_eq!(f.value(4), 1e300);
    assert!(f.is_null(5));
}

#[test]
fn boolean_in_connector_and_sql_api_forms() {
    let out = one(
        SnowflakeType::Boolean,
        r#"[["1"],["0"],["true"],["FALSE"],[null]]"#,
    );
    assert_eq!(
        out.as_boolean().iter().collect::<Vec<_>>(),
        [Some(true), Some(false), Some(true), Some(false), None]
    );
    assert!(error(SnowflakeType::Boolean, r#"[["yes"]]"#).contains("1, 0, true or false"));
}

#[test]
fn text_with_escapes_and_unicode() {
    let out = one(
        SnowflakeType::Text { length: 100 },
        r#"[["héllo"],["a\"b\\c\/d\n\t"],["\u00e9\ud83d\ude00"],[""],[null]]"#,
    );
    let s = out.as_string::<i32>();
    assert_eq!(s.value(0), "héllo");
    assert_eq!(s.value(1), "a\"b\\c/d\n\t");
    assert_eq!(s.value(2), "é😀");
    assert_eq!(s.value(3), "");
    assert!(s.is_null(4));
}

#[test]
fn long_strings_cross_the_eight_byte_scan() {
    let long = "x".repeat(37);
    let escaped = format!("{long}\\\"{long}");
    let json = format!(r#"[["{long}"],["{escaped}"]]"#);
    let out = one(SnowflakeType::Text { length: 100 }, &json);
    let s = out.as_string::<i32>();
    assert_eq!(s.value(0), long);
    assert_eq!(s.value(1), format!("{long}\"{long}"));
}

#[test]
fn variant_is_json_text() {
    let out = one(SnowflakeType::Variant, r#"[["{\n  \"a\": 1\n}"]]"#);
    assert_eq!(out.as_string::<i32>().value(0), "{\n  \"a\": 1\n}");
}

#[test]
fn date_is_days_since_epoch() {
    let out = one(SnowflakeType::Date, r#"[["19724"],["-1"],[null]]"#);
    assert_eq!(
        out.as_primitive::<Date32Type>().iter().collect::<Vec<_>>(),
        [Some(19724), Some(-1), None]
    );
}

#[test]
fn time_with_any_fraction_length() {
    let out = one(
        SnowflakeType::Time { scale: 3 },
        r#"[["45296.789"],["0"],["86399.999999999"],["1.5"],[null]]"#,
    );
    assert_eq!(
        out.as_primitive::<Time64NanosecondType>()
            .iter()
            .collect::<Vec<_>>(),
        [
            Some(45_296_789_000_000),
            Some(0),
            Some(86_399_999_999_999),
            Some(1_500_000_000),
            None
        ]
    );
}

#[test]
fn timestamps_ntz_ltz_and_pre_1970() {
    let json =
        r#"[["1704164645.123456"],["-1.5"],["0.000000001"],["1704164645.1234567891"],[null]]"#;
    let expected = [
        Some(1_704_164_645_123_456_000),
        Some(-1_500_000_000),
        Some(1),
        Some(1_704_164_645_123_456_789),
        None,
    ];
    let ntz = one(SnowflakeType::TimestampNtz { scale: 6 }, json);
    assert_eq!(
        ntz.data_type(),
        &DataType::Timestamp(arrow::datatypes::TimeUnit::Nanosecond, None)
    );
    assert_eq!(
        ntz.as_primitive::<TimestampNanosecondType>()
            .iter()
            .collect::<Vec<_>>(),
        expected
    );
    let ltz = one(SnowflakeType::TimestampLtz { scale: 9 }, json);
    assert_eq!(
        ltz.as_primitive::<TimestampNanosecondType>().timezone(),
        Some("UTC")
    );
    assert_eq!(
        ltz.as_primitive::<TimestampNanosecondType>()
            .iter()
            .collect::<Vec<_>>(),
        expected
    );
}

#[test]
fn timestamp_tz_is_the_utc_instant() {
    let out = one(
        SnowflakeType::TimestampTz { scale: 3 },
        r#"[["1704164645.123 1500"],["1704164645.123000000 1140"],["-0.5 1440"],[null]]"#,
    );
    assert_eq!(
        out.as_primitive::<TimestampNanosecondType>()
            .iter()
            .collect::<Vec<_>>(),
        [
            Some(1_704_164_645_123_000_000),
            Some(1_704_164_645_123_000_000),
            Some(-500_000_000),
            None
        ]
    );
    assert!(
        error(SnowflakeType::TimestampTz { scale: 3 }, r#"[["1.5 x"]]"#).contains("minutes + 1440")
    );
}

#[test]
fn timestamps_outside_nanosecond_range_are_errors() {
    let e = error(
        SnowflakeType::TimestampNtz { scale: 0 },
        r#"[["253402214400"]]"#,
    );
    assert!(e.contains("1677 to 2262"), "{e}");
}

#[test]
fn binary_is_hex() {
    let out = one(
        SnowflakeType::Binary { length: 3 },
        r#"[["414243"],["00ff"],[""],[null]]"#,
    );
    let b = out.as_binary::<i32>();
    assert_eq!(b.value(0), b"ABC");
    assert_eq!(b.value(1), [0, 255]);
    assert_eq!(b.value(2), b"");
    assert!(b.is_null(3));
    assert!(error(SnowflakeType::Binary { length: 1 }, r#"[["4G"]]"#).contains("hexadecimal"));
}

#[test]
fn bare_numbers_are_accepted_leniently() {
    let out = one(
        SnowflakeType::Fixed {
            precision: 18,
            scale: 0,
        },
        "[[12],[-3]]",
    );
    assert_eq!(out.as_primitive::<Int64Type>().values().to_vec(), [12, -3]);
    let out = one(SnowflakeType::Boolean, "[[true],[false]]");
    assert_eq!(
        out.as_boolean().iter().collect::<Vec<_>>(),
        [Some(true), Some(false)]
    );
}

#[test]
fn malformed_rowsets_are_errors_not_panics() {
    let two = || {
        decoder(vec![
            SnowflakeType::Text { length: 1 },
            SnowflakeType::Text { length: 1 },
        ])
    };
    let cases = [
        (r#"[["a"]]"#, "has 1 cells"),
        (r#"[["a","b","c"]]"#, "more cells"),
        (r#"[["a","b"]"#, "unterminated rowset"),
        (r#"[["a","b]]"#, "unterminated string"),
        (r#"[["a" "b"]]"#, "between cells"),
        (r#"["a","b"] ["c","d"]"#, "between rows"),
        (r#"[["a","b"]] x"#, "after the rowset"),
        (r#"{"a": 1}"#, "expected a row"),
        (r#"[["a",{}]]"#, "expected a cell"),
        (r#"[["\x","b"]]"#, "invalid escape"),
        (r#"[["\u12","b"]]"#, "invalid \\u"),
        ("[[\"a\",\"b\\", "invalid escape"),
        ("[[\"a\",\"b\\n", "unterminated string"),
    ];
    for (json, expected) in cases {
        let e = two().decode(json.as_bytes()).unwrap_err().to_string();
        assert!(e.contains(expected), "{json}: {e}");
    }
    let e = two().decode(b"[[\"\xff\",\"b\"]]").unwrap_err().to_string();
    assert!(e.contains("not UTF-8"), "{e}");
}

#[test]
fn parse_helpers() {
    assert_eq!(parse_decimal("1.5e3", 0), Some(1500));
    assert_eq!(parse_decimal("-12.30", 1), Some(-123));
    assert_eq!(parse_decimal("+.5", 1), Some(5));
    assert_eq!(parse_decimal(".", 1), None);
    assert_eq!(parse_decimal("1e", 0), None);
    assert_eq!(parse_i64("12.0"), Some(12));
    assert_eq!(parse_i64("9223372036854775807"), Some(i64::MAX));
    assert_eq!(parse_i64("9223372036854775808"), None);
    assert_eq!(parse_epoch_nanos("-0.000000001"), Some(-1));
    assert_eq!(parse_epoch_nanos("."), None);
    assert_eq!(parse_epoch_nanos(""), None);
    assert_eq!(parse_epoch_nanos("1.2.3"), None);
    assert_eq!(find_quote_or_backslash(b"abcdefghij\"", 0), 10);
    assert_eq!(find_quote_or_backslash(b"abcdefgh\\", 3), 8);
    assert_eq!(find_quote_or_backslash(b"abc", 0), 3);
}

#[test]
fn mutated_input_never_panics() {
    let d = decoder(vec![
        SnowflakeType::Fixed {
            precision: 38,
            scale: 2,
        },
        SnowflakeType::Text { length: 10 },
        SnowflakeType::TimestampTz { scale: 9 },
        SnowflakeType::Binary { length: 4 },
    ]);
    let valid = r#"[["1.25","a\u00e9\"é",null,"00ff"],["-3","",  "1.5 1500", null]]"#.as_bytes();
    let alphabet = b"[]\",\\u0123456789.-e nul\xc3\xa9";
    // A small deterministic generator: the test is reproducible and needs no dependency.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let mut input = valid.to_vec();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % input.len();
            match next() % 3 {
                0 => input[at] = alphabet[(next() as usize) % alphabet.len()],
                1 => {
                    input.remove(at);
                }
                _ => input.insert(at, alphabet[(next() as usize) % alphabet.len()]),
            }
            if input.is_empty() {
                break;
            }
        }
        if let Ok(batch) = d.decode(&input) {
            assert_eq!(batch.num_columns(), 4);
        }
    }
}
