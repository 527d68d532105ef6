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
        let state = SessionState {
            user: user.to_uppercase(),
            role: engine.config().default_role.clone(),
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

    /// Runs one SQL statement with its binds.
    pub async fn execute(&self, sql: &str, binds: &Binds) -> Result<QueryResult> {
        let mut result = match exec::run_command(self, sql).await {
            Some(result) => result?,
            None => self.execute_parsed(sql, binds).await?,
        };
        result.query_id = uuid::Uuid::new_v4().to_string();
        let mut state = self.state.lock();
        state.query_ids.push(result.query_id.clone());
        if state.query_ids.len() > QUERY_HISTORY {
            state.query_ids.remove(0);
        }
        Ok(result)
    }

    async fn execute_parsed(&self, sql: &str, binds: &Binds) -> Result<QueryResult> {
        let mut statements = sql::parse(sql)?;
        if statements.len() != 1 {
            return Err(EmulatorError::new(
                ErrorKind::InvalidArguments,
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
        let state = SessionStateBuilder::new_from_existing(self.base.clone())
            .with_catalog_list(Arc::new(Databases { snapshot: cell }))
            .build();
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
