//! Forecasts on the dashboard (B3): what the route's own history expects for the next months, with a band
//! that says how far off such an expectation has been before. Two simple methods whose assumptions fit on
//! one line each:
//!
//! - **Inflow into Veilig Thuis** ([`inflow`]): *next year's month is last year's same month, times the
//!   growth of the last twelve months over the twelve before* (seasonal naive with a yearly trend). The
//!   method is run, month by month, over the history it has ([`backtest`]): the expectation is corrected
//!   by its median error there, and the band is the 10th to the 90th percentile of those errors, so it is
//!   as wide as the method has proven wrong.
//! - **Waiting time per help kind** ([`waiting_days`]): *who waits now is helped first come, first served,
//!   at the pace help started in the last three months* (Little's law, W = L / λ). Its band takes the
//!   slowest and the fastest of those three months' pace.

use jiff::ToSpan;
use jiff::civil::Date;

/// Months of history the inflow's method needs: two years, for the trend of the last twelve over the
/// twelve before.
pub const HISTORY_MONTHS: usize = 24;

/// How many months ahead the dashboard expects.
pub const AHEAD: usize = 3;

/// An expectation for one month (or one help kind): the expected value and its band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expected {
    /// The month expected, for the inflow (its first day).
    pub month: Option<Date>,
    /// The expectation.
    pub value: f64,
    /// The band's lower end.
    pub low: f64,
    /// The band's upper end.
    pub high: f64,
}

/// How the inflow's method did on the history it is given: every month it could have been run for, each
/// horizon of one to [`AHEAD`] months.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// Forecasts compared with what happened.
    pub forecasts: usize,
    /// The mean absolute percentage error.
    pub mape: f64,
    /// The relative errors' 10th and 90th percentile: (actual − expected) / expected.
    pub band: (f64, f64),
    /// Their median: how much the method is off as a rule, which the expectation corrects.
    pub bias: f64,
    /// The share of the months that fell inside the band it gives.
    pub coverage: f64,
}

/// The method: month `t` (an index into `series`) from the months before `t - horizon + 1` only.
fn seasonal(series: &[f64], t: usize, horizon: usize) -> Option<f64> {
    let known = t + 1 - horizon;
    if known < HISTORY_MONTHS || t < 12 {
        return None;
    }
    let last: f64 = series[known - 12..known].iter().sum();
    let before: f64 = series[known - 24..known - 12].iter().sum();
    (before > 0.0).then(|| series[t - 12] * last / before)
}

/// Runs the method over the history: from each month with two years before it, one to [`AHEAD`] months
/// ahead. `None` when there is no such month.
pub fn backtest(series: &[i64]) -> Option<Backtest> {
    let y: Vec<f64> = series.iter().map(|n| *n as f64).collect();
    let mut errors = Vec::new();
    let mut absolute = Vec::new();
    for t in HISTORY_MONTHS..y.len() {
        for horizon in 1..=AHEAD {
            if let Some(expected) = seasonal(&y, t, horizon).filter(|e| *e > 0.0) {
                errors.push((y[t] - expected) / expected);
                if y[t] > 0.0 {
                    absolute.push((y[t] - expected).abs() / y[t]);
                }
            }
        }
    }
    if errors.is_empty() {
        return None;
    }
    let mut sorted = errors.clone();
    sorted.sort_by(f64::total_cmp);
    // The band's ends taken outwards (the lower rank down, the upper up), so it holds at least 80%.
    let last = sorted.len() - 1;
    let band = (sorted[last / 10], sorted[(last * 9).div_ceil(10)]);
    let bias = sorted[last / 2];
    let inside = errors.iter().filter(|e| **e >= band.0 && **e <= band.1).count();
    Some(Backtest {
        forecasts: errors.len(),
        mape: absolute.iter().sum::<f64>() / absolute.len().max(1) as f64,
        band,
        bias,
        coverage: inside as f64 / errors.len() as f64,
    })
}

/// The inflow of the [`AHEAD`] months after `last` (the last month of `series`, one count per month in
/// order), with the band from [`backtest`]. `None` with less than [`HISTORY_MONTHS`] and one months of
/// history, or when the year before had none.
pub fn inflow(series: &[i64], last: Date) -> Option<Vec<Expected>> {
    let test = backtest(series)?;
    let mut y: Vec<f64> = series.iter().map(|n| *n as f64).collect();
    let known = y.len();
    y.resize(known + AHEAD, 0.0);
    (1..=AHEAD)
        .map(|h| {
            let t = known - 1 + h;
            let method = seasonal(&y, t, h)?;
            Some(Expected {
                month: last.checked_add(i64::try_from(h).ok()?.months()).ok(),
                value: (method * (1.0 + test.bias)).max(0.0),
                low: (method * (1.0 + test.band.0)).max(0.0),
                high: (method * (1.0 + test.band.1)).max(0.0),
            })
        })
        .collect()
}

/// The expected wait, in days, of help asked for now: `waiting` waiting, and per month of the last three
/// the number of starts (`started`, oldest first) over its days (`days`). `None` when nothing started.
pub fn waiting_days(waiting: i64, started: &[(i64, i64)]) -> Option<Expected> {
    let paces: Vec<f64> = (started.iter())
        .filter(|(_, days)| *days > 0)
        .map(|(n, days)| *n as f64 / *days as f64)
        .collect();
    let (n, days) = started.iter().fold((0, 0), |(n, d), (sn, sd)| (n + sn, d + sd));
    if n == 0 || days == 0 {
        return None;
    }
    let pace = n as f64 / days as f64;
    let fastest = paces.iter().copied().fold(pace, f64::max);
    let slowest = paces.iter().copied().filter(|p| *p > 0.0).fold(pace, f64::min);
    let l = waiting as f64 + 1.0;
    Some(Expected {
        month: None,
        value: l / pace,
        low: l / fastest,
        high: l / slowest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    /// A seasonal series growing 10% a year: 100 in January rising to 210 in December, times the year's
    /// growth.
    fn seasonal_growth(years: usize) -> Vec<i64> {
        (0..years * 12)
            .map(|i| {
                let season = 100.0 + 10.0 * (i % 12) as f64;
                (season * 1.1f64.powi((i / 12) as i32)).round() as i64
            })
            .collect()
    }

    #[test]
    fn a_steady_seasonal_series_is_expected_almost_exactly() {
        let series = seasonal_growth(4);
        let test = backtest(&series).unwrap();
        assert!(test.mape < 0.01, "{test:?}");
        let next = inflow(&series, date(2026, 12, 1)).unwrap();
        assert_eq!(next.len(), AHEAD);
        assert_eq!(next[0].month, Some(date(2027, 1, 1)));
        // January after four years: 100 × 1.1⁴ ≈ 146.
        assert!((next[0].value - 146.41).abs() < 1.5, "{next:?}");
        assert!(next.iter().all(|e| e.low <= e.value && e.value <= e.high));
    }

    #[test]
    fn without_two_years_and_a_month_there_is_no_expectation() {
        assert_eq!(inflow(&seasonal_growth(2), date(2026, 12, 1)), None);
        assert!(inflow(&[seasonal_growth(2), vec![100]].concat(), date(2027, 1, 1)).is_some());
    }

    #[test]
    fn the_wait_is_who_waits_over_the_pace_of_starting() {
        // 29 waiting (the one asking now is the 30th); 90 started in 90 days: one a day, a month apart.
        let e = waiting_days(29, &[(20, 30), (30, 30), (40, 30)]).unwrap();
        assert!((e.value - 30.0).abs() < 1e-9);
        assert!((e.low - 30.0 / (40.0 / 30.0)).abs() < 1e-9);
        assert!((e.high - 30.0 / (20.0 / 30.0)).abs() < 1e-9);
        assert_eq!(waiting_days(5, &[(0, 30), (0, 31)]), None);
    }

    proptest! {
        #[test]
        fn the_band_holds_about_four_in_five_of_the_history(
            series in proptest::collection::vec(50i64..500, 30..80)
        ) {
            let test = backtest(&series).unwrap();
            prop_assert!(test.band.0 <= test.band.1);
            prop_assert!(test.coverage >= 0.79, "{test:?}");
            let next = inflow(&series, date(2026, 12, 1)).unwrap();
            for e in next {
                prop_assert!(e.low <= e.value && e.value <= e.high && e.low >= 0.0);
            }
        }
    }
}
