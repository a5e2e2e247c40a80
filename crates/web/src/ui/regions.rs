//! The pilot regions side by side (F26; `regie_access::RegionComparison`): the same aggregates for every
//! region over one period, for the municipality and the researcher, drawn as the dashboard's tables are.

use super::figures::{WIDTH, chart};
use super::research::{PeriodQuery, on_form};
use super::{FormState, Layout, PageResult, Pro, page_with};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_access::RegionComparison;
use regie_domain::stats::month_code;

pub fn router() -> Router<AppState> {
    Router::new().route("/regios", get(comparison))
}

#[derive(Template)]
#[template(path = "regions.html")]
struct ComparisonPage {
    layout: Layout,
    form: FormState,
    comparison: Option<(RegionComparison, Option<super::figures::Chart>)>,
    width: u32,
}

async fn comparison(State(state): State<AppState>, pro: Pro, Query(q): Query<PeriodQuery>) -> PageResult {
    let mut form = q.form();
    let scope = state.access.scope(pro.me.actor());
    let (status, comparison) = match scope.compare_regions(q.van.as_deref(), q.tot.as_deref()).await {
        Ok(c) => {
            form.default_value("van", month_code(c.period.from));
            form.default_value("tot", month_code(c.period.to));
            (StatusCode::OK, Some(c))
        }
        Err(e) => (form.refuse(on_form(e))?, None),
    };
    page_with(
        status,
        ComparisonPage {
            layout: Layout::new("Regio's vergelijken", Some(&pro.session), "/regios"),
            form,
            comparison: comparison.map(|c| {
                let chart = chart(&c.table);
                (c, chart)
            }),
            width: WIDTH,
        },
    )
}
