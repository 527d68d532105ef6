//! A session: who is connected, what is current, the open transaction, and statement execution.

use std::{collections::BTreeMap, sync::Arc};

use datafusion::{
    execution::{SessionStateBuilder, context::SessionState as DataFusionState},
    prelude::{SessionConfig, SessionContext},
};
use parking_lot::{Mutex, RwLock};

use super::{Engine, QueryResult, tables::Databases};
use crate::{
    catalog::{Catalog, Name},
    error::{EmulatorError, ErrorKind, Result},
    exec,
    sql::{
        self,
        binds::Binds,
        normalize::{NameContext, SessionValues},
    },
};

/// How many query ids a session remembers for LAST_QUERY_ID().
const QUERY_HISTORY: usize = 100;

/// One connection's state. Statements of a session may run concurrently; each reads the snapshot
/// current when it starts.
#[derive(Debug)]
pub struct Session {
    engine: Engine,
    id: u64,
    state: Mutex<SessionState>,
    /// DataFusion state with the Snowflake functions registered, cloned for each statement.
    base: DataFusionState,
}

/// What USE, ALTER SESSION and transactions change.
#[derive(Debug, Clone)]
pub(crate) struct SessionState {
    pub(crate) user: String,
    pub(crate) role: String,
    /// The only role USE ROLE may switch to: set for a login with a PAT that has a
    /// ROLE_RESTRICTION.
    pub(crate) role_restriction: Option<String>,
    pub(crate) database: Option<Name>,
    pub(crate) schema: Option<Name>,
    pub(crate) warehouse: Option<Name>,
    /// Session parameters set with ALTER SESSION, by upper-case name.
    pub(crate) parameters: BTreeMap<String, String>,
    pub(crate) query_ids: Vec<String>,
    /// The working copy of an open transaction.
    pub(crate) transaction: Option<Transaction>,
}

/// An open transaction: the snapshot it started from and its own changes on top.
#[derive(Debug, Clone)]
pub(crate) struct Transaction {
    pub(crate) base: Arc<Catalog>,
    pub(crate) working: Arc<Catalog>,
}

/// A statement started with [`Session::submit`]: its query id and the task running it.
#[derive(Debug)]
pub struct Submitted {
    /// The statement's query id, registered before `submit` returned.
    pub query_id: String,
    /// The task running the statement. Dropping it leaves the statement running.
    pub handle: tokio::task::JoinHandle<Result<QueryResult>>,
}

impl Submitted {
    /// Waits for the statement's outcome.
    pub async fn result(self) -> Result<QueryResult> {
        self.handle.await.map_err(EmulatorError::internal)?
    }
}

impl Session {
    pub(super) fn new(engine: Engine, id: u64, user: &str) -> Self {
        let config = SessionConfig::new()
            .with_create_default_catalog_and_schema(false)
            .with_information_schema(false);
        let placeholder = Arc::new(RwLock::new(engine.snapshot()));
        let base = SessionStateBuilder::new()
            .with_config(config)
            .with_default_features()
            .with_catalog_list(Arc::new(Databases {
                snapshot: placeholder,
            }))
            .build();
        let ctx = SessionContext::new_with_state(base);
        crate::functions::register(&ctx);
        crate::functions::result_scan::register(&ctx, engine.clone());
        let state = SessionState {
            user: user.to_uppercase(),
            role: engine.config().default_role.clone(),
            role_restriction: None,
            database: None,
            schema: None,
            warehouse: None,
            parameters: BTreeMap::new(),
            query_ids: Vec::new(),
            transaction: None,
        };
        Self {
            engine,
            id,
            state: Mutex::new(state),
            base: ctx.state(),
        }
    }

    /// The engine this session belongs to.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Session id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Runs one SQL statement with its binds, under a fresh query id (in the result).
    pub async fn execute(&self, sql: &str, binds: &Binds) -> Result<QueryResult> {
        self.execute_with_id(&super::new_query_id(), sql, binds)
            .await
    }

    /// Runs one SQL statement under `query_id`, chosen by the caller so that it is known before
    /// the statement starts. While it runs, [`Engine::query_status`] reports it `RUNNING` and
    /// [`Engine::cancel`] stops it (error 000604); afterwards its outcome stays retrievable by
    /// id ([`Engine::result`]). Dropping the returned future also stops the statement (recorded
    /// as `ABORTED`). Fails at once if a statement with that id is running.
    pub async fn execute_with_id(
        &self,
        query_id: &str,
        sql: &str,
        binds: &Binds,
    ) -> Result<QueryResult> {
        let registration = self.engine.queries().register(query_id, self.id, sql)?;
        self.run_registered(registration, sql, binds).await
    }

    /// Starts one SQL statement on the runtime and returns at once with its query id; the
    /// statement is registered as `RUNNING` before this returns, so a status or cancel request
    /// for that id that follows never misses it. Await [`Submitted::result`] for the outcome
    /// (or fetch it later with [`Engine::result`]).
    pub fn submit(self: &Arc<Self>, sql: &str, binds: &Binds) -> Result<Submitted> {
        let query_id = super::new_query_id();
        let registration = self.engine.queries().register(&query_id, self.id, sql)?;
        let session = Arc::clone(self);
        let (sql, binds) = (sql.to_owned(), binds.clone());
        let handle =
            tokio::spawn(async move { session.run_registered(registration, &sql, &binds).await });
        Ok(Submitted { query_id, handle })
    }

    /// Asks every running statement of this session to stop; returns how many were running.
    pub fn cancel_all(&self) -> usize {
        self.engine.cancel_session(self.id)
    }

    /// Runs a statement registered with [`Engine::queries`] by the caller (the network layer
    /// registers before it answers, then runs the statement on its own task).
    pub(crate) async fn run_registered(
        &self,
        registration: super::running::Registration,
        sql: &str,
        binds: &Binds,
    ) -> Result<QueryResult> {
        let timeout = self.statement_timeout();
        // Boxed: statement futures are large, and deep ones overflow debug-build stacks.
        let statement = Box::pin(async {
            match exec::run_command(self, sql).await {
                Some(result) => result,
                None => self.execute_parsed(sql, binds).await,
            }
        });
        let outcome = registration.run(statement, timeout).await;
        let query_id = registration.query_id().to_owned();
        registration.finish(&outcome);
        let mut state = self.state.lock();
        state.query_ids.push(query_id.clone());
        if state.query_ids.len() > QUERY_HISTORY {
            state.query_ids.remove(0);
        }
        drop(state);
        outcome.map(|mut result| {
            result.query_id = query_id;
            result
        })
    }

    /// STATEMENT_TIMEOUT_IN_SECONDS of the session (0 or unset: no limit).
    fn statement_timeout(&self) -> Option<std::time::Duration> {
        let state = self.state.lock();
        let seconds: u64 = state
            .parameters
            .get("STATEMENT_TIMEOUT_IN_SECONDS")?
            .trim()
            .parse()
            .ok()?;
        (seconds > 0).then(|| std::time::Duration::from_secs(seconds))
    }

    async fn execute_parsed(&self, sql: &str, binds: &Binds) -> Result<QueryResult> {
        let mut statements = sql::parse(sql)?;
        if statements.len() != 1 {
            return Err(EmulatorError::new(
                ErrorKind::StatementCountMismatch,
                format!(
                    "Actual statement count {} did not match the desired statement count 1.",
                    statements.len()
                ),
            ));
        }
        let mut statement = statements.remove(0);
        if !binds.is_empty() {
            sql::binds::substitute(&mut statement, binds)?;
        }
        exec::run(self, statement).await
    }

    /// A copy of the session's state.
    pub(crate) fn state(&self) -> SessionState {
        self.state.lock().clone()
    }

    /// Changes the session's state.
    pub(crate) fn update<T>(&self, change: impl FnOnce(&mut SessionState) -> T) -> T {
        change(&mut self.state.lock())
    }

    /// What names in a statement resolve against right now.
    pub(crate) fn name_context(&self) -> NameContext {
        let state = self.state.lock();
        NameContext {
            database: state.database.clone(),
            schema: state.schema.clone(),
            session: SessionValues {
                warehouse: state.warehouse.as_ref().map(Name::to_string),
                role: Some(state.role.clone()),
                user: Some(state.user.clone()),
                account: Some(self.engine.config().account.clone()),
                session_id: Some(self.id.to_string()),
                query_ids: state.query_ids.clone(),
            },
        }
    }

    /// The catalog this session's next statement reads: its transaction's working copy, or the
    /// latest committed snapshot.
    pub(crate) fn snapshot(&self) -> Arc<Catalog> {
        match &self.state.lock().transaction {
            Some(transaction) => transaction.working.clone(),
            None => self.engine.snapshot(),
        }
    }

    /// A DataFusion state that reads `snapshot`.
    pub(crate) fn datafusion(&self, snapshot: Arc<Catalog>) -> SessionContext {
        let cell = Arc::new(RwLock::new(snapshot));
        // A clone with its catalog list swapped: rebuilding the state through
        // SessionStateBuilder would register every function again on each statement.
        let mut state = self.base.clone();
        state.register_catalog_list(Arc::new(Databases { snapshot: cell }));
        SessionContext::new_with_state(state)
    }

    /// Applies a change: to the transaction's working copy when one is open (kept until
    /// COMMIT), otherwise committed to the engine at once.
    pub(crate) async fn write<T>(
        &self,
        change: impl FnOnce(&mut Catalog) -> Result<T>,
    ) -> Result<T> {
        let working = self
            .state
            .lock()
            .transaction
            .as_ref()
            .map(|t| t.working.clone());
        match working {
            Some(working) => {
                let mut next = (*working).clone();
                let output = change(&mut next)?;
                if let Some(transaction) = &mut self.state.lock().transaction {
                    transaction.working = Arc::new(next);
                }
                Ok(output)
            }
            None => self.engine.commit(change).await,
        }
    }
}
