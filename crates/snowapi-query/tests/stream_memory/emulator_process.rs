//! The `snowapi-emulator` binary run as a separate process, so that what a measurement sees in
//! this process (peak RSS, CPU) is the client's alone.
//!
//! The binary is `SNOWAPI_EMULATOR_BIN`, else `snowapi-emulator` in the cargo profile directory
//! of the running executable (`target/<profile>/`, where `cargo test --workspace` and
//! `cargo build --bin snowapi-emulator` put it).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use snowapi_auth::ConnectionConfig;

const ACCOUNT: &str = "SNOWAPI";
const USER: &str = "STREAMER";
const PASSWORD: &str = "stream-pw";
/// What the binary prints before the URL it listens on.
const LISTENING: &str = "snowapi-emulator listening on ";

/// A running emulator process, killed when dropped.
pub struct EmulatorProcess {
    child: Child,
    url: String,
    binary: PathBuf,
}

impl EmulatorProcess {
    /// The emulator binary to run, or a message saying how to provide one.
    pub fn binary() -> Result<PathBuf, String> {
        if let Some(path) = std::env::var_os("SNOWAPI_EMULATOR_BIN") {
            let path = PathBuf::from(path);
            return if path.is_file() {
                Ok(path)
            } else {
                Err(format!(
                    "SNOWAPI_EMULATOR_BIN={} is not a file",
                    path.display()
                ))
            };
        }
        let exe = std::env::current_exe().map_err(|e| format!("no current executable: {e}"))?;
        // Tests run from target/<profile>/deps/, examples from target/<profile>/examples/.
        let candidates: Vec<PathBuf> = exe
            .ancestors()
            .skip(1)
            .take(2)
            .map(|dir| dir.join(format!("snowapi-emulator{}", std::env::consts::EXE_SUFFIX)))
            .collect();
        candidates
            .iter()
            .find(|path| path.is_file())
            .cloned()
            .ok_or_else(|| {
                format!(
                    "the snowapi-emulator binary is missing (looked at {}): build it with \
                     `cargo build -p snowapi-emulator --bin snowapi-emulator` (add --release for \
                     a release run), or set SNOWAPI_EMULATOR_BIN",
                    candidates
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }

    /// Starts `binary serve --port 0` and waits until it prints its URL.
    pub fn start(binary: &Path) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .args(["serve", "--host", "127.0.0.1", "--port", "0"])
            .args(["--account", ACCOUNT, "--user", USER, "--password", PASSWORD])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            return Err("the emulator's stdout is not piped".to_owned());
        };
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(url) = line.strip_prefix(LISTENING) {
                        break url.trim().to_owned();
                    }
                }
                Some(Err(error)) => {
                    let _ = child.kill();
                    return Err(format!("cannot read the emulator's output: {error}"));
                }
                None => {
                    let status = child.wait().map(|s| s.to_string()).unwrap_or_default();
                    return Err(format!(
                        "{} exited ({status}) before printing its URL",
                        binary.display()
                    ));
                }
            }
        };
        // The emulator keeps printing (and a closed pipe would make its prints fail): drain it.
        std::thread::spawn(move || for _ in lines {});
        Ok(Self {
            child,
            url,
            binary: binary.to_owned(),
        })
    }

    /// The URL the emulator listens on (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The binary that runs.
    pub fn binary_path(&self) -> &Path {
        &self.binary
    }

    /// A connection configuration for the emulator.
    pub fn config(&self) -> Result<ConnectionConfig, String> {
        config_for(&self.url, ACCOUNT, USER, PASSWORD)
    }
}

/// A connection configuration for an emulator at `url` (`http://host:port`).
pub fn config_for(
    url: &str,
    account: &str,
    user: &str,
    password: &str,
) -> Result<ConnectionConfig, String> {
    let address = url
        .strip_prefix("http://")
        .unwrap_or(url)
        .trim_end_matches('/');
    let (host, port) = address
        .rsplit_once(':')
        .ok_or_else(|| format!("no port in the emulator URL {url}"))?;
    let port: u16 = port
        .parse()
        .map_err(|_| format!("bad port in the emulator URL {url}"))?;
    ConnectionConfig::builder()
        .account(account)
        .user(user)
        .password(password.to_owned())
        .host(host)
        .port(port)
        .protocol("http")
        .build()
        .map_err(|e| format!("bad connection config: {e}"))
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
