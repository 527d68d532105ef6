//! `clone_to` and `clone_to_async` of objects whose collection clones them.

/// `clone_to` and `clone_to_async`: the collection `$siblings` (of the handle `$this`) makes a
/// clone of the handle described by `$clone` (`$new` in the example) with its `create_clone`.
/// `$does` is what the doc says the clone is.
macro_rules! clone_to {
    (
        $handle:ty, $what:literal, [$v:literal, $bind:literal], $ids:tt,
        ($clone:ty, $new:literal, |$this:ident| $siblings:expr, $does:literal)
    ) => {
        impl $handle {
            #[doc = concat!("Clones the ", $what, " into ", $does, " and returns its handle (snowflake.core's `clone`); ",
                "the collection's `create_clone` clones into another parent.")]
            #[doc = $crate::verbs::example!($bind,
                ["use snowapi_core::CreateMode;"],
                ["let copy = ", $v, ".clone_to(", $new, ", CreateMode::OrReplace).await?;"],
                ["tracing::info!(copy = %copy.fully_qualified_name(), \"cloned\");"])]
            pub async fn clone_to(
                &self,
                clone: $clone,
                mode: $crate::CreateMode,
            ) -> Result<$handle, $crate::CoreError> {
                let $this = self;
                $siblings.create_clone(self, clone, mode).await
            }

            #[doc = concat!("[`clone_to`](Self::clone_to) of the ", $what, ", returning the operation to poll.")]
            #[doc = $crate::verbs::example!($bind,
                ["use snowapi_core::CreateMode;"],
                ["let operation = ", $v, ".clone_to_async(", $new, ", CreateMode::IfNotExists).await?;"],
                ["operation.result().await?;"])]
            pub async fn clone_to_async(
                &self,
                clone: $clone,
                mode: $crate::CreateMode,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let $this = self;
                $siblings.create_clone_async(self, clone, mode).await
            }
        }
    };
}

pub(crate) use clone_to;
