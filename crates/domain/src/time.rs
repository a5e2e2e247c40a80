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

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date in Dutch words: "3 maart 2026".
pub fn date_nl(d: jiff::civil::Date) -> String {
    format!("{} {} {}", d.day(), month_nl(d), d.year())
}

/// The Dutch name of a date's month: "maart".
pub fn month_nl(d: jiff::civil::Date) -> &'static str {
    MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)]
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

/// Refuses a search (field `field`) with a word shaped like a date that no calendar has ("31-02-2015"): a
/// search for it would find nothing and say nothing about why.
pub fn check_search_dates(field: &'static str, query: &str) -> Result<(), crate::DomainError> {
    for word in query.split_whitespace() {
        let parts: Vec<&str> = word.split(['-', '/']).collect();
        let shaped = parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            // Day-month-year with - or /, year-month-day with - only (as the search reads them).
            && (parts[2].len() == 4 || (parts[0].len() == 4 && !word.contains('/')));
        let valid = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
            .iter()
            .any(|f| jiff::civil::Date::strptime(f, word).is_ok());
        if shaped && !valid {
            return Err(crate::DomainError::invalid(
                field,
                "date_impossible",
                format!("{word} is not a date that exists; check the day and the month"),
                format!("{word} is geen bestaande datum: controleer de dag en de maand"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_search_for_a_date_that_does_not_exist_is_refused() {
        for ok in [
            "de Vries 12-03-2015",
            "2015-03-12",
            "12/3/2015",
            "Sem",
            "1234 AB",
            "06-12345678",
        ] {
            assert!(super::check_search_dates("q", ok).is_ok(), "{ok}");
        }
        for bad in ["31-02-2015", "Sem 2015-13-01", "29/02/2023"] {
            assert_eq!(
                super::check_search_dates("q", bad).unwrap_err().code,
                "date_impossible",
                "{bad}"
            );
        }
    }

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
