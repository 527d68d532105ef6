//! `get`, `create` and `create_async` of collections.

/// `get`, `create` and `create_async` of a collection of `$resource`s described by `$model`s:
/// `account`, `database` and `schema` collections give only the generated create operation;
/// others give how to get and how to create.
///
/// `get` builds the handle of `$name` with `$get` (`$gthis` is the collection). `create_async`
/// encodes the model as `$body` and runs `$create` (`$this` is the collection, `$m` the model,
/// `$mode` the [`CreateMode`](crate::CreateMode)), which gives the root and the answer of the
/// generated call `$op` to start. The example binds the collection to `$v` with `$bind`, then gets `$example_name`
/// and creates `$new`.
macro_rules! collection_verbs {
    // A collection of account objects: a `root` field; the API's create takes the mode, then
    // `$extra` arguments, then the body.
    (account $collection:ty => $resource:ident($model:ident), $what:literal, $example:tt,
        |$m:ident| $op:ident($($extra:expr),*) $(, iter: $list:ident $args:tt $($local:ident)?)?) => {
        $($crate::verbs::collection_verbs!(@iter $collection, $model, $what, $example,
            |this| this.root.clone(), |p| p, [] = (), $list $args $($local)?);)?
        $crate::verbs::collection_verbs!(
            $collection => $resource($model), $what, $example,
            get: |this, name| $resource::new(this.root.clone(), name),
            create: |this, $m, mode, body| $op {
                let client: Client = this.root.api();
                (&this.root, client.$op(Some(mode.wire()?), $($extra,)* &body).await)
            }
        );
    };
    // A collection of database objects: `root` and `database` fields; the API's create takes
    // the database, the mode, then `$extra` arguments, then the body.
    (database $collection:ty => $resource:ident($model:ident), $what:literal, $example:tt,
        |$m:ident| $op:ident($($extra:expr),*) $(, iter: $list:ident $args:tt $($local:ident)?)?) => {
        $($crate::verbs::collection_verbs!(@iter $collection, $model, $what, $example,
            |this| (this.root.clone(), this.database.clone()), |p| p.0,
            [database] = $crate::convert::ident::<types::Identifier>(&p.1), $list $args $($local)?);)?
        $crate::verbs::collection_verbs!(
            $collection => $resource($model), $what, $example,
            get: |this, name| $resource::new(this.root.clone(), this.database.clone(), name),
            create: |this, $m, mode, body| $op {
                let client: Client = this.root.api();
                let database: types::Identifier = $crate::convert::ident(&this.database);
                (&this.root, client.$op(&database, Some(mode.wire()?), $($extra,)* &body).await)
            }
        );
    };
    // A collection of schema objects: a `SchemaScope` field `$at`; the API's create takes the
    // database and the schema, then `$pre` arguments (`$this` is the collection), then the mode
    // and the body.
    (schema $collection:ty => $resource:ident($model:ident), $what:literal, $example:tt, $at:ident,
        |$this:ident, $m:ident| $op:ident($($pre:expr),*) $(, iter: $list:ident $args:tt $($local:ident)?)?) => {
        $($crate::verbs::collection_verbs!(@iter $collection, $model, $what, $example,
            |this| this.$at.clone(), |p| p.root,
            [database, schema] = p.ids::<types::Identifier>(), $list $args $($local)?);)?
        $crate::verbs::collection_verbs!(
            $collection => $resource($model), $what, $example,
            get: |this, name| $resource::new(this.$at.object(name)),
            create: |$this, $m, mode, body| $op {
                let (database, schema) = $this.$at.ids();
                let client: Client = $this.$at.root.api();
                let answer = client.$op(&database, &schema, $($pre,)* Some(mode.wire()?), &body);
                (&$this.$at.root, answer.await)
            }
        );
    };
    // `iter` over the generated list operation `$list`, whose arguments after the parent's ids
    // are the `ListOptions` named (see `list_argument!`); with `local`, the API filters by `like`
    // only and the other filters apply here.
    (@iter $collection:ty, $model:ident, $what:literal, [$v:literal, $bind:literal, $n:literal, $new:literal],
        |$this:ident| $parent:expr, |$p:ident| $root:expr, [$($id:ident),*] = $ids:expr,
        $list:ident($($arg:ident),*) $($local:ident)?) => {
        impl $collection {
            #[doc = concat!("Lists the collection's ", $what, " items ([`", stringify!($model),
                "`]s); set filters on the returned [`Listing`](crate::Listing).")]
            $(#[doc = $crate::verbs::collection_verbs!(@$local)])?
            #[doc = $crate::verbs::example!($bind,
                ["for item in ", $v, ".iter().like(\"", $n, "%\").send().await? {"],
                ["    tracing::info!(name = %item.name, \"", $what, "\");"],
                ["}"])]
            pub fn iter(&self) -> $crate::Listing<$model> {
                let $this = self;
                let parent = $parent;
                $crate::Listing::new(move |options| {
                    let $p = parent.clone();
                    async move {
                        let client: Client = $root.api();
                        let $crate::verbs::ids_pattern!($($id),*) = $ids;
                        let items = $root
                            .idempotent(stringify!($list), || {
                                client.$list($(&$id,)* $($crate::verbs::list_argument!(options, $arg)),*)
                            })
                            .await?;
                        let items = $crate::convert::list_from_wire(items)?;
                        $(let items = $crate::verbs::collection_verbs!(@$local items, options);)?
                        Ok(items)
                    }
                })
            }
        }
    };
    (@local) => {
        "\n\nThe API filters by `like` only: the other filters apply to what it returns."
    };
    (@local $items:ident, $options:ident) => {
        $crate::listing::filter_locally(
            $items,
            &$options,
            $crate::listing::ServerFilters { like: true, ..Default::default() },
        )
    };
    (
        $collection:ty => $resource:ident($model:ident), $what:literal,
        [$v:literal, $bind:literal, $example_name:literal, $new:literal],
        get: |$gthis:ident, $name:ident| $get:expr,
        create: |$this:ident, $m:ident, $mode:ident, $body:ident| $op:ident $create:block
    ) => {
        impl $collection {
            #[doc = concat!("The handle of ", $what, " `name`; makes no request.")]
            #[doc = $crate::verbs::example!($bind,
                ["let handle = ", $v, ".get(\"", $example_name, "\");"],
                ["tracing::info!(name = %handle.fully_qualified_name(), \"", $what, "\");"])]
            pub fn get(&self, name: impl Into<String>) -> $resource {
                let ($gthis, $name) = (self, name.into());
                $get
            }

            #[doc = concat!("Creates the ", $what, " `", stringify!($m), "` describes and returns its handle.")]
            #[doc = $crate::verbs::example!($bind,
                ["use snowapi_core::CreateMode;"],
                ["let created = ", $v, ".create(&", $new, ", CreateMode::IfNotExists).await?;"],
                ["assert_eq!(created.name(), \"", $example_name, "\");"])]
            pub async fn create(
                &self,
                $m: &$model,
                mode: $crate::CreateMode,
            ) -> Result<$resource, $crate::CoreError> {
                self.create_async($m, mode).await?.result().await?;
                Ok(self.get($m.name.clone()))
            }

            #[doc = concat!("Starts creating the ", $what, " `", stringify!($m), "` describes; the operation may finish in the background.")]
            #[doc = $crate::verbs::example!($bind,
                ["use snowapi_core::CreateMode;"],
                ["let operation = ", $v, ".create_async(&", $new, ", CreateMode::OrReplace).await?;"],
                ["operation.result().await?;"])]
            pub async fn create_async(
                &self,
                $m: &$model,
                $mode: $crate::CreateMode,
            ) -> Result<$crate::PollingOperation<()>, $crate::CoreError> {
                let $this = self;
                let $body: types::$model = $crate::convert::to_wire($m)?;
                let (root, answer): (&$crate::Root, _) = $create;
                root.start(stringify!($op), answer, $crate::call::discard)
                    .await
            }
        }
    };
}

/// Declares a collection type, `$(#[$meta])*` documenting it, and the accessor `$accessor`
/// (documented by `$(#[$doc])*`) of its parent: the [`Root`](crate::Root) for `account`
/// collections, a database handle for `database` ones (which get `database()`), a schema handle
/// for `schema` ones (which get `schema()` and keep their scope in field `$at`).
macro_rules! collection_type {
    ($(#[$meta:meta])* account $collection:ident; $(#[$doc:meta])* fn $accessor:ident;) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $collection {
            root: $crate::Root,
        }

        impl $crate::Root {
            $(#[$doc])*
            pub fn $accessor(&self) -> $collection {
                $collection { root: self.clone() }
            }
        }
    };
    ($(#[$meta:meta])* database $collection:ident; $(#[$doc:meta])* fn $accessor:ident;) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $collection {
            root: $crate::Root,
            database: String,
        }

        impl $crate::database::DatabaseResource {
            $(#[$doc])*
            pub fn $accessor(&self) -> $collection {
                $collection {
                    root: self.root().clone(),
                    database: self.name().to_owned(),
                }
            }
        }

        impl $collection {
            /// The database this collection belongs to.
            pub fn database(&self) -> $crate::database::DatabaseResource {
                $crate::database::DatabaseResource::new(self.root.clone(), self.database.clone())
            }
        }
    };
    ($(#[$meta:meta])* schema $collection:ident($at:ident); $(#[$doc:meta])* fn $accessor:ident;) => {
        $crate::verbs::collection_type!(@schema [$(#[$meta])*] $collection($at) {} {}; [$(#[$doc])*] $accessor);
    };
    // A collection of schema objects that may copy grants: a `copy_grants` field, false at first,
    // and the builder `copy_grants` (documented by `$(#[$copy_doc])*`).
    (
        $(#[$meta:meta])* schema $collection:ident($at:ident, copy_grants);
        $(#[$doc:meta])* fn $accessor:ident;
        $(#[$copy_doc:meta])* fn copy_grants;
    ) => {
        $crate::verbs::collection_type!(@schema [$(#[$meta])*] $collection($at)
            { copy_grants: bool, } { copy_grants: false, }; [$(#[$doc])*] $accessor);

        impl $collection {
            $(#[$copy_doc])*
            #[must_use]
            pub fn copy_grants(&self, copy_grants: bool) -> Self {
                Self {
                    copy_grants,
                    ..self.clone()
                }
            }
        }
    };
    (@schema [$($meta:tt)*] $collection:ident($at:ident) {$($field:tt)*} {$($init:tt)*};
        [$($doc:tt)*] $accessor:ident) => {
        $($meta)*
        #[derive(Debug, Clone)]
        pub struct $collection {
            $at: $crate::schema::SchemaScope,
            $($field)*
        }

        impl $crate::schema::SchemaResource {
            $($doc)*
            pub fn $accessor(&self) -> $collection {
                $collection {
                    $at: self.scope(),
                    $($init)*
                }
            }
        }

        impl $collection {
            /// The schema this collection belongs to.
            pub fn schema(&self) -> $crate::schema::SchemaResource {
                self.$at.schema()
            }
        }
    };
}

pub(crate) use {collection_type, collection_verbs};
