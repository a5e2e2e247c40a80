//! Dates and times as a Dutch reader expects them: "23 november 2026", "23 november 2026, 14:05".

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A number with its noun: "1 dag", "3 dagen".
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The page a long list's `?pagina=` asks for: the first when absent; none when it is not a whole number
/// from 1.
pub fn page_number(raw: Option<&str>) -> Option<u32> {
    match raw.map(str::parse::<u32>) {
        None => Some(1),
        Some(Ok(n)) if n >= 1 => Some(n),
        Some(_) => None,
    }
}

/// Page `number` of a long list, `size` lines a page, as its text says it: which lines it shows of `total`
/// ("51–100 van 1.234", with `count` on the page) and the numbers of the pages before and after it, if any.
pub fn paged(number: u32, size: u32, count: usize, total: u64) -> (String, Option<u32>, Option<u32>) {
    let offset = u64::from((number - 1).saturating_mul(size));
    let last = offset + count as u64;
    let shown = format!("{}–{} van {}", thousands(offset + 1), thousands(last), thousands(total));
    (
        shown,
        (number > 1).then(|| number - 1),
        (last < total).then(|| number + 1),
    )
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
    fn a_page_says_which_lines_it_shows_and_where_the_others_are() {
        assert_eq!(page_number(None), Some(1));
        assert_eq!(page_number(Some("3")), Some(3));
        assert_eq!(page_number(Some("0")), None);
        assert_eq!(page_number(Some("twee")), None);
        assert_eq!(paged(1, 50, 50, 1234), ("1–50 van 1.234".to_owned(), None, Some(2)));
        assert_eq!(paged(2, 50, 50, 100), ("51–100 van 100".to_owned(), Some(1), None));
        assert_eq!(paged(3, 50, 0, 100), ("101–100 van 100".to_owned(), Some(2), None));
    }

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
