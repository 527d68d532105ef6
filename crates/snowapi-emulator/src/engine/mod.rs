//! The engine: one catalog, many sessions, SQL executed by DataFusion.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use snowapi_emulator::engine::{Engine, EngineConfig};
//! use snowapi_emulator::sql::binds::Binds;
//!
//! let engine = Engine::open(EngineConfig::default()).unwrap();
//! let session = engine.session("ADMIN");
//! let result = session.execute("select 1 + 1 as two", &Binds::none()).await.unwrap();
//! assert_eq!(result.columns[0].name, "TWO");
//! # });
//! ```

pub(crate) mod information_schema;
mod result;
pub(crate) mod rowset;
mod running;
mod session;
mod stage_storage;
mod storage;
pub(crate) mod tables;

use std::{path::PathBuf, sync::Arc};

use parking_lot::RwLock;

pub use result::{QueryResult, StatementType};
pub use running::{
    MAX_FINISHED, MAX_RESULT_BYTES, QueryInfo, QueryOutcome, QueryStatus, new_query_id,
};
pub(crate) use session::Transaction;
pub use session::{Session, Submitted};

use crate::{
    catalog::{Catalog, Name, ObjectInfo, Role, User, Warehouse},
    error::Result,
};
use storage::Storage;

/// How to open an engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Where data lives; `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// Account name reported by CURRENT_ACCOUNT().
    pub account: String,
    /// Role new sessions start with.
    pub default_role: String,
    /// How long a new or resumed compute pool reports STARTING / RESUMING before it is IDLE
    /// (or ACTIVE); zero by default, so pools are ready at once.
    pub compute_pool_start_delay: std::time::Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            data_dir: None,
            account: "SNOWAPI".into(),
            default_role: "ACCOUNTADMIN".into(),
            compute_pool_start_delay: std::time::Duration::ZERO,
        }
    }
}

/// A running engine. Cheap to clone: clones share the catalog.
#[derive(Clone, Debug)]
pub struct Engine {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    config: EngineConfig,
    catalog: RwLock<Arc<Catalog>>,
    /// Serialises publishing new snapshots; held only while a change is applied and stored.
    commit: tokio::sync::Mutex<()>,
    storage: Option<Storage>,
    next_session: std::sync::atomic::AtomicU64,
    /// Statements in flight and finished ones, by query id.
    queries: running::Queries,
}

impl Engine {
    /// Opens an engine: loads `data_dir` when it holds a catalog, seeds a fresh account otherwise.
    pub fn open(config: EngineConfig) -> Result<Self> {
        let storage = config
            .data_dir
            .as_ref()
            .map(|dir| Storage::open(dir))
            .transpose()?;
        let loaded = match &storage {
            Some(storage) => storage.load()?,
            None => None,
        };
        let catalog = match loaded {
            Some(catalog) => catalog,
            None => {
                let fresh = seed(&config);
                if let Some(storage) = &storage {
                    storage.save(&Catalog::default(), &mut fresh.clone())?;
                }
                fresh
            }
        };
        Ok(Self {
            shared: Arc::new(Shared {
                config,
                catalog: RwLock::new(Arc::new(catalog)),
                commit: tokio::sync::Mutex::new(()),
                storage,
                next_session: std::sync::atomic::AtomicU64::new(1),
                queries: running::Queries::default(),
            }),
        })
    }

    /// A new session for `user`.
    pub fn session(&self, user: &str) -> Session {
        let id = self
            .shared
            .next_session
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Session::new(self.clone(), id, user)
    }

    /// The latest committed catalog.
    pub fn snapshot(&self) -> Arc<Catalog> {
        self.shared.catalog.read().clone()
    }

    /// The engine's settings.
    pub fn config(&self) -> &EngineConfig {
        &self.shared.config
    }

    /// Asks the running statement `query_id` to stop; it ends with error 000604 (SQL execution
    /// canceled). `false` when no statement of that id is running.
    pub fn cancel(&self, query_id: &str) -> bool {
        self.shared.queries.cancel(query_id)
    }

    /// Asks every running statement of session `session_id` to stop; returns how many.
    pub fn cancel_session(&self, session_id: u64) -> usize {
        self.shared.queries.cancel_session(session_id)
    }

    /// What is known about a statement, running or recently finished; `None` for an unknown
    /// (or forgotten) id.
    pub fn query_status(&self, query_id: &str) -> Option<QueryInfo> {
        self.shared.queries.status(query_id)
    }

    /// The outcome of a statement by id: running, its result or error, or expired; `None` for
    /// an unknown (or forgotten) id.
    pub fn result(&self, query_id: &str) -> Option<QueryOutcome> {
        self.shared.queries.result(query_id)
    }

    /// Every statement running now, oldest first.
    pub fn running_queries(&self) -> Vec<QueryInfo> {
        self.shared.queries.running()
    }

    /// Waits until statement `query_id` finishes, at most `timeout`; then reports what is known
    /// about it (still `RUNNING` if the time ran out). `None` for an unknown id.
    pub async fn wait_for_query(
        &self,
        query_id: &str,
        timeout: std::time::Duration,
    ) -> Option<QueryInfo> {
        self.shared.queries.wait(query_id, timeout).await
    }

    /// The registry of statements, for sessions.
    pub(crate) fn queries(&self) -> &running::Queries {
        &self.shared.queries
    }

    /// Applies `change` to the latest catalog and publishes the result once it is on disk.
    /// Nothing is published (or stored) if `change` fails.
    pub async fn commit<T>(&self, change: impl FnOnce(&mut Catalog) -> Result<T>) -> Result<T> {
        let _guard = self.shared.commit.lock().await;
        let current = self.snapshot();
        let mut next = (*current).clone();
        let output = change(&mut next)?;
        if self.shared.storage.is_some() {
            // Writing and fsyncing files blocks: keep it off the threads that run statements.
            let shared = Arc::clone(&self.shared);
            next = tokio::task::spawn_blocking(move || {
                if let Some(storage) = &shared.storage {
                    storage.save(&current, &mut next)?;
                }
                Ok::<_, crate::error::EmulatorError>(next)
            })
            .await
            .map_err(|e| {
                crate::error::EmulatorError::Storage(format!("storage task failed: {e}"))
            })??;
        }
        *self.shared.catalog.write() = Arc::new(next);
        Ok(output)
    }
}

/// The objects a new account has.
fn seed(config: &EngineConfig) -> Catalog {
    let mut catalog = Catalog::default();
    for role in [
        "ACCOUNTADMIN",
        "SECURITYADMIN",
        "SYSADMIN",
        "USERADMIN",
        "PUBLIC",
    ] {
        let info = ObjectInfo::new("", None);
        catalog.roles.insert(
            Name::canonical(role),
            Arc::new(Role {
                name: Name::canonical(role),
                info,
            }),
        );
    }
    let warehouse = Warehouse {
        name: Name::canonical("COMPUTE_WH"),
        info: ObjectInfo::new(&config.default_role, None),
        state: "STARTED".into(),
        warehouse_type: "STANDARD".into(),
        size: "X-Small".into(),
        auto_suspend: Some(600),
        auto_resume: true,
        properties: Default::default(),
        resumed_on: None,
        updated_on: None,
        disabled: false,
    };
    catalog
        .warehouses
        .insert(warehouse.name.clone(), Arc::new(warehouse));
    let admin = User {
        name: Name::canonical("ADMIN"),
        info: ObjectInfo::new(&config.default_role, None),
        properties: Default::default(),
        password_hash: None,
        password_last_set: None,
    };
    catalog.users.insert(admin.name.clone(), Arc::new(admin));
    catalog
}
