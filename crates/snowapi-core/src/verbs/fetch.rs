//! `fetch`.

/// `fetch`: the object as Snowflake has it now, through the generated GET `$op`, retried while
/// transient.
macro_rules! fetch {
    ($handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+), ($op:ident -> $model:ty)) => {
        impl $handle {
            #[doc = concat!("The ", $what, " as Snowflake has it now.")]
            #[doc = $crate::verbs::example!($bind, ["let fetched = ", $v, ".fetch().await?;"],
                ["tracing::info!(name = %fetched.name, \"fetched\");"])]
            pub async fn fetch(&self) -> Result<$model, $crate::CoreError> {
                let client = self.client();
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let wire = self
                    .root()
                    .idempotent(stringify!($op), || client.$op($(&$id),+))
                    .await?;
                $crate::convert::from_wire(wire)
            }
        }
    };
}

pub(crate) use fetch;
