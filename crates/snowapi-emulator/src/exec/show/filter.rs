//! The row filters of SHOW: `LIKE` (case-insensitive, `%` and `_`, `\` escapes), `STARTS WITH`
//! (case-sensitive prefix) and `LIMIT n [FROM 'name']` (rows whose name sorts after `name`).

use super::options::ShowOptions;

/// Whether `text` matches the SQL LIKE `pattern`, ignoring case.
pub(super) fn like(pattern: &str, text: &str) -> bool {
    let pattern: Vec<Piece> = pieces(&pattern.to_lowercase());
    let text: Vec<char> = text.to_lowercase().chars().collect();
    // Classic wildcard matching: remember the last `%` and how much text it has eaten.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Piece::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Piece::One) => {
                p += 1;
                t += 1;
            }
            Some(Piece::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|piece| *piece == Piece::Any)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Any,
    One,
    Char(char),
}

fn pieces(pattern: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '%' => Piece::Any,
            '_' => Piece::One,
            '\\' => Piece::Char(chars.next().unwrap_or('\\')),
            other => Piece::Char(other),
        });
    }
    out
}

/// Applies LIKE, STARTS WITH and LIMIT … FROM to rows already in display order.
pub(super) fn apply<T>(rows: Vec<T>, options: &ShowOptions, name: impl Fn(&T) -> &str) -> Vec<T> {
    let limit = options
        .limit
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    rows.into_iter()
        .filter(|row| options.like.as_deref().is_none_or(|p| like(p, name(row))))
        .filter(|row| {
            options
                .starts_with
                .as_deref()
                .is_none_or(|prefix| name(row).starts_with(prefix))
        })
        .filter(|row| options.from.as_deref().is_none_or(|from| name(row) > from))
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_is_case_insensitive_with_wildcards() {
        assert!(like("%orders%", "MY_ORDERS_2"));
        assert!(like("ORD_RS", "orders"));
        assert!(like("%", ""));
        assert!(like("a%b%c", "AxxBxxC"));
        assert!(!like("a%b%c", "AxxBxx"));
        assert!(!like("ord", "orders"));
        assert!(like("my\\_t", "MY_T"));
        assert!(!like("my\\_t", "MYXT"));
        assert!(like("%\\%", "100%"));
    }

    #[test]
    fn starts_with_limit_and_from() {
        let names = vec!["ALPHA", "BETA", "BETTER", "GAMMA", "beta"];
        let run = |options: ShowOptions| apply(names.clone(), &options, |n| n);
        assert_eq!(
            run(ShowOptions {
                starts_with: Some("BE".into()),
                ..Default::default()
            }),
            ["BETA", "BETTER"]
        );
        assert_eq!(
            run(ShowOptions {
                like: Some("be%".into()),
                limit: Some(2),
                ..Default::default()
            }),
            ["BETA", "BETTER"]
        );
        assert_eq!(
            run(ShowOptions {
                limit: Some(2),
                from: Some("BETA".into()),
                ..Default::default()
            }),
            ["BETTER", "GAMMA"]
        );
        assert_eq!(
            run(ShowOptions {
                limit: Some(0),
                ..Default::default()
            }),
            Vec::<&str>::new()
        );
    }
}
