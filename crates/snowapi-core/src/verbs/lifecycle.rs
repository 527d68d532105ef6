//! `suspend` / `resume` and their `_async` forms.

/// `suspend`, `suspend_async`, `resume` and `resume_async` over the generated POSTs named; with
/// `if_exists`, the `_async` forms take `if_exists` as the API does.
macro_rules! suspend_resume {
    ($handle:ty, $what:literal, [$v:literal, $bind:literal], $ids:tt, ($suspend:ident, $resume:ident)) => {
        $crate::verbs::suspend_resume!(@verb $handle, $what, [$v, $bind], $ids, suspend, suspend_async, $suspend, "Suspends", "suspending", "");
        $crate::verbs::suspend_resume!(@verb $handle, $what, [$v, $bind], $ids, resume, resume_async, $resume, "Resumes", "resuming", "");
    };
    ($handle:ty, $what:literal, [$v:literal, $bind:literal], $ids:tt, ($suspend:ident, $resume:ident, if_exists)) => {
        $crate::verbs::suspend_resume!(@verb $handle, $what, [$v, $bind], $ids, suspend, suspend_async, $suspend, "Suspends", "suspending", if_exists);
        $crate::verbs::suspend_resume!(@verb $handle, $what, [$v, $bind], $ids, resume, resume_async, $resume, "Resumes", "resuming", if_exists);
    };
    (@verb $handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+),
        $verb:ident, $verb_async:ident, $op:ident, $does:literal, $doing:literal, "") => {
        impl $handle {
            #[doc = concat!($does, " the ", $what, ".")]
            #[doc = $crate::verbs::example!($bind, [$v, ".", stringify!($verb), "().await?;"])]
            pub async fn $verb(&self) -> Result<(), $crate::CoreError> {
                self.$verb_async().await?.result().await
            }

            #[doc = concat!("Starts ", $doing, " the ", $what, ", returning the operation to poll.")]
            #[doc = $crate::verbs::example!($bind,
                ["let operation = ", $v, ".", stringify!($verb_async), "().await?;"],
                ["operation.result().await?;"])]
            pub async fn $verb_async(
                &self,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let answer = self.client().$op($(&$id),+).await;
                self.root()
                    .start(stringify!($op), answer, $crate::call::discard)
                    .await
            }
        }
    };
    (@verb $handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+),
        $verb:ident, $verb_async:ident, $op:ident, $does:literal, $doing:literal, if_exists) => {
        impl $handle {
            #[doc = concat!($does, " the ", $what, "; [`CoreError::NotFound`](crate::CoreError::NotFound) if it does not exist.")]
            #[doc = $crate::verbs::example!($bind, [$v, ".", stringify!($verb), "().await?;"])]
            pub async fn $verb(&self) -> Result<(), $crate::CoreError> {
                self.$verb_async(false).await?.result().await
            }

            #[doc = concat!("Starts ", $doing, " the ", $what,
                " (doing nothing if it is missing and `if_exists`), returning the operation to poll.")]
            #[doc = $crate::verbs::example!($bind,
                ["let operation = ", $v, ".", stringify!($verb_async), "(true).await?;"],
                ["operation.result().await?;"])]
            pub async fn $verb_async(
                &self,
                if_exists: bool,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let answer = self.client().$op($(&$id,)+ Some(if_exists)).await;
                self.root()
                    .start(stringify!($op), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

pub(crate) use suspend_resume;
