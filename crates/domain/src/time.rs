//! Time as Regie records it: UTC instants at microsecond precision (what PostgreSQL keeps), so that a value
//! reads back from either backend exactly as it was written.

use jiff::{RoundMode, Timestamp, TimestampRound, Unit};

/// The current instant, truncated to whole microseconds.
pub fn now() -> Timestamp {
    Timestamp::now()
        .round(TimestampRound::new().smallest(Unit::Microsecond).mode(RoundMode::Trunc))
        .expect("rounding to microseconds stays in range")
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_has_no_nanoseconds_below_a_microsecond() {
        assert_eq!(super::now().subsec_nanosecond() % 1000, 0);
    }
}
