//! The Snowflake Python API quickstart, in Rust: a database, a schema and a table; fetch the
//! table, add a column and a primary key with `create_or_alter`; a warehouse created, fetched,
//! listed, replaced and dropped; two tasks with a predecessor, resumed, listed, suspended and
//! dropped; a task graph (DAG) deployed, run and dropped; a compute pool, an image repository and
//! a service.
//!
//! `cargo run --example quickstart` — with no Snowflake connection configured it starts the
//! embedded emulator and runs against it.

#![allow(clippy::print_stdout)]

use futures::TryStreamExt;
use snowapi::{
    Client,
    core::{
        CreateMode,
        compute_pool::ComputePool,
        database::Database,
        image_repository::ImageRepository,
        schema::Schema,
        service::{Service, ServiceSpec},
        table::{Constraint, PrimaryKey, Table, TableColumn},
        task::{
            Task, TaskSchedule,
            dagv1::{Dag, DagOperation, DagTask, DeployMode},
        },
        warehouse::Warehouse,
    },
};

const SPEC: &str =
    "spec:\n  containers:\n  - name: main\n    image: /quickstart_db/pub/images/hello:latest\n";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::connect_or_emulate().await?;
    if let Some(url) = client.emulator_url() {
        println!("no Snowflake connection configured: using the embedded emulator at {url}");
    }
    let root = client.root();

    // Database, schema, table.
    let database = root
        .databases()
        .create(&Database::new("quickstart_db"), CreateMode::OrReplace)
        .await?;
    let schema = database
        .schemas()
        .create(&Schema::new("pub"), CreateMode::OrReplace)
        .await?;
    let table = schema
        .tables()
        .create(
            &Table::new("trips")
                .column(TableColumn::new("id", "int"))
                .column(TableColumn::new("city", "varchar")),
            CreateMode::OrReplace,
        )
        .await?;

    // Fetch it, add a column and a primary key, and alter the table to match.
    let mut trips = table.fetch().await?;
    println!("table {} has {} columns", trips.name, trips.columns.len());
    trips.columns.push(TableColumn::new("km", "number(6,1)"));
    trips
        .constraints
        .push(Constraint::PrimaryKey(PrimaryKey::new(["id"])));
    table.create_or_alter(&trips).await?;
    let trips = table.fetch().await?;
    let names: Vec<&str> = trips.columns.iter().map(|c| c.name.as_str()).collect();
    println!(
        "after create_or_alter: columns {names:?}, constraints {}",
        trips.constraints.len()
    );

    // Warehouse: create, fetch, iter, replace (create_or_alter), drop.
    let warehouses = root.warehouses();
    let warehouse = warehouses
        .create(
            &Warehouse::new("quickstart_wh").auto_suspend(500),
            CreateMode::OrReplace,
        )
        .await?;
    let fetched = warehouse.fetch().await?;
    println!(
        "warehouse {} auto_suspend {:?}",
        fetched.name, fetched.auto_suspend
    );
    let listed: Vec<String> = warehouses
        .iter()
        .like("quickstart%")
        .stream()
        .map_ok(|w| w.name)
        .try_collect()
        .await?;
    println!("warehouses like quickstart%: {listed:?}");
    warehouse
        .create_or_alter(&Warehouse::new("quickstart_wh").auto_suspend(300))
        .await?;
    println!(
        "replaced: auto_suspend {:?}",
        warehouse.fetch().await?.auto_suspend
    );
    warehouse.drop().await?;

    // Two tasks, the second after the first.
    let tasks = schema.tasks();
    let first = tasks
        .create(
            &Task::new("task1", "select 1").schedule(TaskSchedule::minutes(60)),
            CreateMode::OrReplace,
        )
        .await?;
    let second = tasks
        .create(
            &Task::new("task2", "select 2").predecessor(first.fully_qualified_name()),
            CreateMode::OrReplace,
        )
        .await?;
    second.resume().await?;
    first.resume().await?;
    for task in tasks.iter().like("task%").send().await? {
        println!("task {} state {:?}", task.name, task.state);
    }
    first.suspend().await?;
    second.suspend().await?;
    second.drop().await?;
    first.drop().await?;

    // A task graph: deploy, run, drop.
    let hello = DagTask::new("hello", "select 'hello'");
    let mut world = DagTask::new("world", "select 'world'");
    hello.then(&mut world);
    let dag = Dag::new("quickstart_dag")
        .schedule(TaskSchedule::minutes(60))
        .task(hello)
        .task(world);
    let dags = DagOperation::new(schema.clone());
    dags.deploy(&dag, DeployMode::OrReplace).await?;
    dags.run("quickstart_dag", false).await?;
    println!("DAG deployed and run");
    dags.drop("quickstart_dag", true).await?;

    // Snowpark Container Services: compute pool, image repository, service.
    let pool = root
        .compute_pools()
        .create(
            &ComputePool::new("quickstart_pool", "CPU_X64_XS", 1, 1),
            CreateMode::OrReplace,
        )
        .await?;
    let repository = schema
        .image_repositories()
        .create(&ImageRepository::new("images"), CreateMode::OrReplace)
        .await?;
    println!(
        "image repository at {:?}",
        repository.fetch().await?.repository_url
    );
    let service = schema
        .services()
        .create(
            &Service::new(
                "hello_service",
                "quickstart_pool",
                ServiceSpec::inline(SPEC),
            ),
            // Snowflake has no CREATE OR REPLACE SERVICE.
            CreateMode::IfNotExists,
        )
        .await?;
    let status = service.get_service_status(None).await?;
    println!("service status: {status:?}");
    service.suspend().await?;
    service.drop().await?;
    repository.drop().await?;
    pool.drop().await?;

    database.drop().await?;
    client.close().await?;
    println!("quickstart done");
    Ok(())
}
