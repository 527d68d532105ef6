//! `INSERT … VALUES`: each value is converted to the type of the column it is written to, as
//! Snowflake converts it, before DataFusion builds the VALUES relation. DataFusion insists that
//! every row of a VALUES column has the same field metadata, so a typed value
//! (`'2024-01-01'::date`, which carries `snowflake.type`) and a bare NULL could not share a
//! column; converted, every row of a column has the column's type and the same metadata. This
//! is also what lets an `executemany` (one multi-row INSERT) put NULLs among typed binds.

use sqlparser::{
    ast::{
        CastKind, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList,
        FunctionArguments, Ident, ObjectName, Query, SetExpr,
    },
    dialect::SnowflakeDialect,
    parser::Parser,
};

use crate::{
    catalog::Table,
    error::{EmulatorError, Result},
    types::SfType,
};

/// Wraps every value of a `VALUES` source in the conversion to its target column's type.
/// Rows of the wrong length are left alone so the caller reports the count mismatch.
pub(super) fn convert_to_columns(
    source: &mut Query,
    table: &Table,
    targets: &[usize],
) -> Result<()> {
    let SetExpr::Values(values) = source.body.as_mut() else {
        return Ok(());
    };
    let conversions = targets
        .iter()
        .map(|t| {
            table
                .columns
                .get(*t)
                .ok_or_else(|| EmulatorError::internal("an INSERT target column is missing"))
                .and_then(|c| Conversion::to(&c.sf_type))
        })
        .collect::<Result<Vec<_>>>()?;
    for row in values
        .rows
        .iter_mut()
        .filter(|r| r.len() == conversions.len())
    {
        for (value, conversion) in row.iter_mut().zip(&conversions) {
            let inner = std::mem::replace(value, Expr::value(sqlparser::ast::Value::Null));
            *value = conversion.apply(inner);
        }
    }
    Ok(())
}

/// How a value is brought to a column's type.
enum Conversion {
    /// `CAST(value AS <type>)`, which the engine plans as Snowflake's conversion function.
    Cast(sqlparser::ast::DataType),
    /// `COALESCE(value)`: the value as it is, without field metadata. Binary and the
    /// semi-structured types keep the conversion they get when rows are stored.
    Plain,
}

impl Conversion {
    fn to(sf_type: &SfType) -> Result<Self> {
        if matches!(
            sf_type,
            SfType::Binary { .. } | SfType::Variant | SfType::Object | SfType::Array
        ) {
            return Ok(Self::Plain);
        }
        let text = sf_type.to_sql();
        Parser::new(&SnowflakeDialect)
            .try_with_sql(&text)
            .and_then(|mut parser| parser.parse_data_type())
            .map(Self::Cast)
            .map_err(|e| EmulatorError::internal(format!("type {text} does not parse: {e}")))
    }

    fn apply(&self, value: Expr) -> Expr {
        match self {
            Self::Cast(data_type) => Expr::Cast {
                kind: CastKind::Cast,
                expr: Box::new(value),
                data_type: data_type.clone(),
                array: false,
                format: None,
            },
            Self::Plain => Expr::Function(Function {
                name: ObjectName::from(vec![Ident::new("coalesce")]),
                uses_odbc_syntax: false,
                parameters: FunctionArguments::None,
                args: FunctionArguments::List(FunctionArgumentList {
                    duplicate_treatment: None,
                    args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(value))],
                    clauses: Vec::new(),
                }),
                filter: None,
                null_treatment: None,
                over: None,
                within_group: Vec::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_type_has_a_conversion_that_round_trips() {
        let types = [
            "NUMBER(38,0)",
            "NUMBER(10,2)",
            "FLOAT",
            "VARCHAR(10)",
            "BOOLEAN",
            "DATE",
            "TIME(9)",
            "TIMESTAMP_NTZ(9)",
            "TIMESTAMP_LTZ(3)",
            "TIMESTAMP_TZ(9)",
        ];
        for name in types {
            let sf_type = SfType::parse(name).unwrap();
            let Conversion::Cast(data_type) = Conversion::to(&sf_type).unwrap() else {
                panic!("{name} should be cast");
            };
            assert_eq!(
                SfType::parse(&data_type.to_string()).unwrap(),
                sf_type,
                "{name}"
            );
        }
        assert!(matches!(
            Conversion::to(&SfType::Variant).unwrap(),
            Conversion::Plain
        ));
    }
}
