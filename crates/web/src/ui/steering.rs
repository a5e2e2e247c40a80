//! The municipality's figures for steering (F22; `regie_access::SteeringFigures`): per municipality or for
//! the region, over a period of months beside the one before, each table with a chart drawn on the server
//! as SVG (no JavaScript) and the whole as CSV. Only aggregates: counts under ten are shown as "<10".

use super::figures::{Charted, WIDTH, chart};
use super::{FormState, Layout, PageResult, Pro, page_with};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use regie_access::SteeringFigures;
use regie_domain::stats::{Cell, month_code};
use regie_domain::{DomainError, OrganisationId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/stuurinformatie", get(figures))
        .route("/stuurinformatie.csv", get(csv))
}

/// What the form asks: a municipality (empty for the region) and the first and last month.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FiguresQuery {
    #[serde(default)]
    gemeente: String,
    van: Option<String>,
    tot: Option<String>,
}

impl FiguresQuery {
    fn values(&self) -> Vec<(String, String)> {
        let mut v = vec![("gemeente".to_owned(), self.gemeente.clone())];
        v.extend(self.van.clone().map(|m| ("van".to_owned(), m)));
        v.extend(self.tot.clone().map(|m| ("tot".to_owned(), m)));
        v
    }
}

/// Reads the figures the query asks for; the fields of a refusal are the form's (`gemeente`, `van`, `tot`).
async fn read(state: &AppState, pro: &Pro, q: &FiguresQuery) -> Result<SteeringFigures, crate::error::ApiError> {
    let municipality = match q.gemeente.trim() {
        "" => None,
        raw => Some(raw.parse::<OrganisationId>().map_err(|_| {
            DomainError::invalid(
                "municipality",
                "unknown_municipality",
                "choose a municipality from the list",
                "Kies een gemeente uit de lijst, of de hele regio.",
            )
        })?),
    };
    let scope = state.access.scope(pro.me.actor());
    (scope
        .steering_figures(municipality, q.van.as_deref(), q.tot.as_deref())
        .await)
        .map_err(|e| {
            (crate::error::ApiError::from(e))
                .renamed("municipality", "gemeente")
                .renamed("from", "van")
                .renamed("to", "tot")
        })
}

#[derive(Template)]
#[template(path = "steering.html")]
struct FiguresPage {
    layout: Layout,
    form: FormState,
    municipalities: Vec<(String, String)>,
    figures: Option<(SteeringFigures, Vec<Charted>)>,
    csv: String,
    width: u32,
}

impl FiguresPage {
    fn scope_name(&self) -> String {
        match &self.figures {
            Some((f, _)) => match &f.municipality {
                Some(m) => m.name.clone(),
                None => format!("{} (hele regio)", f.region.name),
            },
            None => String::new(),
        }
    }
}

async fn figures(State(state): State<AppState>, pro: Pro, Query(q): Query<FiguresQuery>) -> PageResult {
    let mut form = FormState::with(q.values());
    let (status, figures) = match read(&state, &pro, &q).await {
        Ok(f) => {
            form.default_value("van", month_code(f.period.from));
            form.default_value("tot", month_code(f.period.to));
            (StatusCode::OK, Some(f))
        }
        Err(e) => (form.refuse(e)?, None),
    };
    let municipalities = match &figures {
        Some(f) => f.municipalities.clone(),
        None => state.access.scope(pro.me.actor()).municipalities().await?,
    };
    // The download asks for the figures shown, from their parsed values (an id and two months: nothing to
    // escape), not from what was typed.
    let csv = (figures.as_ref())
        .map(|f| {
            format!(
                "/stuurinformatie.csv?gemeente={}&van={}&tot={}",
                f.municipality.as_ref().map(|m| m.id.to_string()).unwrap_or_default(),
                month_code(f.period.from),
                month_code(f.period.to)
            )
        })
        .unwrap_or_default();
    page_with(
        status,
        FiguresPage {
            layout: Layout::new("Stuurinformatie", Some(&pro.session), "/stuurinformatie"),
            form,
            municipalities: std::iter::once((String::new(), "Hele regio".to_owned()))
                .chain(municipalities.into_iter().map(|m| (m.id.to_string(), m.name)))
                .collect(),
            figures: figures.map(|f| {
                let tables = f.tables.iter().map(|t| (t.clone(), chart(t))).collect();
                (f, tables)
            }),
            csv,
            width: WIDTH,
        },
    )
}

/// The figures as CSV (RFC 4180): one line per table, row and column, the value as the page shows it
/// ("<10").
fn to_csv(f: &SteeringFigures) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["tabel", "rij", "kolom", "waarde"])?;
    for t in &f.tables {
        for r in &t.rows {
            for (column, cell) in t.columns.iter().zip(&r.cells) {
                let value = match cell {
                    Cell::Count(n) | Cell::Days(n) | Cell::Percent(n) => n.to_string(),
                    other => other.text_nl(),
                };
                w.write_record([t.title.as_str(), &r.label, column, &value])?;
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

async fn csv(State(state): State<AppState>, pro: Pro, Query(q): Query<FiguresQuery>) -> PageResult {
    match read(&state, &pro, &q).await {
        Ok(f) => {
            let name = format!(
                "stuurinformatie-{}-{}.csv",
                month_code(f.period.from),
                month_code(f.period.to)
            );
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                ],
                to_csv(&f).map_err(|e| crate::error::ApiError::Internal(Box::new(e)))?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
