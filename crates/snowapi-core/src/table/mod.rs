//! Tables: `schema.tables()`.

mod collection;
mod model;
mod resource;

pub use collection::TableCollection;
pub use model::{
    Constraint, ForeignKey, PrimaryKey, Table, TableClone, TableColumn, TableKind, TableType,
    UniqueKey,
};
pub use resource::TableResource;
