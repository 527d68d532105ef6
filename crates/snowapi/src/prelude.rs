//! The names most programs use: `use snowapi::prelude::*;`.

pub use crate::{Error, Result};
pub use snowapi_auth::ConnectionConfig;

#[cfg(feature = "query")]
pub use crate::{Client, ClientBuilder};
#[cfg(feature = "query")]
pub use snowapi_query::{QueryResult, Row, Statement};

#[cfg(feature = "core")]
pub use snowapi_core::{CoreError, CreateMode, Root, database::Database};
