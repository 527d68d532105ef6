//! Engines kept on disk, for the tests that restart one over the same data directory.

use snowapi_emulator::engine::EngineConfig;

/// A fresh temporary data directory and an engine configuration that stores into it; keep the
/// directory alive as long as the engine (dropping it deletes the files).
pub(crate) fn on_disk() -> (tempfile::TempDir, EngineConfig) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = EngineConfig {
        data_dir: Some(dir.path().to_owned()),
        ..EngineConfig::default()
    };
    (dir, config)
}
