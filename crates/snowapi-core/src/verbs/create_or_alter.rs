//! `create_or_alter` and `create_or_alter_async`.

/// `create_or_alter` and `create_or_alter_async` over the generated PUT `$op`, which takes the
/// `ids()`, then `$extra` arguments, then the body. `$new` is the example's model expression and
/// `$note` what the doc adds.
macro_rules! create_or_alter {
    (
        $handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+),
        ($op:ident($($extra:expr),*), $model:ident, $new:literal, $note:literal)
    ) => {
        impl $handle {
            #[doc = concat!("Creates the ", $what, " as `", stringify!($model),
                "` describes it, or alters the existing one to match", $note, ".")]
            #[doc = $crate::verbs::example!($bind, [$v, ".create_or_alter(&", $new, ").await?;"])]
            pub async fn create_or_alter(&self, model: &$model) -> Result<(), $crate::CoreError> {
                self.create_or_alter_async(model).await?.result().await
            }

            #[doc = concat!("[`create_or_alter`](Self::create_or_alter) of the ", $what,
                ", returning the operation to poll.")]
            #[doc = $crate::verbs::example!($bind,
                ["let operation = ", $v, ".create_or_alter_async(&", $new, ").await?;"],
                ["operation.result().await?;"])]
            pub async fn create_or_alter_async(
                &self,
                model: &$model,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let body: types::$model = $crate::convert::to_wire(model)?;
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let answer = self.client().$op($(&$id,)+ $($extra,)* &body).await;
                self.root()
                    .start(stringify!($op), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

pub(crate) use create_or_alter;
