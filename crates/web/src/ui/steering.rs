//! The municipality's figures for steering (F22; `regie_access::SteeringFigures`): per municipality or for
//! the region, over a period of months beside the one before, each table with a chart drawn on the server
//! as SVG (no JavaScript) and the whole as CSV. Only aggregates: counts under ten are shown as "<10".

use super::{FormState, Layout, PageResult, Pro, page_with};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use regie_access::SteeringFigures;
use regie_domain::stats::{Cell, Table, month_code};
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

/// A bar of a chart, placed.
struct Bar {
    y: u32,
    width: u32,
    text: String,
    text_x: u32,
    colour: &'static str,
}

/// A row of a chart: its label and its bars.
struct ChartRow {
    label: String,
    label_y: u32,
    bars: Vec<Bar>,
}

/// A horizontal bar chart of a table's first columns.
struct Chart {
    height: u32,
    rows: Vec<ChartRow>,
    legend: Vec<(String, &'static str)>,
}

/// The colours of the series: Rijkshuisstijl's dark blue and violet, both 3:1 or more against white.
const COLOURS: [&str; 2] = ["#01689b", "#a90061"];
const WIDTH: u32 = 400;
const BAR_SPACE: u32 = 330;

fn chart(t: &Table) -> Option<Chart> {
    if t.charted == 0 {
        return None;
    }
    let max = (t.rows.iter())
        .flat_map(|r| r.cells.iter().take(t.charted).filter_map(|c| c.value()))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut y = 0;
    let mut rows = Vec::new();
    for r in &t.rows {
        let label_y = y + 14;
        y += 20;
        let mut bars = Vec::new();
        for (i, cell) in r.cells.iter().take(t.charted).enumerate() {
            let width = cell
                .value()
                .map_or(0, |v| u32::try_from(v.max(0) * i64::from(BAR_SPACE) / max).unwrap_or(0));
            bars.push(Bar {
                y,
                width,
                text: cell.text_nl(),
                text_x: width + 4,
                colour: COLOURS[i % COLOURS.len()],
            });
            y += 16;
        }
        y += 8;
        rows.push(ChartRow {
            label: r.label.clone(),
            label_y,
            bars,
        });
    }
    Some(Chart {
        height: y,
        rows,
        legend: if t.charted > 1 {
            (t.columns.iter().take(t.charted).cloned()).zip(COLOURS).collect()
        } else {
            Vec::new()
        },
    })
}

/// A table with its chart, if it has one.
type Charted = (Table, Option<Chart>);

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

/// A CSV field, quoted when it must be (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The figures as CSV: one line per table, row and column, the value as the page shows it ("<10").
fn to_csv(f: &SteeringFigures) -> String {
    let mut out = String::from("tabel,rij,kolom,waarde\n");
    for t in &f.tables {
        for r in &t.rows {
            for (column, cell) in t.columns.iter().zip(&r.cells) {
                let value = match cell {
                    Cell::Count(n) | Cell::Days(n) | Cell::Percent(n) => n.to_string(),
                    other => other.text_nl(),
                };
                out.push_str(&[field(&t.title), field(&r.label), field(column), field(&value)].join(","));
                out.push('\n');
            }
        }
    }
    out
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
                to_csv(&f),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regie_domain::stats::TableRow;

    #[test]
    fn a_chart_scales_to_the_largest_value_and_writes_hidden_cells() {
        let t = Table {
            id: "t",
            title: "T".into(),
            note: String::new(),
            columns: vec!["Deze periode".into(), "Vorige periode".into()],
            rows: vec![
                TableRow {
                    label: "a".into(),
                    cells: vec![Cell::Count(100), Cell::Hidden],
                },
                TableRow {
                    label: "b".into(),
                    cells: vec![Cell::Count(50), Cell::Count(10)],
                },
            ],
            charted: 2,
            terms: Vec::new(),
        };
        let c = chart(&t).unwrap();
        assert_eq!(c.rows[0].bars[0].width, BAR_SPACE);
        assert_eq!(c.rows[1].bars[0].width, BAR_SPACE / 2);
        assert_eq!((c.rows[0].bars[1].width, c.rows[0].bars[1].text.as_str()), (0, "<10"));
        assert_eq!(c.legend.len(), 2);
        assert!(chart(&Table { charted: 0, ..t }).is_none());
    }

    #[test]
    fn csv_fields_are_quoted_when_they_must_be() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("zeg \"ja\""), "\"zeg \"\"ja\"\"\"");
        assert_eq!(field("<10"), "<10");
    }
}
