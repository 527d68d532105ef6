//! Splitting a SQL script into statements, as the Snowflake CLI does before running them one by
//! one: on `;` outside quotes, identifiers, `$$` blocks and comments.

/// The statements of `script`, trimmed, without empty ones.
pub fn statements(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                current.push(c);
                // A doubled quote inside is an escaped quote: keep reading.
                while let Some(d) = chars.next() {
                    current.push(d);
                    if d == '\\' && c == '\'' {
                        if let Some(e) = chars.next() {
                            current.push(e);
                        }
                    } else if d == c {
                        if chars.peek() == Some(&c) {
                            current.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '$' if chars.peek() == Some(&'$') => {
                current.push_str("$$");
                chars.next();
                let mut previous = '\0';
                for d in chars.by_ref() {
                    current.push(d);
                    if previous == '$' && d == '$' {
                        break;
                    }
                    previous = d;
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        current.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = '\0';
                for d in chars.by_ref() {
                    if previous == '*' && d == '/' {
                        break;
                    }
                    previous = d;
                }
                current.push(' ');
            }
            ';' => push(&mut out, &mut current),
            _ => current.push(c),
        }
    }
    push(&mut out, &mut current);
    out
}

fn push(out: &mut Vec<String>, current: &mut String) {
    let statement = current.trim();
    if !statement.is_empty() {
        out.push(statement.to_owned());
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn splits_on_semicolons_outside_quotes_blocks_and_comments() {
        let script = "select 'a;b'; -- c;d\nselect \"x;y\" from t;\n\
                      create procedure p() returns int language sql as $$ begin return 1; end $$;\n\
                      /* e; f */ select 'it''s; fine';;";
        assert_eq!(
            statements(script),
            [
                "select 'a;b'",
                "select \"x;y\" from t",
                "create procedure p() returns int language sql as $$ begin return 1; end $$",
                "select 'it''s; fine'",
            ]
        );
    }

    #[test]
    fn blank_scripts_have_no_statements() {
        assert!(statements("  ;\n -- only a comment\n").is_empty());
    }
}
