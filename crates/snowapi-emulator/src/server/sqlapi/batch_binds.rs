//! Bindings of a multi-statement SQL API request: Snowflake numbers the bind variables of a
//! batch across all its statements, so each statement takes, in order, as many positional values
//! as it has placeholders.

use crate::{
    server::statements::Placeholders,
    sql::binds::{BindValue, Binds},
};

/// The values of each statement of a batch, in the order of `statements`. Named values go to
/// every statement. A statement the parser cannot read takes no values (it fails on its own when
/// run); values left over are not used.
pub(super) fn shares(statements: &[String], binds: Binds) -> Vec<Binds> {
    let mut remaining = binds.positional.into_iter();
    statements
        .iter()
        .map(|text| {
            let wanted = placeholders(text);
            let positional: Vec<BindValue> = remaining.by_ref().take(wanted).collect();
            Binds {
                positional,
                named: binds.named.clone(),
            }
        })
        .collect()
}

/// How many positional values a statement binds (`?` each, `:N` once per distinct N).
fn placeholders(text: &str) -> usize {
    let Ok(parsed) = crate::sql::parse(text) else {
        return 0;
    };
    parsed
        .iter()
        .map(|statement| {
            let found = Placeholders::of(statement);
            let numbered = found
                .named
                .iter()
                .filter(|name| name.parse::<usize>().is_ok())
                .count();
            found.anonymous + numbered
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_statement_takes_its_share_in_order() {
        let statements = [
            "insert into t values (?, ?)".to_owned(),
            "select 1".to_owned(),
            "select * from t where a = :1 or b = :1".to_owned(),
        ];
        let binds = Binds {
            positional: vec![
                BindValue::Integer(1),
                BindValue::Integer(2),
                BindValue::Integer(3),
            ],
            ..Binds::none()
        };
        let shares = shares(&statements, binds);
        assert_eq!(
            shares[0].positional,
            [BindValue::Integer(1), BindValue::Integer(2)]
        );
        assert!(shares[1].positional.is_empty());
        assert_eq!(shares[2].positional, [BindValue::Integer(3)]);
    }
}
