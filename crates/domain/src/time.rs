//! Time as Regie records it: UTC instants at microsecond precision (what PostgreSQL keeps), so that a value
//! reads back from either backend exactly as it was written.

use jiff::{RoundMode, Timestamp, TimestampRound, Unit};

/// The current instant, truncated to whole microseconds.
pub fn now() -> Timestamp {
    Timestamp::now()
        .round(TimestampRound::new().smallest(Unit::Microsecond).mode(RoundMode::Trunc))
        .expect("rounding to microseconds stays in range")
}

/// Regie's time zone: dates a user sees and deadlines are in Dutch local time.
pub fn zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get("Europe/Amsterdam").expect("the bundled time zone database has Europe/Amsterdam")
}

/// Today's date in the Netherlands.
pub fn today() -> jiff::civil::Date {
    date_in_nl(now())
}

/// The Dutch date at an instant: 23:30 UTC on 3 December is already 4 December in Amsterdam.
pub fn date_in_nl(at: Timestamp) -> jiff::civil::Date {
    at.to_zoned(zone()).date()
}

/// Parses an ISO date (`2015-03-31`) from the request field `field`.
pub fn parse_date(field: &'static str, raw: &str) -> Result<jiff::civil::Date, crate::DomainError> {
    raw.trim().parse().map_err(|_| {
        crate::DomainError::invalid(
            field,
            "date_format",
            "write a date as YYYY-MM-DD, e.g. 2015-03-31",
            "schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2015-03-31",
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_has_no_nanoseconds_below_a_microsecond() {
        assert_eq!(super::now().subsec_nanosecond() % 1000, 0);
    }

    #[test]
    fn dates_are_iso_and_impossible_dates_are_refused() {
        assert_eq!(
            super::parse_date("d", " 2024-02-29 ").unwrap(),
            jiff::civil::date(2024, 2, 29)
        );
        for bad in ["2023-02-29", "29-02-2024", "", "2024-2-29x"] {
            assert_eq!(super::parse_date("d", bad).unwrap_err().code, "date_format", "{bad}");
        }
    }
}
