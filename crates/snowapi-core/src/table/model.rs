//! The table model: columns, keys and settings, as created, altered and fetched.

use serde::{Deserialize, Deserializer, Serialize};
use snowapi_rest::Timestamp;

use crate::{Named, PointOfTime, setters::setters};

/// Lifetime of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TableKind {
    /// A regular table, with Fail-safe.
    Permanent,
    /// A table without Fail-safe.
    Transient,
    /// A table gone when the session ends.
    Temporary,
}

impl<'de> Deserialize<'de> for TableKind {
    /// Snowflake has also reported the kinds in lower case, and PERMANENT as the empty string.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.to_ascii_uppercase().as_str() {
            "" | "PERMANENT" => Ok(Self::Permanent),
            "TRANSIENT" => Ok(Self::Transient),
            "TEMPORARY" => Ok(Self::Temporary),
            other => Err(serde::de::Error::unknown_variant(
                other,
                &["PERMANENT", "TRANSIENT", "TEMPORARY"],
            )),
        }
    }
}

/// Storage flavour of a table, as Snowflake reports it (read-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum TableType {
    /// A standard table.
    Normal,
    /// A dynamic table.
    Dynamic,
    /// An external table.
    External,
    /// An event table.
    Event,
    /// A hybrid table.
    Hybrid,
    /// An Iceberg table.
    Iceberg,
    /// An immutable table.
    Immutable,
    /// A flavour this version does not know.
    #[serde(other)]
    Other,
}

/// Declares a key constraint over columns (a primary or unique key): the struct (`$doc`), its
/// `new(columns)` and `named(name)`, each with an example building `$example`.
macro_rules! column_key {
    ($key:ident, $doc:literal, $example:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $key {
            /// Name of the constraint.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// Columns making up the key.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub column_names: Vec<String>,
        }

        impl $key {
            /// A key over `columns` (none for a key on one column, given in the column itself).
            ///
            /// ```
            #[doc = concat!("use snowapi_core::table::", stringify!($key), ";")]
            #[doc = concat!("let key = ", stringify!($key), "::new(", $example, ");")]
            /// assert_eq!(key.column_names.len(), 2);
            /// ```
            pub fn new<C: Into<String>>(columns: impl IntoIterator<Item = C>) -> Self {
                Self {
                    name: None,
                    column_names: columns.into_iter().map(Into::into).collect(),
                }
            }

            /// Names the constraint.
            ///
            /// ```
            #[doc = concat!("use snowapi_core::table::", stringify!($key), ";")]
            #[doc = concat!("let key = ", stringify!($key), "::new(", $example, ").named(\"", stringify!($key), "_1\");")]
            #[doc = concat!("assert_eq!(key.name.as_deref(), Some(\"", stringify!($key), "_1\"));")]
            /// ```
            #[must_use]
            pub fn named(mut self, name: impl Into<String>) -> Self {
                self.name = Some(name.into());
                self
            }
        }
    };
}

column_key!(
    PrimaryKey,
    "A primary key: the columns whose values identify each row (on a column, its \
     `column_names` may stay empty).",
    "[\"order_id\", \"line_no\"]"
);

column_key!(
    UniqueKey,
    "A unique key: columns whose values differ on every row (NULLs allowed).",
    "[\"email\", \"tenant\"]"
);

/// A foreign key: columns whose values point at a key of another table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ForeignKey {
    /// Name of the constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns of this table holding the reference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub column_names: Vec<String>,
    /// Table whose key is referenced.
    pub referenced_table_name: String,
    /// Key columns of the referenced table, matching `column_names` in order.
    pub referenced_column_names: Vec<String>,
}

impl ForeignKey {
    /// `columns` of this table referencing `referenced_columns` of `referenced_table`.
    ///
    /// ```
    /// use snowapi_core::table::ForeignKey;
    /// let fk = ForeignKey::new(["customer_id"], "customers", ["id"]).named("fk_orders_customer");
    /// assert_eq!(fk.referenced_table_name, "customers");
    /// ```
    pub fn new<C: Into<String>, R: Into<String>>(
        columns: impl IntoIterator<Item = C>,
        referenced_table: impl Into<String>,
        referenced_columns: impl IntoIterator<Item = R>,
    ) -> Self {
        Self {
            name: None,
            column_names: columns.into_iter().map(Into::into).collect(),
            referenced_table_name: referenced_table.into(),
            referenced_column_names: referenced_columns.into_iter().map(Into::into).collect(),
        }
    }

    /// Names the constraint.
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// An integrity rule on one or more columns, told apart on the wire by `constraint_type`.
/// Snowflake records keys but enforces only NOT NULL (and the keys of hybrid tables).
///
/// ```
/// use snowapi_core::table::{Constraint, PrimaryKey};
/// let key = Constraint::from(PrimaryKey::new(["id"]));
/// let json = serde_json::to_value(&key).unwrap();
/// assert_eq!(json["constraint_type"], "PRIMARY KEY");
/// assert_eq!(json["column_names"][0], "id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "constraint_type")]
pub enum Constraint {
    /// `PRIMARY KEY`.
    #[serde(rename = "PRIMARY KEY")]
    PrimaryKey(PrimaryKey),
    /// `UNIQUE`.
    #[serde(rename = "UNIQUE")]
    UniqueKey(UniqueKey),
    /// `FOREIGN KEY`.
    #[serde(rename = "FOREIGN KEY")]
    ForeignKey(ForeignKey),
}

impl From<PrimaryKey> for Constraint {
    fn from(key: PrimaryKey) -> Self {
        Self::PrimaryKey(key)
    }
}

impl From<UniqueKey> for Constraint {
    fn from(key: UniqueKey) -> Self {
        Self::UniqueKey(key)
    }
}

impl From<ForeignKey> for Constraint {
    fn from(key: ForeignKey) -> Self {
        Self::ForeignKey(key)
    }
}

/// One column of a table (snowflake.core's `TableColumn`).
///
/// ```
/// use snowapi_core::table::{PrimaryKey, TableColumn};
/// let id = TableColumn::new("id", "NUMBER(38,0)")
///     .nullable(false)
///     .autoincrement(true)
///     .constraint(PrimaryKey::default());
/// assert_eq!(id.datatype, "NUMBER(38,0)");
/// assert_eq!(id.constraints.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TableColumn {
    /// Column name.
    pub name: String,
    /// SQL data type, such as `NUMBER(38,0)` or `VARCHAR(100)`.
    pub datatype: String,
    /// Whether the column accepts NULL (it does unless told otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Collation used to compare and sort the column's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collate: Option<String>,
    /// Expression giving the value of rows inserted without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Whether the column numbers new rows automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoincrement: Option<bool>,
    /// First value of an auto-incremented column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoincrement_start: Option<i64>,
    /// Step between successive values of an auto-incremented column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoincrement_increment: Option<i64>,
    /// Constraints on this column alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// Free text about the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl TableColumn {
    /// A column `name` of SQL type `datatype`.
    pub fn new(name: impl Into<String>, datatype: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            datatype: datatype.into(),
            ..<Self as Default>::default()
        }
    }

    /// Adds a constraint on this column alone.
    #[must_use]
    pub fn constraint(mut self, constraint: impl Into<Constraint>) -> Self {
        self.constraints.push(constraint.into());
        self
    }
}

setters!(TableColumn {
    nullable: bool,
    collate: String,
    default: String,
    autoincrement: bool,
    autoincrement_start: i64,
    autoincrement_increment: i64,
    comment: String,
});

/// A table (snowflake.core's `Table`). Read-only fields are filled by `fetch` and `iter` and
/// ignored on writes.
///
/// ```
/// use snowapi_core::table::{PrimaryKey, Table, TableColumn};
/// let table = Table::new("events")
///     .column(TableColumn::new("id", "INT").nullable(false))
///     .column(TableColumn::new("payload", "VARIANT"))
///     .constraint(PrimaryKey::new(["id"]))
///     .comment("raw events");
/// assert_eq!(table.columns.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Table {
    /// Name of the table.
    pub name: String,
    /// Permanent, transient or temporary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TableKind>,
    /// Columns, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<TableColumn>,
    /// Table-level constraints (keys spanning one or more columns).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// Columns or expressions forming the clustering key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cluster_by: Vec<String>,
    /// Whether loads may add or relax columns to fit incoming data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_schema_evolution: Option<bool>,
    /// Whether row changes are recorded (needed by streams).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_tracking: Option<bool>,
    /// Days of Time Travel history kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_time_in_days: Option<i64>,
    /// Days a stream can extend retention to stay readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_data_extension_time_in_days: Option<i64>,
    /// Collation given to text columns that set none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_ddl_collation: Option<String>,
    /// Free text about the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When it was dropped, in listings with history (read-only).
    #[serde(default, skip_serializing)]
    pub dropped_on: Option<Timestamp>,
    /// Database holding it (read-only).
    #[serde(default, skip_serializing)]
    pub database_name: Option<String>,
    /// Schema holding it (read-only).
    #[serde(default, skip_serializing)]
    pub schema_name: Option<String>,
    /// Row count, unknown for external tables (read-only).
    #[serde(default, skip_serializing)]
    pub rows: Option<i64>,
    /// Bytes a full scan would read (read-only).
    #[serde(default, skip_serializing)]
    pub bytes: Option<i64>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Whether Automatic Clustering is on (read-only).
    #[serde(default, skip_serializing)]
    pub automatic_clustering: Option<bool>,
    /// Whether the search optimization service is on (read-only).
    #[serde(default, skip_serializing)]
    pub search_optimization: Option<bool>,
    /// How much of the table search optimization covers so far, in percent (read-only).
    #[serde(default, skip_serializing)]
    pub search_optimization_progress: Option<i64>,
    /// Extra storage used by search optimization, in bytes (read-only).
    #[serde(default, skip_serializing)]
    pub search_optimization_bytes: Option<i64>,
    /// Budget it is attached to (read-only).
    #[serde(default, skip_serializing)]
    pub budget: Option<String>,
    /// Storage flavour (read-only).
    #[serde(default, skip_serializing)]
    pub table_type: Option<TableType>,
}

impl Table {
    /// A table definition with only its name set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Adds a column at the end.
    #[must_use]
    pub fn column(mut self, column: TableColumn) -> Self {
        self.columns.push(column);
        self
    }

    /// Adds a table-level constraint.
    #[must_use]
    pub fn constraint(mut self, constraint: impl Into<Constraint>) -> Self {
        self.constraints.push(constraint.into());
        self
    }

    /// Sets the clustering key.
    #[must_use]
    pub fn cluster_by<C: Into<String>>(mut self, keys: impl IntoIterator<Item = C>) -> Self {
        self.cluster_by = keys.into_iter().map(Into::into).collect();
        self
    }
}

setters!(Table {
    kind: TableKind,
    enable_schema_evolution: bool,
    change_tracking: bool,
    data_retention_time_in_days: i64,
    max_data_extension_time_in_days: i64,
    default_ddl_collation: String,
    comment: String,
});

impl Named for Table {
    fn name(&self) -> &str {
        &self.name
    }
}

/// What a table clone creates: the new table's name and settings, and optionally the moment of
/// the source to copy.
///
/// ```
/// use snowapi_core::{PointOfTime, table::TableClone};
/// let copy = TableClone::new("orders_before_fix").point_of_time(PointOfTime::offset(-900).before());
/// assert_eq!(copy.table.name, "orders_before_fix");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TableClone {
    /// The new table's name and settings.
    #[serde(flatten)]
    pub table: Table,
    /// The moment of the source to copy (now when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_of_time: Option<PointOfTime>,
}

impl TableClone {
    /// A clone named `name`, copying the source as it is now.
    pub fn new(name: impl Into<String>) -> Self {
        Table::new(name).into()
    }
}

impl From<Table> for TableClone {
    fn from(table: Table) -> Self {
        Self {
            table,
            point_of_time: None,
        }
    }
}

setters!(TableClone {
    point_of_time: PointOfTime,
});
