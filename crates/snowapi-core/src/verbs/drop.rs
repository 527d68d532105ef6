//! `drop`, `drop_if_exists`, `drop_async` and `undrop`.

/// `drop`, `drop_if_exists` and `drop_async` over the generated DELETE `$op`, which takes the
/// `ids()`, then `ifExists`, then `$extra` arguments.
macro_rules! drop {
    ($handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+), ($op:ident($($extra:expr),*))) => {
        impl $handle {
            #[doc = concat!("Drops the ", $what, "; [`CoreError::NotFound`](crate::CoreError::NotFound) if it does not exist.")]
            #[doc = $crate::verbs::example!($bind, [$v, ".drop().await?;"])]
            pub async fn drop(&self) -> Result<(), $crate::CoreError> {
                self.drop_async(false).await?.result().await
            }

            #[doc = concat!("Drops the ", $what, " if it exists.")]
            #[doc = $crate::verbs::example!($bind, [$v, ".drop_if_exists().await?;"])]
            pub async fn drop_if_exists(&self) -> Result<(), $crate::CoreError> {
                self.drop_async(true).await?.result().await
            }

            #[doc = concat!("Starts dropping the ", $what, " (doing nothing if it is missing and `if_exists`), returning the operation to poll.")]
            #[doc = $crate::verbs::example!($bind,
                ["let operation = ", $v, ".drop_async(true).await?;"],
                ["operation.result().await?;"])]
            pub async fn drop_async(
                &self,
                if_exists: bool,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let answer = self.client().$op($(&$id,)+ Some(if_exists) $(, $extra)*).await;
                self.root()
                    .start(stringify!($op), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

/// `undrop` over the generated POST `$op`.
macro_rules! undrop {
    ($handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+), ($op:ident)) => {
        impl $handle {
            #[doc = concat!("Restores the most recently dropped ", $what, " of this name.")]
            #[doc = $crate::verbs::example!($bind, [$v, ".drop().await?;"], [$v, ".undrop().await?;"])]
            pub async fn undrop(&self) -> Result<(), $crate::CoreError> {
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let answer = self.client().$op($(&$id),+).await;
                self.root()
                    .finish(stringify!($op), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

pub(crate) use {drop, undrop};
