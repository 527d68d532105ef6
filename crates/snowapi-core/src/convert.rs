//! Between the domain models of this crate and the wire types of the generated clients.
//!
//! Both sides serialize to the same JSON (the REST API's field names), so a model becomes a wire
//! type and back through `serde_json::Value`; the cost is nothing next to a network round trip,
//! and the two sides can evolve apart.

use serde::{Serialize, de::DeserializeOwned};

use crate::CoreError;

/// A model as the wire type a generated call takes; a model that does not fit is the caller's
/// mistake.
pub(crate) fn to_wire<M: Serialize, W: DeserializeOwned>(model: &M) -> Result<W, CoreError> {
    let value = serde_json::to_value(model)
        .map_err(|e| CoreError::InvalidInput(format!("cannot encode the request: {e}")))?;
    serde_json::from_value(value)
        .map_err(|e| CoreError::InvalidInput(format!("the request does not fit the API: {e}")))
}

/// A wire value as a model; a mismatch means Snowflake answered something unexpected.
pub(crate) fn from_wire<W: Serialize, M: DeserializeOwned>(wire: W) -> Result<M, CoreError> {
    let value = serde_json::to_value(wire).map_err(CoreError::invalid_response)?;
    from_json(value)
}

/// A JSON answer as a model.
pub(crate) fn from_json<M: DeserializeOwned>(value: serde_json::Value) -> Result<M, CoreError> {
    serde_json::from_value(value).map_err(CoreError::invalid_response)
}

/// Every item of a wire listing as a model.
pub(crate) fn list_from_wire<W: Serialize, M: DeserializeOwned>(
    items: Vec<W>,
) -> Result<Vec<M>, CoreError> {
    items.into_iter().map(from_wire).collect()
}

/// A name as the `Identifier` path parameter of a generated API (each API has its own type).
pub(crate) fn ident<I: From<String>>(name: &str) -> I {
    I::from(name.to_owned())
}
