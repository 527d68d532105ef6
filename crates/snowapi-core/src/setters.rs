//! Chained setters for the optional fields of models, so that
//! `Database::new("db").comment("…").data_retention_time_in_days(3)` reads like snowflake.core's
//! keyword arguments.

/// Generates, for each listed `field: Type` of a model whose field is `Option<Type>`, a consuming
/// setter `fn field(self, value: impl Into<Type>) -> Self`.
macro_rules! setters {
    ($model:ty { $($field:ident : $ty:ty),* $(,)? }) => {
        impl $model {
            $(
                #[doc = concat!("Sets `", stringify!($field), "`.")]
                #[must_use]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}

pub(crate) use setters;
