//! Action research (F24), for a researcher of the pilot region: the client journeys' map as tables, and the
//! k-anonymous research export, streamed as it is read (here as JSON; the researcher's page also offers CSV).

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiQuery, Problem};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use regie_access::ResearchExport;
use regie_domain::RegionId;
use regie_domain::research::{COLUMNS, Level, Row};
use regie_domain::stats::{Period, Table, month_code};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(journeys)).routes(routes!(export))
}

/// Which months: the first and the last, both or neither (then the last twelve months).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeriodParams {
    /// The first month (YYYY-MM); with `to`.
    pub from: Option<String>,
    /// The last month (YYYY-MM), this month or earlier; at most 36 months after `from`.
    pub to: Option<String>,
}

/// The client journeys' map of the pilot region, with the route's figures; only aggregates.
#[derive(Debug, Serialize, ToSchema)]
pub struct JourneysView {
    /// The region.
    pub region_id: RegionId,
    /// Its name.
    pub region_name: String,
    /// The period.
    pub period: Period,
    /// The as long period before it.
    pub previous: Period,
    /// The first month with figures (the first of the month).
    #[schema(value_type = String, format = Date)]
    pub first_month: jiff::civil::Date,
    /// `journey_map` first (cases from each phase to the next, with the days in the first), then the route's
    /// figures. A count under 10 is `hidden`, other counts are rounded to 5.
    pub tables: Vec<Table>,
}

#[utoipa::path(get, path = "/research/journeys", tag = "research", params(PeriodParams),
    responses((status = 200, body = JourneysView), (status = 422, body = Problem, description = "A period backwards, too long, in the future or before the figures begin; every wrong field at once"), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem, description = "Not a researcher")),
    security(("bearer" = [])))]
async fn journeys(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<PeriodParams>,
) -> Result<axum::Json<JourneysView>, ApiError> {
    let j = (state.access.scope(me.actor()))
        .journeys(params.from.as_deref(), params.to.as_deref())
        .await?;
    Ok(axum::Json(JourneysView {
        region_id: j.region.id,
        region_name: j.region.name,
        period: j.period,
        previous: j.previous,
        first_month: j.first,
        tables: j.tables,
    }))
}

/// One line of the export: the quasi-identifiers as coarse as the export's `level`, and the journey.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportLine {
    /// Postcode area, municipality or "regio".
    pub woonplaats: String,
    /// The youngest child's age band when the case opened, or "geen kind".
    pub leeftijd_jongste_kind: String,
    /// The household's make-up when the case opened.
    pub huishouden: String,
    /// The month, quarter or year the case opened.
    pub geopend: String,
    /// The month, quarter or year it closed, or "open".
    pub gesloten: String,
    /// The phases in order with their days: "question:12 > analysis:30 > plan".
    pub route: String,
    /// The legal frames reached, in order.
    pub kaders: String,
    /// The scale-ups' forms, in order.
    pub opschalingen: String,
    /// The measures' kinds, in order.
    pub maatregelen: String,
    /// The handoffs (regiewissels).
    pub regiewissels: i32,
}

impl From<Row> for ExportLine {
    fn from(r: Row) -> Self {
        ExportLine {
            woonplaats: r.quasi.place,
            leeftijd_jongste_kind: r.quasi.age,
            huishouden: r.quasi.household,
            geopend: r.quasi.opened,
            gesloten: r.quasi.closed,
            route: r.route,
            kaders: r.frames,
            opschalingen: r.scale_ups,
            maatregelen: r.measures,
            regiewissels: r.handoffs,
        }
    }
}

/// The research export: what it covers and reached, then its lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    /// The region.
    pub region_id: RegionId,
    /// Its name.
    pub region_name: String,
    /// The months whose opened cases it covers.
    pub period: Period,
    /// How coarse the quasi-identifiers are written.
    pub level: Level,
    /// The smallest group of lines with equal quasi-identifiers (at least 5); null without lines.
    pub k: Option<i64>,
    /// The cases left out, being in a group under 5.
    pub suppressed: i64,
    /// The cases opened in the period.
    pub total: i64,
    /// The lines.
    pub cases: Vec<ExportLine>,
}

#[utoipa::path(get, path = "/research/export", tag = "research", params(PeriodParams),
    responses((status = 200, body = ExportView, description = "Streamed as it is read: a region's export is never held in memory"), (status = 422, body = Problem, description = "A period backwards, too long, in the future or before the figures begin; every wrong field at once"), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem, description = "Not a researcher")),
    security(("bearer" = [])))]
async fn export(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    let e = (state.access.scope(me.actor()))
        .research_export(params.from.as_deref(), params.to.as_deref())
        .await?;
    Ok(download(e, Format::Json))
}

/// How the export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV (RFC 4180), after two `#` lines saying what it covers and reached.
    Csv,
    /// JSON: an [`ExportView`].
    Json,
}

/// The export as a download, written as its lines arrive.
pub fn download(e: ResearchExport, format: Format) -> Response {
    let name = format!(
        "onderzoek-{}-{}.{}",
        month_code(e.period.from),
        month_code(e.period.to),
        if format == Format::Csv { "csv" } else { "json" }
    );
    let (head, tail) = match format {
        Format::Csv => {
            let reached = match e.k {
                Some(k) => format!("k = {k}"),
                None => "geen regels".to_owned(),
            };
            let head = format!(
                "# Onderzoeksexport Regie, {}: de zaken geopend {}.\n# k-anoniem ({reached}, minimaal 5) op woonplaats, leeftijd van het jongste kind, huishouden, geopend en gesloten; gegeneraliseerd naar {}; weggelaten: {} van {} zaken.\n{}\n",
                e.region.name,
                e.period.label_nl(),
                e.level.label_nl(),
                e.suppressed,
                e.total,
                COLUMNS.join(",")
            );
            (head, String::new())
        }
        Format::Json => {
            let view = ExportView {
                region_id: e.region.id,
                region_name: e.region.name.clone(),
                period: e.period,
                level: e.level,
                k: e.k,
                suppressed: e.suppressed,
                total: e.total,
                cases: Vec::new(),
            };
            // The view with no lines ends in `"cases":[]}`: the lines go between its brackets.
            let mut head = serde_json::to_string(&view).unwrap_or_default();
            head.truncate(head.len().saturating_sub(2));
            (head, "]}".to_owned())
        }
    };
    let writer = Writer {
        rows: e.rows,
        head: Some(head),
        tail: Some(tail),
        first: true,
        failed: None,
        format,
    };
    let body = futures_util::stream::unfold(writer, |mut w| async move {
        let chunk = w.next().await?;
        Some((chunk, w))
    });
    (
        [
            (
                header::CONTENT_TYPE,
                match format {
                    Format::Csv => "text/csv; charset=utf-8",
                    Format::Json => "application/json",
                }
                .to_owned(),
            ),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// Writes the export's lines in chunks as they arrive.
struct Writer {
    rows: tokio::sync::mpsc::Receiver<Result<Row, regie_access::AccessError>>,
    head: Option<String>,
    tail: Option<String>,
    first: bool,
    /// An error that came after the lines of the chunk before it.
    failed: Option<regie_access::AccessError>,
    format: Format,
}

impl Writer {
    /// The next chunk: the head, up to 256 lines, the tail, or an error that ends the download (the
    /// client then sees a broken transfer, never a file that looks whole).
    async fn next(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        if let Some(h) = self.head.take() {
            return Some(Ok(Bytes::from(h)));
        }
        if let Some(e) = self.failed.take() {
            tracing::error!(error = %e, "the research export failed");
            self.tail = None;
            return Some(Err(std::io::Error::other("the export failed")));
        }
        let mut batch = match self.rows.recv().await {
            Some(Ok(row)) => vec![row],
            Some(Err(e)) => {
                self.failed = Some(e);
                Vec::new()
            }
            None => return self.tail.take().map(|t| Ok(Bytes::from(t))),
        };
        while batch.len() < 256 && self.failed.is_none() {
            match self.rows.try_recv() {
                Ok(Ok(row)) => batch.push(row),
                Ok(Err(e)) => self.failed = Some(e),
                Err(_) => break,
            }
        }
        Some(write(batch, self.format, &mut self.first).map(Bytes::from))
    }
}

/// Lines of the export as CSV records or JSON array elements (a comma before each but the very first).
fn write(rows: Vec<Row>, format: Format, first: &mut bool) -> Result<Vec<u8>, std::io::Error> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for r in rows {
                w.write_record(r.fields())?;
            }
            w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
        }
        Format::Json => {
            let mut out = Vec::new();
            for r in rows {
                if !std::mem::take(first) {
                    out.push(b',');
                }
                serde_json::to_writer(&mut out, &ExportLine::from(r))?;
            }
            Ok(out)
        }
    }
}
