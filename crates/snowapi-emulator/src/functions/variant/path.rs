//! Snowflake's paths into semi-structured values (`a.b[0]."c d"['e']`): parsing, writing, and
//! following them. Keys are case-sensitive.

use serde_json::Value;

use crate::error::{EmulatorError, ErrorKind, Result};

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    /// An object field.
    Key(String),
    /// An array element.
    Index(usize),
}

/// Parses a path as GET_PATH takes it: `a.b[0]`, `"a b".c`, `['a']`, `[0].x`.
pub(crate) fn parse(text: &str) -> Result<Vec<Step>> {
    let bad = || {
        EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!("Invalid extraction path '{text}'"),
        )
    };
    let chars: Vec<char> = text.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    let mut expect_key = true;
    while i < chars.len() {
        match chars[i] {
            '[' => {
                i += 1;
                match chars.get(i) {
                    Some(quote @ ('\'' | '"')) => {
                        let (key, next) = quoted(&chars, i + 1, *quote).ok_or_else(bad)?;
                        steps.push(Step::Key(key));
                        i = next;
                    }
                    _ => {
                        let start = i;
                        while chars.get(i).is_some_and(char::is_ascii_digit) {
                            i += 1;
                        }
                        let digits: String = chars[start..i].iter().collect();
                        steps.push(Step::Index(digits.parse().map_err(|_| bad())?));
                    }
                }
                if chars.get(i) != Some(&']') {
                    return Err(bad());
                }
                i += 1;
                expect_key = false;
            }
            '.' if !expect_key && !steps.is_empty() => {
                i += 1;
                expect_key = true;
                if i >= chars.len() {
                    return Err(bad());
                }
            }
            '"' if expect_key => {
                let (key, next) = quoted(&chars, i + 1, '"').ok_or_else(bad)?;
                steps.push(Step::Key(key));
                i = next;
                expect_key = false;
            }
            c if expect_key && !matches!(c, '.' | ']' | '"') => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| !matches!(c, '.' | '[' | ']' | '"'))
                {
                    i += 1;
                }
                steps.push(Step::Key(chars[start..i].iter().collect()));
                expect_key = false;
            }
            _ => return Err(bad()),
        }
    }
    Ok(steps)
}

/// The text between quotes starting at `start` (a doubled quote stands for itself), and the
/// index after the closing quote.
fn quoted(chars: &[char], start: usize, quote: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut i = start;
    loop {
        let c = *chars.get(i)?;
        if c == quote {
            if chars.get(i + 1) == Some(&quote) {
                text.push(quote);
                i += 2;
                continue;
            }
            return Some((text, i + 1));
        }
        text.push(c);
        i += 1;
    }
}

/// Writes steps as path text that [`parse`] reads back.
pub(crate) fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) if is_plain(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Key(key) => {
                out.push_str("['");
                out.push_str(&key.replace('\'', "''"));
                out.push_str("']");
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Whether a key can be written bare in a path.
pub(crate) fn is_plain(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The value at `steps` inside `value`, if there is one.
pub(crate) fn follow<'a>(value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps
        .iter()
        .try_fold(value, |current, step| match (current, step) {
            (Value::Object(map), Step::Key(key)) => map.get(key),
            (Value::Array(items), Step::Index(index)) => items.get(*index),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_snowflakes_path_forms() {
        use Step::{Index, Key};
        assert_eq!(
            parse("a.B[0].c").unwrap(),
            vec![Key("a".into()), Key("B".into()), Index(0), Key("c".into())]
        );
        assert_eq!(
            parse(r#""a b".c['d''e']["f"]"#).unwrap(),
            vec![
                Key("a b".into()),
                Key("c".into()),
                Key("d'e".into()),
                Key("f".into())
            ]
        );
        assert_eq!(parse("[2][0]").unwrap(), vec![Index(2), Index(0)]);
        for bad in ["a..b", "a[", "a[x]", "a.", ".a", "a[1"] {
            assert_eq!(parse(bad).unwrap_err().code(), "001044", "{bad}");
        }
    }

    #[test]
    fn render_round_trips() {
        let steps = vec![
            Step::Key("a".into()),
            Step::Key("x y".into()),
            Step::Index(3),
            Step::Key("it's".into()),
        ];
        assert_eq!(render(&steps), "a['x y'][3]['it''s']");
        assert_eq!(parse(&render(&steps)).unwrap(), steps);
    }

    #[test]
    fn follows_keys_and_indexes() {
        let value: Value = serde_json::from_str(r#"{"a":{"b":[10,{"c":true}]}}"#).unwrap();
        let steps = parse("a.b[1].c").unwrap();
        assert_eq!(follow(&value, &steps), Some(&Value::Bool(true)));
        assert_eq!(follow(&value, &parse("a.B").unwrap()), None);
        assert_eq!(follow(&value, &parse("a.b.c").unwrap()), None);
    }
}
