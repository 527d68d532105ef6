//! The engine's date and time values (DATE as days, TIME as nanoseconds of the day, TIMESTAMP as
//! nanoseconds since the epoch) as calendar values, and Snowflake's reading of epoch numbers.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// Nanoseconds in a second.
pub(crate) const NANOS_PER_SECOND: i64 = 1_000_000_000;
/// Nanoseconds in a day.
pub(crate) const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SECOND;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// The calendar date of a DATE value.
pub(crate) fn date_from_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(EPOCH_DAYS_FROM_CE)?)
}

/// The DATE value of a calendar date.
pub(crate) fn days_from_date(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// The wall clock of a TIME value.
pub(crate) fn time_from_nanos(nanos: i64) -> Option<NaiveTime> {
    if !(0..NANOS_PER_DAY).contains(&nanos) {
        return None;
    }
    let seconds = u32::try_from(nanos / NANOS_PER_SECOND).ok()?;
    let fraction = u32::try_from(nanos % NANOS_PER_SECOND).ok()?;
    NaiveTime::from_num_seconds_from_midnight_opt(seconds, fraction)
}

/// The TIME value of a wall clock.
pub(crate) fn nanos_from_time(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight()) * NANOS_PER_SECOND
        + i64::from(time.nanosecond().min(999_999_999))
}

/// The calendar date and wall clock of a TIMESTAMP value.
pub(crate) fn datetime_from_nanos(nanos: i64) -> Option<NaiveDateTime> {
    let days = i32::try_from(nanos.div_euclid(NANOS_PER_DAY)).ok()?;
    let date = date_from_days(days)?;
    let time = time_from_nanos(nanos.rem_euclid(NANOS_PER_DAY))?;
    Some(date.and_time(time))
}

/// The TIMESTAMP value of a calendar date and wall clock, if it fits the engine's range
/// (years 1677 to 2262).
pub(crate) fn nanos_from_datetime(datetime: NaiveDateTime) -> Option<i64> {
    let days = i64::from(days_from_date(datetime.date()));
    days.checked_mul(NANOS_PER_DAY)?
        .checked_add(nanos_from_time(datetime.time()))
}

/// Snowflake's reading of an integer written as text: seconds below 31536000000, then
/// milliseconds, microseconds and nanoseconds by magnitude; negative values are seconds.
pub(crate) fn epoch_text_nanos(value: i64) -> Option<i64> {
    const YEAR_MS: i64 = 31_536_000_000;
    if value < YEAR_MS {
        value.checked_mul(NANOS_PER_SECOND)
    } else if value < YEAR_MS * 1_000 {
        value.checked_mul(1_000_000)
    } else if value < YEAR_MS * 1_000_000 {
        value.checked_mul(1_000)
    } else {
        Some(value)
    }
}

/// An epoch number `unscaled / 10^value_scale` in units of `10^-scale` seconds, as nanoseconds
/// (digits below a nanosecond are dropped).
pub(crate) fn epoch_number_nanos(unscaled: i128, value_scale: i8, scale: u8) -> Option<i64> {
    let shift = 9 - i32::from(value_scale) - i32::from(scale);
    let nanos = if shift >= 0 {
        unscaled.checked_mul(10i128.checked_pow(shift.unsigned_abs())?)?
    } else {
        unscaled / 10i128.checked_pow(shift.unsigned_abs())?
    };
    i64::try_from(nanos).ok()
}

/// A floating-point epoch in units of `10^-scale` seconds, as nanoseconds.
pub(crate) fn epoch_float_nanos(value: f64, scale: u8) -> Option<i64> {
    let nanos = (value * 10f64.powi(9 - i32::from(scale))).round();
    (nanos.is_finite() && nanos.abs() < 9.2e18).then_some(nanos as i64)
}

/// The last day of `month` (1 to 12) of `year`.
pub(crate) fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// `date` moved by `months` calendar months, the day clamped to the end of the target month.
pub(crate) fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    let last = last_of_month(year, month)?;
    NaiveDate::from_ymd_opt(year, month, date.day().min(last.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_round_trip() {
        let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(days_from_date(date), 19_782);
        assert_eq!(date_from_days(19_782), Some(date));
        assert_eq!(date_from_days(0), NaiveDate::from_ymd_opt(1970, 1, 1));
        let datetime = date.and_hms_nano_opt(23, 59, 58, 123_456_789).unwrap();
        let nanos = nanos_from_datetime(datetime).unwrap();
        assert_eq!(datetime_from_nanos(nanos), Some(datetime));
        let before_epoch = NaiveDate::from_ymd_opt(1969, 12, 31)
            .unwrap()
            .and_hms_opt(23, 0, 0)
            .unwrap();
        assert_eq!(
            nanos_from_datetime(before_epoch),
            Some(-3_600 * NANOS_PER_SECOND)
        );
        assert_eq!(
            datetime_from_nanos(-3_600 * NANOS_PER_SECOND),
            Some(before_epoch)
        );
        assert_eq!(time_from_nanos(NANOS_PER_DAY), None);
    }

    #[test]
    fn epochs_scale_like_snowflake() {
        assert_eq!(
            epoch_text_nanos(1_700_000_000),
            Some(1_700_000_000 * NANOS_PER_SECOND)
        );
        // Seconds past the year 2262 do not fit the engine's nanosecond timestamps.
        assert_eq!(epoch_text_nanos(31_535_999_999), None);
        assert_eq!(
            epoch_text_nanos(31_536_000_000),
            Some(31_536_000_000 * 1_000_000)
        );
        assert_eq!(
            epoch_text_nanos(31_536_000_000_000),
            Some(31_536_000_000_000 * 1_000)
        );
        assert_eq!(
            epoch_text_nanos(31_536_000_000_000_000),
            Some(31_536_000_000_000_000)
        );
        assert_eq!(epoch_text_nanos(-5), Some(-5 * NANOS_PER_SECOND));
        assert_eq!(epoch_number_nanos(15, 1, 0), Some(1_500_000_000));
        assert_eq!(epoch_number_nanos(1_500, 0, 3), Some(1_500_000_000));
        assert_eq!(epoch_float_nanos(1.25, 0), Some(1_250_000_000));
    }

    #[test]
    fn months_clamp_to_month_end() {
        let jan31 = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert_eq!(add_months(jan31, 1), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(add_months(jan31, -2), NaiveDate::from_ymd_opt(2023, 11, 30));
        assert_eq!(add_months(jan31, 12), NaiveDate::from_ymd_opt(2025, 1, 31));
        assert_eq!(
            last_of_month(2023, 12),
            NaiveDate::from_ymd_opt(2023, 12, 31)
        );
    }
}
