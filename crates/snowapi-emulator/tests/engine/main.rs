//! Tests of the engine as a library: the sqllogictest files under `tests/slt/`, durability and
//! concurrency. One binary, so DataFusion is linked once.

mod slt;
