//! Writable model fields the emulator has nowhere to keep. A body that gives one with a value a
//! fetch could not answer back gets a 400 naming the field, instead of the field being dropped
//! without a word (a client would otherwise believe the setting took effect).

use serde_json::Value;

use super::error::RestError;

/// 400 when `value` is given (not null) and differs from every value in `kept` — the values a
/// fetch already answers for the field (its fixed default), which are safe to accept.
pub(super) fn refuse_unless(
    field: &str,
    value: Option<&Value>,
    kept: &[Value],
) -> Result<(), RestError> {
    match value.filter(|v| !v.is_null()) {
        Some(given) if !kept.contains(given) => Err(RestError::bad_request(format!(
            "Field `{field}` (value {given}) is not supported by snowapi-emulator: it cannot be \
             stored, so it is refused rather than ignored."
        ))),
        _ => Ok(()),
    }
}

/// 400 when `value` is given at all (not null).
pub(super) fn refuse(field: &str, value: Option<&Value>) -> Result<(), RestError> {
    refuse_unless(field, value, &[])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_values_that_cannot_round_trip_are_refused() {
        assert!(refuse("x", None).is_ok());
        assert!(refuse("x", Some(&Value::Null)).is_ok());
        let error = refuse("warehouse_credit_limit", Some(&json!(5))).unwrap_err();
        assert_eq!(error.status.as_u16(), 400);
        assert!(error.message.contains("warehouse_credit_limit"));
        assert!(refuse_unless("change_tracking", Some(&json!(false)), &[json!(false)]).is_ok());
        assert!(refuse_unless("change_tracking", Some(&json!(true)), &[json!(false)]).is_err());
    }
}
