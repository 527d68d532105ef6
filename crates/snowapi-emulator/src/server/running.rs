//! A started emulator server.

use std::net::SocketAddr;

use tokio::{sync::oneshot, task::JoinHandle};

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
        }
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
