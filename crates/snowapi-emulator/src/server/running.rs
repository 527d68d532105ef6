//! A started emulator server.

use std::{net::SocketAddr, sync::Arc};

use tokio::{sync::oneshot, task::JoinHandle};

use super::faults::{FaultRule, FaultSet};
use crate::engine::Engine;

/// A server started by [`EmulatorBuilder::start`](super::EmulatorBuilder::start). Dropping it
/// leaves the server running until the runtime ends; call [`shutdown`](Self::shutdown) to stop it.
#[derive(Debug)]
pub struct RunningEmulator {
    address: SocketAddr,
    engine: Engine,
    account: String,
    user: String,
    password: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    faults: Arc<FaultSet>,
    sessions: Arc<super::sessions::SessionTable>,
}

impl RunningEmulator {
    pub(super) fn new(
        address: SocketAddr,
        engine: Engine,
        account: String,
        user: String,
        password: String,
        stop: oneshot::Sender<()>,
        task: JoinHandle<()>,
    ) -> Self {
        Self {
            address,
            engine,
            account,
            user,
            password,
            stop: Some(stop),
            task: Some(task),
            faults: Arc::default(),
            sessions: Arc::default(),
        }
    }

    /// The server's fault rules (shared with its middleware and admin endpoints).
    pub(super) fn with_sessions(mut self, sessions: Arc<super::sessions::SessionTable>) -> Self {
        self.sessions = sessions;
        self
    }

    /// The last `queryContextDTO` (the query-context cache echo) session `session_id` sent in
    /// a query request, for testing a client's cache.
    pub fn last_query_context(&self, session_id: u64) -> Option<serde_json::Value> {
        self.sessions.query_contexts.last(session_id)
    }

    /// Makes every session token expired now, as if its validity had run out: requests that
    /// carry one are answered `390112` until the client renews it with its master token (master
    /// tokens stay valid). For testing a client's renewal path.
    pub fn expire_sessions(&self) {
        self.sessions.expire_all();
    }

    pub(super) fn with_faults(mut self, faults: Arc<FaultSet>) -> Self {
        self.faults = faults;
        self
    }

    /// Adds a fault-injection rule after the active ones; it applies from the next request.
    pub fn inject(&self, rule: FaultRule) {
        tracing::info!(rule = ?rule, "fault rule added");
        self.faults.add(rule);
    }

    /// Removes every fault rule (the [`faults_injected`](Self::faults_injected) count stays).
    pub fn clear_faults(&self) {
        self.faults.clear();
    }

    /// How many faults the server has injected since it started.
    pub fn faults_injected(&self) -> u64 {
        self.faults.injected()
    }

    /// The base URL, `http://HOST:PORT`, with the port actually bound.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The account name to connect with.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The user created at start.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// That user's password.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Registers image `image:tag` in the image repository `repository`
    /// (`DB.SCHEMA.REPO`), as a push to its registry would: SHOW IMAGES and the REST API list
    /// it from then on. Fails when the repository does not exist or the name is not an image
    /// name.
    pub async fn register_image(
        &self,
        repository: &str,
        image: &str,
        tag: &str,
    ) -> crate::error::Result<()> {
        super::images::register_image(&self.engine, repository, image, tag).await
    }

    /// Puts `bytes` on the internal stage `stage` (`DB.SCHEMA.STAGE`) as file `path`
    /// (relative to the stage's root), as a PUT would: LIST, REMOVE and the REST API see it
    /// from then on. Fails when the stage does not exist or the path climbs out of it (`..`).
    pub async fn put_stage_file(
        &self,
        stage: &str,
        path: &str,
        bytes: Vec<u8>,
    ) -> crate::error::Result<()> {
        let parts = crate::catalog::split_dotted(stage)?;
        let [database, schema, name] = <[_; 3]>::try_from(parts).map_err(|_| {
            crate::error::EmulatorError::compilation(
                crate::error::ErrorKind::SyntaxError,
                format!("Stage '{stage}' must be named as database.schema.stage."),
            )
        })?;
        let stage = crate::catalog::ObjectPath {
            database,
            schema,
            name,
        };
        super::stage_files::put_stage_file(&self.engine, &stage, path, bytes).await
    }

    /// The engine behind the server (for setting up data without the network).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the server.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}
