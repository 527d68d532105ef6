//! Collections of bind values: positional, named and array (batch) binds, and their wire form.

use crate::bind_value::{BindType, BindValue, ToSql};
use crate::error::QueryError;
use crate::wire::{WireBindValue, WireBinding, WireBindings};

/// One column of an array binding (`executemany`): a common type and one value per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrayBind {
    bind_type: BindType,
    values: Vec<Option<String>>,
}

impl ArrayBind {
    /// A column from values of one Rust type (NULLs allowed through `Option`).
    ///
    /// ```
    /// use snowapi_query::{ArrayBind, BindType};
    /// let column = ArrayBind::from_values([Some(1), None, Some(3)]);
    /// assert_eq!(column.bind_type(), BindType::Fixed);
    /// assert_eq!(column.len(), 3);
    /// ```
    pub fn from_values<T: ToSql>(values: impl IntoIterator<Item = T>) -> Self {
        let mut bind_type = T::null_type();
        let values = values
            .into_iter()
            .map(|v| {
                let bound = v.to_bind();
                if bound.bind_type() != BindType::Any {
                    bind_type = bound.bind_type();
                }
                bound.into_value()
            })
            .collect();
        Self { bind_type, values }
    }

    /// A column from already-typed values. Non-NULL values (and typed NULLs) must share one
    /// type; an all-NULL column is sent as TEXT, which the server coerces to the target column.
    pub fn from_bind_values(values: impl IntoIterator<Item = BindValue>) -> Result<Self, String> {
        let mut bind_type: Option<BindType> = None;
        let mut texts = Vec::new();
        for (row, value) in values.into_iter().enumerate() {
            if value.bind_type() != BindType::Any {
                match bind_type {
                    None => bind_type = Some(value.bind_type()),
                    Some(t) if t == value.bind_type() => {}
                    Some(t) => {
                        return Err(format!(
                            "row {row} is {}, earlier rows are {}: an array bind has one type",
                            value.bind_type().as_str(),
                            t.as_str()
                        ));
                    }
                }
            }
            texts.push(value.into_value());
        }
        Ok(Self {
            bind_type: bind_type.unwrap_or(BindType::Text),
            values: texts,
        })
    }

    /// The type the column is sent as.
    pub fn bind_type(&self) -> BindType {
        self.bind_type
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The wire form of this column.
    pub fn to_wire(&self) -> WireBinding {
        WireBinding {
            sf_type: self.bind_type.as_str().to_owned(),
            value: WireBindValue::Array(self.values.clone()),
            fmt: None,
            schema: None,
        }
    }
}

/// What one parameter is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bound {
    Value(BindValue),
    Array(ArrayBind),
}

/// The parameters of one statement: positional (`?`, `:1`), named (`:name`), or array binds
/// (one column of values per parameter, for batch inserts).
///
/// ```
/// use snowapi_query::Binds;
/// let mut binds = Binds::new();
/// binds.push(42).push("hello").push(Option::<f64>::None);
/// let wire = binds.to_wire()?;
/// assert_eq!(serde_json::to_string(&wire).unwrap(),
///     r#"{"1":{"type":"FIXED","value":"42"},"2":{"type":"TEXT","value":"hello"},"3":{"type":"REAL","value":null}}"#);
///
/// let mut batch = Binds::new();
/// batch.push_array([1, 2, 3]).push_array(["a", "b", "c"]);
/// assert_eq!(batch.array_rows(), Some(3));
/// # Ok::<(), snowapi_query::QueryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binds {
    positional: Vec<Bound>,
    named: Vec<(String, Bound)>,
}

impl Binds {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Positional parameters from values of one Rust type.
    pub fn positional<T: ToSql>(values: impl IntoIterator<Item = T>) -> Self {
        let mut binds = Self::new();
        for value in values {
            binds.push(value);
        }
        binds
    }

    /// Binds the next positional parameter (`?` or `:n`, 1-based in order of calls).
    pub fn push(&mut self, value: impl ToSql) -> &mut Self {
        self.positional.push(Bound::Value(value.to_bind()));
        self
    }

    /// Binds the next positional parameter to a column of values, one per row.
    pub fn push_array<T: ToSql>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        self.positional
            .push(Bound::Array(ArrayBind::from_values(values)));
        self
    }

    /// Binds the next positional parameter to a prepared array column.
    pub fn push_array_bind(&mut self, column: ArrayBind) -> &mut Self {
        self.positional.push(Bound::Array(column));
        self
    }

    /// Binds the parameter `:name` (replacing an earlier value of the same name).
    pub fn bind_named(&mut self, name: impl Into<String>, value: impl ToSql) -> &mut Self {
        self.set_named(name.into(), Bound::Value(value.to_bind()));
        self
    }

    /// Binds the parameter `:name` to a column of values, one per row.
    pub fn bind_named_array<T: ToSql>(
        &mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = T>,
    ) -> &mut Self {
        self.set_named(name.into(), Bound::Array(ArrayBind::from_values(values)));
        self
    }

    fn set_named(&mut self, name: String, bound: Bound) {
        match self.named.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = bound,
            None => self.named.push((name, bound)),
        }
    }

    /// The number of bound parameters.
    pub fn len(&self) -> usize {
        self.positional.len() + self.named.len()
    }

    /// Whether no parameter is bound.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of rows of an array binding, `None` for single values (or no binds).
    pub fn array_rows(&self) -> Option<usize> {
        self.entries().find_map(|(_, bound)| match bound {
            Bound::Array(column) => Some(column.len()),
            Bound::Value(_) => None,
        })
    }

    fn entries(&self) -> impl Iterator<Item = (String, &Bound)> {
        self.positional
            .iter()
            .enumerate()
            .map(|(i, b)| ((i + 1).to_string(), b))
            .chain(self.named.iter().map(|(n, b)| (n.clone(), b)))
    }

    /// The `bindings` object of the request. Fails when positional and named parameters are
    /// mixed, when single values and arrays are mixed, or when array columns differ in length.
    pub fn to_wire(&self) -> Result<WireBindings, QueryError> {
        if !self.positional.is_empty() && !self.named.is_empty() {
            return Err(QueryError::bind(
                &self.named[0].0,
                "positional and named parameters cannot be mixed in one statement",
            ));
        }
        let rows = self.array_rows();
        let mut out = Vec::with_capacity(self.len());
        for (key, bound) in self.entries() {
            let wire = match (bound, rows) {
                (Bound::Value(value), None) => value.to_wire(),
                (Bound::Array(column), Some(rows)) if column.len() == rows => column.to_wire(),
                (Bound::Array(column), Some(rows)) => {
                    return Err(QueryError::bind(
                        &key,
                        format!(
                            "{} rows, other array binds have {rows}: every column needs one \
                             value per row",
                            column.len()
                        ),
                    ));
                }
                _ => {
                    return Err(QueryError::bind(
                        &key,
                        "a single value among array binds: bind every parameter as an array \
                         for a batch",
                    ));
                }
            };
            out.push((key, wire));
        }
        Ok(WireBindings(out))
    }
}

impl<T: ToSql> FromIterator<T> for Binds {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::positional(iter)
    }
}

#[cfg(test)]
mod tests;
