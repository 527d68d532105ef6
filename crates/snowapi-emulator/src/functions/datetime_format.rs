//! Snowflake's date and time format models (`'YYYY-MM-DD HH24:MI:SS.FF3'`) and its AUTO input
//! formats: printing calendar values, and reading them back from text.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// Default output format of DATE.
pub(crate) const DATE_OUTPUT: &str = "YYYY-MM-DD";
/// Default output format of TIME.
pub(crate) const TIME_OUTPUT: &str = "HH24:MI:SS";
/// Default output format of TIMESTAMP_NTZ.
pub(crate) const TIMESTAMP_NTZ_OUTPUT: &str = "YYYY-MM-DD HH24:MI:SS.FF3";
/// Default output format of TIMESTAMP_LTZ and TIMESTAMP_TZ.
pub(crate) const TIMESTAMP_TZ_OUTPUT: &str = "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// One element of a format model.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// `YYYY`: the year, four digits.
    Year4,
    /// `YY`: the year's last two digits.
    Year2,
    /// `MM`: month number.
    Month,
    /// `MON`: abbreviated month name.
    MonthAbbrev,
    /// `MMMM`: full month name.
    MonthName,
    /// `DD`: day of the month.
    Day,
    /// `DY`: abbreviated weekday.
    Weekday,
    /// `HH24` (and `HH`): hour of the day.
    Hour24,
    /// `HH12`: hour of the half day.
    Hour12,
    /// `AM` / `PM`.
    Meridian,
    /// `MI`: minutes.
    Minute,
    /// `SS`: seconds.
    Second,
    /// `FF[0-9]`: fraction of a second with that many digits (`FF` is nine).
    Fraction(u8),
    /// `TZH`: hours of the zone offset, with its sign.
    ZoneHour,
    /// `TZM`: minutes of the zone offset.
    ZoneMinute,
    /// Text copied as is (quoted in the model, or punctuation).
    Literal(String),
}

/// A parsed date/time format model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateTimeFormat {
    elements: Vec<Element>,
}

/// A value read from text: the wall clock and, when the text named one, its zone offset in
/// seconds east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// Date and wall clock as written.
    pub(crate) datetime: NaiveDateTime,
    /// Offset written in the text (`+01:00`, `Z`), if any.
    pub(crate) offset: Option<i32>,
}

impl Parsed {
    /// The UTC instant the text names; text without an offset is read as UTC (the session
    /// time zone of the emulator).
    pub(crate) fn utc(&self) -> Option<NaiveDateTime> {
        self.datetime
            .checked_sub_signed(chrono::TimeDelta::seconds(i64::from(
                self.offset.unwrap_or(0),
            )))
    }
}

impl DateTimeFormat {
    /// Parses a format model; `None` when it holds no date or time element at all.
    pub(crate) fn parse(model: &str) -> Option<Self> {
        let chars: Vec<char> = model.chars().collect();
        let upper: Vec<char> = chars.iter().map(|c| c.to_ascii_uppercase()).collect();
        let starts = |at: usize, word: &str| {
            word.chars()
                .enumerate()
                .all(|(i, w)| upper.get(at + i) == Some(&w))
        };
        let mut elements = Vec::new();
        let mut literal = String::new();
        let mut i = 0;
        while i < chars.len() {
            let (element, width) = if chars[i] == '"' {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                literal.extend(&chars[i + 1..end]);
                i = end + 1;
                continue;
            } else if starts(i, "YYYY") {
                (Element::Year4, 4)
            } else if starts(i, "YY") {
                (Element::Year2, 2)
            } else if starts(i, "MMMM") {
                (Element::MonthName, 4)
            } else if starts(i, "MON") {
                (Element::MonthAbbrev, 3)
            } else if starts(i, "MM") {
                (Element::Month, 2)
            } else if starts(i, "MI") {
                (Element::Minute, 2)
            } else if starts(i, "DD") {
                (Element::Day, 2)
            } else if starts(i, "DY") {
                (Element::Weekday, 2)
            } else if starts(i, "HH24") {
                (Element::Hour24, 4)
            } else if starts(i, "HH12") {
                (Element::Hour12, 4)
            } else if starts(i, "HH") {
                (Element::Hour24, 2)
            } else if starts(i, "AM") || starts(i, "PM") {
                (Element::Meridian, 2)
            } else if starts(i, "SS") {
                (Element::Second, 2)
            } else if starts(i, "FF") {
                match chars.get(i + 2).and_then(|c| c.to_digit(10)) {
                    Some(digits) => (Element::Fraction(digits as u8), 3),
                    None => (Element::Fraction(9), 2),
                }
            } else if starts(i, "TZH") {
                (Element::ZoneHour, 3)
            } else if starts(i, "TZM") {
                (Element::ZoneMinute, 3)
            } else {
                literal.push(chars[i]);
                i += 1;
                continue;
            };
            if !literal.is_empty() {
                elements.push(Element::Literal(std::mem::take(&mut literal)));
            }
            elements.push(element);
            i += width;
        }
        if !literal.is_empty() {
            elements.push(Element::Literal(literal));
        }
        elements
            .iter()
            .any(|e| !matches!(e, Element::Literal(_)))
            .then_some(Self { elements })
    }

    /// Prints `datetime` (with the zone `offset` in seconds, `None` for values without a zone).
    pub(crate) fn print(&self, datetime: NaiveDateTime, offset: Option<i32>) -> String {
        let mut out = String::new();
        let mut skip_zone_minutes = false;
        for (index, element) in self.elements.iter().enumerate() {
            match element {
                Element::Year4 => out.push_str(&format!("{:04}", datetime.year().abs())),
                Element::Year2 => out.push_str(&format!("{:02}", datetime.year().rem_euclid(100))),
                Element::Month => out.push_str(&format!("{:02}", datetime.month())),
                Element::MonthAbbrev => out.push_str(&MONTHS[datetime.month0() as usize][..3]),
                Element::MonthName => out.push_str(MONTHS[datetime.month0() as usize]),
                Element::Day => out.push_str(&format!("{:02}", datetime.day())),
                Element::Weekday => {
                    out.push_str(WEEKDAYS[datetime.weekday().num_days_from_monday() as usize])
                }
                Element::Hour24 => out.push_str(&format!("{:02}", datetime.hour())),
                Element::Hour12 => out.push_str(&format!("{:02}", datetime.hour12().1)),
                Element::Meridian => out.push_str(if datetime.hour() < 12 { "AM" } else { "PM" }),
                Element::Minute => out.push_str(&format!("{:02}", datetime.minute())),
                Element::Second => out.push_str(&format!("{:02}", datetime.second())),
                Element::Fraction(digits) => {
                    let nanos = format!("{:09}", datetime.nanosecond().min(999_999_999));
                    out.push_str(&nanos[..usize::from(*digits).min(9)]);
                }
                Element::ZoneHour => {
                    let offset = offset.unwrap_or(0);
                    let minutes_follow =
                        matches!(
                            self.elements.get(index + 1..index + 3),
                            Some([Element::Literal(colon), Element::ZoneMinute]) if colon == ":"
                        ) || matches!(self.elements.get(index + 1), Some(Element::ZoneMinute));
                    if offset == 0 && minutes_follow {
                        // Snowflake spells a zero offset `Z` where hours and minutes are shown.
                        out.push('Z');
                        skip_zone_minutes = true;
                    } else {
                        let sign = if offset < 0 { '-' } else { '+' };
                        out.push_str(&format!("{sign}{:02}", offset.abs() / 3600));
                    }
                }
                Element::ZoneMinute => {
                    if !std::mem::take(&mut skip_zone_minutes) {
                        out.push_str(&format!("{:02}", offset.unwrap_or(0).abs() % 3600 / 60));
                    }
                }
                Element::Literal(text) => {
                    let zone_colon = text == ":"
                        && skip_zone_minutes
                        && matches!(self.elements.get(index + 1), Some(Element::ZoneMinute));
                    if !zone_colon {
                        out.push_str(text);
                    }
                }
            }
        }
        out
    }

    /// Reads text written in this format.
    pub(crate) fn read(&self, text: &str) -> Option<Parsed> {
        let mut cursor = Cursor::new(text.trim());
        let mut fields = Fields::default();
        let mut meridian: Option<bool> = None;
        // After a `Z` zone the minutes (and the colon before them) are absent.
        let mut zulu = false;
        for element in &self.elements {
            match element {
                Element::Year4 => fields.year = Some(cursor.number(1, 4)? as i32),
                Element::Year2 => {
                    let yy = cursor.number(2, 2)? as i32;
                    // Snowflake's TWO_DIGIT_CENTURY_START default, 1970.
                    fields.year = Some(if yy >= 70 { 1900 + yy } else { 2000 + yy });
                }
                Element::Month => fields.month = Some(cursor.number(1, 2)?),
                Element::MonthAbbrev | Element::MonthName => fields.month = Some(cursor.month()?),
                Element::Day => fields.day = Some(cursor.number(1, 2)?),
                Element::Weekday => {
                    cursor.word()?;
                }
                Element::Hour24 | Element::Hour12 => fields.hour = cursor.number(1, 2)?,
                Element::Meridian => meridian = Some(cursor.meridian()?),
                Element::Minute => fields.minute = cursor.number(1, 2)?,
                Element::Second => fields.second = cursor.number(1, 2)?,
                Element::Fraction(_) => fields.nanos = cursor.fraction()?,
                Element::ZoneHour => {
                    cursor.spaces();
                    if cursor.eat(b'Z') {
                        fields.offset = Some(0);
                        zulu = true;
                    } else {
                        let negative = cursor.sign()?;
                        let hours = cursor.number(1, 2)? as i32;
                        fields.offset = Some(if negative {
                            -hours * 3600
                        } else {
                            hours * 3600
                        });
                    }
                }
                Element::ZoneMinute if zulu => {}
                Element::ZoneMinute => {
                    let minutes = cursor.number(2, 2)? as i32 * 60;
                    if let Some(offset) = fields.offset.as_mut() {
                        *offset += if *offset < 0 { -minutes } else { minutes };
                    }
                }
                Element::Literal(literal) if zulu && literal == ":" => {}
                Element::Literal(literal) => cursor.literal(literal)?,
            }
        }
        cursor.spaces();
        if !cursor.done() {
            return None;
        }
        if let Some(pm) = meridian {
            if fields.hour == 0 || fields.hour > 12 {
                return None;
            }
            fields.hour = match (pm, fields.hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, hour) => hour + 12,
                (false, hour) => hour,
            };
        }
        fields.build()
    }
}

/// Reads a date, timestamp or time written in one of Snowflake's AUTO formats:
/// `YYYY-MM-DD`, `DD-MON-YYYY` or `MM/DD/YYYY`, optionally followed (after a space or `T`) by
/// `HH24:MI[:SS[.FF]]`, an optional AM/PM and an optional zone (`Z`, `+HH`, `+HH:MM`, `+HHMM`).
/// RFC-style text (`Mon, 01 Jan 2024 10:00:00 +0000`) is read too.
pub(crate) fn read_auto(text: &str) -> Option<Parsed> {
    let mut cursor = Cursor::new(text.trim());
    let mut fields = Fields::default();
    let (year, month, day) = cursor.auto_date()?;
    fields.year = Some(year);
    fields.month = Some(month);
    fields.day = Some(day);
    if cursor.done() {
        return fields.build();
    }
    if !cursor.eat(b'T') && cursor.spaces() == 0 {
        return None;
    }
    cursor.auto_time(&mut fields)?;
    cursor.spaces();
    if !cursor.done() {
        fields.offset = Some(cursor.zone()?);
    }
    cursor.spaces();
    if !cursor.done() {
        return None;
    }
    fields.build()
}

/// Reads a time of day in an AUTO format (`HH24:MI[:SS[.FF]]` with an optional AM/PM), or the
/// wall clock of a timestamp in an AUTO format.
pub(crate) fn read_auto_time(text: &str) -> Option<NaiveTime> {
    let mut cursor = Cursor::new(text.trim());
    let mut fields = Fields::default();
    if cursor.auto_time(&mut fields).is_some() {
        cursor.spaces();
        if cursor.done() {
            return fields.build().map(|p| p.datetime.time());
        }
    }
    read_auto(text).map(|p| p.datetime.time())
}

/// Date and time fields collected while reading.
#[derive(Debug, Default)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset: Option<i32>,
}

impl Fields {
    fn build(&self) -> Option<Parsed> {
        let date = NaiveDate::from_ymd_opt(
            self.year.unwrap_or(1970),
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
        )?;
        let time = NaiveTime::from_hms_nano_opt(self.hour, self.minute, self.second, self.nanos)?;
        Some(Parsed {
            datetime: date.and_time(time),
            offset: self.offset,
        })
    }
}

/// A position in the text being read.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Consumes `byte` (letters in either case) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        match self.peek() {
            Some(next) if next.eq_ignore_ascii_case(&byte) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    /// Skips white space, returning how much.
    fn spaces(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
        self.at - start
    }

    /// Between `min` and `max` digits, as a number.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        let mut value: u32 = 0;
        while self.at - start < max
            && let Some(digit) = self.peek().filter(u8::is_ascii_digit)
        {
            value = value * 10 + u32::from(digit - b'0');
            self.at += 1;
        }
        if self.at - start < min {
            self.at = start;
            return None;
        }
        Some(value)
    }

    /// One to nine digits of a fraction of a second, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.at;
        let mut nanos: u32 = 0;
        let mut digits = 0;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            if digits < 9 {
                nanos = nanos * 10 + u32::from(digit - b'0');
                digits += 1;
            }
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        Some(nanos * 10u32.pow(9 - digits))
    }

    /// A run of letters.
    fn word(&mut self) -> Option<&'a str> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.at += 1;
        }
        (self.at > start)
            .then(|| std::str::from_utf8(&self.bytes[start..self.at]).ok())
            .flatten()
    }

    /// A month name, full or abbreviated to three letters.
    fn month(&mut self) -> Option<u32> {
        let start = self.at;
        let word = self.word()?.to_ascii_lowercase();
        let found = MONTHS.iter().position(|m| {
            let m = m.to_ascii_lowercase();
            word == m || word == m[..3]
        });
        if found.is_none() {
            self.at = start;
        }
        found.map(|i| i as u32 + 1)
    }

    /// `AM` or `PM`: whether it is PM.
    fn meridian(&mut self) -> Option<bool> {
        self.spaces();
        let start = self.at;
        let pm = match self.word()?.to_ascii_uppercase().as_str() {
            "AM" => false,
            "PM" => true,
            _ => {
                self.at = start;
                return None;
            }
        };
        Some(pm)
    }

    /// `+` or `-`: whether it is negative.
    fn sign(&mut self) -> Option<bool> {
        if self.eat(b'+') {
            Some(false)
        } else if self.eat(b'-') {
            Some(true)
        } else {
            None
        }
    }

    /// Literal text of a format: white space matches any amount of white space, other
    /// characters themselves (letters in either case).
    fn literal(&mut self, literal: &str) -> Option<()> {
        for byte in literal.bytes() {
            if byte.is_ascii_whitespace() {
                self.spaces();
            } else if !self.eat(byte) {
                return None;
            }
        }
        Some(())
    }

    /// The date part of an AUTO format.
    fn auto_date(&mut self) -> Option<(i32, u32, u32)> {
        let start = self.at;
        // RFC style: optional weekday and comma, then DD MON YYYY.
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.word()?;
            self.eat(b',');
            self.spaces();
            let day = self.number(1, 2)?;
            self.spaces();
            let month = self.month()?;
            self.spaces();
            let year = self.number(4, 4)? as i32;
            return Some((year, month, day));
        }
        let first_digits = {
            let mut n = 0;
            while self.bytes.get(self.at + n).is_some_and(u8::is_ascii_digit) {
                n += 1;
            }
            n
        };
        if first_digits == 4 {
            let year = self.number(4, 4)? as i32;
            let separator = self.peek()?;
            if separator != b'-' && separator != b'/' {
                self.at = start;
                return None;
            }
            self.at += 1;
            let month = self.number(1, 2)?;
            if !self.eat(separator) {
                return None;
            }
            let day = self.number(1, 2)?;
            return Some((year, month, day));
        }
        let first = self.number(1, 2)?;
        if self.eat(b'-') {
            // DD-MON-YYYY
            let month = self.month()?;
            if !self.eat(b'-') {
                return None;
            }
            let year = self.number(4, 4)? as i32;
            Some((year, month, first))
        } else if self.eat(b'/') {
            // MM/DD/YYYY
            let day = self.number(1, 2)?;
            if !self.eat(b'/') {
                return None;
            }
            let year = self.number(4, 4)? as i32;
            Some((year, first, day))
        } else if self.eat(b' ') {
            // DD MON YYYY
            let month = self.month()?;
            self.spaces();
            let year = self.number(4, 4)? as i32;
            Some((year, month, first))
        } else {
            None
        }
    }

    /// The time part of an AUTO format, with an optional AM/PM.
    fn auto_time(&mut self, fields: &mut Fields) -> Option<()> {
        let hour = self.number(1, 2)?;
        if !self.eat(b':') {
            return None;
        }
        let minute = self.number(2, 2)?;
        let mut second = 0;
        let mut nanos = 0;
        if self.eat(b':') {
            second = self.number(2, 2)?;
            if self.eat(b'.') {
                nanos = self.fraction()?;
            }
        }
        let before_meridian = self.at;
        let hour = match self.meridian() {
            Some(pm) => {
                if hour == 0 || hour > 12 {
                    return None;
                }
                match (pm, hour) {
                    (false, 12) => 0,
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, h) => h,
                }
            }
            None => {
                self.at = before_meridian;
                hour
            }
        };
        fields.hour = hour;
        fields.minute = minute;
        fields.second = second;
        fields.nanos = nanos;
        Some(())
    }

    /// A zone offset: `Z`, `UTC`, `+HH`, `+HH:MM` or `+HHMM`, in seconds.
    fn zone(&mut self) -> Option<i32> {
        if self.eat(b'Z') {
            return Some(0);
        }
        let start = self.at;
        if let Some(word) = self.word() {
            if word.eq_ignore_ascii_case("UTC") || word.eq_ignore_ascii_case("GMT") {
                return Some(0);
            }
            self.at = start;
            return None;
        }
        let negative = self.sign()?;
        let hours = self.number(1, 2)? as i32;
        self.eat(b':');
        let minutes = self.number(2, 2).unwrap_or(0) as i32;
        if hours > 18 || minutes > 59 {
            return None;
        }
        let seconds = hours * 3600 + minutes * 60;
        Some(if negative { -seconds } else { seconds })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn prints_format_models() {
        let value = at("2024-03-05 14:07:09.123456789");
        let print =
            |model: &str, offset| DateTimeFormat::parse(model).unwrap().print(value, offset);
        assert_eq!(print(DATE_OUTPUT, None), "2024-03-05");
        assert_eq!(print(TIME_OUTPUT, None), "14:07:09");
        assert_eq!(print(TIMESTAMP_NTZ_OUTPUT, None), "2024-03-05 14:07:09.123");
        assert_eq!(
            print(TIMESTAMP_TZ_OUTPUT, Some(0)),
            "2024-03-05 14:07:09.123 Z"
        );
        assert_eq!(
            print(TIMESTAMP_TZ_OUTPUT, Some(-5 * 3600 - 1800)),
            "2024-03-05 14:07:09.123 -0530"
        );
        assert_eq!(print("TZH:TZM", Some(3600)), "+01:00");
        assert_eq!(print("DD-MON-YYYY", None), "05-Mar-2024");
        assert_eq!(print("MMMM DD, YY", None), "March 05, 24");
        assert_eq!(print("DY HH12:MI AM", None), "Tue 02:07 PM");
        assert_eq!(
            print("yyyy/mm/dd hh24:mi:ss.ff6", None),
            "2024/03/05 14:07:09.123456"
        );
        assert_eq!(print("YYYY\"T\"HH24", None), "2024T14");
        assert_eq!(print("FF", None), "123456789");
        assert!(DateTimeFormat::parse("--").is_none());
    }

    #[test]
    fn reads_format_models() {
        let read = |model: &str, text: &str| DateTimeFormat::parse(model).unwrap().read(text);
        assert_eq!(
            read("DD/MM/YYYY", "05/03/2024").unwrap().datetime,
            at("2024-03-05 00:00:00")
        );
        assert_eq!(
            read("YYYY-MM-DD HH12:MI:SS AM", "2024-03-05 02:07:09 pm")
                .unwrap()
                .datetime,
            at("2024-03-05 14:07:09")
        );
        assert_eq!(
            read("DD-MON-YY", "5-mar-69").unwrap().datetime,
            at("2069-03-05 00:00:00")
        );
        assert_eq!(
            read("HH24:MI:SS.FF", "14:07:09.5").unwrap().datetime,
            at("1970-01-01 14:07:09.5")
        );
        let zoned = read("YYYY-MM-DD HH24:MI TZH:TZM", "2024-03-05 10:00 +03:00").unwrap();
        assert_eq!(zoned.offset, Some(3 * 3600));
        assert_eq!(zoned.utc(), Some(at("2024-03-05 07:00:00")));
        assert_eq!(
            read("YYYY-MM-DD\"T\"HH24:MITZH:TZM", "2024-03-05T10:00Z")
                .unwrap()
                .offset,
            Some(0)
        );
        assert!(read("YYYY-MM-DD", "2024-13-01").is_none());
        assert!(read("YYYY-MM-DD", "2024-01-01 x").is_none());
        assert!(read("HH12 AM", "13 AM").is_none());
    }

    #[test]
    fn reads_auto_formats() {
        let auto = |text: &str| read_auto(text).map(|p| p.datetime);
        assert_eq!(auto("2024-03-05"), Some(at("2024-03-05 00:00:00")));
        assert_eq!(auto(" 2024-3-5 "), Some(at("2024-03-05 00:00:00")));
        assert_eq!(auto("05-Mar-2024"), Some(at("2024-03-05 00:00:00")));
        assert_eq!(auto("03/05/2024 10:11"), Some(at("2024-03-05 10:11:00")));
        assert_eq!(
            auto("2024-03-05T10:11:12.5"),
            Some(at("2024-03-05 10:11:12.5"))
        );
        assert_eq!(
            auto("2024-03-05 10:11:12.123456789"),
            Some(at("2024-03-05 10:11:12.123456789"))
        );
        assert_eq!(
            auto("2024-03-05 01:00:00 PM"),
            Some(at("2024-03-05 13:00:00"))
        );
        assert_eq!(
            auto("Tue, 05 Mar 2024 10:11:12 +0000"),
            Some(at("2024-03-05 10:11:12"))
        );
        let zoned = read_auto("2024-03-05T10:00:00-02:30").unwrap();
        assert_eq!(zoned.offset, Some(-9000));
        assert_eq!(zoned.utc(), Some(at("2024-03-05 12:30:00")));
        assert_eq!(read_auto("2024-03-05 10:00:00Z").unwrap().offset, Some(0));
        for bad in [
            "",
            "abc",
            "2024-02-30",
            "2024-03-05 25:00:00",
            "2024-03-05 10:00 +25",
            "20240305",
        ] {
            assert!(read_auto(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn reads_auto_times() {
        let time = |h, m, s| NaiveTime::from_hms_opt(h, m, s);
        assert_eq!(read_auto_time("10:11:12"), time(10, 11, 12));
        assert_eq!(read_auto_time("10:11"), time(10, 11, 0));
        assert_eq!(read_auto_time("10:11:12 pm"), time(22, 11, 12));
        assert_eq!(read_auto_time("2024-03-05 10:11:12"), time(10, 11, 12));
        assert_eq!(read_auto_time("24:00:00"), None);
        assert_eq!(read_auto_time("noon"), None);
    }
}
