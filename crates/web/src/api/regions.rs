//! Pilot regions (F26): the region's configuration for its functional administrator and municipality, and
//! the regions' figures side by side for the programme.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiQuery, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use regie_domain::help::HelpKind;
use regie_domain::route::RouteVariant;
use regie_domain::signal::Norms;
use regie_domain::stats::{Period, Table};
use regie_domain::{OrganisationId, OrganisationKind, RegionId, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(region))
        .routes(routes!(get_route_variant, put_route_variant))
        .routes(routes!(add_organisation))
        .routes(routes!(add_team))
        .routes(routes!(compare_regions))
}

/// A team of an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamView {
    /// Id.
    pub id: TeamId,
    /// Name.
    pub name: String,
}

/// An organisation of the region with its teams.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Id.
    pub id: OrganisationId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// Its teams.
    pub teams: Vec<TeamView>,
}

/// Your region's configuration: no personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    /// Id.
    pub id: RegionId,
    /// Name.
    pub name: String,
    /// Its norms.
    pub norms: Norms,
    /// Its route variant.
    pub route_variant: RouteVariant,
    /// Its catalogue of help kinds.
    pub help_kinds: Vec<HelpKind>,
    /// Its organisations with their teams, by name.
    pub organisations: Vec<OrganisationView>,
}

#[utoipa::path(get, path = "/region", tag = "regions",
    responses((status = 200, body = RegionView), (status = 401, body = Problem), (status = 403, body = Problem, description = "Neither the region's functional administrator nor a municipality")),
    security(("bearer" = [])))]
async fn region(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<RegionView>, ApiError> {
    let s = state.access.scope(me.actor()).region_settings().await?;
    Ok(axum::Json(RegionView {
        id: s.region.id,
        name: s.region.name,
        norms: s.norms,
        route_variant: s.variant,
        help_kinds: s.help_kinds,
        organisations: (s.organisations.into_iter())
            .map(|(o, teams)| OrganisationView {
                id: o.id,
                name: o.name,
                kind: o.kind,
                teams: teams.into_iter().map(|t| TeamView { id: t.id, name: t.name }).collect(),
            })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/region/route-variant", tag = "regions",
    responses((status = 200, body = RouteVariant), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn get_route_variant(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<RouteVariant>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).route_variant().await?))
}

#[utoipa::path(put, path = "/region/route-variant", tag = "regions", request_body = RouteVariant,
    responses((status = 200, body = RouteVariant), (status = 422, body = Problem, description = "No form of scaling up left"), (status = 403, body = Problem, description = "Not the region's functional administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn put_route_variant(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(variant): ApiJson<RouteVariant>,
) -> Result<axum::Json<RouteVariant>, ApiError> {
    state.access.scope(me.actor()).put_route_variant(&variant).await?;
    Ok(axum::Json(variant))
}

/// A new organisation of your region.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    /// Its name, unique in the region.
    pub name: String,
    /// Its kind's code, e.g. `local_team`.
    pub kind: String,
}

#[utoipa::path(post, path = "/region/organisations", tag = "regions", request_body = NewOrganisation,
    responses((status = 201, body = OrganisationView), (status = 422, body = Problem, description = "A name empty, too long or taken, or an unknown kind; every wrong field at once"), (status = 403, body = Problem, description = "Not the region's functional administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn add_organisation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, axum::Json<OrganisationView>), ApiError> {
    let o = (state.access.scope(me.actor()))
        .add_organisation(&body.name, &body.kind)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(OrganisationView {
            id: o.id,
            name: o.name,
            kind: o.kind,
            teams: Vec::new(),
        }),
    ))
}

/// A new team of an organisation of your region.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The team's name, unique in the organisation.
    pub name: String,
}

#[utoipa::path(post, path = "/region/teams", tag = "regions", request_body = NewTeam,
    responses((status = 201, body = TeamView), (status = 422, body = Problem, description = "An organisation outside your region, or a name empty, too long or taken"), (status = 403, body = Problem, description = "Not the region's functional administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn add_team(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<NewTeam>,
) -> Result<(StatusCode, axum::Json<TeamView>), ApiError> {
    let t = (state.access.scope(me.actor()))
        .add_team(Some(body.organisation_id), &body.name)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(TeamView { id: t.id, name: t.name })))
}

/// Which period: months.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ComparisonParams {
    /// The first month (YYYY-MM); with `to`. Without both, the last twelve months.
    pub from: Option<String>,
    /// The last month (YYYY-MM), this month or earlier; at most 36 months after `from`.
    pub to: Option<String>,
}

/// The pilot regions' figures side by side: only aggregates, suppressed as on the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComparisonView {
    /// The period.
    pub period: Period,
    /// The first month with figures in any region (YYYY-MM-DD, the first of the month).
    #[schema(value_type = String, format = Date)]
    pub first_month: jiff::civil::Date,
    /// One column per region, one row per figure.
    pub table: Table,
}

#[utoipa::path(get, path = "/steering/regions", tag = "steering", params(ComparisonParams),
    responses((status = 200, body = ComparisonView), (status = 422, body = Problem, description = "A period backwards, too long, in the future or before the figures begin"), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem, description = "Neither a municipality nor a researcher")),
    security(("bearer" = [])))]
async fn compare_regions(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<ComparisonParams>,
) -> Result<axum::Json<ComparisonView>, ApiError> {
    let c = (state.access.scope(me.actor()))
        .compare_regions(params.from.as_deref(), params.to.as_deref())
        .await?;
    Ok(axum::Json(ComparisonView {
        period: c.period,
        first_month: c.first,
        table: c.table,
    }))
}
