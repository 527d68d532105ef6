//! `FLATTEN(INPUT => v [, PATH => 'p'] [, OUTER => b] [, RECURSIVE => b] [, MODE => 'm'])`: one
//! row per element of an ARRAY or field of an OBJECT, with Snowflake's columns SEQ, KEY, PATH,
//! INDEX, VALUE and THIS.
//!
//! Planned as `project(__flatten_rows(input, seq)) → unnest → project(fields)` over one empty row.
//! `__flatten_rows` computes the list of rows of one input value. A lateral FLATTEN refers to
//! columns of the tables before it; [`super::lateral`] turns that plan into a projection over
//! those tables.

use std::{fmt, sync::Arc};

use arrow::{
    array::{Array, ArrayRef, Int64Array, Int64Builder, ListArray, StringBuilder, StructArray},
    buffer::OffsetBuffer,
    compute::cast,
    datatypes::{DataType, Field, FieldRef, Fields},
};
use datafusion::{
    common::{Result, UnnestOptions, exec_err, metadata::FieldMetadata},
    functions::core::expr_fn::get_field,
    logical_expr::{
        ColumnarValue, Expr, LogicalPlan, LogicalPlanBuilder, ScalarFunctionArgs, ScalarUDF,
        ScalarUDFImpl, Signature, Volatility, col, expr::ScalarFunction, lit,
    },
};
use serde_json::Value;

use crate::{
    functions::variant::{
        path::{self, Step},
        value::{Reading, argument_arrays, json_values, output, to_text},
    },
    types::SfType,
};

/// Name of the per-value row function.
pub(crate) const FLATTEN_FN: &str = "__flatten_rows";
/// Name of the column holding its result inside the plan.
pub(crate) const FLATTEN_COLUMN: &str = "__flatten";

/// FLATTEN's output columns, in Snowflake's order.
pub(crate) const COLUMNS: [(&str, SfType); 6] = [
    ("SEQ", SfType::INTEGER),
    ("KEY", SfType::TEXT),
    ("PATH", SfType::TEXT),
    ("INDEX", SfType::INTEGER),
    ("VALUE", SfType::Variant),
    ("THIS", SfType::Variant),
];

/// Which containers FLATTEN expands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    /// Objects only.
    Object,
    /// Arrays only.
    Array,
    /// Both (the default).
    Both,
}

impl Mode {
    /// The mode named by MODE => '...'.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_uppercase().as_str() {
            "OBJECT" => Some(Self::Object),
            "ARRAY" => Some(Self::Array),
            "BOTH" => Some(Self::Both),
            _ => None,
        }
    }
}

/// The constant arguments of one FLATTEN call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Options {
    /// PATH as written, the prefix of the PATH column.
    pub(crate) path_text: String,
    /// PATH parsed.
    pub(crate) path: Vec<Step>,
    /// OUTER: one row of NULLs for a value with nothing to expand.
    pub(crate) outer: bool,
    /// RECURSIVE: expand nested containers too.
    pub(crate) recursive: bool,
    /// MODE.
    pub(crate) mode: Mode,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            path_text: String::new(),
            path: Vec::new(),
            outer: false,
            recursive: false,
            mode: Mode::Both,
        }
    }
}

/// The plan of `FLATTEN(input)` for one value; `input` may refer to outer columns.
pub(crate) fn plan(input: Expr, options: Options) -> Result<LogicalPlan> {
    let call = flatten_call(options, vec![input, lit(1_i64)]);
    LogicalPlanBuilder::empty(true)
        .project(vec![call.alias(FLATTEN_COLUMN)])?
        .unnest_column_with_options(
            FLATTEN_COLUMN,
            UnnestOptions::new().with_preserve_nulls(false),
        )?
        .project(output_exprs(None, |name| name.to_owned()))?
        .build()
}

/// `__flatten_rows(input, seq)` with these options.
pub(crate) fn flatten_call(options: Options, args: Vec<Expr>) -> Expr {
    let udf = Arc::new(ScalarUDF::new_from_impl(FlattenRows::new(options)));
    Expr::ScalarFunction(ScalarFunction::new_udf(udf, args))
}

/// The options of a `__flatten_rows` call, if `expr` is one.
pub(crate) fn call_options(expr: &Expr) -> Option<(Options, &[Expr])> {
    let Expr::ScalarFunction(function) = expr else {
        return None;
    };
    let rows = function.func.inner().downcast_ref::<FlattenRows>()?;
    Some((rows.options.clone(), &function.args))
}

/// The six output columns taken from [`FLATTEN_COLUMN`], named by `name` and qualified by
/// `qualifier`.
pub(crate) fn output_exprs(
    qualifier: Option<&datafusion::common::TableReference>,
    name: impl Fn(&str) -> String,
) -> Vec<Expr> {
    COLUMNS
        .iter()
        .map(|(column, sf)| {
            let metadata = FieldMetadata::from(sf.field(column, true).metadata());
            get_field(col(FLATTEN_COLUMN), *column).alias_qualified_with_metadata(
                qualifier.cloned(),
                name(column),
                Some(metadata),
            )
        })
        .collect()
}

fn struct_fields() -> Fields {
    COLUMNS
        .iter()
        .map(|(name, sf)| sf.field(name, true))
        .collect()
}

fn list_field() -> FieldRef {
    Arc::new(Field::new_list_field(
        DataType::Struct(struct_fields()),
        true,
    ))
}

/// `__flatten_rows(input, seq)`: the FLATTEN rows of each input value.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct FlattenRows {
    options: Options,
    signature: Signature,
}

impl FlattenRows {
    fn new(options: Options) -> Self {
        Self {
            options,
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for FlattenRows {
    fn name(&self) -> &str {
        FLATTEN_FN
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(list_field()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, _, all_scalar) = argument_arrays(&args.args, args.number_rows)?;
        let ([input, seq], [field, _]) = (arrays.as_slice(), args.arg_fields.as_slice()) else {
            return exec_err!("{FLATTEN_FN} takes two arguments");
        };
        let values = json_values(input, field, Reading::Document)?;
        let seq = cast(seq, &DataType::Int64)?;
        let Some(seq) = seq.as_any().downcast_ref::<Int64Array>() else {
            return exec_err!("{FLATTEN_FN}: SEQ is not an integer");
        };
        let mut columns = Columns::default();
        let mut offsets = vec![0_i32];
        for (row, value) in values.iter().enumerate() {
            let seq = seq.is_valid(row).then(|| seq.value(row));
            let mut rows = Vec::new();
            expand_input(value.as_ref(), &self.options, &mut rows);
            for element in rows {
                columns.push(seq, element);
            }
            let count = i32::try_from(columns.len()).map_err(|_| {
                datafusion::common::DataFusionError::Execution(
                    "FLATTEN produced too many rows".into(),
                )
            })?;
            offsets.push(count);
        }
        let values = StructArray::try_new(struct_fields(), columns.finish(), None)?;
        let list = ListArray::try_new(
            list_field(),
            OffsetBuffer::new(offsets.into()),
            Arc::new(values),
            None,
        )?;
        output(Arc::new(list), all_scalar)
    }
}

/// One output row before SEQ is added; VALUE and THIS as JSON text.
#[derive(Debug, Clone, PartialEq)]
struct Element {
    key: Option<String>,
    path: Option<String>,
    index: Option<i64>,
    value: Option<String>,
    this: Option<String>,
}

/// The rows of one input value.
fn expand_input(input: Option<&Value>, options: &Options, rows: &mut Vec<Element>) {
    let base = input.and_then(|value| path::follow(value, &options.path));
    if let Some(base) = base {
        expand(base, &options.path_text, options, rows);
    }
    if rows.is_empty() && options.outer {
        rows.push(Element {
            key: None,
            path: (!options.path_text.is_empty()).then(|| options.path_text.clone()),
            index: None,
            value: None,
            this: base.map(to_text),
        });
    }
}

/// The rows of the elements of `container` (and, recursively, of theirs).
fn expand(container: &Value, prefix: &str, options: &Options, rows: &mut Vec<Element>) {
    let expands = match container {
        Value::Array(_) => options.mode != Mode::Object,
        Value::Object(_) => options.mode != Mode::Array,
        _ => false,
    };
    if !expands {
        return;
    }
    // THIS is the same for every element: written once.
    let this = to_text(container);
    match container {
        Value::Array(items) if options.mode != Mode::Object => {
            for (index, item) in items.iter().enumerate() {
                let path = format!("{prefix}[{index}]");
                rows.push(Element {
                    key: None,
                    path: Some(path.clone()),
                    index: Some(index as i64),
                    value: Some(to_text(item)),
                    this: Some(this.clone()),
                });
                if options.recursive {
                    expand(item, &path, options, rows);
                }
            }
        }
        Value::Object(map) if options.mode != Mode::Array => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for key in keys {
                let Some(item) = map.get(key) else { continue };
                let path = if path::is_plain(key) {
                    if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    }
                } else {
                    format!("{prefix}['{}']", key.replace('\'', "''"))
                };
                rows.push(Element {
                    key: Some(key.clone()),
                    path: Some(path.clone()),
                    index: None,
                    value: Some(to_text(item)),
                    this: Some(this.clone()),
                });
                if options.recursive {
                    expand(item, &path, options, rows);
                }
            }
        }
        _ => {}
    }
}

/// Builders of the six columns.
#[derive(Default)]
struct Columns {
    seq: Int64Builder,
    key: StringBuilder,
    path: StringBuilder,
    index: Int64Builder,
    value: StringBuilder,
    this: StringBuilder,
    rows: usize,
}

impl fmt::Debug for Columns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Columns").field("rows", &self.rows).finish()
    }
}

impl Columns {
    fn push(&mut self, seq: Option<i64>, element: Element) {
        self.seq.append_option(seq);
        self.key.append_option(element.key);
        self.path.append_option(element.path);
        self.index.append_option(element.index);
        self.value.append_option(element.value);
        self.this.append_option(element.this);
        self.rows += 1;
    }

    fn len(&self) -> usize {
        self.rows
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.seq.finish()),
            Arc::new(self.key.finish()),
            Arc::new(self.path.finish()),
            Arc::new(self.index.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.this.finish()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(
        json: &str,
        options: &Options,
    ) -> Vec<(Option<String>, Option<String>, Option<String>)> {
        let value: Value = serde_json::from_str(json).unwrap();
        let mut out = Vec::new();
        expand_input(Some(&value), options, &mut out);
        out.into_iter().map(|e| (e.key, e.path, e.value)).collect()
    }

    #[test]
    fn arrays_objects_and_paths() {
        let plain = Options::default();
        assert_eq!(
            rows("[1,[2]]", &plain),
            vec![
                (None, Some("[0]".into()), Some("1".into())),
                (None, Some("[1]".into()), Some("[2]".into())),
            ]
        );
        assert_eq!(
            rows(r#"{"b":1,"a b":2}"#, &plain),
            vec![
                (Some("a b".into()), Some("['a b']".into()), Some("2".into())),
                (Some("b".into()), Some("b".into()), Some("1".into())),
            ]
        );
        let at_path = Options {
            path_text: "x.y".into(),
            path: path::parse("x.y").unwrap(),
            ..Options::default()
        };
        assert_eq!(
            rows(r#"{"x":{"y":[true]}}"#, &at_path),
            vec![(None, Some("x.y[0]".into()), Some("true".into()))]
        );
    }

    #[test]
    fn recursive_mode_and_outer() {
        let recursive = Options {
            recursive: true,
            ..Options::default()
        };
        let paths: Vec<_> = rows(r#"{"a":[1,{"b":2}]}"#, &recursive)
            .into_iter()
            .map(|(_, p, _)| p.unwrap())
            .collect();
        assert_eq!(paths, ["a", "a[0]", "a[1]", "a[1].b"]);
        let arrays_only = Options {
            recursive: true,
            mode: Mode::Array,
            ..Options::default()
        };
        assert!(rows(r#"{"a":[1]}"#, &arrays_only).is_empty());
        let outer = Options {
            outer: true,
            ..Options::default()
        };
        assert_eq!(rows("[]", &outer), vec![(None, None, None)]);
        assert_eq!(rows("5", &Options::default()), vec![]);
    }
}
