//! The generated clients against an in-process HTTP server: the exact requests they send (method,
//! path, query string, headers, body), and how answers become values or typed errors.
//!
//! One test binary for every API keeps link time down; each API has its own module.

mod support;

mod hooks;
mod outcomes;

mod compute_pool;
mod database;
mod database_role;
mod grant;
mod image_repository;
mod result;
mod role;
mod schema;
mod service;
mod sqlapi;
mod stage;
mod table;
mod task;
mod user;
mod view;
mod warehouse;
