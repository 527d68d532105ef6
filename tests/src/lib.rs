//! Cross-crate integration tests for snowapi: scenarios that span several crates (a login by
//! `snowapi-auth` feeding the REST clients of `snowapi-rest`, say) live under `tests/` here.
