//! Verbs many resource handles share, each written once: `fetch`, `create_or_alter`, `drop`,
//! `undrop`, the tag verbs, `suspend` / `resume`, and the `get` / `create` verbs of
//! collections.
//!
//! A handle using them has `fn client(&self)` (its generated client), `fn ids(&self)` (its path
//! parameters: one `Identifier`, or a tuple of them) and `fn root(&self) -> &Root`. Most
//! resources declare theirs with [`generic_verbs!`], one line a verb:
//!
//! ```text
//! generic_verbs! {
//!     WarehouseResource, "warehouse", ["wh", "let wh = root.warehouses().get(\"etl_wh\");"], (id);
//!     fetch(fetch_warehouse -> Warehouse);
//!     drop(delete_warehouse());
//! }
//! ```
//!
//! Every verb's doc carries a `no_run` example built from the handle's binding line.

mod clone;
mod collection;
mod create_or_alter;
mod drop;
mod fetch;
mod lifecycle;
mod tags;

pub(crate) use clone::clone_to;
pub(crate) use collection::{collection_type, collection_verbs};
pub(crate) use create_or_alter::create_or_alter;
pub(crate) use drop::{drop, undrop};
pub(crate) use fetch::fetch;
pub(crate) use lifecycle::suspend_resume;
pub(crate) use tags::tags;

/// The generic verbs of a handle: a header `Handle, "what", ["var", "binding line"], (ids…);`
/// then one `verb(arguments);` a verb, each expanding the macro of that name in this module
/// with the header.
macro_rules! generic_verbs {
    ($handle:ty, $what:literal, $example:tt, $ids:tt; $($verb:ident $args:tt;)+) => {
        $($crate::verbs::$verb!($handle, $what, $example, $ids, $args);)+
    };
}

/// The pattern binding a handle's `ids()`: a single name, or a tuple of names.
macro_rules! ids_pattern {
    () => { () };
    ($id:ident) => { $id };
    ($($id:ident),+) => { ($($id),+) };
}

/// A verb's doc example: the binding line, then one line a `[parts…]` group, in the usual
/// hidden async wrapper.
macro_rules! example {
    ($bind:literal $(, [$($part:expr),+])+) => {
        concat!(
            "\n\n```no_run\n",
            "# async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {\n",
            $bind, "\n",
            $($($part,)+ "\n",)+
            "# Ok(()) }\n```"
        )
    };
}

/// The argument of a generated list operation for the `ListOptions` field named.
macro_rules! list_argument {
    ($options:ident, like) => {
        $options.like.as_deref()
    };
    ($options:ident, starts_with) => {
        $options.starts_with.as_deref()
    };
    ($options:ident, from_name) => {
        $options.from_name.as_deref()
    };
    ($options:ident, limit) => {
        $options.limit.and_then(std::num::NonZeroU64::new)
    };
    ($options:ident, history) => {
        $options.history.then_some(true)
    };
    ($options:ident, deep) => {
        $options.deep.then_some(true)
    };
    ($options:ident, root_only) => {
        $options.root_only.then_some(true)
    };
}

pub(crate) use {example, generic_verbs, ids_pattern, list_argument};
