//! snowapi-core end to end against the emulator over real HTTP: one binary, one module per
//! resource kind.

mod common;
mod databases;
