//! Verbs many resource handles share, written once: `get_tags` / `set_tags` / `unset_tags` and
//! `drop` / `drop_if_exists` / `drop_async`.
//!
//! A handle using them has `fn client(&self)` (its generated client), `fn ids(&self)` (its path
//! parameters as a tuple) and `fn root(&self) -> &Root`.

/// `get_tags`, `set_tags` and `unset_tags` of a handle, over the generated operations named,
/// whose path parameters `ids()` gives as the tuple `($($id),+)`.
macro_rules! tag_verbs {
    ($handle:ty, $what:literal, ($($id:ident),+), $get:ident, $set:ident, $unset:ident) => {
        impl $handle {
            #[doc = concat!("The tags set on the ", $what, " (with those it inherits when `with_lineage`).")]
            pub async fn get_tags(
                &self,
                with_lineage: bool,
            ) -> Result<Vec<$crate::TagAssignment>, $crate::CoreError> {
                let (client, ($($id),+)) = (self.client(), self.ids());
                let wire = self
                    .root()
                    .idempotent(stringify!($get), || client.$get($(&$id),+, Some(with_lineage)))
                    .await?;
                $crate::convert::list_from_wire(wire)
            }

            #[doc = concat!("Sets tags on the ", $what, ".")]
            pub async fn set_tags(
                &self,
                tags: &[$crate::TagAssignment],
            ) -> Result<(), $crate::CoreError> {
                let body: Vec<types::TagAssignment> = $crate::convert::to_wire(&tags)?;
                let ($($id),+) = self.ids();
                let answer = self.client().$set($(&$id),+, None, &body).await;
                self.root()
                    .finish(stringify!($set), answer, $crate::call::discard)
                    .await
            }

            #[doc = concat!("Removes tags from the ", $what, ".")]
            pub async fn unset_tags(
                &self,
                tags: &[$crate::TagReference],
            ) -> Result<(), $crate::CoreError> {
                let body: Vec<types::TagReference> = $crate::convert::to_wire(&tags)?;
                let ($($id),+) = self.ids();
                let answer = self.client().$unset($(&$id),+, None, &body).await;
                self.root()
                    .finish(stringify!($unset), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

/// `drop`, `drop_if_exists` and `drop_async` of a handle, over the generated delete operation
/// named, whose path parameters `ids()` gives as the tuple `($($id),+)`.
macro_rules! drop_verbs {
    ($handle:ty, $what:literal, ($($id:ident),+), $delete:ident) => {
        impl $handle {
            #[doc = concat!("Drops the ", $what, "; [`CoreError::NotFound`](crate::CoreError::NotFound) if it does not exist.")]
            pub async fn drop(&self) -> Result<(), $crate::CoreError> {
                self.drop_async(false).await?.result().await
            }

            #[doc = concat!("Drops the ", $what, " if it exists.")]
            pub async fn drop_if_exists(&self) -> Result<(), $crate::CoreError> {
                self.drop_async(true).await?.result().await
            }

            #[doc = concat!("Starts dropping the ", $what, ", returning the operation to poll.")]
            pub async fn drop_async(
                &self,
                if_exists: bool,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let ($($id),+) = self.ids();
                let answer = self.client().$delete($(&$id),+, Some(if_exists)).await;
                self.root()
                    .start(stringify!($delete), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

pub(crate) use {drop_verbs, tag_verbs};
