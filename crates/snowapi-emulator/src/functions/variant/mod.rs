//! Semi-structured data: VARIANT, OBJECT and ARRAY values (JSON text typed by field metadata)
//! and the functions that build, read and convert them.

mod array;
pub(crate) mod cast;
mod client_version_info;
mod compare;
pub(crate) mod construct;
mod convert;
mod get;
mod object_star;
mod parse_json;
pub(crate) mod path;
mod simple;
mod type_of;
pub(crate) mod value;

use std::sync::Arc;

use datafusion::{logical_expr::ScalarUDF, prelude::SessionContext};

/// Registers the semi-structured functions, the `OBJECT_CONSTRUCT(*)` expansion and VARIANT
/// comparisons.
pub(crate) fn register(context: &SessionContext) {
    let functions = [
        parse_json::parse_json(),
        parse_json::try_parse_json(),
        construct::object_construct(),
        construct::object_construct_keep_null(),
        construct::array_construct(),
        array::array_size(),
        array::array_contains(),
        array::split(),
        get::get(),
        get::get_path(),
        convert::to_variant(),
        convert::to_object(),
        convert::to_array(),
        convert::to_json(),
        convert::type_of(),
        convert::is_null_value(),
        ScalarUDF::new_from_impl(cast::VariantToSql::new()),
        ScalarUDF::new_from_impl(type_of::SystemTypeof::new()),
        ScalarUDF::new_from_impl(client_version_info::ClientVersionInfo::new()),
    ];
    // DataFusion's ARRAY_HAS answers to ARRAY_CONTAINS too (with its arguments the other way
    // round); Snowflake has no ARRAY_HAS, so it goes and the name is Snowflake's.
    context.deregister_udf("array_has");
    for function in functions.into_iter().chain(convert::as_functions()) {
        context.register_udf(function);
    }
    context.add_analyzer_rule(Arc::new(object_star::ObjectStar));
    context.add_analyzer_rule(Arc::new(compare::VariantComparison::new()));
}

#[cfg(test)]
mod tests {
    use crate::{
        engine::{Engine, EngineConfig},
        sql::binds::Binds,
        types::SfType,
    };

    /// Result columns carry the Snowflake type clients need (VARIANT, OBJECT, ARRAY, ...).
    #[tokio::test]
    async fn results_are_typed_for_clients() {
        let engine = Engine::open(EngineConfig::default()).unwrap();
        let session = engine.session("ADMIN");
        let result = session
            .execute(
                "select parse_json('{\"a\":[1]}') as v, object_construct('k', 1) as o, \
                 split('a,b', ',') as s, parse_json('{\"a\":[1]}'):a[0] as p, \
                 parse_json('{\"a\":\"x\"}'):a::string as t, array_size(array_construct(1)) as n, \
                 listagg('x') as l",
                &Binds::none(),
            )
            .await
            .unwrap();
        let types: Vec<(String, SfType)> = result
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.sf_type))
            .collect();
        assert_eq!(
            types,
            vec![
                ("V".into(), SfType::Variant),
                ("O".into(), SfType::Object),
                ("S".into(), SfType::Array),
                ("P".into(), SfType::Variant),
                ("T".into(), SfType::TEXT),
                ("N".into(), SfType::INTEGER),
                ("L".into(), SfType::TEXT),
            ]
        );
        let flattened = session
            .execute(
                "select * from table(flatten(parse_json('[1]')))",
                &Binds::none(),
            )
            .await
            .unwrap();
        let columns: Vec<(String, SfType)> = flattened
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.sf_type))
            .collect();
        assert_eq!(
            columns,
            vec![
                ("SEQ".into(), SfType::INTEGER),
                ("KEY".into(), SfType::TEXT),
                ("PATH".into(), SfType::TEXT),
                ("INDEX".into(), SfType::INTEGER),
                ("VALUE".into(), SfType::Variant),
                ("THIS".into(), SfType::Variant),
            ]
        );
    }
}
