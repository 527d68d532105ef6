//! snowapi-core end to end against the emulator over real HTTP: one binary, one module per
//! resource kind.

mod common;
mod compute_pools;
mod dags;
mod database_roles;
mod databases;
mod grants;
mod image_repositories;
mod roles_users;
mod schemas;
mod services;
mod stages;
mod tables;
mod tasks;
mod views;
mod warehouses;
