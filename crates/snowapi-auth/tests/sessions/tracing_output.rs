//! Every network call runs in a span naming its operation and request id, and nothing a
//! session logs, at any level, contains a secret.

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use snowapi_auth::{PasswordAuthenticator, Session, TokenProvider};
use tracing_subscriber::fmt::{MakeWriter, format::FmtSpan};

use crate::support::{HEARTBEAT, LOGIN, LOGOUT, TOKEN_REQUEST, TestServer, login_ok, ok, renew_ok};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// A current-thread runtime, so the thread-local subscriber sees every task.
#[tokio::test]
async fn spans_name_operation_and_request_id_and_logs_hold_no_secret() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start().await;
    server.respond(
        LOGIN,
        login_ok("session-tok-111", "master-tok-222", 3600, 14400),
    );
    server.respond(TOKEN_REQUEST, renew_ok("session-tok-333", "master-tok-444"));
    server.respond(HEARTBEAT, ok());
    server.respond(LOGOUT, ok());
    let session = Session::builder(server.url())
        .account("acct")
        .user("u")
        .authenticator(Arc::new(PasswordAuthenticator::new("password-555")))
        .login()
        .await
        .unwrap();
    let old = session.credential().await.unwrap();
    session.invalidate(&old).await;
    session.heartbeat().await.unwrap();
    session.close().await.unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for operation in ["login", "token-request", "heartbeat", "logout"] {
        let line = text
            .lines()
            .find(|l| l.contains(&format!("operation=\"{operation}\"")))
            .unwrap_or_else(|| panic!("no span for {operation} in:\n{text}"));
        assert!(line.contains("request_id="), "{line}");
    }
    let login_id = server.single(LOGIN).query_param("request_id").unwrap();
    assert!(
        text.contains(&login_id),
        "the login span carries the sent request id"
    );
    for secret in [
        "session-tok-111",
        "master-tok-222",
        "session-tok-333",
        "master-tok-444",
        "password-555",
    ] {
        assert!(!text.contains(secret), "logs show {secret}:\n{text}");
    }
}
