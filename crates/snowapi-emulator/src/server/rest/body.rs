//! Request bodies of REST API v2: JSON decoded into a model, with a 400 [`RestError`] that says
//! what is wrong (not JSON, a missing required field, a field of the wrong type) instead of
//! axum's plain-text rejection.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
};
use serde::de::DeserializeOwned;

use super::error::RestError;
use crate::server::envelope;

/// A JSON request body decoded as `T` (unknown fields are ignored by the models).
#[derive(Debug, Clone)]
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = RestError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            RestError::bad_request(format!("Unreadable request body: {}", e.body_text()))
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(RestError::bad_request("The request body is empty."));
        }
        let value = envelope::read_json(&headers, &bytes).map_err(RestError::bad_request)?;
        decode(value).map(Self)
    }
}

/// Decodes `value` as `T`; the 400 names the problem serde found.
pub(crate) fn decode<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, RestError> {
    serde_json::from_value(value)
        .map_err(|e| RestError::bad_request(format!("Invalid request body: {e}.")))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Model {
        name: String,
    }

    #[test]
    fn decode_errors_are_400_with_the_field() {
        let missing = decode::<Model>(json!({})).unwrap_err();
        assert_eq!(missing.status.as_u16(), 400);
        assert!(missing.message.contains("name"), "{}", missing.message);
        let wrong = decode::<Model>(json!({"name": 3})).unwrap_err();
        assert!(wrong.message.contains("invalid type"), "{}", wrong.message);
        let model = decode::<Model>(json!({"name": "x", "extra": 1})).unwrap();
        assert_eq!(model.name, "x");
    }
}
