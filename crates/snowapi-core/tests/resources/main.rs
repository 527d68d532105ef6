//! snowapi-core end to end against the emulator over real HTTP: one binary, one module per
//! resource kind.

mod common;
mod databases;
mod schemas;
mod tables;
mod views;
mod stages;
mod database_roles;
mod dags;
mod tasks;
mod warehouses;
mod roles_users;
mod grants;
mod compute_pools;
mod image_repositories;
mod services;
