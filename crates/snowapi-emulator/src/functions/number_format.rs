//! Numbers as Snowflake writes and reads them: the text of FLOAT and NUMBER values, exact
//! decimal parsing with rounding to a scale, and numeric format models (`'999.99'`,
//! `'$9,990.00'`, `'S0XXX'`, `'TME'`).

/// Snowflake's text of a FLOAT: ten significant digits below 10, one more per decade up to
/// fifteen, trailing zeros dropped, scientific notation outside 1e-4 ..< 1e15.
pub(crate) fn float_text(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    if value == 0.0 {
        return "0".into();
    }
    let magnitude = decimal_exponent(value);
    let significant = (10 + magnitude).clamp(10, 15) as usize;
    // The exponent after rounding to that many digits decides the notation, as with C's %g.
    let scientific = format!("{:.*e}", significant - 1, value);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if exponent < -4 || exponent >= significant as i32 {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}e{sign}{:02}",
            strip_fraction_zeros(mantissa),
            exponent.abs()
        )
    } else {
        let decimals = (significant as i32 - 1 - exponent).max(0) as usize;
        strip_fraction_zeros(&format!("{value:.decimals$}"))
    }
}

/// `floor(log10(|value|))` for a finite, non-zero value.
fn decimal_exponent(value: f64) -> i32 {
    let text = format!("{value:e}");
    text.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

fn strip_fraction_zeros(text: &str) -> String {
    if !text.contains('.') {
        return text.to_owned();
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The text of a NUMBER held as `unscaled / 10^scale`: all `scale` fraction digits are shown.
pub(crate) fn decimal_text(unscaled: i128, scale: i8) -> String {
    let negative = unscaled < 0;
    let digits = unscaled.unsigned_abs().to_string();
    let body = if scale <= 0 {
        format!("{digits}{}", "0".repeat(scale.unsigned_abs() as usize))
    } else {
        let scale = scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        format!("{int}.{frac}")
    };
    if negative { format!("-{body}") } else { body }
}

/// A decimal number read from text exactly: `digits * 10^exponent`, with a sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decimal {
    negative: bool,
    /// Significant digits, most significant first, no leading zeros (empty for zero).
    digits: Vec<u8>,
    exponent: i32,
}

/// Why a number could not be given a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OutOfRange;

impl Decimal {
    /// Reads `[+-]digits[.digits][e[+-]digits]` (white space around it allowed).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => {
                let exponent: i32 = rest[at + 1..].parse().ok()?;
                (&rest[..at], exponent)
            }
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let leading = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..leading);
        let exponent = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
        Some(Self {
            negative: negative && !digits.is_empty(),
            digits,
            exponent,
        })
    }

    /// The exact value of an integer.
    pub(crate) fn from_unscaled(unscaled: i128, scale: i8) -> Self {
        let mut digits: Vec<u8> = unscaled
            .unsigned_abs()
            .to_string()
            .bytes()
            .map(|b| b - b'0')
            .collect();
        if unscaled == 0 {
            digits.clear();
        }
        Self {
            negative: unscaled < 0,
            digits,
            exponent: -i32::from(scale),
        }
    }

    /// The shortest decimal that reads back as `value` (which must be finite).
    pub(crate) fn from_f64(value: f64) -> Option<Self> {
        Self::parse(&format!("{value:e}"))
    }

    /// The value as `unscaled / 10^scale`, rounded half away from zero; out of range when the
    /// result has more than `precision` digits.
    pub(crate) fn to_unscaled(&self, precision: u8, scale: i8) -> Result<i128, OutOfRange> {
        let shift = self.exponent + i32::from(scale);
        let mut magnitude: i128 = 0;
        let keep = if shift >= 0 {
            self.digits.len()
        } else {
            let dropped = shift.unsigned_abs() as usize;
            self.digits.len().saturating_sub(dropped)
        };
        for digit in &self.digits[..keep] {
            magnitude = magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(*digit)))
                .ok_or(OutOfRange)?;
        }
        if shift > 0 {
            let factor = 10i128.checked_pow(shift.unsigned_abs()).ok_or(OutOfRange)?;
            magnitude = magnitude.checked_mul(factor).ok_or(OutOfRange)?;
        } else if shift < 0 {
            // The first dropped digit decides the rounding (it is 0 when every digit is dropped
            // and the value is below one half of the last kept place).
            let dropped = shift.unsigned_abs() as usize;
            let first_dropped = if dropped <= self.digits.len() {
                self.digits[self.digits.len() - dropped]
            } else {
                0
            };
            if first_dropped >= 5 {
                magnitude += 1;
            }
        }
        let limit = 10i128.checked_pow(u32::from(precision)).ok_or(OutOfRange)?;
        if magnitude >= limit {
            return Err(OutOfRange);
        }
        Ok(if self.negative { -magnitude } else { magnitude })
    }

    /// The nearest double.
    pub(crate) fn to_f64(&self) -> f64 {
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let text = format!(
            "{}{}e{}",
            if self.negative { "-" } else { "" },
            if digits.is_empty() { "0" } else { &digits },
            self.exponent
        );
        text.parse().unwrap_or(f64::NAN)
    }

    /// Integer and fraction digits after rounding to `scale` fraction digits (half away from
    /// zero), and the sign of the rounded value. The integer digits have no leading zeros.
    fn rounded_digits(&self, scale: usize) -> (String, String, bool) {
        let exponent = self.exponent + scale as i32;
        let mut digits: Vec<u8> = self.digits.clone();
        if exponent >= 0 {
            digits.extend(std::iter::repeat_n(0, exponent as usize));
        } else {
            let dropped = exponent.unsigned_abs() as usize;
            let keep = digits.len().saturating_sub(dropped);
            let round_up = dropped <= digits.len() && digits[keep] >= 5;
            digits.truncate(keep);
            if round_up {
                let mut at = digits.len();
                loop {
                    if at == 0 {
                        digits.insert(0, 1);
                        break;
                    }
                    at -= 1;
                    if digits[at] == 9 {
                        digits[at] = 0;
                    } else {
                        digits[at] += 1;
                        break;
                    }
                }
            }
        }
        while digits.len() < scale {
            digits.insert(0, 0);
        }
        let split = digits.len() - scale;
        let text = |part: &[u8]| {
            part.iter()
                .map(|d| char::from(b'0' + d))
                .collect::<String>()
        };
        let int = text(&digits[..split]).trim_start_matches('0').to_owned();
        let frac = text(&digits[split..]);
        let zero = int.is_empty() && frac.bytes().all(|b| b == b'0');
        (int, frac, self.negative && !zero)
    }

    /// Scientific text in the `TME` style: `-1.2391E1`, `1E-1`, `0E0`.
    fn scientific(&self) -> String {
        if self.digits.is_empty() {
            return "0E0".into();
        }
        let digits: String = {
            let all: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
            all.trim_end_matches('0').to_owned()
        };
        let exponent = self.exponent + self.digits.len() as i32 - 1;
        let sign = if self.negative { "-" } else { "" };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{sign}{first}E{exponent}")
        } else {
            format!("{sign}{first}.{rest}E{exponent}")
        }
    }
}

/// One element of a numeric format model.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// `9`: a digit, blank when it is a leading zero.
    Nine,
    /// `0`: a digit, leading zeros shown.
    Zero,
    /// `.` or `D`.
    Point,
    /// `,` or `G`.
    Group,
    /// `$`.
    Currency,
    /// `X` / `x`: a hexadecimal digit.
    Hex {
        /// Upper-case digits.
        upper: bool,
    },
    /// Text copied as is.
    Literal(String),
}

/// Where the sign goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    /// No sign element: a leading `-`, or a blank for other values.
    Implicit,
    /// `S` first: a leading `+` or `-`.
    Leading,
    /// `S` last: a trailing `+` or `-`.
    Trailing,
    /// `MI` last: a trailing `-`, or a blank.
    Minus,
}

/// A parsed numeric format model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberFormat {
    items: Vec<Item>,
    sign: Sign,
    /// `FM`: no padding, no trailing fraction zeros in `9` positions.
    fill_mode: bool,
    /// `B`: a zero integer part is blank.
    blank_zero: bool,
    /// `TM`, `TM9` or `TME`: the value's own text (`TME`: scientific).
    text_minimal: Option<bool>,
}

impl NumberFormat {
    /// Parses a numeric format model; `None` when it has no numeric element.
    pub(crate) fn parse(model: &str) -> Option<Self> {
        let chars: Vec<char> = model.chars().collect();
        let upper: Vec<char> = chars.iter().map(char::to_ascii_uppercase).collect();
        let mut format = Self {
            items: Vec::new(),
            sign: Sign::Implicit,
            fill_mode: false,
            blank_zero: false,
            text_minimal: None,
        };
        let mut i = 0;
        let mut literal = String::new();
        let flush = |literal: &mut String, items: &mut Vec<Item>| {
            if !literal.is_empty() {
                items.push(Item::Literal(std::mem::take(literal)));
            }
        };
        while i < chars.len() {
            let rest = |word: &str| {
                word.chars()
                    .enumerate()
                    .all(|(k, w)| upper.get(i + k) == Some(&w))
            };
            let c = chars[i];
            if c == '"' {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                literal.extend(&chars[i + 1..end]);
                i = end + 1;
                continue;
            }
            let item = if rest("FM") {
                format.fill_mode = true;
                i += 2;
                continue;
            } else if rest("TME") {
                format.text_minimal = Some(true);
                i += 3;
                continue;
            } else if rest("TM9") {
                format.text_minimal = Some(false);
                i += 3;
                continue;
            } else if rest("TM") {
                format.text_minimal = Some(false);
                i += 2;
                continue;
            } else if rest("MI") {
                format.sign = Sign::Minus;
                i += 2;
                continue;
            } else {
                match c.to_ascii_uppercase() {
                    '9' => Item::Nine,
                    '0' => Item::Zero,
                    '.' | 'D' => Item::Point,
                    ',' | 'G' => Item::Group,
                    '$' => Item::Currency,
                    'X' => Item::Hex { upper: c == 'X' },
                    'B' => {
                        format.blank_zero = true;
                        i += 1;
                        continue;
                    }
                    'S' => {
                        let numeric_before = format.items.iter().any(Item::is_numeric);
                        format.sign = if numeric_before {
                            Sign::Trailing
                        } else {
                            Sign::Leading
                        };
                        i += 1;
                        continue;
                    }
                    _ => {
                        literal.push(c);
                        i += 1;
                        continue;
                    }
                }
            };
            flush(&mut literal, &mut format.items);
            format.items.push(item);
            i += 1;
        }
        flush(&mut literal, &mut format.items);
        (format.text_minimal.is_some() || format.items.iter().any(Item::is_numeric))
            .then_some(format)
    }

    /// Prints a number.
    pub(crate) fn print(&self, value: &Decimal) -> String {
        if let Some(scientific) = self.text_minimal {
            let (prefix, suffix) = self.literals_around();
            let text = if scientific {
                value.scientific()
            } else {
                minimal_text(value)
            };
            return format!("{prefix}{text}{suffix}");
        }
        if self.items.iter().any(|i| matches!(i, Item::Hex { .. })) {
            return self.print_hex(value);
        }
        self.print_digits(value)
    }

    /// Literal text before the first and after the last numeric element.
    fn literals_around(&self) -> (String, String) {
        let first = self.items.iter().position(Item::is_numeric);
        let last = self.items.iter().rposition(Item::is_numeric);
        let text = |items: &[Item]| {
            items
                .iter()
                .filter_map(|i| match i {
                    Item::Literal(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect::<String>()
        };
        match (first, last) {
            (Some(first), Some(last)) => {
                (text(&self.items[..first]), text(&self.items[last + 1..]))
            }
            _ => (text(&self.items), String::new()),
        }
    }

    fn print_digits(&self, value: &Decimal) -> String {
        let (prefix, suffix) = self.literals_around();
        let first = self.items.iter().position(Item::is_numeric).unwrap_or(0);
        let last = self
            .items
            .iter()
            .rposition(Item::is_numeric)
            .unwrap_or(self.items.len().saturating_sub(1));
        let section = self.items.get(first..=last).unwrap_or_default();
        let point = section.iter().position(|i| *i == Item::Point);
        let is_digit = |i: &Item| matches!(i, Item::Nine | Item::Zero);
        let (int_items, frac_items) = match point {
            Some(at) => (&section[..at], &section[at + 1..]),
            None => (section, &[][..]),
        };
        let int_positions = int_items.iter().filter(|i| is_digit(i)).count();
        let frac_positions = frac_items.iter().filter(|i| is_digit(i)).count();
        let (int_digits, mut frac_digits, negative) = value.rounded_digits(frac_positions);
        let overflow = int_digits.len() > int_positions;
        // Leading zeros are shown from the first `0` element on.
        let first_zero = int_items
            .iter()
            .filter(|i| is_digit(i))
            .position(|i| *i == Item::Zero);
        let mut cells: Vec<Option<String>> = Vec::new();
        let mut digit_index = 0;
        let mut seen_digit = false;
        for item in int_items {
            match item {
                Item::Nine | Item::Zero => {
                    // Position counted from the right, 0 being the units.
                    let place = int_positions - 1 - digit_index;
                    let cell = if overflow {
                        Some("#".to_owned())
                    } else if place < int_digits.len() {
                        let at = int_digits.len() - 1 - place;
                        Some(int_digits[at..=at].to_owned())
                    } else if first_zero.is_some_and(|z| digit_index >= z)
                        || (place == 0 && !self.blank_zero)
                    {
                        Some("0".to_owned())
                    } else {
                        None
                    };
                    seen_digit |= cell.is_some();
                    cells.push(cell);
                    digit_index += 1;
                }
                Item::Group => cells.push(seen_digit.then(|| ",".to_owned())),
                Item::Currency => cells.push(Some("$".to_owned())),
                Item::Literal(text) => cells.push(Some(text.clone())),
                Item::Point | Item::Hex { .. } => {}
            }
        }
        if self.fill_mode {
            // Trailing zeros of `9` fraction positions are dropped.
            let mut keep = frac_digits.len();
            let digit_items: Vec<&Item> = frac_items.iter().filter(|i| is_digit(i)).collect();
            while keep > 0
                && digit_items[keep - 1] == &Item::Nine
                && frac_digits.as_bytes()[keep - 1] == b'0'
            {
                keep -= 1;
            }
            frac_digits.truncate(keep);
        }
        if point.is_some() {
            cells.push(Some(".".to_owned()));
        }
        let mut frac_index = 0;
        for item in frac_items {
            match item {
                Item::Nine | Item::Zero => {
                    let cell = if overflow {
                        Some("#".to_owned())
                    } else {
                        frac_digits.get(frac_index..=frac_index).map(str::to_owned)
                    };
                    // A position FM dropped prints nothing.
                    cells.push(cell.or_else(|| Some(String::new())));
                    frac_index += 1;
                }
                Item::Group => cells.push(Some(",".to_owned())),
                Item::Currency => cells.push(Some("$".to_owned())),
                Item::Literal(text) => cells.push(Some(text.clone())),
                Item::Point | Item::Hex { .. } => {}
            }
        }
        // The sign and the currency symbol float to the first shown digit.
        let currency_at = cells
            .iter()
            .position(|c| c.as_deref() == Some("$"))
            .filter(|at| cells[..*at].iter().all(Option::is_none));
        if let Some(at) = currency_at {
            cells.remove(at);
        }
        let blanks = cells.iter().take_while(|c| c.is_none()).count();
        let body: String = cells[blanks..]
            .iter()
            .map(|c| c.as_deref().unwrap_or(" "))
            .collect();
        let mut lead = String::new();
        let mut trail = String::new();
        match self.sign {
            Sign::Implicit => lead.push(if negative { '-' } else { ' ' }),
            Sign::Leading => lead.push(if negative { '-' } else { '+' }),
            Sign::Trailing => trail.push(if negative { '-' } else { '+' }),
            Sign::Minus => trail.push(if negative { '-' } else { ' ' }),
        }
        if currency_at.is_some() {
            lead.push('$');
        }
        let mut padding = " ".repeat(blanks);
        if self.fill_mode {
            padding.clear();
            lead = lead.trim_start().to_owned();
            trail = trail.trim_end().to_owned();
        }
        format!("{prefix}{padding}{lead}{body}{trail}{suffix}")
    }

    fn print_hex(&self, value: &Decimal) -> String {
        let positions = self
            .items
            .iter()
            .filter(|i| matches!(i, Item::Hex { .. } | Item::Zero))
            .count();
        let upper = self
            .items
            .iter()
            .any(|i| matches!(i, Item::Hex { upper: true }));
        let zero_pad = self.items.contains(&Item::Zero);
        let (prefix, suffix) = self.literals_around();
        let signed = self.sign != Sign::Implicit;
        let width = positions;
        let rounded = value.to_unscaled(38, 0).ok();
        let digits = rounded.and_then(|v| {
            let magnitude = if signed || v >= 0 {
                v.unsigned_abs()
            } else {
                // Two's complement over the digits shown.
                let modulus = 16u128.checked_pow(positions as u32)?;
                modulus.checked_sub(v.unsigned_abs() % modulus)? % modulus
            };
            let text = if upper {
                format!("{magnitude:X}")
            } else {
                format!("{magnitude:x}")
            };
            (text.len() <= width).then_some(text)
        });
        let body = match digits {
            Some(text) if zero_pad => format!("{text:0>width$}"),
            Some(text) if self.fill_mode => text,
            Some(text) => format!("{text:>width$}"),
            None => "#".repeat(width),
        };
        let sign = match (signed, rounded.is_some_and(|v| v < 0)) {
            (false, _) => "",
            (true, true) => "-",
            (true, false) => "+",
        };
        match self.sign {
            Sign::Trailing | Sign::Minus => format!("{prefix}{body}{sign}{suffix}"),
            _ => format!("{prefix}{sign}{body}{suffix}"),
        }
    }

    /// Reads a number written in this format: currency symbols, group separators, literal
    /// text and blanks are skipped, signs may lead or trail, `X` formats read hexadecimal.
    pub(crate) fn read(&self, text: &str) -> Option<Decimal> {
        let mut text = text.trim().to_owned();
        for item in &self.items {
            if let Item::Literal(literal) = item {
                let literal = literal.trim();
                if !literal.is_empty() {
                    text = text.replacen(literal, "", 1);
                }
            }
        }
        let mut cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '$' && *c != ',')
            .collect();
        let mut negative = false;
        if let Some(rest) = cleaned.strip_suffix('-') {
            negative = true;
            cleaned = rest.to_owned();
        } else if let Some(rest) = cleaned.strip_suffix('+') {
            cleaned = rest.to_owned();
        }
        if let Some(rest) = cleaned.strip_prefix('-') {
            negative = !negative;
            cleaned = rest.to_owned();
        } else if let Some(rest) = cleaned.strip_prefix('+') {
            cleaned = rest.to_owned();
        }
        let value = if self.items.iter().any(|i| matches!(i, Item::Hex { .. })) {
            let magnitude = u128::from_str_radix(&cleaned, 16).ok()?;
            Decimal::from_unscaled(i128::try_from(magnitude).ok()?, 0)
        } else {
            if cleaned.starts_with(['-', '+']) {
                return None;
            }
            Decimal::parse(&cleaned)?
        };
        Some(if negative {
            Decimal {
                negative: !value.digits.is_empty(),
                ..value
            }
        } else {
            value
        })
    }
}

impl Item {
    fn is_numeric(&self) -> bool {
        !matches!(self, Item::Literal(_))
    }
}

/// The shortest exact text of a decimal (`TM9`): no exponent, no trailing fraction zeros.
fn minimal_text(value: &Decimal) -> String {
    if value.digits.is_empty() {
        return "0".into();
    }
    let scale = (-value.exponent).max(0) as usize;
    let (int, frac, negative) = value.rounded_digits(scale);
    let int = if int.is_empty() { "0".to_owned() } else { int };
    let frac = frac.trim_end_matches('0');
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(model: &str, value: &str) -> String {
        NumberFormat::parse(model)
            .unwrap()
            .print(&Decimal::parse(value).unwrap())
    }

    #[test]
    fn floats_print_like_snowflake() {
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(100.0), "100");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(2f64.sqrt()), "1.414213562");
        assert_eq!(float_text(2f64.sqrt() * 1000.0), "1414.213562373");
        assert_eq!(float_text(2.5e14), "250000000000000");
        assert_eq!(float_text(1e15), "1e+15");
        assert_eq!(float_text(1e20), "1e+20");
        assert_eq!(float_text(-0.00001234), "-1.234e-05");
        assert_eq!(float_text(0.0001), "0.0001");
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn decimals_print_with_their_scale() {
        assert_eq!(decimal_text(1230, 2), "12.30");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(decimal_text(42, 0), "42");
    }

    #[test]
    fn decimals_parse_and_round() {
        let d = |t: &str| Decimal::parse(t).unwrap();
        assert_eq!(d("12.345").to_unscaled(10, 2), Ok(1235));
        assert_eq!(d("-12.345").to_unscaled(10, 2), Ok(-1235));
        assert_eq!(d("12.5").to_unscaled(38, 0), Ok(13));
        assert_eq!(d("0.4").to_unscaled(38, 0), Ok(0));
        assert_eq!(d("0.04").to_unscaled(38, 0), Ok(0));
        assert_eq!(d("1e3").to_unscaled(38, 0), Ok(1000));
        assert_eq!(d(" +1.5E-1 ").to_unscaled(38, 2), Ok(15));
        assert_eq!(d(".5").to_unscaled(38, 0), Ok(1));
        assert_eq!(d("123456").to_unscaled(4, 0), Err(OutOfRange));
        assert_eq!(d("99.995").to_unscaled(4, 2), Err(OutOfRange));
        assert_eq!(d("1e40").to_unscaled(38, 0), Err(OutOfRange));
        for bad in ["", "abc", "1.2.3", "--1", "1e", "."] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(d("-0.000").to_unscaled(38, 0), Ok(0));
        assert!((d("2.5e-3").to_f64() - 0.0025).abs() < 1e-15);
    }

    #[test]
    fn numbers_print_with_format_models() {
        assert_eq!(fmt("999.99", "123.456"), " 123.46");
        assert_eq!(fmt("999.99", "1.5"), "   1.50");
        assert_eq!(fmt("999.99", "-1.5"), "  -1.50");
        assert_eq!(fmt("999.99", "0.5"), "   0.50");
        assert_eq!(fmt("000.00", "1.5"), " 001.50");
        assert_eq!(fmt("9,999.99", "1234.5"), " 1,234.50");
        assert_eq!(fmt("9,999.99", "12.5"), "    12.50");
        assert_eq!(fmt("$99.0", "-12.391"), "-$12.4");
        assert_eq!(fmt("$99.0", "0"), "  $0.0");
        assert_eq!(fmt("$99.0", "3987"), " $##.#");
        assert_eq!(fmt("B9,999.0", "0.1"), "      .1");
        assert_eq!(fmt("B9,999.0", "3987"), " 3,987.0");
        assert_eq!(fmt("FM999.99", "1.5"), "1.5");
        assert_eq!(fmt("FM999.00", "1.5"), "1.50");
        assert_eq!(fmt("S999", "12"), " +12");
        assert_eq!(fmt("999MI", "-12"), " 12-");
        assert_eq!(fmt("0XXX", "3987"), "0F93");
        assert_eq!(fmt("0XXX", "-12.391"), "FFF4");
        assert_eq!(fmt("S0XXX", "-12.391"), "-000C");
        assert_eq!(fmt("xx", "255"), "ff");
        assert_eq!(fmt("TME", "-12.391"), "-1.2391E1");
        assert_eq!(fmt("TME", "0.1"), "1E-1");
        assert_eq!(fmt("TM9", "3987.000"), "3987");
        assert_eq!(fmt("\">\"99\"<\"", "5"), ">  5<");
        assert_eq!(fmt("\">\"$99.0\"<\"", "-12.391"), ">-$12.4<");
        assert!(NumberFormat::parse("abc").is_none());
        assert_eq!(fmt("\"€\"990", "5"), "€   5");
    }

    #[test]
    fn numbers_read_with_format_models() {
        let read = |model: &str, text: &str| {
            NumberFormat::parse(model)
                .unwrap()
                .read(text)
                .map(|d| d.to_unscaled(38, 2).unwrap())
        };
        assert_eq!(read("$9,999.99", "$1,234.50"), Some(123_450));
        assert_eq!(read("999.99MI", "12.50-"), Some(-1_250));
        assert_eq!(read("S999", "-12"), Some(-1_200));
        assert_eq!(read("XXXX", "0F93"), Some(398_700));
        assert_eq!(read("999", "1x"), None);
    }
}
