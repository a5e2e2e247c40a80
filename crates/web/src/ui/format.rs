//! Dates and times as a Dutch reader expects them: "23 november 2026", "23 november 2026, 14:05".

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A number with its noun: "1 dag", "3 dagen".
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A whole number with its thousands grouped as Dutch writes them: "4.089", "1.000.000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

pub use regie_domain::time::date_nl as date;

/// A moment in Dutch time: "3 maart 2026, 09:30".
pub fn moment(t: Timestamp) -> String {
    let zoned = t.to_zoned(TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC));
    format!("{}, {:02}:{:02}", date(zoned.date()), zoned.hour(), zoned.minute())
}

pub use regie_domain::text::capitalise;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_dots() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1.000"),
            (4089, "4.089"),
            (1_000_000, "1.000.000"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn counts_take_the_singular_for_one() {
        assert_eq!(count(1, "dag", "dagen"), "1 dag");
        assert_eq!(count(0, "dag", "dagen"), "0 dagen");
        assert_eq!(count(15, "minuut", "minuten"), "15 minuten");
    }

    #[test]
    fn dates_read_as_dutch() {
        assert_eq!(date(jiff::civil::date(2026, 3, 3)), "3 maart 2026");
        assert_eq!(date(jiff::civil::date(2026, 12, 31)), "31 december 2026");
        let t: Timestamp = "2026-07-01T08:05:00Z".parse().unwrap();
        assert_eq!(moment(t), "1 juli 2026, 10:05");
    }
}
