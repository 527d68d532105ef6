//! Registers the scalar conversion, date/time, NULL-handling, string and random functions.
//! Registering a name DataFusion already has replaces DataFusion's function (`to_char`,
//! `to_date`, `to_timestamp`, `split_part`, `decode`, `random`, `regexp_like`, ...), whose
//! semantics differ from Snowflake's.

use datafusion::{logical_expr::ScalarUDF, prelude::SessionContext};

use super::{
    dateadd::DateAdd,
    datediff::DateDiff,
    decode::Decode,
    div0::Div0,
    last_day::LastDay,
    like_escape::LikeEscape,
    null_handling::{EqualNull, Nvl, ZeroFunction},
    random::{Random, Uniform},
    regexp_like::Rlike,
    split_part::SplitPart,
    to_boolean::ToBoolean,
    to_datetime::ToDateTime,
    to_double::ToDouble,
    to_number::ToNumber,
    to_varchar::ToVarchar,
    uuid_string::UuidString,
};

/// Registers every function of this family on `context`.
pub(crate) fn register(context: &SessionContext) {
    let functions = [
        ScalarUDF::from(ToVarchar::new()),
        ScalarUDF::from(ToNumber::new()),
        ScalarUDF::from(ToNumber::new_try()),
        ScalarUDF::from(ToDouble::new()),
        ScalarUDF::from(ToDouble::new_try()),
        ScalarUDF::from(ToBoolean::new()),
        ScalarUDF::from(ToBoolean::new_try()),
        ScalarUDF::from(Nvl::new()),
        ScalarUDF::from(Nvl::nvl2()),
        ScalarUDF::from(ZeroFunction::zero_if_null()),
        ScalarUDF::from(ZeroFunction::null_if_zero()),
        ScalarUDF::from(EqualNull::new()),
        ScalarUDF::from(Decode::new()),
        ScalarUDF::from(Div0::new()),
        ScalarUDF::from(Div0::new_null()),
        ScalarUDF::from(DateAdd::new()),
        ScalarUDF::from(DateDiff::new()),
        ScalarUDF::from(LastDay::new()),
        ScalarUDF::from(SplitPart::new()),
        ScalarUDF::from(UuidString::new()),
        ScalarUDF::from(Random::new()),
        ScalarUDF::from(Uniform::new()),
        ScalarUDF::from(Rlike::new()),
        ScalarUDF::from(LikeEscape::new()),
    ];
    for function in functions
        .into_iter()
        .chain(ToDateTime::all().into_iter().map(ScalarUDF::from))
    {
        // Sessions are rebuilt from their function map, where a replaced DataFusion function
        // would survive under its aliases (`date_format` for `to_char`) and could win again:
        // remove every function under our names, with all its aliases, first.
        for name in
            std::iter::once(function.name()).chain(function.aliases().iter().map(String::as_str))
        {
            context.deregister_udf(name);
        }
        context.register_udf(function);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowflake_functions_replace_datafusions() {
        let context = SessionContext::new();
        register(&context);
        let state = context.state();
        let functions = state.scalar_functions();
        for name in [
            "to_char",
            "to_varchar",
            "to_date",
            "date",
            "try_to_timestamp_tz",
            "split_part",
            "decode",
            "random",
            "regexp_like",
            "timestampdiff",
        ] {
            assert!(functions.contains_key(name), "{name} is not registered");
        }
        assert_eq!(functions["to_char"].name(), "to_varchar");
        assert_eq!(functions["regexp_like"].name(), "rlike");
        // DataFusion's TO_CHAR is gone with its alias, not only shadowed.
        assert!(!functions.contains_key("date_format"));
        assert!(functions.values().all(|f| f.name() != "to_char"));
    }
}
