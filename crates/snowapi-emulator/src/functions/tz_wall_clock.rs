//! DATE_PART and DATE_TRUNC on TIMESTAMP_TZ values. DataFusion's versions take plain
//! timestamps only, while the engine holds TIMESTAMP_TZ as a struct keeping each value's
//! offset (`crate::timestamp_tz`). Snowflake reads the parts of a TIMESTAMP_TZ from the
//! value's own wall clock, so these wrappers hand DataFusion's function that wall clock (the
//! instant shifted by the value's offset, as a zone-less timestamp). DATE_TRUNC's result gets
//! the value's offset back, so it stays a TIMESTAMP_TZ as in Snowflake.

use std::sync::Arc;

use arrow::{
    array::{Array, ArrayRef, AsArray, TimestampNanosecondArray},
    datatypes::{DataType, Field, FieldRef, TimeUnit, TimestampNanosecondType},
};
use datafusion::{
    common::{Result, ScalarValue},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
        Volatility, type_coercion::functions::fields_with_udf,
    },
    prelude::SessionContext,
};

use super::scalar_support::argument_error;
use crate::timestamp_tz::{self, TzValue};

/// The wall-clock type a TIMESTAMP_TZ argument is handed to the wrapped function as.
fn wall_clock_type() -> DataType {
    DataType::Timestamp(TimeUnit::Nanosecond, None)
}

/// A DataFusion date function that also takes TIMESTAMP_TZ arguments, by their wall clock.
#[derive(Debug, PartialEq, Eq, Hash)]
struct TzWallClock {
    inner: ScalarUDF,
    /// Whether a TIMESTAMP_TZ argument makes the result a TIMESTAMP_TZ with its offset.
    keeps_offset: bool,
    signature: Signature,
}

impl TzWallClock {
    fn new(inner: ScalarUDF, keeps_offset: bool) -> Self {
        Self {
            inner,
            keeps_offset,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// The argument fields as the wrapped function sees them.
    fn inner_fields(fields: &[FieldRef]) -> Vec<FieldRef> {
        fields
            .iter()
            .map(|field| {
                if timestamp_tz::is_timestamp_tz(field.data_type()) {
                    Arc::new(Field::new(
                        field.name(),
                        wall_clock_type(),
                        field.is_nullable(),
                    ))
                } else {
                    Arc::clone(field)
                }
            })
            .collect()
    }
}

impl ScalarUDFImpl for TzWallClock {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn aliases(&self) -> &[String] {
        self.inner.aliases()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let inner_types: Vec<DataType> = arg_types
            .iter()
            .map(|t| {
                if timestamp_tz::is_timestamp_tz(t) {
                    wall_clock_type()
                } else {
                    t.clone()
                }
            })
            .collect();
        let inner_fields: Vec<FieldRef> = inner_types
            .into_iter()
            .enumerate()
            .map(|(i, t)| Arc::new(Field::new(format!("arg_{i}"), t, true)))
            .collect();
        let coerced: Vec<DataType> = fields_with_udf(&inner_fields, &self.inner)?
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        // A TIMESTAMP_TZ stays a struct: it is converted to its wall clock when invoked.
        Ok(coerced
            .into_iter()
            .zip(arg_types)
            .map(|(coerced, original)| {
                if timestamp_tz::is_timestamp_tz(original) {
                    original.clone()
                } else {
                    coerced
                }
            })
            .collect())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Err(argument_error(
            "the return type without the argument fields",
        ))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        let zoned = args
            .arg_fields
            .iter()
            .any(|f| timestamp_tz::is_timestamp_tz(f.data_type()));
        let fields = Self::inner_fields(args.arg_fields);
        let field = self.inner.return_field_from_args(ReturnFieldArgs {
            arg_fields: &fields,
            scalar_arguments: args.scalar_arguments,
        })?;
        if zoned && self.keeps_offset {
            return Ok(Arc::new(Field::new(
                field.name(),
                timestamp_tz::data_type(),
                field.is_nullable(),
            )));
        }
        Ok(field)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let zoned_arg = args
            .arg_fields
            .iter()
            .position(|f| timestamp_tz::is_timestamp_tz(f.data_type()));
        let Some(position) = zoned_arg else {
            return self.inner.invoke_with_args(args);
        };
        let scalar_call = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let zoned = args.args[position].to_array(args.number_rows)?;
        let values = timestamp_tz::values(zoned.as_ref());
        let wall_clock: TimestampNanosecondArray = values
            .iter()
            .map(|v| v.and_then(|v| v.local_nanos()))
            .collect();
        let mut inner_args = args.args.clone();
        inner_args[position] = ColumnarValue::Array(Arc::new(wall_clock));
        let arg_fields = Self::inner_fields(&args.arg_fields);
        let return_field = if self.keeps_offset {
            Arc::new(Field::new(
                args.return_field.name(),
                wall_clock_type(),
                args.return_field.is_nullable(),
            ))
        } else {
            Arc::clone(&args.return_field)
        };
        let result = self.inner.invoke_with_args(ScalarFunctionArgs {
            args: inner_args,
            arg_fields,
            number_rows: args.number_rows,
            return_field,
            config_options: Arc::clone(&args.config_options),
        })?;
        let result = if self.keeps_offset {
            let local = result.to_array(args.number_rows)?;
            ColumnarValue::Array(with_offsets(local.as_ref(), &values)?)
        } else {
            result
        };
        if scalar_call {
            let array = result.to_array(1)?;
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                array.as_ref(),
                0,
            )?));
        }
        Ok(result)
    }
}

/// Wall-clock timestamps made TIMESTAMP_TZ again with the offsets of `originals`.
fn with_offsets(local: &dyn Array, originals: &[Option<TzValue>]) -> Result<ArrayRef> {
    let DataType::Timestamp(TimeUnit::Nanosecond, None) = local.data_type() else {
        return Err(argument_error(
            "a wall-clock result that is not a timestamp",
        ));
    };
    let local = local.as_primitive::<TimestampNanosecondType>();
    let values = originals.iter().enumerate().map(|(row, original)| {
        let original = (*original)?;
        if local.is_null(row) {
            return None;
        }
        TzValue::from_local(local.value(row), original.offset_minutes)
    });
    Ok(timestamp_tz::build(values))
}

/// Replaces DATE_PART and DATE_TRUNC on `context` with versions taking TIMESTAMP_TZ.
pub(crate) fn register(context: &SessionContext) {
    for (name, keeps_offset) in [("date_part", false), ("date_trunc", true)] {
        let Some(inner) = context.state().scalar_functions().get(name).cloned() else {
            continue;
        };
        let wrapped = TzWallClock::new(inner.as_ref().clone(), keeps_offset);
        context.register_udf(ScalarUDF::new_from_impl(wrapped));
    }
}
