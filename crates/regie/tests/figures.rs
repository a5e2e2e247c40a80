//! The figures for steering over ten years of generated history, on both backends: a period's flows as the
//! store sums them — whole years from the yearly roll-up, the edge months from the monthly counters — equal
//! the monthly counters summed one by one, for periods within a year, across a year's end and over several
//! whole years, for the region and for a municipality.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use regie_access::Access;
use regie_domain::stats::{Delta, Metric};
use regie_store::testing::TestStore;
use std::collections::BTreeMap;

#[tokio::test]
async fn yearly_and_monthly_counters_sum_alike_on_sqlite() {
    yearly_and_monthly_counters_sum_alike(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn yearly_and_monthly_counters_sum_alike_on_postgres() {
    yearly_and_monthly_counters_sum_alike(regie_store::testing::postgres().await).await;
}

/// The flows (other than the inflow, which is per month) summed by metric and key.
fn summed(flows: &[Delta]) -> BTreeMap<(Metric, String), i64> {
    let mut out = BTreeMap::new();
    for d in flows.iter().filter(|d| d.metric != Metric::Inflow) {
        *out.entry((d.metric, d.key.clone())).or_default() += d.n;
    }
    out.retain(|_, n| *n != 0);
    out
}

async fn yearly_and_monthly_counters_sum_alike(t: TestStore) {
    let access = Access::new(t.store.clone());
    regie::generate::generate(&access, 400, 200, 7, |_| {}).await.unwrap();
    let region = t.store.regions().await.unwrap()[0].id;
    let municipality = t.store.municipality_areas(region).await.unwrap()[0].1;
    let this_month = regie_domain::stats::month_of(regie_domain::time::now());
    let back = |months: i64| this_month.checked_sub(months.months()).unwrap();
    let periods: [(Date, Date); 5] = [
        (back(3), this_month),
        (back(14), back(2)),
        (date(this_month.year() - 5, 1, 1), date(this_month.year() - 2, 1, 1)),
        (date(this_month.year() - 5, 3, 1), date(this_month.year() - 1, 11, 1)),
        (back(72), back(36)),
    ];
    let mut seen = 0;
    for place in [None, Some(municipality)] {
        for (from, until) in periods {
            let flows = t.store.flows(region, place, from, until).await.unwrap();
            let mut one_by_one = Vec::new();
            for metric in Metric::ALL.into_iter().filter(|m| !m.is_stock()) {
                one_by_one.extend(t.store.monthly(region, place, metric, from, until).await.unwrap());
            }
            assert_eq!(summed(&flows), summed(&one_by_one), "{place:?} {from}–{until}");
            let inflow = |f: &[Delta]| -> Vec<Delta> {
                let mut v: Vec<Delta> = f.iter().filter(|d| d.metric == Metric::Inflow).cloned().collect();
                v.sort();
                v
            };
            assert_eq!(inflow(&flows), inflow(&one_by_one));
            seen += summed(&flows).len();
        }
    }
    assert!(seen > 100, "the periods hold figures: {seen}");
}
