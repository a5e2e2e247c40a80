//! The figures for steering (F22): the municipality's dashboard as data, the same tables the page draws.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiQuery, Problem};
use axum::extract::State;
use regie_domain::stats::{Period, Table};
use regie_domain::{OrganisationId, RegionId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(steering_figures))
}

/// Which figures: a municipality of your region (none for the whole region) and a period of months.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FiguresParams {
    /// A municipality of your region; leave out for the whole region.
    pub municipality: Option<OrganisationId>,
    /// The first month (YYYY-MM); with `to`. Without both, the last twelve months.
    pub from: Option<String>,
    /// The last month (YYYY-MM), this month or earlier; at most 36 months after `from`.
    pub to: Option<String>,
}

/// The figures for steering: only aggregates. A count under 10 is `hidden`, other counts are rounded to 5.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresView {
    /// The region.
    pub region_id: RegionId,
    /// Its name.
    pub region_name: String,
    /// The municipality, when the figures are about one.
    pub municipality_id: Option<OrganisationId>,
    /// The period.
    pub period: Period,
    /// The as long period before it, which the tables compare with.
    pub previous: Period,
    /// The first month with figures (YYYY-MM-DD, the first of the month).
    #[schema(value_type = String, format = Date)]
    pub first_month: jiff::civil::Date,
    /// The tables: inflow into Veilig Thuis, throughput and waiting times, open cases, handoffs, scaling,
    /// measures.
    pub tables: Vec<Table>,
}

#[utoipa::path(get, path = "/steering-figures", tag = "steering", params(FiguresParams),
    responses((status = 200, body = FiguresView), (status = 422, body = Problem, description = "An unknown municipality, or a period backwards, too long, in the future or before the figures begin; every wrong field at once"), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem, description = "Not a municipality")),
    security(("bearer" = [])))]
async fn steering_figures(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<FiguresParams>,
) -> Result<axum::Json<FiguresView>, ApiError> {
    let f = (state.access.scope(me.actor()))
        .steering_figures(params.municipality, params.from.as_deref(), params.to.as_deref())
        .await?;
    Ok(axum::Json(FiguresView {
        region_id: f.region.id,
        region_name: f.region.name,
        municipality_id: f.municipality.map(|m| m.id),
        period: f.period,
        previous: f.previous,
        first_month: f.first,
        tables: f.tables,
    }))
}
