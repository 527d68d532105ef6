//! Compute pools: every verb of `root.compute_pools()` and `ComputePoolResource`, with the
//! emulator's state transitions.

use std::time::{Duration, Instant};

use snowapi_core::{
    CoreError, CreateMode,
    compute_pool::{ComputePool, ComputePoolResource, ComputePoolState},
};
use snowapi_emulator::server::Emulator;

use crate::{
    common::{column, names, start, start_with, streamed},
    warehouses::tags_round_trip,
};

/// Fetches `pool` until it reports `state`, for at most five seconds.
pub(crate) async fn wait_for_state(pool: &ComputePoolResource, state: ComputePoolState) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = pool.fetch().await.unwrap().state;
        if now.as_ref() == Some(&state) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} stayed {now:?}, not {state}",
            pool.name()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn lifecycle_with_state_transitions() {
    let env =
        start_with(Emulator::builder().compute_pool_start_delay(Duration::from_millis(300))).await;
    let pools = env.root.compute_pools();
    let definition = ComputePool::new("pool_s", "CPU_X64_S", 1, 2)
        .auto_resume(false)
        .auto_suspend_secs(600)
        .comment("made by snowapi-core");
    let pool = pools
        .create(&definition, CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(pool.name(), "pool_s");
    assert_eq!(pool.fully_qualified_name(), "pool_s");

    let fetched = pool.fetch().await.unwrap();
    assert_eq!(fetched.name, "POOL_S");
    assert_eq!(fetched.instance_family, "CPU_X64_S");
    assert_eq!((fetched.min_nodes, fetched.max_nodes), (1, 2));
    assert_eq!(fetched.auto_resume, Some(false));
    assert_eq!(fetched.auto_suspend_secs, Some(600));
    assert_eq!(fetched.comment.as_deref(), Some("made by snowapi-core"));
    assert_eq!(fetched.state, Some(ComputePoolState::Starting));
    wait_for_state(&pool, ComputePoolState::Idle).await;

    pool.suspend().await.unwrap();
    assert_eq!(
        pool.fetch().await.unwrap().state,
        Some(ComputePoolState::Suspended)
    );
    let shown = column(&env.conn, "show compute pools like 'POOL_S'", 1).await;
    assert_eq!(shown, ["SUSPENDED"]);
    pool.resume().await.unwrap();
    // A resumed pool is STARTING for the start delay, then IDLE.
    assert_eq!(
        pool.fetch().await.unwrap().state,
        Some(ComputePoolState::Starting)
    );
    wait_for_state(&pool, ComputePoolState::Idle).await;
    pool.stop_all_services().await.unwrap();

    pool.create_or_alter(
        &ComputePool::new("pool_s", "CPU_X64_S", 1, 3)
            .auto_suspend_secs(300)
            .comment("altered"),
    )
    .await
    .unwrap();
    let altered = pool.fetch().await.unwrap();
    assert_eq!(altered.max_nodes, 3);
    assert_eq!(altered.auto_suspend_secs, Some(300));
    assert_eq!(altered.comment.as_deref(), Some("altered"));

    tags_round_trip!(env, pool);

    pool.drop().await.unwrap();
    let missing = pool.fetch().await.unwrap_err();
    assert!(matches!(missing, CoreError::NotFound(_)), "{missing:?}");
    pool.drop_if_exists().await.unwrap();
    assert!(pool.drop().await.unwrap_err().is_not_found());
    assert!(pool.suspend().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn create_modes_iter_and_instance_families() {
    let env = start().await;
    let pools = env.root.compute_pools();
    for name in ["cp_a", "cp_b", "cp_c"] {
        pools
            .create(
                &ComputePool::new(name, "CPU_X64_XS", 1, 1).initially_suspended(true),
                CreateMode::ErrorIfExists,
            )
            .await
            .unwrap();
    }
    let cp_a = pools.get("cp_a");
    assert_eq!(
        cp_a.fetch().await.unwrap().state,
        Some(ComputePoolState::Suspended)
    );
    let conflict = pools
        .create(
            &ComputePool::new("cp_a", "CPU_X64_XS", 1, 1),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    pools
        .create(
            &ComputePool::new("cp_a", "CPU_X64_XS", 1, 1).comment("ignored"),
            CreateMode::IfNotExists,
        )
        .await
        .unwrap();
    assert_eq!(cp_a.fetch().await.unwrap().comment, None);
    assert_eq!(
        names(pools.iter().like("cp_%")).await,
        ["CP_A", "CP_B", "CP_C"]
    );
    assert_eq!(names(pools.iter().starts_with("CP_B")).await, ["CP_B"]);
    assert_eq!(
        names(pools.iter().like("cp_%").limit(2)).await,
        ["CP_A", "CP_B"]
    );
    assert_eq!(
        names(pools.iter().like("cp_%").from_name("CP_A").limit(1)).await,
        ["CP_B"]
    );
    let paged = streamed(pools.iter().like("cp_%").page_size(2)).await;
    assert_eq!(paged, ["CP_A", "CP_B", "CP_C"]);

    let families = pools.instance_families().await.unwrap();
    let small = families.iter().find(|f| f.name == "CPU_X64_XS").unwrap();
    assert!(small.vcpu.is_some_and(|v| v > 0), "{small:?}");
    assert!(small.memory_gib.is_some());
    assert!(families.iter().any(|f| f.gpu.is_some()), "{families:?}");
}
