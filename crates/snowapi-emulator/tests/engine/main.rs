//! Tests of the engine as a library: the sqllogictest files under `tests/slt/`, durability and
//! concurrency. One binary, so DataFusion is linked once.

mod concurrency;
mod data_dir;
mod ddl_metadata;
mod dml;
mod durability;
mod lifecycle;
mod objects;
mod rest_compute;
mod rest_compute_extra;
mod rest_databases;
mod rest_fields;
mod rest_grants_extra;
mod rest_support;
mod rest_table_settings;
mod rest_tables;
mod rest_tags;
mod scalar_types;
mod server;
mod server_auth;
mod server_faults;
mod server_gaps;
mod server_queries;
mod server_results;
mod server_robustness;
mod server_sqlapi;
mod server_timestamp_tz;
mod slt;
mod stage_files;
