//! The `bindings` of a query request (`{"1": {"type": "FIXED", "value": "10"}, …}`) as engine
//! [`Binds`].

use chrono::{DateTime, NaiveTime};
use serde_json::Value;

use crate::sql::binds::{BindValue, Binds};

/// What a query request binds: one set of values, or one set per row (array binding, sent
/// by `executemany`: every value is an array with one element per row).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bound {
    /// One execution with these values.
    Single(Binds),
    /// One row of values per element of the arrays.
    Rows(Vec<Binds>),
}

/// Reads the bindings object: numeric keys become positional values (1-based), other keys named
/// values. A missing or null object means no binds. When any value is an array, all of them
/// must be arrays of the same length, and each element index is one row. The error is a
/// message for the client.
pub(crate) fn parse_request(bindings: &Value) -> Result<Bound, String> {
    let Some(map) = bindings.as_object() else {
        return if bindings.is_null() {
            Ok(Bound::Single(Binds::none()))
        } else {
            Err("bindings must be an object".into())
        };
    };
    let rows = map
        .values()
        .filter_map(|bound| bound["value"].as_array().map(Vec::len))
        .next();
    let Some(rows) = rows else {
        return parse_row(map, |bound| Ok(&bound["value"])).map(Bound::Single);
    };
    (0..rows)
        .map(|row| {
            parse_row(map, |bound| match &bound["value"] {
                Value::Array(values) if values.len() == rows => Ok(&values[row]),
                Value::Array(_) => Err("array bindings must all have the same length".into()),
                _ => Err("array bindings cannot be mixed with single values".into()),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Bound::Rows)
}

/// One row of values: `element` picks the value of each binding for this row.
fn parse_row<'a>(
    map: &'a serde_json::Map<String, Value>,
    element: impl Fn(&'a Value) -> Result<&'a Value, String>,
) -> Result<Binds, String> {
    let mut positional: Vec<(usize, BindValue)> = Vec::new();
    let mut binds = Binds::none();
    for (key, bound) in map {
        let kind = bound["type"]
            .as_str()
            .unwrap_or("TEXT")
            .to_ascii_uppercase();
        let value = element(bound)
            .and_then(|v| value(&kind, v))
            .map_err(|e| format!("binding {key}: {e}"))?;
        match key.parse::<usize>() {
            Ok(index) if index >= 1 => positional.push((index, value)),
            _ => {
                binds
                    .named
                    .insert(key.trim_start_matches(':').to_lowercase(), value);
            }
        }
    }
    positional.sort_by_key(|(index, _)| *index);
    for (expected, (index, _)) in positional.iter().enumerate() {
        if *index != expected + 1 {
            return Err(format!("binding {} is missing", expected + 1));
        }
    }
    binds.positional = positional.into_iter().map(|(_, v)| v).collect();
    Ok(binds)
}

/// One value of type `kind`, encoded as PROTOCOL.md 2.2 describes.
fn value(kind: &str, value: &Value) -> Result<BindValue, String> {
    let text = match value {
        Value::Null => return Ok(BindValue::Null),
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => {
            return Err("a binding value must be a string or null".into());
        }
        other => other.to_string(),
    };
    let bad = || format!("invalid {kind} value '{text}'");
    Ok(match kind {
        "FIXED" => match text.parse::<i64>() {
            Ok(n) => BindValue::Integer(n),
            Err(_) => BindValue::Decimal(text),
        },
        "REAL" => BindValue::Float(text.parse().map_err(|_| bad())?),
        "BOOLEAN" => BindValue::Boolean(matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "1" | "t" | "yes" | "y" | "on"
        )),
        "DATE" => {
            let millis: i64 = text.parse().map_err(|_| bad())?;
            let date = DateTime::from_timestamp_millis(millis).ok_or_else(bad)?;
            BindValue::Date(date.format("%Y-%m-%d").to_string())
        }
        "TIME" => {
            let nanos: i64 = text.parse().map_err(|_| bad())?;
            let secs = u32::try_from(nanos.div_euclid(1_000_000_000)).map_err(|_| bad())?;
            let frac = u32::try_from(nanos.rem_euclid(1_000_000_000)).map_err(|_| bad())?;
            let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, frac).ok_or_else(bad)?;
            BindValue::Time(time.format("%H:%M:%S%.9f").to_string())
        }
        "TIMESTAMP_NTZ" | "TIMESTAMP_LTZ" | "TIMESTAMP_TZ" => {
            let (nanos, offset) = match text.split_once(' ') {
                Some((n, tz)) => (n, Some(tz.parse::<i32>().map_err(|_| bad())? - 1440)),
                None => (text.as_str(), None),
            };
            let nanos: i64 = nanos.parse().map_err(|_| bad())?;
            let utc = DateTime::from_timestamp_nanos(nanos);
            match (kind, offset) {
                ("TIMESTAMP_NTZ", _) => BindValue::TimestampNtz(
                    utc.naive_utc().format("%Y-%m-%d %H:%M:%S%.9f").to_string(),
                ),
                ("TIMESTAMP_LTZ", _) => {
                    BindValue::TimestampLtz(utc.format("%Y-%m-%d %H:%M:%S%.9f %:z").to_string())
                }
                (_, offset) => {
                    let zone =
                        chrono::FixedOffset::east_opt(offset.unwrap_or(0) * 60).ok_or_else(bad)?;
                    BindValue::TimestampTz(
                        utc.with_timezone(&zone)
                            .format("%Y-%m-%d %H:%M:%S%.9f %:z")
                            .to_string(),
                    )
                }
            }
        }
        "BINARY" => BindValue::Binary(hex(&text).ok_or_else(bad)?),
        _ => BindValue::Text(text),
    })
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn single(bindings: &Value) -> Result<Binds, String> {
        match parse_request(bindings)? {
            Bound::Single(binds) => Ok(binds),
            Bound::Rows(rows) => Err(format!("{} rows", rows.len())),
        }
    }

    #[test]
    fn reads_positional_and_typed_values() {
        let binds = single(&json!({
            "2": {"type": "TEXT", "value": "x"},
            "1": {"type": "FIXED", "value": "10"},
            "3": {"type": "ANY", "value": null},
            "4": {"type": "DATE", "value": "1704153600000"},
            "5": {"type": "BINARY", "value": "4142"},
            "6": {"type": "BOOLEAN", "value": "true"},
            "7": {"type": "TIME", "value": "3723000000000"},
            "8": {"type": "TIMESTAMP_TZ", "value": "1704164645000000000 1500"},
        }))
        .unwrap();
        assert_eq!(
            binds.positional,
            vec![
                BindValue::Integer(10),
                BindValue::Text("x".into()),
                BindValue::Null,
                BindValue::Date("2024-01-02".into()),
                BindValue::Binary(b"AB".to_vec()),
                BindValue::Boolean(true),
                BindValue::Time("01:02:03.000000000".into()),
                BindValue::TimestampTz("2024-01-02 04:04:05.000000000 +01:00".into()),
            ]
        );
        assert!(single(&json!({"2": {"type": "TEXT", "value": "x"}})).is_err());
        assert!(single(&json!({"1": {"type": "REAL", "value": "abc"}})).is_err());
        assert!(single(&json!([1])).is_err());
        assert!(single(&Value::Null).unwrap().is_empty());
        let named = single(&json!({"Who": {"type": "TEXT", "value": "a"}})).unwrap();
        assert_eq!(named.named.get("who"), Some(&BindValue::Text("a".into())));
    }

    #[test]
    fn reads_array_bindings_as_rows() {
        let bound = parse_request(&json!({
            "1": {"type": "FIXED", "value": ["1", "2", null]},
            "2": {"type": "TEXT", "value": ["a", null, "c"]},
        }))
        .unwrap();
        let Bound::Rows(rows) = &bound else {
            panic!("expected rows, got {bound:?}")
        };
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[2].positional,
            vec![BindValue::Null, BindValue::Text("c".into())]
        );
        assert!(
            parse_request(&json!({
                "1": {"type": "FIXED", "value": ["1", "2"]},
                "2": {"type": "TEXT", "value": ["a"]},
            }))
            .is_err()
        );
        assert!(
            parse_request(&json!({
                "1": {"type": "FIXED", "value": ["1"]},
                "2": {"type": "TEXT", "value": "a"},
            }))
            .is_err()
        );
    }
}
