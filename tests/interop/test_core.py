"""snowflake.core (the Snowflake Python API, package `snowflake`) against the emulator's REST API v2.

`Root(connection)` borrows the classic connector's session token and talks `/api/v2/...` with its
own urllib3 pool (PROTOCOL.md 4). The tests follow the Python API quickstart: databases, schemas,
tables, warehouses, tasks, a task graph (DAG), compute pools, image repositories and services,
and check every write by fetching the object back.

Only the 4.x connector line runs this file: snowflake.core's session renewal calls
`conn.rest._renew_session()`, which the 5.x universal driver does not have, and the 5.x venv does
not install the `snowflake` package.
"""

from __future__ import annotations

import uuid
import warnings
from datetime import timedelta

import pytest

from conftest import IS_V5

if IS_V5:
    pytest.skip(
        "snowflake.core needs the classic 4.x connector (5.x lacks conn.rest._renew_session)",
        allow_module_level=True,
    )

import snowflake.connector  # noqa: E402
from snowflake.core import CreateMode, Root  # noqa: E402
from snowflake.core.compute_pool import ComputePool  # noqa: E402
from snowflake.core.database import Database  # noqa: E402
from snowflake.core.exceptions import ConflictError, NotFoundError  # noqa: E402
from snowflake.core.image_repository import ImageRepository  # noqa: E402
from snowflake.core.schema import Schema  # noqa: E402
from snowflake.core.service import Service, ServiceSpec  # noqa: E402
from snowflake.core.table import PrimaryKey, Table, TableColumn  # noqa: E402
from snowflake.core.task import Task  # noqa: E402
from snowflake.core.task.dagv1 import DAG, DAGOperation, DAGTask  # noqa: E402
from snowflake.core.warehouse import Warehouse  # noqa: E402


def unique(prefix: str) -> str:
    """An upper-case object name no other test (or earlier run against the same data) uses."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}".upper()


@pytest.fixture(scope="module")
def core_conn(emulator):
    """One connector session for the whole module (snowflake.core reuses its token)."""
    conn = snowflake.connector.connect(**emulator.connect_args())
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def root(core_conn):
    """`Root(connection)`: runs SYSTEM$CLIENT_VERSION_INFO through the connector, then REST."""
    return Root(core_conn)


@pytest.fixture
def database(root):
    """A fresh database created over REST; dropped afterwards."""
    name = unique("CORE_DB")
    db = root.databases.create(Database(name=name, comment="snowflake.core interop"))
    yield db
    db.drop(if_exists=True)


@pytest.fixture
def schema(database):
    """A schema of the fresh database."""
    return database.schemas.create(Schema(name="CORE_SCHEMA"))


@pytest.fixture
def warehouse(root):
    """A small warehouse; dropped afterwards."""
    name = unique("CORE_WH")
    wh = root.warehouses.create(Warehouse(name=name, warehouse_size="XSMALL", auto_suspend=300))
    yield wh
    wh.drop(if_exists=True)


# ---------------------------------------------------------------------------------------------
# Root, databases, schemas
# ---------------------------------------------------------------------------------------------


def test_root_connects_over_rest(core_conn):
    # Building Root runs SYSTEM$CLIENT_VERSION_INFO(); a SQL error there would only warn.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        root = Root(core_conn)
    assert [str(w.message) for w in caught if issubclass(w.category, UserWarning)] == []

    # Root reuses the connector's session: the REST listing is the catalog SQL sees.
    assert core_conn.rest.token, "the connector session has no token for snowflake.core to reuse"
    made_by_sql = unique("CORE_SQL_DB")
    core_conn.cursor().execute(f"create database {made_by_sql}")
    over_rest = sorted(db.name for db in root.databases.iter())
    cur = core_conn.cursor().execute("show databases")
    name_at = [d[0].lower() for d in cur.description].index("name")
    over_sql = sorted(row[name_at] for row in cur.fetchall())
    assert over_rest == over_sql
    assert made_by_sql in over_rest
    assert root.databases[made_by_sql].fetch().name == made_by_sql
    root.databases[made_by_sql].drop()


def test_database_create_iter_fetch_drop(root):
    name = unique("CORE_DB")
    created = root.databases.create(Database(name=name, comment="made by snowflake.core"))
    try:
        fetched = created.fetch()
        assert fetched.name == name
        assert fetched.comment == "made by snowflake.core"
        assert fetched.kind == "PERMANENT"
        assert fetched.created_on is not None

        listed = [db.name for db in root.databases.iter(like=f"{name[:-4]}%")]
        assert name in listed

        with pytest.raises(ConflictError):
            root.databases.create(Database(name=name))
        # if_not_exists keeps the existing one (the comment stays).
        root.databases.create(Database(name=name, comment="other"), mode=CreateMode.if_not_exists)
        assert root.databases[name].fetch().comment == "made by snowflake.core"
    finally:
        root.databases[name].drop()

    with pytest.raises(NotFoundError):
        root.databases[name].fetch()
    assert name not in [db.name for db in root.databases.iter(like=name)]


def test_database_created_over_rest_is_visible_to_sql(root, core_conn):
    name = unique("CORE_DB")
    root.databases.create(Database(name=name))
    try:
        rows = core_conn.cursor().execute(f"show databases like '{name}'").fetchall()
        assert len(rows) == 1, rows
    finally:
        root.databases[name].drop()


def test_schema_create_iter_fetch_drop(database):
    schema = database.schemas.create(Schema(name="CORE_S1", comment="schema via REST"))
    fetched = schema.fetch()
    assert fetched.name == "CORE_S1"
    assert fetched.comment == "schema via REST"
    assert fetched.database_name == database.name

    names = {s.name for s in database.schemas.iter()}
    assert {"PUBLIC", "CORE_S1"} <= names, names

    schema.drop()
    with pytest.raises(NotFoundError):
        database.schemas["CORE_S1"].fetch()


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def test_table_create_fetch_and_create_or_alter(schema, core_conn):
    table = schema.tables.create(
        Table(
            name="CORE_T",
            columns=[
                TableColumn(name="ID", datatype="NUMBER(38,0)", nullable=False),
                TableColumn(name="NAME", datatype="VARCHAR(100)"),
            ],
            comment="table via REST",
        )
    )
    fetched = table.fetch()
    assert fetched.name == "CORE_T"
    assert [c.name for c in fetched.columns] == ["ID", "NAME"]
    assert fetched.columns[0].nullable is False
    assert fetched.columns[0].datatype.upper().startswith("NUMBER")
    assert fetched.columns[1].datatype.upper().startswith("VARCHAR")

    # The quickstart's alter: add a column and a primary key, then PUT the whole definition.
    fetched.columns.append(TableColumn(name="EMAIL", datatype="VARCHAR(200)"))
    fetched.constraints = [PrimaryKey(name="PK_CORE_T", column_names=["ID"])]
    table.create_or_alter(fetched)

    altered = table.fetch()
    assert [c.name for c in altered.columns] == ["ID", "NAME", "EMAIL"]
    primary = [c for c in (altered.constraints or []) if isinstance(c, PrimaryKey)]
    assert len(primary) == 1, altered.constraints
    assert primary[0].column_names == ["ID"]
    assert primary[0].name == "PK_CORE_T"

    # The same catalog as SQL: DESCRIBE TABLE sees the added column.
    described = core_conn.cursor().execute(
        f'describe table "{schema.database.name}"."{schema.name}"."CORE_T"'
    ).fetchall()
    assert [row[0] for row in described] == ["ID", "NAME", "EMAIL"]

    assert "CORE_T" in [t.name for t in schema.tables.iter(like="CORE%")]
    table.drop()
    with pytest.raises(NotFoundError):
        table.fetch()


def test_table_created_with_sql_is_fetched_over_rest(schema, core_conn):
    qualified = f'"{schema.database.name}"."{schema.name}"."SQL_T"'
    core_conn.cursor().execute(
        f"create table {qualified} (k number(10,0) not null, v varchar(20), primary key (k))"
    )
    fetched = schema.tables["SQL_T"].fetch()
    assert [(c.name, c.nullable) for c in fetched.columns] == [("K", False), ("V", True)]
    primary = [c for c in (fetched.constraints or []) if isinstance(c, PrimaryKey)]
    assert [p.column_names for p in primary] == [["K"]], fetched.constraints


# ---------------------------------------------------------------------------------------------
# Warehouses
# ---------------------------------------------------------------------------------------------


def test_warehouse_lifecycle(root):
    name = unique("CORE_WH")
    wh = root.warehouses.create(Warehouse(name=name, warehouse_size="XSMALL", auto_suspend=300))
    try:
        fetched = wh.fetch()
        assert fetched.name == name
        assert fetched.warehouse_size.upper().replace("-", "") == "XSMALL"
        assert fetched.auto_suspend == 300

        assert name in [w.name for w in root.warehouses.iter(like=name)]

        # Replace through create_or_alter (PUT): a new size and comment.
        wh.create_or_alter(
            Warehouse(name=name, warehouse_size="SMALL", auto_suspend=120, comment="resized")
        )
        altered = wh.fetch()
        assert altered.warehouse_size.upper() == "SMALL"
        assert altered.auto_suspend == 120
        assert altered.comment == "resized"

        # createMode=orReplace replaces the definition.
        root.warehouses.create(
            Warehouse(name=name, warehouse_size="MEDIUM"), mode=CreateMode.or_replace
        )
        assert wh.fetch().warehouse_size.upper() == "MEDIUM"

        wh.suspend()
        assert wh.fetch().state == "SUSPENDED"
        wh.resume()
        assert wh.fetch().state in ("STARTED", "RESUMING")
    finally:
        wh.drop()
    with pytest.raises(NotFoundError):
        wh.fetch()


# ---------------------------------------------------------------------------------------------
# Tasks and task graphs
# ---------------------------------------------------------------------------------------------


def test_task_lifecycle_with_predecessor(schema, warehouse):
    tasks = schema.tasks
    root_task = tasks.create(
        Task(
            name="CORE_ROOT",
            definition="select 1",
            warehouse=warehouse.name,
            schedule=timedelta(minutes=10),
        )
    )
    child = tasks.create(
        Task(
            name="CORE_CHILD",
            definition="select 2",
            warehouse=warehouse.name,
            predecessors=[f"{schema.database.name}.{schema.name}.CORE_ROOT"],
        )
    )

    fetched_root = root_task.fetch()
    assert fetched_root.definition == "select 1"
    assert fetched_root.schedule == timedelta(minutes=10)
    assert fetched_root.warehouse == warehouse.name
    assert fetched_root.state == "suspended"

    fetched_child = child.fetch()
    assert [p.split(".")[-1] for p in fetched_child.predecessors] == ["CORE_ROOT"]

    # Children first, as Snowflake requires, then the root.
    child.resume()
    root_task.resume()
    assert root_task.fetch().state == "started"
    assert child.fetch().state == "started"

    assert {t.name for t in tasks.iter()} == {"CORE_ROOT", "CORE_CHILD"}
    assert [t.name for t in tasks.iter(root_only=True)] == ["CORE_ROOT"]
    assert {t.name for t in root_task.fetch_task_dependents()} == {"CORE_ROOT", "CORE_CHILD"}

    root_task.suspend()
    assert root_task.fetch().state == "suspended"
    assert child.fetch().state == "started"

    # EXECUTE runs the graph once even while the root is suspended (a suspended root's runs are
    # checked on their own below).
    root_task.execute()
    root_task.resume()
    runs = list(root_task.get_complete_graphs(error_only=False))
    assert [run.root_task_name for run in runs] == ["CORE_ROOT"], runs
    assert runs[0].state == "SUCCEEDED", runs
    assert runs[0].database_name == schema.database.name
    assert runs[0].next_scheduled_time > runs[0].scheduled_time
    root_task.suspend()

    child.drop()
    root_task.drop()
    assert list(tasks.iter()) == []
    with pytest.raises(NotFoundError):
        root_task.fetch()


def test_task_graph_runs_of_suspended_root(schema, warehouse):
    root_task = schema.tasks.create(
        Task(name="CORE_SUSPENDED", definition="select 1", warehouse=warehouse.name,
             schedule=timedelta(minutes=10))
    )
    root_task.execute()
    runs = list(root_task.get_complete_graphs(error_only=False))
    assert [run.root_task_name for run in runs] == ["CORE_SUSPENDED"], runs
    root_task.drop()


@pytest.mark.filterwarnings("ignore:Setting drop_finalizer to False is deprecated:DeprecationWarning")
def test_dag_deploy_run_drop(schema, warehouse):
    with DAG("CORE_DAG", schedule=timedelta(minutes=30), warehouse=warehouse.name) as dag:
        first = DAGTask("EXTRACT", "select 'extract'", warehouse=warehouse.name)
        second = DAGTask("LOAD", "select 'load'", warehouse=warehouse.name)
        first >> second

    op = DAGOperation(schema)
    op.deploy(dag, mode=CreateMode.or_replace)

    assert op.iter_dags(like="CORE_DAG%") == ["CORE_DAG"]
    names = {t.name for t in schema.tasks.iter()}
    assert names == {"CORE_DAG", "CORE_DAG$EXTRACT", "CORE_DAG$LOAD"}, names
    load = schema.tasks["CORE_DAG$LOAD"].fetch()
    assert [p.split(".")[-1].strip('"') for p in load.predecessors] == ["CORE_DAG$EXTRACT"]
    assert schema.tasks["CORE_DAG"].fetch().state == "started"

    op.run(dag)
    runs = op.get_current_dag_runs(dag) + op.get_complete_dag_runs(dag, error_only=False)
    assert runs, "running the DAG recorded no graph run"
    assert {run.dag_name for run in runs} == {"CORE_DAG"}, runs
    assert {run.database_name for run in runs} == {schema.database.name}
    assert any(run.state == "SUCCEEDED" for run in runs), [run.state for run in runs]

    op.drop(dag, drop_finalizer=True)
    assert list(schema.tasks.iter()) == []


# ---------------------------------------------------------------------------------------------
# Snowpark Container Services: compute pools, image repositories, services
# ---------------------------------------------------------------------------------------------


def test_compute_pool_lifecycle(root):
    name = unique("CORE_POOL")
    pool = root.compute_pools.create(
        ComputePool(name=name, instance_family="CPU_X64_XS", min_nodes=1, max_nodes=2, auto_resume=False)
    )
    try:
        fetched = pool.fetch()
        assert fetched.name == name
        assert fetched.instance_family == "CPU_X64_XS"
        assert (fetched.min_nodes, fetched.max_nodes) == (1, 2)
        assert fetched.state in ("STARTING", "IDLE", "ACTIVE")
        assert name in [p.name for p in root.compute_pools.iter(like=name)]

        pool.suspend()
        assert pool.fetch().state == "SUSPENDED"
        pool.resume()
        assert pool.fetch().state in ("STARTING", "IDLE", "ACTIVE")

        pool.create_or_alter(
            ComputePool(name=name, instance_family="CPU_X64_XS", min_nodes=1, max_nodes=3, comment="grown")
        )
        altered = pool.fetch()
        assert altered.max_nodes == 3
        assert altered.comment == "grown"
    finally:
        pool.drop()
    with pytest.raises(NotFoundError):
        pool.fetch()


def test_image_repository_lifecycle(schema):
    repo = schema.image_repositories.create(ImageRepository(name="CORE_REPO"))
    fetched = repo.fetch()
    assert fetched.name == "CORE_REPO"
    assert fetched.repository_url, "an image repository reports its registry URL"
    assert [r.name for r in schema.image_repositories.iter()] == ["CORE_REPO"]
    assert list(repo.list_images_in_repository()) == []
    repo.drop()
    with pytest.raises(NotFoundError):
        repo.fetch()


SERVICE_SPEC = """
spec:
  containers:
  - name: main
    image: /{db}/{schema}/core_repo/echo:1.0
    env:
      GREETING: hello
  endpoints:
  - name: http
    port: 8080
    public: false
"""


@pytest.fixture
def service_env(root, schema):
    """A compute pool and an image repository for a service; dropped (with the service) afterwards."""
    pool_name = unique("CORE_SVC_POOL")
    pool = root.compute_pools.create(
        ComputePool(name=pool_name, instance_family="CPU_X64_XS", min_nodes=1, max_nodes=1)
    )
    repo = schema.image_repositories.create(ImageRepository(name="CORE_REPO"))
    spec = SERVICE_SPEC.format(db=schema.database.name.lower(), schema=schema.name.lower())
    yield pool_name, repo, spec
    schema.services["CORE_SVC"].drop(if_exists=True)
    repo.drop(if_exists=True)
    pool.drop(if_exists=True)


def make_service(schema, pool_name: str, spec: str):
    return schema.services.create(
        Service(
            name="CORE_SVC",
            compute_pool=pool_name,
            spec=ServiceSpec(spec),
            min_instances=1,
            max_instances=1,
            comment="service via REST",
        )
    )


def sql_service_status(conn, schema, name: str) -> str:
    """The status column of SHOW SERVICES for one service, through the connector."""
    cur = conn.cursor()
    cur.execute(f'show services like \'{name}\' in schema "{schema.database.name}"."{schema.name}"')
    columns = [d[0].lower() for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, rows
    return rows[0][columns.index("status")]


def test_service_lifecycle(schema, service_env, core_conn):
    pool_name, repo, spec = service_env
    service = make_service(schema, pool_name, spec)

    containers = list(service.get_containers())
    assert [c.container_name for c in containers] == ["main"]
    assert containers[0].service_name == "CORE_SVC"
    assert containers[0].image_name.endswith("echo:1.0"), containers[0]
    assert containers[0].service_status in ("PENDING", "RUNNING")
    instances = list(service.get_instances())
    assert [i.instance_id for i in instances] == ["0"], instances
    assert [e.name for e in service.get_endpoints()] == ["http"]
    assert [e.port for e in service.get_endpoints()] == [8080]

    assert containers[0].instance_id == "0"
    assert containers[0].status in ("PENDING", "READY"), containers[0]
    logs = service.get_service_logs(instance_id="0", container_name="main")
    assert isinstance(logs, str) and logs, logs

    # The image the specification runs counts as registered in the repository.
    images = list(repo.list_images_in_repository())
    assert [i.image_name for i in images] == ["echo"], images
    assert images[0].tags == "1.0"
    assert images[0].digest, images[0]

    # A suspended service runs no containers; its status shows in SHOW SERVICES (same catalog).
    service.suspend()
    assert list(service.get_containers()) == []
    assert sql_service_status(core_conn, schema, "CORE_SVC") in ("SUSPENDING", "SUSPENDED")
    service.resume()
    assert sql_service_status(core_conn, schema, "CORE_SVC") in ("PENDING", "RUNNING")
    assert [c.container_name for c in service.get_containers()] == ["main"]

    service.drop()
    with pytest.raises(NotFoundError):
        list(service.get_containers())


def test_service_fetch_and_iter(schema, service_env):
    pool_name, _repo, spec = service_env
    service = make_service(schema, pool_name, spec)
    fetched = service.fetch()
    assert fetched.name == "CORE_SVC"
    assert fetched.compute_pool == pool_name
    assert fetched.comment == "service via REST"
    assert (fetched.min_instances, fetched.max_instances) == (1, 1)
    assert fetched.status in ("PENDING", "RUNNING")
    assert "echo:1.0" in fetched.spec.spec_text
    assert [s.name for s in schema.services.iter()] == ["CORE_SVC"]


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


def test_missing_object_raises_not_found(root):
    with pytest.raises(NotFoundError) as caught:
        root.databases[unique("NO_SUCH_DB")].fetch()
    error = caught.value
    assert error.status == 404
    info = error.get_request_info()
    assert info["error_code"] == "002003", info
    assert info["request_id"] and info["request_id"] == error.request_id, info
    assert "does not exist" in info["message"].lower(), info


# ---------------------------------------------------------------------------------------------
# 202 polling and paged listings: a second emulator that answers database creation and drop
# with 202 Accepted (completing 1.5 s later) and pages listings by 3
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_emulator(emulator):
    """`snowapi-emulator serve --rest-long-running … --rest-page-size 3` on another port."""
    import os
    import shutil
    import subprocess
    import tempfile

    from conftest import ACCOUNT, PASSWORD, USER, EmulatorProcess, _free_port, _wait_for_port

    workdir = tempfile.mkdtemp(prefix="snowapi-interop-slow-")
    log_path = os.path.join(os.environ.get("SNOWAPI_INTEROP_LOG_DIR", workdir), "emulator-slow.log")
    port = _free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                os.environ["SNOWAPI_EMULATOR_BIN"], "serve", "--host", "127.0.0.1", "--port", str(port),
                "--account", ACCOUNT, "--user", USER, "--password", PASSWORD,
                "--rest-long-running", "POST /api/v2/databases=1500",
                "--rest-long-running", "DELETE /api/v2/databases=1500",
                "--rest-page-size", "3",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_for_port(port, process, log_path)
        yield EmulatorProcess("127.0.0.1", port, ACCOUNT, USER, PASSWORD, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def slow_conn(slow_emulator):
    conn = snowflake.connector.connect(**slow_emulator.connect_args())
    yield conn
    conn.close()


def sql_database_names(conn) -> list[str]:
    cur = conn.cursor().execute("show databases")
    name_at = [d[0].lower() for d in cur.description].index("name")
    return [row[name_at] for row in cur.fetchall()]


def test_long_running_create_and_drop_are_polled_to_completion(slow_conn):
    root = Root(slow_conn)
    blocking = unique("CORE_202_DB")
    # The blocking call polls Location until the database really exists.
    created = root.databases.create(Database(name=blocking, comment="made by a 202"))
    assert blocking in sql_database_names(slow_conn)
    assert created.fetch().comment == "made by a 202"

    # The _async variant: a PollingOperation whose result waits for the 202 to complete.
    later = unique("CORE_202_ASYNC")
    operation = root.databases.create_async(Database(name=later))
    resource = operation.result(timeout=60)
    assert resource.name == later
    assert later in sql_database_names(slow_conn)
    assert resource.fetch().name == later

    # A failing long-running operation surfaces its real error after polling.
    with pytest.raises(ConflictError):
        root.databases.create(Database(name=blocking))

    # Drops answer 202 too, blocking and asynchronous.
    root.databases[blocking].drop()
    root.databases[later].drop_async().result(timeout=60)
    names = sql_database_names(slow_conn)
    assert blocking not in names and later not in names


def test_paged_listing_is_followed(slow_conn):
    root = Root(slow_conn)
    made = [unique("CORE_PAGED_POOL") for _ in range(7)]
    for name in made:
        root.compute_pools.create(ComputePool(name=name, instance_family="CPU_X64_XS", min_nodes=1, max_nodes=1))
    try:
        listed = [p.name for p in root.compute_pools.iter()]
        # 7 pools at 3 a page: snowflake.core followed the Link header to pages 1 and 2.
        assert sorted(n for n in listed if n.startswith("CORE_PAGED_POOL")) == sorted(made)
        assert len(listed) == len(set(listed))
    finally:
        for name in made:
            root.compute_pools[name].drop(if_exists=True)


# ---------------------------------------------------------------------------------------------
# Table settings, reclustering, view column comments, stage files, use_warehouse
# ---------------------------------------------------------------------------------------------


def test_table_settings_round_trip_and_recluster(schema, core_conn):
    table = schema.tables.create(
        Table(
            name="CORE_SETTINGS",
            columns=[TableColumn(name="X", datatype="NUMBER(38,0)")],
            cluster_by=["X"],
            change_tracking=True,
            enable_schema_evolution=True,
            max_data_extension_time_in_days=7,
            default_ddl_collation="en-ci",
        )
    )
    fetched = table.fetch()
    assert fetched.change_tracking is True
    assert fetched.enable_schema_evolution is True
    assert fetched.max_data_extension_time_in_days == 7
    assert fetched.default_ddl_collation == "en-ci"
    assert fetched.automatic_clustering is True

    table.suspend_recluster()
    assert table.fetch().automatic_clustering is False
    shown = core_conn.cursor().execute(
        f'show tables like \'CORE_SETTINGS\' in schema "{schema.database.name}"."{schema.name}"'
    )
    columns = [d[0] for d in shown.description]
    row = shown.fetchone()
    assert row[columns.index("automatic_clustering")] == "OFF"
    assert row[columns.index("change_tracking")] == "ON"
    table.resume_recluster()
    assert table.fetch().automatic_clustering is True
    with pytest.raises(NotFoundError):
        schema.tables["NO_SUCH_TABLE"].suspend_recluster()
    schema.tables["NO_SUCH_TABLE"].suspend_recluster(if_exists=True)


def test_view_column_comments_are_kept(schema, core_conn):
    from snowflake.core.view import View, ViewColumn

    core_conn.cursor().execute(
        f'create table "{schema.database.name}"."{schema.name}".BASE (ID INT, NAME VARCHAR)'
    )
    view = schema.views.create(
        View(
            name="CORE_V",
            columns=[ViewColumn(name="ID", comment="the key"), ViewColumn(name="NAME")],
            query=f'select ID, NAME from "{schema.database.name}"."{schema.name}".BASE',
        )
    )
    fetched = view.fetch()
    assert [(c.name, c.comment) for c in fetched.columns] == [("ID", "the key"), ("NAME", None)]


def test_stage_files_are_listed_and_downloaded_by_presigned_url(schema, core_conn):
    import urllib.request

    from snowflake.core.stage import Stage
    from snowflake.core.stage._generated.models.presigned_url_request import (
        PresignedUrlRequest,
    )

    stage = schema.stages.create(Stage(name="CORE_STAGE"))
    qualified = f'"{schema.database.name}"."{schema.name}".CORE_STAGE'
    core_conn.cursor().execute(
        f"copy into @{qualified}/out/rows.csv from (select 1 as a, 'x' as b union all "
        "select 2, 'y' order by a) file_format = (type = csv compression = none) single = true"
    )
    files = list(stage.list_files())
    assert [f.name for f in files] == ["core_stage/out/rows.csv"], files
    assert int(files[0].size) == len(b"1,x\n2,y\n")
    assert list(stage.list_files(pattern=".*[.]json")) == []

    material = stage.get_presigned_url(
        "out/rows.csv", PresignedUrlRequest(expiration_time=60)
    )
    with urllib.request.urlopen(material.presigned_url, timeout=10) as answer:
        assert answer.read() == b"1,x\n2,y\n"
    with pytest.raises(NotFoundError):
        stage.get_presigned_url("out/missing.csv", PresignedUrlRequest(expiration_time=60))


def test_use_warehouse_changes_the_connection_warehouse(emulator, warehouse):
    # A connection of its own: the module's shared one must not be left on a warehouse that the
    # fixture drops afterwards.
    conn = snowflake.connector.connect(**emulator.connect_args())
    try:
        Root(conn).warehouses[warehouse.name].use_warehouse()
        current = conn.cursor().execute("select current_warehouse()").fetchone()[0]
        assert current == warehouse.name
    finally:
        conn.close()
