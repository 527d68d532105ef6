//! `get_tags`, `set_tags` and `unset_tags`.

/// `get_tags`, `set_tags` and `unset_tags` over the generated operations named.
macro_rules! tags {
    ($handle:ty, $what:literal, [$v:literal, $bind:literal], ($($id:ident),+), ($get:ident, $set:ident, $unset:ident)) => {
        impl $handle {
            #[doc = concat!("The tags set on the ", $what, " (with those it inherits when `with_lineage`).")]
            #[doc = $crate::verbs::example!($bind,
                ["for tag in ", $v, ".get_tags(true).await? {"],
                ["    tracing::info!(tag = %tag.tag.tag_name, value = %tag.tag_value, level = ?tag.level, \"tag\");"],
                ["}"])]
            pub async fn get_tags(
                &self,
                with_lineage: bool,
            ) -> Result<Vec<$crate::TagAssignment>, $crate::CoreError> {
                let client = self.client();
                let $crate::verbs::ids_pattern!($($id),+) = self.ids();
                let wire = self
                    .root()
                    .idempotent(stringify!($get), || client.$get($(&$id,)+ Some(with_lineage)))
                    .await?;
                $crate::convert::list_from_wire(wire)
            }

            #[doc = concat!("Sets tags on the ", $what, ".")]
            #[doc = $crate::verbs::example!($bind,
                ["use snowapi_core::{TagAssignment, TagReference};"],
                ["let tag = TagReference::qualified(\"governance\", \"tags\", \"cost_center\");"],
                ["let cost_center = TagAssignment::new(tag, \"finance\");"],
                [$v, ".set_tags(&[cost_center]).await?;"])]
            pub async fn set_tags(
                &self,
                tags: &[$crate::TagAssignment],
            ) -> Result<(), $crate::CoreError> {
                $crate::verbs::tags!(@put self, $set, tags, TagAssignment, $($id),+)
            }

            #[doc = concat!("Removes tags from the ", $what, ".")]
            #[doc = $crate::verbs::example!($bind,
                ["use snowapi_core::TagReference;"],
                [$v, ".unset_tags(&[TagReference::qualified(\"governance\", \"tags\", \"cost_center\")]).await?;"])]
            pub async fn unset_tags(
                &self,
                tags: &[$crate::TagReference],
            ) -> Result<(), $crate::CoreError> {
                $crate::verbs::tags!(@put self, $unset, tags, TagReference, $($id),+)
            }
        }
    };
    // The body of `set_tags` / `unset_tags`: `tags` as the wire's `$wire`s, sent by `$op`.
    (@put $this:ident, $op:ident, $tags:ident, $wire:ident, $($id:ident),+) => {{
        let body: Vec<types::$wire> = $crate::convert::to_wire(&$tags)?;
        let $crate::verbs::ids_pattern!($($id),+) = $this.ids();
        let answer = $this.client().$op($(&$id,)+ None, &body).await;
        $this.root().finish(stringify!($op), answer, $crate::call::discard).await
    }};
}

pub(crate) use tags;
