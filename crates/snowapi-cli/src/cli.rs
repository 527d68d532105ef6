//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// snowapi: Snowflake from the command line — SQL, objects, connections and a local emulator.
#[derive(Debug, Parser)]
#[command(name = "snowapi", version, about, long_about = None)]
pub struct Cli {
    /// Connection of connections.toml / config.toml to use (default: the default connection).
    #[arg(short = 'c', long = "connection", global = true)]
    pub connection: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run SQL: `-q "…"`, `-f file.sql`, or statements on standard input.
    Sql(SqlArgs),
    /// List, describe, create and drop objects through the REST API.
    Object {
        /// What to do with objects.
        #[command(subcommand)]
        action: ObjectAction,
    },
    /// The connections of connections.toml / config.toml.
    Connection {
        /// What to do with connections.
        #[command(subcommand)]
        action: ConnectionAction,
    },
    /// The local Snowflake-compatible emulator.
    Emulator {
        /// What to do with the emulator.
        #[command(subcommand)]
        action: EmulatorAction,
    },
}

/// Arguments of `snowapi sql`.
#[derive(Debug, clap::Args)]
pub struct SqlArgs {
    /// SQL text to run (several statements separated by `;`).
    #[arg(short = 'q', long = "query", conflicts_with = "file")]
    pub query: Option<String>,
    /// File of SQL statements to run.
    #[arg(short = 'f', long = "filename")]
    pub file: Option<PathBuf>,
    /// How results are printed.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write results here instead of standard output (required for `--format arrow` on a
    /// terminal).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// Output formats of `snowapi sql` and `snowapi object`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned text table.
    Table,
    /// Comma-separated values with a header line.
    Csv,
    /// A JSON array of objects per result.
    Json,
    /// An Arrow IPC stream.
    Arrow,
}

/// `snowapi object …`.
#[derive(Debug, Subcommand)]
pub enum ObjectAction {
    /// List objects of a kind.
    List {
        /// Kind of object (database, schema, table, view, stage, task, warehouse, role, user,
        /// compute-pool, image-repository, service).
        kind: String,
        /// Container: `database` or `database.schema`.
        #[arg(long = "in")]
        container: Option<String>,
        /// Keep names matching this SQL pattern.
        #[arg(long)]
        like: Option<String>,
        /// Output format (table or json).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show one object as JSON.
    Describe {
        /// Kind of object.
        kind: String,
        /// Its name.
        name: String,
        /// Container: `database` or `database.schema`.
        #[arg(long = "in")]
        container: Option<String>,
    },
    /// Create an object from its name and optional JSON settings.
    Create {
        /// Kind of object.
        kind: String,
        /// Its name.
        name: String,
        /// Container: `database` or `database.schema`.
        #[arg(long = "in")]
        container: Option<String>,
        /// Further settings, as the REST API's JSON (e.g. `{"comment": "…"}`).
        #[arg(long)]
        json: Option<String>,
        /// Replace an existing object of that name.
        #[arg(long, conflicts_with = "if_not_exists")]
        replace: bool,
        /// Do nothing if the object exists.
        #[arg(long)]
        if_not_exists: bool,
    },
    /// Drop an object.
    Drop {
        /// Kind of object.
        kind: String,
        /// Its name.
        name: String,
        /// Container: `database` or `database.schema`.
        #[arg(long = "in")]
        container: Option<String>,
        /// Succeed when the object does not exist.
        #[arg(long)]
        if_exists: bool,
    },
}

/// `snowapi connection …`.
#[derive(Debug, Subcommand)]
pub enum ConnectionAction {
    /// List the configured connections (never their secrets).
    List,
    /// Log in with the connection and run a query.
    Test,
}

/// `snowapi emulator …`.
#[derive(Debug, Subcommand)]
pub enum EmulatorAction {
    /// Start the emulator and serve until interrupted.
    Start {
        /// Address to listen on (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Keep the data in this directory (default: in memory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
}
