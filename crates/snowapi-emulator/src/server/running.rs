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
