//! The working-day calendar every deadline in Regie comes from.
//!
//! A working day is neither a Saturday or Sunday nor a holiday of the Algemene Termijnenwet (article 3):
//! Nieuwjaarsdag, Goede Vrijdag (which article 3 equates with them), Tweede Paasdag, Koningsdag (27 April,
//! or 26 April when the 27th is a Sunday), Bevrijdingsdag (5 mei), Hemelvaartsdag, Tweede Pinksterdag and
//! Eerste en Tweede Kerstdag. Easter is computed, not tabled. Days that a royal decree occasionally adds
//! (such as a Friday after Hemelvaartsdag) are configured per [`Calendar`]. Dates are Dutch civil dates,
//! so a deadline is read in Europe/Amsterdam time ([`crate::time::today`]).

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use std::collections::BTreeSet;

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm of Meeus, Jones and Butcher).
pub fn easter(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

/// The holidays of the Algemene Termijnenwet (plus Goede Vrijdag) in `year`, with their Dutch names.
pub fn statutory_holidays(year: i16) -> [(Date, &'static str); 9] {
    let easter = easter(year);
    let kings_day = match date(year, 4, 27) {
        d if d.weekday() == Weekday::Sunday => date(year, 4, 26),
        d => d,
    };
    [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - 2.days(), "Goede Vrijdag"),
        (easter + 1.day(), "Tweede Paasdag"),
        (kings_day, "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter + 39.days(), "Hemelvaartsdag"),
        (easter + 50.days(), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]
}

/// A working-day calendar: the statutory holidays plus any days a royal decree adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    extra: BTreeSet<Date>,
}

impl Calendar {
    /// The statutory calendar with extra non-working days (e.g. a decreed bridge day).
    pub fn with_extra_days(extra: impl IntoIterator<Item = Date>) -> Self {
        Self {
            extra: extra.into_iter().collect(),
        }
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.extra.contains(&day)
            && !statutory_holidays(day.year()).iter().any(|(h, _)| *h == day)
    }

    /// The `n`th working day after `from` (`from` itself does not count): a deadline of "5 working days" set
    /// on a Friday falls on the next Friday, or later when a holiday intervenes. `n = 0` is `from` itself.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day
                .tomorrow()
                .expect("Regie's dates are far from the end of the calendar");
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// How many working days lie after `from` up to and including `to`; negative when `to` is before
    /// `from`. The inverse of [`Calendar::add_working_days`]: `working_days_between(d, add_working_days(d, n))
    /// == n`.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day
                .tomorrow()
                .expect("Regie's dates are far from the end of the calendar");
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// How a deadline reads on `today` (a Dutch date, [`crate::time::date_in_nl`]): "vandaag" on the day
    /// itself, "over 3 werkdagen" before it, "verstreken" only from the day after, with the working days
    /// it is late.
    pub fn deadline_nl(&self, deadline: Date, today: Date) -> String {
        let days = self.working_days_between(today, deadline);
        let plural = |n: i64| if n == 1 { "werkdag" } else { "werkdagen" };
        match deadline.cmp(&today) {
            std::cmp::Ordering::Equal => "vandaag".to_owned(),
            // A deadline on a non-working day right ahead (no working day between): in calendar days.
            std::cmp::Ordering::Greater if days == 0 => {
                let n = (deadline - today).get_days();
                format!("over {n} {}", if n == 1 { "dag" } else { "dagen" })
            }
            std::cmp::Ordering::Greater => format!("over {days} {}", plural(days)),
            std::cmp::Ordering::Less if days == 0 => "verstreken".to_owned(),
            std::cmp::Ordering::Less => format!("{} {} verstreken", -days, plural(-days)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_deadline_reads_today_on_its_day_and_late_only_after() {
        let cal = Calendar::default();
        let friday = date(2026, 12, 4);
        assert_eq!(cal.deadline_nl(friday, friday), "vandaag");
        assert_eq!(cal.deadline_nl(friday, date(2026, 12, 3)), "over 1 werkdag");
        assert_eq!(cal.deadline_nl(friday, date(2026, 12, 1)), "over 3 werkdagen");
        assert_eq!(
            cal.deadline_nl(friday, date(2026, 12, 5)),
            "verstreken",
            "the Saturday after"
        );
        assert_eq!(cal.deadline_nl(friday, date(2026, 12, 7)), "1 werkdag verstreken");
        assert_eq!(cal.deadline_nl(friday, date(2026, 12, 9)), "3 werkdagen verstreken");
        assert_eq!(
            cal.deadline_nl(date(2026, 12, 6), friday),
            "over 2 dagen",
            "a Sunday deadline"
        );
    }

    #[test]
    fn around_midnight_the_deadline_follows_the_dutch_day() {
        let cal = Calendar::default();
        let deadline = date(2026, 12, 3);
        // 23:30 in Amsterdam is 22:30 UTC in winter: still the deadline's day.
        let late: jiff::Timestamp = "2026-12-03T22:30:00Z".parse().unwrap();
        assert_eq!(cal.deadline_nl(deadline, crate::time::date_in_nl(late)), "vandaag");
        // 00:30 in Amsterdam, while UTC still says 23:30 of the deadline's day: it has passed.
        let after: jiff::Timestamp = "2026-12-03T23:30:00Z".parse().unwrap();
        assert_eq!(
            cal.deadline_nl(deadline, crate::time::date_in_nl(after)),
            "1 werkdag verstreken"
        );
        // In summer Amsterdam is two hours ahead.
        let summer: jiff::Timestamp = "2026-07-01T22:30:00Z".parse().unwrap();
        assert_eq!(crate::time::date_in_nl(summer), date(2026, 7, 2));
    }

    #[test]
    fn easter_matches_the_published_dates() {
        let known = [
            (2024, date(2024, 3, 31)),
            (2025, date(2025, 4, 20)),
            (2026, date(2026, 4, 5)),
            (2027, date(2027, 3, 28)),
            (2028, date(2028, 4, 16)),
            (2029, date(2029, 4, 1)),
            (2030, date(2030, 4, 21)),
            (2038, date(2038, 4, 25)),
            (2285, date(2285, 3, 22)),
        ];
        for (year, expected) in known {
            assert_eq!(easter(year), expected, "{year}");
        }
    }

    #[test]
    fn the_holidays_of_2025_and_2026_are_the_published_ones() {
        let cal = Calendar::default();
        let holidays = [
            date(2025, 1, 1),
            date(2025, 4, 18), // Goede Vrijdag
            date(2025, 4, 21), // Tweede Paasdag
            date(2025, 5, 5),  // Bevrijdingsdag, a Monday
            date(2025, 5, 29), // Hemelvaartsdag
            date(2025, 6, 9),  // Tweede Pinksterdag
            date(2025, 12, 25),
            date(2025, 12, 26),
            date(2026, 4, 3),  // Goede Vrijdag
            date(2026, 4, 6),  // Tweede Paasdag
            date(2026, 4, 27), // Koningsdag, a Monday
            date(2026, 5, 5),  // Bevrijdingsdag, a Tuesday
            date(2026, 5, 14), // Hemelvaartsdag
            date(2026, 5, 25), // Tweede Pinksterdag
        ];
        for day in holidays {
            assert!(!cal.is_working_day(day), "{day} is a holiday");
        }
        for day in [
            date(2025, 4, 22),
            date(2025, 5, 6),
            date(2026, 4, 28),
            date(2026, 5, 15),
        ] {
            assert!(cal.is_working_day(day), "{day} is a working day");
        }
    }

    #[test]
    fn kings_day_moves_to_the_26th_when_the_27th_is_a_sunday() {
        // 27 April 2025 and 2031 are Sundays; in 2025 the 26th is a Saturday anyway.
        assert_eq!(statutory_holidays(2025)[3].0, date(2025, 4, 26));
        assert_eq!(statutory_holidays(2031)[3].0, date(2031, 4, 26));
        assert!(!Calendar::default().is_working_day(date(2031, 4, 26)));
        assert!(Calendar::default().is_working_day(date(2031, 4, 28)));
        assert_eq!(statutory_holidays(2028)[3].0, date(2028, 4, 27));
    }

    #[test]
    fn deadlines_skip_weekends_and_holidays() {
        let cal = Calendar::default();
        // Friday + 5 working days = next Friday.
        assert_eq!(cal.add_working_days(date(2026, 11, 20), 5), date(2026, 11, 27));
        // Over Christmas 2026 (Fri 25, Sat 26) and New Year 2027 (Fri 1 Jan).
        assert_eq!(cal.add_working_days(date(2026, 12, 23), 3), date(2026, 12, 29));
        assert_eq!(cal.add_working_days(date(2026, 12, 31), 1), date(2027, 1, 4));
        // Over Easter 2024: Thursday 28 March + 1 skips Goede Vrijdag and Tweede Paasdag.
        assert_eq!(cal.add_working_days(date(2024, 3, 28), 1), date(2024, 4, 2));
        // Over Hemelvaart 2030 (Thursday 30 May).
        assert_eq!(cal.add_working_days(date(2030, 5, 29), 1), date(2030, 5, 31));
        // Over Tweede Pinksterdag 2029 (Monday 21 May); in 2027 5 May (Wednesday) and Hemelvaartsdag
        // (Thursday 6 May) fall back to back.
        assert_eq!(cal.add_working_days(date(2029, 5, 18), 1), date(2029, 5, 22));
        assert_eq!(cal.add_working_days(date(2027, 5, 4), 1), date(2027, 5, 7));
        // Koningsdag 2028 is a Thursday.
        assert_eq!(cal.add_working_days(date(2028, 4, 26), 1), date(2028, 4, 28));
        assert_eq!(cal.add_working_days(date(2028, 4, 26), 0), date(2028, 4, 26));
    }

    #[test]
    fn a_decreed_extra_day_is_not_a_working_day() {
        let bridge = date(2026, 5, 15); // the Friday after Hemelvaartsdag
        let cal = Calendar::with_extra_days([bridge]);
        assert!(!cal.is_working_day(bridge));
        assert_eq!(cal.add_working_days(date(2026, 5, 13), 1), date(2026, 5, 18));
        assert_eq!(Calendar::default().add_working_days(date(2026, 5, 13), 1), bridge);
    }

    #[test]
    fn working_days_in_a_year() {
        let cal = Calendar::default();
        // 2025: 261 weekdays minus 8 holidays on weekdays (Koningsdag falls on a Saturday).
        assert_eq!(cal.working_days_between(date(2024, 12, 31), date(2025, 12, 31)), 253);
        // 2026: 261 weekdays minus 8 holidays on weekdays (Tweede Kerstdag is a Saturday).
        assert_eq!(cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)), 253);
        assert_eq!(cal.working_days_between(date(2026, 12, 31), date(2025, 12, 31)), -253);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (2024i16..=2030, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
    }

    proptest! {
        #[test]
        fn counting_inverts_adding(from in any_date(), n in 0u32..400) {
            let cal = Calendar::default();
            let to = cal.add_working_days(from, n);
            prop_assert_eq!(cal.working_days_between(from, to), i64::from(n));
            if n > 0 {
                prop_assert!(cal.is_working_day(to));
            }
        }

        #[test]
        fn a_working_day_is_a_weekday(day in any_date()) {
            if Calendar::default().is_working_day(day) {
                prop_assert!(!matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday));
            }
        }
    }
}
