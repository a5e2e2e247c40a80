//! The researcher's pages (F24; `regie_access::Journeys`, `regie_access::ResearchExport`): the client
//! journeys' map of the pilot region with the route's figures, drawn as the municipality's figures are, and
//! the k-anonymous research export as CSV or JSON for the same months.

use super::figures::{Charted, WIDTH, chart};
use super::{FormState, Layout, PageResult, Pro, page_with};
use crate::AppState;
use crate::api::research::{Format, download};
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_access::Journeys;
use regie_domain::stats::month_code;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/onderzoek", get(journeys))
        .route("/onderzoek/export.csv", get(export_csv))
        .route("/onderzoek/export.json", get(export_json))
}

/// What the form asks: the first and the last month.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PeriodQuery {
    pub(super) van: Option<String>,
    pub(super) tot: Option<String>,
}

impl PeriodQuery {
    /// The form as asked.
    pub(super) fn form(&self) -> FormState {
        let values = [("van", &self.van), ("tot", &self.tot)]
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_owned(), v.clone()?)))
            .collect();
        FormState::with(values)
    }
}

/// A refusal with the form's field names.
pub(super) fn on_form(e: impl Into<ApiError>) -> ApiError {
    e.into().renamed("from", "van").renamed("to", "tot")
}

#[derive(Template)]
#[template(path = "research.html")]
struct JourneysPage {
    layout: Layout,
    form: FormState,
    journeys: Option<(Journeys, Vec<Charted>)>,
    /// The export's query for the months shown.
    export: String,
    width: u32,
}

async fn journeys(State(state): State<AppState>, pro: Pro, Query(q): Query<PeriodQuery>) -> PageResult {
    let mut form = q.form();
    let scope = state.access.scope(pro.me.actor());
    let (status, journeys) = match scope.journeys(q.van.as_deref(), q.tot.as_deref()).await {
        Ok(j) => {
            form.default_value("van", month_code(j.period.from));
            form.default_value("tot", month_code(j.period.to));
            (StatusCode::OK, Some(j))
        }
        Err(e) => (form.refuse(on_form(e))?, None),
    };
    let export = (journeys.as_ref())
        .map(|j| format!("van={}&tot={}", month_code(j.period.from), month_code(j.period.to)))
        .unwrap_or_default();
    page_with(
        status,
        JourneysPage {
            layout: Layout::new("Onderzoek", Some(&pro.session), "/onderzoek"),
            form,
            journeys: journeys.map(|j| {
                let tables = j.tables.iter().map(|t| (t.clone(), chart(t))).collect();
                (j, tables)
            }),
            export,
            width: WIDTH,
        },
    )
}

async fn export(state: &AppState, pro: &Pro, q: &PeriodQuery, format: Format) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    match scope.research_export(q.van.as_deref(), q.tot.as_deref()).await {
        Ok(e) => Ok(download(e, format)),
        Err(e) => Err(on_form(e).into()),
    }
}

async fn export_csv(State(state): State<AppState>, pro: Pro, Query(q): Query<PeriodQuery>) -> PageResult {
    export(&state, &pro, &q, Format::Csv).await
}

async fn export_json(State(state): State<AppState>, pro: Pro, Query(q): Query<PeriodQuery>) -> PageResult {
    export(&state, &pro, &q, Format::Json).await
}
