//! Serde DTOs of the connector protocol (`/queries/v1/query-request` and its answers), exactly
//! as they travel. They are kept apart from the domain types ([`crate::Column`],
//! [`crate::StatementType`], [`crate::BindValue`]) so wire quirks stay here.
//!
//! Deserialization is lenient: unknown fields are ignored, and the numbers and codes that
//! Snowflake sometimes sends as strings (`"002003"` vs `2003`, `"12"` vs `12`) are accepted in
//! both forms.

mod bindings;
pub(crate) mod lenient;
mod redacted;
mod request;
mod response;

pub use bindings::{WireBindValue, WireBinding, WireBindings};
pub use redacted::Redacted;
pub use request::{QueryContextDto, QueryContextEntry, QueryRequest};
pub use response::{ChunkDto, Envelope, ParameterDto, QueryResponseData, RowTypeDto, StatsDto};

#[cfg(test)]
mod tests;
